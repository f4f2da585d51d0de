"""The Orders tab, one module per view.

- `tab`: `OrdersTab`, the shell: Sync Orders, the views' titles, the status line.
- `staged_view`: "To import", the orders staged from Shopify and their filters.
- `orders_view`: the imported orders and the buttons of their actions.
- `documents_view`: the local sales documents and their lines.
- `actions`: the order actions and the runner that reports them.
- `tables`: the tables the views share the make of.

The views' texts keep the translation context "OrdersTab" of the one class they were
written in: `QCoreApplication.translate("OrdersTab", ...)` stands where `self.tr(...)` would
give each view a context of its own and lose the French.
"""

from desktop_app.ui.tabs.orders.tab import OrdersTab

__all__ = ["OrdersTab"]
