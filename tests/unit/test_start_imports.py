"""What a start of Shop Sync imports: no PostgreSQL driver unless a shared database is used.

peewee imports psycopg when it is imported itself (0.1-0.3 s per process, measured);
`desktop_app/store/__init__.py` hides it from that import and `store/engines.py` loads it for a
PostgreSQL database only.
"""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
import desktop_app.cli, desktop_app.store.database
print("psycopg" in sys.modules)
from desktop_app.store.engines import load_postgres_driver
load_postgres_driver()
import peewee
print(peewee.psycopg is not None and "psycopg" in sys.modules)
"""


def test_a_start_on_the_local_file_does_not_import_the_server_driver() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"], done.stdout + done.stderr


#: What a command of the command line on the local file needs none of (each one measured at
#: 0.1-0.3 s of CPU per process): the PostgreSQL driver (imported by playhouse's PostgreSQL
#: extensions, which the migrations' module loads), Qt (the sync's collector policy needs a
#: timer only in the window) and the demo shop's schema and resolvers (the parser only lists
#: the options of `demo-shop serve`); nor the sync's jobs, loaded by the first sync (0.1-0.2 s:
#: the parser imports every command's module, the window's services are built by every command).
_NOT_FOR_A_COMMAND = ("psycopg", "PySide6.QtCore", "desktop_app.demo_shop.backend",
                      "desktop_app.demo_shop.server", "desktop_app.sync.jobs",
                      "desktop_app.sync.orders", "desktop_app.sync.customers",
                      "desktop_app.sync.conflict_resolution", "desktop_app.sync.database_copy",
                      "keyring")  # a command that reads no secret (`credentials.vault`)


_COMMAND_PROBE = """
import json, sys
from desktop_app.cli import main
code = main(sys.argv[1:])
print("MODULES", json.dumps(sorted(name for name, m in sys.modules.items() if m is not None)))
sys.exit(code)
"""


def _imported_by(tmp_path, *args: str) -> set[str]:
    """The modules loaded by one command, run in a process of its own."""
    import json
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _COMMAND_PROBE, "--data-dir",
                           str(tmp_path / "data"), *args],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("MODULES ")]
    return set(json.loads(line.removeprefix("MODULES ")))


def test_a_command_on_the_local_file_loads_no_driver_qt_or_demo_shop(tmp_path) -> None:
    # `shop list` opens (and migrates) the database, builds every service and the parser.
    modules = _imported_by(tmp_path, "shop", "list")
    assert "desktop_app.store.migrations.runner" in modules  # the database was opened
    assert "desktop_app.cli.parser" in modules
    assert [name for name in _NOT_FOR_A_COMMAND if name in modules] == []
