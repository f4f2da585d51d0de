"""Counted texts outside a QObject, through Qt's plural (%n) forms (issue 18).

`plural(context, "%n customer(s) written to %1.", n)` reads "1 customer written to…" and "2
customers written to…" in English (the forms of resources/i18n/shop_sync_en.ts, which holds only
the plural texts) and "1 client écrit…", "0 client écrit…", "2 clients écrits…" in French.

pyside6-lupdate marks a `QCoreApplication.translate()` text as a plural only when its count is a
literal number (a `self.tr(text, "", n)` of a QObject is fine with any count), so every text
given to `plural` is also written out in `_plurals_for_lupdate`;
tests/ui/test_plurals.py finds a text left out there.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def plural(context: str, text: str, n: int) -> str:
    """`text` of the translation `context`, translated for the count `n` (its `%n`).

    Without the English file (a process that installed no translator: the command line, a
    test), an English "(s)" is dropped for 1 and written "s" for any other count, as that
    file's forms do.
    """
    translated = QCoreApplication.translate(context, text, "", n)
    if translated == text.replace("%n", str(n)) and "(s)" in text:
        return translated.replace("(s)", "" if n == 1 else "s")
    return translated


def _plurals_for_lupdate() -> None:
    """The texts given to `plural`, for pyside6-lupdate to read as plurals; never called."""
    QCoreApplication.translate("SyncResultText", "%n created", "", 1)
    QCoreApplication.translate("SyncResultText", "%n linked", "", 1)
    QCoreApplication.translate("SyncResultText", "%n updated", "", 1)
    QCoreApplication.translate("SyncResultText", "%n skipped", "", 1)
    QCoreApplication.translate("SyncResultText", "%n failed", "", 1)
    QCoreApplication.translate("SyncResultText", "%n conflict(s) to resolve", "", 1)
    QCoreApplication.translate("CustomersTab", "%n customer(s) written to %1.", "", 1)
    QCoreApplication.translate("ScheduleDialog", "Every %n minute(s)", "", 1)
    QCoreApplication.translate("SetupDialog", "Due in %n day(s)", "", 1)
    QCoreApplication.translate("SetupDialog", "%n more document(s)", "", 1)
    QCoreApplication.translate("ShopCardTab", "%n sample customer(s)", "", 1)
    QCoreApplication.translate("ShopCardTab", "%n document(s)", "", 1)
    QCoreApplication.translate(
        "SyncConfirmation", "This sync of %1 would write %n record(s) to Shopify.", "", 1)
    QCoreApplication.translate(
        "SyncConfirmation", "Sync all would write %n record(s) to Shopify (%1).", "", 1)
    QCoreApplication.translate("CustomersTab", "Assigned %n customer(s) to Web Upload for shop "
                               "card %1. They go up to that store on its next sync.", "", 1)
    QCoreApplication.translate("CustomersTab",
                               "Removed %n customer(s) from Web Upload for shop card %1.", "", 1)
    # The Orders tab's (`ui.tabs.orders.actions._tr`).
    QCoreApplication.translate("OrdersTab", "…and %n more.", "", 1)
    QCoreApplication.translate("OrdersTab", "%n order(s) could not be processed:", "", 1)
    QCoreApplication.translate("OrdersTab", "Importing %n order(s)…", "", 1)
    QCoreApplication.translate("OrdersTab", "Delete %n order(s) from the list to import?", "", 1)
    QCoreApplication.translate("OrdersTab", "%n order(s) excluded from the import.", "", 1)
    QCoreApplication.translate("OrdersTab", "Creating sales documents for %n order(s)…", "", 1)
    QCoreApplication.translate("OrdersTab", "Syncing %n order(s) from Shopify…", "", 1)
    QCoreApplication.translate("OrdersTab", "Marking %n order(s) as paid in Shopify…", "", 1)
