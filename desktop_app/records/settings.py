"""A shop's Shop Card settings as one typed value: `ShopSettings`.

The field of each setting, its type and its default are stated here once. The registry
(`store/settings.py`: kind, group, label, help, range) takes each default and each list of
choices from here, and `tests/unit/test_settings.py` checks the two agree name by name. Every
reader in `sync/` gets a `ShopSettings` (`store.shops.shop_settings`) and reads its fields, so
a misspelled name is an AttributeError at once and a type checker's error before that, and
"who reads `auto_create_customers`?" is a symbol search. Writing settings (the Shop Card, the
CLI) goes through the registry's checks, by name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: A setting's value: bool for a switch, int for a number, text for the other kinds.
SettingValue = bool | int | str

# The choices of each "choice" setting, in the order the Shop Card lists them.
ImportRange = Literal["none", "with_orders", "all"]
CustomerMapping = Literal["email_phone", "bill_to", "default_customer", "email_only",
                          "always_new"]
NameSource = Literal["first_last", "last_first", "company", "none"]
CountySource = Literal["code", "name"]
CompanyMapping = Literal["email_phone", "tax_id", "default_company"]
CurrencyHandling = Literal["shop", "presentment"]
ReturnProcessing = Literal["none", "import_only", "auto_credit_memo"]
ReturnLocationPriority = Literal["default", "original_then_default"]
#: Which address of an order gives its document a tax area (issue 17; bc_connector §1.11).
TaxAreaPriority = Literal["none", "sell_ship_bill", "sell_bill_ship", "ship_sell_bill",
                          "ship_bill_sell", "bill_sell_ship", "bill_ship_sell"]


@dataclass(frozen=True)
class ShopSettings:
    """Every Shop Card setting of one shop, stored value or default.

    Fields are in the registry's order; what each means is the registry's help text
    (`store/settings.py`). Defaults follow Business Central's connector where it has one
    (../shared/reference/bc_connector.md §1.1).
    """

    # Customers from Shopify
    customer_import: ImportRange = "with_orders"
    customer_mapping: CustomerMapping = "email_phone"
    auto_create_customers: bool = False
    shopify_can_update_customers: bool = False
    default_customer_no: str = ""
    customer_template: str = ""
    # Customers to Shopify
    export_customers: bool = False
    can_update_shopify_customers: bool = False
    send_invite_on_upload: bool = False
    # Names. The defaults stay Business Central's, right for the import (a company when the
    # address has one, else the person); with them, BC also sends a person's own Name back as
    # Shopify's company. The export does not (issue 14): `sync/rules/export.py`
    # company_for_shopify fills Shopify's company only from an organisation's Name or a name
    # that is not the person's, whatever the sources, so no default can put a person's name
    # there.
    name_source: NameSource = "company"
    name_2_source: NameSource = "first_last"
    contact_source: NameSource = "first_last"
    county_source: CountySource = "code"
    # Business customers (B2B)
    company_import: ImportRange = "with_orders"
    company_mapping: CompanyMapping = "email_phone"
    default_company_no: str = ""
    # Orders
    auto_create_orders: bool = False
    create_invoices_from_orders: bool = True
    auto_release_orders: bool = True
    order_no_on_doc_line: bool = False
    write_doc_no_to_shopify: bool = True
    #: From this many records at once, writes go to Shopify as one bulk operation (issue 21).
    bulk_write_threshold: int = 50
    bring_taxes_in: bool = True
    auto_create_items: bool = False
    close_processed_orders: bool = False
    currency_code: str = ""
    currency_handling: CurrencyHandling = "shop"
    time_zone: str = "UTC"
    tax_area_priority: TaxAreaPriority = "none"
    use_shopify_order_no: bool = False
    # Accounts
    shipping_charges_account: str = ""
    tip_account: str = ""
    sold_gift_card_account: str = ""
    no_item_account: str = ""
    refund_account: str = ""
    refund_account_non_restock: str = ""
    # Returns and refunds
    return_processing: ReturnProcessing = "import_only"
    return_location: str = ""
    return_location_priority: ReturnLocationPriority = "default"
    # Shipments and invoices
    send_shipping_confirmation: bool = True
    posted_invoice_sync: bool = False
    # Time limits (seconds for one answer, minutes for a whole sync)
    request_time_limit: int = 60
    sync_time_limit: int = 120
    #: The window asks, with the preview's summary, before a sync that writes more Shopify
    #: records than this (or the card's first write to Shopify); 0 never asks (issue 19).
    confirm_shopify_writes: int = 50
    # Sync history retention
    history_days: int = 90
    history_runs: int = 1000

    def as_dict(self) -> dict[str, SettingValue]:
        """Every setting by name, in field order (what the store keeps and digests)."""
        return asdict(self)


_Part = TypeVar("_Part", bound="DataclassInstance")


def settings_part(part: type[_Part], settings: ShopSettings, **renamed: str) -> _Part:
    """The dataclass `part` (the settings one rule depends on) with each of its fields read
    from `settings`: the setting of the same name, or the one `renamed` gives for the field."""
    values = {f.name: getattr(settings, renamed.get(f.name, f.name)) for f in fields(part)}
    return part(**values)
