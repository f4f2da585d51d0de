"""The merchant's local customers: search and pages for the window, the command line's rows,
look-ups by e-mail and phone for the matching rules, and writes by number.

Functions take and return plain values (`CustomerRow`), never peewee rows, and each write
runs in one transaction. What belongs to a shop card (Web Upload ticks, the demo's sample
customers) is kept by `customer_scope`; the page-sized writes of the import by
`bulk_customers`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee
from peewee import SQL, NodeList, fn

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.addresses import LocalContact
from desktop_app.store import customer_scope
from desktop_app.store.chunks import chunks
from desktop_app.store.companies import ShopifyCompany
from desktop_app.store.database import DB, transaction
from desktop_app.store.engines import is_postgres
from desktop_app.store.models import Customer, ShopifyCustomer, email_key
from desktop_app.store.shops import list_shops, shop_by_code
from desktop_app.store.upsert import DuplicateError, UpsertResult, upsert_by_no
from desktop_app.store.values import contains, iso_text, like_pattern

log = logging.getLogger(__name__)


CUSTOMER_FIELDS = (
    "no", "name", "name_2", "contact", "address", "address_2", "city", "post_code", "county",
    "country", "phone", "phone_ext", "email", "template", "category", "blocked",
)
#: What a new customer gets for the fields a row leaves out.
CUSTOMER_DEFAULTS: dict[str, Any] = {
    name: ("" if name != "blocked" else False) for name in CUSTOMER_FIELDS
}
CUSTOMER_DEFAULTS["category"] = "person"


@dataclass(frozen=True)
class CustomerRow(LocalContact):
    """A local customer, with its Shopify link in the shop asked about (if any)."""

    no: str = field(kw_only=True)
    name: str = field(kw_only=True)
    template: str = ""
    category: str = "person"
    #: Assigned to Web Upload for the shop asked about (any shop card when none is).
    web_upload: bool = False
    blocked: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    shopify_id: str | None = None


def _customer_row(row: Customer, shopify_id: str | None = None) -> CustomerRow:
    data = {k: getattr(row, k) for k in CUSTOMER_FIELDS}
    data["blocked"] = bool(data["blocked"])
    return CustomerRow(
        **data, web_upload=bool(getattr(row, "ticked", False)), created_at=row.created_at,
        updated_at=row.updated_at, shopify_id=shopify_id,
    )


#: Trigram search needs this many characters: shorter text matches nothing in the index.
_TRIGRAM = 3
#: Above this many candidates the index is slower than the scan: the first page of a scan in
#: the sort order stops early when most rows match, while the candidates are all read,
#: looked up and sorted (page and count of 'example', in all 100,000 customers: 216 ms with
#: the index, 53 ms scanning; 'Surname1', 11,433 hits: 56 ms against 76 ms).
_DENSE = 10_000


def _search_candidates(term: str, phone_digits: str | None) -> SQL | None:
    """The ids of the customers that may match `term` (or `phone_digits` in the phone), from
    the trigram index `customer_search` (migration m0008), or None when a part is too short
    for it or more than `_DENSE` customers may match (then the search scans every customer,
    as it did before the index).

    The index folds case beyond ASCII, so it finds a superset of what `LIKE` finds; the
    caller keeps its `LIKE` conditions, which decide. At 100,000 customers this takes a
    common word's search from two scans of six columns (about 135 ms) to a few ms.
    """
    parts = [term] if phone_digits is None else [term, phone_digits]
    if any(len(part) < _TRIGRAM for part in parts) or is_postgres(DB):  # no index (m0008)
        return None
    expression = " OR ".join('"' + part.replace('"', '""') + '"' for part in parts)
    many = DB.execute_sql(
        "SELECT count(*) FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ? "
        "LIMIT ?)", (expression, _DENSE + 1),
    ).fetchone()[0]
    if many > _DENSE:
        return None
    return SQL("(SELECT rowid FROM customer_search WHERE customer_search MATCH ?)",
               [expression])


def _customer_query(
    search: str | None,
    *,
    shop: str | None,
    web_upload_only: bool,
    linked: bool | None,
) -> peewee.ModelSelect:
    link = ShopifyCustomer.select(fn.MIN(ShopifyCustomer.shopify_id)).where(
        ShopifyCustomer.customer == Customer.id
    )
    if shop is not None:
        # `+shop_id` keeps SQLite on the customer_id index: on `shop_id = ?` it picked the
        # (shop_id, shopify_id) index for MIN() and scanned every staged customer of the shop
        # for each local row (0.4 s per page of 500 with 5,000 staged, 85 s for 100k rows).
        unindexed_shop = NodeList((SQL("+"), ShopifyCustomer.shop), glue="")
        link = link.where(unindexed_shop == shop_by_code(shop).id)
    # Ticks belong to a shop card (`customer_scope`): this shop's, or any card's.
    shop_id = None if shop is None else shop_by_code(shop).id
    ticked = customer_scope.ticked_condition(shop_id)
    query = Customer.select(Customer, link.alias("link_id"), ticked.alias("ticked"))
    visible = customer_scope.visible_condition(shop)
    if visible is not None:  # a real shop card never sees the demo's sample customers
        query = query.where(visible)
    term = (search or "").strip()
    if term:
        pattern = like_pattern(term)
        condition = (
            contains(Customer.no, pattern)
            | contains(Customer.name, pattern)
            | contains(Customer.email, pattern)
            | contains(Customer.contact, pattern)
            | contains(Customer.city, pattern)
            | contains(Customer.post_code, pattern)
        )
        digits = "".join(ch for ch in term if ch.isdigit())
        phone_digits = None
        if len(digits) >= 3 and all(ch.isdigit() or ch in " +-().x/" for ch in term):
            phone_digits = digits.lstrip("0") or digits
            condition = condition | contains(Customer.phone, like_pattern(phone_digits))
        candidates = _search_candidates(term, phone_digits)
        if candidates is not None:
            query = query.where(NodeList((Customer.id, SQL("IN"), candidates)))
        query = query.where(condition)
    if web_upload_only:
        query = query.where(customer_scope.ticked_filter(shop_id))
    if linked is not None:
        linked_ids = ShopifyCustomer.select(ShopifyCustomer.customer).where(
            ShopifyCustomer.customer.is_null(False)
        )
        if shop is not None:
            linked_ids = linked_ids.where(ShopifyCustomer.shop == shop_by_code(shop).id)
        query = query.where(
            Customer.id.in_(linked_ids) if linked else Customer.id.not_in(linked_ids)
        )
    return query


_CUSTOMER_ORDER = {
    "no": Customer.no,
    "name": Customer.name,
    "email": Customer.email_key,
    "city": Customer.city,
    "updated_at": Customer.updated_at,
    "phone": Customer.phone,
    "country": Customer.country,
    "category": Customer.category,
    "link": SQL('"link_id"'),  # the selected link's GID (NULL: not linked)
    "web_upload": SQL('"ticked"'),  # ticked for Web Upload (in the shop's scope)
}


def _order_expression(order_by: str, shop: str | None,
                      picked_nos: Iterable[str]) -> Any:
    column = _CUSTOMER_ORDER.get(order_by)
    if column is not None:
        return column
    if order_by == "reason":
        reason = ShopifyCustomer.select(ShopifyCustomer.match_reason).where(
            ShopifyCustomer.customer == Customer.id)
        if shop is not None:  # `+shop_id`: on the customer_id index (see _customer_query)
            unindexed_shop = NodeList((SQL("+"), ShopifyCustomer.shop), glue="")
            reason = reason.where(unindexed_shop == shop_by_code(shop).id)
        return fn.COALESCE(reason.order_by(ShopifyCustomer.shopify_id).limit(1), "")
    if order_by == "picked":
        # One JSON parameter, whatever the number of picks (SQLite limits parameters).
        picked = SQL("(SELECT value FROM json_each(?))", [json.dumps(sorted(picked_nos))])
        return NodeList((Customer.no, SQL("IN"), picked))
    raise StoreError(f"Cannot sort customers by '{order_by}'")


def list_customers(
    search: str | None = None,
    *,
    shop: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    web_upload_only: bool = False,
    linked: bool | None = None,
    order_by: str = "no",
    descending: bool = False,
    picked_nos: Iterable[str] = (),
) -> list[CustomerRow]:
    """Local customers, filtered and paged.

    Args:
        search: text found in the number, name, e-mail, contact, city or post code
            (case-insensitive), or digits found in the phone.
        shop: report the link (`shopify_id`) in this shop; None: any shop.
        linked: True: only customers linked to Shopify (in `shop` if given); False: only
            unlinked ones.
        order_by: one of no, name, email, city, updated_at, phone, country, category,
            link (the Shopify link), web_upload, reason (the link's match reason) or picked
            (the customers of `picked_nos` after the others, before them when descending).
    """
    query = _customer_query(search, shop=shop, web_upload_only=web_upload_only, linked=linked)
    column = _order_expression(order_by, shop, picked_nos)
    query = query.order_by(column.desc() if descending else column, Customer.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    elif offset:
        query = query.limit(-1).offset(offset)
    return [_customer_row(row, row.link_id) for row in query]


def count_customers(
    search: str | None = None,
    *,
    shop: str | None = None,
    web_upload_only: bool = False,
    linked: bool | None = None,
) -> int:
    """How many customers `list_customers` would return without a limit."""
    query = _customer_query(search, shop=shop, web_upload_only=web_upload_only, linked=linked)
    return query.count()


def customer_nos(
    search: str | None = None,
    *,
    shop: str | None = None,
    web_upload_only: bool = False,
    linked: bool | None = None,
) -> list[str]:
    """The numbers of the customers `list_customers` would return (same filters), by no.

    Only the number column is read, so "tick every customer of this filter" stays cheap on
    100,000 rows (building full rows for them takes seconds).
    """
    query = _customer_query(search, shop=shop, web_upload_only=web_upload_only, linked=linked)
    query = query.select(Customer.no).order_by(Customer.no)
    return [no for (no,) in query.tuples()]


def customers_for_cli(shop: str | None, search: str | None = None) -> list[dict[str, Any]]:
    """`customers list` rows: the CLI.md keys plus the other customer fields;
    `shopify_company_id` is the Shopify company an organisation is linked to (in `shop`
    when given, else in the first shop that links one) or None."""
    companies: dict[str, str] = {}
    linked = (ShopifyCompany.select(Customer.no, ShopifyCompany.shopify_id)
              .join(Customer).order_by(ShopifyCompany.shop, ShopifyCompany.id))
    if shop is not None:
        linked = linked.where(ShopifyCompany.shop == shop_by_code(shop))
    for no, gid in linked.tuples():
        companies.setdefault(no, gid)
    rows = []
    for c in list_customers(search, shop=shop):
        rows.append({
            "no": c.no,
            "name": c.name,
            "email": c.email or None,
            "phone": c.phone or None,
            "country": c.country or None,
            "shopify_id": c.shopify_id,
            "shopify_company_id": companies.get(c.no),
            "web_upload": c.web_upload,
            "name_2": c.name_2,
            "contact": c.contact,
            "city": c.city,
            "post_code": c.post_code,
            "county": c.county,
            "phone_ext": c.phone_ext,
            "category": c.category,
            "updated_at": iso_text(c.updated_at),
        })
    return rows


def get_customer(no: str, *, shop: str | None = None) -> CustomerRow:
    """The local customer `no`. Raises NotFoundError."""
    rows = _customer_query(None, shop=shop, web_upload_only=False, linked=None).where(
        Customer.no == no
    )
    row = rows.first()
    if row is None:
        if shop is not None:  # hidden from a real card: say it is the demo's
            customer_scope.check_visible(shop, no)
        raise NotFoundError(f"There is no customer '{no}'", customer=no)
    return _customer_row(row, row.link_id)


def _visible(query: peewee.ModelSelect) -> peewee.ModelSelect:
    """`query` without the demo's sample customers when a real shop card's sync acts."""
    visible = customer_scope.visible_condition(None)
    return query if visible is None else query.where(visible)


def find_customers_by_email(email: str) -> list[CustomerRow]:
    """Customers whose first e-mail equals `email`, ignoring case (exact otherwise)."""
    key = email_key(email)
    if not key:
        return []
    return [_customer_row(r) for r in _visible(Customer.select().where(Customer.email_key == key))]


def find_customers_by_phone(e164: str) -> list[CustomerRow]:
    """Customers whose stored phone is exactly this E.164 number."""
    if not e164:
        return []
    return [_customer_row(r) for r in _visible(Customer.select().where(Customer.phone == e164))]


def find_customers_by_emails(emails: Iterable[str]) -> dict[str, list[CustomerRow]]:
    """`find_customers_by_email` for many e-mails at once, by the e-mail asked for (those
    without a customer left out): one SELECT per 400 keys instead of one each, for long lists
    such as the review list (4,000 rows took 1.5 s one by one, nearly all of it peewee
    building the same SQL again)."""
    keys = {email: email_key(email) for email in emails if email}
    by_key: dict[str, list[CustomerRow]] = {}
    for chunk in chunks(sorted({k for k in keys.values() if k})):
        for row in _visible(Customer.select().where(Customer.email_key.in_(list(chunk)))):
            by_key.setdefault(row.email_key, []).append(_customer_row(row))
    return {email: by_key[key] for email, key in keys.items() if key in by_key}


def find_customers_by_phones(phones: Iterable[str]) -> dict[str, list[CustomerRow]]:
    """`find_customers_by_phone` for many E.164 numbers at once, by number."""
    wanted = sorted({p for p in phones if p})
    found: dict[str, list[CustomerRow]] = {}
    for chunk in chunks(wanted):
        for row in _visible(Customer.select().where(Customer.phone.in_(list(chunk)))):
            found.setdefault(row.phone, []).append(_customer_row(row))
    return found


def normalise_customer(data: Mapping[str, Any]) -> dict[str, Any]:
    """Customer fields as the store keeps them (text, booleans). Raises StoreError: an
    unknown field or category."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key not in CUSTOMER_FIELDS:
            raise StoreError(f"Customers have no field '{key}'")
        if key == "blocked":
            clean[key] = bool(value)
        else:
            clean[key] = "" if value is None else str(value)
    if "category" in clean and clean["category"] not in Customer.CATEGORIES:
        raise StoreError(f"Unknown customer category '{clean['category']}'")
    return clean


def _customer_derived(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"email_key": email_key(data.get("email", ""))} if "email" in data else {}


def upsert_customers(rows: Iterable[Mapping[str, Any] | CustomerRow], *,
                     with_fields: bool = False) -> UpsertResult:
    """Create or update customers by `no`, in one transaction.

    Each row gives `no` and any of `CUSTOMER_FIELDS` (others keep their value; a new customer
    needs `name`). A customer whose given values all equal the stored ones is left alone, so
    its `updated_at` does not move. Values are stored as given: validate first
    (`csv_io` does). A row may also give `web_upload`: ticked (or not) for the only shop
    card (`customer_scope.set_web_upload`). A customer created while a demo card's sync
    acts (`customer_scope.acting_for`) is that demo's. `with_fields`: the result keeps each
    written customer's fields old -> new (for the per-record history).

    Raises:
        StoreError: an unknown field or category, a new customer without name; a
            `web_upload` tick with several shop cards or none.
    """
    ticks: dict[str, bool] = {}

    def mappings() -> Iterator[Mapping[str, Any]]:
        for r in rows:
            if isinstance(r, CustomerRow):
                yield {k: getattr(r, k) for k in CUSTOMER_FIELDS}
            elif "web_upload" in r:
                data = dict(r)
                ticks[str(data.get("no", "")).strip()] = bool(data.pop("web_upload"))
                yield data
            else:
                yield r

    owner = customer_scope.new_customer_owner()
    with transaction():
        result = upsert_by_no(
            Customer,
            mappings(),
            normalise=normalise_customer,
            defaults={**CUSTOMER_DEFAULTS, **owner},
            required_new=("name",),
            derived=_customer_derived,
            with_fields=with_fields,
        )
        if not owner:  # the merchant's own change (a CSV import...): a changed sample stays
            customer_scope.keep_changed_samples(result.changed_keys)
        for flag in (True, False):
            nos = [no for no, wanted in ticks.items() if wanted is flag]
            if nos and (flag or list_shops()):
                customer_scope.set_web_upload(nos, flag)
    log.debug("Customers upserted: %s created, %s updated, %s unchanged",
              result.created, result.updated, result.unchanged)
    return result


def create_customer(data: Mapping[str, Any]) -> CustomerRow:
    """Create one customer. Raises DuplicateError when `no` exists."""
    clean = normalise_customer(data)
    no = clean.get("no", "").strip()
    with transaction():
        if Customer.select().where(Customer.no == no).exists():
            raise DuplicateError(f"Customer {no} already exists", customer=no)
        upsert_customers([clean])
    return get_customer(no)


def update_customer(no: str, changes: Mapping[str, Any]) -> bool:
    """Change fields of customer `no`. Returns whether anything changed.

    Raises:
        NotFoundError: no such customer.
    """
    with transaction():
        if not Customer.select().where(Customer.no == no).exists():
            raise NotFoundError(f"There is no customer '{no}'", customer=no)
        result = upsert_customers([{**changes, "no": no}])
    return result.updated > 0


def next_customer_no(prefix: str = "C", width: int = 5) -> str:
    """The next free number `prefix` + digits, one above the highest such number."""
    highest = _highest_number(prefix)
    return f"{prefix}{highest + 1:0{width}d}"


def _highest_number(prefix: str) -> int:
    highest = 0
    query = Customer.select(Customer.no).where(
        NodeList((Customer.no, SQL("GLOB"), f"{_glob_escape(prefix)}[0-9]*"))
    )
    for (no,) in query.tuples():
        suffix = no[len(prefix):]
        if suffix.isdigit():
            highest = max(highest, int(suffix))
    return highest


def _glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[]" else ch for ch in text)


def set_web_upload(nos: Iterable[str], flag: bool = True, *, shop: str | None = None
                   ) -> list[str]:
    """Tick (or untick) "Assign to Web Upload" for one shop card (left out: the only one);
    returns the unknown numbers. See `customer_scope.set_web_upload`."""
    return customer_scope.set_web_upload(nos, flag, shop=shop)


def local_customers_signature() -> tuple[Any, ...]:
    """What changes whenever a local customer is created, changed or deleted: their count,
    highest id and latest `updated_at` (every write of a customer moves it). Two equal
    signatures say no local customer changed in between (as far as the store can tell
    without reading them all)."""
    # The flags that do not move `updated_at` (the Web Upload ticks) are summed in as well.
    sql = (f'SELECT count(*), max(id), max(updated_at), max(created_at), total(blocked), '
           f'total(demo_shop_id) FROM "{Customer._meta.table_name}"')
    return (*DB.execute_sql(sql).fetchone(), *customer_scope.web_upload_signature())


def list_customers_plain() -> list[CustomerRow]:
    """Every local customer without its link (no per-row subquery): for indexing 100k rows.
    For a real shop card's sync, without the demo's sample customers (`customer_scope`)."""
    names = [getattr(Customer, k) for k in CUSTOMER_FIELDS]
    rows = []
    query = Customer.select(*names)
    visible = customer_scope.visible_condition(None)
    if visible is not None:
        query = query.where(visible)
    for values in query.tuples().iterator():
        data = dict(zip(CUSTOMER_FIELDS, values))
        data["blocked"] = bool(data["blocked"])
        rows.append(CustomerRow(**data))
    return rows
