"""The lines of local sales documents, as the rules plan them and the store writes and
reads them back: one shape for a sales order's or invoice's line, one for a credit memo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SalesLineRecord:
    """A line of a sales order or invoice: `type` item, g_l_account, resource or comment;
    `no` the item or account; `amount` net of `line_discount`; `shopify_line_gid` the
    Shopify order line it was made from ("" when none)."""

    type: str
    no: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    line_discount: Decimal
    amount: Decimal
    tax_amount: Decimal
    shopify_line_gid: str = ""


@dataclass(frozen=True)
class CreditMemoLineRecord:
    """A line of a credit memo made from a refund: what goes back (no discount), and where
    the returned goods go (`location_code`)."""

    type: str
    no: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    tax_amount: Decimal
    location_code: str = ""
    shopify_line_gid: str = ""
