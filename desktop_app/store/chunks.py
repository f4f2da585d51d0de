"""Long lists of keys or rows cut into pieces a single SQLite statement can take."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Rows per IN (...) or multi-row INSERT, well under SQLite's variable limit.
CHUNK = 400


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
