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
