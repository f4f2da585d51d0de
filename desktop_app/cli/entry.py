"""`shop-sync` itself: parse, build the services, run one command, turn its outcome into an
exit code (0 done; 1 done but some records failed; 2 nothing done)."""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app.cli.commands_setup import CODE_COMMANDS, Command
from desktop_app.cli.output import EXIT_FAILED, Output
from desktop_app.cli.parser import build_parser
from desktop_app.errors import AppError

# The name the command line always logged under (one logger for the whole package's outcome).
log = logging.getLogger("desktop_app.cli")


def cmd_gui(args) -> int:
    from desktop_app.gui import run_gui
    from desktop_app.store.engines import DATABASE_ENV

    if getattr(args, "database", None):  # the window reads the server from the environment
        os.environ[DATABASE_ENV] = args.database
    # No command at all also opens the window; that parse has no --quit-after.
    return run_gui(args.data_dir, quit_after_ms=getattr(args, "quit_after", None))


#: Each command's function, by module of this package: a command imports its own module when
#: it runs (with what that module needs), not every command's (`tests/unit/test_start_imports`).
_COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "shop": ("commands_shop", "cmd_shop"),
    "token": ("commands_shop", "cmd_token"),
    "customers": ("commands_customers", "cmd_customers"),
    "items": ("commands_customers", "cmd_items"),
    "sync": ("commands_sync", "cmd_sync"),
    "orders": ("commands_orders", "cmd_orders"),
    "documents": ("commands_documents", "cmd_documents"),
    "shipping-agents": ("commands_documents", "cmd_shipping_agents"),
    "gift-cards": ("commands_documents", "cmd_gift_cards"),
    "log": ("commands_sync", "cmd_log"),
    "schedules": ("commands_schedules", "cmd_schedules"),
    "scheduler": ("commands_schedules", "cmd_scheduler"),
    "templates": ("commands_setup", "cmd_templates"),
    "country-templates": ("commands_setup", "cmd_country_templates"),
    "mappings": ("commands_setup", "cmd_mappings"),
    "locations": ("commands_setup", "cmd_locations"),
    "counties": ("commands_setup", "cmd_counties"),
    "conflicts": ("commands_conflicts", "cmd_conflicts"),
    "database": ("commands_database", "cmd_database"),
}


def command(name: str) -> Command:
    """The function of command `name` (`shop`, `sync`, `tax-areas`...), its module imported."""
    if name in CODE_COMMANDS:  # tax-areas, accounts...
        return CODE_COMMANDS[name]
    module, function = _COMMAND_MODULES[name]
    return getattr(importlib.import_module(f"desktop_app.cli.{module}"), function)


#: The name of every command that runs on the data folder.
COMMANDS: tuple[str, ...] = (*_COMMAND_MODULES, *CODE_COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    try:
        args = parser.parse_args(words)
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

    log_path: Path | None = None
    services: app.Services | None = None  # built: the command runs, and is closed after
    try:
        folder = paths.data_dir(args.data_dir)
        log_path = setup_logging(paths.log_dir(folder))
        services = app.build_services(folder, database=args.database)
        return command(args.command)(args, out, services)
    except AppError as exc:
        if services is not None:
            log.warning("command %s failed: %s", args.command, exc.code)
        out.error(str(exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 (one clear line, the trace in the log)
        out.error(_unexpected(exc, args.command, log_path, getattr(args, "database", None)))
        return EXIT_FAILED
    finally:
        try:
            if services is not None:
                asyncio.run(services.aclose())
        except Exception:  # noqa: BLE001 (closing must not hide the command's outcome)
            log.exception("closing after %s failed", args.command)


def _unexpected(exc: Exception, command: str, log_path: Path | None,
                database: str | None = None) -> str:
    """The one line a merchant reads for an error the command did not expect (the full trace
    goes to the log file): what kind of trouble, and what to do about it; on a database
    server (the one open, else `database`: the `--database` option, else
    SHOP_SYNC_DATABASE) what to ask of it instead of the data folder's file and its backups."""
    import sqlite3

    import peewee

    from desktop_app.store import engines

    log.exception("command %s stopped by an unexpected error", command)
    where = f" Details are in {log_path}." if log_path else ""
    text = str(exc).lower()
    from desktop_app.store.database import DB

    bound = DB.obj  # the database open now: a server chosen in Preferences counts too
    url = bound.url if isinstance(bound, engines.PostgresDatabase) else (
        engines.configured_url(database))
    try:
        on_server = url is not None and engines.engine_of_url(url) == engines.POSTGRESQL
    except ValueError:  # an address of no engine: refused before any database error
        on_server = False
    if on_server and isinstance(exc, peewee.DatabaseError):
        server = engines.server_of_url(url or "") or "this computer"
        if "read-only" in text or "read only" in text or "permission denied" in text:
            return (f"The database server ({server}) refused to write: the database user "
                    "this workstation signs in as may only read. Ask whoever runs the server "
                    "to grant it write access." + where)
        if "corrupt" in text or "invalid page" in text or "could not read block" in text:
            return (f"The database server ({server}) reported damaged data. Ask whoever runs "
                    "the server to check it and restore its most recent backup." + where)
        return (f"The database server ({server}) could not be used "
                f"({type(exc).__name__})." + where)
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

