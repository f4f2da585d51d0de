"""The local G/L accounts (code and name) that the Shop Card's account settings, the
documents' account lines and the shipment method mappings' charge lines name (schema v17).

Until v17 an account was only a code typed into those places; now the Shop Card refuses a
code this table does not have, and an account still named somewhere is not removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from desktop_app.store.code_tables import CodeModel, CodeTable, document_uses, setting_uses
from desktop_app.store.models import Shop
from desktop_app.store.order_models import SalesDocument, SalesLine, ShipmentMethodMapping
from desktop_app.store.setup_checks import SetupUse

__all__ = ["TABLE", "GLAccount", "GLAccountRecord", "account_uses"]


class GLAccount(CodeModel):
    """One local G/L account."""

    name = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "gl_account"


@dataclass(frozen=True)
class GLAccountRecord:
    code: str
    name: str = ""


def account_uses(code: str) -> list[SetupUse]:
    """What names account `code`: Shop Card settings, shipment method mappings' charge
    lines, and documents' account lines (the first few, then how many more)."""
    uses = setting_uses("account", code)
    uses += [SetupUse("shipment_mapping", shop, title) for title, shop in
             ShipmentMethodMapping.select(ShipmentMethodMapping.title, Shop.code).join(Shop)
             .where((ShipmentMethodMapping.charge_type == "gl_account")
                    & (ShipmentMethodMapping.charge_no == code))
             .order_by(Shop.code, ShipmentMethodMapping.title).tuples()]
    uses += document_uses(SalesDocument.select(SalesDocument.no).join(SalesLine).where(
        (SalesLine.type == "gl_account") & (SalesLine.no == code)))
    return uses


TABLE: CodeTable[GLAccountRecord] = CodeTable(
    GLAccount, GLAccountRecord, "G/L account", "accounts", "account", account_uses,
    text_field="name")
