"""CSV import and export of customers and items."""

from __future__ import annotations

import csv
import time
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.store import csv_io, customer_templates, customers, items
from desktop_app.store.csv_io import CsvFormatError
from desktop_app.store.models import Customer, Item

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "csv"
HEADER = ["no", "name", "email", "phone", "country", "county", "city", "category"]


def _write(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _good_row(i: int) -> list[str]:
    """A valid customer in one of several spellings the importer must accept."""
    kind = i % 5
    if kind == 0:
        return [f"C{i:05d}", f"Person {i}", f"p{i}@example.com", f"(212)555-{i % 10000:04d}",
                "US", "NY", "New York", "person"]
    if kind == 1:
        return [f"C{i:05d}", f"Société {i}", f" Info{i}@Example.fr ; compta{i}@example.fr",
                f"06 12 {i % 100:02d} {i // 100 % 100:02d} 78", "France", "", "Lyon",
                "organisation"]
    if kind == 2:
        return [f"C{i:05d}", f"Firm {i}", f"f{i}@example.co.uk", f"+44 20 7946 {i % 1000:04d}",
                "gb", "", "London", ""]
    if kind == 3:
        return [f"C{i:05d}", f"Mate {i}", "", f"+1 416-555-{i % 10000:04d} x12", "Canada",
                "Ontario", "Toronto", "person"]
    return [f"C{i:05d}", f"No Country {i}", f"n{i}@example.org", "", "", "", "", "person"]


BAD_KINDS = ("email", "phone", "country", "no", "name")


def _big_file(path: Path, total: int = 10_000, bad_per_kind: int = 10) -> dict[int, str]:
    """`total` rows, `bad_per_kind` of each bad kind; returns file line → expected field."""
    rows = [_good_row(i) for i in range(total)]
    expected: dict[int, str] = {}
    step = total // (len(BAD_KINDS) * bad_per_kind)
    for n in range(len(BAD_KINDS) * bad_per_kind):
        index = 100 + n * step  # after row 100, so duplicates point back at a good row
        kind = BAD_KINDS[n % len(BAD_KINDS)]
        row = rows[index]
        if kind == "email":
            row[2] = "jane.doe(at)example.com"
        elif kind == "phone":
            row[3], row[4] = "12-ab-34", "US"
        elif kind == "country":
            row[4] = "Atlantis"
        elif kind == "no":
            row[0] = rows[index - 1 - n % 50][0]
        else:
            row[1] = ""
        expected[index + 2] = kind  # line 1 is the header
    _write(path, HEADER, rows)
    return expected


@pytest.mark.slow
def test_ten_thousand_rows_with_fifty_bad_ones(db, tmp_path):
    path = tmp_path / "customers.csv"
    expected = _big_file(path)
    assert sorted(expected.values()).count("email") == 10

    started = time.perf_counter()
    report = csv_io.import_customers(path)
    first_run = time.perf_counter() - started
    assert {e.line: e.field for e in report.errors} == expected
    assert len(report.errors) == 50
    assert (report.created, report.updated, report.unchanged) == (9_950, 0, 0)
    assert Customer.select().count() == 9_950
    duplicate = next(e for e in report.errors if e.field == "no")
    assert "first on line" in duplicate.message and duplicate.no
    stamps = dict(Customer.select(Customer.no, Customer.updated_at).tuples())

    started = time.perf_counter()
    again = csv_io.import_customers(path)
    second_run = time.perf_counter() - started
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9_950)
    assert [(e.line, e.field) for e in again.errors] == [(e.line, e.field) for e in report.errors]
    assert dict(Customer.select(Customer.no, Customer.updated_at).tuples()) == stamps
    print(f"10,000-row import: {first_run:.2f} s first run, {second_run:.2f} s second run")


def test_values_are_normalised(db, tmp_path):
    path = _write(tmp_path / "c.csv", HEADER, [_good_row(i) for i in range(5)])
    csv_io.import_customers(path)
    us, fr, gb, ca, blank = (customers.get_customer(f"C{i:05d}") for i in range(5))
    assert (us.phone, us.country, us.county) == ("+12125550000", "US", "NY")
    assert fr.country == "FR" and fr.phone == "+33612010078" and fr.category == "organisation"
    assert fr.email == "Info1@Example.fr ; compta1@example.fr"
    assert [c.no for c in customers.find_customers_by_email("info1@example.fr")] == ["C00001"]
    assert gb.country == "GB" and gb.category == "person"
    assert (ca.phone, ca.phone_ext, ca.county) == ("+14165550003", "12", "Ontario")
    assert (blank.country, blank.phone) == ("", "")


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (["B1", "Bad", "a@b@c.com", "", "", "", "", ""], "email", "not a valid"),
        (["B1", "Bad", "", "+1 212", "", "", "", ""], "phone", "too short"),
        (["B1", "Bad", "", "0612345678", "", "", "", ""], "phone", "country code"),
        (["B1", "Bad", "", "06 12", "FR", "", "", ""], "phone", "too short"),
        (["B1", "Bad", "", "", "ZZ", "", "", ""], "country", "unknown country"),
        (["B1", "Bad", "", "", "US", "Gotham", "", ""], "county", "unknown county"),
        (["B1", "Bad", "", "", "", "", "", "company"], "category", "person or organisation"),
        (["", "Bad", "", "", "", "", "", ""], "no", "required"),
        (["B1", "", "", "", "", "", "", ""], "name", "required"),
        (["B" * 21, "Bad", "", "", "", "", "", ""], "no", "longer than 20"),
    ],
)
def test_each_bad_value_names_line_and_field(db, tmp_path, row, field, words):
    path = _write(tmp_path / "c.csv", HEADER, [_good_row(0), row])
    report = csv_io.import_customers(path)
    assert [(e.line, e.field) for e in report.errors] == [(3, field)]
    assert words in report.errors[0].message
    assert report.created == 1 and Customer.select().count() == 1


def test_bom_any_column_order_and_missing_optional_columns(db, tmp_path):
    path = _write(tmp_path / "c.csv", ["Country", " NAME", "no"],
                  [["de", "Müller GmbH", "D1"]], bom=True)
    report = csv_io.import_customers(path)
    assert report.created == 1 and not report.errors
    assert customers.get_customer("D1").country == "DE"
    # A later file without the country column leaves the country alone.
    path = _write(tmp_path / "d.csv", ["no", "name"], [["D1", "Müller AG"]])
    csv_io.import_customers(path)
    assert (customers.get_customer("D1").name, customers.get_customer("D1").country) == (
        "Müller AG", "DE")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"no,name,colour\nC1,A,red\n", "'colour'"),
        (b"no,city\nC1,Paris\n", "required column(s) name"),
        (b"no,name,no\nC1,A,C2\n", "appear twice"),
        (b"no,name\nC1,Caf\xe9\n", "not UTF-8"),
        (b"", "no header"),
    ],
)
def test_whole_file_refused(db, tmp_path, content, words):
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(CsvFormatError, match=words.replace("(", r"\(").replace(")", r"\)")):
        csv_io.import_customers(path)
    assert Customer.select().count() == 0


def test_line_numbers_count_multi_line_fields_and_skip_blank_lines(db, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('no,name,address\nC1,A,"1 Main St\nBuilding 2"\n\nC2,B,x,extra\nC3,,y\n',
                    encoding="utf-8")
    report = csv_io.import_customers(path)
    assert [(e.line, e.no, e.field) for e in report.errors] == [(5, "C2", ""), (6, "C3", "name")]
    # A line break inside a one-line field becomes a space (records/text.py, issue 14).
    assert customers.get_customer("C1").address == "1 Main St Building 2"


def test_template_must_exist(db, tmp_path):
    customer_templates.save_customer_template({"code": "RETAIL"})
    path = _write(tmp_path / "c.csv", ["no", "name", "template"],
                  [["C1", "A", "RETAIL"], ["C2", "B", "WHOLESALE"]])
    report = csv_io.import_customers(path)
    assert [(e.no, e.field) for e in report.errors] == [("C2", "template")]


def test_dry_run_reports_without_writing(db, tmp_path):
    path = _write(tmp_path / "c.csv", HEADER, [_good_row(i) for i in range(4)])
    report = csv_io.import_customers(path, dry_run=True)
    assert report.dry_run and report.created == 4
    assert Customer.select().count() == 0


def test_export_then_import_changes_nothing(db, tmp_path):
    source = _write(tmp_path / "in.csv", HEADER, [_good_row(i) for i in range(10)])
    csv_io.import_customers(source)
    out = tmp_path / "out.csv"
    assert csv_io.export_customers(out) == 10
    with out.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(csv_io.CUSTOMER_COLUMNS)
    report = csv_io.import_customers(out)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 10, [])
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_sample_fixture_imports_cleanly(db):
    report = csv_io.import_customers(FIXTURES / "customers_sample.csv")
    assert report.errors == [] and report.created >= 5
    items = csv_io.import_items(FIXTURES / "items_sample.csv")
    assert items.errors == [] and items.created >= 3


# --- items -------------------------------------------------------------------------------------


def test_items_import_prices_and_skus(db, tmp_path):
    path = _write(tmp_path / "i.csv", ["sku", "unit_price", "no", "description"], [
        ["MUG", "12.50", "I1", "Mug"],
        ["", "", "I2", "Free sample"],
        ["CUP", "12,50", "I3", "Cup"],
        ["MUG", "3", "I4", "Second mug"],
        ["BOWL", "-1", "I5", "Bowl"],
        ["PLATE", "7.12345", "I6", "Plate"],
    ])
    report = csv_io.import_items(path)
    assert [(e.line, e.field) for e in report.errors] == [
        (4, "unit_price"), (5, "sku"), (6, "unit_price"), (7, "unit_price")]
    assert items.get_item("I1").unit_price == Decimal("12.50")
    assert items.get_item("I2").unit_price == Decimal("0")
    assert Item.select().count() == 2
    assert csv_io.import_items(path).unchanged == 2
    taken = _write(tmp_path / "j.csv", ["no", "sku"], [["I9", "MUG"]])
    assert [e.message for e in csv_io.import_items(taken).errors] == [
        "SKU 'MUG' belongs to item I1"]


# -- Streaming (issue 15, reliability review finding 4: a 200 MB file took 3.9 GB) ----------


def test_a_big_file_is_written_a_batch_at_a_time(db, tmp_path, monkeypatch):
    rows = [[f"S{i:05d}", f"Stream {i}"] for i in range(12_000)]
    path = _write(tmp_path / "big.csv", ["no", "name"], rows)
    batches: list[int] = []
    upsert = customers.upsert_customers

    def counting(batch, **options):
        batches.append(len(batch))
        return upsert(batch, **options)

    monkeypatch.setattr(customers, "upsert_customers", counting)
    report = csv_io.import_customers(path)
    assert report.created == 12_000 and report.rows == 12_000
    assert batches == [5_000, 5_000, 2_000]  # was one call holding all 12,000 rows
    assert Customer.select().count() == 12_000


def test_a_format_error_late_in_the_file_imports_nothing(db, tmp_path):
    """Batches already written are taken back: a file is imported whole or not at all."""
    lines = ["no,name"] + [f"L{i:05d},Late {i}" for i in range(11_000)] + ['L99999,"open']
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CsvFormatError, match="line 11002"):
        csv_io.import_customers(path)
    assert Customer.select().count() == 0


def test_a_late_bad_byte_names_its_line_and_imports_nothing(db, tmp_path):
    body = "".join(f"B{i:05d},Byte {i}\n" for i in range(6_000)).encode()
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"no,name\n" + body + b"B99999,Caf\xe9\n")
    with pytest.raises(CsvFormatError, match="not UTF-8"):
        csv_io.import_customers(path)
    assert Customer.select().count() == 0


def test_utf16_is_named(db, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes("no,name\nW1,Wide\n".encode("utf-16"))
    with pytest.raises(CsvFormatError, match="UTF-16"):
        csv_io.import_customers(path)


@pytest.mark.parametrize(("value", "guarded"), [
    ("+1-1", True),            # arithmetic: a spreadsheet showed 0 (was unguarded)
    ("\uff1dHYPERLINK(1)", True),  # the fullwidth = (was unguarded)
    ("\uff0bSUM(1)", True),
    ("=A1", True), ("@SUM(1)", True), ("-2+3", True),
    ("+14165550101", False), ("-5", False), ("+1 (416) 555 0101", False), ("Main St", False),
])
def test_formula_guard(value, guarded):
    out = csv_io.guard_formula(value)
    assert out.startswith("'") is guarded
    assert csv_io.unguard_formula(out) == value


def test_history_csv_guards_like_the_customers_export(db, tmp_path):
    from desktop_app.store.runs import _cell

    assert _cell("message", "\t=1+1") == "'\t=1+1"  # tab and CR were not guarded
    assert _cell("message", "+1-1") == "'+1-1"
