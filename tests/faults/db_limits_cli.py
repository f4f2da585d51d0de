"""`shop-sync` with the database squeezed, for the full-disk and locked-database tests.

Run as `python db_limits_cli.py ARGS...`: the real command line (`desktop_app.cli.main`),
except that the database connection it opens is limited first:

- FAULT_DB_SPARE_PAGES=N: `PRAGMA max_page_count` set to the file's pages + N on every
  connection, so SQLite answers "database or disk is full" once the file would grow past
  that (a full disk without a loop-mounted file system);
- FAULT_DB_BUSY_TIMEOUT=S: the busy timeout in seconds (the app waits 5 s for another
  connection's lock; the test need not).
"""

from __future__ import annotations

import os
import sys

from desktop_app.store import database

_open = database.open_database


def _limited_open(path, *, busy_timeout=database.DEFAULT_BUSY_TIMEOUT):
    timeout = float(os.environ.get("FAULT_DB_BUSY_TIMEOUT", busy_timeout))
    db = _open(path, busy_timeout=timeout)
    spare = os.environ.get("FAULT_DB_SPARE_PAGES")
    if spare is not None:
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        limit = pages + int(spare)
        db.execute_sql(f"PRAGMA max_page_count = {limit}")
        # And every connection opened later: the customers import writes each batch from a
        # worker thread, through that thread's own connection (a full disk stops them all).
        db._pragmas = [*db._pragmas, ("max_page_count", limit)]
    return db


database.open_database = _limited_open
# The app module imported open_database by name: patch its reference too.
from desktop_app import app  # noqa: E402

app.open_database = _limited_open

from desktop_app.cli import main  # noqa: E402

sys.exit(main())
