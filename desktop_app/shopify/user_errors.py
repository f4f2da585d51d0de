"""Mutation `userErrors` → typed per-record errors.

`ShopifyClient.execute` returns a mutation's data even when it holds userErrors: a refused
record must not stop a batch. The caller calls `check_user_errors` per record.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from desktop_app.errors import ShopifyError, UserErrorItem, UserErrors

log = logging.getLogger(__name__)


def user_error_items(
    payload: Mapping[str, Any] | None, key: str = "userErrors"
) -> list[UserErrorItem]:
    """The entries of a mutation payload's userErrors list, typed.

    Args:
        payload: the mutation's result object, e.g. `data["customerCreate"]`.
        key: the list's name. Shopify names it `userErrors` on most mutations and
            `<something>UserErrors` on some (`orderCancelUserErrors`); when `key` is absent,
            the payload's only key ending in "UserErrors" is used.
    """
    if not payload:
        return []
    entries = payload.get(key)
    if entries is None and key not in payload:
        candidates = [k for k in payload if k.endswith("UserErrors")]
        if len(candidates) == 1:
            entries = payload[candidates[0]]
    items = []
    for entry in entries or []:
        field = entry.get("field")
        items.append(
            UserErrorItem(
                field=tuple(str(part) for part in field) if field else None,
                message=str(entry.get("message") or "Shopify refused the record"),
                code=entry.get("code"),
            )
        )
    return items


def check_user_errors(
    payload: Mapping[str, Any] | None, record: str, key: str = "userErrors"
) -> None:
    """Raise UserErrors if the mutation payload holds userErrors.

    Args:
        payload: the mutation's result object, e.g. `data["customerCreate"]`.
        record: names the record in the error (a customer number, not PII).
        key: the userErrors list's name (see `user_error_items`).

    Raises:
        UserErrors: one or more entries, with field path, message and code.
        ShopifyError: the payload is missing altogether.
    """
    if payload is None:
        raise ShopifyError(f"{record}: Shopify returned no result for the change.")
    items = user_error_items(payload, key)
    if items:
        log.debug("%s: %s user error(s)", record, len(items))
        raise UserErrors(items, record=record)
