"""The per-record change list of a run (issue 19): the `RecordChange` values the jobs add
next to their counts (`SyncResult.count`), which a preview prints and a real run stores for
the per-record history (`store.record_history`).

Keys are `KIND:ID` (`customer:C00012`, `order:gid://shopify/Order/1`, `document:SO000004`,
`company:C00020`, `gift_card:gid://...`); fields go under the merchant's names (the CSV and
command line columns: `email`, `phone`, `address`, `city`...), values as JSON values. Kept
cheap: a change is built only where a record is written, from values the job holds anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from desktop_app.store.customer_checks import CUSTOMER_COLUMNS
from desktop_app.sync import rules
from desktop_app.sync.results import Action, RecordChange, Side

CUSTOMER = "customer"
COMPANY = "company"
ORDER = "order"
DOCUMENT = "document"
GIFT_CARD = "gift_card"

_CENT = Decimal("0.01")

#: A change's fields: NAME -> (old, new), JSON values.
Fields = dict[str, tuple[object, object]]

#: A Shopify customer's fields under the merchant's names (`rules.ShopifyCustomerInput`).
_SHOPIFY_CUSTOMER_NAMES = {"first_name": "first_name", "last_name": "last_name",
                           "email": "email", "phone": "phone", "note": "note"}
#: Its default address's fields under the merchant's names (`rules.ShopifyAddressInput`).
_SHOPIFY_ADDRESS_NAMES = {"address1": "address", "address2": "address_2", "city": "city",
                          "zip": "post_code", "province_code": "county",
                          "country_code": "country", "company": "company",
                          "phone": "address_phone", "first_name": "address_first_name",
                          "last_name": "address_last_name"}


def key(kind: str, ident: object) -> str:
    """The history's key of a record: `KIND:ID`."""
    return f"{kind}:{ident}"


def json_value(value: object) -> object:
    """`value` as a JSON value: text, numbers, booleans and None as they are; money
    (Decimal) and dates as text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Decimal):  # money as written: 2 decimals, more only when it has them
        cents = value.quantize(_CENT) if value.is_finite() else value
        return str(cents if cents == value else value.normalize())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def created_fields(values: Mapping[str, object], names: Iterable[str] | None = None
                   ) -> Fields:
    """The fields of a record made with `values` (only `names`, when given): each one not
    blank, from None."""
    fields: Fields = {}
    for name in values if names is None else names:
        value = values.get(name)
        if value is None or value == "":
            continue
        # Text, nearly every value, as it is (a 100,000-customer import makes 1.4 million).
        fields[name] = (None, value if type(value) is str else json_value(value))
    return fields


def changed_fields(old: Mapping[str, object], new: Mapping[str, object]) -> Fields:
    """old -> new of each field of `new` whose value is not the one in `old`."""
    return {name: (json_value(old.get(name)), json_value(value))
            for name, value in new.items() if old.get(name) != value}


def change(kind: str, ident: object, side: Side, action: Action, fields: Fields | None = None,
           *, record: str = "") -> RecordChange:
    """One record's change, keyed `kind:ident`; `record`: how the merchant knows it
    (`ident` when left out)."""
    return RecordChange(record or str(ident), side, action, key(kind, ident), fields or {})


# --- customers ----------------------------------------------------------------------------


def local_customer_created(values: Mapping[str, object], side: Side) -> RecordChange:
    """A local customer made with `values` (its CSV columns are the fields)."""
    no = str(values["no"])
    return change(CUSTOMER, no, side, "create", created_fields(values, CUSTOMER_COLUMNS))


def local_customer_changed(no: str, fields: Mapping[str, tuple[object, object]]
                           ) -> RecordChange:
    """The local customer `no` changed by the merchant (`customers set`, the window's Edit
    customer, a CSV import): each field changed, old -> new."""
    return change(CUSTOMER, no, "local", "update",
                  {name: (json_value(old), json_value(new)) for name, (old, new) in fields.items()})


def local_customer_saved(no: str, created: bool, fields: Mapping[str, tuple[object, object]]
                         ) -> RecordChange:
    """A row of a CSV import: the local customer `no` made (its fields from None) or
    changed (`local_customer_changed`)."""
    if created:
        return local_customer_created({"no": no, **{k: new for k, (_old, new) in fields.items()}},
                                      "local")
    return local_customer_changed(no, fields)


def customer_linked(no: str, gid: str, side: Side, old_gid: str | None = None
                    ) -> RecordChange:
    """The local customer `no` linked to the Shopify customer `gid` (a link lives locally)."""
    return change(CUSTOMER, no, side, "link", {"shopify_id": (old_gid, gid)})


def shopify_customer_values(customer: rules.ShopifyCustomerInput | None
                            ) -> dict[str, object]:
    """What a Shopify customer holds (its fields and default address), under the merchant's
    names; {} for None."""
    if customer is None:
        return {}
    values: dict[str, object] = {name: getattr(customer, attr)
                                 for attr, name in _SHOPIFY_CUSTOMER_NAMES.items()}
    address = customer.address
    if address is not None:
        values.update({name: getattr(address, attr)
                       for attr, name in _SHOPIFY_ADDRESS_NAMES.items()})
    return values


def shopify_customer_changed(no: str, before: rules.ShopifyCustomerInput | None,
                             after: rules.ShopifyCustomerInput, action: Action
                             ) -> RecordChange:
    """The Shopify customer of the local customer `no` made (`before` None) or updated:
    the fields that differ between what Shopify held before and after."""
    old = shopify_customer_values(before)
    new = shopify_customer_values(after)
    fields = {name: (json_value(old.get(name)), json_value(value))
              for name, value in new.items()
              if (old.get(name) or None) != (value or None)}
    for name in old.keys() - new.keys():  # an address gone
        if old[name]:
            fields[name] = (json_value(old[name]), None)
    return change(CUSTOMER, no, "shopify", action, fields)


# --- companies (a local organisation is a local customer: keyed `customer:NO`) -------------


def flattened(values: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """A nested input (a Shopify mutation's) as NAME.SUB -> value."""
    flat: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, Mapping):
            flat.update(flattened(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def company_update_fields(changes: rules.companies.CompanyChanges,
                          mirror: rules.companies.CompanyMirror) -> Fields:
    """The fields a company update sends, old (what Shopify held) -> new: the name, the
    main contact's fields, and each location changed or added (by its address code)."""
    theirs = mirror.contact
    fields: Fields = {}
    if "name" in changes.company:
        fields["name"] = (mirror.name, json_value(changes.company["name"]))
    for name, value in changes.contact.items():
        fields[f"contact.{name}"] = (json_value(theirs.get(name)), json_value(value))
    for name, value in changes.new_contact.items():
        fields[f"contact.{name}"] = (None, json_value(value))
    for location in changes.locations:
        sent = flattened(location.fields)
        for address, _slots in location.addresses:
            sent.update(flattened(address, "address."))
        for name, value in sent.items():
            fields[f"location {location.code or '-'}.{name}"] = (None, json_value(value))
    for code, values in changes.new_locations:
        fields[f"location {code or '-'}"] = (None, json_value(values.get("name", code)))
    return fields


# --- orders (keyed `order:GID`, named by the order's name) ---------------------------------

#: An imported order's fields the history shows, merchant's name -> `OrderRow` attribute.
_ORDER_FIELDS = {"customer_no": "sell_to_customer_no", "bill_to_customer_no":
                 "bill_to_customer_no", "financial_status": "financial_status",
                 "fulfillment_status": "fulfillment_status", "cancelled": "cancelled",
                 "closed": "closed", "document_no": "document_no", "error": "error_message"}


def order_values(row: object | None) -> dict[str, object]:
    """The fields of an imported order (a `store.orders.OrderRow`) the history shows."""
    if row is None:
        return {}
    return {name: getattr(row, attr, None) for name, attr in _ORDER_FIELDS.items()}


def order_change(gid: str, name: str, side: Side, action: Action, fields: Fields
                 ) -> RecordChange:
    """One change of the order `gid` (`name`: "#1001", as the merchant knows it)."""
    return change(ORDER, gid, side, action, fields, record=name or gid)


def order_saved(row: object, existing: object | None) -> RecordChange:
    """An order imported (`existing` None) or imported again over `existing`."""
    gid, name = str(getattr(row, "shopify_id", "")), str(getattr(row, "name", ""))
    if existing is None:
        return order_change(gid, name, "local", "create", created_fields(order_values(row)))
    return order_change(gid, name, "local", "update",
                        changed_fields(order_values(existing), order_values(row)))


# --- gift cards, shipments, invoices, credit memos ------------------------------------------


def gift_card_changed(gid: str, fields: Mapping[str, tuple[object, object]]) -> RecordChange:
    """A gift card imported (old values None) or changed; named by its last characters."""
    last = fields.get("last_characters", (None, None))[1]
    return change(GIFT_CARD, gid, "local", "create" if all(
        old is None for old, _ in fields.values()) else "update",
        {name: (json_value(old), json_value(new)) for name, (old, new) in fields.items()},
        record=f"…{last}" if last else gid)


def shipment_sent(order_gid: str, shipment_no: str, made: int) -> RecordChange:
    """A posted shipment sent to Shopify as fulfillments of its order (`made` new ones;
    0: an existing fulfillment updated, its tracking)."""
    return change(ORDER, order_gid or shipment_no, "shopify", "create" if made else "update",
                  {"fulfillment": (None, shipment_no),
                   **({"fulfillments": (None, made)} if made else {})}, record=shipment_no)


def invoice_exported(invoice_no: str, order_gid: str, name: str, total: object,
                     currency: str) -> RecordChange:
    """A posted invoice created in Shopify as the order `order_gid` ("#1005")."""
    return change(ORDER, order_gid, "shopify", "create", {
        "invoice_no": (None, invoice_no), "name": (None, name),
        "total": (None, json_value(total)), "currency": (None, currency)},
        record=name or invoice_no)


def credit_memo_made(order_gid: str, order_name: str, refund_gid: str, memo_no: str,
                     total: object) -> RecordChange:
    """A local credit memo made for a refund of the order `order_gid`."""
    return order_change(order_gid, order_name, "local", "create", {
        "credit_memo_no": (None, memo_no), "refund": (None, refund_gid),
        "total": (None, json_value(total))})
