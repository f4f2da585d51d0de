"""Pure rules of the posted invoice export (seed 003 "Export posted sales invoices",
bc_connector §1.10): which invoices may go to Shopify, and the draft order that carries one.

Exported only if (else Shopify Order ID -2, with the reason): the bill-to customer is linked
to a Shopify customer; it is not the shop's or a country template's default customer; the
invoice has a non-comment line with a No.; no typed line lacks a No.; every quantity is a
whole number of at least 0; and, when money is still owed, payment terms are available (the
customer's mapped terms or the shop's first mapped template).

The draft order: the linked customer; custom line items only (no inventory effect), whole
quantities; every line discount as one FIXED_AMOUNT discount; tax as extra custom lines
"Tax - <rate>%" with the order tax-exempt so Shopify does not add its own; comment lines as
the note; payment terms only while something is owed (NET: issued at the invoice date,
FIXED: due then), otherwise Shopify completes it as paid.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ZERO

CENT = Decimal("0.01")


#: A line of the invoice (a posted invoice's lines are `store.invoices.InvoiceLineRow`).
InvoiceLine = SalesLineRecord


class Invoice(Protocol):
    no: str
    bill_to_customer_no: str
    currency: str
    prices_including_tax: bool
    document_date: str
    total: Decimal
    remaining_amount: Decimal
    lines: Sequence[InvoiceLine]


@dataclass(frozen=True)
class PaymentTerms:
    template_id: str
    terms_type: str  # NET, FIXED, RECEIPT, FULFILLMENT


def exclusion_reason(invoice: Invoice, *, shopify_customer_gid: str,
                     default_customers: Collection[str],
                     payment_terms: PaymentTerms | None) -> str:
    """Why the invoice is excluded from the export ("" when it may go)."""
    if not shopify_customer_gid:
        return f"bill-to customer {invoice.bill_to_customer_no} is not linked to Shopify"
    if invoice.bill_to_customer_no in default_customers:
        return (f"bill-to customer {invoice.bill_to_customer_no} is a default customer of "
                "the shop")
    typed = [ln for ln in invoice.lines if ln.type != "comment"]
    if not any(ln.no for ln in typed):
        return "the invoice has no line with a No."
    if any(not ln.no for ln in typed):
        return "a line of the invoice has a type but no No."
    for ln in typed:
        quantity = Decimal(ln.quantity)
        if quantity < 0 or quantity != quantity.to_integral_value():
            return (f"line {ln.description or ln.no} has quantity {quantity.normalize()}: "
                    "Shopify takes whole quantities only")
    if invoice.remaining_amount > 0 and payment_terms is None:
        return "money is still owed and no payment terms are mapped for Shopify"
    return ""


def _rate_title(base: Decimal, tax: Decimal) -> str:
    """"Tax - 13%": the rate of `tax` on the line's value before discounts."""
    rate = (tax / base * 100).quantize(CENT) if base else ZERO
    return f"Tax - {format(rate.normalize(), 'f')}%"


def draft_order_input(invoice: Invoice, *, shopify_customer_gid: str,
                      payment_terms: PaymentTerms | None) -> dict[str, Any]:
    """`DraftOrderInput` of a posted invoice (see the module docstring)."""
    currency = invoice.currency or None
    items: list[dict[str, Any]] = []
    discount = ZERO
    taxes: dict[str, Decimal] = {}
    notes = []
    for ln in invoice.lines:
        if ln.type == "comment":
            if ln.description:
                notes.append(ln.description)
            continue
        quantity = int(Decimal(ln.quantity))
        if quantity == 0:
            continue
        discount += Decimal(ln.line_discount)
        price: dict[str, Any] = {"amount": str(Decimal(ln.unit_price).quantize(CENT))}
        if currency:
            price["currencyCode"] = currency
        items.append({"title": f"{ln.no} {ln.description}".strip()[:255], "quantity": quantity,
                      "originalUnitPriceWithCurrency": price, "requiresShipping": False,
                      "taxable": False})
        if ln.tax_amount and not invoice.prices_including_tax:
            title = _rate_title(Decimal(ln.amount) + Decimal(ln.line_discount),
                                Decimal(ln.tax_amount))
            taxes[title] = taxes.get(title, ZERO) + Decimal(ln.tax_amount)
    for title, amount in taxes.items():
        price = {"amount": str(amount.quantize(CENT))}
        if currency:
            price["currencyCode"] = currency
        items.append({"title": title, "quantity": 1, "originalUnitPriceWithCurrency": price,
                      "requiresShipping": False, "taxable": False})
    data: dict[str, Any] = {
        "purchasingEntity": {"customerId": shopify_customer_gid},
        "lineItems": items,
        "taxExempt": True,
        "tags": [f"Invoice {invoice.no}"],
        "poNumber": invoice.no,
    }
    if currency:
        data["presentmentCurrencyCode"] = currency
    if discount > 0:
        data["appliedDiscount"] = {"value": float(discount.quantize(CENT)),
                                   "valueType": "FIXED_AMOUNT", "title": "Invoice discount"}
    if notes:
        data["note"] = "\n".join(notes)
    if invoice.remaining_amount > 0 and payment_terms is not None:
        terms: dict[str, Any] = {"paymentTermsTemplateId": payment_terms.template_id}
        moment = f"{invoice.document_date}T00:00:00Z"
        if payment_terms.terms_type == "NET":
            terms["paymentSchedules"] = [{"issuedAt": moment}]
        elif payment_terms.terms_type == "FIXED":
            terms["paymentSchedules"] = [{"dueAt": moment}]
        data["paymentTerms"] = terms
    return data
