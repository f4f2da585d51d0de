"""The store's own tests, run again against a real PostgreSQL server (issue 22): the `db`
fixture of tests/conftest.py binds a fresh PostgreSQL database under
SHOP_SYNC_TEST_ENGINE=postgresql (tests/postgres.py). Run in a child pytest so that this
run's own SQLite tests are untouched.

Left out: the tests of SQLite's own machinery (its file, WAL checkpoints, PRAGMA schema
reads, the FTS5 search index, the in-memory preview copy, SQLite's disk-full words), which
tests/unit/store/postgres/ covers for the server.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from demo_process import REPO
from postgres import ENGINE_ENV, missing_reason

#: The store's test files run on PostgreSQL (the others are SQLite machinery: see above).
FILES = (
    "test_queries.py", "test_local_customers_store.py", "test_bulk_customers.py",
    "test_agreed.py", "test_customer_duplicates.py", "test_record_history.py",
    "test_history_retention.py", "test_timestamps.py", "test_m0022_run_sides.py",
    "test_order_row.py", "test_fixed_lookups.py",
)
SQLITE_ONLY = (
    "test_queries.py::test_list_customers_is_fast_over_many_rows[20000]",  # FTS5's timing
    "test_record_history.py::test_the_model_matches_the_migrated_schema",  # PRAGMA
)


@pytest.mark.slow
def test_the_store_suite_passes_on_postgresql():
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    folder = "tests/unit/store/"  # node ids are relative to the checkout (the cwd)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
            *(folder + name for name in FILES)]
    for test in SQLITE_ONLY:
        argv += ["--deselect", folder + test]
    env = {**os.environ, ENGINE_ENV: "postgresql", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
