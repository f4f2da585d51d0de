"""Two-way customer edits (issue 19): the three-way merge of a link's fields, and conflicts.

With both "Shopify can update customers" and "Can update Shopify customers" on, each field
of a linked customer is merged against the value the two sides last agreed on
(`store/agreed.py`, `rules/agreed.py`), in local terms (Name, City, E-mail...):

- changed on one side only: copied to the other (the import brings Shopify's changes down,
  the export sends the local ones up);
- changed on both sides to the same value: agreed, nothing to do;
- changed on both sides to different values: a conflict (`store/conflicts.py`). Neither side
  is overwritten; the rest of the record still goes through; and while the conflict is open
  both directions leave that field alone (`held`), until the merchant takes one side
  (`resolve_conflict`: `conflicts resolve ID --take local|shopify`, or the Customers tab's
  Conflicts view), which writes the taken value to the other side and records the field as
  agreed.

A field with no agreed value (a link made by matching, by hand or while two-way was off, so
no exchange recorded; or one the two sides held differently at the last exchange) cannot be
said to have changed on either side: held alike, it becomes agreed; blank on one side, it
takes the other side's value (a blank is not a clear, as the one-way rules say); filled in
on both sides, differently, it is a conflict (`filled_apart`, agreed value blank), found by
the import for the customers it reads and by the export for the others (`sync/unagreed.py`).

The import finds conflicts (`CustomerResolver.flush`): it is the half that reads Shopify's
changes, and it runs first. So that the export still sends the local changes of a link the
import met, the import records as agreed only the local fields the two sides now hold alike
(`agreed_local`); a field changed locally keeps its last agreed value until it is sent.

No ping-pong: a value copied one way is recorded as agreed in the same transaction, and
Shopify's echo of our own update is skipped (`customer_resolver._own_echo`), so the next run
sends nothing back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Any

from desktop_app.records.settings import ShopSettings
from desktop_app.records.text import quoted
from desktop_app.store import conflicts as conflict_store
from desktop_app.sync import issue_codes as codes
from desktop_app.sync.results import SyncResult
from desktop_app.sync.rules.export import ShopifyCustomerInput
from desktop_app.sync.rules.mapping import email_key, email_keys

LOCAL = conflict_store.LOCAL
SHOPIFY = conflict_store.SHOPIFY
_NAMES = ("first_name", "last_name", "address.first_name", "address.last_name",
          "address.company")
#: The Shopify fields (`ShopifyCustomerInput`, "address." for its address) each local field
#: is made of by the export's rules. The names go together: the shop's name sources spread
#: Name, Name 2 and Contact over first name, last name and company.
SHOPIFY_KEYS: dict[str, tuple[str, ...]] = {
    "name": _NAMES, "name_2": _NAMES, "contact": _NAMES,
    "email": ("email",), "phone": ("phone",),
    "address": ("address.address1",), "address_2": ("address.address2",),
    "city": ("address.city",), "post_code": ("address.zip",),
    "county": ("address.province_code",), "country": ("address.country_code",),
}
#: Local fields that travel with another (the extension with its phone).
_WITH = {"phone_ext": "phone"}


def field_of(key: str) -> str:
    """The field a local key is merged as (`phone_ext` goes with `phone`)."""
    return _WITH.get(key, key)


def two_way(settings: ShopSettings) -> bool:
    """Whether both customer update directions are on (the Shop Card's settings)."""
    return bool(settings.shopify_can_update_customers and settings.can_update_shopify_customers)


def shopify_changes(now: Mapping[str, str], then: Mapping[str, str] | None,
                    local_then: Mapping[str, str] | None) -> dict[str, str]:
    """The local fields the two sides agreed on at their last exchange and that Shopify has
    changed since, with that agreed value (as `rules.agreed.local_changes` decides: `now`
    and `then` are Shopify's customer today and then, `local_then` the local customer then,
    all in local terms). Empty without a recorded exchange."""
    if then is None or local_then is None:
        return {}
    found = {}
    for key, value in now.items():
        was = local_then.get(key, "")
        if then.get(key, "") == was and value != was:
            found[key] = was
    return found


def unagreed(now: Mapping[str, Any], then: Mapping[str, str] | None,
             local_then: Mapping[str, str] | None) -> set[str]:
    """The local fields of Shopify's customer `now` with no agreed value: the link has no
    recorded exchange (linked by matching or by hand, or while both update settings were
    off), or the two sides held the field differently then (all in local terms)."""
    if then is None or local_then is None:
        return set(now)
    return {k for k in now if then.get(k, "") != local_then.get(k, "")}


def filled_apart(gid: str, no: str, local: Mapping[str, Any], shopify: Mapping[str, Any],
                 fields: Collection[str]) -> list[conflict_store.NewConflict]:
    """Of `fields` (with no agreed value), those both sides hold filled in and differently:
    conflicts, as neither side can be said to have changed (their agreed value is blank).
    Alike, they become agreed; blank on one side, the other side's value is copied (a
    blank is not a clear, as the one-way rules say). `local` is the local customer's
    values, `shopify` Shopify's customer in local terms; an e-mail of Shopify's that is
    one of the local list's addresses is alike (as the import keeps the list)."""
    found = []
    for field in sorted(fields):
        mine, theirs = _text(local.get(field)), _text(shopify.get(field))
        if field != field_of(field) or not mine or not theirs or mine == theirs:
            continue
        if field == "email" and email_key(theirs) in email_keys(mine):
            continue
        found.append(conflict_store.NewConflict(gid, no, field, mine, theirs, ""))
    return found


def merge(gid: str, no: str, row: Mapping[str, Any], changes: dict[str, Any],
          bases: Mapping[str, str], held_fields: Collection[str],
          no_base: Collection[str] = ()
          ) -> tuple[dict[str, Any], list[conflict_store.NewConflict]]:
    """Of the `changes` the import would write to the local customer `row` (normalised, each
    different from `row`), those that go through, and the conflicts found.

    `bases`: the fields Shopify changed since they were agreed, with the agreed value
    (`shopify_changes`); `held_fields`: the fields with a conflict still open (left alone;
    its Shopify value is refreshed). A field the local customer changed too, to another
    value (every change here differs from `row`), is a conflict. `no_base`: the fields with
    no agreed value (`unagreed`): one filled in on both sides is a conflict too
    (`filled_apart`).
    """
    kept: dict[str, Any] = {}
    found: list[conflict_store.NewConflict] = []
    for key, value in changes.items():
        field = field_of(key)
        if field in held_fields:
            if key == field:
                found.append(conflict_store.NewConflict(gid, no, field, _text(row[key]),
                                                        _text(value), ""))
            continue
        base = bases.get(key)
        if base is not None and key == field and _text(row[key]) != base:
            found.append(conflict_store.NewConflict(gid, no, field, _text(row[key]),
                                                    _text(value), base))
            continue
        apart = filled_apart(gid, no, row, {key: value}, [key]) if key in no_base else []
        if apart:
            found.extend(apart)
            continue
        kept[key] = value
    conflicted = {c.field for c in found}
    return {k: v for k, v in kept.items() if field_of(k) not in conflicted}, found


def announce(result: SyncResult, conflict: conflict_store.NewConflict) -> None:
    """Say a conflict just found: a `field_conflict` warning, counted in the result's
    `conflicts` ("1 conflict to resolve", as an order's)."""
    result.conflicts += 1
    result.warn(conflict.shopify_id, conflict.field, codes.FIELD_CONFLICT, *codes.say(
        "field_conflict", field=conflict.field, no=conflict.customer_no,
        local=quoted(conflict.local), shopify=quoted(conflict.shopify)))


def agreed_local(current: Mapping[str, str], shopify_now: Mapping[str, Any],
                 local_then: Mapping[str, str] | None) -> dict[str, str]:
    """The local side to record as agreed after the import met a link in two-way mode: a
    field the two sides now hold alike takes its current value; any other keeps its last
    agreed value (a local change not sent yet, or a conflict), so the export still sees it
    as changed locally. `current` is `rules.agreed.local_snapshot` of the local customer,
    `shopify_now` Shopify's customer in local terms (normalised)."""
    if local_then is None:
        return dict(current)
    return {k: v if k not in shopify_now or _text(shopify_now[k]) == v
            else local_then.get(k, "") for k, v in current.items()}


def _text(value: Any) -> str:
    return str(value or "")


# --- the export's half: Shopify fields held, or the only ones sent ----------------------


def shopify_keys(fields: Collection[str]) -> set[str]:
    """The Shopify fields of these local fields (`SHOPIFY_KEYS`)."""
    return {key for f in fields for key in SHOPIFY_KEYS.get(field_of(f), ())}


def _pin(wanted: ShopifyCustomerInput, previous: ShopifyCustomerInput,
         keys: Collection[str]) -> ShopifyCustomerInput:
    """`wanted` with the Shopify fields `keys` set to what Shopify holds (`previous`), so
    they are not sent."""
    top = {k: getattr(previous, k) for k in keys if "." not in k}
    inner = {k.split(".", 1)[1] for k in keys if "." in k}
    pinned = dataclasses.replace(wanted, **top)
    if inner and wanted.address is not None and previous.address is not None:
        pinned = dataclasses.replace(pinned, address=dataclasses.replace(
            wanted.address, **{k: getattr(previous.address, k) for k in inner}))
    return pinned


def held(wanted: ShopifyCustomerInput, previous: ShopifyCustomerInput,
         fields: Collection[str]) -> ShopifyCustomerInput:
    """What the export sends, with the local fields of open conflicts left as Shopify holds
    them."""
    return _pin(wanted, previous, shopify_keys(fields)) if fields else wanted


def converged(wanted: ShopifyCustomerInput, previous: ShopifyCustomerInput,
              fields: Collection[str]) -> set[str]:
    """The local `fields` (of open conflicts) the two sides now hold alike: the merchant
    made them agree by hand, on either side. A field of the address counts only while
    Shopify has one."""
    alike = set()
    for f in fields:
        keys = shopify_keys([f])
        if any("." in k for k in keys) and (previous.address is None
                                            or wanted.address is None):
            continue
        if _pin(wanted, previous, keys) == wanted:
            alike.add(f)
    return alike


def only(wanted: ShopifyCustomerInput, previous: ShopifyCustomerInput,
         fields: Collection[str]) -> ShopifyCustomerInput:
    """`wanted` with every Shopify field but those of the local `fields` left as Shopify
    holds them: what resolving a conflict for the local side sends."""
    names = {f.name for f in dataclasses.fields(ShopifyCustomerInput)} - {"address",
                                                                        "phone_extension"}
    inner = {"address." + f.name
             for f in dataclasses.fields(type(previous.address or wanted.address))} \
        if (previous.address or wanted.address) is not None else set()
    return _pin(wanted, previous, (names | inner) - shopify_keys(fields))
