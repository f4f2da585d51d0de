"""A sales invoice entered by hand (File > New sales invoice…, `shop-sync documents
add-invoice`; issue 18): its values checked field by field, then written as an unposted
sales invoice by `orders.create_document`, the writer of every other sales document.

The plan (amounts, tax, currency) is made in `sync/invoice_entry.py`; this module only checks
what the merchant typed against the local tables and writes what the plan says. Readers
return plain dataclasses, never peewee rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.errors import StoreError
from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import ZERO
from desktop_app.store import orders
from desktop_app.store.document_tax import set_document_tax_area
from desktop_app.store.gl_accounts import TABLE as ACCOUNTS
from desktop_app.store.models import Customer, CustomerTemplate, Item
from desktop_app.store.order_models import SalesLine

#: The line types a merchant enters.
LINE_TYPES = ("item", "gl_account")


@dataclass(frozen=True)
class EntryLine:
    """One line as typed: an item (`no` an item no.) or a G/L account line (`no` an account
    code, `description` what it is for); `unit_price` is the amount of an account line."""

    type: str
    no: str
    quantity: Decimal
    unit_price: Decimal
    description: str = ""


@dataclass(frozen=True)
class EntryProblem:
    """One refused value: `field` (customer, lines, no, quantity, unit_price, description),
    `line` its line (1 = the first; 0 for the header), a stable `code` and the text."""

    field: str
    code: str
    message: str
    line: int = 0


class InvoiceEntryError(StoreError):
    """Values of a new invoice that the checks refuse (`problems`, all of them at once)."""

    code = "invalid_value"

    def __init__(self, problems: Sequence[EntryProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems) or "invalid invoice",
                         field=problems[0].field if problems else "")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class EntryCustomer:
    """What an invoice takes of its customer: its address (for the tax area) and the
    currency of its template ("" when none)."""

    no: str
    name: str
    city: str
    country: str
    county: str
    currency: str


def entry_customer(no: str) -> EntryCustomer | None:
    """Customer `no` as an invoice takes it, None when there is none."""
    row = Customer.get_or_none(Customer.no == no) if no else None
    if row is None:
        return None
    template = CustomerTemplate.get_or_none(CustomerTemplate.code == row.template) \
        if row.template else None
    return EntryCustomer(row.no, row.name, row.city or "", row.country or "", row.county or "",
                         (template.currency if template else "") or "")


def _line_description(line: EntryLine) -> str:
    if line.description.strip():
        return line.description.strip()
    if line.type == "item":
        item = Item.get_or_none(Item.no == line.no)
        return item.description if item is not None else ""
    account = next((a for a in ACCOUNTS.rows() if a.code == line.no), None)
    return account.name if account is not None else ""


def check_entry(customer_no: str, lines: Sequence[EntryLine]) -> list[EntryProblem]:
    """Every problem of the typed values (none: they may be saved)."""
    problems: list[EntryProblem] = []
    customer = Customer.get_or_none(Customer.no == customer_no) if customer_no else None
    if not customer_no.strip():
        problems.append(EntryProblem("customer", "required", "choose the customer"))
    elif customer is None:
        problems.append(EntryProblem("customer", "unknown",
                                     f"there is no customer '{customer_no}'"))
    elif customer.blocked:
        problems.append(EntryProblem("customer", "blocked",
                                     f"customer {customer_no} is blocked"))
    if not lines:
        problems.append(EntryProblem("lines", "required", "add at least one line"))
    for index, line in enumerate(lines, start=1):
        where = f"line {index}"
        if line.type not in LINE_TYPES:
            problems.append(EntryProblem("type", "unknown", f"{where}: type must be item or "
                                         f"G/L account, not '{line.type}'", index))
            continue
        if not line.no.strip():
            problems.append(EntryProblem("no", "required", f"{where}: choose the "
                                         f"{'item' if line.type == 'item' else 'account'}",
                                         index))
        elif line.type == "item" and Item.get_or_none(Item.no == line.no) is None:
            problems.append(EntryProblem("no", "unknown",
                                         f"{where}: there is no item '{line.no}'", index))
        elif line.type == "gl_account" and not ACCOUNTS.has(line.no):
            problems.append(EntryProblem("no", "unknown",
                                         f"{where}: there is no G/L account '{line.no}'",
                                         index))
        if line.quantity <= 0:
            problems.append(EntryProblem("quantity", "not_positive",
                                         f"{where}: the quantity must be more than 0", index))
        if line.type == "gl_account" and line.unit_price <= 0:
            problems.append(EntryProblem("unit_price", "not_positive",
                                         f"{where}: the amount must be more than 0", index))
        elif line.unit_price < 0:
            problems.append(EntryProblem("unit_price", "negative",
                                         f"{where}: the unit price cannot be negative", index))
        if line.type == "gl_account" and not _line_description(line):
            problems.append(EntryProblem("description", "required",
                                         f"{where}: say what the amount is for", index))
    return problems


def planned_line(line: EntryLine, amount: Decimal, tax_amount: Decimal) -> SalesLineRecord:
    """The document line of a typed one, its description the item's or account's name when
    none was typed."""
    return SalesLineRecord(line.type, line.no.strip(),
                           _line_description(line)[:SalesLine.description.max_length],
                           line.quantity, line.unit_price, ZERO, amount, tax_amount)


def save_invoice(*, shop: str, customer_no: str, currency: str, date: dt.date,
                 lines: Sequence[SalesLineRecord], amount: Decimal, tax_amount: Decimal,
                 total: Decimal, tax_area_code: str = "", tax_liable: bool = False) -> str:
    """Write an unposted sales invoice (sell-to and bill-to the customer); returns its no.

    Call inside the transaction of the run (with the posting, when asked, so that both
    exist or neither).
    """
    no = orders.create_document(
        shop=shop, doc_type="invoice", order_gid="", sell_to=customer_no,
        bill_to=customer_no, document_date=date, currency=currency,
        prices_including_tax=False, lines=lines, amount=amount, tax_amount=tax_amount,
        total=total, release=False)
    if tax_area_code:
        set_document_tax_area(no, tax_area_code, tax_liable)
    return no
