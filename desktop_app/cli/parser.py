"""The `shop-sync` argument parser (every command, option and help text of ../shared/CLI.md)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from desktop_app import __version__
from desktop_app.sync.results import RECORDED_RESOURCES
from desktop_app.sync.sync_all import SYNC_ORDER

SYNC_RESOURCES = SYNC_ORDER  # the order of `sync all` (sync/sync_all.py)

def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--data-dir, --database and --json, accepted before and after the command."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, help="folder of the database and logs")
    parser.add_argument(
        "--database", default=default, metavar="URL",
        help="the database server shared by several workstations, e.g. "
             "postgresql://user@host:5432/shopsync (also SHOP_SYNC_DATABASE); "
             "left out, the local file in the data folder",
    )
    parser.add_argument(
        "--json", action="store_true", default=False if top else argparse.SUPPRESS,
        help="print one JSON document on stdout",
    )


class _Unbuilt:
    """Stands for the parser of a command this process does not run, and for everything
    added to it: each call is accepted and dropped. The command is still listed, with its
    help (all that `shop-sync --help` and an unknown command's error show of it)."""

    def __getattr__(self, name: str) -> object:
        return self._dropped

    def _dropped(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self


_UNBUILT = _Unbuilt()
#: The global options that take a value (`--data-dir D`, `--database URL`).
_VALUED = ("--data-dir", "--database")


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` surely runs: its first word after the global options; None when
    that is not certain (--help, --version, an abbreviated option, `--`...) or none is given.
    """
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word != "--json" and not word.startswith(tuple(f"{v}=" for v in _VALUED)):
            return None if word.startswith("-") else word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given the `argv` it will parse, only the command that
    names gets its options and actions built (`command_of`), the others are listed with their
    help: building all of them cost each process 0.02-0.03 s of CPU. Whatever `argv` holds,
    it parses as with every command built (tests/unit/test_start_imports.py)."""
    wanted = command_of(argv) if argv is not None else None
    parser = argparse.ArgumentParser(
        prog="shop-sync", description="Keep your local customers and sales in step with Shopify."
    )
    parser.add_argument("--version", action="version", version=f"shop-sync {__version__}")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(sub, name: str, help_text: str) -> argparse.ArgumentParser:
        if sub is _UNBUILT:  # an action of a command that is not built
            return cast(argparse.ArgumentParser, _UNBUILT)
        p = sub.add_parser(name, help=help_text, description=help_text)
        if sub is commands and wanted is not None and name != wanted:
            return cast(argparse.ArgumentParser, _UNBUILT)
        _global_options(p, top=False)
        return p

    p = add(commands, "gui", "open the main window")
    p.add_argument("--quit-after", type=int, metavar="MS",
                   help="close the window again after MS milliseconds (smoke tests)")

    shop = add(commands, "shop", "shop cards").add_subparsers(dest="action", metavar="ACTION")
    p = add(shop, "add", "add a shop card")
    p.add_argument("code")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--domain", help="NAME, NAME.myshopify.com or the admin address "
                       "admin.shopify.com/store/NAME")
    where.add_argument("--demo", action="store_true", help="the built-in demo shop, in-process")
    where.add_argument("--api-url", help="a demo shop served elsewhere (http only on loopback)")
    p.add_argument("--bare", action="store_true",
                   help="with --demo: the card alone, without the demo's customer template, "
                   "G/L accounts and settings (to try your own set-up from nothing)")
    p.add_argument("--name", help="a display name for the shop card")
    p.add_argument("--client-id", help="custom app client id (client-credentials flow)")
    p.add_argument("--test", action="store_true",
                   help="test the connection first, with the token (or client secret) from "
                   "stdin or SHOP_SYNC_TOKEN_<CODE> (SHOP_SYNC_CLIENT_SECRET_<CODE>); nothing "
                   "is stored unless it works; the card takes the shop's country, currency "
                   "and time zone")
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
    add(customers, "duplicates", "local customers that look like one person (same e-mail, "
        "same phone, or a similar name at the same address), with why")
    p = add(customers, "merge", "merge OTHER into KEEP: OTHER's documents, ship-to addresses, "
            "Shopify links and web upload ticks go to KEEP, KEEP's blank fields are filled "
            "from OTHER (never overwritten), then OTHER is deleted")
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("other", metavar="OTHER")
    p = add(customers, "history", "what each sync changed on one local customer, on either "
            "side (when, run, side, action, field, old -> new), newest first")
    p.add_argument("no", metavar="NO")
    p.add_argument("--shop", help="only the runs of this shop card")

    items = add(commands, "items", "local items").add_subparsers(dest="action", metavar="ACTION")
    p = add(items, "import", "import items from a CSV file (no, description, sku, unit_price)")
    p.add_argument("file", type=Path)

    p = add(commands, "sync", "run a sync with Shopify")
    p.add_argument("resource", choices=(*SYNC_RESOURCES, "all"))
    p.add_argument("--shop")
    p.add_argument("--retry-failed", action="store_true",
                   help="decide every failed record again, even those unchanged since")
    p.add_argument("--preview", action="store_true",
                   help="read from Shopify and decide everything, change nothing on either "
                        "side, and list each record's planned change; the next sync says "
                        "where it did otherwise")
    p.add_argument("--wait", type=float, metavar="SECONDS", default=None,
                   help="how long to wait for another sync of the same shop to finish "
                        "(default 300; 0 gives up at once)")

    orders = add(commands, "orders", "Shopify orders and their sales documents").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(orders, "list", "staged and imported Shopify orders")
    p.add_argument("--shop")
    p = add(orders, "history", "what each sync changed on one order (its document, "
            "fulfillments, credit memos...), newest first")
    p.add_argument("id", metavar="NAME_OR_ID", help="the order's name (#1001), GID or number")
    p.add_argument("--shop", help="only the runs of this shop card")
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
    p = add(documents, "add-invoice", "enter a local sales invoice (saved unposted, or posted "
            "with --post; a posted one goes to Shopify with the posted-invoice sync)")
    p.add_argument("customer_no", metavar="CUSTOMER_NO")
    p.add_argument("lines", nargs="*", metavar="ITEM=QTY[@PRICE]",
                   help="item lines (default price: the item's)")
    p.add_argument("--account", action="append", default=[], metavar="CODE=AMOUNT[:TEXT]",
                   help="a G/L account line (repeatable)")
    p.add_argument("--post", action="store_true", help="post the invoice at once")
    p.add_argument("--remaining", metavar="AMOUNT",
                   help="with --post: what the customer still owes (default: the whole total)")
    p.add_argument("--shop")
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

    p = add(commands, "log", "the history of runs (syncs, order actions, commands "
            "that change local data) with per-record errors and warnings")
    p.add_argument("--last", type=int, default=10, help="the newest N matching runs")
    p.add_argument("--shop", help="only the runs of this shop")
    p.add_argument("--resource", choices=RECORDED_RESOURCES,
                   help="only the runs of this resource (order-actions, customer-conflicts and "
                        "local-*: the recorded commands that are not syncs)")
    p.add_argument("--failed-only", action="store_true",
                   help="only runs that failed or had records fail")
    p.add_argument("--csv", type=Path, metavar="FILE",
                   help="also write the runs and their errors to FILE (CSV)")

    schedules = add(commands, "schedules", "recurring syncs (the window's Schedules; run by "
                    "the window while open, or by `shop-sync scheduler`)").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(schedules, "list", "every schedule with its next run and what became of the last")
    p.add_argument("--shop", help="only the schedules of this shop")
    p = add(schedules, "add", "sync RESOURCE every MINUTES (due at once; an existing schedule "
            "of that shop and resource takes the new interval)")
    p.add_argument("resource", choices=SYNC_RESOURCES)
    p.add_argument("--every", type=int, required=True, metavar="MINUTES",
                   help="5, 15, 30, 60, 240 or 1440 (the window's choices)")
    p.add_argument("--shop")
    p = add(schedules, "remove", "delete a schedule (by the id `schedules list` shows)")
    p.add_argument("id", type=int)
    p = add(commands, "scheduler", "run the due schedules without the window (cron, systemd); "
            "a shop busy elsewhere is skipped and tried again at the next look")
    p.add_argument("--once", action="store_true",
                   help="run what is due now and exit (for cron or a systemd timer)")
    p.add_argument("--tick", type=float, default=None, metavar="SECONDS",
                   help="without --once: the longest wait between two looks (default 30)")

    from desktop_app.cli import commands_setup

    commands_setup.add_arguments(commands, add)  # templates, country-templates, tax-areas
    from desktop_app.cli import commands_conflicts

    commands_conflicts.add_arguments(commands, add)  # conflicts list|resolve (issue 19)
    from desktop_app.cli import commands_database

    commands_database.add_arguments(commands, add)  # database copy --to URL (issue 22)

    demo = add(commands, "demo-shop", "the built-in simulated Shopify shop").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = add(demo, "serve", "serve a demo shop on a local HTTP port")
    if p is not _UNBUILT:  # (its options name the demo shop's plans)
        from desktop_app.demo_shop import serve_options  # not the demo shop itself: see there

        serve_options.add_arguments(p)
    return parser
