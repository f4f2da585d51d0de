"""Shopify Customer and MailingAddress nodes turned into frozen records: raw JSON stops here.

The records (`desktop_app.records.customers`) are what the store stages and hands back, so the
sync layer passes them straight to the store. Also Shopify's date-time format, both ways.
Every text is repaired rather than refused (`records.text.clean_text`): one bad character
must not lose the customer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.errors import RecordError
from desktop_app.records.customers import AddressRecord, CustomerRecord
from desktop_app.records.text import clean_text


def parse_datetime(value: Any) -> dt.datetime | None:
    """Shopify's ISO 8601 `DateTime` ("2026-01-02T03:04:05Z") as an aware UTC datetime."""
    if not value:
        return None
    text = str(value)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def format_datetime(value: dt.datetime) -> str:
    """A UTC datetime in the form Shopify's search syntax takes."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def address_record(node: dict[str, Any], *, is_default: bool = False) -> AddressRecord:
    return AddressRecord(
        shopify_id=clean_text(node.get("id")),
        is_default=is_default,
        first_name=clean_text(node.get("firstName")),
        last_name=clean_text(node.get("lastName")),
        company=clean_text(node.get("company")),
        address1=clean_text(node.get("address1")),
        address2=clean_text(node.get("address2")),
        city=clean_text(node.get("city")),
        province=clean_text(node.get("province")),
        province_code=clean_text(node.get("provinceCode")),
        zip=clean_text(node.get("zip")),
        country=clean_text(node.get("country")),
        country_code=clean_text(node.get("countryCodeV2") or node.get("countryCode")),
        phone=clean_text(node.get("phone")),
    )


def customer_record(
    node: dict[str, Any], address_nodes: list[dict[str, Any]] | None = None
) -> CustomerRecord:
    """A Customer node (page query or bulk line) as a record.

    Args:
        node: the customer's fields. Its `defaultAddress` is used when `address_nodes` is
            None (a page query reads only the default address).
        address_nodes: every address of the customer (bulk: the `__children` lines).

    Raises:
        RecordError: the node has no id (Shopify promises one; the record is refused), or a
            value of the wrong shape (a date that is not one, an address that is not an object).
    """
    gid = clean_text(node.get("id"))
    if not gid.startswith("gid://shopify/Customer/"):
        raise RecordError(gid or "(customer without id)", "id", "not a Shopify customer id")
    try:
        return _customer_record(gid, node, address_nodes)
    except (TypeError, ValueError, AttributeError) as exc:
        # One malformed customer must not end the import of all the others.
        raise RecordError(gid, "", f"Shopify sent a malformed customer: {exc}") from None


def _customer_record(
    gid: str, node: dict[str, Any], address_nodes: list[dict[str, Any]] | None
) -> CustomerRecord:
    default = node.get("defaultAddress") or None
    default_id = clean_text(default.get("id")) if isinstance(default, dict) else ""
    if address_nodes is None:
        addresses: tuple[AddressRecord, ...] | None = (
            (address_record(default, is_default=True),) if isinstance(default, dict) and
            len(default) > 1 else None
        )
    else:
        addresses = tuple(
            address_record(a, is_default=clean_text(a.get("id")) == default_id)
            for a in address_nodes
        )
    email = node.get("email")
    if email is None and isinstance(node.get("defaultEmailAddress"), dict):
        email = node["defaultEmailAddress"].get("emailAddress")
    phone = node.get("phone")
    if phone is None and isinstance(node.get("defaultPhoneNumber"), dict):
        phone = node["defaultPhoneNumber"].get("phoneNumber")
    tags = node.get("tags") or []
    main = next((a for a in addresses if a.is_default), addresses[0]) if addresses else None
    return CustomerRecord(
        shopify_id=gid,
        first_name=clean_text(node.get("firstName")),
        last_name=clean_text(node.get("lastName")),
        email=clean_text(email),
        phone=clean_text(phone),
        company=main.company if main else "",
        state=clean_text(node.get("state")),
        tags=", ".join(t for t in (clean_text(t) for t in tags) if t) if isinstance(tags, list)
        else clean_text(tags),
        note=clean_text(node.get("note"), multiline=True),
        created_at=parse_datetime(node.get("createdAt")),
        updated_at=parse_datetime(node.get("updatedAt")),
        addresses=addresses,
    )
