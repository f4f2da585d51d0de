"""Relay cursor pagination over sorted ``(key, id)`` pairs, the way Shopify pages connections.

Cursors are opaque base64 of ``{"last_id": id, "last_value": key}``: they name a position in
the sort order, so a cursor stays valid when records are added or changed between pages. A
position is found by bisection, and a page walks only as far as it needs (plus one record to
know whether there is a next page), so paging all records costs O(n) in total.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from graphql import GraphQLError

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 250


class ConnectionArgs(TypedDict, total=False):
    """A connection field's arguments as graphql-core passes them (only those given)."""

    first: int | None
    after: str | None
    last: int | None
    before: str | None
    reverse: bool
    sortKey: str
    query: str | None


def encode_cursor(key: Any, item_id: int) -> str:
    """The opaque cursor of the record with sort ``key`` and ``item_id``."""
    raw = json.dumps({"last_id": item_id, "last_value": key}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[Any, int]:
    """The ``(key, id)`` a cursor names.

    Raises:
        GraphQLError: The cursor is not one of ours.
    """
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=True))
        return data["last_value"], int(data["last_id"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise GraphQLError(
            "Invalid cursor for current pagination sort.",
            extensions={"code": "BAD_REQUEST"},
        ) from exc


def check_window(first: int | None, last: int | None) -> None:
    """Shopify's rules for ``first``/``last``.

    Raises:
        GraphQLError: Neither or both are given, or one is negative or above 250. The texts
            for neither/both are Shopify's; the above-250 text follows ../shared's API notes.
    """
    if first is None and last is None:
        raise GraphQLError("you must provide one of first or last", extensions={"code": "BAD_REQUEST"})
    if first is not None and last is not None:
        raise GraphQLError(
            "providing both first and last is not supported", extensions={"code": "BAD_REQUEST"}
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and (value < 0 or value > MAX_PAGE_SIZE):
            raise GraphQLError(
                f"{name} cannot exceed {MAX_PAGE_SIZE}" if value > 0 else f"{name} cannot be negative",
                extensions={"code": "BAD_REQUEST"},
            )


@dataclass(slots=True)
class Page:
    """One page: the ``(key, id)`` pairs in order and Relay's two flags."""

    entries: list[tuple[Any, int]]
    has_next_page: bool
    has_previous_page: bool


def page_entries(
    entries: Sequence[tuple[Any, int]],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    reverse: bool = False,
    match: Callable[[int], bool] | None = None,
) -> Page:
    """Select one page of ``entries`` (sorted ascending) by Relay arguments.

    Args:
        entries: ``(key, id)`` pairs in ascending order.
        first, after, last, before: Relay arguments; exactly one of first/last.
        reverse: Walk the order backwards (Shopify's ``reverse: true``).
        match: Keeps only ids for which it returns True (the search query), or None.

    Raises:
        GraphQLError: Bad window or cursor.
    """
    check_window(first, last)
    n = len(entries)

    def at(position: int) -> tuple[Any, int]:
        return entries[n - 1 - position] if reverse else entries[position]

    start, end = 0, n  # the window, in walk positions
    try:
        if after is not None:
            cursor = decode_cursor(after)
            start = n - bisect_left(entries, cursor) if reverse else bisect_right(entries, cursor)
        if before is not None:
            cursor = decode_cursor(before)
            end = n - bisect_right(entries, cursor) if reverse else bisect_left(entries, cursor)
    except TypeError as exc:  # a cursor made under another sort key
        raise GraphQLError(
            "Invalid cursor for current pagination sort.", extensions={"code": "BAD_REQUEST"}
        ) from exc
    end = max(start, end)

    def ok(position: int) -> bool:
        return match is None or match(at(position)[1])

    def any_match(positions: range) -> bool:
        if match is None:
            return len(positions) > 0
        return any(ok(p) for p in positions)

    picked: list[int] = []
    if first is not None:
        position = start
        while position < end and len(picked) < first:
            if ok(position):
                picked.append(position)
            position += 1
        after_page = range(picked[-1] + 1 if picked else start, n)
        before_page = range(picked[0] - 1 if picked else start - 1, -1, -1)
    else:
        assert last is not None
        position = end - 1
        while position >= start and len(picked) < last:
            if ok(position):
                picked.append(position)
            position -= 1
        picked.reverse()
        after_page = range(picked[-1] + 1 if picked else end, n)
        before_page = range(picked[0] - 1 if picked else end - 1, -1, -1)
    return Page(
        entries=[at(p) for p in picked],
        has_next_page=any_match(after_page),
        has_previous_page=any_match(before_page),
    )


def connection(
    page: Page,
    lookup: Callable[[int], Any],
) -> dict[str, Any]:
    """A GraphQL connection value (edges, nodes, pageInfo) for a page."""
    nodes = [lookup(item_id) for _, item_id in page.entries]
    cursors = [encode_cursor(key, item_id) for key, item_id in page.entries]
    return {
        "edges": [{"cursor": c, "node": node} for c, node in zip(cursors, nodes, strict=True)],
        "nodes": nodes,
        "pageInfo": {
            "hasNextPage": page.has_next_page,
            "hasPreviousPage": page.has_previous_page,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
        },
    }


def list_connection(
    items: Sequence[Any],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    reverse: bool = False,
    key: Callable[[Any], Any] = lambda item: item.id,
) -> dict[str, Any]:
    """A connection over a small in-memory list (sorted here by ``key`` then id)."""
    by_id = {item.id: item for item in items}
    entries = sorted((key(item), item.id) for item in items)
    page = page_entries(entries, first=first, after=after, last=last, before=before, reverse=reverse)
    return connection(page, by_id.__getitem__)


def count_value(total: int, limit: int | None) -> dict[str, Any]:
    """Shopify's ``Count``: the total, or ``limit`` marked AT_LEAST when there are more."""
    if limit is not None and total > limit:
        return {"count": limit, "precision": "AT_LEAST"}
    return {"count": total, "precision": "EXACT"}


def list_page(
    items: Sequence[Any],
    args: ConnectionArgs,
    sorts: Mapping[str, Callable[[Any], Any]] | None = None,
    default_sort: str = "ID",
) -> dict[str, Any]:
    """`list_connection` by a field's arguments, sorted by ``sorts[sortKey]`` (else by id)."""
    key = (sorts or {}).get(args.get("sortKey", default_sort), lambda item: item.id)
    return list_connection(
        items, first=args.get("first"), after=args.get("after"), last=args.get("last"),
        before=args.get("before"), reverse=args.get("reverse", False), key=key,
    )
