"""Both sides of a link at its last exchange, and what a change since then means (issue 14).

The store keeps two snapshots per link (`store/agreed.py`): the local customer's fields and
the Shopify customer's (its own fields and its main address), as they stood after the last
successful exchange. A field is *agreed* when, translated by the shop's rules, both snapshots
gave the same value for it; its agreed value is that value. Then, for the side being written:

- the source's value equals the agreed value: the source did not change it; nothing is sent,
  even when the target has since changed it on its own;
- it differs: the source changed it; it is sent, and a blank clears the target on purpose;
- the field is not agreed (no snapshot: a link older than schema v9 or made by hand; or the
  two sides already differed then): only a non-blank value is sent, as before. A blank that
  was never filled never clears anything.

The export compares in Shopify's terms (`export.Agreement`); the import compares in local
terms with `local_changes`. Translating each snapshot with today's settings (rather than
storing translated values) keeps a change of name sources, or a lossy translation ("Mary Ann
Smith" split into "Mary" and "Ann Smith"), from looking like an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn

#: The local fields kept in a snapshot: what the export reads, and the category (an
#: organisation's Name goes to Shopify's company field).
LOCAL_FIELDS: tuple[str, ...] = (
    *(f.name for f in fields(LocalCustomerRow) if f.name != "no"), "category",
)
_CUSTOMER_FIELDS = ("first_name", "last_name", "email", "phone")
#: The address's fields but whether it is the default and the country's name (the rules read
#: the country by its code).
_ADDRESS_FIELDS = tuple(f.name for f in fields(ShopifyAddressIn)
                        if f.name not in ("is_default", "country"))
_ADDRESS_PREFIX = "address."


def local_snapshot(values: Mapping[str, object] | object) -> dict[str, str]:
    """The local fields of a snapshot from a customer's values (a mapping, or a row object
    with those attributes)."""
    if isinstance(values, Mapping):
        return {k: str(values.get(k) or "") for k in LOCAL_FIELDS}
    return {k: str(getattr(values, k, "") or "") for k in LOCAL_FIELDS}


def local_row(no: str, snapshot: Mapping[str, str]) -> LocalCustomerRow:
    """The local customer of a snapshot, as the export rules read it."""
    names = (f.name for f in fields(LocalCustomerRow) if f.name != "no")
    return LocalCustomerRow(no, **{k: snapshot.get(k, "") for k in names})


def shopify_snapshot(customer: ShopifyCustomerIn) -> dict[str, str]:
    """A Shopify customer's own fields and its main address, as a snapshot."""
    values = {k: getattr(customer, k) or "" for k in _CUSTOMER_FIELDS}
    address = customer.main_address()
    if address is not None:
        values.update({_ADDRESS_PREFIX + k: getattr(address, k) or "" for k in _ADDRESS_FIELDS})
    return values


def shopify_customer(gid: str, snapshot: Mapping[str, str]) -> ShopifyCustomerIn:
    """The Shopify customer of a snapshot (its main address as its only, default address)."""
    has_address = any(k.startswith(_ADDRESS_PREFIX) for k in snapshot)
    address = ShopifyAddressIn(
        is_default=True, **{k: snapshot.get(_ADDRESS_PREFIX + k, "") for k in _ADDRESS_FIELDS}
    ) if has_address else None
    return ShopifyCustomerIn(
        id=gid, **{k: snapshot.get(k, "") for k in _CUSTOMER_FIELDS},
        addresses=(address,) if address is not None else (),
    )


def local_changes(
    now: Mapping[str, str],
    then: Mapping[str, str] | None,
    local_then: Mapping[str, str] | None,
) -> dict[str, str]:
    """The local fields an update from Shopify writes ("Shopify can update customers").

    Args:
        now: the local fields Shopify's customer gives today.
        then: the local fields Shopify's snapshot gave (None without a snapshot).
        local_then: the local customer's snapshot (None without a snapshot).

    Returns:
        Per local field to write, its value; "" clears a field that was agreed and that
        Shopify has emptied since. A field not agreed is written only when not blank.
    """
    changes: dict[str, str] = {}
    for key, value in now.items():
        if then is not None and local_then is not None:
            was = local_then.get(key, "")
            if then.get(key, "") == was:  # agreed: did Shopify change it since?
                if value != was:
                    changes[key] = value
                continue
        if value:
            changes[key] = value
    return changes
