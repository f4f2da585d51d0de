"""The window's wording of an order conflict, in the merchant's language.

The engine stores one English text for a processed order that changed in Shopify: what
changed, from what the sync compares (`sync.order_changes.conflict_message`: "What changed in
Shopify: lines changed, order cancelled."), then what to do (`sync.rules.orders.
CONFLICT_MESSAGE`; older versions stored that alone, or another text, which named another
product). Wherever the window shows a conflict it goes through `conflict_text`, which words
each change in the window's language and puts the Orders tab's own button and tab labels, as
translated there, into the translated sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.sync.order_changes import conflict_changes


def _change_words() -> dict[str, str]:
    """Each change of `sync.order_changes.CONFLICT_CHANGES`, translated."""
    return {
        "quantity_increased": QCoreApplication.translate("OrderConflict", "quantities increased"),
        "lines_changed": QCoreApplication.translate("OrderConflict", "lines changed"),
        "shipping_changed": QCoreApplication.translate("OrderConflict", "shipping changed"),
        "cancelled": QCoreApplication.translate("OrderConflict", "order cancelled"),
        "items_removed": QCoreApplication.translate(
            "OrderConflict", "items removed (a refund of zero)"),
    }


def changes_text(codes: list[str]) -> str:
    """What changed in Shopify, in the window's language ("" for nothing known)."""
    if not codes:
        return ""
    words = _change_words()
    return QCoreApplication.translate("OrderConflict", "What changed in Shopify: %1.").replace(
        "%1", ", ".join(words.get(code, code) for code in codes))


def conflict_text(stored: str) -> str:
    """`stored` as the merchant reads it: our conflict message translated, saying what
    changed and naming the "Mark Conflict Resolved" button of the Orders tab; any other text
    as it is."""
    changes = conflict_changes(stored)
    if changes is None:
        return stored
    button = QCoreApplication.translate("OrdersTab", "Mark Conflict Resolved")
    tab = QCoreApplication.translate("MainWindow", "Orders")
    what_to_do = (QCoreApplication.translate(
        "OrderConflict",
        "The order was changed in Shopify after its sales document was made here; the "
        "document was not changed. Update the document to match the order in Shopify, then "
        "select the order in the %2 tab and click \u201c%1\u201d.")
        .replace("%1", button).replace("%2", tab))
    return " ".join(part for part in (changes_text(changes), what_to_do) if part)
