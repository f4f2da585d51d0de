"""How the store reads the values callers hand in and writes the ones it hands back.

Callers may pass mappings or objects (dataclasses, namedtuples, records) alike; text is stored
as text (lists joined by ", "), cut to its column's width (`fit`: the model's `max_length`
is the one statement of a width); times go out as ISO 8601 text; a search term becomes a
`LIKE` pattern that matches it literally; `record_of` reads a dataclass record from a row of
the same field names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import peewee
from peewee import SQL, NodeList

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Record = TypeVar("_Record", bound="DataclassInstance")


def field_value(source: object, name: str, default: object = None) -> Any:
    """Read `name` from a mapping or an object (dataclass, namedtuple...)."""
    if isinstance(source, Mapping):
        return source.get(name, default)
    return getattr(source, name, default)


@cache
def _field_names(record: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record))


def record_of(record: type[_Record], row: object, /, **given: object) -> _Record:
    """The dataclass `record` with the fields `given`, each other field read from the
    attribute of the same name of `row` (a model row)."""
    values = {name: getattr(row, name) for name in _field_names(record) if name not in given}
    return record(**values, **given)


def has_field(source: object, name: str) -> bool:
    """Whether the mapping or object `source` gives `name`."""
    if isinstance(source, Mapping):
        return name in source
    return hasattr(source, name)


def as_text(value: object) -> str:
    """A value as stored text: None is "", a list or tuple is joined by ", "."""
    if type(value) is str:  # the usual case, checked first: a million calls per 100k customers
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def fit(column: peewee.Field, text: str) -> str:
    """`text` cut to the width of `column` (its `max_length`), as the column keeps it."""
    width: int | None = getattr(column, "max_length", None)
    return text[:width] if width else text


def fit_end(column: peewee.Field, text: str) -> str:
    """The last characters of `text` that the width of `column` holds."""
    width: int | None = getattr(column, "max_length", None)
    return text[-width:] if width else text


def iso_text(value: dt.datetime | None) -> str | None:
    """`value` as ISO 8601 text (None stays None)."""
    return value.isoformat() if value is not None else None


def like_pattern(term: str) -> str:
    """The `LIKE` pattern (escape '\\') that finds `term` anywhere in a column."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: peewee.Field, pattern: str) -> NodeList:
    """`column LIKE pattern ESCAPE '\\'` (case-insensitive for ASCII, as SQLite's LIKE)."""
    return NodeList((column, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))
