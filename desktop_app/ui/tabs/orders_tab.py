"""OrdersTab: Shopify orders staged for local sales documents (rows arrive in a later issue)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop_app.sync.results import Resource
from desktop_app.ui.tabs.placeholder_tab import PlaceholderResourceTab


class OrdersTab(PlaceholderResourceTab):
    resource = Resource.ORDERS
    name = "orders"
    headers_context = "OrdersTab"
    headers = (
        QT_TRANSLATE_NOOP("OrdersTab", "Order"),
        QT_TRANSLATE_NOOP("OrdersTab", "Date"),
        QT_TRANSLATE_NOOP("OrdersTab", "Customer"),
        QT_TRANSLATE_NOOP("OrdersTab", "Payment"),
        QT_TRANSLATE_NOOP("OrdersTab", "Fulfilment"),
        QT_TRANSLATE_NOOP("OrdersTab", "Total"),
        QT_TRANSLATE_NOOP("OrdersTab", "Sales document"),
    )

    def intro_text(self) -> str:
        return self.tr("Orders placed in your Shopify store, and the local sales document "
                       "each one became. The Shop Card's Orders section decides how they are "
                       "imported.")

    def sync_text(self) -> str:
        return self.tr("Sync Orders")

    def table_name(self) -> str:
        return self.tr("Shopify orders")

    def empty_text(self) -> str:
        return self.tr("No orders yet. Orders arrive here when you sync them from Shopify.")
