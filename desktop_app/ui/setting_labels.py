"""Readable, translatable labels for the values of the Shop Card's choice settings, and the
short help shown under the title of each setting group.

The registry (`store.settings`) holds machine values (`email_phone`); the merchant reads
these. Keys are (setting name, value) so one word can read differently per setting ("none"
is "Do not import" for an import, "Not used" for a name source). A test checks that every
choice of the registry has a label here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.store import settings as shop_settings

CONTEXT = "ShopSettingChoice"

_IMPORT = {
    "none": QT_TRANSLATE_NOOP("ShopSettingChoice", "Do not import"),
    "with_orders": QT_TRANSLATE_NOOP("ShopSettingChoice", "Only with their orders"),
    "all": QT_TRANSLATE_NOOP("ShopSettingChoice", "All (on Sync)"),
}
_NAME_SOURCE = {
    "first_last": QT_TRANSLATE_NOOP("ShopSettingChoice", "First name and last name"),
    "last_first": QT_TRANSLATE_NOOP("ShopSettingChoice", "Last name and first name"),
    "company": QT_TRANSLATE_NOOP("ShopSettingChoice", "Company name"),
    "none": QT_TRANSLATE_NOOP("ShopSettingChoice", "Not used"),
}

CHOICE_LABELS: dict[tuple[str, str], str] = {
    **{("customer_import", k): v for k, v in _IMPORT.items()},
    **{("company_import", k): v for k, v in _IMPORT.items()},
    **{(name, k): v for name in ("name_source", "name_2_source", "contact_source")
       for k, v in _NAME_SOURCE.items()},
    ("customer_mapping", "email_phone"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                           "By e-mail or phone"),
    ("customer_mapping", "bill_to"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                       "By bill-to address"),
    ("customer_mapping", "default_customer"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Always the default customer"),
    ("customer_mapping", "email_only"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                          "By e-mail only"),
    ("customer_mapping", "always_new"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                          "Always create a new customer"),
    ("county_source", "code"): QT_TRANSLATE_NOOP("ShopSettingChoice", "Province code"),
    ("county_source", "name"): QT_TRANSLATE_NOOP("ShopSettingChoice", "Province name"),
    ("company_mapping", "email_phone"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                          "By e-mail or phone"),
    ("company_mapping", "tax_id"): QT_TRANSLATE_NOOP("ShopSettingChoice", "By tax ID"),
    ("company_mapping", "default_company"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                              "Always the default company"),
    ("currency_handling", "shop"): QT_TRANSLATE_NOOP("ShopSettingChoice", "Shop currency"),
    ("currency_handling", "presentment"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Currency the customer paid in"),
    ("return_processing", "none"): QT_TRANSLATE_NOOP("ShopSettingChoice", "Ignore returns"),
    ("return_processing", "import_only"): QT_TRANSLATE_NOOP("ShopSettingChoice",
                                                            "Import only"),
    ("return_processing", "auto_credit_memo"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Import and create credit memos"),
    ("return_location_priority", "default"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Default return location"),
    ("return_location_priority", "original_then_default"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Original location, then default"),
    ("tax_area_priority", "none"): QT_TRANSLATE_NOOP("ShopSettingChoice", "None (no tax area)"),
    ("tax_area_priority", "sell_ship_bill"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Sell-to, then ship-to, then bill-to"),
    ("tax_area_priority", "sell_bill_ship"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Sell-to, then bill-to, then ship-to"),
    ("tax_area_priority", "ship_sell_bill"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Ship-to, then sell-to, then bill-to"),
    ("tax_area_priority", "ship_bill_sell"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Ship-to, then bill-to, then sell-to"),
    ("tax_area_priority", "bill_sell_ship"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Bill-to, then sell-to, then ship-to"),
    ("tax_area_priority", "bill_ship_sell"): QT_TRANSLATE_NOOP(
        "ShopSettingChoice", "Bill-to, then ship-to, then sell-to"),
}


def choice_label(setting: str, value: str) -> str:
    """The translated label of one value of a choice setting (the raw value if unknown)."""
    text = CHOICE_LABELS.get((setting, value))
    if text is None:
        return value
    return QCoreApplication.translate(CONTEXT, text)


def setting_label(setting: shop_settings.Setting) -> str:
    """The registry's English label, translated in the context the registry names."""
    return QCoreApplication.translate("ShopSetting", setting.label)


def setting_help(setting: shop_settings.Setting) -> str:
    return QCoreApplication.translate("ShopSetting", setting.help) if setting.help else ""


def group_title(group: str) -> str:
    title = dict(shop_settings.GROUPS).get(group, group)
    return QCoreApplication.translate("ShopSettingGroup", title)


#: What each setting group decides and when to change it, shown under the group's title
#: (issue 18: help visible without a tooltip).
GROUP_HELP: dict[str, str] = {
    "customer_import": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "Which Shopify customers come into your local customer list, how each one finds the "
        "local customer it belongs to, and what happens when none is found. Set it before the "
        "first Sync Customers; change it when orders land on the wrong customer."),
    "customer_export": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "Which local customers Sync Customers sends to Shopify (all, or only those assigned "
        "to Web Upload), and whether your later changes follow them there. With both update "
        "settings on, edits go both ways: a field changed here and in Shopify is listed under "
        "Customers, Conflicts, for you to choose."),
    "names": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "How a Shopify customer's name, company and province fill the local Name, Name 2, "
        "Contact and County fields, and the way back. Change it before the first import when "
        "most of your customers are companies."),
    "companies": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "Whether Shopify's business customers (companies, with their locations and "
        "contacts) come in, and which local customer each one belongs to. Only for a shop "
        "that sells to companies through Shopify B2B."),
    "orders": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "How imported orders become local sales documents: when they are made, released and "
        "invoiced, how they are numbered, and which currency, date and tax they use. A change "
        "applies to the documents made after it."),
    "accounts": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "The accounts for what is not an item on an order or a refund: shipping, tips, gift "
        "cards sold, refunds. An order or refund that needs an account left empty waits with "
        "an error until you set it."),
    "returns": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "Whether refunds and returns made in Shopify become credit memos here, and which "
        "location returned items go back to. Change it when you start accepting returns."),
    "shipping": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "What goes back to Shopify: whether Shopify e-mails the customer when a shipment "
        "posted here becomes a fulfillment, and whether invoices posted here become Shopify "
        "orders."),
    "connection": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "How long the app waits for Shopify before trying again or stopping a sync. Raise "
        "them only when syncs stop on a slow connection."),
    "history": QT_TRANSLATE_NOOP(
        "ShopSettingGroup",
        "How much of the sync history (runs and their per-record errors) is kept. Lower it "
        "to keep the database small; raise it to look further back."),
}


def group_help(group: str) -> str:
    """The translated help shown under a setting group's title ("" if it has none)."""
    text = GROUP_HELP.get(group)
    return QCoreApplication.translate("ShopSettingGroup", text) if text else ""
