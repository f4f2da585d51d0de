"""The Orders tab's old import path: `OrdersTab` now lives in `ui/tabs/orders/` (one module
per view); import it from `desktop_app.ui.tabs.orders`."""

from desktop_app.ui.tabs.orders import OrdersTab

__all__ = ["OrdersTab"]
