"""Customers and items from and to spreadsheets (CSV, the formats of ../shared/CLI.md).

Files are UTF-8 (with or without a byte order mark), comma-separated, with a header row;
columns may come in any order and a column the format does not know refuses the whole
file. The file is read as a stream; each row is validated; the good rows are written in one
transaction (a batch at a time) and the bad ones are reported (`RowError`: line, record number, field, reason) and change nothing. Values
are stored normalised (country as ISO code, phone as E.164 with the extension apart), so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import decimal
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.errors import AppError
from desktop_app.records.text import clean_text
from desktop_app.store import customers, items
from desktop_app.store.customer_checks import (
    CUSTOMER_COLUMNS,
    CsvRow,
    RowError,
    check_customer_row,
    length_errors,
)
from desktop_app.store.database import transaction
from desktop_app.store.files import replaced_atomically
from desktop_app.store.models import Customer, CustomerTemplate, Item
from desktop_app.store.upsert import RowWritten, UpsertResult

log = logging.getLogger(__name__)

ITEM_COLUMNS = ("no", "description", "sku", "unit_price")
_PRICE = re.compile(r"^\d{1,14}(?:\.\d{1,4})?$")


class CsvFormatError(AppError):
    """The file as a whole cannot be imported (encoding, header, unknown column...)."""

    code = "csv_format"


@dataclass
class CsvReport:
    """What an import did (or, with `dry_run`, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    #: (no, code, message): rows imported that the merchant should look at (issue 19's
    #: "looks like C00012"), added by `sync.local_runs.import_customers`.
    warnings: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def failed_lines(self) -> list[int]:
        """The lines refused, each once."""
        return sorted({e.line for e in self.errors})


#: Given the rows a batch created or updated, by number (`import_customers`' `on_written`).
OnWritten = Callable[[dict[str, RowWritten]], object]

#: Rows checked and written at a time: the memory an import takes does not grow with the file.
BATCH_ROWS = 5_000


class _CsvRows:
    """The data rows of a CSV file, read as a stream: `with _CsvRows(...) as rows:` opens the
    file and checks its header (CsvFormatError), then iterating gives each data row
    (`CsvRow`) or row-level refusal (`RowError`) with its first line number. A format error
    further down (not UTF-8, an unterminated quote...) raises CsvFormatError when reached."""

    def __init__(self, path: Path, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
        self.path = path
        self._allowed = allowed
        self._required = required
        self.columns: list[str] = []
        self._handle: Any = None
        self._reader: Any = None

    def __enter__(self) -> _CsvRows:
        path = self.path
        try:
            with open(path, "rb") as raw:
                start = raw.read(4)
        except FileNotFoundError:
            raise CsvFormatError(f"{path}: no such file", path=str(path)) from None
        if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise CsvFormatError(f"{path} is UTF-16 text, not UTF-8; save it as 'CSV UTF-8'",
                                 path=str(path))
        self._handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        try:
            self._reader = csv.reader(self._handle, strict=True)
            self._check_header()
        except BaseException:
            self._handle.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def _check_header(self) -> None:
        path, allowed = self.path, self._allowed
        with self._format_errors():
            header = next(self._reader, None)
        if not header or not any(h.strip() for h in header):
            raise CsvFormatError(f"{path} has no header row")
        columns = [h.strip().lower() for h in header]
        unknown = [c for c in columns if c not in allowed]
        if unknown:
            shown = ", ".join(repr(c[:40]) for c in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise CsvFormatError(
                f"{path}: unknown column(s) {shown}{more}; the columns are {', '.join(allowed)}",
                columns=unknown[:10],
            )
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        if repeated:
            raise CsvFormatError(f"{path}: column(s) {', '.join(repeated)} appear twice")
        missing = [c for c in self._required if c not in columns]
        if missing:
            raise CsvFormatError(f"{path}: required column(s) {', '.join(missing)} missing")
        self.columns = columns

    @contextmanager
    def _format_errors(self) -> Iterator[None]:
        """A decoding or CSV syntax error met while reading, as the CsvFormatError that
        refuses the whole file, naming the line."""
        try:
            yield
        except UnicodeDecodeError:
            line = self._reader.line_num + 1
            raise CsvFormatError(f"{self.path} is not UTF-8 text (near line {line}); save it "
                                 "as 'CSV UTF-8'", path=str(self.path)) from None
        except csv.Error as exc:
            raise CsvFormatError(f"{self.path}, line {self._reader.line_num}: {exc}") from None

    def __iter__(self) -> Iterator[CsvRow | RowError]:
        columns = self.columns
        reader = self._reader
        last_line = reader.line_num
        no_index = columns.index("no") if "no" in columns else None
        while True:
            with self._format_errors():
                record = next(reader, None)
            if record is None:
                return
            line = last_line + 1
            last_line = reader.line_num
            if not any(v.strip() for v in record):
                continue  # blank line
            if len(record) > len(columns):
                no = record[no_index].strip()[:100] if no_index is not None else ""
                yield RowError(line, no, "", f"{len(record)} values for {len(columns)} columns")
                continue
            # The one repair step of text from outside (records/text.py): control, bidi
            # and NUL characters dropped, line breaks as spaces, lone surrogates as U+FFFD.
            yield CsvRow(line, {c: (clean_text(unguard_formula(record[i].strip()))
                                  if i < len(record) else "")
                              for i, c in enumerate(columns)})


def _import(path: Path, *, dry_run: bool, columns: tuple[str, ...], required: tuple[str, ...],
            check: Callable[[CsvRow], tuple[dict[str, Any] | None, list[RowError]]],
            upsert: Callable[[list[dict[str, Any]]], UpsertResult],
            post_check: Callable[[list[tuple[CsvRow, dict[str, Any]]]], list[RowError]] | None,
            what: str, on_written: OnWritten | None = None) -> CsvReport:
    """Check the file's rows and upsert the good ones, all in one transaction (a format error
    anywhere, or a full disk, leaves nothing imported; a dry run is rolled back).

    The file is read as a stream and written `BATCH_ROWS` rows at a time, so memory does not
    grow with its size. With `post_check` (a check over all good rows together, such as
    unique SKUs) the good rows are kept until the end instead.
    """
    started = time.perf_counter()
    report = CsvReport(dry_run=dry_run)
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    kept: list[tuple[CsvRow, dict[str, Any]]] = []

    def write(batch: list[tuple[CsvRow, dict[str, Any]]]) -> None:
        if post_check is not None:
            refused = post_check(batch)
            if refused:
                bad_lines = {e.line for e in refused}
                batch = [(r, d) for r, d in batch if r.line not in bad_lines]
                errors.extend(refused)
        if batch:
            result = upsert([d for _r, d in batch])
            report.created += result.created
            report.updated += result.updated
            report.unchanged += result.unchanged
            if on_written is not None:
                on_written(result.written)

    with _CsvRows(path, columns, required) as rows, transaction() as txn:
        for row in rows:
            report.rows += 1
            if isinstance(row, RowError):
                errors.append(row)
                continue
            data, row_errors = check(row)
            no = row.values.get("no", "")
            if no and no in first_line:
                row_errors.append(RowError(row.line, no, "no",
                                           f"duplicate no, first on line {first_line[no]}"))
                data = None
            elif no:
                first_line[no] = row.line
            errors += row_errors
            if data is not None:
                kept.append((row, data))
                if post_check is None and len(kept) >= BATCH_ROWS:
                    write(kept)
                    kept = []
        write(kept)
        if dry_run:
            txn.rollback()
    report.errors = sorted(errors, key=lambda e: (e.line, e.field))
    report.seconds = time.perf_counter() - started
    log.info("%s import%s: %s created, %s updated, %s unchanged, %s refused in %.2f s",
             what, " (dry run)" if dry_run else "", report.created, report.updated,
             report.unchanged, len(report.failed_lines), report.seconds)
    return report


def import_customers(path: Path | str, *, dry_run: bool = False,
                     on_written: OnWritten | None = None) -> CsvReport:
    """Upsert local customers by `no` from a CSV file (columns of CLI.md, any order).

    Required columns and values: `no`, `name`. Per row: the e-mail (the first of a list)
    must be valid, the phone must parse (with the row's country as region; stored E.164,
    extension apart), the country must be an ISO code or English name (blank allowed), the
    county must be a known province of countries that have provinces, the category
    `person` or `organisation`, the template a known one; a `no` seen earlier in the file
    is refused. A column left out of the file leaves that field unchanged. `on_written` is
    given each batch's customers created or updated, with their fields old -> new (for the
    per-record history; a batch at a time, so an import keeps no more of them).

    Raises:
        CsvFormatError: the file is not UTF-8, or its header is unusable (nothing imported).
    """
    templates = {c for (c,) in CustomerTemplate.select(CustomerTemplate.code).tuples()}
    return _import(
        Path(path), dry_run=dry_run, columns=CUSTOMER_COLUMNS, required=("no", "name"),
        check=lambda row: check_customer_row(row, templates),
        upsert=lambda rows: customers.upsert_customers(rows,
                                                       with_fields=on_written is not None),
        post_check=None, what="Customer", on_written=on_written,
    )


def _format_phone(phone: str, extension: str) -> str:
    return f"{phone} ext. {extension}" if phone and extension else phone


def _customer_lines() -> Iterator[list[str]]:
    last_id = 0
    while True:
        batch = list(Customer.select().where(Customer.id > last_id)
                     .order_by(Customer.id).limit(2000))
        if not batch:
            return
        for c in batch:
            yield [
                _format_phone(c.phone, c.phone_ext) if col == "phone" else str(getattr(c, col))
                for col in CUSTOMER_COLUMNS
            ]
        last_id = batch[-1].id


#: A cell a spreadsheet would run as a formula (CSV injection): "=", "@", "+" or "-" first,
#: unless it is only a number or a phone number ("+1 416-555-0100", "-12.50").
#: What a spreadsheet reads as the start of a formula: = @ tab CR (and the fullwidth = + -
#: some spreadsheets take as theirs), or + or - unless a plain signed number or phone number
#: follows ("+14165550101", "-5", "+1 (416) 555 0101"). Arithmetic such as "+1-1" is guarded:
#: a spreadsheet would show its result, 0, instead of the text (reliability review, 15).
_FORMULA = re.compile("^(?:[=@\t\r\uff1d\uff0b\uff0d\uff20]|[+-](?![\\d\\s().]*$))")


def guard_formula(value: str) -> str:
    """Prefix a cell that would start a formula with "'" (read back by `unguard_formula`)."""
    return "'" + value if _FORMULA.match(value) else value


def unguard_formula(value: str) -> str:
    """The value `guard_formula` protected, so an exported file imports unchanged."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def export_customers(path: Path | str) -> int:
    """Write every local customer to a CSV file the importer reads back unchanged.

    The file is written to a temporary name and moved into place, so a failure never
    leaves half a file. Returns the number of customers written.
    """
    target = Path(path)
    count = 0
    with replaced_atomically(target) as handle:
        writer = csv.writer(handle)
        writer.writerow(CUSTOMER_COLUMNS)
        for line in _customer_lines():
            # Names and addresses come from Shopify sign-ups: never let one run as a
            # formula in the merchant's spreadsheet.
            writer.writerow([guard_formula(cell) for cell in line])
            count += 1
    log.info("Exported %s customers", count)
    return count


# --- Items -----------------------------------------------------------------------------------


def _check_item(row: CsvRow) -> tuple[dict[str, Any] | None, list[RowError]]:
    v = row.values
    no = v.get("no", "")
    errors: list[RowError] = []
    if not no:
        errors.append(RowError(row.line, no, "no", "required"))
    errors += length_errors(Item, row, no, skip=("unit_price",))
    data: dict[str, Any] = {k: val for k, val in v.items() if k != "unit_price"}
    if "unit_price" in v:
        raw = v["unit_price"] or "0"
        if not _PRICE.match(raw):
            errors.append(RowError(row.line, no, "unit_price",
                                   f"'{v['unit_price']}' is not a price like 12.50"))
        else:
            data["unit_price"] = decimal.Decimal(raw)
    return (None if errors else data), errors


def _check_skus(good: list[tuple[CsvRow, dict[str, Any]]]) -> list[RowError]:
    """A SKU may belong to one item only: in the file and against the database."""
    owners = items.item_skus()
    seen: dict[str, tuple[str, int]] = {}
    errors = []
    for row, data in good:
        sku = data.get("sku", "")
        if not sku:
            continue
        if sku in seen and seen[sku][0] != data["no"]:
            errors.append(RowError(row.line, data["no"], "sku",
                                   f"SKU '{sku}' also on line {seen[sku][1]}"))
            continue
        seen.setdefault(sku, (data["no"], row.line))
        owner = owners.get(sku)
        if owner is not None and owner != data["no"]:
            errors.append(RowError(row.line, data["no"], "sku",
                                   f"SKU '{sku}' belongs to item {owner}"))
    return errors


def import_items(path: Path | str, *, dry_run: bool = False) -> CsvReport:
    """Upsert local items by `no` from a CSV file (`no, description, sku, unit_price`).

    `unit_price` is a decimal with a dot (at most 4 places, blank = 0); a SKU may belong to
    one item only. Same file and row rules as `import_customers`.
    """
    return _import(
        Path(path), dry_run=dry_run, columns=ITEM_COLUMNS, required=("no",),
        check=_check_item, upsert=items.upsert_items, post_check=_check_skus, what="Item",
    )
