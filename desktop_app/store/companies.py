"""Business customers in the store: local details and ship-to addresses, the Shopify company
mirror and its links (schema: `migrations/m0005_companies.py`).

A local customer of category "organisation" is what a Shopify company maps to
(`ShopifyCompany.customer`). Each company location maps to one place of that customer:
`ship_to_code` "" is the customer's own (main) address, any other code one of its
`ShipToAddress` rows, and NULL means not linked yet. Other layers use the functions here,
which return plain dataclasses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee

from desktop_app.errors import NotFoundError
from desktop_app.records import widths
from desktop_app.records.addresses import OrganisationAddress
from desktop_app.records.companies import CompanyLocationDetails, CompanyRecord
from desktop_app.records.organisations import OrganisationDetails
from desktop_app.store import customer_scope
from desktop_app.store.database import transaction
from desktop_app.store.models import (
    BaseModel,
    Customer,
    JsonTextField,
    LocalAddressColumns,
    Shop,
    UtcDateTimeField,
    customer_by_no,
    utc_now,
)
from desktop_app.store.shops import shop_by_code
from desktop_app.store.values import record_of

MAIN_ADDRESS = ""


class BusinessDetails(BaseModel):
    """What an organisation has beyond a customer: tax ids and its payment terms."""

    customer = peewee.ForeignKeyField(Customer, backref="business_details", unique=True,
                                      on_delete="CASCADE")
    registration_no = peewee.CharField(max_length=30, default="", index=True)
    vat_registration_no = peewee.CharField(max_length=30, default="", index=True)
    payment_terms = peewee.CharField(max_length=20, default="")
    updated_at = UtcDateTimeField(default=utc_now)


class ShipToAddress(LocalAddressColumns):
    """A further address of a customer (Business Central's "Ship-to Address"): its code, the
    `LocalAddressColumns`, an e-mail, payment terms and a tax registration number."""

    customer = peewee.ForeignKeyField(Customer, backref="ship_to_addresses", on_delete="CASCADE")
    code = peewee.CharField(max_length=widths.SHIP_TO_CODE)
    email = peewee.CharField(max_length=widths.CUSTOMER.email, default="")
    payment_terms = peewee.CharField(max_length=20, default="")
    tax_registration_no = peewee.CharField(max_length=widths.TAX_REGISTRATION_NO, default="")
    updated_at = UtcDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("customer", "code"), True),)


class PaymentTermsMapping(BaseModel):
    """A Shopify payment terms template and the local payment terms code it stands for."""

    shop = peewee.ForeignKeyField(Shop, backref="payment_terms", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=100, default="")
    terms_type = peewee.CharField(max_length=20, default="")
    due_in_days = peewee.IntegerField(null=True)
    payment_terms_code = peewee.CharField(max_length=20, default="")

    class Meta:
        indexes = ((("shop", "shopify_id"), True),)


class ShopifyCompany(BaseModel):
    """A Shopify company as last seen in one shop, and its link to a local organisation."""

    shop = peewee.ForeignKeyField(Shop, backref="shopify_companies", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=255, default="")
    external_id = peewee.CharField(max_length=64, default="")
    note = peewee.TextField(default="")
    main_contact_id = peewee.CharField(max_length=100, default="")
    main_contact_customer_id = peewee.CharField(max_length=100, default="")
    main_contact_first_name = peewee.CharField(max_length=100, default="")
    main_contact_last_name = peewee.CharField(max_length=100, default="")
    main_contact_email = peewee.CharField(max_length=254, default="")
    main_contact_phone = peewee.CharField(max_length=30, default="")
    shopify_created_at = UtcDateTimeField(null=True)
    shopify_updated_at = UtcDateTimeField(null=True)
    last_updated_by_app = UtcDateTimeField(null=True)
    customer = peewee.ForeignKeyField(Customer, backref="shopify_companies", null=True,
                                      on_delete="SET NULL")
    match_reason = peewee.CharField(max_length=20, default="")
    review_state = peewee.CharField(max_length=20, default="")
    review_note = peewee.TextField(default="")
    fetched_at = UtcDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("shop", "shopify_id"), True),)


class ShopifyCompanyLocation(BaseModel):
    """A location of a staged company and the local address it is."""

    company = peewee.ForeignKeyField(ShopifyCompany, backref="locations", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=255, default="")
    external_id = peewee.CharField(max_length=64, default="")
    phone = peewee.CharField(max_length=30, default="")
    tax_registration_id = peewee.CharField(max_length=50, default="")
    tax_exempt = peewee.BooleanField(default=False)
    payment_terms_id = peewee.CharField(max_length=100, default="")
    payment_terms_name = peewee.CharField(max_length=100, default="")
    payment_terms_type = peewee.CharField(max_length=20, default="")
    due_in_days = peewee.IntegerField(null=True)
    billing_address = JsonTextField(default=dict)
    shipping_address = JsonTextField(default=dict)
    ship_to_code = peewee.CharField(max_length=10, null=True)
    sell_to_no = peewee.CharField(max_length=20, default="")
    bill_to_no = peewee.CharField(max_length=20, default="")
    shopify_updated_at = UtcDateTimeField(null=True)

    class Meta:
        indexes = ((("company", "shopify_id"), True),)


COMPANY_MODELS: tuple[type[BaseModel], ...] = (
    BusinessDetails, ShipToAddress, PaymentTermsMapping, ShopifyCompany, ShopifyCompanyLocation,
)


# --- plain records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StagedLocation(CompanyLocationDetails):
    """A staged company location (addresses as the records' dicts)."""

    billing_address: dict = dataclasses.field(default_factory=dict)
    shipping_address: dict = dataclasses.field(default_factory=dict)
    ship_to_code: str | None = None
    sell_to_no: str = ""
    bill_to_no: str = ""


@dataclass(frozen=True)
class StagedCompany:
    """A staged company, its locations, and the local customer it is linked to."""

    shopify_id: str
    name: str = ""
    external_id: str = ""
    main_contact_id: str = ""
    main_contact_email: str = ""
    main_contact_phone: str = ""
    main_contact_first_name: str = ""
    main_contact_last_name: str = ""
    shopify_updated_at: dt.datetime | None = None
    customer_no: str | None = None
    match_reason: str = ""
    review_state: str = ""
    locations: tuple[StagedLocation, ...] = ()


@dataclass(frozen=True)
class ShipToRow(OrganisationAddress):
    """A local ship-to address of customer `customer_no`."""

    customer_no: str = field(kw_only=True)
    email: str = ""


@dataclass(frozen=True)
class _CustomerNo:
    customer_no: str


@dataclass(frozen=True)
class BusinessRow(OrganisationDetails, _CustomerNo):
    """The business details of the organisation `customer_no` ("" when it has none)."""


_SHIP_TO_FIELDS = tuple(f.name for f in dataclasses.fields(ShipToRow) if f.name != "customer_no")
#: What a staged location takes over from the fetched one as it is.
_LOCATION_DETAILS = tuple(
    f.name for f in dataclasses.fields(CompanyLocationDetails) if f.name != "shopify_id"
)


# --- local business data -------------------------------------------------------------------


def set_business_details(no: str, **values: str) -> None:
    """Create or change the business details of customer `no` (registration_no,
    vat_registration_no, payment_terms). Raises NotFoundError."""
    customer = customer_by_no(no)
    with transaction():
        row = BusinessDetails.get_or_none(BusinessDetails.customer == customer)
        if row is None:
            row = BusinessDetails(customer=customer)
        for key, value in values.items():
            setattr(row, key, (value or "").strip())
        row.updated_at = utc_now()
        row.save()


def business_details(no: str) -> BusinessRow:
    """The business details of customer `no` (blank when it has none)."""
    row = (BusinessDetails.select().join(Customer).where(Customer.no == no).first())
    if row is None:
        return BusinessRow(no)
    return BusinessRow(no, row.registration_no, row.vat_registration_no, row.payment_terms)


def all_business_details() -> list[BusinessRow]:
    """The business details of every customer that has some."""
    query = BusinessDetails.select(BusinessDetails, Customer.no).join(Customer)
    return [BusinessRow(r.customer.no, r.registration_no, r.vat_registration_no, r.payment_terms)
            for r in query]


def upsert_ship_to(no: str, code: str, values: Mapping[str, Any]) -> ShipToRow:
    """Create or change ship-to address `code` of customer `no`. Raises NotFoundError."""
    customer = customer_by_no(no)
    with transaction():
        row = ShipToAddress.get_or_none(
            (ShipToAddress.customer == customer) & (ShipToAddress.code == code))
        if row is None:
            row = ShipToAddress(customer=customer, code=code)
        for key in _SHIP_TO_FIELDS:
            if key in values and key != "code":
                setattr(row, key, values[key] or "")
        row.updated_at = utc_now()
        row.save()
    return _ship_to_row(row, no)


def _ship_to_row(row: ShipToAddress, no: str) -> ShipToRow:
    return record_of(ShipToRow, row, customer_no=no)


def ship_to_addresses(no: str) -> list[ShipToRow]:
    """The ship-to addresses of customer `no`, by code."""
    query = (ShipToAddress.select().join(Customer).where(Customer.no == no)
             .order_by(ShipToAddress.code))
    return [_ship_to_row(r, no) for r in query]


def next_ship_to_code(no: str, prefix: str = "L") -> str:
    """A free ship-to code for customer `no`: `prefix` + the next number."""
    codes = {r.code for r in ship_to_addresses(no)}
    number = 1
    while f"{prefix}{number}" in codes:
        number += 1
    return f"{prefix}{number}"


def organisations(shop: str, *, export_all: bool,
                  update_all: bool = False) -> list[tuple[str, str | None]]:
    """Local organisation customers to export: (customer no., linked company GID or None).

    As for customers: those assigned to web upload, every unlinked one with `export_all`,
    every linked one with `update_all`. Blocked customers are left out.
    """
    shop_row = shop_by_code(shop)
    # Ticks belong to this shop card, and a real card never sees the demo's customers.
    ticked = customer_scope.ticked_condition(shop_row.id)
    query = Customer.select(Customer.id, Customer.no, ticked.alias("ticked")).where(
        (Customer.category == "organisation") & (Customer.blocked == False)  # noqa: E712
    )
    visible = customer_scope.visible_condition(shop)
    if visible is not None:
        query = query.where(visible)
    if not (export_all or update_all):
        query = query.where(customer_scope.ticked_filter(shop_row.id))
    links = {
        c.customer_id: c.shopify_id
        for c in ShopifyCompany.select(ShopifyCompany.customer, ShopifyCompany.shopify_id)
        .where((ShopifyCompany.shop == shop_row) & ShopifyCompany.customer.is_null(False))
    }
    chosen = []
    for c in query.order_by(Customer.no):
        gid = links.get(c.id)
        if c.ticked or (update_all if gid else export_all):
            chosen.append((c.no, gid))
    return chosen


# --- payment terms -------------------------------------------------------------------------


def save_payment_terms(shop: str, templates: Iterable[Mapping[str, Any]]) -> None:
    """Store Shopify's payment terms templates; a new one gets `default_code` as local code,
    an existing one keeps the code the merchant may have changed."""
    shop_row = shop_by_code(shop)
    with transaction():
        for t in templates:
            row = PaymentTermsMapping.get_or_none(
                (PaymentTermsMapping.shop == shop_row)
                & (PaymentTermsMapping.shopify_id == t["shopify_id"]))
            if row is None:
                row = PaymentTermsMapping(shop=shop_row, shopify_id=t["shopify_id"],
                                          payment_terms_code=t.get("default_code", ""))
            row.name = t.get("name", "")
            row.terms_type = t.get("terms_type", "")
            row.due_in_days = t.get("due_in_days")
            row.save()


@dataclass(frozen=True)
class PaymentTermsRow:
    """A Shopify payment terms template of a shop and its local code ("" when unmapped)."""

    shopify_id: str
    name: str
    terms_type: str
    due_in_days: int | None
    payment_terms_code: str


def payment_terms_rows(shop: str) -> list[PaymentTermsRow]:
    """Every payment terms template of the shop, in the order they were first read."""
    shop_row = shop_by_code(shop)
    return [PaymentTermsRow(r.shopify_id, r.name, r.terms_type, r.due_in_days,
                            r.payment_terms_code)
            for r in PaymentTermsMapping.select().where(PaymentTermsMapping.shop == shop_row)
            .order_by(PaymentTermsMapping.id)]


def payment_terms_codes(shop: str) -> dict[str, str]:
    """Shopify template GID -> local payment terms code (mapped rows only)."""
    shop_row = shop_by_code(shop)
    return {r.shopify_id: r.payment_terms_code for r in PaymentTermsMapping.select()
            .where(PaymentTermsMapping.shop == shop_row) if r.payment_terms_code}


# --- Shopify mirror --------------------------------------------------------------------------


def _company(shop_row: Shop, shopify_id: str) -> ShopifyCompany | None:
    return ShopifyCompany.get_or_none(
        (ShopifyCompany.shop == shop_row) & (ShopifyCompany.shopify_id == shopify_id))


def _staged(row: ShopifyCompany) -> StagedCompany:
    locations = tuple(
        record_of(StagedLocation, loc)
        for loc in row.locations.order_by(ShopifyCompanyLocation.id)
    )
    return StagedCompany(
        shopify_id=row.shopify_id, name=row.name, external_id=row.external_id,
        main_contact_id=row.main_contact_id,
        main_contact_email=row.main_contact_email, main_contact_phone=row.main_contact_phone,
        main_contact_first_name=row.main_contact_first_name,
        main_contact_last_name=row.main_contact_last_name,
        shopify_updated_at=row.shopify_updated_at,
        customer_no=row.customer.no if row.customer_id else None,
        match_reason=row.match_reason, review_state=row.review_state, locations=locations,
    )


def get_company(shop: str, shopify_id: str) -> StagedCompany:
    """A staged company. Raises NotFoundError."""
    row = _company(shop_by_code(shop), shopify_id)
    if row is None:
        raise NotFoundError(f"Company {shopify_id} is not staged in shop {shop}")
    return _staged(row)


def list_companies(shop: str) -> list[StagedCompany]:
    """Every staged company of a shop, by GID."""
    query = (ShopifyCompany.select().where(ShopifyCompany.shop == shop_by_code(shop))
             .order_by(ShopifyCompany.shopify_id))
    return [_staged(r) for r in query]


def stage_company(shop: str, record: CompanyRecord) -> bool:
    """Store a fetched company and its locations; True when it changed
    since last staged (a newer `updatedAt`, or new to the store).

    Location links (`ship_to_code`, overrides) are kept; locations Shopify no longer lists
    are removed.
    """
    shop_row = shop_by_code(shop)
    with transaction():
        row = _company(shop_row, record.shopify_id)
        changed = row is None or (
            record.updated_at is not None
            and (row.shopify_updated_at is None or record.updated_at > row.shopify_updated_at)
        )
        if row is None:
            row = ShopifyCompany(shop=shop_row, shopify_id=record.shopify_id)
        contact = record.main_contact
        row.name = record.name
        row.external_id = record.external_id
        row.note = record.note
        row.main_contact_id = contact.shopify_id if contact else ""
        row.main_contact_customer_id = contact.customer_id if contact else ""
        row.main_contact_first_name = contact.first_name if contact else ""
        row.main_contact_last_name = contact.last_name if contact else ""
        row.main_contact_email = contact.email if contact else ""
        row.main_contact_phone = contact.phone if contact else ""
        row.shopify_created_at = record.created_at
        row.shopify_updated_at = record.updated_at
        row.fetched_at = utc_now()
        row.save()
        kept = []
        for location in record.locations:
            loc = ShopifyCompanyLocation.get_or_none(
                (ShopifyCompanyLocation.company == row)
                & (ShopifyCompanyLocation.shopify_id == location.shopify_id))
            if loc is None:
                loc = ShopifyCompanyLocation(company=row, shopify_id=location.shopify_id)
            for key in _LOCATION_DETAILS:
                setattr(loc, key, getattr(location, key))
            loc.billing_address = dataclasses.asdict(location.billing) if location.billing else {}
            loc.shipping_address = (dataclasses.asdict(location.shipping)
                                    if location.shipping else {})
            loc.shopify_updated_at = location.updated_at
            loc.save()
            kept.append(loc.id)
        ShopifyCompanyLocation.delete().where(
            (ShopifyCompanyLocation.company == row) & ShopifyCompanyLocation.id.not_in(kept or [0])
        ).execute()
    return changed


def link_company(shop: str, shopify_id: str, no: str | None, *, reason: str = "",
                 review_state: str = "", review_note: str = "") -> None:
    """Link a staged company to local customer `no` (None unlinks) and set its review state."""
    row = _company(shop_by_code(shop), shopify_id)
    if row is None:
        raise NotFoundError(f"Company {shopify_id} is not staged in shop {shop}")
    row.customer = customer_by_no(no) if no else None
    row.match_reason = reason if no else ""
    row.review_state = review_state
    row.review_note = review_note
    row.save()


def link_location(shop: str, company_id: str, location_id: str, ship_to_code: str | None,
                  *, sell_to_no: str | None = None, bill_to_no: str | None = None) -> None:
    """Link a staged location to the company customer's main address ("") or a ship-to code;
    optionally set its Sell-to/Bill-to overrides."""
    row = _company(shop_by_code(shop), company_id)
    if row is None:
        raise NotFoundError(f"Company {company_id} is not staged in shop {shop}")
    loc = ShopifyCompanyLocation.get_or_none(
        (ShopifyCompanyLocation.company == row) & (ShopifyCompanyLocation.shopify_id == location_id))
    if loc is None:
        raise NotFoundError(f"Company location {location_id} is not staged in shop {shop}")
    loc.ship_to_code = ship_to_code
    if sell_to_no is not None:
        loc.sell_to_no = sell_to_no
    if bill_to_no is not None:
        loc.bill_to_no = bill_to_no
    loc.save()


def mark_company_updated_by_app(shop: str, shopify_id: str, moment: dt.datetime) -> None:
    """Remember that Shopify's `updatedAt` `moment` is our own export (no echo import)."""
    (ShopifyCompany.update(last_updated_by_app=moment)
     .where((ShopifyCompany.shop == shop_by_code(shop)) & (ShopifyCompany.shopify_id == shopify_id))
     .execute())


def company_of_customer(shop: str, no: str) -> str | None:
    """The GID of the company linked to local customer `no` in `shop`, or None."""
    row = (ShopifyCompany.select(ShopifyCompany.shopify_id).join(Customer)
           .where((ShopifyCompany.shop == shop_by_code(shop)) & (Customer.no == no)).first())
    return row.shopify_id if row else None


def organisation_nos() -> list[str]:
    """Numbers of every local customer of category organisation (what companies map to)."""
    return [no for (no,) in Customer.select(Customer.no)
            .where(Customer.category == "organisation").tuples()]
