"""Customer templates, a shop's per-country templates and its tax areas (counties).

The templates fill in a new customer made from a Shopify customer or order; the tax areas
turn a Shopify province into Business Central's county and tax area.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.database import transaction
from desktop_app.store.models import Customer, CustomerTemplate, ShopCustomerTemplate, TaxArea
from desktop_app.store.shops import shop_by_code
from desktop_app.store.values import field_value, has_field


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
    data = {k: field_value(template, k) for k in _TEMPLATE_FIELDS if has_field(template, k)}
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
        shop_row = shop_by_code(shop)
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
    shop_row = shop_by_code(shop)
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
    shop_row = shop_by_code(shop)
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
        shop_row = shop_by_code(shop)
        for item in rows:
            country = str(field_value(item, "country_code", "")).upper()
            county_code = str(field_value(item, "county_code", ""))
            row = TaxArea.get_or_none(
                (TaxArea.shop == shop_row)
                & (TaxArea.country_code == country)
                & (TaxArea.county_code == county_code)
            ) or TaxArea(shop=shop_row, country_code=country, county_code=county_code)
            row.county_name = field_value(item, "county_name", "") or ""
            row.tax_area_code = field_value(item, "tax_area_code", "") or ""
            row.tax_liable = bool(field_value(item, "tax_liable", False))
            row.save()
            count += 1
    return count


def list_tax_areas(shop: str, country_code: str | None = None) -> list[TaxAreaRecord]:
    shop_row = shop_by_code(shop)
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
