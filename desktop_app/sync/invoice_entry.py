"""A sales invoice entered by hand (File > New sales invoice…, `shop-sync documents
add-invoice`; issue 18), planned and saved as a recorded run (Qt-free).

The window's dialog and the command line both call `plan_invoice` (the totals shown while
typing) and `add_invoice` (the write). The plan follows the documents the orders sync makes:
each line's amount is quantity × unit price rounded to cents (`rules.orders.money`), the
document's amount, tax and total are the sums of its lines, and its tax area and liability
come from the Shop Card's `tax_area_priority` through the same rule
(`rules.tax_area.document_tax_area`), every address being the customer's own. Tax amounts
come only from Shopify's tax lines and no tax rates are held locally, so the lines of a local
invoice carry no tax amount: the tax area tells the accounts which tax applies. The currency
is the customer template's, else the Shop Card's shop currency, else the Shopify shop's
(cached by Test connection and each sync); an invoice with none is refused, since Shopify
takes no amount without its currency.

`add_invoice` saves the invoice unposted, or posts it at once (`invoices.post_invoice`, in the
same transaction: both or neither). Its Shopify Order ID is then 0, and the posted-invoice
sync (`sync/invoices.py`) exports it to Shopify as an order when the shop's
`posted_invoice_sync` is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ZERO
from desktop_app.records.tax_areas import TaxAreaRow
from desktop_app.store import invoices
from desktop_app.store.customer_templates import list_tax_areas
from desktop_app.store.database import transaction
from desktop_app.store.invoice_entry import (
    EntryCustomer,
    EntryLine,
    EntryProblem,
    InvoiceEntryError,
    check_entry,
    entry_customer,
    planned_line,
    save_invoice,
)
from desktop_app.store.shops import get_shop, shop_settings
from desktop_app.sync.local_runs import recorded
from desktop_app.sync.results import LOCAL_DOCUMENTS
from desktop_app.sync.rules.orders import money
from desktop_app.sync.rules.tax_area import DocumentTaxArea, TaxAddress, document_tax_area


@dataclass(frozen=True)
class InvoicePlan:
    """What the invoice will be: its lines as the store writes them, and the totals."""

    customer_no: str
    currency: str
    lines: tuple[SalesLineRecord, ...]
    amount: Decimal
    tax_amount: Decimal
    total: Decimal
    tax_area: DocumentTaxArea


@dataclass(frozen=True)
class AddedInvoice:
    no: str
    posted: invoices.PostedInvoiceRow | None


def line_amount(line: EntryLine) -> Decimal:
    """The amount of a typed line (its quantity × unit price, in cents)."""
    return money(line.quantity * line.unit_price)


def plan_line(line: EntryLine) -> SalesLineRecord:
    """The document line a typed one makes (its amount, no tax amount)."""
    return planned_line(line, line_amount(line), ZERO)


def invoice_currency(shop: str, customer: EntryCustomer | None) -> str:
    """The customer template's currency, else the shop's."""
    if customer is not None and customer.currency:
        return customer.currency
    return shop_settings(shop).currency_code or get_shop(shop).currency or ""


def invoice_tax_area(shop: str, customer: EntryCustomer) -> DocumentTaxArea:
    """The tax area of the customer's invoice (ship-to, sell-to and bill-to: its address)."""
    own = TaxAddress(customer.city, customer.country, customer.county, customer.county)
    rows = [TaxAreaRow(t.country_code, t.county_code, t.county_name, t.tax_area_code,
                       t.tax_liable) for t in list_tax_areas(shop)]
    return document_tax_area(shop_settings(shop).tax_area_priority,
                             {"ship_to": own, "sell_to": own, "bill_to": own}, rows)


def plan_invoice(shop: str, customer_no: str, lines: Sequence[EntryLine]) -> InvoicePlan:
    """The invoice the typed values make.

    Raises:
        InvoiceEntryError: every refused value, each naming its field and line.
        NotFoundError: no shop card `shop`.
    """
    problems = check_entry(customer_no, lines)
    customer = entry_customer(customer_no)
    currency = invoice_currency(shop, customer)
    if not currency:  # Shopify takes no amount without its currency
        problems.append(EntryProblem(
            "currency", "unknown", "the currency is not known: set the Shop Card's shop "
            "currency, or test the connection so that the shop's is known"))
    if problems:
        raise InvoiceEntryError(problems)
    assert customer is not None  # checked
    planned = tuple(plan_line(ln) for ln in lines)
    amount = sum((ln.amount for ln in planned), ZERO)
    tax = sum((ln.tax_amount for ln in planned), ZERO)
    return InvoicePlan(customer_no, currency, planned, amount, tax, amount + tax,
                       invoice_tax_area(shop, customer))


def add_invoice(shop: str, customer_no: str, lines: Sequence[EntryLine], *, post: bool = False,
                remaining: Decimal | None = None, date: dt.date | None = None) -> AddedInvoice:
    """`documents add-invoice` and the dialog's Save / Post: a recorded run that saves the
    invoice (all or nothing), posted too when `post` (`remaining`: what the customer still
    owes, default all of it).

    Raises:
        InvoiceEntryError: refused values (each one a failure of the run, with its field).
        StoreError, NotFoundError: the write or the posting refused.
    """
    what = f"documents add-invoice {customer_no or '-'}"
    with recorded(LOCAL_DOCUMENTS, what, record=customer_no or "-") as run:
        try:
            plan = plan_invoice(shop, customer_no, lines)
        except InvoiceEntryError as exc:
            for problem in exc.problems:
                field = f"line {problem.line} {problem.field}" if problem.line else \
                    problem.field
                run.result.fail(customer_no or "-", field, problem.message, code=exc.code)
            raise
        with transaction():
            no = save_invoice(shop=shop, customer_no=customer_no, currency=plan.currency,
                              date=date or dt.date.today(), lines=plan.lines,
                              amount=plan.amount, tax_amount=plan.tax_amount,
                              total=plan.total, tax_area_code=plan.tax_area.tax_area_code,
                              tax_liable=plan.tax_area.tax_liable)
            posted = invoices.post_invoice(no, remaining=remaining) if post else None
        run.result.created = 1
        run.message = f"{run.what}: invoice {no} {'posted' if post else 'saved, not posted'}."
    return AddedInvoice(no, posted)
