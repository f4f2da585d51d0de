"""The fields of linked customers changed on both sides since their last exchange (issue 19).

With both customer update directions on (two-way), the customers sync merges each field of a
link three ways against the value the two sides last agreed on (`store/agreed.py`). A field
both sides changed, to different values, is kept here as an open conflict (`field_conflict`,
schema v21): neither side is overwritten, and the sync leaves that field alone in both
directions until the merchant takes one side (`sync/conflicts.py`). One open row per link
and local field; a later run that meets the same conflict refreshes its two values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.errors import NotFoundError
from desktop_app.store import shops
from desktop_app.store.bulk_customers import customer_ids
from desktop_app.store.chunks import chunks
from desktop_app.store.database import DB
from desktop_app.store.models import CustomerAgreed, utc_now

_stamp = CustomerAgreed.agreed_at.db_value
_read_stamp = CustomerAgreed.agreed_at.python_value
#: The sides a conflict is resolved with.
LOCAL = "local"
SHOPIFY = "shopify"
#: How a conflict is closed when both sides came to hold the same value by hand.
AGREED = "agreed"


@dataclass(frozen=True)
class NewConflict:
    """A field found changed on both sides: the link, the local field and the three values."""

    shopify_id: str
    customer_no: str
    field: str
    local: str
    shopify: str
    agreed: str


@dataclass(frozen=True)
class FieldConflict:
    """One conflict as stored (`resolved_at` None while open)."""

    id: int
    shop: str
    shopify_id: str
    customer_no: str
    customer_name: str
    field: str
    local: str
    shopify: str
    agreed: str
    found_at: dt.datetime | None
    resolved_at: dt.datetime | None = None
    taken: str = ""


_SELECT = (
    "SELECT f.id, s.code, f.shopify_id, c.no, c.name, f.field, f.local_value, "
    "f.shopify_value, f.agreed_value, f.found_at, f.resolved_at, f.taken "
    'FROM "field_conflict" AS f JOIN "shop" AS s ON s.id = f.shop_id '
    'JOIN "customer" AS c ON c.id = f.customer_id '
)


def _row(values: tuple) -> FieldConflict:
    (cid, shop, gid, no, name, field, local, shopify, agreed, found, resolved,
     taken) = values
    return FieldConflict(int(cid), shop, gid, no, name or "", field, local or "",
                         shopify or "", agreed or "", _read_stamp(found),
                         _read_stamp(resolved) if resolved else None, taken or "")


def list_conflicts(shop: str | None = None, *, resolved: bool = False) -> list[FieldConflict]:
    """The open conflicts (of `shop`, else of every shop), by customer number then field;
    with `resolved`, the closed ones too.

    Raises:
        NotFoundError: unknown shop.
    """
    where, params = [], []
    if shop is not None:
        where.append("f.shop_id = ?")
        params.append(shops.shop_id(shop))
    if not resolved:
        where.append("f.resolved_at IS NULL")
    sql = _SELECT + (f"WHERE {' AND '.join(where)} " if where else "") + \
        "ORDER BY s.code, c.no, f.field, f.id"
    return [_row(v) for v in DB.execute_sql(sql, tuple(params))]


def get_conflict(conflict_id: int) -> FieldConflict:
    """One conflict, open or closed.

    Raises:
        NotFoundError: no conflict has this id.
    """
    found = DB.execute_sql(_SELECT + "WHERE f.id = ?", (int(conflict_id),)).fetchone()
    if found is None:
        raise NotFoundError(f"There is no conflict {conflict_id}", conflict=str(conflict_id))
    return _row(found)


def open_fields(shop: str, shopify_ids: Iterable[str] | None = None) -> dict[str, set[str]]:
    """The local fields with an open conflict, per GID of these Shopify customers of `shop`
    (of every one when `shopify_ids` is None; a GID without any is left out). One SELECT
    per 450 GIDs.

    Raises:
        NotFoundError: unknown shop.
    """
    shop_id = shops.shop_id(shop)
    found: dict[str, set[str]] = {}
    if shopify_ids is None:
        sql = ('SELECT shopify_id, field FROM "field_conflict" WHERE shop_id = ? '
               "AND resolved_at IS NULL")
        for gid, field in DB.execute_sql(sql, (shop_id,)):
            found.setdefault(gid, set()).add(field)
        return found
    for chunk in chunks(list(dict.fromkeys(shopify_ids))):
        marks = ", ".join("?" * len(chunk))
        sql = ('SELECT shopify_id, field FROM "field_conflict" WHERE shop_id = ? '
               f"AND resolved_at IS NULL AND shopify_id IN ({marks})")
        for gid, field in DB.execute_sql(sql, (shop_id, *chunk)):
            found.setdefault(gid, set()).add(field)
    return found


def open_conflict_records(shop: str) -> set[str]:
    """The Shopify customers (GIDs) of `shop` with at least one open conflict: what the
    Customers tab's problem count adds (`store/problems.py`)."""
    sql = ('SELECT DISTINCT f.shopify_id FROM "field_conflict" AS f JOIN "shop" AS s '
           "ON s.id = f.shop_id WHERE s.code = ? AND f.resolved_at IS NULL")
    return {gid for (gid,) in DB.execute_sql(sql, (shop,))}


def record_conflicts(shop: str, conflicts: Iterable[NewConflict]) -> int:
    """Open these conflicts (in the caller's transaction); one already open for the same link
    and field gets the values found now. Returns how many rows were written.

    Raises:
        NotFoundError: unknown shop or local customer (nothing written).
    """
    rows = list(conflicts)
    if not rows:
        return 0
    shop_id = shops.shop_id(shop)
    ids = customer_ids(r.customer_no for r in rows)
    now = _stamp(utc_now())
    params = []
    for r in rows:
        if r.customer_no not in ids:
            raise NotFoundError(f"There is no customer '{r.customer_no}'", customer=r.customer_no)
        params.append((shop_id, r.shopify_id, ids[r.customer_no], r.field, r.local,
                       r.shopify, r.agreed, now))
    DB.cursor().executemany(
        'INSERT INTO "field_conflict" (shop_id, shopify_id, customer_id, field, local_value, '
        "shopify_value, agreed_value, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (shop_id, shopify_id, field) WHERE resolved_at IS NULL DO UPDATE SET "
        "customer_id = excluded.customer_id, local_value = excluded.local_value, "
        "shopify_value = excluded.shopify_value",
        params,
    )
    return len(params)


def close_conflict(conflict_id: int, taken: str) -> None:
    """Mark a conflict resolved now, with the side taken (`local`, `shopify`), in the
    caller's transaction.

    Raises:
        NotFoundError: no open conflict has this id.
    """
    cursor = DB.execute_sql(
        'UPDATE "field_conflict" SET resolved_at = ?, taken = ? '
        "WHERE id = ? AND resolved_at IS NULL", (_stamp(utc_now()), taken, int(conflict_id)))
    if cursor.rowcount != 1:
        raise NotFoundError(f"There is no open conflict {conflict_id}",
                            conflict=str(conflict_id))


def close_fields(shop: str, shopify_id: str, fields: Iterable[str], taken: str) -> int:
    """Close the open conflicts of these local fields of one link (in the caller's
    transaction), with `taken` saying how (`agreed`: the sides came to agree by hand).
    Returns how many were closed.

    Raises:
        NotFoundError: unknown shop.
    """
    shop_id = shops.shop_id(shop)
    wanted = list(dict.fromkeys(fields))
    if not wanted:
        return 0
    marks = ", ".join("?" * len(wanted))
    cursor = DB.execute_sql(
        'UPDATE "field_conflict" SET resolved_at = ?, taken = ? WHERE shop_id = ? '
        f"AND shopify_id = ? AND resolved_at IS NULL AND field IN ({marks})",
        (_stamp(utc_now()), taken, shop_id, shopify_id, *wanted))
    return cursor.rowcount
