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
#: Two-way edits (issue 19): a field changed both locally and in Shopify since the last
#: exchange, to different values; neither is overwritten until the merchant chooses (warning).
FIELD_CONFLICT = "field_conflict"
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
#: A processed order changed in Shopify after its document was made (a warning: the
#: document was left as it is; resolve it by hand).
ORDER_CONFLICT = "order_conflict"

# --- shipments, invoices, refunds, gift cards ----------------------------------------------
FULFILLMENT_FAILED = "fulfillment_failed"
OUTCOME_UNKNOWN = "outcome_unknown"
REFUND_FAILED = "refund_failed"

# --- preview (issue 19) --------------------------------------------------------------------
#: A run did otherwise than the preview before it said (Shopify or the local data changed
#: in between): a warning naming the record or the count (`sync.preview`).
CHANGED_SINCE_PREVIEW = "changed_since_preview"

_CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

#: The code of an order's problem (`rules.problems.Problem`), by the field it names.
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


# --- the sentences of the messages, with their details (issue 18) --------------------------
#: The English sentence of each message that carries details, by its key: `{name}` stands for
#: the detail `name` of the issue's `params`. The engine words its messages with `say`, so
#: they never drift from this table; the window translates the same sentence by its key
#: (`ui.issue_texts`) and, for a message stored without its details (the history, a review
#: note, an order's error), takes them back out of the English words (`recognise`).
SENTENCES: dict[str, tuple[str, str]] = {
    "created_without_address": (NO_ADDRESS, (
        "customer {name} has no address in Shopify: local customer {no} was created from "
        "the template {template} of {country} without one; add the address in Shopify or "
        "here")),
    "created_without_address_or_country": (NO_ADDRESS, (
        "customer {name} has no address in Shopify: local customer {no} was created from "
        "the template {template} without one; add the address in Shopify or here")),
    "cannot_create_without_address": (
        NO_ADDRESS, "cannot create: the Shopify customer has no address"),
    "no_template_for_country": (
        NO_TEMPLATE, "no customer template is set for {country} or the shop"),
    "no_template_without_country": (
        NO_TEMPLATE, "no customer template is set for a customer without a country or the shop"),
    "several_customers": (
        AMBIGUOUS_MATCH, "several local customers have this {field}: {names}"),
    "several_customers_link": (AMBIGUOUS_MATCH, (
        "several local customers have this {field}: {names}; link it by hand in the "
        "Customers tab")),
    "field_cut": (FIELD_CUT, "{field} is longer than the local field: cut to {length} characters"),
    "field_conflict": (FIELD_CONFLICT, (
        "{field} of local customer {no} was changed both here ({local}) and in Shopify "
        "({shopify}) since the last sync: neither was overwritten, choose one in Conflicts")),
    "email_left_out": (INVALID_EMAIL, (
        "{email} is not a valid e-mail address; local customer {no} was left without it: "
        "correct it in Shopify")),
    "unknown_sku": (UNKNOWN_ITEM, (
        "unknown SKU '{sku}' (line '{line}'): create the item or turn on auto create items")),
    "unknown_sku_in_plan": (UNKNOWN_ITEM, "unknown SKU '{sku}' (line '{line}'): no item has it"),
    "no_sku": (UNKNOWN_ITEM, "line '{line}' has no SKU, so no item can be found for it"),
    "no_country_no_shop_country": (NO_COUNTRY, (
        "no country, and the shop's country is not known yet: enter the customer's country, "
        "or run Test connection on the Shop Card to take the shop's")),
    "unknown_country_code": (UNKNOWN_COUNTRY, "'{value}' is not a known ISO country code"),
    "no_customer_no_default": (NO_CUSTOMER, (
        "no customer found for the order and no default customer is set; assign a customer "
        "to the order or turn on auto create customers")),
    "and_no_default_customer": (NO_CUSTOMER, "and no default customer is set"),
    "no_company_no_default": (NO_COMPANY, (
        "the company is not linked to a local customer and no default company no. is set")),
}


def say(key: str, **params: str) -> tuple[str, dict[str, str]]:
    """The English message of sentence `key` with its details, and the details."""
    return SENTENCES[key][1].format(**params), dict(params)


def _pattern(sentence: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", sentence)
    # A detail never holds "; ", which joins the sentences of an order's problems.
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>(?:(?!; ).)+?)"
                              for i, p in enumerate(parts)))


_PATTERNS = {key: _pattern(sentence) for key, (_code, sentence) in SENTENCES.items()}


def recognise(message: str) -> tuple[str, dict[str, str]] | None:
    """The key and details of the sentence `message` is made of, None when it is none of
    `SENTENCES` (the first that fits wins; a longer sentence is tried before its prefix)."""
    for key, pattern in sorted(_PATTERNS.items(), key=lambda kv: -len(SENTENCES[kv[0]][1])):
        found = pattern.fullmatch(message)
        if found is not None:
            return key, found.groupdict()
    return None


#: The codes of the failures a retry alone can fix (the network, Shopify busy, an answer
#: that never came); any other failure comes back until something is changed (issue 18).
RETRY_FIXES = frozenset({RETRY_LATER, OUTCOME_UNKNOWN, "network_error", "throttled",
                         "shop_unavailable", "bulk_operation"})
