"""A CSV import's per-record history holds what was saved, and only that.

The command line's view of it is tested in
tests/integration/customers/test_import_history_cli.py; here, in-process: a file refused late
(after a first batch was written, then rolled back) leaves no history, and a dry run none.
Control: without the clearing in `local_runs.recorded`, the refused file's first 5,000 rows
show as created in the history though none was saved.
"""

from __future__ import annotations

import pytest

from desktop_app.store import csv_io
from desktop_app.store.customers import count_customers
from desktop_app.store.record_history import customer_history
from desktop_app.sync import local_runs


def test_a_file_refused_after_a_first_batch_leaves_no_history(db, tmp_path):
    lines = ["no,name"] + [f"L{i:05d},Late {i}" for i in range(csv_io.BATCH_ROWS + 1)]
    path = tmp_path / "late.csv"
    path.write_text("\n".join([*lines, 'L99999,"open']) + "\n", encoding="utf-8")
    with pytest.raises(csv_io.CsvFormatError):
        local_runs.import_customers(path)
    assert count_customers() == 0
    assert customer_history("L00000") == []


def test_a_dry_run_leaves_no_history_and_a_real_one_does(db, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("no,name,city\nD1,Dora Dry,Leeds\n", encoding="utf-8")
    local_runs.import_customers(path, dry_run=True)
    assert customer_history("D1") == []
    local_runs.import_customers(path)
    (entry,) = customer_history("D1")
    assert (entry.action, entry.side, entry.fields) == (
        "create", "local", {"no": (None, "D1"), "name": (None, "Dora Dry"),
                            "city": (None, "Leeds")})
