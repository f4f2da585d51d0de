"""Hostile customer CSV files (data/csv_customer_rows.json, data/csv_files.json).

Rows: every case is a row of one file (with a BOM, as Excel writes "CSV UTF-8"); each is
imported, or refused with its line in the report, and the good rows go in. Files: each
broken file is refused as a whole with a CsvFormatError (an AppError: the CLI prints it and
exits 2) and imports nothing. Formula injection: an exported file never starts a cell with
a formula character, and importing it back changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from corpus_loader import DATA, load

from desktop_app.errors import AppError
from desktop_app.store import csv_io, customers


def _rows_file(tmp_path: Path) -> tuple[Path, list[dict], dict[int, dict]]:
    spec = json.loads((DATA / "csv_customer_rows.json").read_text("utf-8"))
    text = spec["header"] + "\r\n"
    line = 2
    by_line = {}
    for case in spec["cases"]:
        by_line[line] = case
        text += case["row"] + "\r\n"
        line += case["row"].count("\n") + 1
    path = tmp_path / "customers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path, spec["cases"], by_line


def test_each_hostile_row_is_imported_or_refused_by_line(db, tmp_path: Path) -> None:
    path, cases, by_line = _rows_file(tmp_path)
    assert len(cases) >= 45
    report = csv_io.import_customers(path)
    refused = set(report.failed_lines)
    numbers = {c.no for c in customers.list_customers()}
    problems = []
    for line, case in by_line.items():
        expect = case["expect"]
        no = next(csv.reader(io.StringIO(case["row"])), [""])[0] if case["row"] else ""
        if expect == "refused" and line not in refused:
            problems.append(("not refused", line, case["case"]))
        if expect == "imported" and (line in refused or no not in numbers):
            problems.append(("not imported", line, case["case"],
                             [e.message for e in report.errors if e.line == line]))
        if expect == "either" and line not in refused and no not in numbers:
            problems.append(("vanished", line, case["case"]))
        if expect == "skipped" and line in refused:
            problems.append(("blank line refused", line, case["case"]))
    assert problems == []
    assert all(e.message for e in report.errors)


@pytest.mark.parametrize("case", load("csv_files.json"), ids=lambda c: c["case"])
def test_broken_file_is_refused_whole(db, tmp_path: Path, case: dict) -> None:
    path = tmp_path / "broken.csv"
    if "hex" in case:
        path.write_bytes(bytes.fromhex(case["hex"]))
    else:
        path.write_bytes(case["text"].encode(case.get("encoding", "utf-8")))
    with pytest.raises(AppError) as raised:
        csv_io.import_customers(path)
    assert isinstance(raised.value, csv_io.CsvFormatError)
    assert case["says"] in str(raised.value)
    assert customers.count_customers() == 0


def test_exported_cells_never_start_a_formula_and_import_back_unchanged(
        db, tmp_path: Path) -> None:
    path, _cases, _ = _rows_file(tmp_path)
    csv_io.import_customers(path)
    before = {c.no: c.name for c in customers.list_customers()}
    assert any(name.startswith(("=", "@", "+", "-")) for name in before.values())  # control
    out = tmp_path / "export.csv"
    csv_io.export_customers(out)
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    formulas = [c for c in cells if c[:1] in ("=", "@", "\t", "\r")
                or (c[:1] in "+-" and not all(ch in "0123456789 ().-+" for ch in c))]
    assert formulas == []
    assert "+14165550100" in cells  # phone numbers stay as they are
    report = csv_io.import_customers(out)
    assert report.errors == [] or all(e.line for e in report.errors)
    assert {c.no: c.name for c in customers.list_customers()} == before
