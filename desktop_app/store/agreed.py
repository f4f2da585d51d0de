"""The values a linked customer last agreed with Shopify (issue 14: "a blank is not a clear").

For each link (shop, Shopify customer, local customer) the store keeps both records as they
stood right after their last successful exchange: a create, an update or an import in either
direction, or a link made by the sync. `sync/customers.py` compares each side with them, field
by field, to tell apart:

- a field changed (or emptied) on one side since then: it goes to the other side, a blank
  clearing the other side's value on purpose;
- a field that is blank and was never filled: it leaves the other side's value alone;
- a link with no row here (made before schema v9, or by hand): no field has an agreed value,
  so a blank never clears anything; its first exchange records the row.

A field counts as agreed only when both sides held the same value for it at that moment; the
sync derives that from the two snapshots kept here (see `sync/rules/agreed.py`), which is why
whole records are kept rather than one value per field: the local customer's Name, Name 2 and
Contact become Shopify's first name, last name and company by the shop's rules, and a value
can be compared only after that translation, on each side in its own terms.

Storage: one row per link, each side as compact JSON holding its non-blank fields only (a
missing key is a blank field). A row names the local customer of its link: when the Shopify
customer is later linked to another local customer, `read_agreed` leaves the row out (it
agreed with someone else), and the next exchange replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.errors import NotFoundError
from desktop_app.store import shops
from desktop_app.store.chunks import chunks
from desktop_app.store.database import DB
from desktop_app.store.models import CustomerAgreed, utc_now

_stamp = CustomerAgreed.agreed_at.db_value
_read_stamp = CustomerAgreed.agreed_at.python_value


@dataclass(frozen=True)
class AgreedValues:
    """Both sides of one link after its last exchange: text fields, "" when blank."""

    shopify_id: str
    customer_no: str
    local: Mapping[str, str]
    shopify: Mapping[str, str]
    agreed_at: dt.datetime | None = None


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
#: The fields of one side of a link: text, blank ("" or None) or left out when blank.
Fields = Mapping[str, "str | None"]


def _dump(values: Fields) -> str:
    """Non-blank text fields as compact JSON (4 µs a record: no key sorting, no copies)."""
    return _ENCODER.encode({k: v for k, v in values.items() if v})


def _load(text: str | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in json.loads(text).items()} if text else {}


def read_agreed(shop: str, shopify_ids: Iterable[str]) -> dict[str, AgreedValues]:
    """The agreed values of these Shopify customers of `shop`, by GID, for the links that
    still join the same two customers (a GID linked elsewhere since, or unlinked, or never
    exchanged is left out). One SELECT per 450 GIDs.

    Raises:
        NotFoundError: unknown shop.
    """
    shop_id = shops.shop_id(shop)
    wanted = list(dict.fromkeys(shopify_ids))
    found: dict[str, AgreedValues] = {}
    for chunk in chunks(wanted):
        marks = ", ".join("?" * len(chunk))
        sql = (
            "SELECT a.shopify_id, c.no, a.local_values, a.shopify_values, a.agreed_at "
            'FROM "customer_agreed" AS a '
            'JOIN "customer" AS c ON c.id = a.customer_id '
            'JOIN "shopify_customer" AS sc ON sc.shop_id = a.shop_id '
            "AND sc.shopify_id = a.shopify_id AND sc.customer_id = a.customer_id "
            f"WHERE a.shop_id = ? AND a.shopify_id IN ({marks})"
        )
        for gid, no, local, shopify, at in DB.execute_sql(sql, (shop_id, *chunk)):
            found[gid] = AgreedValues(gid, no, _load(local), _load(shopify), _read_stamp(at))
    return found


def save_agreed(shop: str, rows: Iterable[tuple[str, str, Fields, Fields]]) -> int:
    """Record what each link agreed on now: (GID, local customer no., local fields, Shopify
    fields) per link, replacing what the GID agreed before (with any local customer). The
    caller's transaction holds it together with the exchange it records.

    Returns:
        How many links were recorded.

    Raises:
        NotFoundError: unknown shop or local customer (nothing written).
    """
    by_gid = {gid: (no, local, shopify) for gid, no, local, shopify in rows}
    if not by_gid:
        return 0
    shop_id = shops.shop_id(shop)
    nos = list(dict.fromkeys(no for no, _, _ in by_gid.values()))
    ids: dict[str, int] = {}
    for chunk in chunks(nos):
        marks = ", ".join("?" * len(chunk))
        ids.update(DB.execute_sql(f'SELECT no, id FROM "customer" WHERE no IN ({marks})',
                                  tuple(chunk)).fetchall())
    now = _stamp(utc_now())
    params = []
    for gid, (no, local, shopify) in by_gid.items():
        if no not in ids:
            raise NotFoundError(f"There is no customer '{no}'", customer=no)
        params.append((shop_id, gid, ids[no], _dump(local), _dump(shopify), now))
    DB.cursor().executemany(
        'INSERT INTO "customer_agreed" (shop_id, shopify_id, customer_id, local_values, '
        "shopify_values, agreed_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (shop_id, shopify_id) DO UPDATE SET customer_id = excluded.customer_id, "
        "local_values = excluded.local_values, shopify_values = excluded.shopify_values, "
        "agreed_at = excluded.agreed_at",
        params,
    )
    return len(params)


def forget_agreed(shop: str, shopify_ids: Iterable[str]) -> int:
    """Drop the agreed values of these Shopify customers of `shop` (their blanks then never
    clear anything until the next exchange). Returns how many rows went."""
    shop_id = shops.shop_id(shop)
    wanted = list(dict.fromkeys(shopify_ids))
    gone = 0
    for chunk in chunks(wanted):
        marks = ", ".join("?" * len(chunk))
        cursor = DB.execute_sql(
            f'DELETE FROM "customer_agreed" WHERE shop_id = ? AND shopify_id IN ({marks})',
            (shop_id, *chunk))
        gone += cursor.rowcount
    return gone
