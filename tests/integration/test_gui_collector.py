"""Issue 21: the window holds the cycle collector's full passes back while it syncs.

`shop-sync gui` started as a merchant starts it, on an empty data folder: the first start
syncs the demo card's customers by itself (`desktop_app/gui.py`), and the window's engine
(`SyncEngine.busy_changed`) tells `sync.collector` when it is busy. Its log says when the
passes were held back and given back, around the sync's own line.

Control: without the wiring in gui.py, no such line is logged (the test fails on the code
before issue 21's collector).
"""

from __future__ import annotations

import subprocess

import pytest
from demo_process import REPO, child_env, shop_sync_command

pytestmark = pytest.mark.slow  # a window process with a real sync: 5-20 s


def test_the_window_holds_full_collections_back_during_its_first_sync(tmp_path):
    data = tmp_path / "data"
    env = child_env({"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share"),
                     "XDG_CONFIG_HOME": str(tmp_path / "config")})
    done = subprocess.run([*shop_sync_command(), "--data-dir", str(data), "gui",
                           "--quit-after", "12000"], env=env, capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "shop-sync: ready" in done.stdout
    lines = [line for path in sorted((data / "logs").glob("*.log"))
             for line in path.read_text("utf-8").splitlines()]
    held = [i for i, line in enumerate(lines) if "full passes held back while syncing" in line]
    synced = [i for i, line in enumerate(lines) if "sync DEMO customers ok" in line]
    back = [i for i, line in enumerate(lines) if "full passes back (threshold" in line]
    assert held and synced and back, lines[-20:]
    assert held[0] < synced[0] < back[0]
