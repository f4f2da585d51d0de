"""`shop-sync templates|country-templates|tax-areas|accounts|payment-methods|local-locations
...`: the setup tables the engine reads (the window's Setup page's twin; both change them through
`sync.setup_runs`)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, Output, UsageError, counted

if TYPE_CHECKING:  # the commands import these when they run (a quick start)
    from desktop_app.store.code_tables import CodeTable
    from desktop_app.store.customer_templates import ShopCustomerTemplateRecord, TaxAreaRecord
    from desktop_app.sync.locations import ShopifyLocation

_TEMPLATE_FIELDS = ("description, country, tax_area, tax_liable, payment_terms, currency, "
                    "category, customer_posting_group, gen_bus_posting_group, "
                    "vat_bus_posting_group")

#: The sub-parsers of a command (`argparse.ArgumentParser.add_subparsers`).
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
AddParser = Callable[[SubParsers, str, str], argparse.ArgumentParser]
Command = Callable[..., int]


def add_arguments(commands: SubParsers, add: AddParser) -> None:
    """The setup commands' sub-parsers (called by `parser.build_parser`)."""
    templates = add(commands, "templates", "customer templates: what a new local customer "
                    "gets").add_subparsers(dest="action", metavar="ACTION")
    add(templates, "list", "every customer template")
    p = add(templates, "add", f"create a customer template (fields: {_TEMPLATE_FIELDS})")
    p.add_argument("code")
    p.add_argument("assignments", nargs="*", metavar="FIELD=VALUE")
    p = add(templates, "set", "change fields of a customer template (FIELD= clears it)")
    p.add_argument("code")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p = add(templates, "remove", "delete a customer template (refused while a Shop Card or a "
            "country template uses it)")
    p.add_argument("code")

    countries = add(commands, "country-templates", "a shop's customer template per country "
                    "(template, default customer, tax area, county source)").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(countries, "list", "the shop's rows, one per country")
    p.add_argument("--shop")
    p = add(countries, "set", "create or change the row of country CC (only the fields "
            "given; FIELD= clears it)")
    p.add_argument("country", metavar="CC")
    p.add_argument("assignments", nargs="*", metavar="FIELD=VALUE",
                   help="template=CODE default_customer_no=NO tax_area=CODE "
                        "county_source=code|name")
    p.add_argument("--shop")
    p = add(countries, "remove", "delete the row of country CC (its customers then take the "
            "Shop Card's template)")
    p.add_argument("country", metavar="CC")
    p.add_argument("--shop")

    for table in CODE_TABLES:
        parsers = add(commands, table.command, table.help).add_subparsers(dest="action",
                                                                          metavar="ACTION")
        add(parsers, "list", f"every {table.noun} and what uses it")
        p = add(parsers, "add", f"create a {table.noun} (an existing one takes the new "
                f"{table.text})")
        p.add_argument("code")
        p.add_argument("assignments", nargs="*", metavar=f"{table.text}=TEXT")
        p = add(parsers, "remove", f"delete a {table.noun} (refused while something uses it)")
        p.add_argument("code")

    counties = add(commands, "counties", "a shop's counties (provinces, states) and the tax "
                   "area each gives").add_subparsers(dest="action", metavar="ACTION")
    p = add(counties, "list", "the shop's county rows")
    p.add_argument("--shop")
    p = add(counties, "set", "create or change the county COUNTY of country CC (only the "
            "fields given; FIELD= clears it)")
    p.add_argument("country", metavar="CC")
    p.add_argument("county", metavar="COUNTY", help="the province or state code (e.g. ON)")
    p.add_argument("assignments", nargs="*", metavar="FIELD=VALUE",
                   help="name=TEXT tax_area=CODE tax_liable=true|false")
    p.add_argument("--shop")
    p = add(counties, "remove", "delete the county COUNTY of country CC")
    p.add_argument("country", metavar="CC")
    p.add_argument("county", metavar="COUNTY")
    p.add_argument("--shop")

    maps = add(commands, "mappings", "a shop's Shopify values and the local codes they stand "
               "for").add_subparsers(dest="action", metavar="ACTION")
    p = add(maps, "list", "shipment methods (by shipping title), payment terms and payment "
            "methods (by payment gateway)")
    p.add_argument("--shop")
    p = add(maps, "set", "map a Shopify value to a local code (an empty code unmaps it)")
    p.add_argument("kind", metavar="KIND", help="shipment-method, payment-terms or "
                   "payment-method")
    p.add_argument("shopify_value", metavar="SHOPIFY_VALUE",
                   help="a shipping line's title, a payment terms template's name or id, or a "
                        "payment gateway (such as shopify_payments, paypal)")
    p.add_argument("local_code", metavar="LOCAL_CODE")
    p.add_argument("--shop")

    locations = add(commands, "locations", "the shop's Shopify locations").add_subparsers(
        dest="action", metavar="ACTION")
    p = add(locations, "list", "the shop's Shopify locations, read from Shopify now")
    p.add_argument("--shop")
    p = add(locations, "set", "link a Shopify location to a local location code (an empty "
            "code unlinks it)")
    p.add_argument("location", metavar="SHOPIFY_LOCATION_ID",
                   help="the location's id (the number or gid), or its name")
    p.add_argument("local_code", metavar="LOCAL_CODE")
    p.add_argument("--return", dest="return_location", action="store_true",
                   help="set the location returned items restocked there go back to")
    p.add_argument("--shop")


@dataclass(frozen=True)
class CodeCommand:
    """A local code table's commands: `command` (`tax-areas`), its help, and the row's
    `noun` and `text` field (the table itself is imported when a command runs)."""

    command: str
    help: str
    noun: str
    text: str

    def table(self) -> CodeTable:
        from desktop_app.store import gl_accounts, local_locations, payment_methods, tax_area_codes

        return {"tax-areas": tax_area_codes.TABLE, "accounts": gl_accounts.TABLE,
                "payment-methods": payment_methods.TABLE,
                "local-locations": local_locations.TABLE}[self.command]


CODE_TABLES = (
    CodeCommand("tax-areas", "the local tax areas that templates and counties name", "tax area",
                "description"),
    CodeCommand("accounts", "the local G/L accounts that the Shop Card's account settings "
                "and the documents name", "G/L account", "name"),
    CodeCommand("payment-methods", "the local payment methods that Shopify's payment "
                "gateways are mapped to (mappings set payment-method)", "payment method",
                "description"),
    CodeCommand("local-locations", "the local locations that Shopify locations are linked "
                "to (locations set) and the Shop Card's return location names",
                "local location", "name"),
)


def _listed(out: Output, rows: list[dict[str, Any]], line: Callable[[dict[str, Any]], str],
            empty: str) -> int:
    """A `list` command's rows: JSON, or one line each (`empty` when there are none)."""
    out.result(rows, lambda: "\n".join(line(r) for r in rows) or empty)
    return EXIT_OK


def _saved(out: Output, row: dict[str, Any], changes: dict[str, tuple[Any, Any]],
           subject: str) -> int:
    """A `set` command's result: the row and what changed (or "nothing to change")."""
    out.result({**row, "changed": _changes(changes)}, _change_text(subject, changes))
    return EXIT_OK


def _removed(out: Output, shop: str, key: str, subject: str) -> int:
    """A `remove` command's result for a row of a shop card."""
    out.result({"shop": shop, "removed": key}, f"{subject} removed.")
    return EXIT_OK


def _assignments(items: list[str], known: tuple[str, ...] | None = None) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            raise UsageError(f"'{item}' is not FIELD=VALUE")
        if known is not None and name not in known:
            raise UsageError(f"unknown field '{name}' (known: {', '.join(known)})")
        values[name] = value
    return values


def _changes(changes: dict[str, tuple[Any, Any]]) -> dict[str, dict[str, Any]]:
    return {k: {"old": old, "new": new} for k, (old, new) in changes.items()}


def _change_text(subject: str, changes: dict[str, tuple[Any, Any]]) -> str:
    if not changes:
        return f"{subject}: nothing to change."
    return f"{subject}: " + ", ".join(f"{k} '{o}' -> '{n}'" for k, (o, n) in changes.items()) + "."


def cmd_templates(args, out: Output, services) -> int:
    from desktop_app.store import customer_templates
    from desktop_app.sync import setup_runs

    if args.action == "list":
        rows = [asdict(t) for t in customer_templates.list_customer_templates()]
        return _listed(out, rows, lambda r: f"{r['code']:<20} {r['description'][:30]:<30} "
                       f"{r['country'] or '-':<3} {r['category']:<12} tax area "
                       f"{r['tax_area'] or '-'}", "No customer templates.")
    if args.action == "add":
        made = setup_runs.add_template(args.code, _assignments(args.assignments))
        out.result({**asdict(made), "created": True}, f"Template {made.code} created.")
        return EXIT_OK
    if args.action == "set":
        saved, changes = setup_runs.set_template(args.code, _assignments(args.assignments))
        out.result({"code": saved.code, "changed": _changes(changes), "template": asdict(saved)},
                   _change_text(f"Template {saved.code}", changes))
        return EXIT_OK
    if args.action == "remove":
        removed = setup_runs.remove_template(args.code)
        out.result({"removed": removed.code}, f"Template {removed.code} removed.")
        return EXIT_OK
    raise UsageError("templates needs an action: list, add, set, remove")


def _country_row(shop: str, row: ShopCustomerTemplateRecord) -> dict[str, Any]:
    return {"shop": shop, "country": row.country_code, "template": row.template_code,
            "default_customer_no": row.default_customer_no, "tax_area": row.tax_area,
            "county_source": row.county_source}


def cmd_country_templates(args, out: Output, services) -> int:
    from desktop_app.store import customer_templates
    from desktop_app.sync import setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [_country_row(shop, r)
                for r in customer_templates.list_shop_customer_templates(shop)]
        return _listed(out, rows, lambda r: f"{r['country']:<3} template "
                       f"{r['template'] or '-':<20} default customer "
                       f"{r['default_customer_no'] or '-':<12} tax area "
                       f"{r['tax_area'] or '-':<10} county {r['county_source'] or '(shop)'}",
                       f"Shop {shop} has no country templates.")
    if args.action == "set":
        values = _assignments(args.assignments, customer_templates.COUNTRY_SETTABLE)
        saved, changes = setup_runs.set_country_template(shop, args.country, values)
        return _saved(out, _country_row(shop, saved), changes,
                      f"Country template {saved.country_code} of shop {shop}")
    if args.action == "remove":
        removed = setup_runs.remove_country_template(shop, args.country)
        return _removed(out, shop, removed.country_code,
                        f"Country template {removed.country_code} of shop {shop}")
    raise UsageError("country-templates needs an action: list, set, remove")


def _code_table_command(table: CodeCommand) -> Command:
    """`shop-sync <table> list|add|remove`: a local code table (`store.code_tables`)."""

    def command(args, out: Output, services) -> int:
        from desktop_app.sync import setup_runs

        codes = table.table()
        noun = table.noun[0].upper() + table.noun[1:]
        if args.action == "list":
            rows = [{**asdict(r), "used_by": [u.text for u in codes.uses(r.code)]}
                    for r in codes.rows()]
            return _listed(out, rows, lambda r: f"{r['code']:<20} {r[table.text][:40]:<40} "
                           f"{counted(len(r['used_by']), 'use')}", f"No {table.noun}s.")
        if args.action == "add":
            values = _assignments(args.assignments, (table.text,))
            record, created = setup_runs.add_code(codes, args.code, values.get(table.text, ""))
            out.result({**asdict(record), "created": created},
                       f"{noun} {record.code} {'created' if created else 'updated'}.")
            return EXIT_OK
        if args.action == "remove":
            removed = setup_runs.remove_code(codes, args.code)
            out.result({"removed": removed.code}, f"{noun} {removed.code} removed.")
            return EXIT_OK
        raise UsageError(f"{table.command} needs an action: list, add, remove")

    return command


def _county_row(shop: str, row: TaxAreaRecord) -> dict[str, Any]:
    return {"shop": shop, "country": row.country_code, "county": row.county_code,
            "name": row.county_name, "tax_area": row.tax_area_code,
            "tax_liable": row.tax_liable}


#: `tax-areas`, `accounts`...: the commands of the local code tables, by name.
CODE_COMMANDS = {t.command: _code_table_command(t) for t in CODE_TABLES}


def cmd_counties(args, out: Output, services) -> int:
    from desktop_app.store import customer_templates
    from desktop_app.sync import setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [_county_row(shop, r) for r in customer_templates.list_tax_areas(shop)]
        return _listed(out, rows, lambda r: f"{r['country']:<3} {r['county']:<10} "
                       f"{r['name'][:30]:<30} tax area {r['tax_area'] or '-'}"
                       + ("  tax liable" if r["tax_liable"] else ""),
                       f"Shop {shop} has no counties.")
    if args.action == "set":
        values = _assignments(args.assignments, customer_templates.COUNTY_SETTABLE)
        saved, changes = setup_runs.set_county(shop, args.country, args.county, values)
        return _saved(out, _county_row(shop, saved), changes,
                      f"County {saved.country_code}-{saved.county_code} of shop {shop}")
    if args.action == "remove":
        removed = setup_runs.remove_county(shop, args.country, args.county)
        county = f"{removed.country_code}-{removed.county_code}"
        return _removed(out, shop, county, f"County {county} of shop {shop}")
    raise UsageError("counties needs an action: list, set, remove")


def cmd_mappings(args, out: Output, services) -> int:
    from desktop_app.store import mappings
    from desktop_app.sync import setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [{"shop": shop, **asdict(r)} for r in mappings.list_mappings(shop)]
        return _listed(out, rows, lambda r: f"{r['kind']:<16} {r['shopify_value'][:40]:<40} "
                       f"-> {r['local_code'] or '(unmapped)'}"
                       + (f"  {r['detail']}" if r["detail"] else ""),
                       f"Shop {shop} has no mappings yet.")
    if args.action == "set":
        saved, (old, new) = setup_runs.set_mapping(shop, args.kind, args.shopify_value,
                                                   args.local_code)
        out.result({"shop": shop, **asdict(saved), "changed": {"old": old, "new": new}},
                   f"{saved.kind} '{saved.shopify_value}' of shop {shop}: "
                   + (f"'{old}' -> '{new}'." if old != new else "nothing to change."))
        return EXIT_OK
    raise UsageError("mappings needs an action: list, set")


def _location_row(shop: str, row: ShopifyLocation) -> dict[str, Any]:
    return {"shop": shop, **asdict(row)}


def _read_locations(services, shop: str) -> list[ShopifyLocation]:
    """The shop's locations read from Shopify, its connections closed inside the same event
    loop (closing them from another loop fails: "Event loop is closed")."""
    from desktop_app.sync import locations

    async def read() -> list[ShopifyLocation]:
        try:
            return await locations.linked_locations(services.service, shop)
        finally:
            await services.service.aclose()

    return asyncio.run(read())


def cmd_locations(args, out: Output, services) -> int:
    from desktop_app.sync import locations, setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [_location_row(shop, r) for r in _read_locations(services, shop)]
        return _listed(out, rows, lambda r: f"{r['shopify_id']:<40} {r['name'][:30]:<30} "
                       f"{r['country']:<3} -> {r['local_code'] or '(none)'}"
                       + (f", returns {r['return_location_code']}"
                          if r["return_location_code"] else "")
                       + ("" if r["active"] else "  (inactive)")
                       + ("" if r["in_shopify"] else "  (no longer in Shopify)")
                       + ("  fulfils online orders" if r["fulfills_online_orders"] else ""),
                       f"Shop {shop} has no locations.")
    if args.action == "set":
        found = locations.find_location(_read_locations(services, shop), args.location)
        saved, (old, new) = setup_runs.set_location(
            shop, found.shopify_id, found.name, args.local_code,
            return_location=args.return_location)
        field = "return location" if args.return_location else "location"
        out.result({"shop": shop, **asdict(saved), "changed": {"old": old, "new": new}},
                   f"Shopify location {found.name} of shop {shop}: {field} "
                   + (f"'{old}' -> '{new}'." if old != new else "nothing to change."))
        return EXIT_OK
    raise UsageError("locations needs an action: list, set")
