"""The Shopify customers staged per shop (the mirror), their addresses, their links to local
customers and their review state.

A Shopify customer has at most one local customer per shop; several Shopify customers may
share one local customer (a guest and an account). The page-sized writes of the import are
in `bulk_customers`, what each link last agreed with Shopify in `agreed`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.store import customer_scope
from desktop_app.store.chunks import chunks
from desktop_app.store.database import transaction
from desktop_app.store.models import (
    Customer,
    Shop,
    ShopifyAddress,
    ShopifyCustomer,
    customer_by_no,
    utc_now,
)
from desktop_app.store.shops import shop_by_code
from desktop_app.store.statements import first_where, rows_where
from desktop_app.store.upsert import UpsertResult
from desktop_app.store.values import as_text, contains, field_value, like_pattern

log = logging.getLogger(__name__)


class LinkConflictError(StoreError):
    """The Shopify customer is already linked to another local customer."""

    code = "link_conflict"


@dataclass(frozen=True)
class ShopifyCustomerRow(CustomerRecord):
    """A staged Shopify customer with its link and review state."""

    customer_no: str | None = None
    match_reason: str = ""
    review_state: str = ""
    review_note: str = ""
    last_updated_by_app: dt.datetime | None = None


_SC_FIELDS = ("first_name", "last_name", "email", "phone", "company", "state", "tags", "note")
_ADDRESS_FIELDS = tuple(
    f.name for f in dataclasses.fields(AddressRecord) if f.name != "shopify_id"
)


def _shopify_row(row: ShopifyCustomer, addresses: Sequence[ShopifyAddress] | None) -> ShopifyCustomerRow:
    return ShopifyCustomerRow(
        shopify_id=row.shopify_id,
        **{k: getattr(row, k) for k in _SC_FIELDS},
        created_at=row.shopify_created_at,
        updated_at=row.shopify_updated_at,
        addresses=None if addresses is None else tuple(
            AddressRecord(a.shopify_id, bool(a.is_default),
                               **{k: getattr(a, k) for k in _ADDRESS_FIELDS if k != "is_default"})
            for a in addresses
        ),
        customer_no=row.customer.no if row.customer_id else None,
        match_reason=row.match_reason,
        review_state=row.review_state,
        review_note=row.review_note,
        last_updated_by_app=row.last_updated_by_app,
    )


def upsert_shopify_customers(
    shop: str, records: Iterable[CustomerRecord | Any]
) -> UpsertResult:
    """Stage Shopify customers of a shop (one transaction), keyed by GID.

    Records may be `CustomerRecord`s, another object with the same attribute names, or
    dicts. Addresses are upserted by their id and the ones no longer sent are deleted;
    a record whose `addresses` is None keeps its staged addresses. The link, match reason
    and review state are kept.
    """
    created = updated = unchanged = 0
    changed: list[str] = []
    with transaction():
        shop_row = shop_by_code(shop)
        for record in records:
            gid = str(field_value(record, "shopify_id") or "")
            if not gid:
                raise StoreError("A Shopify customer without an id cannot be staged")
            values = {k: as_text(field_value(record, k, "")) for k in _SC_FIELDS}
            values["shopify_created_at"] = field_value(record, "created_at")
            values["shopify_updated_at"] = field_value(record, "updated_at")
            row = first_where(ShopifyCustomer, shop=shop_row, shopify_id=gid)
            is_new = row is None
            dirty = is_new
            if is_new:
                row = ShopifyCustomer(shop=shop_row, shopify_id=gid)
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
                    dirty = True
            if dirty:
                row.fetched_at = utc_now()
                row.save()
            addresses = field_value(record, "addresses", ())
            if addresses is not None and _replace_addresses(row, addresses):
                dirty = True
            if is_new:
                created += 1
                changed.append(gid)
            elif dirty:
                updated += 1
                changed.append(gid)
            else:
                unchanged += 1
    return UpsertResult(created, updated, unchanged, tuple(changed))


def _replace_addresses(row: ShopifyCustomer, addresses: Iterable[Any]) -> bool:
    current = {a.shopify_id: a for a in row.addresses}
    seen: set[str] = set()
    dirty = False
    for item in addresses:
        aid = str(field_value(item, "shopify_id") or "")
        if not aid:
            continue
        seen.add(aid)
        address = current.get(aid) or ShopifyAddress(shopify_customer=row, shopify_id=aid)
        changed = address.id is None
        for key in _ADDRESS_FIELDS:
            value = bool(field_value(item, key, False)) if key == "is_default" else as_text(
                field_value(item, key, "")
            )
            if getattr(address, key) != value:
                setattr(address, key, value)
                changed = True
        if changed:
            address.save()
            dirty = True
    gone = [a.id for aid, a in current.items() if aid not in seen]
    if gone:
        ShopifyAddress.delete().where(ShopifyAddress.id.in_(gone)).execute()
        dirty = True
    return dirty


def _shopify_customer(shop_row: Shop, shopify_id: str) -> ShopifyCustomer:
    row = first_where(ShopifyCustomer, shop=shop_row, shopify_id=shopify_id)
    if row is None:
        raise NotFoundError(
            f"Shopify customer {shopify_id} is not known in shop {shop_row.code}; "
            "sync customers first",
            shopify_id=shopify_id,
        )
    return row


def get_shopify_customer(shop: str, shopify_id: str) -> ShopifyCustomerRow:
    row = _shopify_customer(shop_by_code(shop), shopify_id)
    addresses = rows_where(ShopifyAddress, (ShopifyAddress.id,), shopify_customer=row.id)
    return _shopify_row(row, addresses)


def list_shopify_customers(
    shop: str,
    search: str | None = None,
    *,
    linked: bool | None = None,
    review_state: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    with_addresses: bool = False,
    order_by: str = "gid",
    descending: bool = False,
) -> list[ShopifyCustomerRow]:
    """Staged Shopify customers of a shop, filtered and paged (ordered by GID, or by
    `order_by`: one of gid, name, email, phone, country, local_no, reason, review)."""
    shop_row = shop_by_code(shop)
    query = (
        ShopifyCustomer.select(ShopifyCustomer, Customer)
        .join(Customer, JOIN.LEFT_OUTER)
        .where(ShopifyCustomer.shop == shop_row)
    )
    if search and search.strip():
        pattern = like_pattern(search.strip())
        query = query.where(
            contains(ShopifyCustomer.first_name, pattern)
            | contains(ShopifyCustomer.last_name, pattern)
            | contains(ShopifyCustomer.email, pattern)
            | contains(ShopifyCustomer.phone, pattern)
            | contains(ShopifyCustomer.company, pattern)
        )
    if linked is not None:
        query = query.where(ShopifyCustomer.customer.is_null(not linked))
    if review_state is not None:
        query = query.where(ShopifyCustomer.review_state == review_state)
    column = _shopify_order(order_by)
    query = query.order_by(column.desc() if descending else column, ShopifyCustomer.shopify_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = list(query)
    addresses: dict[int, list[ShopifyAddress]] = {}
    if with_addresses and rows:
        for chunk in chunks([r.id for r in rows]):
            for a in ShopifyAddress.select().where(
                ShopifyAddress.shopify_customer.in_(chunk)
            ).order_by(ShopifyAddress.id):
                addresses.setdefault(a.shopify_customer_id, []).append(a)
    return [_shopify_row(r, addresses.get(r.id, []) if with_addresses else None) for r in rows]


def _shopify_order(order_by: str) -> Any:
    """The ORDER BY expression of a `list_shopify_customers` sort key (the window's column)."""
    if order_by == "gid":
        return ShopifyCustomer.shopify_id
    if order_by == "name":  # as the window shows it: the name, else company, e-mail, phone
        full = fn.TRIM(ShopifyCustomer.first_name.concat(" ").concat(ShopifyCustomer.last_name))
        return fn.COALESCE(fn.NULLIF(full, ""), fn.NULLIF(ShopifyCustomer.company, ""),
                           fn.NULLIF(ShopifyCustomer.email, ""), ShopifyCustomer.phone)
    if order_by == "country":  # the default address's country code
        country = (ShopifyAddress.select(ShopifyAddress.country_code)
                   .where(ShopifyAddress.shopify_customer == ShopifyCustomer.id)
                   .order_by(ShopifyAddress.is_default.desc(), ShopifyAddress.id).limit(1))
        return fn.COALESCE(country, "")
    columns = {"email": ShopifyCustomer.email, "phone": ShopifyCustomer.phone,
               "local_no": fn.COALESCE(Customer.no, ""),
               "reason": ShopifyCustomer.match_reason, "review": ShopifyCustomer.review_state}
    if order_by not in columns:
        raise StoreError(f"Cannot sort Shopify customers by '{order_by}'")
    return columns[order_by]


def find_shopify_customers(
    shop: str, *, email: str | None = None, phone: str | None = None
) -> list[ShopifyCustomerRow]:
    """Staged customers of a shop with this e-mail (case-insensitive) or exact phone."""
    shop_row = shop_by_code(shop)
    conditions = []
    if email:
        conditions.append(fn.lower(ShopifyCustomer.email) == email.strip().lower())
    if phone:
        conditions.append(ShopifyCustomer.phone == phone)
    if not conditions:
        return []
    where = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    query = ShopifyCustomer.select().where((ShopifyCustomer.shop == shop_row) & where)
    return [_shopify_row(r, None) for r in query]


def link_customer(
    shop: str, customer_no: str, shopify_id: str, *, reason: str = "manual"
) -> None:
    """Link a staged Shopify customer to a local customer.

    Several Shopify customers may share one local customer (a guest and an account); a
    Shopify customer has at most one local customer per shop.

    Raises:
        NotFoundError: unknown shop, customer or Shopify customer.
        LinkConflictError: the Shopify customer is linked to another local customer.
    """
    with transaction():
        shop_row = shop_by_code(shop)
        customer = customer_by_no(customer_no)
        customer_scope.check_visible(shop, customer_no)
        row = _shopify_customer(shop_row, shopify_id)
        if row.customer_id is not None and row.customer_id != customer.id:
            other = row.customer.no
            raise LinkConflictError(
                f"Shopify customer {shopify_id} is already linked to customer {other}; "
                "unlink it first",
                shopify_id=shopify_id,
                customer=other,
            )
        row.customer = customer
        row.match_reason = reason
        row.review_state = ""
        row.review_note = ""
        row.save()
    log.info("Shopify customer linked in shop %s (%s)", shop, reason)


def unlink_customer(shop: str, customer_no: str, shopify_id: str | None = None) -> list[str]:
    """Remove the links of a local customer in a shop (or only the one to `shopify_id`).

    Returns:
        The Shopify ids that were unlinked (empty if there was no link).
    """
    with transaction():
        shop_row = shop_by_code(shop)
        customer = customer_by_no(customer_no)
        query = ShopifyCustomer.select().where(
            (ShopifyCustomer.shop == shop_row) & (ShopifyCustomer.customer == customer)
        )
        if shopify_id is not None:
            query = query.where(ShopifyCustomer.shopify_id == shopify_id)
        ids = [r.shopify_id for r in query]
        if ids:
            ShopifyCustomer.update(customer=None, match_reason="").where(
                (ShopifyCustomer.shop == shop_row) & ShopifyCustomer.shopify_id.in_(ids)
            ).execute()
    return ids


def set_match(
    shop: str,
    shopify_id: str,
    customer_no: str | None,
    *,
    reason: str = "",
    review_state: str = "",
    review_note: str = "",
) -> None:
    """What the matching rules decided for a staged customer: a link, or a review note.

    Unlike `link_customer` this replaces an existing link: the rules own it.
    """
    if review_state not in ShopifyCustomer.REVIEW_STATES:
        raise StoreError(f"Unknown review state '{review_state}'")
    with transaction():
        row = _shopify_customer(shop_by_code(shop), shopify_id)
        customer = None
        if customer_no is not None:
            customer = customer_by_no(customer_no)
            customer_scope.check_visible(shop, customer_no)
        row.customer = customer
        row.match_reason = reason if customer is not None else ""
        row.review_state = review_state
        row.review_note = review_note
        row.save()


def mark_updated_by_app(shop: str, shopify_id: str, when: dt.datetime) -> None:
    """Remember that our export changed this customer at `when` (stops ping-pong)."""
    with transaction():
        row = _shopify_customer(shop_by_code(shop), shopify_id)
        row.last_updated_by_app = when
        row.save()


@dataclass(frozen=True)
class LinkRow:
    shopify_id: str
    customer_no: str
    match_reason: str
    email: str
    phone: str


def list_links(shop: str, *, customer_no: str | None = None) -> list[LinkRow]:
    """Links of a shop (optionally of one local customer), by Shopify id."""
    shop_row = shop_by_code(shop)
    query = (
        ShopifyCustomer.select(ShopifyCustomer, Customer)
        .join(Customer)
        .where(ShopifyCustomer.shop == shop_row)
    )
    if customer_no is not None:
        query = query.where(Customer.no == customer_no)
    return [
        LinkRow(r.shopify_id, r.customer.no, r.match_reason, r.email, r.phone)
        for r in query.order_by(ShopifyCustomer.shopify_id)
    ]


@dataclass(frozen=True)
class StagedState:
    """The app's own columns of a staged Shopify customer (link, review, echo guard)."""

    shopify_id: str
    customer_no: str | None
    match_reason: str
    review_state: str
    review_note: str
    last_updated_by_app: dt.datetime | None
    state: str


def staged_states(shop: str, shopify_ids: Iterable[str]) -> dict[str, StagedState]:
    """The link and review state of these staged customers, by GID (missing ones left out)."""
    shop_row = shop_by_code(shop)
    wanted = list(dict.fromkeys(shopify_ids))
    found: dict[str, StagedState] = {}
    for chunk in chunks(wanted):
        query = (
            ShopifyCustomer.select(
                ShopifyCustomer.shopify_id, Customer.no, ShopifyCustomer.match_reason,
                ShopifyCustomer.review_state, ShopifyCustomer.review_note,
                ShopifyCustomer.last_updated_by_app, ShopifyCustomer.state,
            )
            .join(Customer, JOIN.LEFT_OUTER)
            .where((ShopifyCustomer.shop == shop_row) & ShopifyCustomer.shopify_id.in_(chunk))
        )
        for gid, no, reason, review, note, by_app, state in query.tuples():
            found[gid] = StagedState(
                gid, no, reason, review, note,
                ShopifyCustomer.last_updated_by_app.python_value(by_app), state,
            )
    return found


def staged_in_review(shop: str) -> list[str]:
    """GIDs of the shop's staged customers waiting in review ('ambiguous' or 'error')."""
    query = ShopifyCustomer.select(ShopifyCustomer.shopify_id).where(
        (ShopifyCustomer.shop == shop_by_code(shop)) & (ShopifyCustomer.review_state != "")
    )
    return sorted(gid for (gid,) in query.tuples())


def set_review_state(shop: str, shopify_id: str, review_state: str, review_note: str = "") -> None:
    """Set (or clear, with "") a staged customer's review state; its link is kept."""
    if review_state not in ShopifyCustomer.REVIEW_STATES:
        raise StoreError(f"Unknown review state '{review_state}'")
    with transaction():
        ShopifyCustomer.update(review_state=review_state, review_note=review_note).where(
            (ShopifyCustomer.shop == shop_by_code(shop))
            & (ShopifyCustomer.shopify_id == shopify_id)
        ).execute()
