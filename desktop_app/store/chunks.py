"""Long lists of keys or rows cut into pieces a single SQLite statement can take.

SQLite's default limit is 32,766 bound values a statement (Python's Windows and macOS builds
keep it): an `IN (...)` of more keys, or a multi-row INSERT of more values, fails with "too
many SQL variables" (a 10,000-line order in one statement did; an order line has about 25
columns, so `CHUNK` rows take 10,000 values).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

import peewee

from desktop_app.store import statements

T = TypeVar("T")

#: Rows per IN (...) or multi-row INSERT, well under SQLite's variable limit.
CHUNK = 400


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model: type[peewee.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """`model.insert_many(rows)`, `CHUNK` rows a statement (inside the caller's transaction,
    so it is still all or nothing)."""
    for chunk in chunks(rows):
        statements.insert_many(model, chunk)
