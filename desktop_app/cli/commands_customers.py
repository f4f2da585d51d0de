"""`shop-sync customers ...` and `shop-sync items ...`: local customers and items."""

from __future__ import annotations

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import (
    EXIT_OK,
    EXIT_PARTIAL,
    Output,
    UsageError,
    assignments,
    counted,
)


def report_rows(report) -> tuple[dict, int, str]:
    errors = [
        {"line": e.line, "record": e.no, "field": e.field, "message": e.message}
        for e in report.errors
    ]
    data = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": len(errors),
        "errors": errors,
    }
    lines = [
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(errors)} refused."
    ]
    lines += [
        f"  line {e['line']}: {e['record'] or '(no number)'}: {e['field']}: {e['message']}"
        for e in errors
    ]
    warnings = getattr(report, "warnings", [])
    if warnings:  # the rows were imported: a note, not a failure
        data["warnings"] = [{"record": no, "code": code, "message": message}
                            for no, code, message in warnings]
        lines += [f"  note: {no}: {message}" for no, _code, message in warnings]
    return data, (EXIT_PARTIAL if errors else EXIT_OK), "\n".join(lines)


def cmd_customers(args, out: Output, services) -> int:
    from desktop_app.store import csv_io
    from desktop_app.store.customers import customers_for_cli
    from desktop_app.store.shops import list_shops
    from desktop_app.sync import local_runs  # the recorded runs of commands of no shop

    if args.action == "import":
        report = local_runs.import_customers(args.file, dry_run=args.dry_run)
        data, code, text = report_rows(report)
        out.result(data, text)
        return code
    if args.action == "export":
        count = csv_io.export_customers(args.file)
        out.result({"exported": count, "file": str(args.file)},
                   f"{count} customers written to {args.file}.")
        return EXIT_OK
    if args.action == "list":
        shop = resolve_shop(args.shop) if list_shops() else None
        rows = customers_for_cli(shop, search=args.search)
        out.rows(rows, lambda r: (
            f"{r['no']:<12} {r['name'][:30]:<30} {r['email'] or '':<32} "
            f"{r['shopify_id'] or '-'}{'  [web upload]' if r['web_upload'] else ''}"
        ), "No customers.")
        return EXIT_OK
    if args.action == "link":
        shop = resolve_shop(args.shop)
        plan = services.admin.link(shop, args.no, args.shopify_id, move=args.move)
        text = (f"Customer {args.no} {plan.customer_name} linked to Shopify customer "
                f"{plan.shopify_name or plan.shopify_email} ({args.shopify_id}).")
        if plan.moves:
            text += f" Moved: {plan.describe(done=True)}."
        out.result({"no": args.no, "shopify_id": args.shopify_id, "shop": shop,
                    "moved_from": plan.taken_by[0] if plan.taken_by else None,
                    "unlinked": [gid for gid, _n, _e in plan.replaced]}, text)
        return EXIT_OK
    if args.action == "unlink":
        shop = resolve_shop(args.shop)
        services.admin.unlink(shop, args.no)
        out.result({"no": args.no, "shop": shop, "shopify_id": None},
                   f"Customer {args.no} unlinked.")
        return EXIT_OK
    if args.action in ("assign-web-upload", "remove-web-upload"):
        from desktop_app.store import customer_scope

        shop = customer_scope.resolve_shop(args.shop)
        flag = args.action == "assign-web-upload"
        unknown = services.admin.set_web_upload(args.nos, flag, shop=shop)
        done = [n for n in dict.fromkeys(args.nos) if n not in set(unknown)]
        data = {"shop": shop, "assigned" if flag else "removed": done, "unknown": unknown}
        text = (f"{counted(len(done), 'customer')} {'assigned to' if flag else 'removed from'} web "
                f"upload for shop {shop}.")
        if unknown:
            text += "\n" + "\n".join(f"  unknown customer no.: {n}" for n in unknown)
        out.result(data, text)
        return EXIT_PARTIAL if unknown else EXIT_OK
    if args.action == "set":
        change = local_runs.set_customer(args.no, assignments(args.assignments))
        changed = {k: {"old": old, "new": new} for k, (old, new) in change.changes.items()}
        out.result({"no": args.no, "changed": changed},
                   (f"Customer {args.no}: " + ", ".join(
                       f"{k} '{v['old']}' -> '{v['new']}'" for k, v in changed.items()) + ".")
                   if changed else f"Customer {args.no}: nothing to change.")
        return EXIT_OK
    if args.action == "delete":
        deletion = local_runs.delete_customer(args.no)
        unlinked = [{"shop": u.shop, "shopify_id": u.name} for u in deletion.unlinked]
        text = f"Customer {args.no} {deletion.name} deleted."
        if unlinked:
            text += (" Unlinked (the Shopify customers stay in Shopify): "
                     + ", ".join(f"{u['shopify_id']} in shop {u['shop']}" for u in unlinked)
                     + ".")
        out.result({"deleted": args.no, "name": deletion.name, "unlinked": unlinked}, text)
        return EXIT_OK
    if args.action == "duplicates":
        from desktop_app.store.customer_duplicates import find_duplicates

        pairs = [p.to_json() for p in find_duplicates()]
        out.rows(pairs, lambda p: (f"{p['keep']:<12} {p['other']:<12} {p['keep_name'][:24]:<24} "
                                   f"{p['other_name'][:24]:<24} {p['why']}"),
                 "No duplicate customers found.")
        return EXIT_OK
    if args.action == "history":
        from desktop_app.store.record_history import customer_history

        return print_history(out, customer_history(args.no), args.shop,
                             f"No change of customer {args.no} recorded.")
    if args.action == "merge":
        from desktop_app.sync.customer_merge import merge_customers

        plan = merge_customers(args.keep, args.other)
        out.result({"merged": args.other, "into": args.keep, **plan.to_json()},
                   f"Customer {args.other} {plan.other_name} merged into {args.keep} "
                   f"{plan.keep_name}: {plan.summary()}.")
        return EXIT_OK
    raise UsageError("customers needs an action: import, export, list, link, unlink, "
                     "assign-web-upload, remove-web-upload, set, delete, duplicates, merge, "
                     "history")


def print_history(out: Output, entries: list, shop: str | None, empty: str) -> int:
    """`customers history` and `orders history` (issue 19): one line a field changed
    (when, run, side, action, field, old -> new), newest first; JSON: the entries
    (`HistoryEntry.as_json`). `shop`: only the runs of that shop card."""
    from desktop_app.store.record_history import value_text

    if shop:
        entries = [e for e in entries if e.shop == resolve_shop(shop)]

    def lines() -> str:
        text = []
        for e in entries:
            head = (f"{e.at:%Y-%m-%d %H:%M:%S}  run {e.run_id} {e.resource}"
                    f"{' (' + e.shop + ')' if e.shop else ''}  {e.side} {e.action}  {e.record}")
            text += [head] + [f"    {name}: '{value_text(old)}' -> '{value_text(new)}'"
                              for name, (old, new) in e.fields.items()]
        return "\n".join(text) or empty

    out.result([e.as_json() for e in entries], lines)
    return EXIT_OK


def cmd_items(args, out: Output, services) -> int:
    from desktop_app.sync import local_runs

    if args.action == "import":
        data, code, text = report_rows(local_runs.import_items(args.file))
        out.result(data, text)
        return code
    raise UsageError("items needs an action: import")
