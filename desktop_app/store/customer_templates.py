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
from desktop_app.records.tax_areas import TaxAreaRow
from desktop_app.store.database import transaction
from desktop_app.store.models import (
    Customer,
    CustomerTemplate,
    Shop,
    ShopCustomerTemplate,
    TaxArea,
)
from desktop_app.store.setup_checks import (
    SetupInUseError,
    SetupUse,
    SetupValueError,
    check_bool,
    check_choice,
    check_code,
    check_country,
    check_currency,
    check_text,
    optional_code,
)
from desktop_app.store.shops import shop_by_code
from desktop_app.store.tax_area_codes import require_tax_area
from desktop_app.store.values import field_value, has_field, record_of


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
    return record_of(CustomerTemplateRecord, row)


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
    county_source: str = ""  # "code" or "name"; blank follows the Shop Card


def _country_record(row: ShopCustomerTemplate) -> ShopCustomerTemplateRecord:
    return ShopCustomerTemplateRecord(row.country_code, row.default_customer_no,
                                      row.template_code, row.tax_area, row.county_source)


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
    return _country_record(row)


def list_shop_customer_templates(shop: str) -> list[ShopCustomerTemplateRecord]:
    shop_row = shop_by_code(shop)
    return [
        _country_record(r)
        for r in ShopCustomerTemplate.select()
        .where(ShopCustomerTemplate.shop == shop_row)
        .order_by(ShopCustomerTemplate.country_code)
    ]


def county_sources_by_country(shop: str) -> dict[str, str]:
    """{country: "code" | "name"} for the shop's countries whose row sets a county source
    (the others follow the Shop Card's `county_source`)."""
    shop_row = shop_by_code(shop)
    return dict(ShopCustomerTemplate.select(ShopCustomerTemplate.country_code,
                                            ShopCustomerTemplate.county_source)
                .where((ShopCustomerTemplate.shop == shop_row)
                       & (ShopCustomerTemplate.county_source != "")).tuples())


#: A county row as the store hands it out: the record the tax area rule reads.
TaxAreaRecord = TaxAreaRow


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


# --- Setup: the checked changes the setup page and `shop-sync templates ...` make -----------

#: The fields of a template `templates add/set` and the setup page change (not `code`).
TEMPLATE_SETTABLE: tuple[str, ...] = tuple(f for f in _TEMPLATE_FIELDS if f != "code")

#: The per-country template fields `country-templates set` and the setup page change.
COUNTRY_SETTABLE: tuple[str, ...] = ("template", "default_customer_no", "tax_area",
                                     "county_source")
COUNTY_SOURCES: tuple[str, ...] = ("", "code", "name")


def _refuse_unknown(record: str, name: str, known: tuple[str, ...]) -> None:
    """Refuse a field that cannot be set, naming those that can."""
    if name not in known:
        raise SetupValueError(record, name, "unknown field (known: " + ", ".join(known) + ")",
                              kind="unknown_field")


def _template_values(record: str, values: Mapping[str, object]) -> dict[str, Any]:
    """The checked, stored form of template fields (unknown fields refused by name)."""
    checked: dict[str, Any] = {}
    for name, value in values.items():
        _refuse_unknown(record, name, TEMPLATE_SETTABLE)
        if name == "description":
            checked[name] = check_text(value, record, name, 100)
        elif name == "country":
            checked[name] = check_country(value, record, name)
        elif name == "tax_area":
            checked[name] = require_tax_area(value, record, name)
        elif name == "tax_liable":
            checked[name] = check_bool(value, record, name)
        elif name == "currency":
            checked[name] = check_currency(value, record, name)
        elif name == "category":
            checked[name] = check_choice(value or "person", record, name, Customer.CATEGORIES)
        else:  # payment terms and posting groups: codes
            checked[name] = optional_code(value, record, name)
    return checked


def _find_template(code: str) -> CustomerTemplate | None:
    text = str(code or "").strip()
    return (CustomerTemplate.get_or_none(CustomerTemplate.code == text)
            or CustomerTemplate.get_or_none(CustomerTemplate.code == text.upper()))


def add_template(code: str, values: Mapping[str, object] | None = None) -> CustomerTemplateRecord:
    """Create a customer template with checked fields.

    Raises:
        SetupValueError: a bad code or value, naming the field; the code already exists.
    """
    record = f"template {str(code or '').strip().upper()}".rstrip()
    text = check_code(code, record)
    checked = _template_values(record, values or {})
    with transaction():
        if _find_template(text) is not None:
            raise SetupValueError(record, "code", "this template already exists (change it "
                                  f"with: templates set {text} FIELD=VALUE)", kind="exists",
                                  value=text)
        row = CustomerTemplate(code=text, **checked)
        row.save(force_insert=True)
    return _template_record(row)


def set_template(code: str, values: Mapping[str, object]
                 ) -> tuple[CustomerTemplateRecord, dict[str, tuple[Any, Any]]]:
    """Change fields of a customer template (all or nothing).

    Returns:
        The template as saved, and the changed fields with (old, new) values.

    Raises:
        NotFoundError: no such template.
        SetupValueError: a bad value, naming the field.
    """
    with transaction():
        row = _find_template(code)
        if row is None:
            raise NotFoundError(f"There is no customer template '{code}'", template=code)
        checked = _template_values(f"template {row.code}", values)
        changes = {k: (getattr(row, k), v) for k, v in checked.items() if getattr(row, k) != v}
        for key, (_old, new) in changes.items():
            setattr(row, key, new)
        if changes:
            row.save()
    return _template_record(row), changes


def template_uses(code: str) -> list[SetupUse]:
    """What names template `code`: Shop Card settings and per-country templates."""
    uses = [SetupUse("shop_setting", shop.code) for shop in Shop.select().order_by(Shop.code)
            if shop.get_setting("customer_template") == code]
    uses += [SetupUse("country_template", shop, cc) for cc, shop in
             ShopCustomerTemplate.select(ShopCustomerTemplate.country_code, Shop.code)
             .join(Shop).where(ShopCustomerTemplate.template_code == code)
             .order_by(Shop.code, ShopCustomerTemplate.country_code).tuples()]
    return uses


def remove_template(code: str) -> CustomerTemplateRecord:
    """Delete a customer template nothing names.

    Raises:
        NotFoundError: no such template.
        SetupInUseError: a Shop Card setting or a country template names it (listed).
    """
    with transaction():
        row = _find_template(code)
        if row is None:
            raise NotFoundError(f"There is no customer template '{code}'", template=code)
        uses = template_uses(row.code)
        if uses:
            raise SetupInUseError(f"Template {row.code}", uses, template=row.code)
        removed = _template_record(row)
        row.delete_instance()
    return removed


def _country_values(record: str, values: Mapping[str, object]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for name, value in values.items():
        _refuse_unknown(record, name, COUNTRY_SETTABLE)
        text = str(value or "").strip()
        if name == "template":
            if text and (found := _find_template(text)) is None:
                raise SetupValueError(record, name, f"there is no customer template '{text}' "
                                      f"(add it first: templates add {text.upper()})",
                                      kind="unknown_template", value=text)
            checked["template_code"] = found.code if text else ""
        elif name == "default_customer_no":
            if text and not Customer.select().where(Customer.no == text).exists():
                raise SetupValueError(record, name, f"there is no local customer '{text}'",
                                      kind="unknown_customer", value=text)
            checked[name] = text
        elif name == "tax_area":
            checked[name] = require_tax_area(text, record, name)
        else:
            checked[name] = check_choice(text, record, name, COUNTY_SOURCES)
    return checked


def set_country_template(shop: str, country_code: str, values: Mapping[str, object]
                         ) -> tuple[ShopCustomerTemplateRecord, dict[str, tuple[str, str]]]:
    """Create or change a shop's template row for a country (only the given fields).

    `values` uses the command line's names: template, default_customer_no, tax_area,
    county_source; a blank value clears the field.

    Returns:
        The row as saved, and the changed fields with (old, new) values.

    Raises:
        NotFoundError: no such shop.
        SetupValueError: a bad country or value, naming the field.
    """
    country = check_country(country_code, f"shop {shop}", "country", blank=False)
    record = f"{country} country template of shop {shop}"
    with transaction():
        shop_row = shop_by_code(shop)
        checked = _country_values(record, values)
        row = ShopCustomerTemplate.get_or_none(
            (ShopCustomerTemplate.shop == shop_row) & (ShopCustomerTemplate.country_code == country)
        ) or ShopCustomerTemplate(shop=shop_row, country_code=country)
        created = row.id is None
        changes = {k: (getattr(row, k) or "", v) for k, v in checked.items()
                   if (getattr(row, k) or "") != v}
        for key, (_old, new) in changes.items():
            setattr(row, key, new)
        if changes or created:
            row.save()
    # Reported by the names the caller used ("template", not the column's "template_code").
    named = {("template" if k == "template_code" else k): v for k, v in changes.items()}
    return _country_record(row), named


def remove_country_template(shop: str, country_code: str) -> ShopCustomerTemplateRecord:
    """Delete a shop's template row for a country (customers of that country then take the
    Shop Card's template).

    Raises:
        NotFoundError: no such shop or row.
    """
    country = str(country_code or "").strip().upper()
    with transaction():
        shop_row = shop_by_code(shop)
        row = ShopCustomerTemplate.get_or_none(
            (ShopCustomerTemplate.shop == shop_row)
            & (ShopCustomerTemplate.country_code == country))
        if row is None:
            raise NotFoundError(f"Shop {shop} has no country template for '{country}'",
                                country=country)
        removed = _country_record(row)
        row.delete_instance()
    return removed


# --- Setup: a shop's counties (the county table the county and tax area rules read) ---------

#: The county fields `counties set` changes.
COUNTY_SETTABLE: tuple[str, ...] = ("name", "tax_area", "tax_liable")


def set_county(shop: str, country_code: str, county_code: str, values: Mapping[str, object]
               ) -> tuple[TaxAreaRecord, dict[str, tuple[Any, Any]]]:
    """Create or change a county row of a shop: its name, tax area and tax liability (only
    the fields given; a blank value clears one).

    Returns:
        The row as saved, and the changed fields with (old, new) values.

    Raises:
        NotFoundError: no such shop.
        SetupValueError: a bad country, county code or value, naming the field.
    """
    country = check_country(country_code, f"shop {shop}", "country", blank=False)
    code = str(county_code or "").strip().upper()
    record = f"county {country}-{code} of shop {shop}"
    if not code:
        raise SetupValueError(record, "county_code", "a county code is needed (e.g. ON, NY)",
                              kind="required")
    if len(code) > TaxArea.county_code.max_length:
        raise SetupValueError(record, "county_code", f"'{code}' is longer than "
                              f"{TaxArea.county_code.max_length} characters", kind="too_long",
                              value=code)
    checked: dict[str, Any] = {}
    for name, value in values.items():
        _refuse_unknown(record, name, COUNTY_SETTABLE)
        if name == "name":
            checked["county_name"] = check_text(value, record, name,
                                                TaxArea.county_name.max_length)
        elif name == "tax_area":
            checked["tax_area_code"] = require_tax_area(value, record, name)
        else:
            checked[name] = check_bool(value, record, name)
    with transaction():
        shop_row = shop_by_code(shop)
        row = TaxArea.get_or_none((TaxArea.shop == shop_row) & (TaxArea.country_code == country)
                                  & (TaxArea.county_code == code)
                                  ) or TaxArea(shop=shop_row, country_code=country,
                                               county_code=code)
        created = row.id is None
        changes = {k: (getattr(row, k), v) for k, v in checked.items() if getattr(row, k) != v}
        for key, (_old, new) in changes.items():
            setattr(row, key, new)
        if changes or created:
            row.save()
    named = {{"county_name": "name", "tax_area_code": "tax_area"}.get(k, k): v
             for k, v in changes.items()}
    return (TaxAreaRecord(row.country_code, row.county_code, row.county_name,
                          row.tax_area_code, bool(row.tax_liable)), named)


def remove_county(shop: str, country_code: str, county_code: str) -> TaxAreaRecord:
    """Delete a county row of a shop.

    Raises:
        NotFoundError: no such shop or row.
    """
    country = str(country_code or "").strip().upper()
    code = str(county_code or "").strip().upper()
    with transaction():
        shop_row = shop_by_code(shop)
        row = TaxArea.get_or_none((TaxArea.shop == shop_row) & (TaxArea.country_code == country)
                                  & (TaxArea.county_code == code))
        if row is None:
            raise NotFoundError(f"Shop {shop} has no county '{country}-{code}'",
                                country=country, county=code)
        removed = TaxAreaRecord(row.country_code, row.county_code, row.county_name,
                                row.tax_area_code, bool(row.tax_liable))
        row.delete_instance()
    return removed
