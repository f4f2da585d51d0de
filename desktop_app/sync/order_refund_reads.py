"""A refund read in full once per run (issue 21): the orders import and the sales document.

A bulk export of orders lists each order's refunds without their lines (Shopify refuses a
connection inside a list field in a bulk query), so the import reads every refund's lines
with a query of its own. The sales document made right after, in the same run, needs the same
refunds in full (lines, transactions, refunded shipping: `refunds.details_for_document`), and
used to read each again with RefundDetails: two reads per refund, the costliest part of a first
import (1,797 of 1,879 points at 1,000 generated orders).

`RefundReads` makes it one: for an order that gets a document in this run, the import reads
its refunds with RefundConnections (every connection's first page, then the rest with the page
queries), gives the order its lines, and keeps the refund as `RefundIn` (built by `refund_in`,
which RefundDetails' reader uses too) for the document. A refund read again with its order
(OrderById, a resync) is forgotten, so a document never takes an older copy than the order's.
"""

from __future__ import annotations

from typing import Any

from desktop_app.shopify.client import ShopifyClient
from desktop_app.shopify.order_values import money_of
from desktop_app.shopify.pagination import complete_nodes
from desktop_app.shopify.records import parse_datetime
from desktop_app.sync.rules import refunds as rules

#: The connections of a refund RefundDetails and RefundConnections read a first page of, and
#: the query that reads on from there (each selects the same fragment as the first page).
REFUND_CONNECTIONS = (
    ("refundLineItems", "RefundLineItemsPage"),
    ("transactions", "RefundTransactionsPage"),
    ("refundShippingLines", "RefundShippingLinesPage"),
)

#: What a malformed refund raises while it is read into a `RefundIn`.
MALFORMED = (TypeError, ValueError, AttributeError, KeyError, ArithmeticError)


async def complete_connections(client: ShopifyClient, refund_gid: str, node: dict[str, Any]
                               ) -> dict[str, list[dict[str, Any]]]:
    """Every node of each connection of a refund read with its first pages (`node`)."""
    return {key: await complete_nodes(client, node.get(key), operation, {"id": refund_gid},
                                      ("node", key))
            for key, operation in REFUND_CONNECTIONS}


def refund_in(header: dict[str, Any], connections: dict[str, list[dict[str, Any]]]
              ) -> rules.RefundIn:
    """The refund a credit memo or a document is planned from: `header` holds its id,
    createdAt, return and totalRefundedSet, `connections` every node of its connections.

    Raises:
        MALFORMED: a value of the wrong shape.
    """
    lines = []
    for n in connections["refundLineItems"]:
        item = n.get("lineItem") or {}
        lines.append(rules.RefundLineIn(
            line_gid=item.get("id") or "", sku=item.get("sku") or "",
            title=item.get("title") or "", quantity=int(n.get("quantity") or 0),
            restock_type=(n.get("restockType") or "").upper(),
            location_gid=(n.get("location") or {}).get("id") or "",
            subtotal=money_of(n.get("subtotalSet")), tax=money_of(n.get("totalTaxSet")),
            is_gift_card=bool(item.get("isGiftCard"))))
    shipping = tuple((money_of(s.get("subtotalAmountSet")), money_of(s.get("taxAmountSet")))
                     for s in connections["refundShippingLines"])
    statuses = tuple((t.get("status") or "").upper() for t in connections["transactions"])
    return rules.RefundIn(
        shopify_id=header["id"], total_refunded=money_of(header.get("totalRefundedSet")),
        has_return=bool(header.get("return")), transaction_statuses=statuses,
        lines=tuple(lines), shipping=shipping,
        created_at=parse_datetime(header.get("createdAt")))


class RefundReads:
    """The refunds the import of one run read in full, by id, for that run's documents."""

    def __init__(self, client: ShopifyClient) -> None:
        self._client = client
        self._read: dict[str, rules.RefundIn] = {}

    async def read_lines(self, refund: dict[str, Any]) -> bool:
        """Give a refund listed without its lines (`refund`, a node of an order's `refunds`
        with id, createdAt, return and totalRefundedSet) every line, in place, and keep the
        refund in full. False when Shopify no longer has it (nothing is changed: the caller
        reads its lines as before)."""
        gid = str(refund["id"])
        data = await self._client.execute("RefundConnections", {"id": gid})
        node = data.get("node")
        if not isinstance(node, dict):
            self._read.pop(gid, None)
            return False
        connections = await complete_connections(self._client, gid, node)
        refund["refundLineItems"] = {"nodes": connections["refundLineItems"],
                                     "pageInfo": {"hasNextPage": False}}
        try:
            self._read[gid] = refund_in(refund, connections)
        except MALFORMED:
            # The document reads it again (and says what is wrong); the import refuses it.
            self._read.pop(gid, None)
        return True

    def forget(self, refund_gid: str) -> None:
        """The refund was read again with its order: a later copy than the one kept."""
        self._read.pop(refund_gid, None)

    def get(self, refund_gid: str) -> rules.RefundIn | None:
        """The refund as this run's import read it in full, None when it did not."""
        return self._read.get(refund_gid)
