"""The Shop Card settings: one definition used by the store, the CLI and the Shop Card tab.

Names are the contract of ../shared/CLI.md (`shop set CODE FIELD=VALUE`). Labels and help are
English source text; the UI translates them (QT_TRANSLATE_NOOP context "ShopSetting").
Each setting's type, default and choices are stated once, as a field of
`records.settings.ShopSettings` (what the sync reads); this registry adds what the Shop Card
and the CLI need (kind, group, label, help, range) and takes the default and the choices from
there. `disagreements()` says where the two differ (tests/unit/test_settings.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal, get_args, get_origin, get_type_hints

from desktop_app.errors import AppError
from desktop_app.records.settings import SettingValue, ShopSettings

Kind = Literal["bool", "choice", "code", "text", "number"]
#: A setting's value: bool for "bool", int for "number", text for the other kinds.
Value = SettingValue

#: The type of each ShopSettings field, by name (a Literal for each choice setting).
_TYPES: dict[str, object] = get_type_hints(ShopSettings)
_DEFAULTS: dict[str, Value] = ShopSettings().as_dict()


@dataclass(frozen=True)
class Setting:
    """One row of the registry; `default` and `choices` come from `ShopSettings`."""

    name: str
    kind: Kind
    group: str
    label: str
    help: str = ""
    #: The range a "number" accepts (both ends included).
    minimum: int = 0
    maximum: int = 0
    #: For a "code" that names a local row, which table (`store/setting_codes.py`):
    #: "customer_template", "customer", "location" or "account". The Shop Card shows a picker, and
    #: saving a code nothing local has is refused; blank means none.
    refers_to: str = ""

    @property
    def default(self) -> Value:
        return _DEFAULTS[self.name]

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a "choice" accepts, in the order the Shop Card lists them."""
        return _choices(_TYPES[self.name])


def _choices(annotation: object) -> tuple[str, ...]:
    return tuple(get_args(annotation)) if get_origin(annotation) is Literal else ()


#: Groups in the order the Shop Card shows them, with their English titles.
GROUPS: tuple[tuple[str, str], ...] = (
    ("customer_import", "Customers from Shopify"),
    ("customer_export", "Customers to Shopify"),
    ("names", "Names and addresses"),
    ("companies", "Business customers (B2B)"),
    ("orders", "Orders"),
    ("accounts", "Accounts"),
    ("returns", "Returns and refunds"),
    ("shipping", "Shipments and invoices"),
    ("connection", "Time limits"),
    ("history", "Sync history"),
)

SETTINGS: tuple[Setting, ...] = (
    # Customers from Shopify (seeds 000/001, 004; bc_connector §1.2)
    Setting("customer_import", "choice", "customer_import",
            "Customer import from Shopify",
            "None: never import. With orders: only the customers of imported orders. "
            "All: every Shopify customer on Sync Customers."),
    Setting("customer_mapping", "choice", "customer_import",
            "Customer mapping",
            "How a Shopify customer finds its local customer."),
    Setting("auto_create_customers", "bool", "customer_import",
            "Auto create unknown customers",
            "Create a local customer from the country's template when no match is found."),
    Setting("shopify_can_update_customers", "bool", "customer_import",
            "Shopify can update customers",
            "Update linked local customers with changes made in Shopify. With \"Can update "
            "Shopify customers\" on too, edits go both ways, and a field changed on both sides "
            "is listed for you as a conflict instead of being overwritten."),
    Setting("default_customer_no", "code", "customer_import", "Default customer no.",
            "The local customer of orders whose Shopify customer is not imported or not "
            "matched, and of every order when the mapping is \"Always the default "
            "customer\". A country's template may name its own.",
            refers_to="customer"),
    Setting("customer_template", "code", "customer_import", "Customer template",
            "The customer template a new local customer is made from when its country has "
            "no template of its own.", refers_to="customer_template"),
    # Customers to Shopify (seeds 000/001, 004; bc_connector §1.3)
    Setting("export_customers", "bool", "customer_export",
            "Export customers to Shopify",
            "On: every local customer goes up. Off: only those assigned to web upload."),
    Setting("can_update_shopify_customers", "bool", "customer_export",
            "Can update Shopify customers",
            "Send later local edits of linked customers to Shopify. With \"Shopify can "
            "update customers\" on too, edits go both ways, and a field changed on both sides "
            "is listed for you as a conflict instead of being overwritten."),
    Setting("send_invite_on_upload", "bool", "customer_export",
            "Send invite on upload",
            "Send Shopify's account invitation to each uploaded customer."),
    # Names (bc_connector §1.2 FillInCustomerFields, §1.3 name split; why the defaults are
    # Business Central's: ShopSettings)
    Setting("name_source", "choice", "names", "Name source",
            "What a customer's Name holds: the company of the Shopify address, the person's "
            "name, or nothing (Name 2's source then fills it). Going to Shopify, the "
            "company field gets an organisation's Name, or a company-source name when "
            "Contact or Name 2 holds a different person's name: never a person's own name."),
    Setting("name_2_source", "choice", "names", "Name 2 source",
            "What Name 2 holds, in the same formats; left empty when it would repeat Name."),
    Setting("contact_source", "choice", "names", "Contact source",
            "What Contact holds. Shopify's first and last name come from Contact, else Name "
            "2, else Name: the first of them filled in whose source is a person's name."),
    Setting("county_source", "choice", "names", "County source",
            "Whether the local County field holds the province code or its name."),
    # Companies (seed 002; bc_connector §1.5)
    Setting("company_import", "choice", "companies", "Company import from Shopify"),
    Setting("company_mapping", "choice", "companies", "Company mapping"),
    Setting("default_company_no", "code", "companies", "Default company no.",
            "The local customer that Shopify companies go to when the mapping is "
            "\"Always the default company\".", refers_to="customer"),
    # Orders (seed 003; bc_connector §1.6)
    Setting("auto_create_orders", "bool", "orders", "Auto create sales documents"),
    Setting("create_invoices_from_orders", "bool", "orders",
            "Create invoices from fulfilled orders"),
    Setting("auto_release_orders", "bool", "orders", "Auto release sales documents"),
    Setting("order_no_on_doc_line", "bool", "orders",
            "Shopify order no. on document line"),
    Setting("write_doc_no_to_shopify", "bool", "orders",
            "Write document no. back to Shopify"),
    Setting("bulk_write_threshold", "number", "orders", "Bulk writes from (records)",
            "From this many records at once, changes go to Shopify as one bulk operation, a "
            "few points in all, instead of one request of 10 points per record; fewer are "
            "sent one by one.",
            minimum=1, maximum=1_000_000),
    Setting("bring_taxes_in", "bool", "orders", "Bring taxes in",
            "Off when Shopify collects and remits the tax, to avoid paying it twice."),
    Setting("auto_create_items", "bool", "orders", "Auto create unknown items"),
    Setting("close_processed_orders", "bool", "orders",
            "Close processed orders in Shopify",
            "At each orders sync, close in Shopify the orders that are fulfilled and paid "
            "and whose invoice is posted here. A closed order is not touched again."),
    Setting("currency_code", "code", "orders", "Shop currency",
            "Leave empty when the shop uses the local currency."),
    Setting("currency_handling", "choice", "orders", "Currency handling"),
    Setting("time_zone", "text", "orders", "Company time zone",
            "IANA name, e.g. Europe/Paris; used for document dates."),
    Setting("tax_area_priority", "choice", "orders", "Tax area priority",
            "Which of the order's addresses gives its document a tax area: the first one "
            "with a city, looked up in the shop's counties (Setup, Counties). None: the "
            "documents get no tax area."),
    Setting("use_shopify_order_no", "bool", "orders", "Shopify order number as document no.",
            "The document made from an order takes the order's number in Shopify (such as "
            "#1001) instead of the next number of its series. An order whose number another "
            "document already has is not made, and says so."),
    # Accounts
    Setting("shipping_charges_account", "code", "accounts", "Shipping charges account",
            refers_to="account"),
    Setting("tip_account", "code", "accounts", "Tip account", refers_to="account"),
    Setting("sold_gift_card_account", "code", "accounts", "Sold gift card account",
            refers_to="account"),
    Setting("no_item_account", "code", "accounts", "Account for lines without an item",
            "Order lines whose SKU matches no item, and that should not create one (services "
            "such as engraving), go to this account instead of stopping the order. Empty: "
            "such a line stops the order until its item exists.", refers_to="account"),
    Setting("refund_account", "code", "accounts", "Refund account", refers_to="account"),
    Setting("refund_account_non_restock", "code", "accounts",
            "Refund account for non-restocked items", refers_to="account"),
    # Returns (seed 003; bc_connector §1.8)
    Setting("return_processing", "choice", "returns", "Returns and refunds"),
    Setting("return_location", "code", "returns", "Return location",
            "The local location returned items go back to (see the priority below).",
            refers_to="location"),
    Setting("return_location_priority", "choice", "returns",
            "Return location priority"),
    # Shipping and invoices (seed 003; bc_connector §1.7, §1.10)
    Setting("send_shipping_confirmation", "bool", "shipping",
            "Send shipping confirmation"),
    Setting("posted_invoice_sync", "bool", "shipping", "Posted invoice sync"),
    # Time limits (shopify/client.py, sync/service.py): a shop that answers too slowly, or
    # a run that never ends, is stopped with a message instead of waited for forever.
    Setting("request_time_limit", "number", "connection",
            "Longest wait for one answer (seconds)",
            "Shopify's answer to one request must arrive whole within this time, or the "
            "request is tried again; a request and its retries stop after two and a half "
            "times this.",
            minimum=5, maximum=600),
    Setting("sync_time_limit", "number", "connection", "Longest sync (minutes)",
            "A sync still running after this time is stopped and recorded as failed; what it "
            "saved before stays saved and the next sync goes on from there.",
            minimum=1, maximum=1440),
    # Asking before a window sync that writes to Shopify (issue 19: ui/tabs/resource_tab.py)
    Setting("confirm_shopify_writes", "number", "connection",
            "Ask before writing more Shopify records than",
            "Before a sync from the window writes more records to Shopify than this, or "
            "writes to Shopify for the first time from this card, its preview is shown and "
            "the sync waits for your go-ahead; 0 never asks.",
            minimum=0, maximum=1_000_000),
    # Sync history retention (store/runs.py prune_runs, at the end of every sync)
    Setting("history_days", "number", "history", "Keep sync history (days)",
            "Runs older than this are deleted with their per-record errors at the end of a "
            "sync. The latest run of each resource is always kept.",
            minimum=1, maximum=3650),
    Setting("history_runs", "number", "history", "Runs kept per resource",
            "At most this many runs of each resource (customers, orders...) are kept; "
            "older ones are deleted with their per-record errors.",
            minimum=10, maximum=100_000),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class SettingError(AppError):
    code = "setting_error"


def defaults() -> dict[str, Value]:
    return {s.name: s.default for s in SETTINGS}


def typed(values: Mapping[str, Value]) -> ShopSettings:
    """The typed settings of a shop from its settings by name (`Shop.all_settings`); a
    name missing takes its default.

    Raises:
        TypeError: a name that is not a setting.
    """
    # The one place values by name become typed fields. Each value went through
    # `parse_value` on its way into the store, which gives each kind the type of its field
    # (`disagreements`); a type checker cannot follow that through a dict of mixed values.
    return replace(ShopSettings(), **values)  # type: ignore[arg-type]


#: The Python type of a ShopSettings field for each kind (a "choice" is a Literal of text).
_KIND_TYPES: dict[str, type] = {"bool": bool, "number": int, "code": str, "text": str}


def disagreements(rows: tuple[Setting, ...] = SETTINGS,
                  typed: type[ShopSettings] = ShopSettings) -> list[str]:
    """Where the registry `rows` and the fields of `typed` differ, empty when they agree:
    the same names in the same order, each kind matching its field's type, each default
    one the registry itself accepts."""
    hints = get_type_hints(typed)
    found = {f.name: f for f in fields(typed)}
    problems = []
    names = [r.name for r in rows]
    if names != list(found):
        problems.append(f"registry names {sorted(set(names) - set(found))} have no field, "
                        f"fields {sorted(set(found) - set(names))} no registry row, or the "
                        "order differs")
    for row in rows:
        if row.refers_to and row.kind != "code":
            problems.append(f"{row.name}: refers to {row.refers_to} but is no code")
        if row.name not in found:
            continue
        annotation, default = hints[row.name], found[row.name].default
        choices = _choices(annotation)
        if row.kind == "choice":
            if not choices or not all(isinstance(c, str) for c in choices):
                problems.append(f"{row.name}: a choice whose field is not a Literal of text")
            elif default not in choices:
                problems.append(f"{row.name}: default {default!r} is not one of its choices")
        elif annotation is not _KIND_TYPES[row.kind]:
            problems.append(f"{row.name}: kind {row.kind} but the field is {annotation}")
        elif type(default) is not annotation:
            problems.append(f"{row.name}: default {default!r} is not a {row.kind}")
        elif isinstance(default, int) and row.kind == "number" \
                and not row.minimum <= default <= row.maximum:
            problems.append(f"{row.name}: default {default} is outside "
                            f"{row.minimum}..{row.maximum}")
        elif row.kind == "code" and len(str(default)) > 20:
            problems.append(f"{row.name}: default {default!r} is longer than a code")
    return problems


def parse_value(name: str, raw: Value) -> Value:
    """Check and convert a value given as text (CLI) or a widget value.

    Raises:
        SettingError: unknown setting or a value it does not accept, naming both.
    """
    setting = BY_NAME.get(name)
    if setting is None:
        raise SettingError(f"Unknown setting '{name}'", setting=name)
    if setting.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise SettingError(f"Setting '{name}' takes true or false, not '{raw}'", setting=name)
    if setting.kind == "number":
        return _parse_number(setting, raw)
    text = str(raw).strip()
    if setting.kind == "choice" and text not in setting.choices:
        raise SettingError(
            f"Setting '{name}' takes one of {', '.join(setting.choices)}, not '{raw}'",
            setting=name,
        )
    if setting.kind == "code" and len(text) > 20:
        raise SettingError(f"Setting '{name}' is a code of at most 20 characters", setting=name)
    return text


def _parse_number(setting: Setting, raw: Value) -> int:
    text = str(raw).strip()
    try:
        number = None if isinstance(raw, bool) else int(text)
    except ValueError:
        number = None
    if number is None or not setting.minimum <= number <= setting.maximum:
        raise SettingError(
            f"Setting '{setting.name}' takes a whole number from {setting.minimum} to "
            f"{setting.maximum}, not '{raw}'",
            setting=setting.name,
        )
    return number


def check_consistency(values: dict[str, Value]) -> list[str]:
    """Rules between settings (bc_connector §1.1). Returns the problems, empty when fine."""
    # Both customer update directions may be on (issue 19): two-way, a field changed on both
    # sides since the last exchange becomes a conflict for the merchant (`sync/conflicts.py`).
    problems = []
    if values.get("return_processing") == "auto_credit_memo" and not values.get(
        "auto_create_orders"
    ):
        problems.append("'return_processing=auto_credit_memo' needs 'auto_create_orders'")
    if values.get("customer_mapping") == "default_customer" and not values.get(
        "default_customer_no"
    ):
        problems.append("'customer_mapping=default_customer' needs 'default_customer_no'")
    return problems
