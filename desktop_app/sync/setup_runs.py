"""Changes to the setup tables, as recorded runs (Qt-free; issue 17).

Customer templates, a shop's per-country templates and the tax areas are what the engine
reads to create customers and documents. The window's Setup page and `shop-sync templates`,
`country-templates` and `tax-areas` call these functions, never the store directly, so both
check the same way and leave the same run in the history (resource `local-setup`): what was
saved, or the refused value with its record and field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from desktop_app.errors import AppError
from desktop_app.store import customer_templates as templates
from desktop_app.store import mappings, shipments, shopify_locations, tax_area_codes
from desktop_app.store.setup_checks import SetupValueError
from desktop_app.sync.local_runs import LocalRun, recorded
from desktop_app.sync.results import LOCAL_SETUP

Changes = dict[str, tuple[Any, Any]]


@contextmanager
def _run(what: str, record: str) -> Iterator[LocalRun]:
    """A recorded run whose refusal is an error naming `record` (and the field, if any)."""
    with recorded(LOCAL_SETUP, what) as run:
        try:
            yield run
        except SetupValueError as exc:
            run.result.fail(exc.record, exc.field, exc.reason, code=exc.kind or exc.code)
            raise
        except AppError as exc:
            run.result.fail(record, "", str(exc), code=exc.code)
            raise


def _changed(changes: Changes) -> str:
    return ", ".join(f"{k} '{old}' -> '{new}'" for k, (old, new) in changes.items())


def _count(run: LocalRun, changes: Changes, *, created: bool = False) -> None:
    """Count a saved row into the run, and say what changed: created, updated (the changes
    named) or skipped (nothing to change)."""
    if created:
        run.result.created = 1
        run.message = f"{run.what}: created" + (f", {_changed(changes)}." if changes else ".")
    elif changes:
        run.result.updated = 1
        run.message = f"{run.what}: {_changed(changes)}."
    else:
        run.result.skipped = 1
        run.message = f"{run.what}: nothing to change."


def add_template(code: str, values: Mapping[str, object] | None = None
                 ) -> templates.CustomerTemplateRecord:
    """`templates add` and the Setup page's Add template."""
    with _run(f"templates add {code}", f"template {code}") as run:
        made = templates.add_template(code, values or {})
        run.result.created = 1
        run.message = f"{run.what}: template {made.code} created."
    return made


def set_template(code: str, values: Mapping[str, object]
                 ) -> tuple[templates.CustomerTemplateRecord, Changes]:
    """`templates set` and the Setup page's Edit template."""
    with _run(f"templates set {code}", f"template {code}") as run:
        saved, changes = templates.set_template(code, values)
        _count(run, changes)
    return saved, changes


def remove_template(code: str) -> templates.CustomerTemplateRecord:
    """`templates remove` and the Setup page's Remove template (refused while in use)."""
    with _run(f"templates remove {code}", f"template {code}") as run:
        removed = templates.remove_template(code)
        run.result.updated = 1
        run.message = f"{run.what}: template {removed.code} removed."
    return removed


def set_country_template(shop: str, country_code: str, values: Mapping[str, object]
                         ) -> tuple[templates.ShopCustomerTemplateRecord, Changes]:
    """`country-templates set` and the Setup page's country template editor."""
    what = f"country-templates set {country_code} --shop {shop}"
    with _run(what, f"{country_code} country template of shop {shop}") as run:
        existed = templates.get_shop_customer_template(shop, country_code) is not None
        saved, changes = templates.set_country_template(shop, country_code, values)
        _count(run, changes, created=not existed)
    return saved, changes


def remove_country_template(shop: str, country_code: str
                            ) -> templates.ShopCustomerTemplateRecord:
    """The Setup page's Remove country template."""
    what = f"country-templates remove {country_code} --shop {shop}"
    with _run(what, f"{country_code} country template of shop {shop}") as run:
        removed = templates.remove_country_template(shop, country_code)
        run.result.updated = 1
        run.message = f"{run.what}: removed."
    return removed


def add_tax_area(code: str, description: str = ""
                 ) -> tuple[tax_area_codes.TaxAreaCodeRecord, bool]:
    """`tax-areas add` and the Setup page's Add tax area (an existing one takes the new
    description)."""
    with _run(f"tax-areas add {code}", f"tax area {code}") as run:
        record, created = tax_area_codes.add_tax_area_code(code, description)
        if created:
            run.result.created = 1
            run.message = f"{run.what}: tax area {record.code} created."
        else:
            run.result.updated = 1
            run.message = f"{run.what}: tax area {record.code} described '{record.description}'."
    return record, created


def set_shipping_agent(code: str, *, name: str = "", tracking_company: str = "",
                       tracking_url: str = "") -> shipments.AgentRow:
    """`shipping-agents set`: create or replace a shipping agent (its Shopify tracking
    company and URL go on the fulfillments of shipments posted with it)."""
    with _run(f"shipping-agents set {code}", f"shipping agent {code}") as run:
        row = shipments.set_shipping_agent(code, name=name,
                                           shopify_tracking_company=tracking_company,
                                           tracking_url=tracking_url)
        run.result.updated = 1
        run.message = f"{run.what}: shipping agent {row.code} saved."
    return row


def remove_tax_area(code: str) -> tax_area_codes.TaxAreaCodeRecord:
    """`tax-areas remove` and the Setup page's Remove tax area (refused while in use)."""
    with _run(f"tax-areas remove {code}", f"tax area {code}") as run:
        removed = tax_area_codes.remove_tax_area_code(code)
        run.result.updated = 1
        run.message = f"{run.what}: tax area {removed.code} removed."
    return removed


def set_mapping(shop: str, kind: str, shopify_value: str, local_code: str
                ) -> tuple[mappings.MappingRow, tuple[str, str]]:
    """`mappings set`: map a shop's Shopify value (a shipping title, a payment terms
    template) to a local code."""
    what = f"mappings set {kind} {shopify_value} --shop {shop}"
    with _run(what, f"{kind} mapping '{shopify_value}' of shop {shop}") as run:
        saved, (old, new) = mappings.set_mapping(shop, kind, shopify_value, local_code)
        _count(run, {"local_code": (old, new)} if old != new else {})
    return saved, (old, new)


def set_location(shop: str, shopify_id: str, name: str, local_code: str, *,
                 return_location: bool = False
                 ) -> tuple[shopify_locations.LocationLink, tuple[str, str]]:
    """`locations set` and the Setup page's Shopify locations: link a location Shopify has
    just listed to a local location code (`return_location`: its return location)."""
    flag = " --return" if return_location else ""
    what = f"locations set {shopify_id.rsplit('/', 1)[-1]} {local_code}{flag} --shop {shop}"
    field = "return location" if return_location else "location"
    with _run(what, f"Shopify location '{name or shopify_id}' of shop {shop}") as run:
        saved, (old, new) = shopify_locations.set_location_link(
            shop, shopify_id, name, local_code, return_location=return_location)
        _count(run, {field: (old, new)} if old != new else {})
    return saved, (old, new)


def set_county(shop: str, country_code: str, county_code: str, values: Mapping[str, object]
               ) -> tuple[templates.TaxAreaRecord, Changes]:
    """`counties set`: a shop's county row (name, tax area, tax liable)."""
    what = f"counties set {country_code} {county_code} --shop {shop}"
    with _run(what, f"county {country_code}-{county_code} of shop {shop}") as run:
        existed = any(r.county_code == str(county_code).strip().upper()
                      for r in templates.list_tax_areas(shop, str(country_code).strip()))
        saved, changes = templates.set_county(shop, country_code, county_code, values)
        _count(run, changes, created=not existed)
    return saved, changes


def remove_county(shop: str, country_code: str, county_code: str) -> templates.TaxAreaRecord:
    """`counties remove`: delete a shop's county row."""
    what = f"counties remove {country_code} {county_code} --shop {shop}"
    with _run(what, f"county {country_code}-{county_code} of shop {shop}") as run:
        removed = templates.remove_county(shop, country_code, county_code)
        run.result.updated = 1
        run.message = f"{run.what}: removed."
    return removed
