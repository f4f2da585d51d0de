"""Everything the UI, the CLI and the sync jobs read from or write to the local database.

Functions take and return plain values (dataclasses, dicts, lists), never peewee rows, and
each write runs in one transaction (`database.transaction()`), so a failure changes nothing
and "locked"/"disk full" surface as typed errors. Shops are named by their code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import peewee
from peewee import JOIN, SQL, NodeList, fn

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.store import local_customers
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import (
    Customer,
    CustomerTemplate,
    Item,
    Location,
    Shop,
    ShopCustomerTemplate,
    ShopifyAddress,
    ShopifyCustomer,
    SyncError,
    SyncRun,
    SyncState,
    TaxArea,
    email_key,
    utc_now,
)
from desktop_app.store.settings import Value

log = logging.getLogger(__name__)

T = TypeVar("T")
_CHUNK = 400  # rows per IN (...) or multi-row INSERT, well under SQLite's variable limit


class LinkConflictError(StoreError):
    """The Shopify customer is already linked to another local customer."""

    code = "link_conflict"


class DuplicateError(StoreError):
    """A code, number or SKU that must be unique is already taken."""

    code = "duplicate"


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _value(source: Any, name: str, default: Any = None) -> Any:
    """Read `name` from a mapping or an object (dataclass, namedtuple...)."""
    if isinstance(source, Mapping):
        return source.get(name, default)
    return getattr(source, name, default)


def _has(source: Any, name: str) -> bool:
    if isinstance(source, Mapping):
        return name in source
    return hasattr(source, name)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: peewee.Field, pattern: str) -> NodeList:
    """`column LIKE pattern ESCAPE '\\'` (case-insensitive for ASCII, as SQLite's LIKE)."""
    return NodeList((column, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class UpsertResult:
    """What an upsert did, by key."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_keys: tuple[str, ...] = ()


# --- Shops -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShopRecord:
    """A shop card, with every setting resolved (stored value or default)."""

    id: int
    code: str
    name: str
    domain: str | None
    api_url: str | None
    is_demo: bool
    auth_method: str
    client_id: str | None
    settings: dict[str, Value]
    shopify_name: str | None
    plan: str | None
    currency: str | None
    timezone: str | None
    country: str | None
    api_version: str | None
    scopes: tuple[str, ...]
    info_checked_at: dt.datetime | None
    created_at: dt.datetime

    def get(self, name: str) -> Value:
        """The value of setting `name` (KeyError for an unknown name)."""
        return self.settings[name]


def _shop_record(shop: Shop) -> ShopRecord:
    return ShopRecord(
        id=shop.id,
        code=shop.code,
        name=shop.name,
        domain=shop.domain,
        api_url=shop.api_url,
        is_demo=bool(shop.is_demo),
        auth_method=shop.auth_method,
        client_id=shop.client_id,
        settings=shop.all_settings(),
        shopify_name=shop.shopify_name,
        plan=shop.plan,
        currency=shop.currency,
        timezone=shop.timezone,
        country=shop.country,
        api_version=shop.api_version,
        scopes=tuple(shop.scope_list),
        info_checked_at=shop.info_checked_at,
        created_at=shop.created_at,
    )


def _shop_row(code: str) -> Shop:
    shop = Shop.get_or_none(Shop.code == code)
    if shop is None:
        raise NotFoundError(f"There is no shop '{code}'", shop=code)
    return shop


#: What a shop code may be (ASCII letters and digits, '-' and '_').
SHOP_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


def create_shop(
    code: str,
    *,
    name: str = "",
    domain: str | None = None,
    api_url: str | None = None,
    is_demo: bool = False,
    auth_method: str = "token",
    client_id: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> ShopRecord:
    """Add a shop card. The address (domain, api_url) is checked by `shopify.address`.

    Raises:
        StoreError: bad code or auth method; DuplicateError: the code exists.
        SettingError: a bad setting.
    """
    code = (code or "").strip()
    if not SHOP_CODE.fullmatch(code):
        # The code names files (the sync lock, the demo's state): no "/", "..", escapes.
        raise StoreError("A shop code is 1 to 20 letters, digits, '-' or '_' (no spaces)",
                         shop=code)
    if auth_method not in Shop.AUTH_METHODS:
        raise StoreError(f"Unknown authentication method '{auth_method}'")
    with transaction():
        if Shop.select().where(Shop.code == code).exists():
            raise DuplicateError(f"A shop with code '{code}' already exists", shop=code)
        shop = Shop(
            code=code,
            name=name or code,
            domain=domain or None,
            api_url=api_url or None,
            is_demo=is_demo,
            auth_method=auth_method,
            client_id=client_id or None,
        )
        if settings:
            shop.set_many(dict(settings))
        shop.save(force_insert=True)
    log.info("Shop %s created", code)
    return _shop_record(shop)


def get_shop(code: str) -> ShopRecord:
    """The shop card `code`. Raises NotFoundError."""
    return _shop_record(_shop_row(code))


def list_shops() -> list[ShopRecord]:
    return [_shop_record(s) for s in Shop.select().order_by(Shop.code)]


def shop_settings(code: str) -> dict[str, Value]:
    """Every Shop Card setting of `code`, by name, stored value or default."""
    return _shop_row(code).all_settings()


def update_shop_settings(code: str, values: Mapping[str, object]) -> ShopRecord:
    """Validate and save settings (all or nothing). Raises NotFoundError, SettingError."""
    with transaction():
        shop = _shop_row(code)
        shop.set_many(dict(values))
        shop.save()
    return _shop_record(shop)


_SHOP_EDITABLE = ("name", "domain", "api_url", "is_demo", "auth_method", "client_id")


def update_shop(code: str, **changes: Any) -> ShopRecord:
    """Change a shop's name, address or authentication fields."""
    unknown = set(changes) - set(_SHOP_EDITABLE)
    if unknown:
        raise StoreError(f"Cannot change {', '.join(sorted(unknown))} of a shop")
    if "auth_method" in changes and changes["auth_method"] not in Shop.AUTH_METHODS:
        raise StoreError(f"Unknown authentication method '{changes['auth_method']}'")
    with transaction():
        shop = _shop_row(code)
        for key, value in changes.items():
            setattr(shop, key, value)
        shop.save()
    return _shop_record(shop)


def save_shop_info(code: str, info: Mapping[str, Any]) -> ShopRecord:
    """Cache what Test connection learnt: name, plan, currency, timezone, country, scopes..."""
    with transaction():
        shop = _shop_row(code)
        if "name" in info:
            shop.shopify_name = info["name"] or None
        for key in ("plan", "currency", "timezone", "api_version"):
            if key in info:
                setattr(shop, key, info[key] or None)
        if "country" in info:
            shop.country = (info["country"] or "").upper() or None
        if "scopes" in info:
            scopes = info["scopes"] or ()
            shop.scopes = ",".join(scopes) if not isinstance(scopes, str) else scopes
        shop.info_checked_at = utc_now()
        shop.save()
    return _shop_record(shop)


def delete_shop(code: str) -> local_customers.DemoRemoval:
    """Remove a shop card and everything kept for it (mirror, sync state, history, Web Upload
    ticks); for a demo card also its sample customers and documents, but the customers the
    merchant changed or something else uses (`local_customers.remove_demo_customers`).
    The merchant's own customers and documents stay."""
    with transaction():
        shop = _shop_row(code)
        removal = local_customers.remove_demo_customers(shop)
        shop.delete_instance()
    log.info("Shop %s deleted", code)
    return removal


# --- Customer templates, per-country templates, tax areas -----------------------------


@dataclass(frozen=True)
class CustomerTemplateRecord:
    code: str
    description: str = ""
    country: str = ""
    tax_area: str = ""
    tax_liable: bool = False
    payment_terms: str = ""
    currency: str = ""
    category: str = "person"
    customer_posting_group: str = ""
    gen_bus_posting_group: str = ""
    vat_bus_posting_group: str = ""


_TEMPLATE_FIELDS = tuple(f.name for f in dataclasses.fields(CustomerTemplateRecord))


def _template_record(row: CustomerTemplate) -> CustomerTemplateRecord:
    return CustomerTemplateRecord(**{k: getattr(row, k) for k in _TEMPLATE_FIELDS})


def save_customer_template(template: CustomerTemplateRecord | Mapping[str, Any]) -> None:
    """Create or replace a local customer template by code."""
    data = {k: _value(template, k) for k in _TEMPLATE_FIELDS if _has(template, k)}
    if not data.get("code"):
        raise StoreError("A customer template needs a code")
    if data.get("category", "person") not in Customer.CATEGORIES:
        raise StoreError(f"Unknown customer category '{data['category']}'")
    with transaction():
        row = CustomerTemplate.get_or_none(CustomerTemplate.code == data["code"])
        row = row or CustomerTemplate(code=data["code"])
        for key, value in data.items():
            setattr(row, key, value)
        row.save()


def get_customer_template(code: str) -> CustomerTemplateRecord:
    row = CustomerTemplate.get_or_none(CustomerTemplate.code == code)
    if row is None:
        raise NotFoundError(f"There is no customer template '{code}'", template=code)
    return _template_record(row)


def list_customer_templates() -> list[CustomerTemplateRecord]:
    return [_template_record(r) for r in CustomerTemplate.select().order_by(CustomerTemplate.code)]


@dataclass(frozen=True)
class ShopCustomerTemplateRecord:
    """Business Central's "Shopify Customer Template" row for one shop and country."""

    country_code: str
    default_customer_no: str = ""
    template_code: str = ""
    tax_area: str = ""


def set_shop_customer_template(
    shop: str,
    country_code: str,
    *,
    default_customer_no: str = "",
    template_code: str = "",
    tax_area: str = "",
) -> None:
    """Create or replace the per-country template row of a shop."""
    with transaction():
        shop_row = _shop_row(shop)
        country = country_code.strip().upper()
        row = ShopCustomerTemplate.get_or_none(
            (ShopCustomerTemplate.shop == shop_row) & (ShopCustomerTemplate.country_code == country)
        ) or ShopCustomerTemplate(shop=shop_row, country_code=country)
        row.default_customer_no = default_customer_no
        row.template_code = template_code
        row.tax_area = tax_area
        row.save()


def get_shop_customer_template(
    shop: str, country_code: str, *, create_missing: bool = False
) -> ShopCustomerTemplateRecord | None:
    """The shop's row for a country; with `create_missing`, an empty row is added first.

    Business Central inserts the empty row so the merchant sees which countries still need
    a template.
    """
    shop_row = _shop_row(shop)
    country = (country_code or "").strip().upper()
    query = ShopCustomerTemplate.select().where(
        (ShopCustomerTemplate.shop == shop_row) & (ShopCustomerTemplate.country_code == country)
    )
    row = query.first()
    if row is None and create_missing and country:
        with transaction():
            row, _ = ShopCustomerTemplate.get_or_create(shop=shop_row, country_code=country)
    if row is None:
        return None
    return ShopCustomerTemplateRecord(
        row.country_code, row.default_customer_no, row.template_code, row.tax_area
    )


def list_shop_customer_templates(shop: str) -> list[ShopCustomerTemplateRecord]:
    shop_row = _shop_row(shop)
    return [
        ShopCustomerTemplateRecord(
            r.country_code, r.default_customer_no, r.template_code, r.tax_area
        )
        for r in ShopCustomerTemplate.select()
        .where(ShopCustomerTemplate.shop == shop_row)
        .order_by(ShopCustomerTemplate.country_code)
    ]


@dataclass(frozen=True)
class TaxAreaRecord:
    country_code: str
    county_code: str
    county_name: str
    tax_area_code: str = ""
    tax_liable: bool = False


def set_tax_areas(shop: str, rows: Iterable[TaxAreaRecord | Mapping[str, Any]]) -> int:
    """Create or replace county rows (by country and county code). Returns rows written."""
    count = 0
    with transaction():
        shop_row = _shop_row(shop)
        for item in rows:
            country = str(_value(item, "country_code", "")).upper()
            county_code = str(_value(item, "county_code", ""))
            row = TaxArea.get_or_none(
                (TaxArea.shop == shop_row)
                & (TaxArea.country_code == country)
                & (TaxArea.county_code == county_code)
            ) or TaxArea(shop=shop_row, country_code=country, county_code=county_code)
            row.county_name = _value(item, "county_name", "") or ""
            row.tax_area_code = _value(item, "tax_area_code", "") or ""
            row.tax_liable = bool(_value(item, "tax_liable", False))
            row.save()
            count += 1
    return count


def list_tax_areas(shop: str, country_code: str | None = None) -> list[TaxAreaRecord]:
    shop_row = _shop_row(shop)
    query = TaxArea.select().where(TaxArea.shop == shop_row)
    if country_code:
        query = query.where(TaxArea.country_code == country_code.upper())
    return [
        TaxAreaRecord(r.country_code, r.county_code, r.county_name, r.tax_area_code,
                      bool(r.tax_liable))
        for r in query.order_by(TaxArea.country_code, TaxArea.county_code)
    ]


def find_tax_area(
    shop: str, country_code: str, *, code: str | None = None, name: str | None = None
) -> TaxAreaRecord | None:
    """The county row by exact code, or by name (case-insensitive exact, then prefix)."""
    rows = list_tax_areas(shop, country_code)
    if code is not None:
        return next((r for r in rows if r.county_code == code), None)
    if name:
        wanted = name.strip().casefold()
        exact = [r for r in rows if r.county_name.casefold() == wanted]
        if exact:
            return exact[0]
        return next((r for r in rows if r.county_name.casefold().startswith(wanted)), None)
    return None


# --- Local customers ---------------------------------------------------------------------


CUSTOMER_FIELDS = (
    "no", "name", "name_2", "contact", "address", "address_2", "city", "post_code", "county",
    "country", "phone", "phone_ext", "email", "template", "category", "blocked",
)
_CUSTOMER_DEFAULTS: dict[str, Any] = {
    name: ("" if name != "blocked" else False) for name in CUSTOMER_FIELDS
}
_CUSTOMER_DEFAULTS["category"] = "person"


@dataclass(frozen=True)
class CustomerRow:
    """A local customer, with its Shopify link in the shop asked about (if any)."""

    no: str
    name: str
    name_2: str = ""
    contact: str = ""
    address: str = ""
    address_2: str = ""
    city: str = ""
    post_code: str = ""
    county: str = ""
    country: str = ""
    phone: str = ""
    phone_ext: str = ""
    email: str = ""
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
    if any(len(part) < _TRIGRAM for part in parts):
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
        link = link.where(unindexed_shop == _shop_row(shop).id)
    # Ticks belong to a shop card (`local_customers`): this shop's, or any card's.
    shop_id = None if shop is None else _shop_row(shop).id
    ticked = local_customers.ticked_condition(shop_id)
    query = Customer.select(Customer, link.alias("link_id"), ticked.alias("ticked"))
    visible = local_customers.visible_condition(shop)
    if visible is not None:  # a real shop card never sees the demo's sample customers
        query = query.where(visible)
    term = (search or "").strip()
    if term:
        pattern = _like(term)
        condition = (
            _contains(Customer.no, pattern)
            | _contains(Customer.name, pattern)
            | _contains(Customer.email, pattern)
            | _contains(Customer.contact, pattern)
            | _contains(Customer.city, pattern)
            | _contains(Customer.post_code, pattern)
        )
        digits = "".join(ch for ch in term if ch.isdigit())
        phone_digits = None
        if len(digits) >= 3 and all(ch.isdigit() or ch in " +-().x/" for ch in term):
            phone_digits = digits.lstrip("0") or digits
            condition = condition | _contains(Customer.phone, _like(phone_digits))
        candidates = _search_candidates(term, phone_digits)
        if candidates is not None:
            query = query.where(NodeList((Customer.id, SQL("IN"), candidates)))
        query = query.where(condition)
    if web_upload_only:
        query = query.where(local_customers.ticked_filter(shop_id))
    if linked is not None:
        linked_ids = ShopifyCustomer.select(ShopifyCustomer.customer).where(
            ShopifyCustomer.customer.is_null(False)
        )
        if shop is not None:
            linked_ids = linked_ids.where(ShopifyCustomer.shop == _shop_row(shop).id)
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
}


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
) -> list[CustomerRow]:
    """Local customers, filtered and paged.

    Args:
        search: text found in the number, name, e-mail, contact, city or post code
            (case-insensitive), or digits found in the phone.
        shop: report the link (`shopify_id`) in this shop; None: any shop.
        linked: True: only customers linked to Shopify (in `shop` if given); False: only
            unlinked ones.
        order_by: one of no, name, email, city, updated_at.
    """
    query = _customer_query(search, shop=shop, web_upload_only=web_upload_only, linked=linked)
    column = _CUSTOMER_ORDER.get(order_by)
    if column is None:
        raise StoreError(f"Cannot sort customers by '{order_by}'")
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
    """`customers list` rows: the CLI.md keys plus the other customer fields."""
    rows = []
    for c in list_customers(search, shop=shop):
        rows.append({
            "no": c.no,
            "name": c.name,
            "email": c.email or None,
            "phone": c.phone or None,
            "country": c.country or None,
            "shopify_id": c.shopify_id,
            "web_upload": c.web_upload,
            "name_2": c.name_2,
            "contact": c.contact,
            "city": c.city,
            "post_code": c.post_code,
            "county": c.county,
            "phone_ext": c.phone_ext,
            "category": c.category,
            "updated_at": _iso(c.updated_at),
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
            local_customers.check_visible(shop, no)
        raise NotFoundError(f"There is no customer '{no}'", customer=no)
    return _customer_row(row, row.link_id)


def _visible(query: peewee.ModelSelect) -> peewee.ModelSelect:
    """`query` without the demo's sample customers when a real shop card's sync acts."""
    visible = local_customers.visible_condition(None)
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
    for chunk in _chunks(sorted({k for k in keys.values() if k})):
        for row in _visible(Customer.select().where(Customer.email_key.in_(list(chunk)))):
            by_key.setdefault(row.email_key, []).append(_customer_row(row))
    return {email: by_key[key] for email, key in keys.items() if key in by_key}


def find_customers_by_phones(phones: Iterable[str]) -> dict[str, list[CustomerRow]]:
    """`find_customers_by_phone` for many E.164 numbers at once, by number."""
    wanted = sorted({p for p in phones if p})
    found: dict[str, list[CustomerRow]] = {}
    for chunk in _chunks(wanted):
        for row in _visible(Customer.select().where(Customer.phone.in_(list(chunk)))):
            found.setdefault(row.phone, []).append(_customer_row(row))
    return found


def _normalise_customer(data: Mapping[str, Any]) -> dict[str, Any]:
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


def _upsert(
    model: type[peewee.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    normalise: Any,
    defaults: Mapping[str, Any],
    required_new: tuple[str, ...],
    derived: Any = None,
) -> UpsertResult:
    """Upsert rows keyed by `no`; touch only rows whose values differ (then `updated_at`)."""
    by_no: dict[str, dict[str, Any]] = {}
    for row in rows:
        clean = normalise(row)
        no = clean.get("no", "").strip()
        if not no:
            raise StoreError("Every row needs a number ('no')")
        clean["no"] = no
        by_no.setdefault(no, {}).update(clean)  # a later row for the same no wins
    nos = list(by_no)
    created = updated = unchanged = 0
    changed: list[str] = []
    now = utc_now()
    with transaction():
        existing: dict[str, peewee.Model] = {}
        for chunk in _chunks(nos):
            for current in model.select().where(model.no.in_(chunk)):
                existing[current.no] = current
        inserts = []
        for no in nos:
            data = by_no[no]
            current = existing.get(no)
            if current is None:
                missing = [k for k in required_new if not data.get(k)]
                if missing:
                    raise StoreError(f"New record {no} lacks {', '.join(missing)}", record=no)
                full = {**defaults, **data, "created_at": now, "updated_at": now}
                if derived:
                    full.update(derived(full))
                inserts.append(full)
                created += 1
                changed.append(no)
                continue
            changes = {k: v for k, v in data.items() if getattr(current, k) != v}
            if not changes:
                unchanged += 1
                continue
            if derived:
                changes.update(derived({**{k: getattr(current, k) for k in data}, **changes}))
            changes["updated_at"] = now
            model.update(**changes).where(model.id == current.id).execute()
            updated += 1
            changed.append(no)
        _insert_fast(model, inserts)
    return UpsertResult(created, updated, unchanged, tuple(changed))


def _insert_fast(model: type[peewee.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows with one prepared statement (peewee's SQL building is the slow part
    of `insert_many` at 10k+ rows); values still go through each field's `db_value`."""
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for names, group in groups.items():
        fields = [model._meta.fields[name] for name in names]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join("?" for _ in fields)
        sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        params = [tuple(f.db_value(row[f.name]) for f in fields) for row in group]
        model._meta.database.cursor().executemany(sql, params)


def _customer_derived(data: Mapping[str, Any]) -> dict[str, Any]:
    return {"email_key": email_key(data.get("email", ""))} if "email" in data else {}


def upsert_customers(rows: Iterable[Mapping[str, Any] | CustomerRow]) -> UpsertResult:
    """Create or update customers by `no`, in one transaction.

    Each row gives `no` and any of `CUSTOMER_FIELDS` (others keep their value; a new customer
    needs `name`). A customer whose given values all equal the stored ones is left alone, so
    its `updated_at` does not move. Values are stored as given: validate first
    (`csv_io` does). A row may also give `web_upload`: ticked (or not) for the only shop
    card (`local_customers.set_web_upload`). A customer created while a demo card's sync
    acts (`local_customers.acting_for`) is that demo's.

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

    owner = local_customers.new_customer_owner()
    with transaction():
        result = _upsert(
            Customer,
            mappings(),
            normalise=_normalise_customer,
            defaults={**_CUSTOMER_DEFAULTS, **owner},
            required_new=("name",),
            derived=_customer_derived,
        )
        if not owner:  # the merchant's own change (a CSV import...): a changed sample stays
            local_customers.keep_changed_samples(result.changed_keys)
        for flag in (True, False):
            nos = [no for no, wanted in ticks.items() if wanted is flag]
            if nos and (flag or list_shops()):
                local_customers.set_web_upload(nos, flag)
    log.debug("Customers upserted: %s created, %s updated, %s unchanged",
              result.created, result.updated, result.unchanged)
    return result


def create_customer(data: Mapping[str, Any]) -> CustomerRow:
    """Create one customer. Raises DuplicateError when `no` exists."""
    clean = _normalise_customer(data)
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
    returns the unknown numbers. See `local_customers.set_web_upload`."""
    return local_customers.set_web_upload(nos, flag, shop=shop)


# --- Items and locations ------------------------------------------------------------------


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
        return _upsert(
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
        pattern = _like(search.strip())
        query = query.where(
            _contains(Item.no, pattern) | _contains(Item.description, pattern)
            | _contains(Item.sku, pattern)
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


def save_locations(rows: Iterable[Mapping[str, str]]) -> int:
    """Create or rename locations by code."""
    count = 0
    with transaction():
        for item in rows:
            code = str(item["code"]).strip()
            row = Location.get_or_none(Location.code == code) or Location(code=code)
            row.name = item.get("name", row.name or "")
            row.save()
            count += 1
    return count


def list_locations() -> list[dict[str, str]]:
    return [{"code": r.code, "name": r.name} for r in Location.select().order_by(Location.code)]


# --- Shopify customers (the per-shop mirror) and links ---------------------------------


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


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
        shop_row = _shop_row(shop)
        for record in records:
            gid = str(_value(record, "shopify_id") or "")
            if not gid:
                raise StoreError("A Shopify customer without an id cannot be staged")
            values = {k: _text(_value(record, k, "")) for k in _SC_FIELDS}
            values["shopify_created_at"] = _value(record, "created_at")
            values["shopify_updated_at"] = _value(record, "updated_at")
            row = ShopifyCustomer.get_or_none(
                (ShopifyCustomer.shop == shop_row) & (ShopifyCustomer.shopify_id == gid)
            )
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
            addresses = _value(record, "addresses", ())
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
        aid = str(_value(item, "shopify_id") or "")
        if not aid:
            continue
        seen.add(aid)
        address = current.get(aid) or ShopifyAddress(shopify_customer=row, shopify_id=aid)
        changed = address.id is None
        for key in _ADDRESS_FIELDS:
            value = bool(_value(item, key, False)) if key == "is_default" else _text(
                _value(item, key, "")
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
    row = ShopifyCustomer.get_or_none(
        (ShopifyCustomer.shop == shop_row) & (ShopifyCustomer.shopify_id == shopify_id)
    )
    if row is None:
        raise NotFoundError(
            f"Shopify customer {shopify_id} is not known in shop {shop_row.code}; "
            "sync customers first",
            shopify_id=shopify_id,
        )
    return row


def get_shopify_customer(shop: str, shopify_id: str) -> ShopifyCustomerRow:
    row = _shopify_customer(_shop_row(shop), shopify_id)
    return _shopify_row(row, list(row.addresses.order_by(ShopifyAddress.id)))


def list_shopify_customers(
    shop: str,
    search: str | None = None,
    *,
    linked: bool | None = None,
    review_state: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    with_addresses: bool = False,
) -> list[ShopifyCustomerRow]:
    """Staged Shopify customers of a shop, filtered and paged (ordered by GID)."""
    shop_row = _shop_row(shop)
    query = (
        ShopifyCustomer.select(ShopifyCustomer, Customer)
        .join(Customer, JOIN.LEFT_OUTER)
        .where(ShopifyCustomer.shop == shop_row)
    )
    if search and search.strip():
        pattern = _like(search.strip())
        query = query.where(
            _contains(ShopifyCustomer.first_name, pattern)
            | _contains(ShopifyCustomer.last_name, pattern)
            | _contains(ShopifyCustomer.email, pattern)
            | _contains(ShopifyCustomer.phone, pattern)
            | _contains(ShopifyCustomer.company, pattern)
        )
    if linked is not None:
        query = query.where(ShopifyCustomer.customer.is_null(not linked))
    if review_state is not None:
        query = query.where(ShopifyCustomer.review_state == review_state)
    query = query.order_by(ShopifyCustomer.shopify_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = list(query)
    addresses: dict[int, list[ShopifyAddress]] = {}
    if with_addresses and rows:
        for chunk in _chunks([r.id for r in rows]):
            for a in ShopifyAddress.select().where(
                ShopifyAddress.shopify_customer.in_(chunk)
            ).order_by(ShopifyAddress.id):
                addresses.setdefault(a.shopify_customer_id, []).append(a)
    return [_shopify_row(r, addresses.get(r.id, []) if with_addresses else None) for r in rows]


def find_shopify_customers(
    shop: str, *, email: str | None = None, phone: str | None = None
) -> list[ShopifyCustomerRow]:
    """Staged customers of a shop with this e-mail (case-insensitive) or exact phone."""
    shop_row = _shop_row(shop)
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
        shop_row = _shop_row(shop)
        customer = Customer.get_or_none(Customer.no == customer_no)
        if customer is None:
            raise NotFoundError(f"There is no customer '{customer_no}'", customer=customer_no)
        local_customers.check_visible(shop, customer_no)
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
        shop_row = _shop_row(shop)
        customer = Customer.get_or_none(Customer.no == customer_no)
        if customer is None:
            raise NotFoundError(f"There is no customer '{customer_no}'", customer=customer_no)
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
        row = _shopify_customer(_shop_row(shop), shopify_id)
        customer = None
        if customer_no is not None:
            customer = Customer.get_or_none(Customer.no == customer_no)
            if customer is None:
                raise NotFoundError(f"There is no customer '{customer_no}'",
                                    customer=customer_no)
            local_customers.check_visible(shop, customer_no)
        row.customer = customer
        row.match_reason = reason if customer is not None else ""
        row.review_state = review_state
        row.review_note = review_note
        row.save()


def mark_updated_by_app(shop: str, shopify_id: str, when: dt.datetime) -> None:
    """Remember that our export changed this customer at `when` (stops ping-pong)."""
    with transaction():
        row = _shopify_customer(_shop_row(shop), shopify_id)
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
    shop_row = _shop_row(shop)
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


# --- Sync state ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStateRow:
    watermark: dt.datetime | None = None
    cursor: str | None = None
    bulk_operation_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


_UNSET: Any = object()


def get_sync_state(shop: str, resource: str) -> SyncStateRow:
    """Where the last sync of `resource` stopped (all empty before the first one)."""
    row = SyncState.get_or_none(
        (SyncState.shop == _shop_row(shop)) & (SyncState.resource == resource)
    )
    if row is None:
        return SyncStateRow()
    return SyncStateRow(row.watermark, row.cursor, row.bulk_operation_id, dict(row.data))


def set_sync_state(
    shop: str,
    resource: str,
    *,
    watermark: dt.datetime | None = _UNSET,
    cursor: str | None = _UNSET,
    bulk_operation_id: str | None = _UNSET,
    data: Mapping[str, Any] | None = _UNSET,
) -> SyncStateRow:
    """Change the given parts of a resource's sync state (others are kept)."""
    with transaction():
        shop_row = _shop_row(shop)
        row = SyncState.get_or_none(
            (SyncState.shop == shop_row) & (SyncState.resource == resource)
        ) or SyncState(shop=shop_row, resource=resource)
        if watermark is not _UNSET:
            row.watermark = watermark
        if cursor is not _UNSET:
            row.cursor = cursor
        if bulk_operation_id is not _UNSET:
            row.bulk_operation_id = bulk_operation_id
        if data is not _UNSET:
            row.data = dict(data or {})
        row.updated_at = utc_now()
        row.save()
    return SyncStateRow(row.watermark, row.cursor, row.bulk_operation_id, dict(row.data))


# --- Sync runs and their errors ---------------------------------------------------------


def start_run(shop: str, resource: str) -> int:
    """Record the start of a sync run; returns its id."""
    with transaction():
        run = SyncRun.create(shop=_shop_row(shop), resource=resource)
    return run.id


def add_errors(run_id: int, errors: Iterable[Any]) -> int:
    """Record per-record errors of a run (objects or dicts with record, field, message)."""
    rows = [
        (run_id, _text(_value(e, "record", "")), _text(_value(e, "field", "")),
         _text(_value(e, "message", "")), False)
        for e in errors
    ]
    # One statement run with executemany: peewee's insert_many built the SQL of each chunk
    # again, 75 ms for the 3,970 errors of a 100,000-customer import (on the event loop at
    # the end of a window sync); this takes 11 ms.
    with transaction():
        DB.cursor().executemany(_INSERT_SYNC_ERROR, rows)
    return len(rows)


_INSERT_SYNC_ERROR = (
    f'INSERT INTO "{SyncError._meta.table_name}" ("run_id", "record", "field", "message", '
    '"resolved") VALUES (?, ?, ?, ?, ?)'
)


def finish_run(run_id: int, status: str, result: Any = None, *, message: str = "") -> None:
    """Close a run with its status and counts.

    `result` is a `SyncResult`-like object or dict (created, updated, skipped, failed,
    api_cost, requests, errors); its errors not yet recorded with `add_errors` are added.
    """
    if status not in SyncRun.STATUSES:
        raise StoreError(f"Unknown run status '{status}'")
    with transaction():
        run = SyncRun.get_or_none(SyncRun.id == run_id)
        if run is None:
            raise NotFoundError(f"There is no sync run {run_id}")
        run.status = status
        run.finished_at = utc_now()
        run.message = message
        if result is not None:
            for key in ("created", "updated", "skipped", "failed", "requests"):
                setattr(run, key, int(_value(result, key, 0) or 0))
            run.api_cost = float(_value(result, "api_cost", 0) or 0)
            recorded = [
                (e.record, e.field, e.message) for e in SyncError.select().where(SyncError.run == run)
            ]
            new = []
            for err in _value(result, "errors", None) or ():
                key = (_text(_value(err, "record", "")), _text(_value(err, "field", "")),
                       _text(_value(err, "message", "")))
                if key in recorded:
                    recorded.remove(key)
                else:
                    new.append(err)
            if new:
                add_errors(run_id, new)
        run.save()


def last_run_failures(shop: str, resource: str) -> frozenset[tuple[str, str, str]]:
    """(record, field, message) of each error of the last completed run (ok or partial) of
    `resource`: what a new run compares its failures with to tell "still failing" apart."""
    last = (
        SyncRun.select(SyncRun.id)
        .where((SyncRun.shop == _shop_row(shop)) & (SyncRun.resource == resource)
               & SyncRun.status.in_(("ok", "partial")))
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .limit(1)
        .scalar()
    )
    if last is None:
        return frozenset()
    # Read with the plain cursor: peewee's row conversion took 17-20 ms of the event loop for
    # the 4,000 errors of a 100,000-customer run; the cursor takes 3 ms.
    sql, params = SyncError.select(SyncError.record, SyncError.field, SyncError.message).where(
        SyncError.run == last).sql()
    return frozenset(SyncError._meta.database.execute_sql(sql, params).fetchall())


def last_completed_run_id(shop: str, resource: str) -> int | None:
    """Id of the last completed run (ok or partial) of `resource`: the one whose errors
    `last_run_failures` gives."""
    return (
        SyncRun.select(SyncRun.id)
        .where((SyncRun.shop == _shop_row(shop)) & (SyncRun.resource == resource)
               & SyncRun.status.in_(("ok", "partial")))
        .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
        .limit(1)
        .scalar()
    )


def local_customers_signature() -> tuple[Any, ...]:
    """What changes whenever a local customer is created, changed or deleted: their count,
    highest id and latest `updated_at` (every write of a customer moves it). Two equal
    signatures say no local customer changed in between (as far as the store can tell
    without reading them all)."""
    # The flags that do not move `updated_at` (the Web Upload ticks) are summed in as well.
    sql = (f'SELECT count(*), max(id), max(updated_at), max(created_at), total(blocked), '
           f'total(demo_shop_id) FROM "{Customer._meta.table_name}"')
    return (*DB.execute_sql(sql).fetchone(), *local_customers.web_upload_signature())


def unresolved_error_records(shop: str, resource: str) -> list[str]:
    """Records that failed in earlier runs of this resource and have not succeeded since."""
    query = (
        SyncError.select(SyncError.record)
        .join(SyncRun)
        .where(
            (SyncRun.shop == _shop_row(shop))
            & (SyncRun.resource == resource)
            & (SyncError.resolved == False)  # noqa: E712 (peewee expression)
            & (SyncError.record != "")
        )
        .distinct()
    )
    return sorted(r for (r,) in query.tuples())


def resolve_errors(shop: str, resource: str, records: Iterable[str]) -> int:
    """Mark the earlier errors of these records resolved (they went through)."""
    wanted = list(dict.fromkeys(records))
    if not wanted:
        return 0
    count = 0
    with transaction():
        runs = SyncRun.select(SyncRun.id).where(
            (SyncRun.shop == _shop_row(shop)) & (SyncRun.resource == resource)
        )
        for chunk in _chunks(wanted):
            count += SyncError.update(resolved=True).where(
                SyncError.run.in_(runs) & SyncError.record.in_(chunk)
                & (SyncError.resolved == False)  # noqa: E712
            ).execute()
    return count


def list_runs(
    last: int | None = 20, *, shop: str | None = None, resource: str | None = None,
    with_errors: bool = True,
) -> list[dict[str, Any]]:
    """The newest runs first, each with its errors; timestamps as ISO 8601 UTC text.

    `with_errors=False` leaves each run's "errors" empty: the window's "Last sync" label
    read the 3,970 errors of a 100,000-customer import on the event loop for one line of
    text (50-90 ms, issue 9's stall benchmark).
    """
    query = SyncRun.select(SyncRun, Shop).join(Shop)
    if shop is not None:
        query = query.where(SyncRun.shop == _shop_row(shop))
    if resource is not None:
        query = query.where(SyncRun.resource == resource)
    query = query.order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
    if last is not None:
        query = query.limit(last)
    runs = list(query)
    errors: dict[int, list[dict[str, Any]]] = {}
    for chunk in _chunks([r.id for r in runs] if with_errors else []):
        for e in SyncError.select().where(SyncError.run.in_(chunk)).order_by(SyncError.id):
            errors.setdefault(e.run_id, []).append(
                {"record": e.record, "field": e.field, "message": e.message,
                 "resolved": bool(e.resolved)}
            )
    result = []
    for run in runs:
        seconds = (
            (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        )
        result.append({
            "id": run.id,
            "shop": run.shop.code,
            "resource": run.resource,
            "status": run.status,
            "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at),
            "seconds": seconds,
            "created": run.created,
            "updated": run.updated,
            "skipped": run.skipped,
            "failed": run.failed,
            "api_cost": run.api_cost,
            "requests": run.requests,
            "message": run.message,
            "errors": errors.get(run.id, []),
        })
    return result


# --- Customer sync helpers (batch reads for the customers job) ---------------------------


def list_customers_plain() -> list[CustomerRow]:
    """Every local customer without its link (no per-row subquery): for indexing 100k rows.
    For a real shop card's sync, without the demo's sample customers (`local_customers`)."""
    names = [getattr(Customer, k) for k in CUSTOMER_FIELDS]
    rows = []
    query = Customer.select(*names)
    visible = local_customers.visible_condition(None)
    if visible is not None:
        query = query.where(visible)
    for values in query.tuples().iterator():
        data = dict(zip(CUSTOMER_FIELDS, values))
        data["blocked"] = bool(data["blocked"])
        rows.append(CustomerRow(**data))
    return rows


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
    shop_row = _shop_row(shop)
    wanted = list(dict.fromkeys(shopify_ids))
    found: dict[str, StagedState] = {}
    for chunk in _chunks(wanted):
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
        (ShopifyCustomer.shop == _shop_row(shop)) & (ShopifyCustomer.review_state != "")
    )
    return sorted(gid for (gid,) in query.tuples())


def set_review_state(shop: str, shopify_id: str, review_state: str, review_note: str = "") -> None:
    """Set (or clear, with "") a staged customer's review state; its link is kept."""
    if review_state not in ShopifyCustomer.REVIEW_STATES:
        raise StoreError(f"Unknown review state '{review_state}'")
    with transaction():
        ShopifyCustomer.update(review_state=review_state, review_note=review_note).where(
            (ShopifyCustomer.shop == _shop_row(shop))
            & (ShopifyCustomer.shopify_id == shopify_id)
        ).execute()
