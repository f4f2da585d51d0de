"""The Customers tab, one module per view.

- `tab`: `CustomersTab`, the shell: the filter bar shared by the views, their counts, the
  status line, and the linking dialog for the current row of any view.
- `local_view`: the local customers, their pick column, Web Upload, Edit… and Delete….
- `shopify_views`: the Shopify customers, and those waiting for review.
- `tables`: the tables the views share the make of.

The views' texts keep the translation context "CustomersTab" of the one class they were
written in: `QCoreApplication.translate("CustomersTab", ...)` stands where `self.tr(...)`
would give each view a context of its own and lose the French.
"""

from desktop_app.ui.tabs.customers.tab import CustomersTab

__all__ = ["CustomersTab"]
