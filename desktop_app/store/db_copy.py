"""Copy a merchant's database into another one, then check it row by row (issue 22).

`shop-sync database copy --to URL` moves the data of one computer's SQLite file to the
database server every workstation will share (or to another SQLite file). This module is
the engine, Qt-free and below `sync/`: `copy_database(source, target)`.

1. The target is checked first: a target that holds any row is refused
   (`TargetNotEmptyError`), before anything is written to it, migrations included.
2. It is migrated to the latest schema (the same migrations as every database).
3. Every table of the source (but the derived ones, such as SQLite's full-text index of the
   customers, which the target's own triggers fill as rows arrive) is copied in foreign-key
   order, `PAGE_ROWS` rows a page, keeping every id; PostgreSQL sequences are then
   set past the highest id.
4. The copy is checked, still inside the target's transaction: per table the row counts and
   a digest of every row's values (SHA-256 over the rows in key order, values written the
   same way whatever the engine gave back), read from both sides in chunks of keys, so the
   memory used does not grow with the table. Any difference rolls the copy back and names
   the table and the first key that differs (`CopyMismatchError`): the target is left
   migrated and empty, so the copy can be run again.

The source is read in one transaction, so a sync of the window running meanwhile does not
tear the copy: what it writes after the copy began is not in it. Secrets are not in the
database (each workstation's keyring holds them), so there is nothing of them to copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import peewee

from desktop_app.errors import StoreError
from desktop_app.store import engines
from desktop_app.store.database import (
    owner_only_umask,
    restrict_permissions,
    translate_db_errors,
)

log = logging.getLogger(__name__)


class TargetNotEmptyError(StoreError):
    """The target already holds data: nothing was written to it."""

    code = "target_not_empty"


class CopyMismatchError(StoreError):
    """The check found a table that differs: the target's copy was rolled back."""

    code = "copy_mismatch"


class DatabaseUrlError(StoreError):
    """A URL of no database Shop Sync uses."""

    code = "bad_database_url"


#: Told after each page: (COPIED or CHECKED, the table, its rows done, its rows).
Progress = Callable[[str, str, int, int], None]
COPIED, CHECKED = "copied", "checked"


@dataclass(frozen=True)
class TableCheck:
    """One table as copied and checked: its rows on both sides and their digest."""

    table: str
    rows: int
    digest: str


@dataclass
class CopyReport:
    """What `copy_database` did: the tables in the order copied, and the time it took."""

    target: str
    tables: list[TableCheck] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


# --- the target database -----------------------------------------------------------------------


def redacted(url: str) -> str:
    """`url` without its password (what is printed and logged; a SQLite URL as given)."""
    return url if url.startswith("sqlite:") else engines.redact_url(url)


def target_path(url: str) -> Path | None:
    """The file of a `sqlite:///path` URL (None for a server).

    Raises:
        DatabaseUrlError: a scheme Shop Sync does not use, or a SQLite URL without a file.
    """
    try:
        engine = engines.engine_of_url(url)
    except ValueError as exc:
        raise DatabaseUrlError(str(exc)) from None
    if engine != engines.SQLITE:
        return None
    path = engines.sqlite_path(url)
    if not path or path.endswith("/"):
        raise DatabaseUrlError(f"{url}: a SQLite URL names a file: sqlite:///path/to/file")
    return Path(path)


def open_target(url: str) -> peewee.Database:
    """A connection to the database of `url`, not bound to the models' proxy (the source
    is). Opening writes nothing to an existing file; `prepare_target` does, once the target
    is known to be empty."""
    path = target_path(url)
    if path is None:
        db: peewee.Database = engines.PostgresDatabase(url)
        with translate_db_errors():
            db.connect()
        return db
    if not path.parent.is_dir():
        raise DatabaseUrlError(f"{path.parent} is not a folder")
    with owner_only_umask():  # a new file is made owner-only
        db = peewee.SqliteDatabase(str(path), pragmas=(("foreign_keys", 1),))
        with translate_db_errors():
            db.connect()
    return db


def prepare_target(db: peewee.Database) -> None:
    """Make an empty target ready: a SQLite file owner-only and in WAL mode (as
    `database.open_database` keeps every file), then the latest schema (the same migrations
    as every database)."""
    from desktop_app.store.migrations.runner import migrate

    path = None
    if isinstance(db, peewee.SqliteDatabase):
        path = Path(db.database)
        restrict_permissions(path)
        db.execute_sql("PRAGMA journal_mode = wal")
    with translate_db_errors():
        migrate(db, path)


# --- what to copy ---------------------------------------------------------------------------------


#: The migrations' own record of a PostgreSQL database's schema version (`migrations/runner`):
#: each database has its own, made by its migration.
_BOOKKEEPING = frozenset({"shop_sync_schema"})


def derived_tables(db: peewee.Database) -> set[str]:
    """Tables a database fills by itself, never copied: the schema version's, and a SQLite
    virtual table with its shadow tables (the customers' full-text index, kept by triggers,
    which fill the target's own as the customers arrive)."""
    if not isinstance(db, peewee.SqliteDatabase):
        return set(_BOOKKEEPING)
    virtual = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")]
    names = {name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return set(_BOOKKEEPING) | {n for n in names for v in virtual
                                if n == v or n.startswith(v + "_")}


def _data_table_names(db: peewee.Database) -> list[str]:
    skip = derived_tables(db)
    return sorted(t for t in db.get_tables() if t not in skip and not t.startswith("sqlite_"))


def data_tables(db: peewee.Database) -> list[str]:
    """The tables of `db` that hold the merchant's data, in foreign-key order (a table
    after those it refers to)."""
    names = _data_table_names(db)
    needs = {t: {fk.dest_table for fk in db.get_foreign_keys(t)} - {t} for t in names}
    ordered: list[str] = []
    while needs:
        ready = sorted(t for t, deps in needs.items() if not deps - set(ordered))
        if not ready:
            raise StoreError(f"the tables {', '.join(sorted(needs))} refer to each other in a "
                             "circle; they cannot be copied in order")
        ordered += ready
        for t in ready:
            del needs[t]
    return ordered


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count(db: peewee.Database, table: str) -> int:
    return int(db.execute_sql(f"SELECT count(*) FROM {_quoted(table)}").fetchone()[0])


def filled_tables(db: peewee.Database) -> dict[str, int]:
    """The tables of `db` that hold rows, with their counts (any table: a database of
    another program's is not empty either)."""
    counts = {t: _count(db, t) for t in _data_table_names(db)}
    return {t: n for t, n in counts.items() if n}


#: Rows a page (read by one SELECT, written by one `executemany`, compared at once), and the
#: values a page holds at most (a wide table's pages are shorter): memory stays at a few MB
#: whatever the table's size. Each INSERT binds one row, so SQLite's limit of bound values
#: a statement (`chunks.py`) does not apply; 2,000 rows made a copy of 30,000 customers to
#: PostgreSQL about 30 % faster than `chunks.CHUNK` (400 rows: 12.5 s, now 8.7 s), from
#: fewer round trips.
PAGE_ROWS = 2000
PAGE_VALUES = 60_000


@dataclass(frozen=True)
class _Table:
    """One table to copy: its columns (the source's order) and its key columns."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]

    def pages(self, db: peewee.Database, size: int) -> Iterator[list[tuple]]:
        """Every row of the table in key order, `size` rows a page: each page is read by
        its own statement after the last key of the one before (bounded memory on every
        engine, where a cursor left open may hold the whole result). Every key of the
        schema is an integer; a text key would sort by each engine's collation, which the
        check would report as a difference, never hide."""
        columns = ", ".join(map(_quoted, self.columns))
        order = ", ".join(map(_quoted, self.key))
        at = [self.columns.index(k) for k in self.key]
        param = db.param
        after: tuple | None = None
        while True:
            where = ""
            params: tuple = ()
            if after is not None:
                marks = ", ".join([param] * len(after))
                where = f" WHERE ({order}) > ({marks})"
                params = after
            rows = db.execute_sql(f"SELECT {columns} FROM {_quoted(self.name)}{where} "
                                  f"ORDER BY {order} LIMIT {int(size)}", params).fetchall()
            if not rows:
                return
            yield [tuple(r) for r in rows]
            if len(rows) < size:
                return
            after = tuple(rows[-1][i] for i in at)

    def page_size(self) -> int:
        return max(1, min(PAGE_ROWS, PAGE_VALUES // max(1, len(self.columns))))


def _plan(source: peewee.Database, target: peewee.Database) -> list[_Table]:
    """The tables to copy, checked against the target's schema (same columns)."""
    target_tables = set(target.get_tables())
    plan = []
    for name in data_tables(source):
        columns = tuple(c.name for c in source.get_columns(name))
        key = tuple(source.get_primary_keys(name))
        if not key:
            raise StoreError(f"table {name} has no primary key; it cannot be copied in order")
        if name not in target_tables:
            raise StoreError(f"table {name} is missing in the target after its migration")
        theirs = {c.name for c in target.get_columns(name)}
        if missing := [c for c in columns if c not in theirs]:
            raise StoreError(f"table {name} of the target has no column {', '.join(missing)}")
        plan.append(_Table(name, columns, key))
    return plan


# --- values ---------------------------------------------------------------------------------


#: The stored form of a timestamp (`models.UtcDateTimeField`): how a datetime read back
#: from an engine that returns datetimes is written into a digest.
_TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _canonical(value: object) -> str:
    """A value as the digest reads it: the same text for the same value from either
    engine (1, True and Decimal("1.0000") are one number; a timestamp is its stored text)."""
    kind = type(value)
    if kind is str:  # most values: a fast way out before the checks below
        return "t" + value  # type: ignore[operator]
    if kind is int:
        return f"n{value}"
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return f"n{int(value)}"
    if isinstance(value, int):
        return f"n{value}"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return "n" + format(value.normalize(), "f")
    if isinstance(value, str):
        return "t" + value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b" + bytes(value).hex()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return "t" + value.strftime(_TS_FORMAT)
    return f"?{type(value).__name__}:{value}"


def _row_digest(row: Sequence[object]) -> bytes:
    return hashlib.sha256("\x1f".join(map(_canonical, row)).encode("utf-8",
                                                                    "surrogatepass")).digest()


# --- copy and check -------------------------------------------------------------------------


@contextmanager
def read_snapshot(db: peewee.Database) -> Iterator[None]:
    """One read transaction on the source: every page read sees the same data."""
    if isinstance(db, peewee.SqliteDatabase):
        with db.atomic(lock_type="DEFERRED"):
            yield
    else:
        with db.atomic():
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def _copy_table(source: peewee.Database, target: peewee.Database, table: _Table,
                total: int, progress: Progress | None) -> None:
    """Copy one table a page at a time: each page read from the source goes to the target
    as one prepared INSERT run for every row (`executemany`: psycopg pipelines it; built by
    peewee, a 400-row INSERT took 12 ms of Python a page, more than the server's work)."""
    columns = ", ".join(map(_quoted, table.columns))
    marks = ", ".join([target.param] * len(table.columns))
    sql = f"INSERT INTO {_quoted(table.name)} ({columns}) VALUES ({marks})"
    cursor = target.cursor()
    done = 0
    for page in table.pages(source, table.page_size()):
        cursor.executemany(sql, page)
        done += len(page)
        if progress is not None:
            progress(COPIED, table.name, done, total)


def _reset_sequences(target: peewee.Database, plan: Sequence[_Table]) -> None:
    """Set each PostgreSQL sequence of an id past the highest id copied (SQLite needs
    nothing: a new id follows the highest one stored)."""
    if not isinstance(target, peewee.PostgresqlDatabase):
        return
    for table in plan:
        if len(table.key) != 1:
            continue
        (sequence,) = target.execute_sql("SELECT pg_get_serial_sequence(%s, %s)",
                                         (_quoted(table.name), table.key[0])).fetchone()
        if sequence is None:
            continue
        target.execute_sql(
            f"SELECT setval(%s, COALESCE((SELECT max({_quoted(table.key[0])}) FROM "
            f"{_quoted(table.name)}), 0) + 1, false)", (sequence,))


def copy_tables(source: peewee.Database, target: peewee.Database,
                progress: Progress | None = None) -> list[_Table]:
    """Copy every data table of `source` into the migrated, empty `target`, page by page
    (the caller holds `read_snapshot(source)` and the target's transaction); also the
    preview's copy of a server's data (`store/snapshot.py`). Returns the tables copied."""
    plan = _plan(source, target)
    for table in plan:
        _copy_table(source, target, table, _count(source, table.name), progress)
    _reset_sequences(target, plan)
    return plan


def check_table(source: peewee.Database, target: peewee.Database, table: _Table,
                progress: Progress | None = None) -> TableCheck:
    """Compare one table on both sides, page by page of keys: counts and every row's values.

    Raises:
        CopyMismatchError: naming the table and the first key that differs.
    """
    ours, theirs = _count(source, table.name), _count(target, table.name)
    if ours != theirs:
        raise CopyMismatchError(f"table {table.name}: {ours} rows in the source, {theirs} in "
                                "the target", table=table.name)
    total = hashlib.sha256()
    size = table.page_size()
    at = [table.columns.index(k) for k in table.key]
    pairs = zip(table.pages(source, size), table.pages(target, size), strict=False)
    done = 0
    for mine, copied in pairs:
        digests = [_row_digest(r) for r in mine]
        if digests != [_row_digest(r) for r in copied]:
            raise CopyMismatchError(_first_difference(table, at, mine, copied),
                                    table=table.name)
        for d in digests:
            total.update(d)
        done += len(digests)
        if progress is not None:
            progress(CHECKED, table.name, done, ours)
    return TableCheck(table.name, ours, total.hexdigest())


def _first_difference(table: _Table, at: Sequence[int], mine: Sequence[tuple],
                      copied: Sequence[tuple]) -> str:
    def key(row: tuple) -> str:
        return ", ".join(f"{table.columns[i]}={row[i]!r}" for i in at)

    for a, b in zip(mine, copied, strict=False):
        if key(a) != key(b):
            if tuple(a[i] for i in at) < tuple(b[i] for i in at):
                return f"table {table.name}: the row {key(a)} of the source is not in the target"
            return f"table {table.name}: the row {key(b)} of the target is not in the source"
        if _row_digest(a) != _row_digest(b):
            names = [c for c, x, y in zip(table.columns, a, b, strict=True)
                     if _canonical(x) != _canonical(y)]
            return (f"table {table.name}: the row {key(a)} differs in the target "
                    f"({', '.join(names)})")
    return f"table {table.name}: the rows differ in the target"


def _filled_text(filled: dict[str, int]) -> str:
    """ "4,391 rows in 3 tables: customer 4,000, sync_run 390, shop 1" (the five largest)."""
    largest = sorted(filled.items(), key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{t} {n:,}" for t, n in largest[:5])
    more = f" and {len(largest) - 5} more" if len(largest) > 5 else ""
    rows = sum(filled.values())
    counts = (f"{rows:,} row{'' if rows == 1 else 's'} in {len(filled)} "
              f"table{'' if len(filled) == 1 else 's'}")
    return f"{counts}: {named}{more}"


def copy_database(source: peewee.Database, url: str, *,
                  progress: Progress | None = None) -> CopyReport:
    """Copy every row of `source` into the empty database of `url`, and check the copy.

    Args:
        source: the connected source database (the merchant's SQLite file).
        url: the target, `postgresql://user@host:port/name` or `sqlite:///path`.
        progress: called after each page copied and each page checked.

    Returns:
        Every table copied with its rows and digest, and the seconds taken.

    Raises:
        TargetNotEmptyError: the target holds data (nothing written).
        CopyMismatchError: the check found a difference (the copy was rolled back).
        DatabaseUrlError: a URL of no database Shop Sync uses.
    """
    started = time.monotonic()
    source_path = getattr(source, "database", None)
    path = target_path(url)
    if path is not None and source_path and Path(str(source_path)).resolve() == path.resolve():
        raise TargetNotEmptyError("The target is the source database itself")
    target = open_target(url)
    report = CopyReport(redacted(url))
    try:
        if filled := filled_tables(target):
            raise TargetNotEmptyError(
                f"The target {redacted(url)} already holds data ({_filled_text(filled)}); "
                "nothing was written to it. Copy into a new, empty database.",
                tables=sorted(filled))
        prepare_target(target)
        # A full disk or a lock held too long on either side: the typed errors, exit 2.
        with translate_db_errors(), read_snapshot(source), target.atomic():
            plan = copy_tables(source, target, progress)
            report.tables = [check_table(source, target, table, progress) for table in plan]
    finally:
        target.close()
    report.seconds = time.monotonic() - started
    log.info("database copied to %s: %d tables, %d rows in %.1f s", report.target,
             len(report.tables), report.rows, report.seconds)
    return report
