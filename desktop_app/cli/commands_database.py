"""`shop-sync database copy --to URL`: this computer's data to a shared database (issue 22).

The copy and its check are `sync.database_copy` (over `store.db_copy`); this prints the
tables copied with their rows and digests, and progress on stderr while a big copy goes.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from desktop_app.cli.commands_setup import AddParser, SubParsers
from desktop_app.cli.output import EXIT_OK, Output, UsageError

if TYPE_CHECKING:  # loaded by the copy itself: every command builds the parser, which
    # imports this module, and needs neither
    from desktop_app.store.db_copy import CopyReport

#: Rows from which a copy reports its progress on stderr, and at most how often (seconds).
PROGRESS_FROM = 20_000
PROGRESS_EVERY = 1.0


def add_arguments(commands: SubParsers, add: AddParser) -> None:
    """The `database` command and its actions."""
    database = add(commands, "database", "this computer's database").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(database, "copy", "copy every record of this computer's database (the data "
            "folder's, or --database) into an EMPTY database, e.g. the server several "
            "workstations will share, then check the copy row by row; a target that holds "
            "data is refused")
    p.add_argument("--to", required=True, metavar="URL", dest="to_url",
                   help="postgresql://user@host:5432/name (the password from PGPASSWORD or "
                        "~/.pgpass rather than the URL) or sqlite:///path/to/file")


class _Progress:
    """"customer: 40,000 of 100,000 rows copied" (then "checked") on stderr, once a second
    at most and at the end of each table, for the tables of a big copy."""

    def __init__(self) -> None:
        self._last = time.monotonic()

    def __call__(self, phase: str, table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_FROM or (done < total and now - self._last < PROGRESS_EVERY):
            return
        self._last = now
        print(f"{table}: {done:,} of {total:,} rows {phase}", file=sys.stderr, flush=True)


def report_json(report: CopyReport) -> dict[str, object]:
    """`database copy --json` (keys documented in docs/ARCHITECTURE.md)."""
    from desktop_app.sync import database_copy

    return {"target": report.target, "checked": True, "rows": report.rows,
            "tables": [{"table": t.table, "rows": t.rows, "digest": t.digest}
                       for t in report.tables],
            "seconds": round(report.seconds, 3), "secrets": database_copy.TOKENS_NOTE}


def report_text(report: CopyReport) -> str:
    from desktop_app.sync import database_copy

    width = max((len(t.table) for t in report.tables), default=5)
    lines = [f"  {t.table:<{width}} {t.rows:>10,}  {t.digest[:16]}" for t in report.tables]
    return "\n".join([
        f"Copied to {report.target} and checked row by row: {report.rows:,} rows in "
        f"{len(report.tables)} tables, the same in both ({report.seconds:.1f} s).",
        f"  {'table':<{width}} {'rows':>10}  digest", *lines, database_copy.TOKENS_NOTE])


def cmd_database(args, out: Output, services) -> int:
    from desktop_app.sync import database_copy

    if args.action == "copy":
        report = database_copy.copy_database(args.to_url, progress=_Progress())
        out.result(report_json(report), lambda: report_text(report))
        return EXIT_OK
    raise UsageError("database needs an action: copy")
