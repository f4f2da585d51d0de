"""Queries on Shopify orders and local sales documents (tables of `m0003_orders.py`).

Writers expect the caller's `transaction()` when several must succeed together (importing an
order, creating its document); each also works alone. Readers return plain dataclasses or
the `records.orders` an order was imported from, never peewee rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord
from desktop_app.records.lines import SalesLineRecord
from desktop_app.records.orders import (
    LineRecord,
    Money,
    OrderCustomer,
    OrderHeader,
    OrderRecord,
    RefundLineRecord,
    RefundRecord,
    ReturnRecord,
    ShippingLineRecord,
    TaxLine,
    TransactionRecord,
)
from desktop_app.store import lookups, statements
from desktop_app.store.chunks import chunks, insert_rows
from desktop_app.store.database import transaction
from desktop_app.store.models import Item, utc_now
from desktop_app.store.numbers import next_no
from desktop_app.store.order_models import (
    OrderToImport,
    SalesDocument,
    SalesLine,
    ShipmentMethodMapping,
    ShopifyOrder,
    ShopifyOrderLine,
    ShopifyOrderTransaction,
    ShopifyRefund,
    ShopifyRefundLine,
    ShopifyReturn,
    ShopifyShippingLine,
)
from desktop_app.store.values import fit

log = logging.getLogger(__name__)

#: The longest SKU an item holds.
SKU_WIDTH: int = Item.sku.max_length
#: Number series prefixes per document type.
SERIES = {"order": "SO", "invoice": "SI", "credit_memo": "CM"}


# --- staging ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StagedRow:
    shopify_id: str
    name: str
    action: str
    has_error: bool
    error_message: str
    header: OrderHeader


def imported_updates(shop: str, gids: Iterable[str]) -> dict[str, dt.datetime | None]:
    """For each of `gids` already imported into the shop: the `updatedAt` last imported."""
    gids = list(gids)
    found: dict[str, dt.datetime | None] = {}
    shop_row = lookups.shop_row(shop)
    for chunk in chunks(gids):
        for r in ShopifyOrder.select(ShopifyOrder.shopify_id, ShopifyOrder.shopify_updated_at
                                     ).where((ShopifyOrder.shop == shop_row)
                                             & ShopifyOrder.shopify_id.in_(chunk)):
            found[r.shopify_id] = r.shopify_updated_at
    return found


def stage_headers(shop: str, headers: Sequence[OrderHeader],
                  imported: set[str]) -> int:
    """Upsert headers into "Orders to Import"; returns how many rows were written.

    The caller has already left out new closed orders. A row keeps its error until the
    next import attempt, which clears or replaces it.
    """
    shop_row = lookups.shop_row(shop)
    written = 0
    with transaction():
        for h in headers:
            values = dict(
                name=h.name, shopify_created_at=h.created_at, shopify_updated_at=h.updated_at,
                closed=h.closed, cancelled=h.cancelled, test=h.test,
                financial_status=h.financial_status, fulfillment_status=h.fulfillment_status,
                fully_paid=h.fully_paid, high_risk=h.high_risk,
                channel=fit(OrderToImport.channel, h.channel),
                ship_to_country=fit(OrderToImport.ship_to_country, h.ship_to_country),
                bill_to_country=fit(OrderToImport.bill_to_country, h.bill_to_country),
                tags=", ".join(h.tags), total=h.total, currency=h.currency,
                item_quantity=h.item_quantity,
                action="update" if h.shopify_id in imported else "new", staged_at=utc_now(),
            )
            existing = statements.first_where(OrderToImport, shop=shop_row,
                                              shopify_id=h.shopify_id)
            if existing is None:
                OrderToImport.create(shop=shop_row, shopify_id=h.shopify_id, **values)
            else:
                OrderToImport.update(**values).where(OrderToImport.id == existing.id).execute()
            written += 1
    return written


def _header_of(row: OrderToImport) -> OrderHeader:
    return OrderHeader(
        shopify_id=row.shopify_id, name=row.name, created_at=row.shopify_created_at,
        updated_at=row.shopify_updated_at, closed=row.closed, cancelled=row.cancelled,
        test=row.test, financial_status=row.financial_status,
        fulfillment_status=row.fulfillment_status, fully_paid=row.fully_paid,
        high_risk=row.high_risk, channel=row.channel, ship_to_country=row.ship_to_country,
        bill_to_country=row.bill_to_country,
        tags=tuple(t.strip() for t in row.tags.split(",") if t.strip()),
        total=Decimal(row.total), currency=row.currency, item_quantity=row.item_quantity,
    )


def list_staged(shop: str, gids: Iterable[str] | None = None) -> list[StagedRow]:
    """Rows of "Orders to Import", newest first (optionally only `gids`)."""
    query = OrderToImport.select().where(OrderToImport.shop == lookups.shop_row(shop))
    if gids is not None:
        query = query.where(OrderToImport.shopify_id.in_(list(gids)))
    rows = query.order_by(OrderToImport.shopify_created_at.desc(), OrderToImport.id.desc())
    return [StagedRow(r.shopify_id, r.name, r.action, r.has_error, r.error_message,
                      _header_of(r)) for r in rows]


def delete_staged(shop: str, gids: Iterable[str]) -> int:
    """Remove rows from "Orders to Import" (exclude them from the sync until they change)."""
    gids = list(gids)
    if not gids:
        return 0
    shop_row = lookups.shop_row(shop)
    return (OrderToImport.delete()
            .where((OrderToImport.shop == shop_row) & OrderToImport.shopify_id.in_(gids))
            .execute())


def set_staged_error(shop: str, gid: str, message: str) -> None:
    """Mark a staged order as failed with `message` ("Has Error")."""
    (OrderToImport.update(has_error=bool(message), error_message=message)
     .where((OrderToImport.shop == lookups.shop_row(shop)) & (OrderToImport.shopify_id == gid))
     .execute())


# --- imported orders -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRow:
    """An imported order as lists and actions see it."""

    shopify_id: str
    name: str
    financial_status: str
    fulfillment_status: str
    sell_to_customer_no: str
    bill_to_customer_no: str
    customer_manual: bool
    document_type: str
    document_no: str
    doc_no_written: bool
    has_error: bool
    error_message: str
    conflict: bool
    conflict_message: str
    cancelled: bool
    closed: bool
    snapshot: dict[str, Any]
    updated_at: dt.datetime | None
    #: What the import decided without it being an error (e.g. why the default customer
    #: stands in), and a B2B order's company location terms: from the order's `sync` data.
    sync_note: str = ""
    payment_terms_code: str = ""
    ship_to_code: str = ""

    @property
    def processed(self) -> bool:
        return bool(self.document_no)


def _sync_data(r: ShopifyOrder) -> dict[str, Any]:
    """The import's own facts about an order, kept beside its attributes (no column of
    m0003 holds them): money side read, B2B company and location, terms, note."""
    return dict((r.attributes or {}).get("sync") or {})


def _row(r: ShopifyOrder) -> OrderRow:
    sync = _sync_data(r)
    return OrderRow(
        r.shopify_id, r.name, r.financial_status, r.fulfillment_status,
        r.sell_to_customer_no, r.bill_to_customer_no, r.customer_manual, r.document_type,
        r.document_no, r.doc_no_written, r.has_error, r.error_message, r.conflict,
        r.conflict_message, r.cancelled_at is not None, r.closed, dict(r.processed_snapshot),
        r.shopify_updated_at, str(sync.get("note") or ""),
        str(sync.get("payment_terms_code") or ""), str(sync.get("ship_to_code") or ""),
    )


def get_order(shop: str, gid: str) -> OrderRow:
    return _row(lookups.order_row(shop, gid))


def find_order(shop: str, gid: str) -> OrderRow | None:
    try:
        return get_order(shop, gid)
    except NotFoundError:
        return None


def list_orders(shop: str) -> list[OrderRow]:
    rows = (ShopifyOrder.select().where(ShopifyOrder.shop == lookups.shop_row(shop))
            .order_by(ShopifyOrder.shopify_created_at.desc(), ShopifyOrder.id.desc()))
    return [_row(r) for r in rows]


def _address_json(a: AddressRecord | None) -> dict[str, Any]:
    if a is None:
        return {}
    return {k: getattr(a, k) for k in AddressRecord.__dataclass_fields__}


def _address_of(data: Mapping[str, Any]) -> AddressRecord | None:
    if not data:
        return None
    return AddressRecord(**{k: data.get(k, "") if k != "is_default" else False
                            for k in AddressRecord.__dataclass_fields__})


def _taxes_json(taxes: Sequence[TaxLine]) -> dict[str, Any]:
    return {"lines": [{"title": t.title, "rate": str(t.rate), "shop": str(t.amount.shop),
                       "presentment": str(t.amount.presentment)} for t in taxes]}


def _taxes_of(data: Mapping[str, Any]) -> tuple[TaxLine, ...]:
    return tuple(TaxLine(t["title"], Decimal(t["rate"]),
                         Money(Decimal(t["shop"]), Decimal(t["presentment"])))
                 for t in data.get("lines", []))


def save_order(shop: str, order: OrderRecord, sell_to: str, bill_to: str,
               item_nos: Mapping[str, str], *, note: str = "",
               b2b: Mapping[str, str] | None = None, keep_returns: bool = False) -> OrderRow:
    """Insert or refresh an imported order with all its lines; drop its staging row.

    The document link, the processed snapshot, a conflict and a manual customer are kept:
    they describe what was done locally, which a new import from Shopify does not undo.
    Run inside the caller's transaction so a failure leaves the previous import intact.

    Args:
        note: why the import chose what it chose (not an error), "" for nothing to say.
        b2b: a B2B order's `payment_terms_code` and `ship_to_code`.
        keep_returns: the record was read without its returns: keep the stored ones.
    """
    shop_row = lookups.shop_row(shop)
    existing = statements.first_where(ShopifyOrder, shop=shop_row, shopify_id=order.shopify_id)
    values: dict[str, Any] = dict(
        name=order.name, email=fit(ShopifyOrder.email, order.email),
        phone=fit(ShopifyOrder.phone, order.phone),
        customer_gid=order.customer.shopify_id if order.customer else "",
        shopify_created_at=order.created_at, shopify_updated_at=order.updated_at,
        cancelled_at=order.cancelled_at, cancel_reason=order.cancel_reason,
        closed=order.closed, test=order.test, financial_status=order.financial_status,
        fulfillment_status=order.fulfillment_status, fully_paid=order.fully_paid,
        currency=order.currency, presentment_currency=order.presentment_currency,
        taxes_included=order.taxes_included, tax_exempt=order.tax_exempt,
        subtotal=order.subtotal.shop, subtotal_p=order.subtotal.presentment,
        shipping=order.shipping.shop, shipping_p=order.shipping.presentment,
        tax=order.tax.shop, tax_p=order.tax.presentment,
        discount=order.discount.shop, discount_p=order.discount.presentment,
        total=order.total.shop, total_p=order.total.presentment,
        outstanding=order.outstanding.shop, outstanding_p=order.outstanding.presentment,
        risk_level=order.risk_level, high_risk=order.high_risk,
        channel=fit(ShopifyOrder.channel, order.channel), tags=", ".join(order.tags),
        note=order.note, po_number=fit(ShopifyOrder.po_number, order.po_number),
        discount_codes=", ".join(order.discount_codes),
        attributes={"items": [list(a) for a in order.attributes], "sync": {
            "money_side": order.money_side, "company_gid": order.company_gid,
            "company_location_gid": order.company_location_gid,
            "company_contact_gid": order.company_contact_gid, "note": note,
            **{k: v for k, v in (b2b or {}).items() if v}}},
        tax_lines=_taxes_json(order.tax_lines), ship_to=_address_json(order.ship_to),
        bill_to=_address_json(order.bill_to), item_quantity=order.item_quantity,
        has_error=False, error_message="", imported_at=utc_now(),
    )
    if existing is None or not existing.customer_manual:
        values.update(sell_to_customer_no=sell_to, bill_to_customer_no=bill_to)
    with transaction():
        if existing is None:
            row = ShopifyOrder.create(shop=shop_row, shopify_id=order.shopify_id, **values)
        else:
            ShopifyOrder.update(**values).where(ShopifyOrder.id == existing.id).execute()
            row = ShopifyOrder.get_by_id(existing.id)
            for model in (ShopifyOrderLine, ShopifyShippingLine, ShopifyOrderTransaction,
                          ShopifyRefund, *(() if keep_returns else (ShopifyReturn,))):
                model.delete().where(model.order == row).execute()
        _insert_children(row, order, item_nos, with_returns=existing is None or not keep_returns)
        delete_staged(shop, [order.shopify_id])
    return _row(row)


def _insert_children(row: ShopifyOrder, order: OrderRecord, item_nos: Mapping[str, str],
                     with_returns: bool = True) -> None:
    insert_rows(ShopifyOrderLine, [dict(
        order=row, shopify_id=ln.shopify_id, position=i,
        title=fit(ShopifyOrderLine.title, ln.title),
        variant_title=fit(ShopifyOrderLine.variant_title, ln.variant_title),
        sku=fit(ShopifyOrderLine.sku, ln.sku), variant_gid=ln.variant_gid,
        quantity=ln.quantity, current_quantity=ln.current_quantity,
        unit_price=ln.unit_price.shop, unit_price_p=ln.unit_price.presentment,
        discount=ln.discount.shop, discount_p=ln.discount.presentment, tax=ln.tax.shop,
        tax_p=ln.tax.presentment, tax_lines=_taxes_json(ln.tax_lines),
        attributes={"items": [list(a) for a in ln.attributes]}, is_gift_card=ln.is_gift_card,
        is_tip=ln.is_tip, requires_shipping=ln.requires_shipping,
        item_no=item_nos.get(ln.sku, "") if ln.sku else "",
    ) for i, ln in enumerate(order.lines)])
    # One multi-row insert a table (a row each was a statement each), in the same order.
    insert_rows(ShopifyShippingLine, [dict(
        order=row, shopify_id=s.shopify_id, title=fit(ShopifyShippingLine.title, s.title),
        code=fit(ShopifyShippingLine.code, s.code),
        source=fit(ShopifyShippingLine.source, s.source), is_removed=s.is_removed,
        amount=s.amount.shop,
        amount_p=s.amount.presentment, discount=s.discount.shop,
        discount_p=s.discount.presentment, tax=s.tax.shop, tax_p=s.tax.presentment)
        for s in order.shipping_lines])
    insert_rows(ShopifyOrderTransaction, [dict(
        order=row, shopify_id=t.shopify_id, kind=t.kind, status=t.status,
        gateway=fit(ShopifyOrderTransaction.gateway, t.gateway), amount=t.amount.shop,
        amount_p=t.amount.presentment,
        parent_id=t.parent_id, processed_at=t.processed_at) for t in order.transactions])
    for r in order.refunds:
        refund = ShopifyRefund.create(
            order=row, shopify_id=r.shopify_id, shopify_created_at=r.created_at,
            shopify_updated_at=r.updated_at, note=r.note, return_gid=r.return_gid,
            total_refunded=r.total_refunded.shop, total_refunded_p=r.total_refunded.presentment)
        insert_rows(ShopifyRefundLine, [dict(
            refund=refund, line_gid=rl.line_gid, quantity=rl.quantity,
            restock_type=rl.restock_type, location_gid=rl.location_gid,
            subtotal=rl.subtotal.shop, subtotal_p=rl.subtotal.presentment,
            tax=rl.tax.shop, tax_p=rl.tax.presentment) for rl in r.lines])
    insert_rows(ShopifyReturn, [dict(
        order=row, shopify_id=ret.shopify_id, name=fit(ShopifyReturn.name, ret.name),
        status=ret.status) for ret in (order.returns if with_returns else ())])


def _m(a: Decimal, b: Decimal) -> Money:
    return Money(Decimal(a), Decimal(b))


def load_order_record(shop: str, gid: str) -> OrderRecord:
    """The imported order as the record it was saved from (for creating its document)."""
    r = lookups.order_row(shop, gid)
    sync = _sync_data(r)
    lines = tuple(LineRecord(
        shopify_id=ln.shopify_id, title=ln.title, variant_title=ln.variant_title, sku=ln.sku,
        variant_gid=ln.variant_gid, quantity=ln.quantity, current_quantity=ln.current_quantity,
        unit_price=_m(ln.unit_price, ln.unit_price_p), discount=_m(ln.discount, ln.discount_p),
        tax=_m(ln.tax, ln.tax_p), tax_lines=_taxes_of(ln.tax_lines),
        attributes=tuple(tuple(a) for a in ln.attributes.get("items", [])),  # type: ignore[misc]
        is_gift_card=ln.is_gift_card, requires_shipping=ln.requires_shipping,
    ) for ln in statements.rows_where(ShopifyOrderLine, (ShopifyOrderLine.position,), order=r))
    shipping = tuple(ShippingLineRecord(
        s.shopify_id, s.title, s.code, s.source, s.is_removed, _m(s.amount, s.amount_p),
        _m(s.discount, s.discount_p), _m(s.tax, s.tax_p))
        for s in statements.rows_where(ShopifyShippingLine, (ShopifyShippingLine.id,), order=r))
    transactions = tuple(TransactionRecord(
        t.shopify_id, t.kind, t.status, t.gateway, _m(t.amount, t.amount_p), t.parent_id,
        t.processed_at)
        for t in statements.rows_where(ShopifyOrderTransaction, (ShopifyOrderTransaction.id,),
                                       order=r))
    refunds = tuple(RefundRecord(
        f.shopify_id, f.shopify_created_at, f.shopify_updated_at, f.note, f.return_gid,
        _m(f.total_refunded, f.total_refunded_p),
        tuple(RefundLineRecord(rl.line_gid, rl.quantity, rl.restock_type, rl.location_gid,
                               _m(rl.subtotal, rl.subtotal_p), _m(rl.tax, rl.tax_p))
              for rl in statements.rows_where(ShopifyRefundLine, (ShopifyRefundLine.id,),
                                              refund=f)))
        for f in statements.rows_where(ShopifyRefund, (ShopifyRefund.id,), order=r))
    customer = OrderCustomer(r.customer_gid) if r.customer_gid else None
    return OrderRecord(
        shopify_id=r.shopify_id, name=r.name, email=r.email, phone=r.phone,
        created_at=r.shopify_created_at, updated_at=r.shopify_updated_at,
        cancelled_at=r.cancelled_at, cancel_reason=r.cancel_reason, closed=r.closed,
        test=r.test, financial_status=r.financial_status,
        fulfillment_status=r.fulfillment_status, fully_paid=r.fully_paid, currency=r.currency,
        presentment_currency=r.presentment_currency, taxes_included=r.taxes_included,
        tax_exempt=r.tax_exempt, channel=r.channel,
        tags=tuple(t.strip() for t in r.tags.split(",") if t.strip()), note=r.note,
        po_number=r.po_number,
        discount_codes=tuple(c.strip() for c in r.discount_codes.split(",") if c.strip()),
        attributes=tuple(tuple(a) for a in r.attributes.get("items", [])),  # type: ignore[misc]
        customer=customer, company_gid=str(sync.get("company_gid") or ""),
        company_location_gid=str(sync.get("company_location_gid") or ""),
        company_contact_gid=str(sync.get("company_contact_gid") or ""),
        money_side=str(sync.get("money_side") or "both"), ship_to=_address_of(r.ship_to),
        bill_to=_address_of(r.bill_to), subtotal=_m(r.subtotal, r.subtotal_p),
        shipping=_m(r.shipping, r.shipping_p), tax=_m(r.tax, r.tax_p),
        discount=_m(r.discount, r.discount_p), total=_m(r.total, r.total_p),
        outstanding=_m(r.outstanding, r.outstanding_p), tax_lines=_taxes_of(r.tax_lines),
        risk_level=r.risk_level, high_risk=r.high_risk, lines=lines, shipping_lines=shipping,
        transactions=transactions, refunds=refunds,
        returns=tuple(ReturnRecord(x.shopify_id, x.name, x.status)
                      for x in statements.rows_where(ShopifyReturn, (ShopifyReturn.id,), order=r)),
    )


def set_order_error(shop: str, gid: str, message: str) -> None:
    """Record (or clear, with "") the error of an imported order."""
    (ShopifyOrder.update(has_error=bool(message), error_message=message)
     .where(ShopifyOrder.id == lookups.order_row(shop, gid).id).execute())


def set_conflict(shop: str, gid: str, message: str) -> None:
    """Mark (or clear, with "") a processed order's conflict with its document."""
    (ShopifyOrder.update(conflict=bool(message), conflict_message=message)
     .where(ShopifyOrder.id == lookups.order_row(shop, gid).id).execute())


def set_snapshot(shop: str, gid: str, snapshot: Mapping[str, Any]) -> None:
    """Remember what the processed order looks like now (a conflict resolved). The refunds
    its document accounts for (`absorbed_refunds`, made before it) stay: they never get a
    credit memo, whatever the new snapshot holds."""
    row = lookups.order_row(shop, gid)
    values = dict(snapshot)
    absorbed = (row.processed_snapshot or {}).get("absorbed_refunds")
    if absorbed and "absorbed_refunds" not in values:
        values["absorbed_refunds"] = absorbed
    ShopifyOrder.update(processed_snapshot=values).where(ShopifyOrder.id == row.id).execute()


def set_fully_refunded(shop: str, gid: str, refunds: Sequence[str], note: str) -> None:
    """An order refunded in full before its document: it gets none, is no longer waiting
    for one, has no error, and `note` says why (kept beside the import's own note)."""
    row = lookups.order_row(shop, gid)
    attributes = dict(row.attributes or {})
    sync = dict(attributes.get("sync") or {})
    before = str(sync.get("note") or "")
    sync["note"] = before if note in before else "; ".join(n for n in (before, note) if n)
    attributes["sync"] = sync
    (ShopifyOrder.update(processed_snapshot={"fully_refunded": True,
                                             "absorbed_refunds": list(refunds)},
                         has_error=False, error_message="", attributes=attributes)
     .where(ShopifyOrder.id == row.id).execute())


def set_manual_customer(shop: str, gid: str, sell_to: str, bill_to: str) -> None:
    """The merchant's own Sell-to/Bill-to for an order; kept by every later import.
    Blank both to hand the choice back to the mapping."""
    manual = bool(sell_to or bill_to)
    (ShopifyOrder.update(sell_to_customer_no=sell_to or bill_to,
                         bill_to_customer_no=bill_to or sell_to, customer_manual=manual)
     .where(ShopifyOrder.id == lookups.order_row(shop, gid).id).execute())


def set_customer(shop: str, gid: str, sell_to: str, bill_to: str) -> None:
    (ShopifyOrder.update(sell_to_customer_no=sell_to, bill_to_customer_no=bill_to)
     .where(ShopifyOrder.id == lookups.order_row(shop, gid).id).execute())


def mark_doc_no_written(shop: str, gid: str, updated_at: dt.datetime | None = None) -> None:
    """The document no. reached Shopify. `updated_at` is the order's new `updatedAt` from
    that write: remembering it keeps our own write-back from staging the order again."""
    values: dict[str, Any] = {"doc_no_written": True}
    row = lookups.order_row(shop, gid)
    if updated_at is not None and (row.shopify_updated_at is None
                                   or updated_at > row.shopify_updated_at):
        values["shopify_updated_at"] = updated_at
    ShopifyOrder.update(**values).where(ShopifyOrder.id == row.id).execute()


def orders_waiting_for_document(shop: str) -> list[str]:
    """Imported orders that Auto Create should still turn into documents: not processed, no
    error, never unlinked (a run killed between import and document leaves such orders)."""
    rows = ShopifyOrder.select(ShopifyOrder.shopify_id, ShopifyOrder.processed_snapshot).where(
        (ShopifyOrder.shop == lookups.shop_row(shop)) & (ShopifyOrder.document_no == "")
        & (ShopifyOrder.has_error == False))  # noqa: E712
    return [r.shopify_id for r in rows.order_by(ShopifyOrder.shopify_created_at)
            if not r.processed_snapshot.get("unlinked")
            and not r.processed_snapshot.get("fully_refunded")]


def orders_waiting_for_write_back(shop: str) -> list[str]:
    """Processed orders whose document no. has not reached Shopify yet."""
    return [r.shopify_id for r in ShopifyOrder.select(ShopifyOrder.shopify_id).where(
        (ShopifyOrder.shop == lookups.shop_row(shop)) & (ShopifyOrder.document_no != "")
        & (ShopifyOrder.doc_no_written == False))]  # noqa: E712


# --- items -----------------------------------------------------------------------------------


def items_by_sku(skus: Iterable[str]) -> dict[str, str]:
    """Local item no. for each of `skus` that an item has."""
    skus = [s for s in set(skus) if s]
    found: dict[str, str] = {}
    for chunk in chunks(skus):
        for item in Item.select(Item.no, Item.sku).where(Item.sku.in_(chunk)):
            found[item.sku] = item.no
    return found


def create_item_for_sku(sku: str, description: str, unit_price: Decimal,
                        currency: str = "") -> str:
    """Create a local item for an unknown SKU ("auto create items"); returns its no.

    The SKU itself is the item no. when it fits and is free, else `ITEM` plus a number.

    Raises:
        StoreError: the SKU is longer than an item's (`SKU_WIDTH`). Cutting it would make an
            item that the SKU never finds again, and a second one on the next order.
    """
    if len(sku) > SKU_WIDTH:
        raise StoreError(f"a SKU of {len(sku)} characters is longer than an item's "
                         f"({SKU_WIDTH})")
    no = sku if len(sku) <= 20 and Item.get_or_none(Item.no == sku) is None else ""
    with transaction():
        if not no:
            no = next_no("ITEM")
        Item.create(no=no, description=fit(Item.description, description), sku=sku,
                    unit_price=unit_price, currency=currency)
    return no


# --- shipment method mapping -----------------------------------------------------------------


@dataclass(frozen=True)
class ShipmentMappingRow:
    title: str
    shipment_method_code: str
    charge_type: str
    charge_no: str


def shipment_mappings(shop: str, titles: Iterable[str] = ()) -> dict[str, ShipmentMappingRow]:
    """The mapping rows of the shop by title; unknown `titles` get an empty row to fill in
    (bc_connector §1.11: unknown titles are added)."""
    shop_row = lookups.shop_row(shop)
    rows = {r.title: r for r in ShipmentMethodMapping.select().where(
        ShipmentMethodMapping.shop == shop_row)}
    for title in set(titles) - set(rows):
        if title:
            rows[title] = ShipmentMethodMapping.create(
                shop=shop_row, title=fit(ShipmentMethodMapping.title, title))
    return {t: ShipmentMappingRow(r.title, r.shipment_method_code, r.charge_type, r.charge_no)
            for t, r in rows.items()}


# --- sales documents -------------------------------------------------------------------------


#: The ship-to columns of a sales document (`SalesDocument.ship_to_<key>`).
SHIP_TO_KEYS = ("code", "name", "name_2", "contact", "address", "address_2", "city",
                "post_code", "county", "country", "phone")


def create_document(*, shop: str, doc_type: str, order_gid: str, sell_to: str, bill_to: str,
                    document_date: dt.date, currency: str, prices_including_tax: bool,
                    lines: Sequence[SalesLineRecord], amount: Decimal, tax_amount: Decimal,
                    total: Decimal, release: bool, external_document_no: str = "",
                    shipment_method: str = "", payment_terms_code: str = "",
                    due_date: dt.date | None = None,
                    ship_to: Mapping[str, str] | None = None, no: str = "") -> str:
    """Write a sales document and its lines; returns its no.

    Call inside the transaction that also links the order, so either both exist or neither.

    Args:
        payment_terms_code, due_date: the document's payment terms and the due date they
            give (None: none).
        ship_to: where the goods go, by `SHIP_TO_KEYS` (missing keys stay "").
        no: the document's number (the Shopify order's, issue 17); "" takes the next of
            the type's series.

    Raises:
        StoreError: the lines do not add up to `amount`/`tax_amount` (a bug upstream), or
            `no` is too long or already a document's.
    """
    if sum((ln.amount for ln in lines), Decimal(0)) != amount or \
            sum((ln.tax_amount for ln in lines), Decimal(0)) != tax_amount:
        raise StoreError("the document lines do not add up to the document amounts")
    if no:
        if len(no) > SalesDocument.no.max_length:
            raise StoreError(f"the document number '{no}' is longer than "
                             f"{SalesDocument.no.max_length} characters", record=no)
        taken = SalesDocument.get_or_none(SalesDocument.no == no)
        if taken is not None:
            raise StoreError(f"the document number '{no}' is already used by sales "
                             f"{taken.type} {taken.no}", record=no)
    no = no or next_no(SERIES[doc_type])
    doc = SalesDocument.create(
        no=no, type=doc_type, shop=lookups.shop_row(shop), shopify_order_gid=order_gid,
        sell_to_customer_no=sell_to, bill_to_customer_no=bill_to,
        document_date=document_date.isoformat(), currency=currency,
        prices_including_tax=prices_including_tax, status="released" if release else "open",
        external_document_no=fit(SalesDocument.external_document_no, external_document_no),
        shipment_method=fit(SalesDocument.shipment_method, shipment_method),
        amount=amount, tax_amount=tax_amount, total=total,
        payment_terms_code=fit(SalesDocument.payment_terms_code, payment_terms_code),
        due_date=due_date.isoformat() if due_date else "",
        **{f"ship_to_{key}": fit(SalesDocument._meta.fields[f"ship_to_{key}"],
                                 str((ship_to or {}).get(key) or ""))
           for key in SHIP_TO_KEYS},
    )
    insert_rows(SalesLine, [dict(
        document=doc, line_no=(i + 1) * 10000, type=ln.type, no=ln.no,
        description=fit(SalesLine.description, ln.description), quantity=ln.quantity,
        unit_price=ln.unit_price,
        line_discount=ln.line_discount, amount=ln.amount, tax_amount=ln.tax_amount,
        shopify_line_gid=ln.shopify_line_gid,
    ) for i, ln in enumerate(lines)])
    return no


def link_document(shop: str, gid: str, doc_type: str, doc_no: str,
                  snapshot: Mapping[str, Any]) -> None:
    """Mark the order processed by `doc_no`, remembering what it looked like then."""
    (ShopifyOrder.update(document_type=doc_type, document_no=doc_no, processed_at=utc_now(),
                         processed_snapshot=dict(snapshot), doc_no_written=False,
                         has_error=False, error_message="", conflict=False,
                         conflict_message="")
     .where(ShopifyOrder.id == lookups.order_row(shop, gid).id).execute())


def documents_for_order(gid: str) -> list[str]:
    return [d.no for d in SalesDocument.select(SalesDocument.no).where(
        SalesDocument.shopify_order_gid == gid)]


def _plain_decimal(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f") if value == value.to_integral() else \
        str(value)


def documents_for_cli() -> list[dict[str, Any]]:
    """`documents list` (CLI.md): every document with its lines."""
    docs = list(SalesDocument.select().order_by(SalesDocument.id))
    lines_by_doc: dict[int, list[SalesLine]] = {}
    for ln in SalesLine.select().order_by(SalesLine.document, SalesLine.line_no):
        lines_by_doc.setdefault(ln.document_id, []).append(ln)
    return [{
        "no": d.no, "type": d.type, "customer_no": d.sell_to_customer_no,
        "bill_to_customer_no": d.bill_to_customer_no,
        "shopify_order_id": d.shopify_order_gid or None, "total": str(money2(d.total)),
        "currency": d.currency, "document_date": d.document_date, "status": d.status,
        "prices_including_tax": d.prices_including_tax, "tax_amount": str(money2(d.tax_amount)),
        "payment_terms": d.payment_terms_code or None, "due_date": d.due_date or None,
        "tax_area": d.tax_area_code or None, "tax_liable": bool(d.tax_liable),
        "payment_method": d.payment_method_code or None,
        "ship_to": ({key: getattr(d, f"ship_to_{key}") for key in SHIP_TO_KEYS}
                    if any(getattr(d, f"ship_to_{key}") for key in SHIP_TO_KEYS) else None),
        "lines": [{
            "type": ln.type, "no": ln.no, "description": ln.description,
            "quantity": _plain_decimal(ln.quantity), "unit_price": str(money2(ln.unit_price)),
            "amount": str(money2(ln.amount)),
        } for ln in lines_by_doc.get(d.id, [])],
    } for d in docs]


def money2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def orders_for_cli(shop: str) -> list[dict[str, Any]]:
    """`orders list` (CLI.md): staged rows not imported yet, then imported orders."""
    shop_row = lookups.shop_row(shop)
    imported = list(ShopifyOrder.select().where(ShopifyOrder.shop == shop_row)
                    .order_by(ShopifyOrder.shopify_created_at.desc()))
    known = {r.shopify_id for r in imported}
    staged_rows = list(OrderToImport.select().where(OrderToImport.shop == shop_row)
                       .order_by(OrderToImport.shopify_created_at.desc()))
    pending = {r.shopify_id for r in staged_rows}
    out: list[dict[str, Any]] = []
    for s in staged_rows:
        if s.shopify_id in known:
            continue
        out.append({"shopify_id": s.shopify_id, "name": s.name, "state": "staged",
                    "error": s.error_message or None, "conflict": None, "document_no": None,
                    "customer_no": None, "financial_status": s.financial_status,
                    "fulfillment_status": s.fulfillment_status})
    for r in imported:
        out.append({
            "shopify_id": r.shopify_id, "name": r.name,
            "state": "processed" if r.document_no else "imported",
            "error": r.error_message or None,
            "conflict": r.conflict_message or None,
            "document_no": r.document_no or None, "document_type": r.document_type or None,
            "customer_no": r.sell_to_customer_no or None,
            "financial_status": r.financial_status,
            "fulfillment_status": r.fulfillment_status,
            "update_pending": r.shopify_id in pending,
            "note": _sync_data(r).get("note") or None,
            "payment_terms": _sync_data(r).get("payment_terms_code") or None,
        })
    return out


def count_documents_for(gid: str) -> int:
    return SalesDocument.select().where(SalesDocument.shopify_order_gid == gid).count()
