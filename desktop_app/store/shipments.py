"""Shipping agents and posted shipments of sales orders, with what their Shopify export made
(fulfillments) and how far it got (tables of `m0006_shipments_invoices_gift_cards.py`).

A shipment's fulfillment id: '' to export (or in flight: `pending_known`), a Shopify
fulfillment, or one of the codes `FAILED` and `EXCLUDED` (seed 003). Readers return plain
dataclasses, never peewee rows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records import widths
from desktop_app.records.orders import ZERO
from desktop_app.store import lookups
from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, MoneyField, Shop, UtcDateTimeField, utc_now
from desktop_app.store.numbers import next_no
from desktop_app.store.order_models import SalesLine
from desktop_app.store.values import fit

log = logging.getLogger(__name__)

#: Fulfillment id / Shopify Order ID codes (seed 003): failed, excluded (`invoices` too).
FAILED = "-1"
EXCLUDED = "-2"


class ShippingAgent(BaseModel):
    """A local carrier: the tracking company sent to Shopify and the tracking URL."""

    code = peewee.CharField(max_length=10, unique=True)
    name = peewee.CharField(max_length=50, default="")
    shopify_tracking_company = peewee.CharField(max_length=50, default="")
    tracking_url = peewee.CharField(max_length=250, default="")

    class Meta:
        table_name = "shipping_agent"


class PostedShipment(BaseModel):
    no = peewee.CharField(max_length=20, unique=True)
    order_document_no = peewee.CharField(max_length=20)
    shop = peewee.ForeignKeyField(Shop, null=True, backref="posted_shipments",
                                  on_delete="SET NULL")
    shopify_order_gid = peewee.CharField(max_length=100, default="")
    agent_code = peewee.CharField(max_length=10, default="")
    tracking_no = peewee.CharField(max_length=50, default="")
    fulfillment_id = peewee.CharField(max_length=100, default="")
    fulfillment_ids = peewee.TextField(default="[]")
    pending_known = peewee.TextField(null=True)
    message = peewee.TextField(default="")
    posted_at = UtcDateTimeField(default=utc_now)
    synced_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "posted_shipment"


class PostedShipmentLine(BaseModel):
    shipment = peewee.ForeignKeyField(PostedShipment, backref="lines", on_delete="CASCADE")
    line_no = peewee.IntegerField()
    order_line_no = peewee.IntegerField()
    type = peewee.CharField(max_length=20)
    no = peewee.CharField(max_length=20, default="")
    description = peewee.CharField(max_length=widths.LINE_DESCRIPTION, default="")
    quantity = MoneyField(decimal_places=4, default=ZERO)
    shopify_line_gid = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "posted_shipment_line"



SHIPMENT_MODELS: tuple[type[BaseModel], ...] = (ShippingAgent, PostedShipment, PostedShipmentLine)


# --- shipping agents -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentRow:
    code: str
    name: str
    shopify_tracking_company: str
    tracking_url: str


def set_shipping_agent(code: str, *, name: str = "", shopify_tracking_company: str = "",
                       tracking_url: str = "") -> AgentRow:
    """Create or replace a shipping agent."""
    code = code.strip().upper()
    width = ShippingAgent.code.max_length
    if not code or len(code) > width:
        raise StoreError(f"a shipping agent code has 1 to {width} characters")
    values = dict(name=fit(ShippingAgent.name, name),
                  shopify_tracking_company=fit(ShippingAgent.shopify_tracking_company,
                                               shopify_tracking_company),
                  tracking_url=fit(ShippingAgent.tracking_url, tracking_url))
    with transaction():
        row = ShippingAgent.get_or_none(ShippingAgent.code == code)
        if row is None:
            ShippingAgent.create(code=code, **values)
        else:
            ShippingAgent.update(**values).where(ShippingAgent.id == row.id).execute()
    return AgentRow(code, values["name"], values["shopify_tracking_company"],
                    values["tracking_url"])


def get_shipping_agent(code: str) -> AgentRow | None:
    row = ShippingAgent.get_or_none(ShippingAgent.code == code.strip().upper())
    if row is None:
        return None
    return AgentRow(row.code, row.name, row.shopify_tracking_company, row.tracking_url)


def list_shipping_agents() -> list[AgentRow]:
    return [AgentRow(r.code, r.name, r.shopify_tracking_company, r.tracking_url)
            for r in ShippingAgent.select().order_by(ShippingAgent.code)]


# --- posted shipments ------------------------------------------------------------------------


@dataclass(frozen=True)
class ShipmentLineRow:
    line_no: int
    order_line_no: int
    type: str
    no: str
    description: str
    quantity: Decimal
    shopify_line_gid: str


@dataclass(frozen=True)
class ShipmentRow:
    no: str
    order_document_no: str
    shop: str
    shopify_order_gid: str
    agent_code: str
    tracking_no: str
    fulfillment_id: str
    fulfillment_ids: tuple[str, ...]
    pending_known: tuple[str, ...] | None
    message: str
    lines: tuple[ShipmentLineRow, ...]


def _shipment_row(r: PostedShipment) -> ShipmentRow:
    pending = None if r.pending_known is None else tuple(json.loads(r.pending_known))
    return ShipmentRow(
        r.no, r.order_document_no, r.shop.code if r.shop_id else "", r.shopify_order_gid,
        r.agent_code, r.tracking_no, r.fulfillment_id, tuple(json.loads(r.fulfillment_ids)),
        pending, r.message,
        tuple(ShipmentLineRow(ln.line_no, ln.order_line_no, ln.type, ln.no, ln.description,
                              Decimal(ln.quantity), ln.shopify_line_gid)
              for ln in r.lines.order_by(PostedShipmentLine.line_no)))


def shipped_quantities(order_document_no: str) -> dict[int, Decimal]:
    """Quantity already shipped per sales line no. of a sales order."""
    out: dict[int, Decimal] = {}
    query = (PostedShipmentLine.select(PostedShipmentLine.order_line_no,
                                       PostedShipmentLine.quantity)
             .join(PostedShipment)
             .where(PostedShipment.order_document_no == order_document_no))
    for ln in query:
        out[ln.order_line_no] = out.get(ln.order_line_no, ZERO) + Decimal(ln.quantity)
    return out


def post_shipment(document_no: str, *, agent_code: str = "", tracking_no: str = "",
                  quantities: Mapping[int, Decimal] | None = None) -> ShipmentRow:
    """Post a shipment of a sales order: all that is still unshipped of its item lines, or
    only `quantities` (sales line no. -> quantity).

    A shipment with no item quantity gets fulfillment id -2 (nothing to fulfil; §1.7).

    Raises:
        NotFoundError: no such document or shipping agent.
        StoreError: not a sales order, or more than is left to ship is asked for.
    """
    doc = lookups.sales_document(document_no)
    if doc.type != "order":
        raise StoreError(f"{document_no} is a {doc.type}: only sales orders are shipped")
    agent = agent_code.strip().upper()
    if agent and ShippingAgent.get_or_none(ShippingAgent.code == agent) is None:
        raise NotFoundError(f"There is no shipping agent {agent}", record=agent)
    shipped = shipped_quantities(document_no)
    lines = list(doc.lines.order_by(SalesLine.line_no))
    known = {ln.line_no for ln in lines}
    for line_no in quantities or {}:
        if line_no not in known:
            raise StoreError(f"{document_no} has no line {line_no}")
    planned: list[tuple[SalesLine, Decimal]] = []
    for ln in lines:
        if ln.type != "item":
            continue
        left = Decimal(ln.quantity) - shipped.get(ln.line_no, ZERO)
        qty = left if quantities is None else Decimal(quantities.get(ln.line_no, ZERO))
        if qty < 0 or qty > left:
            raise StoreError(f"line {ln.line_no} of {document_no} has {left} left to ship, "
                             f"not {qty}")
        if qty > 0:
            planned.append((ln, qty))
    with transaction():
        shipment = PostedShipment.create(
            no=next_no("SS"), order_document_no=doc.no, shop=doc.shop_id,
            shopify_order_gid=doc.shopify_order_gid, agent_code=agent,
            tracking_no=fit(PostedShipment.tracking_no, tracking_no.strip()),
            fulfillment_id="" if planned else EXCLUDED,
            message="" if planned else "nothing to ship: no item quantity")
        for i, (ln, qty) in enumerate(planned, start=1):
            PostedShipmentLine.create(
                shipment=shipment, line_no=i * 10000, order_line_no=ln.line_no, type=ln.type,
                no=ln.no, description=ln.description, quantity=qty,
                shopify_line_gid=ln.shopify_line_gid)
    log.info("shipment %s posted for %s (%d lines)", shipment.no, doc.no, len(planned))
    return _shipment_row(PostedShipment.get_by_id(shipment.id))


def get_shipment(no: str) -> ShipmentRow:
    row = PostedShipment.get_or_none(PostedShipment.no == no)
    if row is None:
        raise NotFoundError(f"There is no posted shipment {no}", record=no)
    return _shipment_row(row)


def shipments_to_sync(shop: str) -> list[ShipmentRow]:
    """Posted shipments of Shopify orders with no fulfillment id yet (or one in flight)."""
    rows = (PostedShipment.select().where(
        (PostedShipment.shop == lookups.shop_row(shop)) & (PostedShipment.shopify_order_gid != "")
        & (PostedShipment.fulfillment_id == "")).order_by(PostedShipment.id))
    return [_shipment_row(r) for r in rows]


def list_shipments(shop: str | None = None) -> list[ShipmentRow]:
    query = PostedShipment.select().order_by(PostedShipment.id)
    if shop is not None:
        query = query.where(PostedShipment.shop == lookups.shop_row(shop))
    return [_shipment_row(r) for r in query]


def owned_fulfillments(order_gid: str) -> dict[str, str]:
    """Fulfillment id -> posted shipment no., for every fulfillment our shipments made."""
    out: dict[str, str] = {}
    for r in PostedShipment.select(PostedShipment.no, PostedShipment.fulfillment_ids).where(
            PostedShipment.shopify_order_gid == order_gid):
        for fid in json.loads(r.fulfillment_ids):
            out[fid] = r.no
    return out


def set_shipment_pending(no: str, known: Sequence[str] | None) -> None:
    """Before a fulfillmentCreate: the order's fulfillments so far (None: nothing in flight).
    Committed before the request, so a lost answer or a kill can be reconciled later."""
    (PostedShipment.update(pending_known=None if known is None else json.dumps(sorted(known)))
     .where(PostedShipment.no == no).execute())


def add_shipment_fulfillment(no: str, fulfillment_gid: str) -> None:
    """Record a fulfillment made for the shipment and clear the in-flight mark."""
    with transaction():
        row = PostedShipment.get(PostedShipment.no == no)
        ids = json.loads(row.fulfillment_ids)
        if fulfillment_gid not in ids:
            ids.append(fulfillment_gid)
        (PostedShipment.update(fulfillment_ids=json.dumps(ids), pending_known=None)
         .where(PostedShipment.id == row.id).execute())


def finish_shipment(no: str, fulfillment_id: str, message: str = "") -> None:
    """Set the shipment's fulfillment id: the first fulfillment, -1 or -2."""
    (PostedShipment.update(fulfillment_id=fulfillment_id, message=message,
                           synced_at=utc_now())
     .where(PostedShipment.no == no).execute())



def shipments_for_cli(shop: str | None = None) -> list[dict[str, Any]]:
    return [{
        "no": s.no, "order_document_no": s.order_document_no, "shopify_order_id":
        s.shopify_order_gid or None, "agent_code": s.agent_code or None,
        "tracking_no": s.tracking_no or None, "fulfillment_id": s.fulfillment_id or None,
        "fulfillment_ids": list(s.fulfillment_ids), "message": s.message or None,
        "lines": [{"line_no": ln.line_no, "no": ln.no, "description": ln.description,
                   "quantity": format(ln.quantity.normalize(), "f")} for ln in s.lines],
    } for s in list_shipments(shop)]

