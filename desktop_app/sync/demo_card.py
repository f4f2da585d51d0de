"""The set-up of a demo shop card, one for the window and the command line.

A demo card (the built-in demo shop) is made to work out of the box: its orders become
documents and its Shopify customers local customers with no local set-up first. The window's
first start, its New shop card dialog and `shop-sync shop add CODE --demo` all create the
card through `ShopAdmin.create`, which comes here for a demo card: before, a demo card made by
the command line had no customer template and no customer import, and its first `sync all`
failed its 103 orders `no_customer`.

What a demo card gets (`set_up`, in the card's transaction):
- the customer template `RETAIL` and the G/L accounts the settings name, each added only when
  missing (a merchant's own template or account of that code is kept as it is);
- the settings of `DEMO_SETTINGS`, checked as any card's (`store.setting_codes`).
The first start also imports the sample local customers and names one of them the default
customer (`app.ensure_first_start`).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.store import customer_templates, gl_accounts, setting_codes, shops
from desktop_app.store.database import transaction
from desktop_app.store.shops import ShopRecord

#: The customer template a demo card creates customers from.
DEMO_TEMPLATE = {"code": "RETAIL", "description": "Retail customers", "category": "person"}

#: The G/L accounts the demo's settings name (issue 17: a card names only accounts that exist).
DEMO_ACCOUNTS = {"6100": "Shipping charges", "6200": "Tips", "2400": "Gift cards sold",
                 "6300": "Refunds", "6310": "Refunds, not restocked"}

#: A demo card's settings: every Shopify customer imported and created from the template, and
#: orders that become documents without local set-up (unknown SKUs create items; shipping,
#: tips, sold gift cards and refunds have accounts).
DEMO_SETTINGS: Mapping[str, object] = {
    "customer_import": "all",
    "auto_create_customers": True,
    "customer_template": DEMO_TEMPLATE["code"],
    "auto_create_items": True,
    "shipping_charges_account": "6100",
    "tip_account": "6200",
    "sold_gift_card_account": "2400",
    "refund_account": "6300",
    "refund_account_non_restock": "6310",
}


def set_up(code: str) -> ShopRecord:
    """Give the demo card `code` its template, accounts and settings (one transaction).

    Raises:
        NotFoundError: no such card; SettingError: a setting refused (nothing saved).
    """
    with transaction():
        template = str(DEMO_TEMPLATE["code"])
        if template not in {t.code for t in customer_templates.list_customer_templates()}:
            customer_templates.save_customer_template(DEMO_TEMPLATE)
        for account, name in DEMO_ACCOUNTS.items():
            if not gl_accounts.TABLE.has(account):
                gl_accounts.TABLE.add(account, name)
        checked = setting_codes.check_codes(code, DEMO_SETTINGS, shops.get_shop(code).settings)
        return shops.update_shop_settings(code, checked)
