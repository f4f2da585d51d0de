"""The lines of local sales documents, as the rules plan them and the store writes and
reads them back: one shape for a sales order's or invoice's line, one for a credit memo's,
both starting with a `DocumentLine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DocumentLine:
    """What every line of a local sales document starts with: `type` item, g_l_account,
    resource or comment; `no` the item or account; its description, quantity and unit
    price (the columns of `store.order_models.SalesLine` in that order)."""

    type: str
    no: str
    description: str
    quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class SalesLineRecord(DocumentLine):
    """A line of a sales order or invoice: `amount` net of `line_discount`;
    `shopify_line_gid` the Shopify order line it was made from ("" when none)."""

    line_discount: Decimal
    amount: Decimal
    tax_amount: Decimal
    shopify_line_gid: str = ""


@dataclass(frozen=True)
class CreditMemoLineRecord(DocumentLine):
    """A line of a credit memo made from a refund: what goes back (no discount), and where
    the returned goods go (`location_code`)."""

    amount: Decimal
    tax_amount: Decimal
    location_code: str = ""
    shopify_line_gid: str = ""
