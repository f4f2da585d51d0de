"""The orders sync's light change check, read without the job: which orders of a window
changed since they were imported (`OrderJob._check` pages them), and the BulkOrders text of a
search (`bulk_orders_operation`). Pure: no store, no client.

An order the check sees without a usable id cannot be read nor imported; the check is where
it is seen at all, so it is named there (`seen_orders`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    OperationDefinitionNode,
    StringValueNode,
    VariableNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from desktop_app.records.text import quoted, storable
from desktop_app.shopify import operations, order_records
from desktop_app.shopify.records import parse_datetime
from desktop_app.sync.results import RecordIssue
from desktop_app.sync.rules import orders as rules


class _Inline(Visitor):
    """Replace `$query` by a string literal (a bulk text takes no variables)."""

    def __init__(self, search: str) -> None:
        super().__init__()
        self.search = search

    def enter_variable(self, node: VariableNode, *_: object) -> StringValueNode:
        return StringValueNode(value=self.search)


def bulk_orders_operation(search: str, name: str = "BulkOrders") -> operations.Operation:
    """The text of the bulk orders query `name` (BulkOrders, BulkOrderAttributes) with
    `search` in place of its `$query` variable.

    The search is inserted as a GraphQL string value by graphql-core's printer (escaped),
    never pasted into the text.
    """
    document = visit(parse(operations.load_text(name)), _Inline(search))
    definitions = tuple(
        OperationDefinitionNode(operation=d.operation, name=d.name, variable_definitions=(),
                                directives=d.directives, selection_set=d.selection_set)
        if isinstance(d, OperationDefinitionNode) else d
        for d in document.definitions)
    return operations.Operation.from_text(print_ast(DocumentNode(definitions=definitions)),
                                          name)


@dataclass(frozen=True)
class Check:
    """What the light change check found (`OrderJob._check`).

    Attributes:
        server_time: Shopify's time of the check (None: its answer had no Date header).
        read_all: read the whole window (or the first run's open orders) in bulk.
        changed: otherwise, the orders to read: new, or changed since imported.
        seen: how many orders the window holds (for the log).
        newest: the newest updatedAt the check saw (the watermark without a Date header).
    """

    server_time: dt.datetime | None
    read_all: bool = False
    changed: list[str] = field(default_factory=list)
    seen: int = 0
    newest: dt.datetime | None = None


def latest(*moments: dt.datetime | None) -> dt.datetime | None:
    """The latest of `moments` that are known."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def seen_orders(nodes: Iterable[Any]) -> tuple[list[rules.SeenOrder], list[RecordIssue]]:
    """The OrderChanges nodes as `SeenOrder`s, and an issue for each node without a usable
    order id (issue 9).

    An unreadable `updatedAt` is None (the order is then read in full, whose own parsing
    reports the problem). An order without a usable id cannot be asked for by id nor
    imported, so the check is where it is seen at all: its issue names it by its name, else
    by its `updatedAt`, else by its place in the check, with the field `id`.
    """
    seen = []
    unusable = []
    for position, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            unusable.append(RecordIssue(f"(order {position} of the change check)", "id",
                                        f"Shopify sent {quoted(node)} where an order belongs",
                                        code="unreadable_record"))
            continue
        problem = _id_problem(node.get("id"))
        if problem:
            unusable.append(RecordIssue(
                _label_without_id(node, position), "id",
                f"{problem}: the order cannot be read nor imported until Shopify gives it "
                "one", code="unreadable_record"))
            continue
        seen.append(rules.SeenOrder(node["id"], parsed_time(node.get("updatedAt")),
                                    bool(node.get("closed"))))
    return seen, unusable


def _id_problem(value: object) -> str:
    """Why `value` is not an order GID with a number ("" when it is one): the rule every
    read of an order applies (`order_records.order_header`)."""
    if isinstance(value, str) and value.startswith(order_records.ORDER_GID) \
            and value.removeprefix(order_records.ORDER_GID):
        return ""
    if value is None or value == "":
        return "no id, though Shopify promises one"
    return f"{quoted(value)} is not a Shopify order id"


def _label_without_id(node: dict[str, Any], position: int) -> str:
    """What an issue calls an order of the change check that has no usable id: "order NAME"
    (as the order's other errors do), else the moment of its `updatedAt`, else its place in
    the check."""
    name = node.get("name")
    if isinstance(name, str) and storable(name).strip():
        return f"order {storable(name).strip()[:order_records.NAME_WIDTH]}"
    updated = parsed_time(node.get("updatedAt"))
    if updated is not None:
        return f"(order without id or name, updated {updated:%Y-%m-%d %H:%M:%S} UTC)"
    return f"(order without id or name, {position} of the change check)"


def parsed_time(value: object) -> dt.datetime | None:
    """Shopify's `DateTime`, None when missing or unreadable."""
    try:
        return parse_datetime(value)
    except (TypeError, ValueError):
        return None


def same_moment(current: dt.datetime | None, imported: dt.datetime | None) -> bool:
    """Whether the order's `updatedAt` is still the one imported (unknown: no)."""
    return current is not None and imported is not None and current <= imported


# --- what changed: the words of a processed order's conflict -------------------------------

#: What `rules.detect_conflicts` finds changed in a processed order, by stable code: its
#: English words, which the stored conflict and the `order_conflict` warning hold
#: (`ui.order_conflict_text` gives each in the window's language).
CONFLICT_CHANGES = {
    "quantity_increased": "quantity increased",
    "lines_changed": "lines changed",
    "shipping_changed": "shipping changed",
    "cancelled": "order cancelled",
    "items_removed": "zero-amount refund (an edit removed items)",
}
_CHANGED_HEAD = "What changed in Shopify: "


def conflict_message(reasons: Sequence[str]) -> str:
    """The conflict of a processed order, as stored and warned: what changed in Shopify
    ("What changed in Shopify: lines changed, order cancelled."), then
    `rules.CONFLICT_MESSAGE` (what to do); that message alone without reasons."""
    if not reasons:
        return rules.CONFLICT_MESSAGE
    return f"{_CHANGED_HEAD}{', '.join(reasons)}. {rules.CONFLICT_MESSAGE}"


def conflict_changes(stored: str) -> list[str] | None:
    """The codes of what changed, read back from a stored conflict (`conflict_message`;
    [] for the message alone or an earlier version's); None when `stored` is not our
    conflict message. Words not of `CONFLICT_CHANGES` are kept as they are."""
    message = rules.conflict_message_now(stored)
    if message == rules.CONFLICT_MESSAGE:
        return []
    head, sep, _ = message.partition(". " + rules.CONFLICT_MESSAGE)
    if not sep or not head.startswith(_CHANGED_HEAD) or _ != "":
        return None
    codes = {words: code for code, words in CONFLICT_CHANGES.items()}
    return [codes.get(words, words) for words in head[len(_CHANGED_HEAD):].split(", ")]


def ids_search(gids: Iterable[str]) -> str:
    """An orders search for exactly these orders: `id:1 OR id:2 ...` (Shopify's order search
    has an `id` field taking the numeric id; OR joins terms)."""
    return " OR ".join(f"id:{gid.rsplit('/', 1)[-1]}" for gid in gids)
