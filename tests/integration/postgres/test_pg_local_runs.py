"""Runs of no shop on a shared database (issue 22): each holds an advisory lock of the server
while it goes, so a `customers import` killed part-way on one workstation is marked
interrupted by the next command of no shop on any workstation, and a live one is left alone.
Real `shop-sync` processes against a real PostgreSQL server (tests/postgres.py)."""

from __future__ import annotations

import json
import signal
import subprocess
import time

from demo_process import REPO, child_env, run_cli, shop_sync_command
from postgres import emptied

from desktop_app.store.engines import DATABASE_ENV
from desktop_app.store.runs import INTERRUPTED_MESSAGE


def _env() -> dict[str, str]:
    env = child_env({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    env.pop(DATABASE_ENV, None)
    return env


def _runs(folder, url: str) -> dict[int, dict]:
    done = run_cli(_env(), folder, "--database", url, "--json", "log", "--last", "50")
    return {run["id"]: run for run in json.loads(done.stdout)}


def test_a_killed_import_on_one_workstation_is_marked_by_the_next_command_on_another(
        pg_server, tmp_path):
    url = emptied(pg_server)
    till, office = tmp_path / "till", tmp_path / "office"
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("no,name,email\n")
        for n in range(200_000):
            handle.write(f"K{n},Name {n},k{n}@example.com\n")
    run_cli(_env(), till, "--database", url, "shop", "list")  # migrates the server
    process = subprocess.Popen(
        [*shop_sync_command(), "--data-dir", str(till), "--database", url, "customers",
         "import", str(big)], env=_env(), cwd=REPO, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        running: list[dict] = []
        while time.monotonic() < deadline and not running:
            running = [r for r in _runs(office, url).values() if r["status"] == "running"]
            assert process.poll() is None, "the import ended before it could be killed"
        assert running, "the import never showed as running"
        # Alive, it is left running by another workstation's command.
        small = tmp_path / "small.csv"
        small.write_text("no,name\nC1,Ann\n", encoding="utf-8")
        run_cli(_env(), office, "--database", url, "customers", "import", str(small))
        assert _runs(office, url)[running[0]["id"]]["status"] == "running"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)

    run_cli(_env(), office, "--database", url, "customers", "import", str(small))
    runs = _runs(office, url)
    killed = runs[running[0]["id"]]
    assert (killed["status"], killed["message"]) == ("failed", INTERRUPTED_MESSAGE)
    assert sorted(r["status"] for r in runs.values()) == ["failed", "ok", "ok"]
