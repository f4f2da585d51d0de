"""The `shop-sync` command line: the window's scriptable twin (contract: ../shared/CLI.md).

Every command parses its arguments, calls the same services the window uses
(`app.build_services`, `sync.service.SyncService`, `store.queries`, `store.csv_io`) and prints
either human text or, with `--json`, one JSON document on stdout. Errors go to stderr.
Exit codes: 0 done; 1 done but some records failed (each listed); 2 nothing done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.errors import AppError, NotFoundError
from desktop_app.records.text import escape_unprintable

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2

SYNC_RESOURCES = ("customers", "companies", "orders", "shipments", "invoices", "gift-cards")


class UsageError(AppError):
    code = "usage"


class Output:
    """Prints a command's result as text or as one JSON document."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.as_json:
            document = json.dumps(_plain(data), ensure_ascii=False, indent=2, default=str)
            sys.stdout.write(_json_escaped(document))
            sys.stdout.write("\n")
        else:
            # Data stored before the repair step on the way in may hold ESC, BEL or bidi
            # overrides: printed as escapes, never run by the terminal.
            print(escape_unprintable(text() if callable(text) else text))

    @staticmethod
    def error(message: str) -> None:
        print(f"shop-sync: {escape_unprintable(message)}", file=sys.stderr)


#: What `json.dumps(ensure_ascii=False)` leaves raw that a terminal may act on: C1 controls,
#: DEL, bidi and other format characters, line and paragraph separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                          "\ufeff\ufff9-\ufffb]")


def _json_escaped(document: str) -> str:
    """A JSON document with the characters of `_JSON_UNSAFE` written as \\u escapes (the
    same JSON value: a reader gets the same text back, a terminal prints it as text)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- argument parsing -------------------------------------------------------------------------


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--data-dir and --json, accepted before and after the command."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, help="folder of the database and logs")
    parser.add_argument(
        "--json", action="store_true", default=False if top else argparse.SUPPRESS,
        help="print one JSON document on stdout",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shop-sync", description="Keep your local customers and sales in step with Shopify."
    )
    parser.add_argument("--version", action="version", version=f"shop-sync {__version__}")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(sub, name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _global_options(p, top=False)
        return p

    p = add(commands, "gui", "open the main window")
    p.add_argument("--quit-after", type=int, metavar="MS",
                   help="close the window again after MS milliseconds (smoke tests)")

    shop = add(commands, "shop", "shop cards").add_subparsers(dest="action", metavar="ACTION")
    p = add(shop, "add", "add a shop card")
    p.add_argument("code")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--domain", help="NAME.myshopify.com")
    where.add_argument("--demo", action="store_true", help="the built-in demo shop, in-process")
    where.add_argument("--api-url", help="a demo shop served elsewhere (http only on loopback)")
    p.add_argument("--name", help="a display name for the shop card")
    p.add_argument("--client-id", help="custom app client id (client-credentials flow)")
    p = add(shop, "set", "change Shop Card settings")
    p.add_argument("code")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p = add(shop, "show", "every setting of a shop")
    p.add_argument("code")
    add(shop, "list", "the shop cards")
    p = add(shop, "remove", "delete a shop card and its sync data (a demo card: also its "
            "sample customers and documents, but those you changed)")
    p.add_argument("code")

    token = add(commands, "token", "the shop's secret in the system keyring").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(token, "set", "read the Admin API token (or client secret) from stdin")
    p.add_argument("code")
    p.add_argument("--client-secret", action="store_true", help="store a client secret instead")
    p = add(token, "delete", "remove the shop's secrets from the keyring")
    p.add_argument("code")

    customers = add(commands, "customers", "local customers").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(customers, "import", "import local customers from a CSV file (upsert by no)")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    p = add(customers, "export", "write local customers to a CSV file")
    p.add_argument("file", type=Path)
    p = add(customers, "list", "local customers and their Shopify link")
    p.add_argument("--shop")
    p.add_argument("--search", help="filter by no, name, e-mail or phone")
    p = add(customers, "link", "link a local customer to a Shopify customer")
    p.add_argument("no")
    p.add_argument("shopify_id")
    p.add_argument("--shop")
    p.add_argument("--move", action="store_true",
                   help="move an existing link (of the Shopify customer to another local "
                        "customer, or of the local customer to another Shopify customer); "
                        "without it such a link is refused, naming the current link")
    p = add(customers, "unlink", "remove a customer's Shopify link")
    p.add_argument("no")
    p.add_argument("--shop")
    p = add(customers, "assign-web-upload", "mark customers for upload to one shop's store")
    p.add_argument("nos", nargs="+", metavar="NO")
    p.add_argument("--shop", help="the shop card the ticks are for (left out: the only one)")
    p = add(customers, "remove-web-upload", "take customers off one shop's web upload")
    p.add_argument("nos", nargs="+", metavar="NO")
    p.add_argument("--shop", help="the shop card the ticks are for (left out: the only one)")
    p = add(customers, "set", "change fields of one local customer (CSV column names, the "
            "CSV import's checks; FIELD= clears it)")
    p.add_argument("no")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p = add(customers, "delete", "delete one local customer (refused while documents, orders "
            "or a Shop Card setting use it; its Shopify links are removed, nothing is "
            "deleted in Shopify)")
    p.add_argument("no")

    items = add(commands, "items", "local items").add_subparsers(dest="action", metavar="ACTION")
    p = add(items, "import", "import items from a CSV file (no, description, sku, unit_price)")
    p.add_argument("file", type=Path)

    p = add(commands, "sync", "run a sync with Shopify")
    p.add_argument("resource", choices=(*SYNC_RESOURCES, "all"))
    p.add_argument("--shop")
    p.add_argument("--retry-failed", action="store_true",
                   help="decide every failed record again, even those unchanged since")
    p.add_argument("--wait", type=float, metavar="SECONDS", default=None,
                   help="how long to wait for another sync of the same shop to finish "
                        "(default 300; 0 gives up at once)")

    orders = add(commands, "orders", "Shopify orders and their sales documents").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(orders, "list", "staged and imported Shopify orders")
    p.add_argument("--shop")
    p = add(orders, "create-documents", "create sales documents for imported orders")
    p.add_argument("ids", nargs="*", metavar="SHOPIFY_ORDER_ID")
    p.add_argument("--all", action="store_true", help="every imported, unprocessed order")
    p.add_argument("--shop")
    for name, help_text in (
        ("mark-paid", "mark the order as paid in Shopify"),
        ("cancel", "cancel the order in Shopify"),
        ("unlink", "unlink the order's document: --delete-document deletes it when it is not "
                   "posted; a kept document stops create-documents until it is deleted"),
        ("resync", "sync this order from Shopify now"),
        ("resolve-conflict", "mark the order's conflict with its document as resolved"),
        ("import", "import staged orders now (Import Selected)"),
        ("exclude", "delete staged orders from Orders to Import"),
    ):
        p = add(orders, name, help_text)
        p.add_argument("id", metavar="SHOPIFY_ORDER_ID", nargs="+" if name in
                       ("import", "exclude") else None)
        p.add_argument("--shop")
        if name == "cancel":
            p.add_argument("--reason", default="OTHER",
                           choices=("CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF",
                                    "OTHER"))
            p.add_argument("--restock", action="store_true")
            p.add_argument("--refund", action="store_true")
            p.add_argument("--notify", action="store_true")
        if name == "unlink":
            p.add_argument("--delete-document", action="store_true",
                           help="delete the order's documents that are not posted (posted "
                                "ones are never deleted)")
    documents = add(commands, "documents", "local sales documents").add_subparsers(
        dest="action", metavar="ACTION"
    )
    add(documents, "list", "local sales orders, invoices, credit memos")
    p = add(documents, "post-shipment", "post a shipment of a sales order (all that is left, "
            "or --line LINE_NO=QTY ...)")
    p.add_argument("doc_no", metavar="DOC_NO")
    p.add_argument("--agent", default="", metavar="CODE", help="shipping agent code")
    p.add_argument("--tracking", default="", metavar="NO", help="package tracking no.")
    p.add_argument("--line", action="append", default=[], metavar="LINE_NO=QTY",
                   help="ship only these quantities (repeatable)")
    p = add(documents, "post-invoice", "post a sales invoice (or invoice a sales order)")
    p.add_argument("doc_no", metavar="DOC_NO")
    p.add_argument("--remaining", metavar="AMOUNT",
                   help="what the customer still owes (default: the whole total)")
    p = add(documents, "reset", "Update Document: set a -1/-2 shipment or invoice back to retry")
    p.add_argument("doc_no", metavar="DOC_NO")
    add(documents, "shipments", "posted shipments and their Shopify fulfillments")

    agents = add(commands, "shipping-agents", "local shipping agents").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(agents, "set", "create or change a shipping agent")
    p.add_argument("code")
    p.add_argument("--name", default="")
    p.add_argument("--tracking-company", default="", help="Shopify's tracking company")
    p.add_argument("--tracking-url", default="", help="tracking URL, %%1 = the number")
    add(agents, "list", "every shipping agent")

    cards = add(commands, "gift-cards", "gift cards issued by the shop").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(cards, "list", "gift cards with their balances and use")
    p.add_argument("--shop")

    p = add(commands, "log", "the sync history with per-record errors")
    p.add_argument("--last", type=int, default=10, help="the newest N matching runs")
    p.add_argument("--shop", help="only the runs of this shop")
    p.add_argument("--resource", choices=SYNC_RESOURCES, help="only the runs of this resource")
    p.add_argument("--failed-only", action="store_true",
                   help="only runs that failed or had records fail")
    p.add_argument("--csv", type=Path, metavar="FILE",
                   help="also write the runs and their errors to FILE (CSV)")

    demo = add(commands, "demo-shop", "the built-in simulated Shopify shop").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(demo, "serve", "serve a demo shop on a local HTTP port")
    from desktop_app.demo_shop import server as demo_server

    demo_server.add_arguments(p)
    return parser


# --- commands ---------------------------------------------------------------------------------


def _resolve_shop(code: str | None) -> str:
    from desktop_app.store import queries

    if code:
        queries.get_shop(code)
        return code
    shops = queries.list_shops()
    if len(shops) == 1:
        return shops[0].code
    if not shops:
        raise NotFoundError("There is no shop yet: add one with `shop-sync shop add`")
    raise UsageError("Several shops exist: say which with --shop CODE ("
                     + ", ".join(s.code for s in shops) + ")")


def _shop_values(code: str) -> dict[str, Any]:
    from desktop_app.store import queries

    shop = queries.get_shop(code)
    values: dict[str, Any] = {
        "code": shop.code,
        "name": shop.name,
        "domain": shop.domain,
        "api_url": shop.api_url,
        "demo": bool(shop.is_demo),
        "auth_method": shop.auth_method,
        "client_id": shop.client_id,
    }
    values.update(queries.shop_settings(code))
    return values


def cmd_shop(args, out: Output, services) -> int:
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.store import queries

    if args.action == "add":
        domain = api_url = None
        if args.domain:
            domain = ShopAddress.parse(args.domain).host
        elif args.api_url:
            address = ShopAddress.parse(args.api_url)
            if not address.is_loopback:
                raise UsageError("--api-url must be an http address on this computer (loopback)")
            api_url = args.api_url.rstrip("/")
        queries.create_shop(
            args.code,
            name=args.name or args.code,
            domain=domain,
            api_url=api_url,
            is_demo=bool(args.demo),
            auth_method="client_credentials" if args.client_id else "token",
            client_id=args.client_id,
        )
        out.result(_shop_values(args.code), f"Shop {args.code} added.")
        return EXIT_OK
    if args.action == "set":
        changes = {}
        for item in args.assignments:
            name, sep, value = item.partition("=")
            if not sep:
                raise UsageError(f"'{item}' is not FIELD=VALUE")
            changes[name.strip()] = value
        queries.update_shop_settings(args.code, changes)
        out.result(_shop_values(args.code), f"Shop {args.code}: {len(changes)} setting(s) saved.")
        return EXIT_OK
    if args.action == "show":
        values = _shop_values(args.code)
        out.result(values, lambda: "\n".join(f"{k} = {_text(v)}" for k, v in values.items()))
        return EXIT_OK
    if args.action == "list":
        rows = [
            {"code": s.code, "name": s.name, "domain": s.domain, "api_url": s.api_url,
             "demo": bool(s.is_demo)}
            for s in queries.list_shops()
        ]
        out.result(rows, lambda: "\n".join(
            f"{r['code']:<12} {r['name']:<24} "
            f"{'demo (built in)' if r['demo'] else r['domain'] or r['api_url']}"
            for r in rows
        ) or "No shops.")
        return EXIT_OK
    if args.action == "remove":
        async def remove():
            try:
                return await services.service.remove_shop(args.code)
            finally:
                await services.service.aclose()

        removal = asyncio.run(remove())  # the window's Remove shop card does the same
        text = f"Shop {args.code} removed."
        if removal.customers_removed or removal.documents_removed or removal.customers_kept:
            text += (f" Demo data removed: {removal.customers_removed} sample customer(s), "
                     f"{removal.documents_removed} document(s).")
        if removal.customers_kept:
            text += (" Kept as your own (changed by you or used elsewhere): "
                     + ", ".join(removal.customers_kept) + ".")
        out.result({"removed": args.code, "customers_removed": removal.customers_removed,
                    "customers_kept": list(removal.customers_kept),
                    "documents_removed": removal.documents_removed}, text)
        return EXIT_OK
    raise UsageError("shop needs an action: add, set, show, list, remove")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cmd_token(args, out: Output, services) -> int:
    from desktop_app.credentials.vault import MAX_SECRET_CHARS, check_secret
    from desktop_app.errors import CredentialsError
    from desktop_app.store import queries

    queries.get_shop(args.code)
    vault = services.vault
    if args.action == "set":
        kind = "client_secret" if args.client_secret else "token"
        # All of stdin, less one line end: a second line, a blank first line, spaces or
        # control characters are refused by check_secret with the reason, never dropped.
        value = sys.stdin.read(MAX_SECRET_CHARS + 3)
        value = value[:-2] if value.endswith("\r\n") else value.removesuffix("\n")
        if not value:
            raise UsageError("No secret on stdin: pipe it in, e.g. `shop-sync token set CODE < file`")
        check_secret(value)
        vault.set_secret(args.code, kind, value)
        status = vault.status().value
        if status != "system":
            # The secret dies with this process: a script must not believe it is stored.
            raise CredentialsError(
                "No system keyring was found, so the secret could not be stored: it would "
                "last only for this process. Unattended runs can read it from the "
                f"environment variable SHOP_SYNC_TOKEN_{args.code.upper()} instead.")
        out.result({"shop": args.code, "kind": kind, "keyring": status},
                   f"Secret stored for shop {args.code} ({status} keyring).")
        return EXIT_OK
    if args.action == "delete":
        vault.delete_secret(args.code, "token")
        vault.delete_secret(args.code, "client_secret")
        out.result({"shop": args.code, "deleted": True}, f"Secrets of shop {args.code} deleted.")
        return EXIT_OK
    raise UsageError("token needs an action: set, delete")


def _report_rows(report) -> tuple[dict, int, str]:
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
    return data, (EXIT_PARTIAL if errors else EXIT_OK), "\n".join(lines)


def cmd_customers(args, out: Output, services) -> int:
    from desktop_app.store import csv_io, queries

    if args.action == "import":
        report = csv_io.import_customers(args.file, dry_run=args.dry_run)
        data, code, text = _report_rows(report)
        out.result(data, text)
        return code
    if args.action == "export":
        count = csv_io.export_customers(args.file)
        out.result({"exported": count, "file": str(args.file)},
                   f"{count} customers written to {args.file}.")
        return EXIT_OK
    if args.action == "list":
        shop = _resolve_shop(args.shop) if queries.list_shops() else None
        rows = queries.customers_for_cli(shop, search=args.search)
        out.result(rows, lambda: "\n".join(
            f"{r['no']:<12} {r['name'][:30]:<30} {r['email'] or '':<32} "
            f"{r['shopify_id'] or '-'}{'  [web upload]' if r['web_upload'] else ''}"
            for r in rows
        ) or "No customers.")
        return EXIT_OK
    if args.action == "link":
        from desktop_app.sync import linking

        shop = _resolve_shop(args.shop)
        plan = linking.link(shop, args.no, args.shopify_id, move=args.move)
        text = (f"Customer {args.no} {plan.customer_name} linked to Shopify customer "
                f"{plan.shopify_name or plan.shopify_email} ({args.shopify_id}).")
        if plan.moves:
            text += f" Moved: {plan.describe(done=True)}."
        out.result({"no": args.no, "shopify_id": args.shopify_id, "shop": shop,
                    "moved_from": plan.taken_by[0] if plan.taken_by else None,
                    "unlinked": [gid for gid, _n, _e in plan.replaced]}, text)
        return EXIT_OK
    if args.action == "unlink":
        shop = _resolve_shop(args.shop)
        queries.unlink_customer(shop, args.no)
        out.result({"no": args.no, "shop": shop, "shopify_id": None},
                   f"Customer {args.no} unlinked.")
        return EXIT_OK
    if args.action in ("assign-web-upload", "remove-web-upload"):
        from desktop_app.store import local_customers

        shop = local_customers.resolve_shop(args.shop)
        flag = args.action == "assign-web-upload"
        unknown = local_customers.set_web_upload(args.nos, flag, shop=shop)
        done = [n for n in dict.fromkeys(args.nos) if n not in set(unknown)]
        data = {"shop": shop, "assigned" if flag else "removed": done, "unknown": unknown}
        text = (f"{len(done)} customer(s) {'assigned to' if flag else 'removed from'} web "
                f"upload for shop {shop}.")
        if unknown:
            text += "\n" + "\n".join(f"  unknown customer no.: {n}" for n in unknown)
        out.result(data, text)
        return EXIT_PARTIAL if unknown else EXIT_OK
    if args.action == "set":
        from desktop_app.store import local_customers

        values = {}
        for item in args.assignments:
            name, sep, value = item.partition("=")
            if not sep:
                raise UsageError(f"'{item}' is not FIELD=VALUE")
            values[name.strip().lower()] = value
        change = local_customers.set_customer(args.no, values)
        changed = {k: {"old": old, "new": new} for k, (old, new) in change.changes.items()}
        out.result({"no": args.no, "changed": changed},
                   (f"Customer {args.no}: " + ", ".join(
                       f"{k} '{v['old']}' -> '{v['new']}'" for k, v in changed.items()) + ".")
                   if changed else f"Customer {args.no}: nothing to change.")
        return EXIT_OK
    if args.action == "delete":
        from desktop_app.store import local_customers

        deletion = local_customers.delete_customer(args.no)
        unlinked = [{"shop": u.shop, "shopify_id": u.name} for u in deletion.unlinked]
        text = f"Customer {args.no} {deletion.name} deleted."
        if unlinked:
            text += (" Unlinked (the Shopify customers stay in Shopify): "
                     + ", ".join(f"{u['shopify_id']} in shop {u['shop']}" for u in unlinked)
                     + ".")
        out.result({"deleted": args.no, "name": deletion.name, "unlinked": unlinked}, text)
        return EXIT_OK
    raise UsageError("customers needs an action: import, export, list, link, unlink, "
                     "assign-web-upload, remove-web-upload, set, delete")


def cmd_items(args, out: Output, services) -> int:
    from desktop_app.store import csv_io

    if args.action == "import":
        data, code, text = _report_rows(csv_io.import_items(args.file))
        out.result(data, text)
        return code
    raise UsageError("items needs an action: import")


def cmd_sync(args, out: Output, services) -> int:
    from desktop_app.sync.results import Resource

    shop = _resolve_shop(args.shop)
    if args.resource == "all":
        # `all` runs what this version can sync; a single named resource it cannot sync
        # is refused with a message instead (exit 2).
        resources = tuple(r for r in SYNC_RESOURCES if services.service.has_job(r))
    else:
        resources = (args.resource,)

    if args.wait is not None:
        if not 0 <= args.wait <= 86400:
            raise UsageError("--wait takes a number of seconds from 0 to 86400")
        services.service.lock_wait = args.wait

    def waiting(code: str, who: str) -> None:
        print(f"Waiting for {who} to finish its sync of shop {code} (at most "
              f"{services.service.lock_wait:.0f} s)...", file=sys.stderr, flush=True)

    services.service.on_lock_wait = waiting

    async def run() -> list:
        results = []
        try:
            for name in resources:
                options = {"retry_failed": True} if getattr(args, "retry_failed", False) else {}
                results.append(await services.service.sync(shop, Resource(name), **options))
        finally:
            await services.service.aclose()
        return results

    results = asyncio.run(run())
    data = [r.to_json() for r in results]

    def text() -> str:
        lines = []
        for r in results:
            still = f", {r.still_failing} of them still failing" if r.still_failing else ""
            lines.append(
                f"{r.resource}: {r.created} created, {r.updated} updated, {r.skipped} skipped, "
                f"{r.failed} failed{still} ({r.requests} requests, {r.api_cost:.0f} points, "
                f"{r.seconds:.1f} s)"
            )
            # New failures first: the ones that also failed last time are no news.
            for e in sorted(r.errors, key=lambda e: e.repeated):
                lines.append(f"  {e.record}: {e.field}: {e.message}"
                             + (" (still failing)" if e.repeated else ""))
            lines += [f"  note: {w.record}: {w.field}: {w.message}" for w in r.warnings]
        return "\n".join(lines)

    out.result(data[0] if args.resource != "all" else data, text)
    return EXIT_PARTIAL if any(r.failed for r in results) else EXIT_OK


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

    shop = _resolve_shop(args.shop)
    if args.action == "list":
        rows = order_store.orders_for_cli(shop)
        for r in rows:  # a conflict stored by an earlier version, in today's words
            if r.get("conflict"):
                r["conflict"] = order_rules.conflict_message_now(r["conflict"])
        out.result(rows, lambda: "\n".join(
            f"{r['name']:<10} {r['state']:<10} {r['financial_status']:<18} "
            f"{r['fulfillment_status']:<12} {r['customer_no'] or '-':<10} "
            f"{r['document_no'] or '-':<10}"
            f"{'  ERROR: ' + r['error'] if r['error'] else ''}"
            f"{'  CONFLICT' if r['conflict'] else ''}"
            for r in rows
        ) or "No orders.")
        return EXIT_OK
    if args.action == "exclude":
        excluded: list[int] = []

        async def exclude(job) -> None:
            excluded.append(await job.exclude([_order_gid(i) for i in args.id]))

        _run_order_action(services, shop, exclude, "exclude")
        out.result({"excluded": excluded[0]}, f"{excluded[0]} staged order(s) excluded.")
        return EXIT_OK
    if args.action == "resolve-conflict":
        gid = _order_gid(args.id)
        order_store.load_order_record(shop, gid)  # NotFoundError before the action

        async def resolve(job) -> None:
            await job.resolve_conflicts([gid])

        _run_order_action(services, shop, resolve, "resolve-conflict")
        out.result({"shopify_id": gid, "conflict": None}, f"Conflict of {gid} resolved.")
        return EXIT_OK
    if args.action == "unlink":
        gid = _order_gid(args.id)
        unlinked: list = []

        async def unlink(job) -> None:
            unlinked.extend(await job.unlink([gid], delete_document=args.delete_document))

        # An order action: under the shop's lock, recorded in the history (issue 15).
        _run_order_action(services, shop, unlink, "unlink")
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

        result = _run_order_action(services, shop, create, "create-documents")
        data = {**result.to_json(), "documents": created}
        out.result(data, lambda: "\n".join(
            [f"{len(created)} document(s) created: {', '.join(created) or '-'}"]
            + [f"  {e.record}: {e.field}: {e.message}" for e in result.errors]
            + [f"  note: {w.record}: {w.field}: {w.message}" for w in result.warnings]))
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
                         "unlink, resync, resolve-conflict, import, exclude")
    result = _run_order_action(services, shop, actions[args.action], args.action)
    row = order_store.find_order(shop, gids[0])
    data = {**result.to_json(), "shopify_id": gids[0],
            "financial_status": row.financial_status if row else None,
            "cancelled": row.cancelled if row else None}
    out.result(data, lambda: "\n".join(
        [f"{args.action} {gids[0]}: done"]
        + [f"  {e.record}: {e.field}: {e.message}" for e in result.errors]))
    return EXIT_PARTIAL if result.failed else EXIT_OK


def _run_order_action(services, shop: str, action, what: str):
    from desktop_app.sync import orders as order_sync

    async def run():
        try:
            return await order_sync.run_action(services.service, shop, action, what)
        finally:
            await services.service.aclose()

    return asyncio.run(run())


def cmd_documents(args, out: Output, services) -> int:
    from desktop_app.store import orders as order_store

    if args.action == "list":
        docs = order_store.documents_for_cli()
        out.result(docs, lambda: "\n".join(
            f"{d['no']:<10} {d['type']:<12} {d['customer_no']:<10} {d['total']:>12} "
            f"{d['currency']} {d['shopify_order_id'] or ''}"
            for d in docs
        ) or "No documents.")
        return EXIT_OK
    from decimal import Decimal, InvalidOperation

    from desktop_app.store import documents_extra as extra

    if args.action == "post-shipment":
        quantities = None
        if args.line:
            quantities = {}
            for item in args.line:
                line_no, _, qty = item.partition("=")
                try:
                    quantities[int(line_no)] = Decimal(qty)
                except (ValueError, InvalidOperation):
                    raise UsageError(f"--line takes LINE_NO=QTY, not '{item}'") from None
        shipment = extra.post_shipment(args.doc_no, agent_code=args.agent,
                                       tracking_no=args.tracking, quantities=quantities)
        data = next(s for s in extra.shipments_for_cli() if s["no"] == shipment.no)
        out.result(data, f"Shipment {shipment.no} posted for {args.doc_no} "
                         f"({len(shipment.lines)} lines).")
        return EXIT_OK
    if args.action == "post-invoice":
        try:
            remaining = None if args.remaining is None else Decimal(args.remaining)
        except InvalidOperation:
            raise UsageError(f"--remaining takes an amount, not '{args.remaining}'") from None
        invoice = extra.post_invoice(args.doc_no, remaining=remaining)
        data = {"no": invoice.no, "type": "invoice", "customer_no": invoice.sell_to_customer_no,
                "total": str(invoice.total.quantize(Decimal("0.01"))),
                "currency": invoice.currency, "remaining_amount":
                str(invoice.remaining_amount.quantize(Decimal("0.01"))),
                "shopify_order_id": invoice.shopify_order_id}
        out.result(data, f"Invoice {invoice.no} posted (Shopify Order ID "
                         f"{invoice.shopify_order_id}).")
        return EXIT_OK
    if args.action == "reset":
        kind = extra.reset_document(args.doc_no)
        out.result({"no": args.doc_no, "kind": kind}, f"{kind} {args.doc_no} will be retried.")
        return EXIT_OK
    if args.action == "shipments":
        rows = extra.shipments_for_cli()
        out.result(rows, lambda: "\n".join(
            f"{r['no']:<10} {r['order_document_no']:<10} {r['fulfillment_id'] or '-'}"
            for r in rows) or "No shipments.")
        return EXIT_OK
    raise UsageError("documents needs an action: list, post-shipment, post-invoice, reset, "
                     "shipments")


def cmd_shipping_agents(args, out: Output, services) -> int:
    from desktop_app.store import documents_extra as extra

    if args.action == "set":
        row = extra.set_shipping_agent(args.code, name=args.name,
                                       shopify_tracking_company=args.tracking_company,
                                       tracking_url=args.tracking_url)
        out.result(row.__dict__, f"Shipping agent {row.code} saved.")
        return EXIT_OK
    if args.action == "list":
        rows = [r.__dict__ for r in extra.list_shipping_agents()]
        out.result(rows, lambda: "\n".join(f"{r['code']:<10} {r['name']}" for r in rows)
                   or "No shipping agents.")
        return EXIT_OK
    raise UsageError("shipping-agents needs an action: set, list")


def cmd_gift_cards(args, out: Output, services) -> int:
    from desktop_app.store import documents_extra as extra

    if args.action == "list":
        shop = _resolve_shop(args.shop) if args.shop else None
        rows = extra.gift_cards_for_cli(shop)
        out.result(rows, lambda: "\n".join(
            f"****{r['last_characters']:<4} {r['initial_value']:>10} {r['balance']:>10} "
            f"{r['currency']}" for r in rows) or "No gift cards.")
        return EXIT_OK
    raise UsageError("gift-cards needs an action: list")


def cmd_log(args, out: Output, services) -> int:
    from desktop_app.store import history

    if args.last < 1:
        raise UsageError("--last needs a number of runs of 1 or more")
    found = history.find_runs(
        history.RunFilter(shop=args.shop, resource=args.resource,
                          failed_only=args.failed_only, limit=args.last),
        with_errors=True,
    )
    runs = [history.as_dict(run) for run in found]
    exported = history.export_csv(args.csv, found) if args.csv is not None else None

    def text() -> str:
        lines = []
        for run in runs:
            lines.append(
                f"{run['started_at']} {run['shop']} {run['resource']} {run['status']}: "
                f"{run['created']} created, {run['updated']} updated, {run['skipped']} skipped, "
                f"{run['failed']} failed"
            )
            if run.get("message"):
                lines.append(f"  {run['message']}")
            lines += [f"  {e['record']}: {e['field']}: {e['message']}" for e in run["errors"]]
        if not lines:
            filtered = args.shop or args.resource or args.failed_only
            lines.append("No sync run matches." if filtered else "No sync has run yet.")
        if exported is not None:
            lines.append(f"{exported} rows written to {args.csv}")
        return "\n".join(lines)

    out.result(runs, text)
    return EXIT_OK


def cmd_gui(args) -> int:
    from desktop_app.__main__ import run_gui

    # No command at all also opens the window; that parse has no --quit-after.
    return run_gui(args.data_dir, quit_after_ms=getattr(args, "quit_after", None))


COMMANDS = {
    "shop": cmd_shop,
    "token": cmd_token,
    "customers": cmd_customers,
    "items": cmd_items,
    "sync": cmd_sync,
    "orders": cmd_orders,
    "documents": cmd_documents,
    "shipping-agents": cmd_shipping_agents,
    "gift-cards": cmd_gift_cards,
    "log": cmd_log,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad arguments exit 2
        return int(exc.code or 0)
    out = Output(bool(args.json))
    if args.command in (None, "gui"):
        return cmd_gui(args)
    if args.command == "demo-shop":
        from desktop_app.demo_shop import server as demo_server

        if args.action != "serve":
            out.error("demo-shop needs an action: serve")
            return EXIT_FAILED
        return demo_server.run(args)
    from desktop_app import app, paths
    from desktop_app.log import setup_logging

    log_path = None
    try:
        folder = paths.data_dir(args.data_dir)
        log_path = setup_logging(paths.log_dir(folder))
        services = app.build_services(folder)
    except AppError as exc:
        out.error(str(exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 (one clear line, the trace in the log)
        out.error(_unexpected(exc, args.command, log_path))
        return EXIT_FAILED
    try:
        return COMMANDS[args.command](args, out, services)
    except AppError as exc:
        log.warning("command %s failed: %s", args.command, exc.code)
        out.error(str(exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 (one clear line, the trace in the log)
        out.error(_unexpected(exc, args.command, log_path))
        return EXIT_FAILED
    finally:
        try:
            asyncio.run(services.aclose())
        except Exception:  # noqa: BLE001 (closing must not hide the command's outcome)
            log.exception("closing after %s failed", args.command)


def _unexpected(exc: Exception, command: str, log_path: Path | None) -> str:
    """The one line a merchant reads for an error the command did not expect (the full trace
    goes to the log file): what kind of trouble, and what to do about it."""
    import sqlite3

    import peewee

    log.exception("command %s stopped by an unexpected error", command)
    where = f" Details are in {log_path}." if log_path else ""
    text = str(exc).lower()
    if isinstance(exc, (sqlite3.DatabaseError, peewee.DatabaseError)):
        if "readonly" in text or "read-only" in text or "read only" in text:
            return ("The database cannot be written (the file or its folder is read-only). "
                    "Check the data folder's permissions." + where)
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return ("The database is damaged. Restore the most recent backup "
                    "(shop_sync.sqlite3.v*.bak in the data folder) or a copy of your own."
                    + where)
        return f"The database could not be used ({type(exc).__name__})." + where
    if isinstance(exc, OSError):
        return f"A file could not be used: {exc.strerror or type(exc).__name__}." + where
    return f"Stopped by an unexpected error ({type(exc).__name__})." + where


if __name__ == "__main__":
    sys.exit(main())
