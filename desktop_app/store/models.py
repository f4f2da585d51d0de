"""peewee models of the local database (schema: `migrations/m0001_initial.py`).

Every model points at the `DB` proxy. Timestamps are timezone-aware UTC datetimes in Python
and UTC text in the file; money is Decimal beside a currency code; Shopify GIDs live in
`shopify_id` columns, unique per shop. Other layers should prefer the store's subject
modules (`store.shops`, `store.customers`...), which return plain dataclasses.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

import peewee

from desktop_app.errors import NotFoundError
from desktop_app.records import widths
from desktop_app.store import settings as shop_settings
from desktop_app.store.database import DB

UTC = dt.timezone.utc
_TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC, to the microsecond."""
    return dt.datetime.now(UTC)


class UtcDateTimeField(peewee.Field):
    """A timezone-aware datetime stored as UTC text that sorts chronologically.

    Naive datetimes are refused: whether they mean UTC or local time cannot be known.
    """

    field_type = "TEXT"

    def db_value(self, value: dt.datetime | str | None) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):  # already stored form, e.g. from a raw query
            return value
        if not isinstance(value, dt.datetime):
            raise TypeError(f"{self.name}: expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{self.name}: naive datetime; pass a timezone-aware UTC value")
        return value.astimezone(UTC).strftime(_TS_FORMAT)

    def python_value(self, value: str | None) -> dt.datetime | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if len(value) == 26 and value[10] == " ":  # the stored form: parse it fast
            # strptime takes 12 us, fromisoformat 0.1 us: a page of 500 customers has 1,000
            # timestamps, 12 ms of every search, sort and scroll (issue 9's table benchmark).
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                return parsed.replace(tzinfo=UTC)
        return dt.datetime.strptime(value, _TS_FORMAT).replace(tzinfo=UTC)


class MoneyField(peewee.DecimalField):
    """A Decimal rounded to its places on the way in and out (never a float in Python)."""

    def __init__(self, decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("auto_round", True)
        kwargs.setdefault("rounding", decimal.ROUND_HALF_UP)
        super().__init__(decimal_places=decimal_places, **kwargs)

    def python_value(self, value: Any) -> decimal.Decimal | None:
        result = super().python_value(value)
        if result is None:
            return None
        return result.quantize(self._exp, rounding=self.rounding)


class JsonTextField(peewee.TextField):
    """A dict stored as compact, key-sorted JSON text."""

    def db_value(self, value: dict | None) -> str:
        return json.dumps(value or {}, sort_keys=True, separators=(",", ":"))

    def python_value(self, value: str | None) -> dict:
        return json.loads(value) if value else {}


class BaseModel(peewee.Model):
    class Meta:
        database = DB
        legacy_table_names = False


# --- Shops -----------------------------------------------------------------------------------


class _SettingOrModelGet:
    """`Shop.get(...)` stays peewee's query; `shop.get(name)` reads a Shop Card setting."""

    def __get__(self, instance: Shop | None, owner: type[Shop]) -> Any:
        if instance is None:
            return peewee.Model.__dict__["get"].__get__(None, owner)
        return instance.get_setting


class Shop(BaseModel):
    """One shop card: where the shop is, how to authenticate, and its settings."""

    AUTH_METHODS = ("token", "client_credentials")

    code = peewee.CharField(max_length=20, unique=True)
    name = peewee.CharField(max_length=100, default="")
    domain = peewee.CharField(max_length=255, null=True)
    api_url = peewee.CharField(max_length=255, null=True)
    is_demo = peewee.BooleanField(default=False)
    auth_method = peewee.CharField(max_length=20, default="token")
    client_id = peewee.CharField(max_length=255, null=True)
    settings = JsonTextField(default=dict)
    # Cached from Test connection.
    shopify_name = peewee.CharField(max_length=255, null=True)
    plan = peewee.CharField(max_length=100, null=True)
    currency = peewee.CharField(max_length=3, null=True)
    timezone = peewee.CharField(max_length=100, null=True)
    country = peewee.CharField(max_length=2, null=True)  # since schema v2
    api_version = peewee.CharField(max_length=20, null=True)
    scopes = peewee.TextField(null=True)  # comma-separated access scope handles
    info_checked_at = UtcDateTimeField(null=True)
    created_at = UtcDateTimeField(default=utc_now)

    get = _SettingOrModelGet()

    def get_setting(self, name: str) -> shop_settings.Value:
        """The value of setting `name`, its registry default when never set.

        Raises:
            SettingError: `name` is not a known setting.
        """
        if name not in shop_settings.BY_NAME:
            raise shop_settings.SettingError(f"Unknown setting '{name}'", setting=name)
        return self.settings.get(name, shop_settings.BY_NAME[name].default)

    def all_settings(self) -> dict[str, shop_settings.Value]:
        """Every setting of the registry, stored value or default."""
        values = shop_settings.defaults()
        values.update({k: v for k, v in self.settings.items() if k in shop_settings.BY_NAME})
        return values

    def set_many(self, values: dict[str, object]) -> dict[str, shop_settings.Value]:
        """Validate and apply several settings at once (not saved: call `save()`).

        Every value is checked with `settings.parse_value`, then the combined result with
        `settings.check_consistency`; nothing changes if any check fails.

        Returns:
            The parsed values that were applied.

        Raises:
            SettingError: an unknown name, a bad value, or inconsistent settings.
        """
        parsed = {name: shop_settings.parse_value(name, raw) for name, raw in values.items()}
        merged = self.all_settings()
        merged.update(parsed)
        problems = shop_settings.check_consistency(merged)
        if problems:
            raise shop_settings.SettingError("; ".join(problems))
        stored = dict(self.settings)
        stored.update(parsed)
        self.settings = stored
        return parsed

    @property
    def scope_list(self) -> list[str]:
        return [s for s in (self.scopes or "").split(",") if s]


class CustomerTemplate(BaseModel):
    """A local template: the defaults a new customer gets."""

    code = peewee.CharField(max_length=20, unique=True)
    description = peewee.CharField(max_length=100, default="")
    country = peewee.CharField(max_length=2, default="")
    tax_area = peewee.CharField(max_length=20, default="")
    tax_liable = peewee.BooleanField(default=False)
    payment_terms = peewee.CharField(max_length=20, default="")
    currency = peewee.CharField(max_length=3, default="")
    category = peewee.CharField(max_length=20, default="person")
    customer_posting_group = peewee.CharField(max_length=20, default="")
    gen_bus_posting_group = peewee.CharField(max_length=20, default="")
    vat_bus_posting_group = peewee.CharField(max_length=20, default="")


class ShopCustomerTemplate(BaseModel):
    """Business Central's "Shopify Customer Template": per shop and country."""

    shop = peewee.ForeignKeyField(Shop, backref="customer_templates", on_delete="CASCADE")
    country_code = peewee.CharField(max_length=2)
    default_customer_no = peewee.CharField(max_length=20, default="")
    template_code = peewee.CharField(max_length=20, default="")
    tax_area = peewee.CharField(max_length=20, default="")
    county_source = peewee.CharField(max_length=10, default="")  # since v14; "" = the shop's

    class Meta:
        indexes = ((("shop", "country_code"), True),)


class TaxArea(BaseModel):
    """County code and name of a country, with the tax area they map to (per shop)."""

    shop = peewee.ForeignKeyField(Shop, backref="tax_areas", on_delete="CASCADE")
    country_code = peewee.CharField(max_length=2)
    county_code = peewee.CharField(max_length=10, default="")
    county_name = peewee.CharField(max_length=100, default="")
    tax_area_code = peewee.CharField(max_length=20, default="")
    tax_liable = peewee.BooleanField(default=False)

    class Meta:
        indexes = ((("shop", "country_code", "county_code"), True),)


# --- Local business data -------------------------------------------------------------------


class LocalAddressColumns(BaseModel):
    """The columns of a local address (`records.addresses.LocalAddress`), of the widths in
    `records.widths.ADDRESS`, that `Customer` and `companies.ShipToAddress` inherit (peewee
    copies a base model's fields into each subclass). It has no table: no list of models
    names it, and each table's SQL is its migration's."""

    name = peewee.CharField(max_length=widths.ADDRESS.name, default="")
    name_2 = peewee.CharField(max_length=widths.ADDRESS.name_2, default="")
    contact = peewee.CharField(max_length=widths.ADDRESS.contact, default="")
    address = peewee.CharField(max_length=widths.ADDRESS.address, default="")
    address_2 = peewee.CharField(max_length=widths.ADDRESS.address_2, default="")
    city = peewee.CharField(max_length=widths.ADDRESS.city, default="")
    post_code = peewee.CharField(max_length=widths.ADDRESS.post_code, default="")
    county = peewee.CharField(max_length=widths.ADDRESS.county, default="")
    country = peewee.CharField(max_length=widths.ADDRESS.country, default="")
    phone = peewee.CharField(max_length=widths.ADDRESS.phone, default="")


class Customer(LocalAddressColumns):
    """A local customer. `updated_at` moves on every save, so exports can spot edits.

    Its address columns are `LocalAddressColumns`; its name is required, and its phone (E.164
    when valid) is indexed."""

    CATEGORIES = ("person", "organisation")

    no = peewee.CharField(max_length=widths.CUSTOMER_NO, unique=True)
    name = peewee.CharField(max_length=widths.CUSTOMER.name)
    phone = peewee.CharField(max_length=widths.CUSTOMER.phone, default="", index=True)
    phone_ext = peewee.CharField(max_length=widths.CUSTOMER.phone_ext, default="")
    email = peewee.CharField(max_length=widths.CUSTOMER.email, default="")  # as typed: a list?
    email_key = peewee.CharField(max_length=254, default="", index=True)  # first, lowercased
    template = peewee.CharField(max_length=20, default="")
    category = peewee.CharField(max_length=20, default="person")
    blocked = peewee.BooleanField(default=False)
    # Since v10 (`m0010_local_customers_per_shop.py`): a sample customer of the demo shop
    # card `demo_shop` (None: the merchant's own), and whether the merchant changed it
    # (then it stays when the demo card is removed). See `store/local_customers.py`.
    demo_shop = peewee.ForeignKeyField(Shop, null=True, backref="demo_customers",
                                       column_name="demo_shop_id")
    demo_kept = peewee.BooleanField(default=False)
    created_at = UtcDateTimeField(default=utc_now)
    updated_at = UtcDateTimeField(default=utc_now, index=True)

    def save(self, *args: Any, **kwargs: Any) -> int:
        """Save, refreshing `email_key` and `updated_at`."""
        self.email_key = email_key(self.email)
        self.updated_at = utc_now()
        return super().save(*args, **kwargs)


def customer_by_no(no: str) -> Customer:
    """The row of local customer `no`.

    Raises:
        NotFoundError: no such customer.
    """
    customer = Customer.get_or_none(Customer.no == no)
    if customer is None:
        raise NotFoundError(f"There is no customer '{no}'", customer=no)
    return customer


def email_key(text: str | None) -> str:
    """The first e-mail of a `;`/`,` list, trimmed and lowercased: what matching compares."""
    from desktop_app.validation import first_email

    return (first_email(text or "") or "").lower()


class CustomerWebUpload(BaseModel):
    """An "Assign to Web Upload" tick: this customer goes up to this shop card's store
    (since v10; the ticks used to be one flag for every shop card)."""

    shop = peewee.ForeignKeyField(Shop, backref="web_upload_ticks", on_delete="CASCADE")
    customer = peewee.ForeignKeyField(Customer, backref="web_upload_ticks", on_delete="CASCADE")

    class Meta:
        table_name = "customer_web_upload"
        primary_key = peewee.CompositeKey("shop", "customer")


class Item(BaseModel):
    """A local item. The SKU is unique when it is not blank."""

    no = peewee.CharField(max_length=20, unique=True)
    description = peewee.CharField(max_length=100, default="")
    sku = peewee.CharField(max_length=50, default="")
    unit_price = MoneyField(decimal_places=4, default=decimal.Decimal(0))
    currency = peewee.CharField(max_length=3, default="")
    created_at = UtcDateTimeField(default=utc_now)
    updated_at = UtcDateTimeField(default=utc_now)


class CodeModel(BaseModel):
    """A row of a local code table (`store.code_tables`): its code (Business Central's 20
    characters, unique); each table adds its text column."""

    code = peewee.CharField(max_length=20, unique=True)


class Location(CodeModel):
    """A local location (`store.local_locations`): what Shopify locations and the Shop Card's
    return location name."""

    name = peewee.CharField(max_length=100, default="")


# --- Shopify mirror ---------------------------------------------------------------------


class ShopifyCustomer(BaseModel):
    """A Shopify customer as last seen in one shop, and its link to a local customer."""

    REVIEW_STATES = ("", "ambiguous", "error")

    shop = peewee.ForeignKeyField(Shop, backref="shopify_customers", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    first_name = peewee.CharField(max_length=100, default="")
    last_name = peewee.CharField(max_length=100, default="")
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=30, default="")
    company = peewee.CharField(max_length=255, default="")
    state = peewee.CharField(max_length=20, default="")
    tags = peewee.TextField(default="")
    note = peewee.TextField(default="")
    shopify_created_at = UtcDateTimeField(null=True)
    shopify_updated_at = UtcDateTimeField(null=True)
    last_updated_by_app = UtcDateTimeField(null=True)
    customer = peewee.ForeignKeyField(
        Customer, backref="shopify_links", null=True, on_delete="SET NULL"
    )
    match_reason = peewee.CharField(max_length=20, default="")
    review_state = peewee.CharField(max_length=20, default="")
    review_note = peewee.TextField(default="")
    fetched_at = UtcDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("shop", "shopify_id"), True),)


class ShopifyAddress(BaseModel):
    shopify_customer = peewee.ForeignKeyField(
        ShopifyCustomer, backref="addresses", on_delete="CASCADE"
    )
    shopify_id = peewee.CharField(max_length=100)
    is_default = peewee.BooleanField(default=False)
    first_name = peewee.CharField(max_length=100, default="")
    last_name = peewee.CharField(max_length=100, default="")
    company = peewee.CharField(max_length=255, default="")
    address1 = peewee.CharField(max_length=255, default="")
    address2 = peewee.CharField(max_length=255, default="")
    city = peewee.CharField(max_length=100, default="")
    province = peewee.CharField(max_length=100, default="")
    province_code = peewee.CharField(max_length=10, default="")
    zip = peewee.CharField(max_length=20, default="")
    country = peewee.CharField(max_length=100, default="")
    country_code = peewee.CharField(max_length=2, default="")
    phone = peewee.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("shopify_customer", "shopify_id"), True),)


class CustomerAgreed(BaseModel):
    """Both sides of a linked customer as they stood after their last exchange (since v9;
    read and written by `store/agreed.py`): the local fields and Shopify's, as JSON."""

    shop = peewee.ForeignKeyField(Shop, backref="agreed_customers", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    customer = peewee.ForeignKeyField(Customer, backref="agreed", on_delete="CASCADE")
    local_values = JsonTextField(default=dict)
    shopify_values = JsonTextField(default=dict)
    agreed_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "customer_agreed"
        indexes = ((("shop", "shopify_id"), True),)


# --- Sync bookkeeping ---------------------------------------------------------------------


class SyncState(BaseModel):
    """Where the last sync of a resource stopped, per shop."""

    shop = peewee.ForeignKeyField(Shop, backref="sync_states", on_delete="CASCADE")
    resource = peewee.CharField(max_length=30)
    watermark = UtcDateTimeField(null=True)
    cursor = peewee.TextField(null=True)
    bulk_operation_id = peewee.CharField(max_length=100, null=True)
    data = JsonTextField(default=dict)
    updated_at = UtcDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("shop", "resource"), True),)


class SyncRun(BaseModel):
    """One run of one resource (a sync, order actions, a local command): when, how it
    ended, and its counts. `shop` is None for a command that belongs to no shop
    (`customers import`, `documents post-invoice`...)."""

    STATUSES = ("running", "ok", "partial", "failed", "cancelled")

    shop = peewee.ForeignKeyField(Shop, backref="sync_runs", on_delete="CASCADE", null=True)
    resource = peewee.CharField(max_length=30)
    started_at = UtcDateTimeField(default=utc_now)
    finished_at = UtcDateTimeField(null=True)
    status = peewee.CharField(max_length=20, default="running")
    created = peewee.IntegerField(default=0)
    updated = peewee.IntegerField(default=0)
    skipped = peewee.IntegerField(default=0)
    failed = peewee.IntegerField(default=0)
    api_cost = peewee.FloatField(default=0)  # query cost points, not money
    requests = peewee.IntegerField(default=0)
    message = peewee.TextField(default="")
    #: Which way records went (m0022): {"shopify": {"created", "updated", "linked"}, "local":
    #: {...}, "conflicts"}; {} for older runs and runs that count no sides.
    sides = JsonTextField(null=True)


class RunError(BaseModel):
    """One record a run could not process (`level` "error"), or did but the merchant should
    look at (`level` "warning", with its stable `code`), with the field and reason."""

    LEVELS = ("error", "warning")

    run = peewee.ForeignKeyField(SyncRun, backref="errors", on_delete="CASCADE")
    record = peewee.CharField(max_length=255, default="")
    field = peewee.CharField(max_length=100, default="")
    message = peewee.TextField()
    resolved = peewee.BooleanField(default=False)
    level = peewee.CharField(max_length=10, default="error")
    code = peewee.CharField(max_length=50, default="")

    class Meta:
        table_name = "sync_error"


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Shop,
    CustomerTemplate,
    ShopCustomerTemplate,
    TaxArea,
    Customer,
    CustomerWebUpload,
    Item,
    Location,
    ShopifyCustomer,
    ShopifyAddress,
    CustomerAgreed,
    SyncState,
    SyncRun,
    RunError,
)
