"""What every command shares: exit codes, the usage error, and printing a result as text or
as one JSON document (stdout; errors on stderr)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any, TypeVar

from desktop_app.errors import AppError
from desktop_app.records.text import escape_unprintable
from desktop_app.sync.results import LOCAL, SHOPIFY, SyncResult

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2

Row = TypeVar("Row")


class UsageError(AppError):
    code = "usage"


def counted(n: int, noun: str, plural: str = "") -> str:
    """`n` and `noun`, singular for 1 ("1 document", "0 documents", "2 documents")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


SIDE_LABELS = {SHOPIFY: "Shopify: ", LOCAL: "Local: "}


def summary_text(result: SyncResult) -> str:
    """Which way records went: "Shopify: 7 created · Local: 87 linked, 3 updated · 2 failed"
    ("nothing changed" when nothing); the words of the window (`ui.result_text`), in English.
    What `sync`, `log`, `scheduler` and the order actions print."""
    parts = []
    for group, counts in result.summary():
        text = ", ".join(f"{n} {kind}" if kind != "conflicts"
                         else counted(n, "conflict") + " to resolve" for kind, n in counts)
        parts.append(SIDE_LABELS.get(group, "") + text)
    return " · ".join(parts) or "nothing changed"


def issue_lines(result: SyncResult) -> list[str]:
    """A result's per-record errors (new ones first), then its warnings, one line each."""
    return ([f"  {e.record}: {e.field}: {e.message}" + (" (still failing)" if e.repeated else "")
             for e in sorted(result.errors, key=lambda e: e.repeated)]
            + [f"  note: {w.record}: {w.field}: {w.message}" for w in result.warnings])


def assignments(items: Iterable[str], *, lower: bool = True) -> dict[str, str]:
    """`FIELD=VALUE` arguments by field name (stripped, and lower-cased unless `lower` is
    False; a later one wins). Raises UsageError: an item without '='."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"'{item}' is not FIELD=VALUE")
        name = name.strip()
        values[name.lower() if lower else name] = value
    return values


class Output:
    """Prints a command's result as text or as one JSON document."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: object, text: str | Callable[[], str]) -> None:
        if self.as_json:
            document = json.dumps(plain(data), ensure_ascii=False, indent=2, default=str)
            sys.stdout.write(_json_escaped(document))
            sys.stdout.write("\n")
        else:
            # Data stored before the repair step on the way in may hold ESC, BEL or bidi
            # overrides: printed as escapes, never run by the terminal.
            print(escape_unprintable(text() if callable(text) else text))

    def rows(self, rows: Sequence[Row], line: Callable[[Row], str], empty: str) -> None:
        """Print a list: the rows as JSON, or as text `line(row)` each (`empty` for none)."""
        self.result(rows, lambda: "\n".join(line(r) for r in rows) or empty)

    @staticmethod
    def error(message: str) -> None:
        print(f"shop-sync: {escape_unprintable(message)}", file=sys.stderr)


#: What `json.dumps(ensure_ascii=False)` leaves raw that a terminal may act on: C1 controls,
#: DEL, bidi and other format characters, line and paragraph separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                          "\ufeff\ufff9-\ufffb]")


def _json_escaped(document: str) -> str:
    """A JSON document with the characters of `_JSON_UNSAFE` written as \\u escapes (the
    same JSON value: a reader gets the same text back, a terminal prints it as text)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def plain(value: object) -> Any:
    if value is None or isinstance(value, (str, int, float)):  # most of a big list: 3x
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def setting_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
