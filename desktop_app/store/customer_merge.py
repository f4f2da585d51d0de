"""Merging two local customers that are one person (issue 19): OTHER goes into KEEP.

`merge_customers(keep, other)`, in one transaction: OTHER's documents (sales orders, invoices,
credit memos: `SalesDocument`, whose posted shipments follow their order by number) and
imported Shopify orders name KEEP; its ship-to addresses, business details, Shopify customer
and company links (with the values last agreed with Shopify) and Web Upload ticks go to KEEP;
KEEP's blank fields are filled from OTHER (a blank is not a clear: KEEP's values are never
overwritten; the address moves as a whole, only when KEEP has none, so no address is made of
two); a note of what was merged is kept on KEEP (`CustomerMergeNote`); OTHER is deleted.

Refused, with nothing changed: KEEP and OTHER the same, either unknown, OTHER a Shop Card's
default customer (or a country's), or both linked to different Shopify customers (or
companies) in the same shop. `merge_plan` says what a merge would move, changing nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records import widths
from desktop_app.store.companies import BusinessDetails, ShipToAddress, ShopifyCompany
from desktop_app.store.database import transaction
from desktop_app.store.local_customers import customer_uses
from desktop_app.store.models import (
    BaseModel,
    Customer,
    CustomerAgreed,
    CustomerWebUpload,
    Shop,
    ShopifyCustomer,
    UtcDateTimeField,
    utc_now,
)
from desktop_app.store.order_models import SalesDocument, ShopifyOrder

log = logging.getLogger(__name__)

#: The fields filled one by one from OTHER when KEEP's is blank.
FILLED_FIELDS = ("name_2", "contact", "phone", "phone_ext", "email", "template")
#: The address, taken from OTHER as a whole when all of KEEP's is blank.
ADDRESS_FIELDS = ("address", "address_2", "city", "post_code", "county", "country")
_DETAIL_FIELDS = ("registration_no", "vat_registration_no", "payment_terms")


class CustomerMergeNote(BaseModel):
    """On the kept customer: a customer merged into it, when, and what moved (since v19)."""

    customer = peewee.ForeignKeyField(Customer, backref="merge_notes", on_delete="CASCADE")
    merged_no = peewee.CharField(max_length=20)
    merged_name = peewee.CharField(max_length=100, default="")
    summary = peewee.TextField(default="")
    merged_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "customer_merge_note"


class CustomerMergeError(StoreError):
    """A merge refused (nothing changed): `reason` is a stable code."""

    code = "customer_merge_refused"

    def __init__(self, message: str, reason: str, **details: object) -> None:
        super().__init__(message, **details)
        self.reason = reason


@dataclass
class MergePlan:
    """What merging `other` into `keep` moves (or moved): counts and the filled fields."""

    keep: str
    keep_name: str
    other: str
    other_name: str
    documents: int = 0
    orders: int = 0
    ship_tos: int = 0
    links: int = 0
    ticks: int = 0
    fields: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What moved, in English words ("3 documents, 1 Shopify link, fields: phone")."""
        parts = [f"{n} {word}" for n, word in (
            (self.documents, "documents"), (self.orders, "Shopify orders"),
            (self.ship_tos, "ship-to addresses"), (self.links, "Shopify links"),
            (self.ticks, "web upload ticks")) if n]
        if self.fields:
            parts.append("fields: " + ", ".join(self.fields))
        return ", ".join(parts) or "nothing but the customer"

    def to_json(self) -> dict[str, object]:
        return {"keep": self.keep, "other": self.other, "documents": self.documents,
                "orders": self.orders, "ship_tos": self.ship_tos, "links": self.links,
                "web_upload_ticks": self.ticks, "fields": list(self.fields)}


def _customers(keep_no: str, other_no: str) -> tuple[Customer, Customer]:
    if keep_no == other_no:
        raise CustomerMergeError(f"Customer {keep_no} cannot be merged into itself",
                                 "same_customer", customer=keep_no)
    rows = {c.no: c for c in Customer.select().where(Customer.no.in_((keep_no, other_no)))}
    for no in (keep_no, other_no):
        if no not in rows:
            raise NotFoundError(f"There is no customer '{no}'", customer=no)
    return rows[keep_no], rows[other_no]


def _check_defaults(other: Customer) -> None:
    for use in customer_uses(other.no):
        if use.kind == "default_customer":
            raise CustomerMergeError(
                f"Customer {other.no} is not merged: it is the default customer of shop "
                f"{use.shop}; merge the other way, or change the Shop Card first",
                "default_customer", customer=other.no, shop=use.shop)
        if use.kind == "country_default_customer":
            raise CustomerMergeError(
                f"Customer {other.no} is not merged: it is the default customer for "
                f"{use.detail} in shop {use.shop}; merge the other way, or change the "
                f"country template first", "default_customer", customer=other.no,
                shop=use.shop)


def _check_links(keep: Customer, other: Customer) -> None:
    """Refuse when both are linked to different Shopify customers (or companies) in a shop."""
    for model, what in ((ShopifyCustomer, "Shopify customer"), (ShopifyCompany,
                                                                 "Shopify company")):
        kept = {shop: gid for shop, gid in model.select(model.shop, model.shopify_id)
                .where(model.customer == keep.id).tuples()}
        for shop_id, gid in (model.select(model.shop, model.shopify_id)
                             .where(model.customer == other.id).tuples()):
            if shop_id in kept and kept[shop_id] != gid:
                code = Shop.get_by_id(shop_id).code
                raise CustomerMergeError(
                    f"Customers {keep.no} and {other.no} are not merged: in shop {code}, "
                    f"{keep.no} is linked to {what} {kept[shop_id]} and {other.no} to "
                    f"{gid}; unlink one first", "both_linked", shop=code,
                    keep_link=kept[shop_id], other_link=gid)


def _filled(keep: Customer, other: Customer) -> list[str]:
    names = [f for f in FILLED_FIELDS if not getattr(keep, f) and getattr(other, f)]
    if not any(getattr(keep, f) for f in ADDRESS_FIELDS):
        names += [f for f in ADDRESS_FIELDS if getattr(other, f)]
    return names


def _documents(no: str) -> peewee.Expression:
    return (SalesDocument.sell_to_customer_no == no) | (SalesDocument.bill_to_customer_no == no)


def _orders(no: str) -> peewee.Expression:
    return (ShopifyOrder.sell_to_customer_no == no) | (ShopifyOrder.bill_to_customer_no == no)


def merge_plan(keep_no: str, other_no: str) -> MergePlan:
    """What `merge_customers` would move, checking the same refusals; changes nothing."""
    keep, other = _customers(keep_no, other_no)
    _check_defaults(other)
    _check_links(keep, other)
    return MergePlan(
        keep.no, keep.name, other.no, other.name,
        documents=SalesDocument.select().where(_documents(other.no)).count(),
        orders=ShopifyOrder.select().where(_orders(other.no)).count(),
        ship_tos=ShipToAddress.select().where(ShipToAddress.customer == other.id).count(),
        links=(ShopifyCustomer.select().where(ShopifyCustomer.customer == other.id).count()
               + ShopifyCompany.select().where(ShopifyCompany.customer == other.id).count()),
        ticks=CustomerWebUpload.select().where(CustomerWebUpload.customer == other.id).count(),
        fields=_filled(keep, other))


def _move_customer_no(model: type[BaseModel], old: str, new: str) -> None:
    for column in ("sell_to_customer_no", "bill_to_customer_no"):
        field_ = getattr(model, column)
        model.update({field_: new}).where(field_ == old).execute()


def _free_ship_to_code(keep: Customer, code: str) -> str:
    taken = set(ShipToAddress.select(ShipToAddress.code)
                .where(ShipToAddress.customer == keep.id).tuples())
    taken = {c for (c,) in taken}
    if code not in taken:
        return code
    for n in range(2, 10_000):
        candidate = f"{code[:widths.SHIP_TO_CODE - len(str(n)) - 1]}-{n}"
        if candidate not in taken:
            return candidate
    raise CustomerMergeError(f"No free ship-to code for {code}", "ship_to_code")


def _move_details(keep: Customer, other: Customer) -> None:
    theirs = BusinessDetails.get_or_none(BusinessDetails.customer == other.id)
    if theirs is None:
        return
    mine = BusinessDetails.get_or_none(BusinessDetails.customer == keep.id)
    if mine is None:
        theirs.customer = keep.id
        theirs.save()
        return
    blanks = {f: getattr(theirs, f) for f in _DETAIL_FIELDS
              if not getattr(mine, f) and getattr(theirs, f)}
    if blanks:
        BusinessDetails.update(blanks).where(BusinessDetails.id == mine.id).execute()


def merge_customers(keep_no: str, other_no: str) -> MergePlan:
    """Merge local customer `other_no` into `keep_no` (see the module text); returns what
    moved. Raises `CustomerMergeError` or `NotFoundError` with nothing changed."""
    with transaction():
        plan = merge_plan(keep_no, other_no)
        keep, other = _customers(keep_no, other_no)
        for ship_to in ShipToAddress.select().where(ShipToAddress.customer == other.id):
            code = _free_ship_to_code(keep, ship_to.code)
            if code != ship_to.code:  # KEEP has one of that code: OTHER's documents follow
                SalesDocument.update(ship_to_code=code).where(
                    (SalesDocument.sell_to_customer_no == other.no)
                    & (SalesDocument.ship_to_code == ship_to.code)).execute()
            ship_to.code = code
            ship_to.customer = keep.id
            ship_to.save()
        _move_customer_no(SalesDocument, other.no, keep.no)
        _move_customer_no(ShopifyOrder, other.no, keep.no)
        _move_details(keep, other)
        for model in (ShopifyCustomer, ShopifyCompany, CustomerAgreed):
            model.update(customer=keep.id).where(model.customer == other.id).execute()
        kept_ticks = {s for (s,) in CustomerWebUpload.select(CustomerWebUpload.shop)
                      .where(CustomerWebUpload.customer == keep.id).tuples()}
        for (shop_id,) in (CustomerWebUpload.select(CustomerWebUpload.shop)
                           .where(CustomerWebUpload.customer == other.id).tuples()):
            if shop_id not in kept_ticks:
                CustomerWebUpload.insert(shop=shop_id, customer=keep.id).execute()
        for name in plan.fields:
            setattr(keep, name, getattr(other, name))
        if keep.demo_shop_id is not None and (other.demo_shop_id is None or other.demo_kept):
            keep.demo_kept = True  # it holds the merchant's data now: it stays with the demo
        keep.save()
        CustomerMergeNote.create(customer=keep.id, merged_no=other.no,
                                 merged_name=other.name[:100], summary=plan.summary())
        other.delete_instance()  # its ticks, ship-tos, details: CASCADE (all moved above)
    log.info("Customer %s merged into %s: %s", other_no, keep_no, plan.summary())
    return plan


@dataclass(frozen=True)
class MergeNoteRow:
    merged_no: str
    merged_name: str
    summary: str
    merged_at: object


def merge_notes(no: str) -> list[MergeNoteRow]:
    """The customers merged into local customer `no`, newest first."""
    query = (CustomerMergeNote.select().join(Customer).where(Customer.no == no)
             .order_by(CustomerMergeNote.merged_at.desc()))
    return [MergeNoteRow(n.merged_no, n.merged_name, n.summary, n.merged_at) for n in query]
