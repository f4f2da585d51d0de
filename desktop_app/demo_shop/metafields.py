"""Metafields of the demo shop's customers: the record, its validation and its mutations.

Only what the 2026-07 schema has and the real-store captures exercise: ``Customer.metafields``
and ``Customer.metafield(namespace:, key:)``, the ``metafields`` of ``customerCreate`` /
``customerUpdate`` (:class:`MetafieldInput`), ``metafieldsSet`` and ``metafieldsDelete``.
Texts are the captured ones (../shared/shopify/captured-user-errors.json: customerUpdate's
"Type must be one of the following: ...", customerCreate's "Cannot specify metafield ID on
creation", metafieldsSet's key, namespace, type and value checks and its 25-input limit);
each text not captured says so where it is written. Metafields are kept in the order they were
made, as the captures list them (customer-metafields-erasure-address-fidelity).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Unpack

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.customer_state import APP_NAMESPACE, HasMetafields, Metafield
from desktop_app.demo_shop.execution import (
    by_gid,
    later_than,
    named_fields,
    scoped_context,
    user_error,
)

logger = logging.getLogger(__name__)

#: The most metafields one metafieldsSet takes (captured: metafields-set-over-limit-parity).
MAX_SET_INPUTS = 25
KEY_LENGTH = (2, 64)
NAMESPACE_LENGTH = (3, 255)
#: Namespaces an app may not write (the three captured: metafields-set-input-validation).
RESERVED_NAMESPACES = frozenset({"protected", "shopify-l10n-fields", "shopify_standard"})

#: The types Shopify accepts, in the order its refusal lists them (captured:
#: customer-update-parity `metafieldValidation`).
TYPES = (
    "antenna_gain, area, battery_charge_capacity, battery_energy_capacity, boolean, capacitance, "
    "color, concentration, data_storage_capacity, data_transfer_rate, date_time, date, "
    "dimension, display_density, distance, duration, electric_current, electrical_resistance, "
    "energy, float, frequency, id, illuminance, inductance, integer, json_string, json, "
    "jurisdiction, language, link, list.antenna_gain, list.area, list.battery_charge_capacity, "
    "list.battery_energy_capacity, list.boolean, list.capacitance, list.color, "
    "list.concentration, list.data_storage_capacity, list.data_transfer_rate, list.date_time, "
    "list.date, list.dimension, list.display_density, list.distance, list.duration, "
    "list.electric_current, list.electrical_resistance, list.energy, list.frequency, "
    "list.illuminance, list.inductance, list.jurisdiction, list.link, list.luminous_flux, "
    "list.mass_flow_rate, list.multi_line_text_field, list.number_decimal, "
    "list.number_integer, list.power, list.pressure, list.rating, list.resolution, "
    "list.rotational_speed, list.single_line_text_field, list.sound_level, list.speed, "
    "list.temperature, list.thermal_power, list.url, list.voltage, list.volume, "
    "list.volumetric_flow_rate, list.weight, luminous_flux, mass_flow_rate, money, "
    "multi_line_text_field, number_decimal, number_integer, power, pressure, rating, "
    "resolution, rich_text_field, rotational_speed, single_line_text_field, sound_level, "
    "speed, string, temperature, thermal_power, url, voltage, volume, volumetric_flow_rate, "
    "weight, company_reference, list.company_reference, customer_reference, "
    "list.customer_reference, product_reference, list.product_reference, "
    "collection_reference, list.collection_reference, variant_reference, "
    "list.variant_reference, file_reference, list.file_reference, "
    "product_taxonomy_value_reference, list.product_taxonomy_value_reference, "
    "product_taxonomy_disclosure_reference, metaobject_reference, list.metaobject_reference, "
    "mixed_reference, list.mixed_reference, disclosure_reference, list.disclosure_reference, "
    "page_reference, list.page_reference, article_reference, list.article_reference, "
    "order_reference, list.order_reference"
)
KNOWN_TYPES = frozenset(TYPES.split(", "))
_INTEGER = re.compile(r"^[+-]?\d+$")


def _length_errors(value: str | None, label: str, bounds: tuple[int, int],
                   path: list[str], coded: bool) -> list[dict[str, Any]]:
    low, high = bounds
    text = value or ""
    if len(text) < low:
        return [user_error(path, f"{label} is too short (minimum is {low} characters)",
                           "TOO_SHORT" if coded else None)]
    if len(text) > high:
        return [user_error(path, f"{label} is too long (maximum is {high} characters)",
                           "TOO_LONG" if coded else None)]
    return []


def value_error(type_: str, value: str | None) -> str | None:
    """Why ``value`` is no value of ``type_`` (captured texts; the types not checked here are
    taken as they come: NOT CAPTURED which of their values Shopify refuses)."""
    if value is None or value == "":
        return "Value can't be blank."
    if type_ == "single_line_text_field" and ("\n" in value or "\r" in value):
        return "Value must be a single line text string."
    if type_ == "boolean" and value not in ("true", "false"):
        return "Value must be true or false."
    if type_ == "number_integer" and not _INTEGER.match(value):
        return "Value must be an integer."
    if type_ == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "Value must be in YYYY-MM-DD format."
    return None


@dataclass(frozen=True)
class MetafieldChange:
    """One validated metafield to write: a new one (``target`` None) or a change of one."""

    namespace: str
    key: str
    type: str
    value: str
    target: Metafield | None


def _checked(raw: dict[str, Any], path: list[str], current: Metafield | None,
             coded: bool) -> tuple[list[dict[str, Any]], MetafieldChange | None]:
    """One metafield input checked against what the owner already has under its key."""
    namespace = raw.get("namespace") or (current.namespace if current else APP_NAMESPACE)
    key = raw.get("key") or (current.key if current else "")
    errors = _length_errors(namespace, "Namespace", NAMESPACE_LENGTH, [*path, "namespace"], coded)
    if namespace in RESERVED_NAMESPACES:
        errors.append(user_error([*path, "namespace"],  # without a code, as captured
                                 f"Namespace {namespace} is a reserved namespace"))
    errors += _length_errors(key, "Key", KEY_LENGTH, [*path, "key"], coded)
    type_ = raw.get("type") or (current.type if current else None)
    if not type_:
        # captured for metafieldsSet; for the customer input NOT CAPTURED, taken as the same
        errors.append(user_error([*path, "type"], "Type can't be blank", "BLANK" if coded else None))
    elif type_ not in KNOWN_TYPES:
        # captured for customerUpdate; metafieldsSet's code for it NOT CAPTURED (INVALID_TYPE)
        errors.append(user_error([*path, "type"], f"Type must be one of the following: {TYPES}.",
                                 "INVALID_TYPE" if coded else None))
    else:
        problem = value_error(type_, raw.get("value"))
        if problem is not None:
            errors.append(user_error([*path, "value"], problem, "INVALID_VALUE" if coded else None))
    if errors:
        return errors, None
    return [], MetafieldChange(namespace, key, type_ or "", raw["value"], current)


def input_changes(owner: HasMetafields | None, inputs: Sequence[dict[str, Any]] | None
                  ) -> tuple[list[dict[str, Any]], list[MetafieldChange]]:
    """The ``metafields`` of a customerCreate (``owner`` None) or customerUpdate input: the
    user errors (``field`` ``["metafields", i, ...]``, no code) and the changes to make."""
    errors: list[dict[str, Any]] = []
    changes: list[MetafieldChange] = []
    for index, raw in enumerate(inputs or ()):
        path = ["metafields", str(index)]
        current = None
        if raw.get("id") is not None:
            if owner is None:  # captured: customer-create-rejects-nested-ids
                errors.append(user_error([*path, "id"], "Cannot specify metafield ID on creation"))
                continue
            current = next((m for m in owner.metafields if m.gid == raw["id"]), None)
            if current is None:  # NOT CAPTURED
                errors.append(user_error([*path, "id"], "Metafield does not exist"))
                continue
        elif owner is not None and raw.get("key"):
            current = owner.metafield(raw.get("namespace") or APP_NAMESPACE, raw["key"])
        found, change = _checked(raw, path, current, coded=False)
        errors += found
        if change is not None:
            changes.append(change)
    return errors, changes


def apply_changes(owner: HasMetafields, changes: Sequence[MetafieldChange],
                  new_id: Callable[[], int], now: datetime) -> list[Metafield]:
    """Write validated changes on ``owner``; the metafields written, in input order."""
    written = []
    for change in changes:
        target = change.target or owner.metafield(change.namespace, change.key)
        if target is None:
            target = Metafield(id=new_id(), created_at=now, updated_at=now,
                               namespace=change.namespace, key=change.key)
            owner.metafields.append(target)
        elif (target.value, target.type) != (change.value, change.type):
            target.updated_at = later_than(target.updated_at, now)
        target.namespace, target.key = change.namespace, change.key
        target.type, target.value = change.type, change.value
        written.append(target)
    return written


# --- resolvers -------------------------------------------------------------------------------


class _MetafieldArgs(pagination.ConnectionArgs, total=False):
    namespace: str | None
    keys: list[str] | None


def resolve_metafields(owner: HasMetafields, _info: GraphQLResolveInfo,
                       **args: Unpack[_MetafieldArgs]) -> dict[str, Any]:
    namespace, keys = args.get("namespace"), args.get("keys")
    chosen = [m for m in owner.metafields
              if (namespace is None or m.namespace == namespace)
              and (keys is None or f"{m.namespace}.{m.key}" in keys)]
    return pagination.list_page(chosen, args)


def resolve_metafield(owner: HasMetafields, _info: GraphQLResolveInfo, key: str,
                      namespace: str | None = None) -> Metafield | None:
    if namespace is None and "." in key:  # "namespace.key" in one (Shopify's documented form)
        namespace, key = key.split(".", 1)
    return owner.metafield(namespace or APP_NAMESPACE, key)


def _owner(info: GraphQLResolveInfo, gid: str) -> HasMetafields | None:
    state = scoped_context(info, "write_customers").state
    return by_gid(state.customers, gid, "Customer")


def metafields_set(_root: Any, info: GraphQLResolveInfo,
                   metafields: list[dict[str, Any]]) -> dict[str, Any]:
    """Create or change metafields, all or none (one refused: nothing is written)."""
    ctx = scoped_context(info, "write_customers")
    if len(metafields) > MAX_SET_INPUTS:
        return {"metafields": None, "userErrors": [user_error(
            ["metafields"], f"Exceeded the maximum metafields input limit of {MAX_SET_INPUTS}.",
            "LESS_THAN_OR_EQUAL_TO")]}
    errors: list[dict[str, Any]] = []
    planned: list[tuple[HasMetafields, MetafieldChange]] = []
    for index, raw in enumerate(metafields):
        path = ["metafields", str(index)]
        owner = _owner(info, raw["ownerId"])
        if owner is None:  # captured: metafields-set-owner-existence-atomicity
            errors.append(user_error([*path, "ownerId"], "Owner does not exist.", "INVALID_VALUE"))
            continue
        current = owner.metafield(raw.get("namespace") or APP_NAMESPACE, raw["key"])
        found, change = _checked(raw, path, current, coded=True)
        errors += found
        if change is not None:
            planned.append((owner, change))
    for error in errors:
        error["elementIndex"] = None
    if errors:
        return {"metafields": None, "userErrors": errors}
    now = later_than(None, ctx.now)
    written = [m for owner, change in planned
               for m in apply_changes(owner, [change], ctx.state.new_id, now)]
    logger.debug("metafieldsSet wrote %d metafields", len(written))
    return {"metafields": written, "userErrors": []}


def metafields_delete(_root: Any, info: GraphQLResolveInfo,
                      metafields: list[dict[str, Any]]) -> dict[str, Any]:
    """Delete metafields by owner, namespace and key; one that does not exist answers null in
    ``deletedMetafields`` (Shopify's documented answer; NOT CAPTURED)."""
    deleted: list[dict[str, Any] | None] = []
    for raw in metafields:
        owner = _owner(info, raw["ownerId"])
        target = owner.metafield(raw["namespace"], raw["key"]) if owner else None
        if owner is None or target is None:
            deleted.append(None)
            continue
        owner.metafields.remove(target)
        deleted.append({"ownerId": raw["ownerId"], "namespace": target.namespace,
                        "key": target.key})
    return {"deletedMetafields": deleted, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Customer", "metafields"): resolve_metafields,
    ("Customer", "metafield"): resolve_metafield,
    **named_fields("Mutation", metafields_set, metafields_delete),
}
