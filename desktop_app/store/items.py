"""Items (number, description, SKU, price)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.models import Item
from desktop_app.store.upsert import DuplicateError, UpsertResult, upsert_by_no
from desktop_app.store.values import contains, like_pattern

ITEM_FIELDS = ("no", "description", "sku", "unit_price", "currency")


@dataclass(frozen=True)
class ItemRow:
    no: str
    description: str = ""
    sku: str = ""
    unit_price: decimal.Decimal = decimal.Decimal("0")
    currency: str = ""
    updated_at: dt.datetime | None = None


def _normalise_item(data: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key not in ITEM_FIELDS:
            raise StoreError(f"Items have no field '{key}'")
        if key == "unit_price":
            try:
                price = decimal.Decimal(str(value if value not in (None, "") else "0"))
            except decimal.InvalidOperation:
                raise StoreError(f"'{value}' is not a price") from None
            clean[key] = price.quantize(Item.unit_price._exp, rounding=decimal.ROUND_HALF_UP)
        else:
            clean[key] = "" if value is None else str(value)
    return clean


def upsert_items(rows: Iterable[Mapping[str, Any]]) -> UpsertResult:
    """Create or update items by `no` (one transaction; unchanged rows left alone).

    Raises:
        DuplicateError: a SKU already used by another item.
    """
    try:
        return upsert_by_no(
            Item,
            rows,
            normalise=_normalise_item,
            defaults={"description": "", "sku": "", "unit_price": decimal.Decimal(0),
                      "currency": ""},
            required_new=(),
        )
    except peewee.IntegrityError as exc:
        raise DuplicateError("An item SKU is already used by another item") from exc


def _item_row(row: Item) -> ItemRow:
    return ItemRow(row.no, row.description, row.sku, row.unit_price, row.currency,
                   row.updated_at)


def list_items(search: str | None = None, *, limit: int | None = None,
               offset: int = 0) -> list[ItemRow]:
    query = Item.select()
    if search and search.strip():
        pattern = like_pattern(search.strip())
        query = query.where(
            contains(Item.no, pattern) | contains(Item.description, pattern)
            | contains(Item.sku, pattern)
        )
    query = query.order_by(Item.no)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [_item_row(r) for r in query]


def get_item(no: str) -> ItemRow:
    row = Item.get_or_none(Item.no == no)
    if row is None:
        raise NotFoundError(f"There is no item '{no}'", item=no)
    return _item_row(row)


def item_skus() -> dict[str, str]:
    """SKU → item no for every item with a SKU."""
    return {sku: no for sku, no in Item.select(Item.sku, Item.no).where(Item.sku != "").tuples()}
