"""GiftCardsTab: gift cards sold in the Shopify store (rows arrive in a later issue)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop_app.sync.results import Resource
from desktop_app.ui.tabs.placeholder_tab import PlaceholderResourceTab


class GiftCardsTab(PlaceholderResourceTab):
    resource = Resource.GIFT_CARDS
    name = "gift_cards"
    headers_context = "GiftCardsTab"
    headers = (
        QT_TRANSLATE_NOOP("GiftCardsTab", "Card ending"),
        QT_TRANSLATE_NOOP("GiftCardsTab", "Issued"),
        QT_TRANSLATE_NOOP("GiftCardsTab", "Initial value"),
        QT_TRANSLATE_NOOP("GiftCardsTab", "Balance"),
        QT_TRANSLATE_NOOP("GiftCardsTab", "Currency"),
        QT_TRANSLATE_NOOP("GiftCardsTab", "Expires"),
    )

    def intro_text(self) -> str:
        return self.tr("Gift cards sold or issued in your Shopify store, with their balance. "
                       "Sold gift cards are posted to the Shop Card's sold gift card account.")

    def sync_text(self) -> str:
        return self.tr("Sync Gift Cards")

    def table_name(self) -> str:
        return self.tr("Shopify gift cards")

    def empty_text(self) -> str:
        return self.tr("No gift cards yet. Gift cards arrive here when you sync them from "
                       "Shopify.")
