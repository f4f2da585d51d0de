"""``tagsAdd`` and ``tagsRemove`` on orders, customers, products and draft orders (messages
as captured from real stores).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import context, gid_id, later_than, require_scope, user_error
from desktop_app.demo_shop.order_state import Order
from desktop_app.demo_shop.resolvers_customers import clean_tags
from desktop_app.demo_shop.resolvers_orders import MAX_TAGS
from desktop_app.demo_shop.scalars import parse_gid
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)


def _taggable(state: ShopState, gid: str) -> tuple[str, Any]:
    parsed = gid_id(gid)
    type_name = (parse_gid(gid) or ("", 0))[0]
    lookup = {
        "Order": state.orders,
        "Customer": state.customers,
        "Product": state.products,
        "DraftOrder": state.draft_orders,
    }.get(type_name)
    return type_name, (lookup.get(parsed) if lookup is not None and parsed is not None else None)


def _retag(info: GraphQLResolveInfo, gid: str, tags: list[str], add: bool) -> dict[str, Any]:
    ctx = context(info)
    state = ctx.state
    type_name, node = _taggable(state, gid)
    if node is None:
        return {"node": None, "userErrors": [user_error(["id"], f"{type_name or 'Node'} does not exist")]}
    require_scope(info, {"Customer": "write_customers", "Product": "write_products", "DraftOrder": "write_draft_orders"}.get(type_name, "write_orders"))
    change = clean_tags(tags)
    if add:
        new = clean_tags([*node.tags, *change])
    else:
        drop = {t.casefold() for t in change}
        new = [t for t in node.tags if t.casefold() not in drop]
    if len(new) > MAX_TAGS:
        return {"node": None, "userErrors": [user_error(["tags"], "Tags cannot be more than 250")]}
    if new != node.tags:
        node.tags = new
        if isinstance(node, Order):
            order_ops.touch(state, node, ctx.now)
        elif isinstance(node, Customer):
            node.updated_at = later_than(node.updated_at, ctx.now)
            state.customer_changed(node, node.email, node.phone)
        else:
            node.updated_at = later_than(node.updated_at, ctx.now)
    return {"node": node, "userErrors": []}


def tags_add(_root: Any, info: GraphQLResolveInfo, id: str, tags: list[str]) -> dict[str, Any]:  # noqa: A002
    return _retag(info, id, tags, add=True)


def tags_remove(_root: Any, info: GraphQLResolveInfo, id: str, tags: list[str]) -> dict[str, Any]:  # noqa: A002
    return _retag(info, id, tags, add=False)


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Mutation", "tagsAdd"): tags_add,
    ("Mutation", "tagsRemove"): tags_remove,
}
