"""A small fake of Shopify's order API for the orders job's unit tests.

It answers the app's own order documents by name (the client's `execute(name, variables)`),
pages every connection with `first`/`after` as Shopify does, filters `OrdersToImport`,
`OrderChanges` and the bulk export by the `status:open`, `updated_at:>=` and `id:N OR id:M`
terms the job sends, gives the OrdersToImport page the shape its query asks (one money side,
no returns, refunds without lines, no derived totals), and keeps a log of each call with a
cost estimate from the app's operation definitions. `bulk_records` stands in for
`shopify.bulk.run_bulk_query` (records joined with "__children", as the real one yields).
Like the client, it offers `last_server_time` (its clock `now`, as a Date header gives it:
less one second), or None with `dated=False` (an answer without a Date header).
It is not the demo shop (which speaks HTTP and GraphQL); it lets the job's logic be tested
before and beside it.

It stays beside the demo shop (issue 16 looked at retiring it) for what the demo shop cannot
do at the client's seam: fail one named operation on demand (`fail_on`), answer without a
Date header (`dated=False`), move one order's `updatedAt` to the second (`touch`), and log
every call with its cost estimate (`calls`) for the tests that count requests by name. The
node builders (`order`, `line`, `shipping`, `bag`) also feed the pure records and rules
tests. The orders job against the real demo shop is in tests/integration/orders.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.shopify import operations

UTC = dt.timezone.utc


def bag(shop: Decimal | str, presentment: Decimal | str | None = None) -> dict[str, Any]:
    return {"shopMoney": {"amount": str(shop)},
            "presentmentMoney": {"amount": str(presentment if presentment is not None
                                               else shop)}}


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def line(n: int, sku: str, qty: int, price: str, *, title: str | None = None,
         rate: str = "1", gift_card: bool = False, tax: str = "0", discount: str = "0",
         requires_shipping: bool = True, variant: bool = True, current: int | None = None
         ) -> dict[str, Any]:
    """A LineItem node; presentment amounts are shop amounts times `rate`."""
    r = Decimal(rate)
    p = Decimal(price)
    return {
        "id": f"gid://shopify/LineItem/{n}", "title": title or f"Product {sku}",
        "variantTitle": "", "sku": sku, "quantity": qty,
        "currentQuantity": qty if current is None else current,
        "isGiftCard": gift_card, "requiresShipping": requires_shipping,
        "variant": {"id": f"gid://shopify/ProductVariant/{n}"} if variant else None,
        "originalUnitPriceSet": bag(p, p * r),
        "totalDiscountSet": bag(Decimal(discount), Decimal(discount) * r),
        "taxLines": ([{"title": "VAT", "rate": "0.2",
                       "priceSet": bag(Decimal(tax), Decimal(tax) * r)}]
                     if Decimal(tax) else []),
        "customAttributes": [],
    }


def shipping(n: int, title: str, price: str, *, rate: str = "1", discount: str = "0",
             removed: bool = False, tax: str = "0") -> dict[str, Any]:
    r = Decimal(rate)
    p, d = Decimal(price), Decimal(discount)
    return {"id": f"gid://shopify/ShippingLine/{n}", "title": title, "code": title,
            "source": "shopify", "isRemoved": removed, "originalPriceSet": bag(p, p * r),
            "discountedPriceSet": bag(p - d, (p - d) * r),
            "taxLines": ([{"title": "VAT", "rate": "0.2",
                           "priceSet": bag(Decimal(tax), Decimal(tax) * r)}]
                         if Decimal(tax) else [])}


def order(n: int, *, created: dt.datetime, lines: list[dict[str, Any]],
          shipping_lines: list[dict[str, Any]] | None = None, closed: bool = False,
          fulfillment: str = "UNFULFILLED", financial: str = "PAID",
          currency: str = "EUR", presentment: str = "EUR", taxes_included: bool = False,
          tags: list[str] | None = None, customer: dict[str, Any] | None = None,
          country: str = "FR", risk: str = "LOW", channel: str = "web") -> dict[str, Any]:
    """An Order node with consistent totals (from its lines and shipping)."""
    node: dict[str, Any] = {
        "id": f"gid://shopify/Order/{n}", "name": f"#{1000 + n}", "email": "",
        "phone": None, "createdAt": iso(created), "updatedAt": iso(created),
        "processedAt": iso(created), "cancelledAt": None, "cancelReason": None,
        "closed": closed, "test": False, "displayFinancialStatus": financial,
        "displayFulfillmentStatus": fulfillment, "fullyPaid": financial == "PAID",
        "currencyCode": currency, "presentmentCurrencyCode": presentment,
        "taxesIncluded": taxes_included, "taxExempt": False, "sourceName": channel,
        "tags": tags or [], "note": None, "poNumber": None, "discountCodes": [],
        "customAttributes": [], "purchasingEntity": customer,
        "shippingAddress": {"firstName": "Ann", "lastName": "Lee", "company": "",
                            "address1": "1 rue A", "address2": "", "city": "Paris",
                            "province": "", "provinceCode": "", "zip": "75001",
                            "countryCodeV2": country, "phone": ""},
        "billingAddress": {"firstName": "Ann", "lastName": "Lee", "company": "",
                           "address1": "1 rue A", "address2": "", "city": "Paris",
                           "province": "", "provinceCode": "", "zip": "75001",
                           "countryCodeV2": country, "phone": ""},
        "taxLines": [],
        "risk": {"recommendation": "ACCEPT", "assessments": [{"riskLevel": risk}]},
        "lineItems": lines, "shippingLines": shipping_lines or [], "transactions": [],
        "refunds": [], "returns": [],
    }
    recompute(node)
    return node


def recompute(node: dict[str, Any]) -> None:
    """Set the header totals and quantities from the lines (after an edit)."""
    shop_sum = pres_sum = tax_s = tax_p = Decimal(0)
    qty = 0
    for ln in node["lineItems"]:
        q = ln["currentQuantity"]
        qty += q
        scale = Decimal(q) / ln["quantity"] if ln["quantity"] else Decimal(0)
        shop_sum += Decimal(ln["originalUnitPriceSet"]["shopMoney"]["amount"]) * q - \
            Decimal(ln["totalDiscountSet"]["shopMoney"]["amount"]) * scale
        pres_sum += Decimal(ln["originalUnitPriceSet"]["presentmentMoney"]["amount"]) * q - \
            Decimal(ln["totalDiscountSet"]["presentmentMoney"]["amount"]) * scale
        for t in ln["taxLines"]:
            tax_s += Decimal(t["priceSet"]["shopMoney"]["amount"]) * scale
            tax_p += Decimal(t["priceSet"]["presentmentMoney"]["amount"]) * scale
    ship_s = ship_p = Decimal(0)
    for s in node["shippingLines"]:
        if s["isRemoved"]:
            continue
        ship_s += Decimal(s["discountedPriceSet"]["shopMoney"]["amount"])
        ship_p += Decimal(s["discountedPriceSet"]["presentmentMoney"]["amount"])
        for t in s["taxLines"]:
            tax_s += Decimal(t["priceSet"]["shopMoney"]["amount"])
            tax_p += Decimal(t["priceSet"]["presentmentMoney"]["amount"])
    included = node["taxesIncluded"]
    total_s = shop_sum + ship_s + (0 if included else tax_s)
    total_p = pres_sum + ship_p + (0 if included else tax_p)
    node["currentSubtotalLineItemsQuantity"] = qty
    node["currentSubtotalPriceSet"] = bag(shop_sum, pres_sum)
    node["currentShippingPriceSet"] = bag(ship_s, ship_p)
    node["currentTotalTaxSet"] = bag(tax_s, tax_p)
    node["currentTotalDiscountsSet"] = bag(0, 0)
    node["currentTotalPriceSet"] = bag(total_s, total_p)
    node["totalPriceSet"] = bag(total_s, total_p)
    node["totalOutstandingSet"] = bag(0, 0)


def _strip(value: Any, key: str) -> None:
    """Drop `key` (a MoneyBag side) everywhere in a node, as an @include(if: false) does."""
    if isinstance(value, dict):
        value.pop(key, None)
        for x in value.values():
            _strip(x, key)
    elif isinstance(value, list):
        for x in value:
            _strip(x, key)


@dataclass
class Stats:
    def as_dict(self) -> dict[str, float]:
        return {"points_actual": self.points, "attempts": self.calls}

    points: float = 0.0
    calls: int = 0


@dataclass
class FakeOrderShop:
    """Orders by GID; `now` is the server clock used for `updatedAt` on changes."""

    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    now: dt.datetime = dt.datetime(2026, 6, 1, tzinfo=UTC)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    fail_on: set[str] = field(default_factory=set)
    dated: bool = True

    @property
    def last_server_time(self) -> dt.datetime | None:
        """The client's lower bound of the server clock after an answer (see the client)."""
        return self.now - dt.timedelta(seconds=1) if self.dated else None

    class _Throttle:
        maximum = 2000.0

    throttle = _Throttle()

    def add(self, node: dict[str, Any]) -> None:
        self.orders[node["id"]] = node

    def touch(self, gid: str, seconds: int = 1) -> None:
        """An edit in Shopify: the clock moves and the order's updatedAt with it."""
        self.now += dt.timedelta(seconds=seconds)
        self.orders[gid]["updatedAt"] = iso(self.now)

    async def execute(self, name: Any, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        name = name if isinstance(name, str) else name.name
        await asyncio.sleep(0)  # a real request yields to the loop: a cancel can land here
        variables = dict(variables or {})
        self.calls.append((name, variables))
        self.stats.calls += 1
        self.stats.points += operations.load(name).estimate_cost(variables)
        if name in self.fail_on:
            from desktop_app.errors import NetworkError

            raise NetworkError(f"{name} failed (test)")
        handler = getattr(self, "_" + name)
        return handler(variables)

    # --- queries ----------------------------------------------------------------------------

    def _search(self, query: str) -> list[dict[str, Any]]:
        items = sorted(self.orders.values(), key=lambda o: (o["updatedAt"], str(o["id"])))
        if "status:open" in query:
            items = [o for o in items if not o["closed"]]
        m = re.search(r"updated_at:>='([^']+)'", query)
        if m:
            items = [o for o in items if o["updatedAt"] >= m.group(1)]
        ids = re.findall(r"\bid:(\d+)", query)
        if ids:
            wanted = {f"gid://shopify/Order/{n}" for n in ids}
            items = [o for o in items if o["id"] in wanted]
        return items

    #: Header totals the page does not read (order_records derives them from the lines).
    DERIVED = ("currentSubtotalPriceSet", "currentShippingPriceSet", "currentTotalTaxSet",
               "currentTotalDiscountsSet", "totalPriceSet", "taxLines")

    def _page_node(self, o: dict[str, Any], v: dict[str, Any]) -> dict[str, Any]:
        node = {k: copy.deepcopy(x) for k, x in o.items()
                if k not in self.DERIVED and k != "returns"}
        node["lineItems"] = self._conn(o["lineItems"], v.get("lines", 5))
        node["shippingLines"] = self._conn(o["shippingLines"], v.get("shipping", 1))
        node["refunds"] = [{k: x for k, x in r.items() if k != "refundLineItems"}
                           for r in node["refunds"]]
        drop = "presentmentMoney" if v.get("shop", True) else "shopMoney"
        total = node.pop("currentTotalPriceSet")
        _strip(node, drop)
        node["currentTotalPriceSet"] = total  # read on both sides
        return node

    def _OrdersToImport(self, v: dict[str, Any]) -> dict[str, Any]:
        page, info = self._page(self._search(v.get("query") or ""), v)
        return {"orders": {"nodes": [self._page_node(o, v) for o in page], "pageInfo": info}}

    def _OrderChanges(self, v: dict[str, Any]) -> dict[str, Any]:
        found = self._search(v.get("query") or "")
        page, info = self._page(found, v)
        data: dict[str, Any] = {"orders": {
            "nodes": [{"id": o["id"], "updatedAt": o["updatedAt"], "closed": o["closed"],
                       "name": o.get("name")}
                      for o in page], "pageInfo": info}}
        if v.get("count", True):
            limit = v.get("limit", 10000)
            over = limit is not None and len(found) > limit
            data["ordersCount"] = {"count": limit if over else len(found),
                                   "precision": "AT_LEAST" if over else "EXACT"}
        return data

    async def bulk_records(self, operation: Any) -> AsyncIterator[dict[str, Any]]:
        """What `run_bulk_query` yields for a BulkOrders text: each order with its line
        items, shipping lines and returns under "__children" (no refund lines)."""
        m = re.search(r'orders\(query: ("(?:[^"\\]|\\.)*")', operation.text)
        search = json.loads(m.group(1)) if m else ""
        await asyncio.sleep(0)
        self.calls.append(("BulkOrders", {"query": search}))
        self.stats.calls += 3  # run, one status poll, the download
        self.stats.points += 12
        for o in self._search(search):
            await asyncio.sleep(0)  # a long download yields: a cancel can land here
            record = {k: copy.deepcopy(x) for k, x in o.items()
                      if k not in self.DERIVED
                      and k not in ("lineItems", "shippingLines", "returns")}
            record["refunds"] = [{k: x for k, x in r.items() if k != "refundLineItems"}
                                 for r in record["refunds"]]
            children = [{**copy.deepcopy(c), "__parentId": o["id"]}
                        for key in ("lineItems", "shippingLines", "returns") for c in o[key]]
            record["__children"] = children
            yield record

    @staticmethod
    def _page(items: list[Any], v: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        start = int(v["after"]) if v.get("after") else 0
        first = int(v.get("first") or 50)
        page = items[start:start + first]
        more = start + first < len(items)
        return page, {"hasNextPage": more, "endCursor": str(start + first) if page else None}

    def _conn(self, items: list[Any], first: int) -> dict[str, Any]:
        page, info = self._page(items, {"first": first})
        return {"nodes": copy.deepcopy(page), "pageInfo": info}

    def _OrderById(self, v: dict[str, Any]) -> dict[str, Any]:
        if self.pending_cancel == v["id"]:
            self.cancel_reads += 1
            if self.cancel_reads > 1:  # the second read after the cancel sees it done
                self.settle()
        o = self.orders.get(v["id"])
        if o is None:
            return {"order": None}
        node = copy.deepcopy(o)
        for key in self.DERIVED:
            node.pop(key, None)
        node["lineItems"] = self._conn(o["lineItems"], v.get("lines", 10))
        node["shippingLines"] = self._conn(o["shippingLines"], v.get("shipping", 2))
        node["returns"] = self._conn(o["returns"], v.get("returns", 2))
        node["transactions"] = copy.deepcopy(o["transactions"])
        refunds = []
        for r in o["refunds"]:
            r2 = copy.deepcopy(r)
            r2["refundLineItems"] = self._conn(r["refundLineItems"], v.get("refundLines", 5))
            refunds.append(r2)
        node["refunds"] = refunds
        return {"order": node}

    def _sub(self, gid: str, key: str, v: dict[str, Any]) -> dict[str, Any]:
        page, info = self._page(self.orders[gid][key], v)
        return {"order": {key: {"nodes": copy.deepcopy(page), "pageInfo": info}}}

    def _OrderLineItemsPage(self, v: dict[str, Any]) -> dict[str, Any]:
        return self._sub(v["id"], "lineItems", v)

    def _OrderShippingLinesPage(self, v: dict[str, Any]) -> dict[str, Any]:
        return self._sub(v["id"], "shippingLines", v)

    def _OrderReturnsPage(self, v: dict[str, Any]) -> dict[str, Any]:
        return self._sub(v["id"], "returns", v)

    def _OrderTransactions(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["id"]]
        return {"order": {"transactions": copy.deepcopy(o["transactions"][:v["first"]])}}

    def _OrderRefunds(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["id"]]
        return {"order": {"refunds": [{k: copy.deepcopy(x) for k, x in r.items()
                                       if k != "refundLineItems"}
                                      for r in o["refunds"][:v["first"]]]}}

    def _RefundLineItemsPage(self, v: dict[str, Any]) -> dict[str, Any]:
        for o in self.orders.values():
            for r in o["refunds"]:
                if r["id"] == v["id"]:
                    page, info = self._page(r["refundLineItems"], v)
                    return {"node": {"refundLineItems": {"nodes": copy.deepcopy(page),
                                                         "pageInfo": info}}}
        return {"node": None}

    def _RefundConnections(self, v: dict[str, Any]) -> dict[str, Any]:
        """A refund's first pages (lines; no transactions nor refunded shipping here)."""
        for o in self.orders.values():
            for r in o["refunds"]:
                if r["id"] == v["id"]:
                    done = {"hasNextPage": False, "endCursor": None}
                    return {"node": {
                        "id": r["id"],
                        "refundLineItems": self._conn(r["refundLineItems"], v.get("lines", 25)),
                        "transactions": {"nodes": [], "pageInfo": dict(done)},
                        "refundShippingLines": {"nodes": [], "pageInfo": dict(done)}}}
        return {"node": None}

    def _OrderCustomAttributes(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["id"]]
        return {"order": {"id": o["id"], "updatedAt": o["updatedAt"],
                          "customAttributes": copy.deepcopy(o["customAttributes"])}}

    def _CustomerById(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"customer": copy.deepcopy(self.customers.get(v["id"]))}

    # --- mutations --------------------------------------------------------------------------

    def _OrderUpdateAttributes(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["input"]["id"]]
        o["customAttributes"] = copy.deepcopy(v["input"]["customAttributes"])  # replaces
        self.touch(o["id"])
        return {"orderUpdate": {"order": {"id": o["id"], "updatedAt": o["updatedAt"]},
                                "userErrors": []}}

    def _OrderMarkAsPaid(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["input"]["id"]]
        if o["fullyPaid"]:
            return {"orderMarkAsPaid": {"order": None, "userErrors": [
                {"field": ["id"], "message": "Order cannot be marked as paid."}]}}
        o["fullyPaid"] = True
        o["displayFinancialStatus"] = "PAID"
        self.touch(o["id"])
        return {"orderMarkAsPaid": {"order": {"id": o["id"], "fullyPaid": True,
                                              "displayFinancialStatus": "PAID"},
                                    "userErrors": []}}

    def _OrderCancel(self, v: dict[str, Any]) -> dict[str, Any]:
        o = self.orders[v["orderId"]]
        if o["cancelledAt"]:
            return {"orderCancel": {"job": None, "orderCancelUserErrors": [
                {"field": ["orderId"], "code": "INVALID",
                 "message": "Cannot cancel an order that has already been canceled"}]}}
        self.pending_cancel = o["id"]  # applied on the next read: asynchronous like Shopify
        return {"orderCancel": {"job": {"id": "gid://shopify/Job/1", "done": False},
                                "orderCancelUserErrors": []}}

    pending_cancel: str | None = None
    cancel_reads: int = 0

    def settle(self) -> None:
        """Let an asynchronous cancel finish."""
        if self.pending_cancel:
            o = self.orders[self.pending_cancel]
            self.touch(o["id"])
            o["cancelledAt"] = o["updatedAt"]
            o["closed"] = True
            self.pending_cancel = None
