"""The window's words for a sync error or warning, chosen by its stable code (issues 17, 18).

Each per-record error and warning carries a snake_case `code` (`sync.issue_codes`, CLI.md
"More JSON") next to its English `message`, which holds the details (the record, the value).
A message worded from one of the engine's sentences (`issue_codes.SENTENCES`, several of them
joined by "; " for an order) is shown as the window's own sentence, translated, with its
details put in (field names as the window labels them). Any other message is shown as it is
in English; in another language the translated text of the code comes first, the English
details after it. A code the table does not know (an older history row has none) shows the
message alone: nothing is ever hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from desktop_app.store import settings as shop_settings
from desktop_app.sync import issue_codes
from desktop_app.ui.dialogs.customer_dialog import FIELDS as CUSTOMER_FIELDS
from desktop_app.ui.dialogs.customer_dialog import field_label as customer_field_label
from desktop_app.ui.order_conflict_text import conflict_text
from desktop_app.ui.setting_labels import setting_label

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
        "field_conflict": (
            "Changed on both sides: choose one in Conflicts",
            QCoreApplication.translate("IssueTexts", "Changed on both sides: choose one in Conflicts")),
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
        "order_conflict": (
            "Conflict to resolve: the order changed in Shopify after its document was made",
            QCoreApplication.translate("IssueTexts", "Conflict to resolve: the order changed in Shopify after its document was made")),
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
        # The codes of the typed errors (`errors.AppError` and its kind), which a failure
        # raised as one keeps (issue 18).
        "access_denied": (
            "The app lacks a Shopify access scope",
            QCoreApplication.translate("IssueTexts", "The app lacks a Shopify access scope")),
        "auth_error": (
            "Shopify refused the app's credentials",
            QCoreApplication.translate("IssueTexts", "Shopify refused the app's credentials")),
        "bulk_operation": (
            "Shopify's bulk export failed: try again later",
            QCoreApplication.translate("IssueTexts", "Shopify's bulk export failed: try again later")),
        "credentials_error": (
            "The keyring reported a problem",
            QCoreApplication.translate("IssueTexts", "The keyring reported a problem")),
        "keyring_locked": (
            "The system keyring is locked: unlock it and try again",
            QCoreApplication.translate("IssueTexts", "The system keyring is locked: unlock it and try again")),
        "no_keyring": (
            "No system keyring: the secret is kept for this session only",
            QCoreApplication.translate("IssueTexts", "No system keyring: the secret is kept for this session only")),
        "invalid_secret": (
            "The secret is not valid: paste it again",
            QCoreApplication.translate("IssueTexts", "The secret is not valid: paste it again")),
        "csv_format": (
            "The CSV file cannot be read",
            QCoreApplication.translate("IssueTexts", "The CSV file cannot be read")),
        "customer_in_use": (
            "The customer is still used",
            QCoreApplication.translate("IssueTexts", "The customer is still used")),
        "customer_values": (
            "A value of the customer is not valid",
            QCoreApplication.translate("IssueTexts", "A value of the customer is not valid")),
        "data_folder": (
            "The data folder cannot be used",
            QCoreApplication.translate("IssueTexts", "The data folder cannot be used")),
        "database_locked": (
            "The local database is busy: try again in a moment",
            QCoreApplication.translate("IssueTexts", "The local database is busy: try again in a moment")),
        "database_too_new": (
            "The database was written by a newer version of Shop Sync",
            QCoreApplication.translate("IssueTexts", "The database was written by a newer version of Shop Sync")),
        "disk_full": (
            "The disk is full: nothing was saved",
            QCoreApplication.translate("IssueTexts", "The disk is full: nothing was saved")),
        "database_unreachable": (
            "The database server could not be reached",
            QCoreApplication.translate("IssueTexts", "The database server could not be reached")),
        "database_choice": (
            "The database choice could not be saved",
            QCoreApplication.translate("IssueTexts", "The database choice could not be saved")),
        # `database copy` (store/db_copy.py, issue 22).
        "target_not_empty": (
            "The target database already holds data: nothing was copied",
            QCoreApplication.translate("IssueTexts", "The target database already holds data: nothing was copied")),
        "copy_mismatch": (
            "The copy differs from this database: it was undone",
            QCoreApplication.translate("IssueTexts", "The copy differs from this database: it was undone")),
        "bad_database_url": (
            "Not the address of a database Shop Sync can use",
            QCoreApplication.translate("IssueTexts", "Not the address of a database Shop Sync can use")),
        "demo_customer": (
            "A sample customer of the demo shop, not of this shop",
            QCoreApplication.translate("IssueTexts", "A sample customer of the demo shop, not of this shop")),
        "shop_choice": (
            "Several shop cards exist: name one",
            QCoreApplication.translate("IssueTexts", "Several shop cards exist: name one")),
        "duplicate": (
            "Already used: a code, number or SKU must be unique",
            QCoreApplication.translate("IssueTexts", "Already used: a code, number or SKU must be unique")),
        "feature_unavailable": (
            "Not available for this shop",
            QCoreApplication.translate("IssueTexts", "Not available for this shop")),
        "shop_busy": (
            "Another sync of this shop is running",
            QCoreApplication.translate("IssueTexts", "Another sync of this shop is running")),
        "sync_time_limit": (
            "The sync took too long and was stopped",
            QCoreApplication.translate("IssueTexts", "The sync took too long and was stopped")),
        "link_conflict": (
            "Already linked to another record",
            QCoreApplication.translate("IssueTexts", "Already linked to another record")),
        "link_move": (
            "Linking would move an existing link",
            QCoreApplication.translate("IssueTexts", "Linking would move an existing link")),
        "max_cost_exceeded": (
            "Shopify refused a request as too large",
            QCoreApplication.translate("IssueTexts", "Shopify refused a request as too large")),
        "order_action": (
            "The order action cannot be done",
            QCoreApplication.translate("IssueTexts", "The order action cannot be done")),
        "setting_error": (
            "A setting of the Shop Card is not valid",
            QCoreApplication.translate("IssueTexts", "A setting of the Shop Card is not valid")),
        "setup_in_use": (
            "Still used elsewhere: it cannot be removed",
            QCoreApplication.translate("IssueTexts", "Still used elsewhere: it cannot be removed")),
        "setup_value": (
            "A setup value is not valid",
            QCoreApplication.translate("IssueTexts", "A setup value is not valid")),
        "shipment_sync": (
            "The shipment cannot be sent to Shopify",
            QCoreApplication.translate("IssueTexts", "The shipment cannot be sent to Shopify")),
        "shop_address": (
            "The Shopify address is not valid",
            QCoreApplication.translate("IssueTexts", "The Shopify address is not valid")),
        "usage": (
            "The command was not given as it should be",
            QCoreApplication.translate("IssueTexts", "The command was not given as it should be")),
        "looks_like_customer": (
            "Looks like an existing customer: see Customers, Duplicates",
            QCoreApplication.translate("IssueTexts", "Looks like an existing customer: see Customers, Duplicates")),
        "customer_merged": (
            "Customers merged",
            QCoreApplication.translate("IssueTexts", "Customers merged")),
        "customer_merge_refused": (
            "The customers were not merged",
            QCoreApplication.translate("IssueTexts", "The customers were not merged")),
        "changed_since_preview": (
            "Done otherwise than the preview said: Shopify or the local data changed since",
            QCoreApplication.translate("IssueTexts", "Done otherwise than the preview said: Shopify or the local data changed since")),
        "app_error": (
            "Problem",
            QCoreApplication.translate("IssueTexts", "Problem")),
    }


def _sentences() -> dict[str, str]:
    """The window's sentence of each of `issue_codes.SENTENCES`, translated, with the same
    `{detail}` fields; each says what to do. A field named after a Shop Card setting
    (`{auto_create_items}`) is that setting's label."""
    return {
        "created_without_address": QCoreApplication.translate("IssueTexts", "customer {name} has no address in Shopify: local customer {no} was created from the template {template} of {country} without one; add the address in Shopify or here"),
        "created_without_address_or_country": QCoreApplication.translate("IssueTexts", "customer {name} has no address in Shopify: local customer {no} was created from the template {template} without one; add the address in Shopify or here"),
        "cannot_create_without_address": QCoreApplication.translate("IssueTexts", "cannot create: the Shopify customer has no address. Add the address in Shopify, then sync again"),
        "no_template_for_country": QCoreApplication.translate("IssueTexts", "no customer template is set for {country} or the shop: pick a “{customer_template}” on the Shop Card, or one for {country} under Setup, Country templates"),
        "no_template_without_country": QCoreApplication.translate("IssueTexts", "no customer template is set for a customer without a country or the shop: pick a “{customer_template}” on the Shop Card, or run Test connection there so that the shop's country is known"),
        "several_customers": QCoreApplication.translate("IssueTexts", "several local customers have the same “{field}”: {names}"),
        "several_customers_link": QCoreApplication.translate("IssueTexts", "several local customers have the same “{field}”: {names}; link it by hand in the Customers tab"),
        "field_conflict": QCoreApplication.translate("IssueTexts", "“{field}” of local customer {no} was changed both here ({local}) and in Shopify ({shopify}) since the last sync: neither was overwritten, choose one in Conflicts"),
        "field_cut": QCoreApplication.translate("IssueTexts", "“{field}” is longer than the local field: cut to {length} characters"),
        "email_left_out": QCoreApplication.translate("IssueTexts", "{email} is not a valid e-mail address; local customer {no} was left without it: correct it in Shopify"),
        "unknown_sku": QCoreApplication.translate("IssueTexts", "unknown SKU '{sku}' (line '{line}'): create the item, or turn on “{auto_create_items}” on the Shop Card"),
        "unknown_sku_in_plan": QCoreApplication.translate("IssueTexts", "unknown SKU '{sku}' (line '{line}'): no item has it"),
        "no_sku": QCoreApplication.translate("IssueTexts", "line '{line}' has no SKU, so no item can be found for it"),
        "no_country_no_shop_country": QCoreApplication.translate("IssueTexts", "no country, and the shop's country is not known yet: enter the customer's country, or run Test connection on the Shop Card to take the shop's"),
        "unknown_country_code": QCoreApplication.translate("IssueTexts", "'{value}' is not a known ISO country code"),
        "no_customer_no_default": QCoreApplication.translate("IssueTexts", "no customer found for the order and no default customer is set: assign a customer to the order, or set a “{default_customer_no}” or turn on “{auto_create_customers}” on the Shop Card"),
        "and_no_default_customer": QCoreApplication.translate("IssueTexts", "and no “{default_customer_no}” is set on the Shop Card"),
        "no_company_no_default": QCoreApplication.translate("IssueTexts", "the company is not linked to a local customer and no “{default_company_no}” is set: link the company in the Companies tab, or set one on the Shop Card"),
    }


def _other_fields() -> dict[str, str]:
    """The record fields of the engine that are neither a Shop Card setting nor a field of
    the customer dialog, by the label the window uses for them."""
    return {
        "e-mail": QCoreApplication.translate("CustomerDialog", "&E-mail:"),
        "bill_to": QCoreApplication.translate("MatchLabels", "Same bill-to address"),
        "sku": QCoreApplication.translate("IssueTexts", "SKU"),
        "customer": QCoreApplication.translate("IssueTexts", "Customer"),
        "company": QCoreApplication.translate("IssueTexts", "Company"),
        "taxLines": QCoreApplication.translate("IssueTexts", "Taxes"),
        "discount": QCoreApplication.translate("IssueTexts", "Discount"),
        "lines": QCoreApplication.translate("IssueTexts", "Lines"),
        "document": QCoreApplication.translate("IssueTexts", "Sales document"),
        "customAttributes": QCoreApplication.translate("IssueTexts", "Order attributes"),
        "closed": QCoreApplication.translate("IssueTexts", "Closing"),
        "invite": QCoreApplication.translate("IssueTexts", "Invitation"),
        "fulfillment": QCoreApplication.translate("IssueTexts", "Shipment"),
    }


def field_text(name: str) -> str:
    """A field an error or warning names, as the window labels it: a Shop Card setting
    (`customer_template` is "Customer template"), a field of the customer dialog (`address`
    is "Address"); any other name as it is. Several names joined by ", " each."""
    if ", " in name:
        return ", ".join(field_text(part) for part in name.split(", "))
    setting = shop_settings.BY_NAME.get(name)
    if setting is not None:
        return setting_label(setting)
    if name in dict(CUSTOMER_FIELDS):
        return customer_field_label(name)
    if name.startswith("ship_to_") and name[len("ship_to_"):] in dict(CUSTOMER_FIELDS):
        return QCoreApplication.translate("IssueTexts", "%1 (ship-to)").replace(
            "%1", customer_field_label(name[len("ship_to_"):]))
    other = _other_fields().get(name)
    return other.replace("&", "").rstrip(":") if other is not None else name


class _Labels(dict[str, str]):
    """The Shop Card's label of a setting named in a window sentence, looked up when used."""

    def __missing__(self, name: str) -> str:
        setting = shop_settings.BY_NAME.get(name)
        return setting_label(setting) if setting is not None else f"{{{name}}}"


def _sentence_text(key: str, params: dict[str, str]) -> str:
    shown = _Labels({name: field_text(value) if name == "field" else value
                     for name, value in params.items()})
    return _sentences()[key].format_map(shown)


def _pieces(message: str) -> list[tuple[str, dict[str, str]] | str]:
    """`message` cut into the engine's sentences it is made of, joined by "; " (an order's
    problems; a sentence may hold "; " itself, so the longest run of parts that is one is
    taken first); each piece a (key, details), or the text of a part that is none."""
    parts = message.split("; ")
    pieces: list[tuple[str, dict[str, str]] | str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            found = issue_codes.recognise("; ".join(parts[start:end]))
            if found is not None:
                pieces.append(found)
                start = end
                break
        else:
            pieces.append(parts[start])
            start += 1
    return pieces


def sentence_text(message: str, params: dict[str, str] | None = None) -> str | None:
    """`message` in the window's words when it is made of the engine's sentences (one, or
    several joined by "; " with maybe other parts), None when it holds none. `params`: the
    details the engine kept, which win over those read back from the English words."""
    pieces = _pieces(message)
    if all(isinstance(piece, str) for piece in pieces):
        return None
    return "; ".join(piece if isinstance(piece, str)
                     else _sentence_text(piece[0], {**piece[1], **(params or {})})
                     for piece in pieces)


def known_codes() -> frozenset[str]:
    """The codes the window has a text for."""
    return frozenset(_texts())


def issue_title(code: str) -> str:
    """The translated text of `code` ("" for a code without one)."""
    pair = _texts().get(code or "")
    return pair[1] if pair is not None else ""


def issue_text(code: str, message: str, params: dict[str, str] | None = None) -> str:
    """What the window shows for an error or warning: a message made of the engine's
    sentences in the window's words (`sentence_text`); else the English `message` as it is
    when the window speaks English (or the code has no text); else the translated text of
    the code, the English details after it."""
    worded = sentence_text(message, params)
    if worded is not None:
        return worded
    if code == "order_conflict" and (conflict := conflict_text(message)) != message:
        return conflict  # what changed and what to do, in the window's words (issue 18)
    pair = _texts().get(code or "")
    if pair is None or pair[1] == pair[0]:
        return message
    return f"{pair[1]} ({message})" if message else pair[1]


def retry_advice(codes: Iterable[str]) -> str:
    """What to say after Retry failed about the failures a retry cannot fix (their codes are
    not in `issue_codes.RETRY_FIXES`): each kind with its count, and that something must
    change first; "" when there are none."""
    left = Counter(code for code in codes if code not in issue_codes.RETRY_FIXES)
    if not left:
        return ""
    kinds = ", ".join(f"{issue_title(code) or code} ({n})" for code, n in left.most_common())
    return QCoreApplication.translate(
        "IssueTexts", "A retry cannot fix these failures: %1. Change what each error says "
        "first (on the Shop Card, in Shopify or on the local record), then retry.").replace(
            "%1", kinds)


def message_text(message: str) -> str:
    """A message stored without its code (an order's error, a review note), in the window's
    words when it is made of the engine's sentences, else as stored."""
    return issue_text("", message)
