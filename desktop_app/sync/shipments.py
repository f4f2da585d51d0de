"""Sync Shipments: posted shipments of Shopify orders become fulfillments (seed 003,
bc_connector §1.7; rules in `sync/rules/fulfillment.py`).

For each posted shipment without a fulfillment id:

1. Read what Shopify has now: the order's fulfillments, and (for those this shipment made)
   what they shipped. What is left to ship is the shipment's quantities minus that, so a
   re-run never ships twice.
2. If a request of an earlier attempt may have been applied without us hearing back (its
   "pending" mark is still set: a lost answer or a kill), adopt the new fulfillments it made.
3. Read the fulfillment orders, allocate what is left, and send one `fulfillmentCreate`
   per location and 250 lines. The order's fulfillment ids are committed before each
   request; if its answer is lost (`OutcomeUnknownError`) the order's fulfillments are read
   again: a new fulfillment that ships only what we asked for is ours; if there is none the
   request is sent once more.
4. The shipment's fulfillment id becomes the first fulfillment made, or -1 with the reason.
"""

from __future__ import annotations

import logging
from typing import Any

from desktop_app.errors import AppError, OutcomeUnknownError, UserErrors
from desktop_app.shopify.pagination import nodes_of, paginate
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import shipments as store
from desktop_app.store.shops import shop_settings
from desktop_app.sync import record_changes
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.results import CREATED, SHOPIFY, UPDATED
from desktop_app.sync.rules import fulfillment as rules

log = logging.getLogger(__name__)

RESOURCE = "shipments"
FO_PAGE = 5
LINE_PAGE = 250
#: Times one request is sent when its answers keep getting lost.
SEND_ATTEMPTS = 2


class ShipmentSyncError(AppError):
    code = "shipment_sync"


async def sync_shipments(ctx: JobContext) -> None:
    """The Shipments sync of one shop: every posted shipment not yet in Shopify."""
    job = ShipmentJob(ctx)
    pending = store.shipments_to_sync(ctx.shop_code)
    for done, shipment in enumerate(pending, start=1):
        await job.sync_one(shipment.no)
        ctx.reporter.progress(done, len(pending))
    log.info("shipments of shop %s: %d posted shipments looked at", ctx.shop_code, len(pending))


class ShipmentJob(ShopJob):
    def __init__(self, ctx: JobContext) -> None:
        super().__init__(ctx, shop_settings(ctx.shop_code))

    async def sync_one(self, no: str) -> None:
        """Bring one posted shipment to Shopify; failures are recorded on it (-1)."""
        try:
            made = await self._sync(no)
        except OutcomeUnknownError as exc:
            # The pending mark stays: the next run reconciles before sending anything.
            self.ctx.fail(no, "fulfillment", f"{exc} (reconciled on the next sync)",
                          code="outcome_unknown")
            return
        except (UserErrors, ShipmentSyncError) as exc:
            store.finish_shipment(no, store.FAILED, str(exc))
            self.ctx.fail(no, getattr(exc, "field", "") or "fulfillment", str(exc),
                          code="fulfillment_failed")
            return
        except AppError as exc:  # network trouble: leave it to be retried as it is
            self.ctx.fail(no, "", str(exc), code=exc.code)
            return
        if made:
            self.ctx.result.count(SHOPIFY, CREATED, made)
        else:
            self.ctx.result.count(SHOPIFY, UPDATED)
        self.ctx.result.record_change(record_changes.shipment_sent(
            store.get_shipment(no).shopify_order_gid, no, made))

    async def _sync(self, no: str) -> int:
        shipment = store.get_shipment(no)
        gid = shipment.shopify_order_gid
        fulfillments = await self._fulfillment_ids(gid)
        owned_all = store.owned_fulfillments(gid)
        shipment_lines = [(ln.shopify_line_gid, ln.quantity) for ln in shipment.lines]
        requested = rules.still_to_ship(shipment_lines, {})
        if shipment.pending_known is not None:
            await self._adopt(shipment, fulfillments, owned_all, requested)
            shipment = store.get_shipment(no)
        shipped = await self._shipped_by(shipment.fulfillment_ids, set(fulfillments))
        wanted = rules.still_to_ship(shipment_lines, shipped)
        made = 0
        if wanted:
            fos = await self._fulfillment_orders(gid)
            allocation = rules.allocate(wanted, fos)
            if not allocation.requests and not shipment.fulfillment_ids:
                reason = "nothing of the shipment is open to fulfil in Shopify"
                if allocation.third_party:
                    reason = ("its lines are at a third-party fulfillment service's location, "
                              "which fulfils them itself")
                raise ShipmentSyncError(reason, record=no)
            agent_row = store.get_shipping_agent(shipment.agent_code) \
                if shipment.agent_code else None
            agent = rules.Agent(agent_row.code, agent_row.name,
                                agent_row.shopify_tracking_company,
                                agent_row.tracking_url) if agent_row else None
            tracking = rules.tracking_info(agent, shipment.tracking_no)
            for request in allocation.requests:
                await self._send(no, gid, request, tracking)
                made += 1
            if allocation.unallocated:
                log.warning("shipment %s: %d units found no open fulfillment-order line",
                            no, sum(allocation.unallocated.values()))
        final = store.get_shipment(no)
        if not final.fulfillment_ids:
            raise ShipmentSyncError("Shopify made no fulfillment for the shipment", record=no)
        store.finish_shipment(no, final.fulfillment_ids[0])
        return made

    # --- reads -----------------------------------------------------------------------------

    async def _fulfillment_ids(self, order_gid: str) -> dict[str, str]:
        data = await self.client.execute("OrderFulfillmentIds", {"id": order_gid})
        order = data.get("order")
        if order is None:
            raise ShipmentSyncError("Shopify no longer has the order", record=order_gid)
        return {f["id"]: f.get("status") or "" for f in order.get("fulfillments") or []}

    async def _lines_of(self, fulfillment_gid: str) -> dict[str, int]:
        out: dict[str, int] = {}
        async for nodes in paginate(self.client, "FulfillmentLineItemsPage",
                                    {"id": fulfillment_gid}, ("node", "fulfillmentLineItems"),
                                    page_size=LINE_PAGE):
            for n in nodes:
                gid = (n.get("lineItem") or {}).get("id") or ""
                out[gid] = out.get(gid, 0) + int(n.get("quantity") or 0)
        return out

    async def _shipped_by(self, ids: tuple[str, ...], live: set[str]) -> dict[str, int]:
        """Quantity per line item shipped by these fulfillments (cancelled ones excluded
        because Shopify no longer lists them as live)."""
        total: dict[str, int] = {}
        for fid in ids:
            if fid not in live:
                continue
            for gid, q in (await self._lines_of(fid)).items():
                total[gid] = total.get(gid, 0) + q
        return total

    async def _fulfillment_orders(self, order_gid: str) -> list[rules.FulfillmentOrderInfo]:
        out = []
        async for nodes in paginate(self.client, "OrderFulfillmentOrders", {"id": order_gid},
                                    ("order", "fulfillmentOrders"), page_size=FO_PAGE):
            for fo in nodes:
                connection = fo.get("lineItems") or {}
                lines = list(nodes_of(connection))
                info = connection.get("pageInfo") or {}
                if info.get("hasNextPage"):
                    async for more in paginate(self.client, "FulfillmentOrderLineItemsPage",
                                               {"id": fo["id"], "after": info.get("endCursor")},
                                               ("fulfillmentOrder", "lineItems"),
                                               page_size=LINE_PAGE):
                        lines.extend(more)
                location = ((fo.get("assignedLocation") or {}).get("location") or {})
                service = location.get("fulfillmentService") or {}
                out.append(rules.FulfillmentOrderInfo(
                    id=fo["id"], status=(fo.get("status") or "").upper(),
                    request_status=(fo.get("requestStatus") or "").upper(),
                    location_gid=location.get("id") or "",
                    third_party=(service.get("type") or "") == "THIRD_PARTY",
                    lines=tuple(rules.FoLine(n["id"], (n.get("lineItem") or {}).get("id") or "",
                                             int(n.get("remainingQuantity") or 0))
                                for n in lines)))
        return out

    # --- reconcile and send ----------------------------------------------------------------

    async def _adopt(self, shipment: store.ShipmentRow, fulfillments: dict[str, str],
                     owned_all: dict[str, str], requested: dict[str, int]) -> list[str]:
        """Take over the fulfillments a request with a lost answer made (see module doc)."""
        others = [fid for fid, no in owned_all.items() if no != shipment.no]
        known = set(shipment.pending_known or ()) | set(shipment.fulfillment_ids)
        candidates = {fid: await self._lines_of(fid) for fid in fulfillments
                      if fid not in known and fid not in others}
        adopted = rules.adopt_lost_fulfillments(known, others, candidates, requested)
        for fid in adopted:
            log.warning("shipment %s: fulfillment %s was made by a request whose answer was "
                        "lost; it is recorded, not made again", shipment.no, fid)
            store.add_shipment_fulfillment(shipment.no, fid)
        store.set_shipment_pending(shipment.no, None)
        return adopted

    async def _send(self, no: str, order_gid: str, request: rules.FulfillmentRequest,
                    tracking: dict[str, str] | None) -> str:
        fulfillment: dict[str, Any] = {
            "lineItemsByFulfillmentOrder": request.input_groups(),
            "notifyCustomer": self.settings.send_shipping_confirmation,
        }
        if tracking:
            fulfillment["trackingInfo"] = tracking
        for attempt in range(1, SEND_ATTEMPTS + 1):
            before = await self._fulfillment_ids(order_gid)
            store.set_shipment_pending(no, list(before))
            try:
                data = await self.client.execute("FulfillmentCreate",
                                                 {"fulfillment": fulfillment})
            except OutcomeUnknownError:
                shipment = store.get_shipment(no)
                now = await self._fulfillment_ids(order_gid)
                adopted = await self._adopt(shipment, now, store.owned_fulfillments(order_gid),
                                            request.quantities())
                if adopted:
                    return adopted[0]
                if attempt == SEND_ATTEMPTS:
                    raise
                log.warning("shipment %s: fulfillmentCreate answer lost and nothing was made; "
                            "sending it again", no)
                continue
            payload = data.get("fulfillmentCreate")
            try:
                check_user_errors(payload, no)
            except UserErrors:
                store.set_shipment_pending(no, None)
                raise
            made = ((payload or {}).get("fulfillment") or {}).get("id")
            if not made:
                store.set_shipment_pending(no, None)
                raise ShipmentSyncError("Shopify returned no fulfillment", record=no)
            store.add_shipment_fulfillment(no, made)
            log.info("shipment %s: fulfillment %s created (%d lines)", no, made,
                     len(request.lines))
            return made
        raise AssertionError("unreachable")
