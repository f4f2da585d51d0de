"""`shop-sync shop ...` and `shop-sync token ...`: shop cards and their secrets."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from desktop_app.cli.output import (
    EXIT_OK,
    Output,
    UsageError,
    assignments,
    counted,
    setting_text,
)
from desktop_app.errors import NotFoundError


def resolve_shop(code: str | None) -> str:
    from desktop_app.store.shops import get_shop, list_shops

    if code:
        get_shop(code)
        return code
    shops = list_shops()
    if len(shops) == 1:
        return shops[0].code
    if not shops:
        raise NotFoundError("There is no shop yet: add one with `shop-sync shop add`")
    raise UsageError("Several shops exist: say which with --shop CODE ("
                     + ", ".join(s.code for s in shops) + ")")


def shop_values(code: str) -> dict[str, Any]:
    from desktop_app.store.shops import get_shop

    shop = get_shop(code)
    values: dict[str, Any] = {
        "code": shop.code,
        "name": shop.name,
        "domain": shop.domain,
        "api_url": shop.api_url,
        "demo": bool(shop.is_demo),
        "auth_method": shop.auth_method,
        "client_id": shop.client_id,
    }
    values.update(shop.settings)
    return values


def cmd_shop(args, out: Output, services) -> int:
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.store.shops import list_shops

    if args.action == "add":
        if getattr(args, "test", False):
            return _add_tested(args, out, services)
        domain = api_url = None
        if getattr(args, "bare", False) and not args.demo:
            raise UsageError("--bare goes with --demo")
        if args.domain:
            # Every form a merchant has: NAME, NAME.myshopify.com, the admin address.
            domain = ShopAddress.parse(args.domain).host
        elif args.api_url:
            address = ShopAddress.parse(args.api_url)
            if not address.is_loopback:
                raise UsageError("--api-url must be an http address on this computer (loopback)")
            api_url = args.api_url.rstrip("/")
        services.admin.create(
            args.code,
            name=args.name or args.code,
            domain=domain,
            api_url=api_url,
            is_demo=bool(args.demo),
            auth_method="client_credentials" if args.client_id else "token",
            client_id=args.client_id,
            demo_set_up=not getattr(args, "bare", False),
        )
        out.result(shop_values(args.code), f"Shop {args.code} added.")
        return EXIT_OK
    if args.action == "set":
        changes = assignments(args.assignments, lower=False)
        services.admin.set_settings(args.code, changes)
        out.result(shop_values(args.code),
                   f"Shop {args.code}: {counted(len(changes), 'setting')} saved.")
        return EXIT_OK
    if args.action == "show":
        values = shop_values(args.code)
        out.result(values, lambda: "\n".join(f"{k} = {setting_text(v)}" for k, v in values.items()))
        return EXIT_OK
    if args.action == "list":
        rows = [
            {"code": s.code, "name": s.name, "domain": s.domain, "api_url": s.api_url,
             "demo": bool(s.is_demo)}
            for s in list_shops()
        ]
        out.rows(rows, lambda r: (
            f"{r['code']:<12} {r['name']:<24} "
            f"{'demo (built in)' if r['demo'] else r['domain'] or r['api_url']}"
        ), "No shops.")
        return EXIT_OK
    if args.action == "remove":
        async def remove():
            try:
                return await services.admin.remove(args.code)
            finally:
                await services.service.aclose()

        removal = asyncio.run(remove())  # the window's Remove shop card does the same
        text = f"Shop {args.code} removed."
        if removal.customers_removed or removal.documents_removed or removal.customers_kept:
            text += (f" Demo data removed: {counted(removal.customers_removed, 'sample customer')}"
                     f", {counted(removal.documents_removed, 'document')}.")
        if removal.customers_kept:
            text += (" Kept as your own (changed by you or used elsewhere): "
                     + ", ".join(removal.customers_kept) + ".")
        out.result({"removed": args.code, "customers_removed": removal.customers_removed,
                    "customers_kept": list(removal.customers_kept),
                    "documents_removed": removal.documents_removed}, text)
        return EXIT_OK
    raise UsageError("shop needs an action: add, set, show, list, remove")


def _read_stdin_secret() -> str:
    """All of stdin less one line end (`token set`'s rule: anything else is refused by
    check_secret with the reason, never dropped); empty when stdin has nothing."""
    from desktop_app.credentials.vault import MAX_SECRET_CHARS

    if sys.stdin is None or sys.stdin.isatty():
        return ""
    value = sys.stdin.read(MAX_SECRET_CHARS + 3)
    return value[:-2] if value.endswith("\r\n") else value.removesuffix("\n")


def _add_tested(args, out: Output, services) -> int:
    """`shop add CODE --domain ADDRESS --test`: the "Connect your store" assistant's twin.

    The secret (stdin, else SHOP_SYNC_TOKEN_<CODE> / SHOP_SYNC_CLIENT_SECRET_<CODE>) is
    tested against the shop before anything is stored (`ShopAdmin.probe`); only when the
    shop answers is the card created with its country, currency and time zone, and a secret
    read from stdin stored in the keyring (`ShopAdmin.connect`). Any failure: exit 2, one
    line, nothing stored.
    """
    from desktop_app.credentials.vault import VaultStatus, check_secret
    from desktop_app.errors import CredentialsError
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.store.shops import list_shops
    from desktop_app.sync.service import secret_variable

    if args.demo:
        raise UsageError("--test needs --domain (or --api-url): the demo shop needs no test")
    address = args.domain or args.api_url
    if args.api_url and not ShopAddress.parse(args.api_url).is_loopback:
        raise UsageError("--api-url must be an http address on this computer (loopback)")
    ShopAddress.parse(address)  # a bad address is refused before stdin is read
    if any(s.code.casefold() == args.code.casefold() for s in list_shops()):
        raise UsageError(f"A shop with code '{args.code}' already exists")
    method = "client_credentials" if args.client_id else "token"
    kind = "client_secret" if args.client_id else "token"
    variable = secret_variable(args.code, kind)
    secret = _read_stdin_secret()
    source = "stdin"
    if not secret:
        secret = os.environ.get(variable, "").strip()
        source = "environment"
    if not secret:
        what = "client secret" if args.client_id else "Admin API access token"
        raise UsageError(f"No {what} to test: pipe it in on stdin or set {variable}")
    check_secret(secret)
    if source == "stdin" and services.vault.status() is not VaultStatus.SYSTEM:
        raise CredentialsError(
            "No system keyring was found, so the secret could not be stored: nothing was "
            f"added. Set the environment variable {variable} instead and run this again.")

    async def connect():
        try:
            info = await services.admin.probe(address, secret, auth_method=method,
                                              client_id=args.client_id)
            record = await services.admin.connect(
                args.code, address, name=args.name or "", auth_method=method,
                client_id=args.client_id, secret=secret if source == "stdin" else None,
                info=info)
            return info, record
        finally:
            await services.service.aclose()

    info, record = asyncio.run(connect())
    values = shop_values(record.code)
    values["connection"] = {
        "tested": True, "shop_name": info.name, "myshopify_domain": info.domain,
        "plan": info.plan, "country": info.country, "currency": info.currency,
        "time_zone": info.timezone, "api_version": info.api_version,
        "scopes": list(info.scopes), "missing_scopes": list(info.missing_scopes),
        "secret": "keyring" if source == "stdin" else variable,
    }

    def text() -> str:
        lines = [f"Shop {record.code} added: connected to {info.name} ({info.domain}).",
                 f"Country {info.country or '-'}, currency {info.currency or '-'}, "
                 f"time zone {info.timezone or '-'} (now on the card)."]
        if source == "stdin":
            lines.append("The secret is stored in the system keyring.")
        else:
            lines.append(f"The secret was read from {variable} and not stored.")
        if info.missing_scopes:
            lines.append("Missing access scopes (grant them to the app, then reinstall it): "
                         + ", ".join(info.missing_scopes))
        else:
            lines.append("Every access scope Shop Sync needs is granted.")
        return "\n".join(lines)

    out.result(values, text)
    return EXIT_OK


def cmd_token(args, out: Output, services) -> int:
    from desktop_app.credentials.vault import MAX_SECRET_CHARS, check_secret
    from desktop_app.errors import CredentialsError
    from desktop_app.store.shops import get_shop

    get_shop(args.code)
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
        asyncio.run(services.admin.set_secret(args.code, kind, value))
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
        asyncio.run(services.admin.forget_secrets(args.code))  # the token and a client secret
        out.result({"shop": args.code, "deleted": True}, f"Secrets of shop {args.code} deleted.")
        return EXIT_OK
    raise UsageError("token needs an action: set, delete")
