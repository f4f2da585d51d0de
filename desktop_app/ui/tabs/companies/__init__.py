"""The Companies tab (issue 18): the Shopify B2B companies of the shop, as Sync Companies left
them.

- `tab`: `CompaniesTab`, the shell: Sync Companies, the companies table, the status line.
- `details_view`: the selected company's locations and contacts (read-only).
"""

from desktop_app.ui.tabs.companies.tab import CompaniesTab

__all__ = ["CompaniesTab"]
