"""`shop-sync orders ...`: Shopify orders, their sales documents and the merchant's actions
(each one a recorded run under the shop's lock, the same `OrderJob` method the window calls)."""

from __future__ import annotations

import asyncio

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import (
    EXIT_OK,
    EXIT_PARTIAL,
    Output,
    UsageError,
    counted,
    issue_lines,
    summary_text,
)


def _order_gid(value: str) -> str:
    """A Shopify order id as given: a GID, or its number alone."""
    value = value.strip()
    if value.isdigit():
        return f"gid://shopify/Order/{value}"
    if not value.startswith("gid://shopify/Order/"):
        raise UsageError(f"'{value}' is not a Shopify order id")
    return value


def cmd_orders(args, out: Output, services) -> int:
    from desktop_app.store import orders as order_store
    from desktop_app.sync.rules import orders as order_rules

    if args.action == "history":  # every shop's runs unless --shop (issue 19)
        from desktop_app.cli.commands_customers import print_history
        from desktop_app.store.record_history import order_history

        return print_history(out, order_history(args.id), args.shop,
                             f"No change of order {args.id} recorded.")
    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = order_store.orders_for_cli(shop)
        for r in rows:  # a conflict stored by an earlier version, in today's words
            if r.get("conflict"):
                r["conflict"] = order_rules.conflict_message_now(r["conflict"])
        out.rows(rows, lambda r: (
            f"{r['name']:<10} {r['state']:<10} {r['financial_status']:<18} "
            f"{r['fulfillment_status']:<12} {r['customer_no'] or '-':<10} "
            f"{r['document_no'] or '-':<10}"
            f"{'  ERROR: ' + r['error'] if r['error'] else ''}"
            f"{'  CONFLICT' if r['conflict'] else ''}"
        ), "No orders.")
        return EXIT_OK
    if args.action == "exclude":
        excluded: list[int] = []

        async def exclude(job) -> None:
            excluded.append(await job.exclude([_order_gid(i) for i in args.id]))

        run_order_action(services, shop, exclude, "exclude")
        out.result({"excluded": excluded[0]},
                   f"{counted(excluded[0], 'staged order')} excluded.")
        return EXIT_OK
    if args.action == "resolve-conflict":
        gid = _order_gid(args.id)
        order_store.load_order_record(shop, gid)  # NotFoundError before the action

        async def resolve(job) -> None:
            await job.resolve_conflicts([gid])

        run_order_action(services, shop, resolve, "resolve-conflict")
        out.result({"shopify_id": gid, "conflict": None}, f"Conflict of {gid} resolved.")
        return EXIT_OK
    if args.action == "unlink":
        gid = _order_gid(args.id)
        unlinked: list = []

        async def unlink(job) -> None:
            unlinked.extend(await job.unlink([gid], delete_document=args.delete_document))

        # An order action: under the shop's lock, recorded in the history (issue 15).
        run_order_action(services, shop, unlink, "unlink")
        done = unlinked[0]
        lines = [f"Order {gid} unlinked from {', '.join(done.unlinked) or 'no document'}."]
        if done.deleted:
            lines.append(f"Deleted: {', '.join(done.deleted)}.")
        if done.kept:
            lines.append(f"Kept: {', '.join(done.kept)}. create-documents refuses this order "
                         "while a kept document exists"
                         + ("" if args.delete_document else
                            " (delete it with --delete-document unless it is posted)") + ".")
        out.result(done.to_json(), "\n".join(lines))
        return EXIT_OK
    if args.action == "create-documents":
        if args.all == bool(args.ids):
            raise UsageError("give either --all or one or more order ids")
        if args.all:
            gids = [r.shopify_id for r in order_store.list_orders(shop) if not r.processed]
        else:
            gids = [_order_gid(i) for i in args.ids]

        created: list[str] = []

        async def create(job) -> None:
            created.extend(await job.create_documents(gids))

        result = run_order_action(services, shop, create, "create-documents")
        data = {**result.to_json(), "documents": created}
        out.result(data, lambda: "\n".join(
            [f"{counted(len(created), 'document')} created: {', '.join(created) or '-'}",
             f"  {summary_text(result)}"]  # which way records went (issue 18)
            + issue_lines(result)))
        return EXIT_PARTIAL if result.failed else EXIT_OK
    gid_list = args.id if isinstance(args.id, list) else [args.id]
    gids = [_order_gid(i) for i in gid_list]
    actions = {
        "mark-paid": lambda job: job.mark_paid(gids[0]),
        "cancel": lambda job: job.cancel(gids[0], reason=args.reason, restock=args.restock,
                                         refund=args.refund, notify=args.notify),
        "resync": lambda job: job.resync(gids[0]),
        "import": lambda job: job.import_staged(gids),
    }
    if args.action not in actions:
        raise UsageError("orders needs an action: list, create-documents, mark-paid, cancel, "
                         "unlink, resync, resolve-conflict, import, exclude, history")
    result = run_order_action(services, shop, actions[args.action], args.action)
    row = order_store.find_order(shop, gids[0])
    data = {**result.to_json(), "shopify_id": gids[0],
            "financial_status": row.financial_status if row else None,
            "cancelled": row.cancelled if row else None}
    out.result(data, lambda: "\n".join(
        [f"{args.action} {gids[0]}: done: {summary_text(result)}"]  # which way (issue 18)
        + issue_lines(result)))
    return EXIT_PARTIAL if result.failed else EXIT_OK


def run_order_action(services, shop: str, action, what: str):
    async def run():
        try:
            return await services.service.run_action(shop, action, what)
        finally:
            await services.service.aclose()

    return asyncio.run(run())
