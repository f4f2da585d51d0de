"""The window's wording of an order conflict, in the merchant's language.

The engine stores one English text for a processed order that changed in Shopify
(`sync.rules.orders.CONFLICT_MESSAGE`; older versions stored another, which named another
product). Wherever the window shows a conflict it goes through `conflict_text`, which puts the
Orders tab's own button and tab labels, as translated there, into the translated sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.sync.rules.orders import CONFLICT_MESSAGE, LEGACY_CONFLICT_MESSAGES


def conflict_text(stored: str) -> str:
    """`stored` as the merchant reads it: our conflict message translated, naming the
    "Mark Conflict Resolved" button of the Orders tab; any other text as it is."""
    if stored != CONFLICT_MESSAGE and stored not in LEGACY_CONFLICT_MESSAGES:
        return stored
    button = QCoreApplication.translate("OrdersTab", "Mark Conflict Resolved")
    tab = QCoreApplication.translate("MainWindow", "Orders")
    return (QCoreApplication.translate(
        "OrderConflict",
        "The order was changed in Shopify after its sales document was made here; the "
        "document was not changed. Update the document to match the order in Shopify, then "
        "select the order in the %2 tab and click \u201c%1\u201d.")
        .replace("%1", button).replace("%2", tab))
