"""Pure rules of Sync Shipments (seed 003 "Synchronize shipments", bc_connector §1.7).

- Each shipment line (quantity rounded to a whole number) fills the open fulfillment-order
  lines of its Shopify line greedily; "open" means the fulfillment order is not closed or
  cancelled and the line has a remaining quantity.
- Fulfillment orders at third-party fulfillment-service locations, and those whose request
  status shows a fulfillment service owns them, are skipped.
- One `fulfillmentCreate` per location, with at most 250 fulfillment-order lines each.
- Tracking (only with a tracking number): company = the agent's Shopify tracking company,
  else its name, else its code; URL = the agent's tracking URL with `%1` replaced by the
  number; notifyCustomer = Send Shipping Confirmation.

No database, no HTTP, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

#: Shopify's limit on the line items of one request (input arrays hold at most 250 items).
MAX_LINES_PER_REQUEST = 250
#: Fulfillment order statuses that take no more fulfillments.
CLOSED_STATUSES = frozenset({"CLOSED", "CANCELLED", "INCOMPLETE"})
#: Request statuses of fulfillment orders a fulfillment service has been asked to handle
#: and has not accepted (the merchant does not ship those itself).
SERVICE_OWNED_REQUESTS = frozenset({"SUBMITTED", "CANCELLATION_REQUESTED", "REJECTED"})


@dataclass(frozen=True)
class FoLine:
    """One line of a fulfillment order as Shopify reports it."""

    id: str
    line_item_gid: str
    remaining: int


@dataclass(frozen=True)
class FulfillmentOrderInfo:
    id: str
    status: str
    request_status: str
    location_gid: str
    third_party: bool
    lines: tuple[FoLine, ...]

    @property
    def open(self) -> bool:
        return self.status not in CLOSED_STATUSES


@dataclass(frozen=True)
class RequestLine:
    fulfillment_order_id: str
    fo_line_id: str
    line_item_gid: str
    quantity: int


@dataclass(frozen=True)
class FulfillmentRequest:
    """One fulfillmentCreate: lines of one location, at most 250."""

    location_gid: str
    lines: tuple[RequestLine, ...]

    def quantities(self) -> dict[str, int]:
        """Quantity per Shopify line item in this request."""
        out: dict[str, int] = {}
        for ln in self.lines:
            out[ln.line_item_gid] = out.get(ln.line_item_gid, 0) + ln.quantity
        return out

    def input_groups(self) -> list[dict[str, object]]:
        """`lineItemsByFulfillmentOrder` of the mutation, in fulfillment-order order."""
        groups: dict[str, list[dict[str, object]]] = {}
        for ln in self.lines:
            groups.setdefault(ln.fulfillment_order_id, []).append(
                {"id": ln.fo_line_id, "quantity": ln.quantity})
        return [{"fulfillmentOrderId": fo, "fulfillmentOrderLineItems": items}
                for fo, items in groups.items()]


@dataclass(frozen=True)
class Allocation:
    requests: tuple[FulfillmentRequest, ...]
    #: Quantity per line item that found no open merchant-managed fulfillment-order line.
    unallocated: Mapping[str, int]
    #: Quantity per line item left unshipped because it sits at a third-party location.
    third_party: Mapping[str, int]


def whole(quantity: Decimal) -> int:
    """A shipped quantity as Shopify takes it: a whole number (half up)."""
    return int(Decimal(quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def usable(fo: FulfillmentOrderInfo) -> bool:
    """Whether the merchant may fulfil this fulfillment order itself."""
    return fo.open and not fo.third_party and fo.request_status not in SERVICE_OWNED_REQUESTS


def allocate(wanted: Mapping[str, int], fulfillment_orders: Sequence[FulfillmentOrderInfo],
             max_lines: int = MAX_LINES_PER_REQUEST) -> Allocation:
    """Spread the quantities to ship (per Shopify line item) over open fulfillment-order
    lines, greedily in Shopify's order, then group by location and cut into requests of at
    most `max_lines` lines.

    Args:
        wanted: quantity to ship per line item gid (whole numbers; zero and less ignored).
        fulfillment_orders: the order's fulfillment orders with their lines.
        max_lines: lines per request (Shopify's 250).
    """
    left = {gid: q for gid, q in wanted.items() if q > 0}
    by_location: dict[str, list[RequestLine]] = {}
    third: dict[str, int] = {}
    for fo in fulfillment_orders:
        if not fo.open:
            continue
        for line in fo.lines:
            need = left.get(line.line_item_gid, 0)
            if need <= 0 or line.remaining <= 0:
                continue
            if not usable(fo):
                third[line.line_item_gid] = third.get(line.line_item_gid, 0) + min(
                    need, line.remaining)
                continue
            take = min(need, line.remaining)
            left[line.line_item_gid] = need - take
            by_location.setdefault(fo.location_gid, []).append(
                RequestLine(fo.id, line.id, line.line_item_gid, take))
    requests = []
    for location, lines in by_location.items():
        for start in range(0, len(lines), max_lines):
            requests.append(FulfillmentRequest(location, tuple(lines[start:start + max_lines])))
    unallocated = {gid: q for gid, q in left.items() if q > 0}
    return Allocation(tuple(requests), unallocated,
                      {gid: min(q, unallocated.get(gid, 0)) for gid, q in third.items()
                       if unallocated.get(gid, 0) > 0})


def still_to_ship(shipment_lines: Iterable[tuple[str, Decimal]],
                  shipped_by_us: Mapping[str, int]) -> dict[str, int]:
    """What the shipment still has to ship per line item: its whole quantities minus what
    fulfillments already made for it shipped (read back from Shopify)."""
    wanted: dict[str, int] = {}
    for gid, quantity in shipment_lines:
        if gid:
            wanted[gid] = wanted.get(gid, 0) + whole(quantity)
    return {gid: q - shipped_by_us.get(gid, 0) for gid, q in wanted.items()
            if q - shipped_by_us.get(gid, 0) > 0}


@dataclass(frozen=True)
class Agent:
    code: str
    name: str = ""
    shopify_tracking_company: str = ""
    tracking_url: str = ""


def tracking_info(agent: Agent | None, tracking_no: str) -> dict[str, str] | None:
    """`trackingInfo` of the fulfillment, or None without a tracking number (seed 003: the
    company by priority Shopify tracking company > name > code; the URL from the agent)."""
    number = tracking_no.strip()
    if not number:
        return None
    info: dict[str, str] = {"number": number}
    if agent is not None:
        company = agent.shopify_tracking_company.strip() or agent.name.strip() or agent.code
        if company:
            info["company"] = company
        if agent.tracking_url.strip():
            info["url"] = agent.tracking_url.strip().replace("%1", quote(number, safe=""))
    return info


def adopt_lost_fulfillments(known_before: Iterable[str], owned_elsewhere: Iterable[str],
                            fulfillments: Mapping[str, Mapping[str, int]],
                            expected: Mapping[str, int]) -> list[str]:
    """The fulfillments a request whose answer was lost made, if it made any.

    Args:
        known_before: fulfillment ids the order had before the request.
        owned_elsewhere: ids recorded by other shipments.
        fulfillments: every fulfillment of the order now: id -> quantity per line item.
        expected: quantity per line item the shipment still had to ship.

    A new fulfillment counts only if it ships nothing the shipment did not ask for.
    """
    before = set(known_before) | set(owned_elsewhere)
    adopted = []
    for fid, quantities in fulfillments.items():
        if fid in before:
            continue
        if all(expected.get(gid, 0) >= q for gid, q in quantities.items()):
            adopted.append(fid)
    return adopted
