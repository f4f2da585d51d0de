"""The order-conflict message names our own Orders tab button, in English and in French, and
no other product (issue 14); a conflict stored by an earlier version reads the same.

Control: before issue 14 the message was seed 003's, word for word: "processed in Business
Central ... use the action "Sync order from Shopify" in the Shopify Order card page", English
even in the French window."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop_app import i18n
from desktop_app.sync.rules.orders import (
    CONFLICT_MESSAGE,
    LEGACY_CONFLICT_MESSAGES,
    conflict_message_now,
)
from desktop_app.ui.order_conflict_text import conflict_text

NBSP = "\u00a0"


def test_the_conflict_message_names_our_buttons_in_both_languages(qapp):
    for text in (CONFLICT_MESSAGE, conflict_text(CONFLICT_MESSAGE)):
        assert "Business Central" not in text and "Order card" not in text
    assert '"Mark Conflict Resolved"' in CONFLICT_MESSAGE
    assert "shop-sync orders resolve-conflict" in CONFLICT_MESSAGE
    english = conflict_text(CONFLICT_MESSAGE)
    assert ("select the order in the Orders tab and click \u201cMark Conflict Resolved\u201d."
            in english)
    (legacy,) = LEGACY_CONFLICT_MESSAGES
    assert conflict_text(legacy) == english
    assert conflict_message_now(legacy) == CONFLICT_MESSAGE
    assert conflict_text("order cancelled in Shopify") == "order cancelled in Shopify"

    app = QApplication.instance()
    previous = QLocale()
    i18n.install_translators(app, "fr")
    try:
        french = conflict_text(CONFLICT_MESSAGE)
        button = QApplication.translate("OrdersTab", "Mark Conflict Resolved")
        assert button == "Marquer le conflit résolu"
        assert f"l’onglet Commandes et cliquez sur «{NBSP}{button}{NBSP}»." in french
        assert "Business Central" not in french
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)


def test_the_conflict_says_what_changed_in_both_languages(qapp):
    """Issue 18: the stored conflict holds what the sync found changed, and the window words
    each change in its language; the `order_conflict` warning reads the same in the log.
    Control: before, only "The order was changed in Shopify..." (no change named)."""
    from desktop_app.sync.order_changes import (
        CONFLICT_CHANGES,
        conflict_changes,
        conflict_message,
    )
    from desktop_app.ui.issue_texts import issue_text

    stored = conflict_message([CONFLICT_CHANGES["lines_changed"], CONFLICT_CHANGES["cancelled"]])
    assert stored == ("What changed in Shopify: lines changed, order cancelled. "
                      + CONFLICT_MESSAGE)
    assert conflict_changes(stored) == ["lines_changed", "cancelled"]
    assert conflict_changes(CONFLICT_MESSAGE) == []
    assert conflict_changes("order cancelled in Shopify") is None
    english = conflict_text(stored)
    assert english.startswith("What changed in Shopify: lines changed, order cancelled. The "
                              "order was changed in Shopify"), english
    assert issue_text("order_conflict", stored) == english
    app = QApplication.instance()
    previous = QLocale()
    i18n.install_translators(app, "fr")
    try:
        french = conflict_text(stored)
        assert french.startswith(f"Ce qui a changé dans Shopify{NBSP}: lignes modifiées, "
                                 "commande annulée. "), french
        assert "Marquer le conflit résolu" in french
        assert issue_text("order_conflict", stored) == french
        every = conflict_text(conflict_message(list(CONFLICT_CHANGES.values())))
        assert not any(words in every for words in CONFLICT_CHANGES.values()), every
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)
