"""The stable codes of the sync's per-record errors and warnings (issue 17, CLI.md "More JSON").

Every entry of a result's `errors` and `warnings` carries one: a snake_case word that never
changes with the wording or the language of the message. `sync --json` prints it, the history
stores it (`sync_error.code`), and the window translates by it (`ui.issue_texts`), the
English message standing in for a code it does not know. A failure raised as an `AppError`
keeps that exception's own code (`results.issue_code`: `user_errors`, `network_error`...);
anything unforeseen is `unexpected` (`results.UNEXPECTED`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop_app.sync.results import UNEXPECTED

# --- customers (import) --------------------------------------------------------------------
#: A Shopify customer with no address: a warning when it was created without one from the
#: template of the shop's country; a failure where an address is needed.
NO_ADDRESS = "no_address"
#: No customer template for the customer's country nor the shop.
NO_TEMPLATE = "no_template"
#: A customer with no name, no e-mail and no phone: nothing to create a customer from.
NO_IDENTITY = "no_identity"
UNKNOWN_COUNTRY = "unknown_country"
INVALID_PHONE = "invalid_phone"
#: An e-mail that is not an address, left out of a customer that was still imported (warning).
INVALID_EMAIL = "invalid_email"
#: A value longer than the local field, cut to fit (warning).
FIELD_CUT = "field_cut"
#: Several local customers (or companies) match: to link by hand.
AMBIGUOUS_MATCH = "ambiguous_match"
#: The shop's mapping settings make no decision possible (no default customer...).
MAPPING_SETTINGS = "mapping_settings"

# --- customers and companies (export) ------------------------------------------------------
NO_EMAIL = "no_email"
NO_COUNTRY = "no_country"
UNKNOWN_COUNTY = "unknown_county"
PHONE_TAKEN = "phone_taken"
#: The Shopify customer found is already linked to another local customer.
ALREADY_LINKED = "already_linked"
#: Shopify refused what was sent (its userErrors, each with its message).
SHOPIFY_REFUSED = "shopify_refused"
#: Not done this time (network, Shopify busy): checked again on the next sync.
RETRY_LATER = "retry_later"
INVITE_NOT_SENT = "invite_not_sent"
#: A value the export cannot send (the message says which and why).
EXPORT_INVALID = "export_invalid"

# --- orders --------------------------------------------------------------------------------
#: An order (or another node) Shopify sent that cannot be read.
UNREADABLE_RECORD = "unreadable_record"
NO_CUSTOMER = "no_customer"
NO_COMPANY = "no_company"
UNKNOWN_ITEM = "unknown_item"
MISSING_ACCOUNT = "missing_account"
TAX_LINES = "tax_lines"
TIME_ZONE = "time_zone"
DISCOUNT = "discount"
NO_LINES = "no_lines"
DOCUMENT = "document"
#: The document number could not be written back to the Shopify order.
WRITE_BACK_FAILED = "write_back_failed"
CLOSE_FAILED = "close_failed"
FULLY_REFUNDED = "fully_refunded"
CURRENCY_ROUNDING = "currency_rounding"

# --- shipments, invoices, refunds, gift cards ----------------------------------------------
FULFILLMENT_FAILED = "fulfillment_failed"
OUTCOME_UNKNOWN = "outcome_unknown"
REFUND_FAILED = "refund_failed"

_CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

#: The code of an order's problem (`rules.orders.Problem`), by the field it names.
PROBLEM_CODES = {
    "customer": NO_CUSTOMER,
    "company": NO_COMPANY,
    "sku": UNKNOWN_ITEM,
    "tip_account": MISSING_ACCOUNT,
    "shipping_charges_account": MISSING_ACCOUNT,
    "sold_gift_card_account": MISSING_ACCOUNT,
    "taxLines": TAX_LINES,
    "time_zone": TIME_ZONE,
    "discount": DISCOUNT,
    "lines": NO_LINES,
    "document": DOCUMENT,
}


def problem_code(fields: Iterable[str]) -> str:
    """The code of a failure made of an order's problems: the first problem's."""
    for name in fields:
        return PROBLEM_CODES.get(name.strip(), DOCUMENT)
    return UNEXPECTED


def is_code(text: str) -> bool:
    """Whether `text` has the shape of a code: a snake_case word."""
    return _CODE_SHAPE.fullmatch(text) is not None
