"""An order's fulfillment orders (what each location is to ship), fulfillments (what it
shipped) and returns. Each reaches its order through ``order`` (set by ``Order.link``, read by
GraphQL's ``order`` field), typed by :class:`OrderRef`: the order module imports this one, not
the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

from desktop_app.demo_shop.records import LineItemUnits
from desktop_app.demo_shop.scalars import LegacyNode, Node


class OrderRef(Protocol):
    """The order holding a fulfillment (``order_state.Order``)."""

    @property
    def gid(self) -> str: ...


@dataclass(slots=True)
class FulfillmentOrderLine(Node):
    """What one fulfillment order holds of a line item."""

    TYPENAME: ClassVar[str] = "FulfillmentOrderLineItem"

    id: int
    line_item_id: int
    total_quantity: int
    remaining_quantity: int


@dataclass(slots=True)
class FulfillmentOrder(Node):
    """The units of an order one location is to ship (OPEN, IN_PROGRESS, CLOSED, CANCELLED)."""

    TYPENAME: ClassVar[str] = "FulfillmentOrder"

    id: int
    location_id: int
    status: str
    created_at: datetime
    updated_at: datetime
    lines: list[FulfillmentOrderLine] = field(default_factory=list)
    order: OrderRef | None = field(default=None, repr=False, compare=False)

    @property
    def request_status(self) -> str:
        return "CLOSED" if self.status == "CLOSED" else "UNSUBMITTED"

    def refresh_status(self) -> None:
        """OPEN with nothing fulfilled, IN_PROGRESS partly, CLOSED when nothing remains."""
        if self.status == "CANCELLED":
            return
        remaining = sum(line.remaining_quantity for line in self.lines)
        total_quantity = sum(line.total_quantity for line in self.lines)
        if remaining == 0:
            self.status = "CLOSED"
        elif remaining < total_quantity:
            self.status = "IN_PROGRESS"
        else:
            self.status = "OPEN"


@dataclass(slots=True)
class FulfillmentLine(LineItemUnits):
    """Units of a line item shipped by one fulfillment."""

    TYPENAME: ClassVar[str] = "FulfillmentLineItem"


@dataclass(slots=True)
class Fulfillment(LegacyNode):
    """A shipment from one location, with tracking."""

    TYPENAME: ClassVar[str] = "Fulfillment"

    id: int
    name: str
    location_id: int
    created_at: datetime
    updated_at: datetime
    status: str = "SUCCESS"
    tracking: list[dict[str, Any]] = field(default_factory=list)
    lines: list[FulfillmentLine] = field(default_factory=list)
    notify_customer: bool = False
    fulfillment_order_ids: list[int] = field(default_factory=list)
    order: OrderRef | None = field(default=None, repr=False, compare=False)

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def requires_shipping(self) -> bool:
        return True

    @property
    def display_status(self) -> str:
        return "FULFILLED" if self.status == "SUCCESS" else "CANCELED"


@dataclass(slots=True)
class Return(Node):
    """A return (informational: the connector imports it, nothing processes it)."""

    TYPENAME: ClassVar[str] = "Return"

    id: int
    name: str
    status: str
    created_at: datetime
    closed_at: datetime | None = None
    total_quantity: int = 0
