"""The window's words for a sync error or warning, chosen by its stable code (issue 17).

Each per-record error and warning carries a snake_case `code` (`sync.issue_codes`, CLI.md
"More JSON") next to its English `message`, which holds the details (the record, the value).
The window shows the message as it is in English; in another language it shows the
translated text of the code, the English details after it. A code the table does not know
(an older history row has none) shows the message alone: nothing is ever hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: The translation context of the texts (`/work/tools/i18n/s4-codes.tsv`).
CONTEXT = "IssueTexts"


def _texts() -> dict[str, tuple[str, str]]:
    """(English source, translated text) of each code. Each text is written out in a
    literal `translate` call, the only kind lupdate reads."""
    return {
        "no_address": (
            "Customer without an address: created from the template of the shop's country, without one",
            QCoreApplication.translate("IssueTexts", "Customer without an address: created from the template of the shop's country, without one")),
        "no_template": (
            "No customer template for this country or the shop",
            QCoreApplication.translate("IssueTexts", "No customer template for this country or the shop")),
        "no_identity": (
            "The customer has no name, no e-mail and no phone",
            QCoreApplication.translate("IssueTexts", "The customer has no name, no e-mail and no phone")),
        "unknown_country": (
            "Unknown country code",
            QCoreApplication.translate("IssueTexts", "Unknown country code")),
        "invalid_phone": (
            "The phone number cannot be used",
            QCoreApplication.translate("IssueTexts", "The phone number cannot be used")),
        "invalid_email": (
            "The e-mail address is not valid",
            QCoreApplication.translate("IssueTexts", "The e-mail address is not valid")),
        "field_cut": (
            "Too long for the local field: cut",
            QCoreApplication.translate("IssueTexts", "Too long for the local field: cut")),
        "ambiguous_match": (
            "Several local customers match: link it by hand",
            QCoreApplication.translate("IssueTexts", "Several local customers match: link it by hand")),
        "mapping_settings": (
            "The shop's customer mapping settings allow no decision",
            QCoreApplication.translate("IssueTexts", "The shop's customer mapping settings allow no decision")),
        "no_email": (
            "No e-mail address",
            QCoreApplication.translate("IssueTexts", "No e-mail address")),
        "no_country": (
            "No country",
            QCoreApplication.translate("IssueTexts", "No country")),
        "unknown_county": (
            "Unknown county",
            QCoreApplication.translate("IssueTexts", "Unknown county")),
        "phone_taken": (
            "The phone number is already used by another customer",
            QCoreApplication.translate("IssueTexts", "The phone number is already used by another customer")),
        "already_linked": (
            "Already linked to another local customer",
            QCoreApplication.translate("IssueTexts", "Already linked to another local customer")),
        "shopify_refused": (
            "Shopify refused the change",
            QCoreApplication.translate("IssueTexts", "Shopify refused the change")),
        "retry_later": (
            "Not done this time: checked again on the next sync",
            QCoreApplication.translate("IssueTexts", "Not done this time: checked again on the next sync")),
        "invite_not_sent": (
            "No invitation was sent",
            QCoreApplication.translate("IssueTexts", "No invitation was sent")),
        "export_invalid": (
            "A value cannot be sent to Shopify",
            QCoreApplication.translate("IssueTexts", "A value cannot be sent to Shopify")),
        "unreadable_record": (
            "Shopify sent a record that cannot be read",
            QCoreApplication.translate("IssueTexts", "Shopify sent a record that cannot be read")),
        "record_error": (
            "Shopify sent a record that cannot be read",
            QCoreApplication.translate("IssueTexts", "Shopify sent a record that cannot be read")),
        "no_customer": (
            "No customer for the order",
            QCoreApplication.translate("IssueTexts", "No customer for the order")),
        "no_company": (
            "No company for the order",
            QCoreApplication.translate("IssueTexts", "No company for the order")),
        "unknown_item": (
            "No item for a line of the order",
            QCoreApplication.translate("IssueTexts", "No item for a line of the order")),
        "missing_account": (
            "An account is missing on the Shop Card",
            QCoreApplication.translate("IssueTexts", "An account is missing on the Shop Card")),
        "tax_lines": (
            "The order's taxes cannot be used",
            QCoreApplication.translate("IssueTexts", "The order's taxes cannot be used")),
        "time_zone": (
            "The shop's time zone is not known",
            QCoreApplication.translate("IssueTexts", "The shop's time zone is not known")),
        "discount": (
            "The order's discount cannot be used",
            QCoreApplication.translate("IssueTexts", "The order's discount cannot be used")),
        "no_lines": (
            "The order has no lines to invoice",
            QCoreApplication.translate("IssueTexts", "The order has no lines to invoice")),
        "document": (
            "The sales document cannot be made",
            QCoreApplication.translate("IssueTexts", "The sales document cannot be made")),
        "write_back_failed": (
            "The document number could not be written to Shopify",
            QCoreApplication.translate("IssueTexts", "The document number could not be written to Shopify")),
        "close_failed": (
            "The order could not be closed in Shopify",
            QCoreApplication.translate("IssueTexts", "The order could not be closed in Shopify")),
        "fully_refunded": (
            "Fully refunded: nothing left to invoice",
            QCoreApplication.translate("IssueTexts", "Fully refunded: nothing left to invoice")),
        "currency_rounding": (
            "Refund rounding between currencies",
            QCoreApplication.translate("IssueTexts", "Refund rounding between currencies")),
        "fulfillment_failed": (
            "The shipment could not be sent to Shopify",
            QCoreApplication.translate("IssueTexts", "The shipment could not be sent to Shopify")),
        "outcome_unknown": (
            "Unknown whether Shopify received it: checked on the next sync",
            QCoreApplication.translate("IssueTexts", "Unknown whether Shopify received it: checked on the next sync")),
        "refund_failed": (
            "The refund cannot be made",
            QCoreApplication.translate("IssueTexts", "The refund cannot be made")),
        "not_found": (
            "Not found",
            QCoreApplication.translate("IssueTexts", "Not found")),
        "invalid_value": (
            "A value is not valid",
            QCoreApplication.translate("IssueTexts", "A value is not valid")),
        "user_errors": (
            "Shopify refused the change",
            QCoreApplication.translate("IssueTexts", "Shopify refused the change")),
        "network_error": (
            "Network problem",
            QCoreApplication.translate("IssueTexts", "Network problem")),
        "shop_unavailable": (
            "The shop is unavailable",
            QCoreApplication.translate("IssueTexts", "The shop is unavailable")),
        "throttled": (
            "Shopify is busy: try again later",
            QCoreApplication.translate("IssueTexts", "Shopify is busy: try again later")),
        "graphql_error": (
            "Shopify reported an error",
            QCoreApplication.translate("IssueTexts", "Shopify reported an error")),
        "shopify_error": (
            "Shopify reported an error",
            QCoreApplication.translate("IssueTexts", "Shopify reported an error")),
        "store_error": (
            "The local database refused the change",
            QCoreApplication.translate("IssueTexts", "The local database refused the change")),
        "unexpected": (
            "Unexpected problem",
            QCoreApplication.translate("IssueTexts", "Unexpected problem")),
    }


def known_codes() -> frozenset[str]:
    """The codes the window has a text for."""
    return frozenset(_texts())


def issue_title(code: str) -> str:
    """The translated text of `code` ("" for a code without one)."""
    pair = _texts().get(code or "")
    return pair[1] if pair is not None else ""


def issue_text(code: str, message: str) -> str:
    """What the window shows for an error or warning: the English `message` as it is when
    the window speaks English (or the code has no text); else the translated text of the
    code, the English details after it."""
    pair = _texts().get(code or "")
    if pair is None or pair[1] == pair[0]:
        return message
    return f"{pair[1]} ({message})" if message else pair[1]
