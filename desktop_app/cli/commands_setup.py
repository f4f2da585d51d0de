"""`shop-sync templates|country-templates|tax-areas ...`: the setup tables the engine reads
(the window's Setup page's twin; both change them through `sync.setup_runs`)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TypeAlias

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, Output, UsageError

if TYPE_CHECKING:  # the commands import these when they run (a quick start)
    from desktop_app.store.customer_templates import ShopCustomerTemplateRecord, TaxAreaRecord
    from desktop_app.sync.locations import ShopifyLocation

_TEMPLATE_FIELDS = ("description, country, tax_area, tax_liable, payment_terms, currency, "
                    "category, customer_posting_group, gen_bus_posting_group, "
                    "vat_bus_posting_group")

#: The sub-parsers of a command (`argparse.ArgumentParser.add_subparsers`).
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
AddParser = Callable[[SubParsers, str, str], argparse.ArgumentParser]


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

    areas = add(commands, "tax-areas", "the local tax areas that templates and counties "
                "name").add_subparsers(dest="action", metavar="ACTION")
    add(areas, "list", "every tax area and what uses it")
    p = add(areas, "add", "create a tax area (an existing one takes the new description)")
    p.add_argument("code")
    p.add_argument("assignments", nargs="*", metavar="description=TEXT")
    p = add(areas, "remove", "delete a tax area (refused while something uses it)")
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
    p = add(maps, "list", "shipment methods (by shipping title) and payment terms")
    p.add_argument("--shop")
    p = add(maps, "set", "map a Shopify value to a local code (an empty code unmaps it)")
    p.add_argument("kind", metavar="KIND", help="shipment-method, payment-terms or "
                   "payment-method")
    p.add_argument("shopify_value", metavar="SHOPIFY_VALUE",
                   help="a shipping line's title, or a payment terms template's name or id")
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
        out.result(rows, lambda: "\n".join(
            f"{r['code']:<20} {r['description'][:30]:<30} {r['country'] or '-':<3} "
            f"{r['category']:<12} tax area {r['tax_area'] or '-'}" for r in rows
        ) or "No customer templates.")
        return EXIT_OK
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
        out.result(rows, lambda: "\n".join(
            f"{r['country']:<3} template {r['template'] or '-':<20} default customer "
            f"{r['default_customer_no'] or '-':<12} tax area {r['tax_area'] or '-':<10} "
            f"county {r['county_source'] or '(shop)'}" for r in rows
        ) or f"Shop {shop} has no country templates.")
        return EXIT_OK
    if args.action == "set":
        values = _assignments(args.assignments, customer_templates.COUNTRY_SETTABLE)
        saved, changes = setup_runs.set_country_template(shop, args.country, values)
        subject = f"Country template {saved.country_code} of shop {shop}"
        out.result({**_country_row(shop, saved), "changed": _changes(changes)},
                   _change_text(subject, changes))
        return EXIT_OK
    if args.action == "remove":
        removed = setup_runs.remove_country_template(shop, args.country)
        out.result({"shop": shop, "removed": removed.country_code},
                   f"Country template {removed.country_code} of shop {shop} removed.")
        return EXIT_OK
    raise UsageError("country-templates needs an action: list, set, remove")


def cmd_tax_areas(args, out: Output, services) -> int:
    from desktop_app.store import tax_area_codes
    from desktop_app.sync import setup_runs

    if args.action == "list":
        rows = [{**asdict(r),
                 "used_by": [u.text for u in tax_area_codes.tax_area_code_uses(r.code)]}
                for r in tax_area_codes.list_tax_area_codes()]
        out.result(rows, lambda: "\n".join(
            f"{r['code']:<20} {r['description'][:40]:<40} "
            f"{len(r['used_by'])} use(s)" for r in rows
        ) or "No tax areas.")
        return EXIT_OK
    if args.action == "add":
        values = _assignments(args.assignments, ("description",))
        record, created = setup_runs.add_tax_area(args.code, values.get("description", ""))
        out.result({**asdict(record), "created": created},
                   f"Tax area {record.code} {'created' if created else 'updated'}.")
        return EXIT_OK
    if args.action == "remove":
        removed = setup_runs.remove_tax_area(args.code)
        out.result({"removed": removed.code}, f"Tax area {removed.code} removed.")
        return EXIT_OK
    raise UsageError("tax-areas needs an action: list, add, remove")


def _county_row(shop: str, row: TaxAreaRecord) -> dict[str, Any]:
    return {"shop": shop, "country": row.country_code, "county": row.county_code,
            "name": row.county_name, "tax_area": row.tax_area_code,
            "tax_liable": row.tax_liable}


def cmd_counties(args, out: Output, services) -> int:
    from desktop_app.store import customer_templates
    from desktop_app.sync import setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [_county_row(shop, r) for r in customer_templates.list_tax_areas(shop)]
        out.result(rows, lambda: "\n".join(
            f"{r['country']:<3} {r['county']:<10} {r['name'][:30]:<30} tax area "
            f"{r['tax_area'] or '-'}" + ("  tax liable" if r["tax_liable"] else "")
            for r in rows) or f"Shop {shop} has no counties.")
        return EXIT_OK
    if args.action == "set":
        values = _assignments(args.assignments, customer_templates.COUNTY_SETTABLE)
        saved, changes = setup_runs.set_county(shop, args.country, args.county, values)
        subject = f"County {saved.country_code}-{saved.county_code} of shop {shop}"
        out.result({**_county_row(shop, saved), "changed": _changes(changes)},
                   _change_text(subject, changes))
        return EXIT_OK
    if args.action == "remove":
        removed = setup_runs.remove_county(shop, args.country, args.county)
        out.result({"shop": shop, "removed": f"{removed.country_code}-{removed.county_code}"},
                   f"County {removed.country_code}-{removed.county_code} of shop {shop} "
                   "removed.")
        return EXIT_OK
    raise UsageError("counties needs an action: list, set, remove")


def cmd_mappings(args, out: Output, services) -> int:
    from desktop_app.store import mappings
    from desktop_app.sync import setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [{"shop": shop, **asdict(r)} for r in mappings.list_mappings(shop)]
        out.result(rows, lambda: "\n".join(
            f"{r['kind']:<16} {r['shopify_value'][:40]:<40} -> {r['local_code'] or '(unmapped)'}"
            + (f"  {r['detail']}" if r["detail"] else "") for r in rows
        ) or f"Shop {shop} has no mappings yet.")
        return EXIT_OK
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


def cmd_locations(args, out: Output, services) -> int:
    from desktop_app.sync import locations, setup_runs

    shop = resolve_shop(args.shop)
    if args.action == "list":
        rows = [_location_row(shop, r)
                for r in asyncio.run(locations.linked_locations(services.service, shop))]
        out.result(rows, lambda: "\n".join(
            f"{r['shopify_id']:<40} {r['name'][:30]:<30} {r['country']:<3} "
            f"-> {r['local_code'] or '(none)'}"
            + (f", returns {r['return_location_code']}" if r["return_location_code"] else "")
            + ("" if r["active"] else "  (inactive)")
            + ("" if r["in_shopify"] else "  (no longer in Shopify)")
            + ("  fulfils online orders" if r["fulfills_online_orders"] else "") for r in rows
        ) or f"Shop {shop} has no locations.")
        return EXIT_OK
    if args.action == "set":
        found = locations.find_location(
            asyncio.run(locations.linked_locations(services.service, shop)), args.location)
        saved, (old, new) = setup_runs.set_location(
            shop, found.shopify_id, found.name, args.local_code,
            return_location=args.return_location)
        field = "return location" if args.return_location else "location"
        out.result({"shop": shop, **asdict(saved), "changed": {"old": old, "new": new}},
                   f"Shopify location {found.name} of shop {shop}: {field} "
                   + (f"'{old}' -> '{new}'." if old != new else "nothing to change."))
        return EXIT_OK
    raise UsageError("locations needs an action: list, set")
