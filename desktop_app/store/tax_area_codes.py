"""The local tax areas (code and description) that templates and county rows name.

A customer template, a shop's per-country template and a county row (`TaxArea`) each name a
tax area by code; this table is where those codes live, so a typo is refused instead of
being saved (schema v14).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from desktop_app.errors import NotFoundError
from desktop_app.store.database import transaction
from desktop_app.store.models import (
    BaseModel,
    CustomerTemplate,
    Shop,
    ShopCustomerTemplate,
    TaxArea,
)
from desktop_app.store.setup_checks import (
    SetupInUseError,
    SetupUse,
    SetupValueError,
    check_code,
    check_text,
)

__all__ = [
    "TaxAreaCode", "TaxAreaCodeRecord", "add_tax_area_code", "has_tax_area_code",
    "list_tax_area_codes", "remove_tax_area_code", "require_tax_area", "tax_area_code_uses",
]


class TaxAreaCode(BaseModel):
    """One local tax area."""

    code = peewee.CharField(max_length=20, unique=True)
    description = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "tax_area_code"


@dataclass(frozen=True)
class TaxAreaCodeRecord:
    code: str
    description: str = ""


def list_tax_area_codes() -> list[TaxAreaCodeRecord]:
    return [TaxAreaCodeRecord(r.code, r.description)
            for r in TaxAreaCode.select().order_by(TaxAreaCode.code)]


def has_tax_area_code(code: str) -> bool:
    return TaxAreaCode.select().where(TaxAreaCode.code == code).exists()


def require_tax_area(value: object, record: str, field: str = "tax_area") -> str:
    """A tax area code that exists locally (blank allowed), in capitals."""
    text = str(value or "").strip().upper()
    if text and not has_tax_area_code(text):
        raise SetupValueError(record, field, f"there is no tax area '{text}' (add it first: "
                              f"tax-areas add {text})", kind="unknown_tax_area", value=text)
    return text


def add_tax_area_code(code: str, description: str = "") -> tuple[TaxAreaCodeRecord, bool]:
    """Create a tax area, or change the description of an existing one.

    Returns:
        The row and whether it was created.
    """
    record = f"tax area {str(code or '').strip().upper()}".rstrip()
    text = check_code(code, record)
    desc = check_text(description, record, "description", 100)
    with transaction():
        row = TaxAreaCode.get_or_none(TaxAreaCode.code == text)
        created = row is None
        row = row or TaxAreaCode(code=text)
        row.description = desc
        row.save()
    return TaxAreaCodeRecord(row.code, row.description), created


def tax_area_code_uses(code: str) -> list[SetupUse]:
    """What names tax area `code`: templates, per-country templates, county rows."""
    uses = [SetupUse("template", name=c) for (c,) in CustomerTemplate.select(CustomerTemplate.code)
            .where(CustomerTemplate.tax_area == code).order_by(CustomerTemplate.code).tuples()]
    uses += [SetupUse("country_template", shop, cc) for cc, shop in
             ShopCustomerTemplate.select(ShopCustomerTemplate.country_code, Shop.code)
             .join(Shop).where(ShopCustomerTemplate.tax_area == code)
             .order_by(Shop.code, ShopCustomerTemplate.country_code).tuples()]
    uses += [SetupUse("county", shop, f"{cc}-{county}") for cc, county, shop in
             TaxArea.select(TaxArea.country_code, TaxArea.county_code, Shop.code)
             .join(Shop).where(TaxArea.tax_area_code == code)
             .order_by(Shop.code, TaxArea.country_code, TaxArea.county_code).tuples()]
    return uses


def remove_tax_area_code(code: str) -> TaxAreaCodeRecord:
    """Delete a tax area nothing names.

    Raises:
        NotFoundError: no such tax area.
        SetupInUseError: a template, country template or county row names it (listed).
    """
    text = str(code or "").strip().upper()
    with transaction():
        row = TaxAreaCode.get_or_none(TaxAreaCode.code == text)
        if row is None:
            raise NotFoundError(f"There is no tax area '{text}'", tax_area=text)
        uses = tax_area_code_uses(text)
        if uses:
            raise SetupInUseError(f"Tax area {text}", uses, tax_area=text)
        removed = TaxAreaCodeRecord(row.code, row.description)
        row.delete_instance()
    return removed
