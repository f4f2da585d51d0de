"""The local tax areas (code and description) that templates and county rows name.

A customer template, a shop's per-country template and a county row (`TaxArea`) each name a
tax area by code; this table is where those codes live, so a typo is refused instead of
being saved (schema v14).
"""

from __future__ import annotations

import peewee

from desktop_app.store.code_tables import CodeModel, CodeRecord, CodeTable
from desktop_app.store.models import (
    CustomerTemplate,
    Shop,
    ShopCustomerTemplate,
    TaxArea,
)
from desktop_app.store.setup_checks import SetupUse

__all__ = [
    "TABLE", "TaxAreaCode", "TaxAreaCodeRecord", "add_tax_area_code", "has_tax_area_code",
    "list_tax_area_codes", "remove_tax_area_code", "require_tax_area", "tax_area_code_uses",
]


class TaxAreaCode(CodeModel):
    """One local tax area."""

    description = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "tax_area_code"


TaxAreaCodeRecord = CodeRecord


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


TABLE: CodeTable[TaxAreaCodeRecord] = CodeTable(
    TaxAreaCode, TaxAreaCodeRecord, "tax area", "tax-areas", "tax_area", tax_area_code_uses)

list_tax_area_codes = TABLE.rows
has_tax_area_code = TABLE.has
#: Create a tax area, or change the description of an existing one: (row, created).
add_tax_area_code = TABLE.add
#: Delete a tax area nothing names (NotFoundError, SetupInUseError naming the uses).
remove_tax_area_code = TABLE.remove


def require_tax_area(value: object, record: str, field: str = "tax_area") -> str:
    """A tax area code that exists locally (blank allowed), in capitals."""
    return TABLE.require(value, record, field)
