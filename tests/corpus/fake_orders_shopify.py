"""A fake Shopify answering the app's real order queries from a list of raw order nodes.

Used by the orders corpus: the nodes are hostile, so the fake must not clean them. It speaks
HTTP through `httpx.MockTransport` (the client, its retries and its JSON handling run as they
do against Shopify) and shapes every answer by the request's own GraphQL document, parsed
with graphql-core, as Shopify does:

- only the fields the query selects come back (a field the node lacks stays absent, a null
  stays null, a value of the wrong type is passed on as it is);
- `@include(if:)` / `@skip(if:)` are obeyed (OrdersToImport reads one money side);
- fragments apply by type, the type being told by the node's GID (`gid://shopify/Refund/..`);
  an object without a GID (a MoneyBag, a PurchasingCompany) takes every fragment;
- connections are paged by `first`/`after` with index cursors, as `nodes` or `edges`;
- `orders(query:)` and `ordersCount(query:, limit:)` understand the search terms the app
  sends (`status:open`, `updated_at:>='...'`, `id:1 OR id:2`); an order whose `updatedAt`
  cannot be read matches every window;
- every answer carries an HTTP `Date` header, as Shopify's do (the sync's watermark);
- a bulk export runs the BulkOrders text it was given over the same nodes and writes
  Shopify's JSONL: each order on one line, the nodes of its nested connections on their own
  lines with `__parentId`, lists kept inline.

Full nodes hold every connection as `{"nodes": [...]}`; `customer` is derived from a
Customer `purchasingEntity` for the bulk text (which selects `customer`).
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import json
import re
from typing import Any

import httpx
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
    value_from_ast_untyped,
)

BULK_ID = "gid://shopify/BulkOperation/77"
BULK_URL = "http://127.0.0.1/bulk/77.jsonl"


def _gid_type(obj: dict[str, Any]) -> str:
    typename = obj.get("__typename")
    if isinstance(typename, str):
        return typename
    gid = obj.get("id")
    if isinstance(gid, str) and gid.startswith("gid://shopify/"):
        return gid.removeprefix("gid://shopify/").split("/")[0]
    return ""


def _moment(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class _Query:
    """One request's document, variables and fragments."""

    def __init__(self, text: str, variables: dict[str, Any]) -> None:
        document = parse(text)
        self.operation = next(d for d in document.definitions
                              if isinstance(d, OperationDefinitionNode))
        self.fragments = {d.name.value: d for d in document.definitions
                          if isinstance(d, FragmentDefinitionNode)}
        defaults = {v.variable.name.value: value_from_ast_untyped(v.default_value)
                    for v in self.operation.variable_definitions if v.default_value}
        self.variables = {**defaults, **variables}

    def args(self, field: FieldNode) -> dict[str, Any]:
        return {a.name.value: value_from_ast_untyped(a.value, self.variables)
                for a in field.arguments}

    def included(self, selection: Any) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("include", "skip"):
                continue
            condition = bool(value_from_ast_untyped(directive.arguments[0].value,
                                                    self.variables))
            if (name == "include") != condition:
                return False
        return True

    def project(self, obj: Any, selection_set: SelectionSetNode | None) -> Any:
        """`obj` as the selection set asks for it."""
        if selection_set is None or obj is None:
            return obj
        if isinstance(obj, list):
            return [self.project(item, selection_set) for item in obj]
        if not isinstance(obj, dict):
            return obj  # a hostile scalar where an object belongs: passed on
        out: dict[str, Any] = {}
        kind = _gid_type(obj)
        for selection in selection_set.selections:
            if not self.included(selection):
                continue
            if isinstance(selection, FieldNode):
                name = selection.name.value
                key = selection.alias.value if selection.alias else name
                if name == "__typename":
                    out[key] = kind
                    continue
                if name not in obj:
                    continue
                value = self._page(obj[name], self.args(selection))
                out[key] = self.project(value, selection.selection_set)
                continue
            if isinstance(selection, FragmentSpreadNode):
                fragment: Any = self.fragments[selection.name.value]
            else:
                assert isinstance(selection, InlineFragmentNode)
                fragment = selection
            condition = fragment.type_condition.name.value if fragment.type_condition else ""
            if kind and condition and kind != condition:
                continue
            out.update(self.project(obj, fragment.selection_set))
        return out

    @staticmethod
    def _page(value: Any, args: dict[str, Any]) -> Any:
        """A connection (`{"nodes": [...]}`) cut to `first` after `after`, with pageInfo and
        edges; anything else unchanged."""
        if not (isinstance(value, dict) and isinstance(value.get("nodes"), list)):
            return value
        nodes = value["nodes"]
        start = int(args["after"]) + 1 if str(args.get("after") or "").isdigit() else 0
        first = args.get("first")
        end = len(nodes) if first is None else min(len(nodes), start + int(first))
        cut = nodes[start:end]
        return {"nodes": cut,
                "edges": [{"node": n, "cursor": str(start + i)} for i, n in enumerate(cut)],
                "pageInfo": {"hasNextPage": end < len(nodes),
                             "hasPreviousPage": start > 0,
                             "endCursor": str(end - 1) if cut else None}}


def _matches(order: dict[str, Any], search: str | None) -> bool:
    if not search:
        return True
    ids = re.findall(r"\bid:(\d+)", search)
    if ids:  # `id:1 OR id:2 ...`: exactly these orders
        return str(order.get("id")).rsplit("/", 1)[-1] in ids
    if "status:open" in search and order.get("closed") is True:
        return False
    since = re.search(r"updated_at:>='([^']+)'", search)
    if since:
        updated = _moment(order.get("updatedAt"))
        floor = _moment(since.group(1))
        if updated is not None and floor is not None and updated < floor:
            return False
    return True


def _bulk_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One exported object as JSONL objects: itself without its connections, then the nodes
    of each connection (with `__parentId`), as Shopify writes a bulk result."""
    parent = {}
    children: list[dict[str, Any]] = []
    for key, value in record.items():
        if isinstance(value, dict) and "edges" in value and isinstance(value["edges"], list):
            for edge in value["edges"]:
                node = edge.get("node") if isinstance(edge, dict) else None
                if isinstance(node, dict) and isinstance(record.get("id"), str):
                    # (a parent without a string id cannot be named by its children: its
                    # connections are left out, as they could not be nested)
                    lines = _bulk_lines(node)
                    lines[0]["__parentId"] = record.get("id")
                    children.extend(lines)
        else:
            parent[key] = value
    return [parent, *children]


def _answer(payload: dict[str, Any]) -> httpx.Response:
    """A JSON answer with Shopify's `Date` header; text is ASCII-escaped, so a lone surrogate
    in a hostile node travels as the `\\ud800` escape Shopify would send rather than
    breaking the encoding."""
    return httpx.Response(200, content=json.dumps(payload).encode("ascii"),
                          headers={"Content-Type": "application/json",
                                   "Date": email.utils.format_datetime(
                                       dt.datetime.now(dt.UTC), usegmt=True)})


class FakeOrdersShopify:
    """The orders and customers of a hostile shop, answered over HTTP.

    Args:
        orders: full Order nodes (duplicates allowed: `order(id:)` gives the last one).
        customers: Customer nodes by GID (`addressesV2` as `{"nodes": [...]}`).
    """

    def __init__(self, orders: list[dict[str, Any]],
                 customers: dict[str, dict[str, Any]] | None = None) -> None:
        self.orders = [self._full(o) for o in orders]
        self.customers = customers or {}
        self.operations: list[str] = []
        #: A JSONL text served in place of the real export (a broken bulk file).
        self.jsonl_override: str | None = None
        self._jsonl = ""
        self.written_attributes: dict[str, list[dict[str, Any]]] = {}

    @staticmethod
    def _full(order: dict[str, Any]) -> dict[str, Any]:
        node = copy.deepcopy(order)
        entity = node.get("purchasingEntity")
        if "customer" not in node:
            is_customer = isinstance(entity, dict) and _gid_type(entity) == "Customer"
            node["customer"] = entity if is_customer else None
        return node

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # --- lookups --------------------------------------------------------------------------

    def _order(self, gid: Any) -> dict[str, Any] | None:
        found = [o for o in self.orders if o.get("id") == gid]
        return found[-1] if found else None

    def _node(self, gid: Any) -> dict[str, Any] | None:
        kind = _gid_type({"id": gid})
        if kind == "Order":
            return self._order(gid)
        if kind == "Customer":
            return self.customers.get(gid)
        if kind == "Refund":
            for order in self.orders:
                for refund in order.get("refunds") or []:
                    if isinstance(refund, dict) and refund.get("id") == gid:
                        return refund
        return None

    def _root(self, field: str, args: dict[str, Any]) -> Any:
        if field == "orders":
            return {"nodes": [o for o in self.orders if _matches(o, args.get("query"))]}
        if field == "ordersCount":
            count = sum(1 for o in self.orders if _matches(o, args.get("query")))
            limit = args.get("limit")
            if limit is not None and count > limit:
                return {"count": limit, "precision": "AT_LEAST"}
            return {"count": count, "precision": "EXACT"}
        if field == "order":
            return self._order(args.get("id"))
        if field == "node":
            return self._node(args.get("id"))
        if field == "customer":
            return self.customers.get(args.get("id"))
        if field == "bulkOperation":
            return {"id": BULK_ID, "status": "COMPLETED", "errorCode": None,
                    "objectCount": str(self._jsonl.count("\n")), "rootObjectCount": None,
                    "fileSize": str(len(self._jsonl)), "url": BULK_URL,
                    "partialDataUrl": None, "createdAt": None, "completedAt": None}
        if field == "bulkOperations":
            return {"nodes": []}
        raise AssertionError(f"the fake has no root field {field}")

    # --- HTTP -----------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".jsonl"):
            text = self.jsonl_override if self.jsonl_override is not None else self._jsonl
            return httpx.Response(200, content=text.encode("utf-8"))
        body = json.loads(request.content)
        name = body.get("operationName") or ""
        self.operations.append(name)
        query = _Query(body["query"], body.get("variables") or {})
        if query.operation.operation == OperationType.MUTATION:
            return _answer({"data": self._mutation(name, query.variables)})
        data = {}
        for selection in query.operation.selection_set.selections:
            assert isinstance(selection, FieldNode)
            if not query.included(selection):
                continue
            key = selection.alias.value if selection.alias else selection.name.value
            value = query._page(self._root(selection.name.value, query.args(selection)),
                                query.args(selection))
            data[key] = query.project(value, selection.selection_set)
        return _answer({"data": data})

    def _mutation(self, name: str, variables: dict[str, Any]) -> dict[str, Any]:
        if name == "BulkOperationRunQuery":
            self._jsonl = self._export(variables["query"])
            return {"bulkOperationRunQuery": {"bulkOperation": {"id": BULK_ID,
                                                                "status": "CREATED"},
                                              "userErrors": []}}
        if name == "OrderUpdateAttributes":
            order_input = variables["input"]
            self.written_attributes[order_input["id"]] = order_input["customAttributes"]
            order = self._order(order_input["id"]) or {}
            return {"orderUpdate": {"order": {"id": order_input["id"],
                                              "updatedAt": order.get("updatedAt")},
                                    "userErrors": []}}
        raise AssertionError(f"the fake does not take the mutation {name}")

    def _export(self, text: str) -> str:
        """The JSONL of a bulk query text over the shop's orders."""
        query = _Query(text, {})
        (root,) = query.operation.selection_set.selections
        assert isinstance(root, FieldNode) and root.selection_set is not None
        value = query._page(self._root(root.name.value, query.args(root)), query.args(root))
        projected = query.project(value, root.selection_set)
        lines = []
        for edge in projected["edges"]:
            lines.extend(_bulk_lines(edge["node"]))
        return "".join(json.dumps(line) + "\n" for line in lines)
