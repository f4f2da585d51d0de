"""The Customers tab's old import path: `CustomersTab` now lives in `ui/tabs/customers/` (one
module per view); import it from `desktop_app.ui.tabs.customers`."""

from desktop_app.ui.tabs.customers import CustomersTab

__all__ = ["CustomersTab"]
