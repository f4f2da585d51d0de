"""Cursor pagination: walk a connection with `first`/`after` until `hasNextPage` is false.

The page size is as large as the cost allows: Shopify's single-query limit (1000 points), the
bucket's size once known, and Shopify's maximum page of 250, whichever is smallest. The
operation's cost estimate is linear in `first`, so two estimates give the per-node cost.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from desktop_app.errors import GraphQLError, ShopifyError
from desktop_app.shopify import operations
from desktop_app.shopify.operations import Operation

if TYPE_CHECKING:
    from desktop_app.shopify.client import ShopifyClient

log = logging.getLogger(__name__)

#: Shopify's largest page ("first cannot exceed 250").
MAX_PAGE_SIZE = 250
#: Shopify's limit on the requested cost of a single query.
MAX_QUERY_COST = 1000


def page_size_for(
    operation: Operation, variables: dict[str, Any], bucket_maximum: float | None = None
) -> int:
    """The largest `first` (1..250) whose requested cost fits one query and the bucket."""
    limit = float(MAX_QUERY_COST)
    if bucket_maximum is not None and bucket_maximum > 0:
        limit = min(limit, bucket_maximum)
    base = operation.estimate_cost({**variables, "first": 0})
    per_node = operation.estimate_cost({**variables, "first": 1}) - base
    if per_node <= 0:
        return MAX_PAGE_SIZE
    size = int((limit - base) // per_node)
    return max(1, min(MAX_PAGE_SIZE, size))


def connection_at(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    """The connection object at `path` in `data` (None if a parent on the way is null)."""
    node: Any = data
    for key in path:
        if node is None:
            return None
        if not isinstance(node, dict) or key not in node:
            raise GraphQLError(f"The answer has no {'.'.join(path)}.")
        node = node[key]
    if node is not None and not isinstance(node, dict):
        raise GraphQLError(f"{'.'.join(path)} is not a connection.")
    return node


def nodes_of(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes of a connection read with `nodes` or with `edges { node }`."""
    if "nodes" in connection:
        return list(connection["nodes"] or [])
    if "edges" in connection:
        return [edge["node"] for edge in connection["edges"] or []]
    raise GraphQLError("The connection has neither nodes nor edges.")


async def paginate(
    client: ShopifyClient,
    operation: Operation | str,
    variables: dict[str, Any] | None,
    connection_path: tuple[str, ...],
    page_size: int | None = None,
) -> AsyncIterator[list[dict[str, Any]]]:
    """Yield the nodes of each page of the connection at `connection_path`.

    Args:
        client: the shop's client.
        operation: an operation taking `$first` and `$after` (and selecting `pageInfo
            { hasNextPage endCursor }`), or its name.
        variables: the other variables; an `after` in them starts from that cursor.
        connection_path: keys from `data` to the connection, e.g. ("customers",).
        page_size: a fixed `first`; by default the largest the cost allows, recomputed per
            page once the bucket's size is known.

    Raises:
        ShopifyError: Shopify returned the same cursor again (a loop), or any error of
            `ShopifyClient.execute`.
    """
    op = operations.load(operation) if isinstance(operation, str) else operation
    values = dict(variables or {})
    after = values.pop("after", None)
    page = 0
    while True:
        first = page_size or page_size_for(op, values, client.throttle.maximum)
        data = await client.execute(op, {**values, "first": first, "after": after})
        connection = connection_at(data, connection_path)
        if connection is None:
            return
        page += 1
        nodes = nodes_of(connection)
        log.debug("%s page %s: %s nodes (first=%s)", op.name, page, len(nodes), first)
        yield nodes
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        cursor = info.get("endCursor")
        if not cursor or cursor == after:
            # Repeating the request would loop forever (a bug BC's connector has).
            raise ShopifyError(
                f"{op.name}: Shopify reported more pages but gave no new cursor; paging stopped."
            )
        after = cursor


async def complete_nodes(
    client: ShopifyClient,
    connection: dict[str, Any] | None,
    operation: Operation | str,
    variables: dict[str, Any] | None,
    connection_path: tuple[str, ...],
    page_size: int | None = None,
) -> list[dict[str, Any]]:
    """Every node of a connection that came as the first page of a larger answer.

    Its own nodes, then, when its `pageInfo` says there are more, the following pages read
    with `operation` from its `endCursor` (as `paginate`). A connection read without
    `pageInfo` is taken as complete.

    Raises:
        ShopifyError: more pages announced without a cursor to go on from, or any error of
            `paginate`.
    """
    if not connection:
        return []
    nodes = nodes_of(connection)
    info = connection.get("pageInfo") or {}
    if not info.get("hasNextPage"):
        return nodes
    cursor = info.get("endCursor")
    if not cursor:
        raise ShopifyError(
            f"{connection_path[-1]}: Shopify reported more pages but gave no cursor; the "
            "rest cannot be read."
        )
    return nodes + await all_nodes(client, operation, {**(variables or {}), "after": cursor},
                                   connection_path, page_size)


async def all_nodes(
    client: ShopifyClient,
    operation: Operation | str,
    variables: dict[str, Any] | None,
    connection_path: tuple[str, ...],
    page_size: int | None = None,
) -> list[dict[str, Any]]:
    """The nodes of every page `paginate` reads, in one list (from the start, or from an
    `after` in `variables`).

    Raises:
        ShopifyError: any error of `paginate`.
    """
    nodes: list[dict[str, Any]] = []
    async for page in paginate(client, operation, variables, connection_path, page_size):
        nodes.extend(page)
    return nodes
