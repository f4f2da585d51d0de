"""What the demo shop's records share: the fields of a line bought from a variant (order and
draft order lines), of units of an order's line (fulfillment and refund lines) and of a record
that starts with its id and timestamps; the lookup of a child record by its id; and the JSON
form of the records that write their own (customers, products, locations, companies, the shop).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from desktop_app.demo_shop.money import Amount
from desktop_app.demo_shop.scalars import Node, iso, parse_iso


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_HasId)


def by_id(records: Iterable[R], record_id: int | None) -> R | None:
    """The first of ``records`` whose ``id`` is ``record_id``, or None."""
    for record in records:
        if record.id == record_id:
            return record
    return None


@dataclass(slots=True)
class VariantLine(Node):
    """A line bought from a variant (or a custom line: a title and a price, no variant).

    ``unit`` is an :class:`~desktop_app.demo_shop.money.Amount` on an order's line and a plain
    decimal on a draft's: each subclass declares it again with its own type, keeping its place
    (``state_json`` reads a line back by those types).
    """

    id: int
    title: str
    quantity: int
    unit: Amount | Decimal
    sku: str | None = None
    variant_id: int | None = None
    product_id: int | None = None
    variant_title: str | None = None

    @property
    def name(self) -> str:
        return f"{self.title} - {self.variant_title}" if self.variant_title else self.title


@dataclass(slots=True)
class LineItemUnits(Node):
    """Units of one line item of an order, shipped by a fulfillment or given back by a refund."""

    id: int
    line_item_id: int
    quantity: int


@dataclass(slots=True)
class Timestamped(Node):
    """A record that starts with its id and its creation and last update times.

    Records with other fields before their timestamps (an order's number, a company's name...)
    declare all three themselves: a dataclass's field order is its constructor's, and the key
    order of the generic JSON form of :mod:`~desktop_app.demo_shop.state_json`.
    """

    id: int
    created_at: datetime
    updated_at: datetime


#: The types whose values are their own JSON form (compared exactly: a str enum is not one).
PLAIN_JSON_TYPES = frozenset({str, int, float, bool, type(None)})


def json_value(value: object) -> object:
    """The JSON form of one field: ISO text for a datetime, a string for a Decimal, a sorted
    list for a set, a list for a list, a record's own ``to_json()``; anything else as it is."""
    if type(value) in PLAIN_JSON_TYPES:  # most fields: no isinstance chain, no to_json look-up
        return value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, list):
        return [json_value(item) for item in value]
    to_json = getattr(value, "to_json", None)
    return to_json() if to_json is not None else value


def fields_json(record: object, names: Iterable[str]) -> dict[str, Any]:
    """``{name: json_value(record.name)}`` for each of ``names``, in that order."""
    return {name: json_value(getattr(record, name)) for name in names}


def timestamps_from_json(data: dict[str, Any]) -> dict[str, datetime]:
    """``created_at`` and ``updated_at`` read back from a record's JSON form (both required)."""
    return {
        "created_at": parse_iso(data["created_at"]),  # type: ignore[dict-item]
        "updated_at": parse_iso(data["updated_at"]),  # type: ignore[dict-item]
    }
