"""An imported order's life after its document (issue 14, "the order lifecycle is safe").

- **One live document per order.** Unlinking an order either deletes its unposted document
  or keeps it; a kept document is remembered on the order (`kept_documents` in its processed
  snapshot) and Create Sales Documents refuses the order while it exists, naming it. Posted
  documents (a posted invoice, an invoiced sales order, a sales order with a posted
  shipment) are never deleted.
- **Errors follow their causes.** When an order fails, a fingerprint of what its error can
  depend on (`error_causes`) is kept beside it; a sync decides the order again when the
  fingerprint changed.
- **Closing processed orders in Shopify**: which orders qualify, and their closed mark.

Writers work alone or inside the caller's `transaction()`; readers return plain values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.records.settings import ShopSettings
from desktop_app.store.chunks import chunks
from desktop_app.store.database import transaction
from desktop_app.store.lookups import order_row, shop_row
from desktop_app.store.models import (
    Customer,
    CustomerTemplate,
    Item,
    ShopCustomerTemplate,
    utc_now,
)
from desktop_app.store.order_models import (
    SalesDocument,
    SalesLine,
    ShipmentMethodMapping,
    ShopifyOrder,
    ShopifyOrderLine,
    ShopifyShippingLine,
)
from desktop_app.store.shipments import PostedShipment

#: Document types a sale is made of (credit memos belong to refunds, not to the sale).
SALE_TYPES = ("order", "invoice")
#: The start of the error an order gets while a document kept at its unlink exists; an
#: unlink that deletes the last kept document clears exactly this error.
KEPT_ERROR_START = "this order still has "


@dataclass(frozen=True)
class OrderDocument:
    """A sales order or invoice made for a Shopify order.

    Attributes:
        no: its number.
        type: "order" or "invoice".
        status: open, released, invoiced (a sales order) or posted (an invoice).
        posted: posted, invoiced or shipped in part: such a document is never deleted.
    """

    no: str
    type: str
    status: str
    posted: bool

    @property
    def deletable(self) -> bool:
        return not self.posted

    @property
    def label(self) -> str:
        """"sales invoice SI000001 (not posted)" as a message names it."""
        kind = "sales invoice" if self.type == "invoice" else "sales order"
        return f"{kind} {self.no} ({'posted' if self.posted else 'not posted'})"


@dataclass(frozen=True)
class UnlinkResult:
    """What `unlink_order` did: the documents unlinked, deleted and kept (numbers)."""

    shopify_id: str
    unlinked: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"shopify_id": self.shopify_id, "unlinked": self.unlinked,
                "deleted": self.deleted, "kept": self.kept}


def _document(doc: SalesDocument) -> OrderDocument:
    shipped = PostedShipment.select().where(PostedShipment.order_document_no == doc.no).exists()
    posted = doc.status in ("posted", "invoiced") or shipped
    return OrderDocument(doc.no, doc.type, doc.status, posted)


def _kept_nos(row: ShopifyOrder) -> list[str]:
    return [str(n) for n in (row.processed_snapshot or {}).get("kept_documents") or []]


def documents_of(shop: str, gid: str) -> list[OrderDocument]:
    """The sales orders and invoices of an order: those linked to it, then those kept when
    it was unlinked (that still exist), each once."""
    row = order_row(shop, gid)
    linked = list(SalesDocument.select().where(
        (SalesDocument.shopify_order_gid == gid) & SalesDocument.type.in_(SALE_TYPES))
        .order_by(SalesDocument.id))
    kept = _kept_nos(row)
    extra = list(SalesDocument.select().where(SalesDocument.no.in_(kept))
                 .order_by(SalesDocument.id)) if kept else []
    seen: dict[str, OrderDocument] = {}
    for doc in (*linked, *extra):
        seen.setdefault(doc.no, _document(doc))
    return list(seen.values())


def kept_documents(shop: str, gid: str) -> list[OrderDocument]:
    """The documents kept when the order was unlinked that still exist."""
    kept = _kept_nos(order_row(shop, gid))
    if not kept:
        return []
    return [_document(d) for d in SalesDocument.select().where(SalesDocument.no.in_(kept))
            .order_by(SalesDocument.id)]


def kept_error(kept: list[OrderDocument]) -> str:
    """Why Create Sales Documents refuses an order whose unlinked document was kept."""
    names = ", ".join(d.label for d in kept)
    if all(d.posted for d in kept):
        how = ("a posted document is never deleted, so no second document is made for "
               "this order")
    else:
        how = ("delete it first (Unlink Documents and choose Delete, or `shop-sync orders "
               "unlink ID --delete-document`), or use it as the order's document")
    return f"{KEPT_ERROR_START}{names}, kept when it was unlinked: {how}"


def unlink_order(shop: str, gid: str, *, delete_document: bool = False) -> UnlinkResult:
    """Unlink Processed Documents of one order, in one transaction.

    With `delete_document`, its documents that are not posted are deleted (with their
    lines); otherwise, and for posted ones always, they are kept: they no longer point at the
    order, but the order remembers them and Create Sales Documents refuses it while one
    exists. An order unlinked before, whose kept document still exists, can be unlinked
    again to delete it.

    Credit memos keep to their refunds and are unlinked as before (their order id blanked).
    """
    row = order_row(shop, gid)
    with transaction():
        docs = documents_of(shop, gid)
        linked = [d.no for d in SalesDocument.select(SalesDocument.no).where(
            SalesDocument.shopify_order_gid == gid)]
        doomed = [d.no for d in docs if delete_document and d.deletable]
        kept = [d.no for d in docs if d.no not in doomed]
        if doomed:
            ids = [d.id for d in SalesDocument.select(SalesDocument.id).where(
                SalesDocument.no.in_(doomed))]
            SalesLine.delete().where(SalesLine.document.in_(ids)).execute()
            SalesDocument.delete().where(SalesDocument.id.in_(ids)).execute()
        SalesDocument.update(shopify_order_gid="").where(
            SalesDocument.shopify_order_gid == gid).execute()
        values: dict[str, Any] = dict(
            document_type="", document_no="", processed_at=None,
            # "unlinked" keeps Auto Create from making a new document behind the merchant's
            # back: after an unlink, the next document is made by hand.
            processed_snapshot={"unlinked": True, **({"kept_documents": kept} if kept else {})},
            doc_no_written=False, conflict=False, conflict_message="")
        if not kept and row.error_message.startswith(KEPT_ERROR_START):
            # The kept document's refusal goes with it; the order's other problems stay.
            rest = row.error_message.split("; ", 1)[1:]
            values.update(has_error=bool(rest), error_message="".join(rest))
        ShopifyOrder.update(**values).where(ShopifyOrder.id == row.id).execute()
    return UnlinkResult(gid, linked, doomed, kept)


def unlink_documents(shop: str, gid: str) -> list[str]:
    """Unlink Processed Documents, keeping the documents: returns the numbers unlinked.

    A kept document is remembered on the order, so Create Sales Documents refuses a second
    live document for it (issue 14; Business Central leaves its link rows behind instead).
    """
    return unlink_order(shop, gid).unlinked


# --- errors follow their causes ----------------------------------------------------------------


def shop_causes(shop: str, settings: ShopSettings) -> str:
    """The part of `error_causes` that is the same for every order of the shop: its
    settings, the customer templates (per country of the shop, and the templates
    themselves) and which of the default customers exist."""
    country_rows = [(r.country_code, r.default_customer_no, r.template_code, r.tax_area)
                    for r in ShopCustomerTemplate.select().where(
                        ShopCustomerTemplate.shop == shop_row(shop))
                    .order_by(ShopCustomerTemplate.country_code)]
    templates = [(t.code, t.country, t.tax_area, t.payment_terms, t.currency, t.category)
                 for t in CustomerTemplate.select().order_by(CustomerTemplate.code)]
    defaults = sorted(({settings.default_customer_no}
                       | {r[1] for r in country_rows}) - {""})
    existing = [c.no for c in Customer.select(Customer.no).where(Customer.no.in_(defaults))]
    facts = {"settings": settings.as_dict(), "countries": country_rows,
             "templates": templates, "defaults": sorted(existing)}
    return _digest(facts)


def error_causes(shop: str, shop_part: str, skus: Iterable[str],
                 shipping_titles: Iterable[str] = ()) -> str:
    """A fingerprint of what an order's error can depend on besides the order itself:
    `shop_part` (`shop_causes`), the local items of the order's SKUs and the shipment
    method mappings of its shipping titles. Equal fingerprints: deciding the order again
    gives the same error."""
    wanted = sorted({s for s in skus if s})
    items = sorted((i.sku, i.no) for i in Item.select(Item.no, Item.sku)
                   .where(Item.sku.in_(wanted))) if wanted else []
    titles = sorted({t for t in shipping_titles if t})
    mappings = sorted((m.title, m.shipment_method_code, m.charge_type, m.charge_no)
                      for m in ShipmentMethodMapping.select().where(
                          (ShipmentMethodMapping.shop == shop_row(shop))
                          & ShipmentMethodMapping.title.in_(titles))) if titles else []
    return _digest({"shop": shop_part, "items": items, "shipping": mappings})


def _digest(facts: Mapping[str, Any]) -> str:
    text = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def set_error_causes(shop: str, gid: str, causes: str) -> None:
    """Remember the fingerprint an order's error was decided with (kept in its sync data)."""
    row = order_row(shop, gid)
    attributes = dict(row.attributes or {})
    sync = dict(attributes.get("sync") or {})
    sync["error_causes"] = causes
    attributes["sync"] = sync
    ShopifyOrder.update(attributes=attributes).where(ShopifyOrder.id == row.id).execute()


def set_decision(shop: str, gid: str, *, note: str, b2b: Mapping[str, str]) -> None:
    """Keep what deciding an order's customer again said (its note, a B2B order's terms and
    ship-to code), as an import keeps them."""
    row = order_row(shop, gid)
    attributes = dict(row.attributes or {})
    sync = dict(attributes.get("sync") or {})
    sync["note"] = note
    sync.update({k: v for k, v in b2b.items() if v})
    attributes["sync"] = sync
    ShopifyOrder.update(attributes=attributes).where(ShopifyOrder.id == row.id).execute()


@dataclass(frozen=True)
class FailedOrder:
    """A failed order as `failed_orders` gives it: what its causes fingerprint needs."""

    shopify_id: str
    error_causes: str
    skus: tuple[str, ...]
    shipping_titles: tuple[str, ...]


def failed_orders(shop: str) -> list[FailedOrder]:
    """Imported orders without a document whose last decision was an error (not cancelled),
    oldest first, with the fingerprint of its causes ("" when none was kept), its SKUs and
    its shipping titles (a few queries for all of them)."""
    rows = list(ShopifyOrder.select(ShopifyOrder.id, ShopifyOrder.shopify_id,
                                    ShopifyOrder.attributes).where(
        (ShopifyOrder.shop == shop_row(shop)) & (ShopifyOrder.document_no == "")
        & (ShopifyOrder.has_error == True) & ShopifyOrder.cancelled_at.is_null())  # noqa: E712
        .order_by(ShopifyOrder.shopify_created_at, ShopifyOrder.id))
    skus: dict[int, list[str]] = {}
    titles: dict[int, list[str]] = {}
    ids = [r.id for r in rows]
    for chunk in chunks(ids):
        for ln in ShopifyOrderLine.select(ShopifyOrderLine.order, ShopifyOrderLine.sku).where(
                ShopifyOrderLine.order.in_(chunk)):
            skus.setdefault(ln.order_id, []).append(ln.sku)
        shipping = ShopifyShippingLine.select(ShopifyShippingLine.order,
                                              ShopifyShippingLine.title).where(
            ShopifyShippingLine.order.in_(chunk) & ~ShopifyShippingLine.is_removed)
        for sl in shipping:
            titles.setdefault(sl.order_id, []).append(sl.title)
    return [FailedOrder(r.shopify_id,
                        str(((r.attributes or {}).get("sync") or {}).get("error_causes") or ""),
                        tuple(skus.get(r.id, ())), tuple(titles.get(r.id, ())))
            for r in rows]


# --- closing processed orders in Shopify ---------------------------------------------------


def orders_to_close(shop: str) -> list[str]:
    """Processed orders to close in Shopify: still open, never closed by the app before, not
    cancelled, fulfilled, fully paid, and with a posted invoice of their own (the order's
    invoice posted, or its sales order invoiced)."""
    rows = ShopifyOrder.select(ShopifyOrder.shopify_id).where(
        (ShopifyOrder.shop == shop_row(shop)) & (ShopifyOrder.document_no != "")
        & (ShopifyOrder.closed == False) & ShopifyOrder.cancelled_at.is_null()  # noqa: E712
        & ShopifyOrder.closed_by_app_at.is_null()
        & (ShopifyOrder.fulfillment_status == "FULFILLED")
        & (ShopifyOrder.fully_paid == True))  # noqa: E712
    gids = [r.shopify_id for r in rows.order_by(ShopifyOrder.shopify_created_at)]
    if not gids:
        return []
    posted = {d.shopify_order_gid for d in SalesDocument.select(SalesDocument.shopify_order_gid)
              .where(SalesDocument.shopify_order_gid.in_(gids)
                     & (SalesDocument.type == "invoice") & (SalesDocument.status == "posted"))}
    return [g for g in gids if g in posted]


def mark_closed(shop: str, gid: str) -> None:
    """Shopify closed the order at our request: the app never closes it again, even when
    the merchant opens it again in Shopify (the next sync reads it anyway, its `updatedAt`
    moved)."""
    (ShopifyOrder.update(closed=True, closed_by_app_at=utc_now())
     .where(ShopifyOrder.id == order_row(shop, gid).id).execute())
