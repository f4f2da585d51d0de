"""Changes to the setup tables, as recorded runs (Qt-free; issue 17).

Customer templates, a shop's per-country templates, the tax areas, G/L accounts and payment
methods are what the engine reads to create customers and documents. The window's Setup page
and `shop-sync templates`, `country-templates`, `tax-areas`, `accounts`... call these
functions, never the store directly, so both check the same way and leave the same run in
the history (resource `local-setup`): what was saved, or the refused value with its record
and field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from desktop_app.store import customer_templates as templates
from desktop_app.store import mappings, shipments, shopify_locations
from desktop_app.store.code_tables import CodeRow, CodeTable
from desktop_app.store.setup_checks import SetupValueError
from desktop_app.sync.local_runs import LocalRun, recorded
from desktop_app.sync.results import LOCAL_SETUP

Changes = dict[str, tuple[Any, Any]]
T = TypeVar("T")
R = TypeVar("R", bound=CodeRow)


@contextmanager
def _run(what: str, record: str) -> Iterator[LocalRun]:
    """A recorded run whose refusal is an error naming `record` (and the field, if any)."""
    with recorded(LOCAL_SETUP, what, record=record) as run:
        try:
            yield run
        except SetupValueError as exc:
            run.result.fail(exc.record, exc.field, exc.reason, code=exc.kind or exc.code)
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


def _removed(what: str, record: str, remove: Callable[[], T],
             said: Callable[[T], str] = lambda _removed: "removed") -> T:
    """A recorded removal: `remove()` in a run counted updated, saying `said(removed)`."""
    with _run(what, record) as run:
        removed = remove()
        run.result.updated = 1
        run.message = f"{run.what}: {said(removed)}."
    return removed


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
    return _removed(f"templates remove {code}", f"template {code}",
                    lambda: templates.remove_template(code),
                    lambda r: f"template {r.code} removed")


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
    return _removed(f"country-templates remove {country_code} --shop {shop}",
                    f"{country_code} country template of shop {shop}",
                    lambda: templates.remove_country_template(shop, country_code))


def add_code(table: CodeTable[R], code: str, text: str = "") -> tuple[R, bool]:
    """`tax-areas add`, `accounts add`, `payment-methods add`, `local-locations add` and their
    Setup pages' Add: a row of a local code table (an existing code takes the new text)."""
    with _run(f"{table.command} add {code}", f"{table.noun} {code}") as run:
        record, created = table.add(code, text)
        if created:
            run.result.created = 1
            run.message = f"{run.what}: {table.noun} {record.code} created."
        else:
            run.result.updated = 1
            run.message = (f"{run.what}: {table.noun} {record.code} described "
                           f"'{getattr(record, table.text_field)}'.")
    return record, created


def remove_code(table: CodeTable[R], code: str) -> R:
    """`tax-areas remove`, `accounts remove`, `payment-methods remove`, `local-locations
    remove` and their Setup pages' Remove (refused while something names the code)."""
    return _removed(f"{table.command} remove {code}", f"{table.noun} {code}",
                    lambda: table.remove(code), lambda r: f"{table.noun} {r.code} removed")


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
    return _removed(f"counties remove {country_code} {county_code} --shop {shop}",
                    f"county {country_code}-{county_code} of shop {shop}",
                    lambda: templates.remove_county(shop, country_code, county_code))
