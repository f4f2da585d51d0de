"""`shop-sync conflicts list|resolve`: customer fields changed on both sides (issue 19).

With both customer update directions on (two-way), a field the local customer and its
Shopify customer both changed since their last exchange, to different values, is listed
here instead of being overwritten (`sync/conflicts.py`). `resolve ID --take local|shopify`
writes the chosen value to the other side as an action under the shop's lock, recorded in
the history as a `customer-conflicts` run (`SyncService.run_action`), the same code the
Customers tab's Conflicts view runs.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from desktop_app.cli.commands_setup import AddParser, SubParsers
from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, EXIT_PARTIAL, Output, UsageError
from desktop_app.sync.results import CUSTOMER_CONFLICTS

if TYPE_CHECKING:  # loaded by the command itself: every command builds the parser, which
    # imports this module for its arguments, and needs none of the customers' store
    from desktop_app.store.conflicts import FieldConflict


def add_arguments(commands: SubParsers, add: AddParser) -> None:
    """The `conflicts` command and its actions."""
    conflicts = add(commands, "conflicts", "customer fields changed both here and in Shopify "
                    "since the last sync (with both update directions on)").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(conflicts, "list", "the open conflicts: customer, field, local and Shopify values")
    p.add_argument("--shop")
    p = add(conflicts, "resolve", "keep one side's value: it is written to the other side")
    p.add_argument("id", type=int)
    p.add_argument("--take", required=True, choices=("local", "shopify"),
                   help="local: send the local value to Shopify; shopify: take Shopify's here")


def conflict_json(c: FieldConflict) -> dict[str, Any]:
    """CLI.md's shape ({"id", "record", "field", "local", "shopify"}) and extras."""
    return {"id": c.id, "record": c.customer_no, "field": c.field, "local": c.local,
            "shopify": c.shopify, "shop": c.shop, "shopify_id": c.shopify_id,
            "name": c.customer_name, "agreed": c.agreed,
            "found_at": c.found_at.isoformat() if c.found_at else None,
            "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None,
            "taken": c.taken or None}


def _line(row: dict[str, Any]) -> str:
    return (f"{row['id']:>5}  {row['record']:<10} {row['name'][:24]:<24} {row['field']:<10} "
            f"local: {row['local'] or '(blank)'}  |  Shopify: {row['shopify'] or '(blank)'}")


def cmd_conflicts(args, out: Output, services) -> int:
    from desktop_app.store import conflicts as conflict_store

    if args.action == "list":
        shop = resolve_shop(args.shop) if args.shop else None
        rows = [conflict_json(c) for c in conflict_store.list_conflicts(shop)]
        out.rows(rows, _line, "No conflicts: nothing was changed on both sides.")
        return EXIT_OK
    if args.action == "resolve":
        conflict = conflict_store.get_conflict(args.id)  # unknown: NotFoundError, exit 2
        if conflict.resolved_at is not None:
            how = {"local": "the local value was kept", "shopify": "Shopify's value was kept",
                   "agreed": "both sides came to agree"}.get(conflict.taken, conflict.taken)
            raise UsageError(f"Conflict {conflict.id} was resolved already ({how})")

        # Loaded here: the resolution reaches the customers' export and import, which no other
        # command of this module needs (every command builds the parser, which imports it).
        from desktop_app.sync.conflict_resolution import resolve_conflict

        async def run():
            try:
                return await services.service.run_action(
                    conflict.shop, lambda job: resolve_conflict(job.ctx, conflict.id, args.take),
                    f"conflicts resolve {conflict.id} --take {args.take}",
                    recorded_as=CUSTOMER_CONFLICTS)
            finally:
                await services.service.aclose()

        result = asyncio.run(run())
        row = conflict_json(conflict_store.get_conflict(conflict.id))
        taken = conflict.local if args.take == "local" else conflict.shopify
        where = "Shopify" if args.take == "local" else "local customer " + conflict.customer_no
        out.result({**result.to_json(), "conflict": row},
                   f"Conflict {conflict.id} resolved: {conflict.field} "
                   f"{taken or '(blank)'!s} kept, written to {where}.")
        return EXIT_PARTIAL if result.failed else EXIT_OK
    raise UsageError("conflicts needs an action: list, resolve")
