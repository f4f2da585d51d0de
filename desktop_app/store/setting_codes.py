"""The local codes a Shop Card setting names (issue 17): what the Shop Card's pickers list
and what a save checks, for the window and `shop-sync shop set` alike (`ShopAdmin`).

A setting whose registry row has `refers_to` (`store/settings.py`) names a row of a local
table: a customer template by its code, a local customer by its number, a local location by
its code (the local locations', `store.local_locations`, or one a Shopify location is
linked to: `store.shopify_locations.known_location_codes`). A blank value means
"none" and is always accepted; any other value must be a code that exists, else the save is
refused with a `SettingError` naming the setting and the code. A value left as it was stored
is not checked again, so a card saved before these checks still saves its other settings.

A G/L account setting names a row of the local accounts (`store.gl_accounts`, schema v17).
The shop currency names no local table and is not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import peewee

from desktop_app.store import customer_scope, gl_accounts, shopify_locations
from desktop_app.store import settings as registry
from desktop_app.store.code_tables import CodeTable
from desktop_app.store.models import Customer, CustomerTemplate

#: The most rows a picker lists (a shop may have 100,000 customers; typing still works).
PICKER_LIMIT = 500


@dataclass(frozen=True)
class CodeChoice:
    """One code a picker offers, with what the merchant recognises it by."""

    code: str
    description: str = ""


def _templates(shop: str | None, search: str, limit: int) -> list[CodeChoice]:
    query = CustomerTemplate.select(CustomerTemplate.code, CustomerTemplate.description)
    if search:
        query = query.where(CustomerTemplate.code.contains(search)
                            | CustomerTemplate.description.contains(search))
    return [CodeChoice(code, description) for code, description in
            query.order_by(CustomerTemplate.code).limit(limit).tuples()]


def _template(shop: str | None, text: str) -> str | None:
    for candidate in dict.fromkeys((text, text.upper())):
        row = CustomerTemplate.get_or_none(CustomerTemplate.code == candidate)
        if row is not None:
            return row.code
    return None


def _customer_query(shop: str | None) -> peewee.ModelSelect:
    query = Customer.select(Customer.no, Customer.name)
    visible = customer_scope.visible_condition(shop) if shop else None
    return query if visible is None else query.where(visible)


def _customers(shop: str | None, search: str, limit: int) -> list[CodeChoice]:
    query = _customer_query(shop)
    if search:
        query = query.where(Customer.no.contains(search) | Customer.name.contains(search))
    return [CodeChoice(no, name) for no, name in
            query.order_by(Customer.no).limit(limit).tuples()]


def _customer(shop: str | None, text: str) -> str | None:
    for candidate in dict.fromkeys((text, text.upper())):
        row = _customer_query(shop).where(Customer.no == candidate).first()
        if row is not None:
            return row.no
    return None


def _locations(shop: str | None, search: str, limit: int) -> list[CodeChoice]:
    needle = search.casefold()
    return [CodeChoice(code, text) for code, text in shopify_locations.known_location_codes()
            if needle in code.casefold() or needle in text.casefold()][:limit]


def _location(shop: str | None, text: str) -> str | None:
    known = [code for code, _text in shopify_locations.known_location_codes()]
    for candidate in (text, text.upper()):
        if candidate in known:
            return candidate
    return None


def _table_lister(table: CodeTable) -> Callable[[str | None, str, int], list[CodeChoice]]:
    """The choices of a local code table (`store.code_tables`), by code."""
    def choices(shop: str | None, search: str, limit: int) -> list[CodeChoice]:
        needle = search.casefold()
        rows = [CodeChoice(r.code, getattr(r, table.text_field)) for r in table.rows()]
        return [c for c in rows if needle in c.code.casefold()
                or needle in c.description.casefold()][:limit]
    return choices


def _table_finder(table: CodeTable) -> Callable[[str | None, str], str | None]:
    """A code of a local code table in its stored spelling (codes are kept in capitals,
    or as typed before the table existed)."""
    def find(shop: str | None, text: str) -> str | None:
        return next((c for c in dict.fromkeys((text, text.upper())) if table.has(c)), None)
    return find


#: For each `refers_to` of the registry: (list the choices, find a code's stored spelling,
#: what the message calls such a row, how to find or make one on the command line).
_TABLES: dict[str, tuple[Callable[[str | None, str, int], list[CodeChoice]],
                         Callable[[str | None, str], str | None], str, str]] = {
    "customer_template": (_templates, _template, "customer template",
                          "add it first: templates add {code}"),
    "customer": (_customers, _customer, "local customer", "see: customers list"),
    "location": (_locations, _location, "local location",
                 "add it first: local-locations add {code}"),
    "account": (_table_lister(gl_accounts.TABLE), _table_finder(gl_accounts.TABLE),
                "G/L account",
                "add it first: accounts add {code}"),
}


def referring_settings() -> tuple[registry.Setting, ...]:
    """The settings whose value names a local code (the Shop Card's pickers)."""
    return tuple(s for s in registry.SETTINGS if s.refers_to)


def code_choices(name: str, shop: str | None = None, *, search: str = "",
                 limit: int = PICKER_LIMIT) -> list[CodeChoice]:
    """The codes setting `name` may take, by code (at most `limit`; `search` in the code or
    the description). `shop`: the card, so a real card is not offered the demo's samples."""
    setting = registry.BY_NAME[name]
    if not setting.refers_to:
        return []
    lister, _find, _noun, _hint = _TABLES[setting.refers_to]
    return lister(shop, search.strip(), limit)


def check_codes(shop: str | None, values: Mapping[str, object],
                stored: Mapping[str, object] | None = None) -> dict[str, object]:
    """`values` with each code a setting names checked: blank kept (none), a known code in
    its stored spelling; a value equal to the one `stored` is not checked again.

    Raises:
        SettingError: an unknown code, naming the setting and the code (or a value that is
            no code at all, as `parse_value` says).
    """
    checked = dict(values)
    for name, value in values.items():
        setting = registry.BY_NAME.get(name)
        if setting is None or not setting.refers_to or isinstance(value, bool):
            continue
        text = str(registry.parse_value(name, value))  # a bad format says so first
        if not text or (stored is not None and text == str(stored.get(name, "")).strip()):
            continue
        _lister, find, noun, hint = _TABLES[setting.refers_to]
        found = find(shop, text)
        if found is None:
            raise registry.SettingError(
                f"Setting '{name}': there is no {noun} '{text}' ({hint.format(code=text)})",
                setting=name, value=text, reason="unknown_code")
        checked[name] = found
    return checked
