"""The merchant's local customers as the merchant owns them: changing and deleting a customer,
and the demo's sample customers removed with their card (issue 14).

Which customers a shop card sees (the demo's kept apart), `acting_for` and the per-shop Web
Upload ticks are in `customer_scope`. Removing a demo card removes its sample customers
(`remove_demo_customers`) with the documents made from its orders, except the ones the
merchant changed (`set_customer`, a CSV import: `demo_kept`) and those used elsewhere: those
stay and become the merchant's.

`set_customer` checks values exactly as the CSV import does
(`customer_checks.check_customer_values`); `delete_customer` refuses while a document, an
order, or a Shop Card setting uses the customer, and unlinks it from Shopify (nothing is
deleted in Shopify).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.errors import StoreError
from desktop_app.store.companies import ShopifyCompany
from desktop_app.store.customer_checks import check_customer_values
from desktop_app.store.database import transaction
from desktop_app.store.models import (
    Customer,
    Shop,
    ShopCustomerTemplate,
    ShopifyCustomer,
    customer_by_no,
)
from desktop_app.store.order_models import SalesDocument, ShopifyOrder
from desktop_app.store.shipments import PostedShipment

log = logging.getLogger(__name__)


class CustomerValuesError(StoreError):
    """Values for a local customer that the CSV import's checks refuse (`problems`)."""

    code = "customer_values"

    def __init__(self, message: str, problems: list[FieldProblem], **details: object) -> None:
        super().__init__(message, **details)
        self.problems = problems


class CustomerInUseError(StoreError):
    """A local customer that cannot be deleted: `uses` say what needs it."""

    code = "customer_in_use"

    def __init__(self, message: str, uses: list[CustomerUse], **details: object) -> None:
        super().__init__(message, **details)
        self.uses = uses


# --- change one customer ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    """One value refused: the CSV column, a stable code, the value, the check's text, and
    the field's longest length (for `too_long`)."""

    field: str
    code: str
    value: str
    message: str
    limit: int = 0


def _problem_code(field_name: str, message: str) -> str:
    """A stable code for a message of the CSV import's checks (the window translates it)."""
    for prefix, code in (("required", "required"), ("longer than", "too_long"),
                         ("unknown country", "unknown_country"),
                         ("unknown county", "unknown_county"),
                         ("unknown customer template", "unknown_template")):
        if message.startswith(prefix):
            return code
    if message.endswith("is not a valid e-mail address"):
        return "invalid_email"
    if message.endswith("is not person or organisation"):
        return "unknown_category"
    return "invalid_phone" if field_name == "phone" else "invalid"


@dataclass(frozen=True)
class CustomerChange:
    """What `set_customer` did: the fields that changed, each (old, new)."""

    no: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


#: The CSV columns `set_customer` takes (the number is the key, not a field to change).
SETTABLE = ("name", "name_2", "contact", "address", "address_2", "city", "post_code", "county",
            "country", "phone", "email", "template", "category")


def check_values(no: str, values: Mapping[str, str]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Check changed values of customer `no` as the CSV import checks a row: the phone and
    county are read with the customer's country when the change does not give one.

    Returns:
        The values as the store keeps them (only those given, plus the phone's extension),
        and the problems (empty when all are good).

    Raises:
        NotFoundError: no such customer.
        StoreError: a field that is not a settable CSV column.
    """
    unknown = [k for k in values if k not in SETTABLE]
    if unknown:
        what = "the number cannot be changed" if unknown == ["no"] else (
            f"unknown field(s) {', '.join(unknown)}; the fields are {', '.join(SETTABLE)}")
        raise StoreError(f"Customer {no}: {what}", customer=no, fields=unknown)
    row = customer_by_no(no)
    given = {k: (v or "").strip() for k, v in values.items()}
    context = dict(given)
    if ("phone" in given or "county" in given) and "country" not in given:
        context["country"] = row.country
    data, errors = check_customer_values({"no": no, **context})
    problems = [FieldProblem(e.field, _problem_code(e.field, e.message), given.get(e.field, ""),
                             e.message, _max_length(e.field)) for e in errors]
    if data is None:
        return {}, problems
    keep = set(given) | ({"phone_ext"} if "phone" in given else set())
    return {k: v for k, v in data.items() if k in keep}, problems


def _max_length(name: str) -> int:
    return getattr(Customer._meta.fields.get(name), "max_length", 0) or 0


def set_customer(no: str, values: Mapping[str, str]) -> CustomerChange:
    """Change fields of local customer `no` (CSV column names; "" clears a field), with the
    CSV import's checks; all or nothing. A demo's sample customer changed here becomes the
    merchant's to keep (it stays when the demo card is removed).

    Raises:
        NotFoundError: no such customer.
        StoreError: an unknown field, or the number.
        CustomerValuesError: values the checks refuse (each named by its field).
    """
    with transaction():
        clean, problems = check_values(no, values)
        if problems:
            text = "; ".join(f"{p.field}: {p.message}" for p in problems)
            raise CustomerValuesError(f"Customer {no} not changed: {text}", problems,
                                      customer=no)
        row = Customer.get(Customer.no == no)
        changes = {k: (getattr(row, k), v) for k, v in clean.items() if getattr(row, k) != v}
        if changes:
            for key, (_old, new) in changes.items():
                setattr(row, key, new)
            row.demo_kept = row.demo_shop_id is not None  # a changed sample stays
            row.save()
    log.info("Customer %s changed: %s", no, ", ".join(changes) or "nothing")
    return CustomerChange(no, changes)


# --- delete one customer ---------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerUse:
    """Something that names a customer: `kind` (document, order, default_customer,
    country_default_customer, link), who (a document no., order name, shop code...)."""

    kind: str
    name: str
    shop: str = ""
    detail: str = ""


#: The uses that stop a customer from being deleted.
BLOCKING_USES = ("document", "order", "default_customer", "country_default_customer")


def customer_uses(no: str) -> list[CustomerUse]:
    """Everything that names local customer `no`: documents, imported orders, Shop Card
    default customers (these block a delete) and Shopify links (a delete removes them)."""
    uses: list[CustomerUse] = []
    names = (SalesDocument.sell_to_customer_no == no) | (SalesDocument.bill_to_customer_no == no)
    for doc_no, doc_type in (SalesDocument.select(SalesDocument.no, SalesDocument.type)
                             .where(names).order_by(SalesDocument.no).tuples()):
        uses.append(CustomerUse("document", doc_no, detail=doc_type))
    order_names = ((ShopifyOrder.sell_to_customer_no == no)
                   | (ShopifyOrder.bill_to_customer_no == no))
    for name, gid, code in (ShopifyOrder.select(ShopifyOrder.name, ShopifyOrder.shopify_id,
                                                Shop.code).join(Shop)
                            .where(order_names & (ShopifyOrder.document_no == ""))
                            .order_by(Shop.code, ShopifyOrder.name).tuples()):
        uses.append(CustomerUse("order", name or gid, shop=code))
    for shop in Shop.select().order_by(Shop.code):
        if shop.get_setting("default_customer_no") == no:
            uses.append(CustomerUse("default_customer", shop.code, shop=shop.code))
    for country, code in (ShopCustomerTemplate.select(ShopCustomerTemplate.country_code, Shop.code)
                          .join(Shop).where(ShopCustomerTemplate.default_customer_no == no)
                          .order_by(Shop.code, ShopCustomerTemplate.country_code).tuples()):
        uses.append(CustomerUse("country_default_customer", code, shop=code, detail=country))
    linked = (ShopifyCustomer.select(ShopifyCustomer.shopify_id, Shop.code).join(Shop)
              .switch(ShopifyCustomer).join(Customer)
              .where(Customer.no == no).order_by(Shop.code).tuples())
    for gid, code in linked:
        uses.append(CustomerUse("link", gid, shop=code))
    companies = (ShopifyCompany.select(ShopifyCompany.shopify_id, Shop.code).join(Shop)
                 .switch(ShopifyCompany).join(Customer)
                 .where(Customer.no == no).order_by(Shop.code).tuples())
    for gid, code in companies:
        uses.append(CustomerUse("link", gid, shop=code, detail="company"))
    return uses


def _use_text(use: CustomerUse) -> str:
    if use.kind == "document":
        return f"{use.detail.replace('_', ' ')} {use.name}"
    if use.kind == "order":
        return f"order {use.name} of shop {use.shop} (no document yet)"
    if use.kind == "default_customer":
        return f"the default customer of shop {use.shop}"
    if use.kind == "country_default_customer":
        return f"the default customer for {use.detail} in shop {use.shop}"
    return f"linked to {use.name} in shop {use.shop}"


@dataclass(frozen=True)
class CustomerDeletion:
    """What `delete_customer` did: the customer, and the links it removed (in the app
    only: the Shopify customers stay)."""

    no: str
    name: str
    unlinked: list[CustomerUse]


def delete_customer(no: str) -> CustomerDeletion:
    """Delete local customer `no`, unlinking it from Shopify (nothing is deleted there).

    The Shopify customers it was linked to stay, unlinked; when one of them changes in
    Shopify and the shop card imports and creates customers, the import makes a new local
    customer for it, as for any other Shopify customer without a local one.

    Raises:
        NotFoundError: no such customer.
        CustomerInUseError: documents, orders waiting for documents, or a Shop Card default
            customer setting use it (each listed); nothing is deleted.
    """
    with transaction():
        row = customer_by_no(no)
        uses = customer_uses(no)
        blocking = [u for u in uses if u.kind in BLOCKING_USES]
        if blocking:
            raise CustomerInUseError(
                f"Customer {no} is not deleted: it is used by "
                + "; ".join(_use_text(u) for u in blocking), blocking, customer=no)
        name = row.name
        row.delete_instance()  # links: SET NULL; ticks, business details, ship-tos: CASCADE
    unlinked = [u for u in uses if u.kind == "link"]
    log.info("Customer %s deleted (%d links removed)", no, len(unlinked))
    return CustomerDeletion(no, name, unlinked)


# --- removing a demo shop card ---------------------------------------------------------------


@dataclass(frozen=True)
class DemoRemoval:
    """What removing a demo card did to its data: customers deleted, customers kept (the
    merchant changed them, or something outside the demo uses them), documents deleted."""

    customers_removed: int = 0
    customers_kept: tuple[str, ...] = ()
    documents_removed: int = 0


def remove_demo_customers(shop: Shop) -> DemoRemoval:
    """Delete what a demo card owns before the card goes (inside the caller's transaction):
    the sales documents and posted shipments made from its orders, then its sample
    customers, except those the merchant changed (`demo_kept`) or that something outside
    the demo still uses (a document, a real card's link or setting): those are kept and
    become the merchant's."""
    documents = SalesDocument.delete().where(SalesDocument.shop == shop.id).execute()
    PostedShipment.delete().where(PostedShipment.shop == shop.id).execute()
    owned = (Customer.select(Customer.no, Customer.demo_kept)
             .where(Customer.demo_shop == shop.id).order_by(Customer.no).tuples())
    used = _used_outside(shop)
    kept = [no for no, demo_kept in owned if demo_kept or no in used]
    if kept:
        Customer.update(demo_shop=None, demo_kept=False).where(
            Customer.no.in_(kept)).execute()
    # The rest of the card's customers (links: SET NULL; ticks, business details: CASCADE).
    removed = Customer.delete().where(Customer.demo_shop == shop.id).execute()
    log.info("Demo shop %s: %d customers and %d documents removed, %d customers kept",
             shop.code, removed, documents, len(kept))
    return DemoRemoval(removed, tuple(kept), documents)


def _used_outside(shop: Shop) -> set[str]:
    """The numbers of demo card `shop`'s customers that something outside the card uses
    (what `customer_uses` lists that keeps a customer when its card goes): a document (the
    card's own are deleted first), another card's order waiting for its document, another
    card's default customer (for every country or one), a link in a real card. Read for all
    of the card's customers at once: `customer_uses` per customer (seven statements each)
    made removing the demo card cost 0.3 s of CPU for its 250 sample customers."""
    owned = Customer.select(Customer.no).where(Customer.demo_shop == shop.id)
    used: set[str] = set()
    named = (SalesDocument.sell_to_customer_no.in_(owned)
             | SalesDocument.bill_to_customer_no.in_(owned))
    for sell_to, bill_to in (SalesDocument.select(SalesDocument.sell_to_customer_no,
                                                  SalesDocument.bill_to_customer_no)
                             .where(named).tuples()):
        used.update((sell_to, bill_to))
    order_names = (ShopifyOrder.sell_to_customer_no.in_(owned)
                   | ShopifyOrder.bill_to_customer_no.in_(owned))
    for sell_to, bill_to in (ShopifyOrder.select(ShopifyOrder.sell_to_customer_no,
                                                 ShopifyOrder.bill_to_customer_no)
                             .where(order_names & (ShopifyOrder.document_no == "")
                                    & (ShopifyOrder.shop != shop.id)).tuples()):
        used.update((sell_to, bill_to))
    for other in Shop.select().where(Shop.id != shop.id):
        used.add(other.get_setting("default_customer_no"))
    used.update(ShopCustomerTemplate.select(ShopCustomerTemplate.default_customer_no)
                .where((ShopCustomerTemplate.shop != shop.id)
                       & ShopCustomerTemplate.default_customer_no.in_(owned)).scalars())
    for model in (ShopifyCustomer, ShopifyCompany):
        links = (model.select(Customer.no, Shop.is_demo).join(Shop)
                 .switch(model).join(Customer)
                 .where((Customer.demo_shop == shop.id) & (Shop.id != shop.id)).tuples())
        used.update(no for no, is_demo in links if not is_demo)
    return used
