"""Gift cards: ``giftCard``, ``giftCards`` (search, sort), ``giftCardsCount``, ``giftCardCreate``.

The full code is returned only once, as ``giftCardCode`` of giftCardCreate; reads show
``lastCharacters`` and ``maskedCode``. The balance drops when an order is paid with the card
(a transaction with gateway ``gift_card`` and ``giftCardId``). Search knows ``status``
(enabled, disabled, expired), ``balance_status`` (full, partial, empty, full_or_partial),
``created_at``, ``customer_id``, ``id`` and ``initial_value``; like a real store it has no
``updated_at`` filter, which is dropped with an "Invalid search field" warning.
Messages and codes are those captured from real stores.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Unpack

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops, pagination
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    gid_id,
    require_scope,
    scoped_context,
    search,
    searched_connection,
    user_error,
)
from desktop_app.demo_shop.gift_card_state import GiftCard
from desktop_app.demo_shop.money import cents
from desktop_app.demo_shop.search import (
    DateField,
    ExactField,
    NumberField,
    PrefixField,
    SearchField,
)

logger = logging.getLogger(__name__)

MAX_INITIAL_VALUE = Decimal("3000.00")
#: The most a customer may buy in gift cards (a dev store's, in its currency: captured by
#: gift-card-lifecycle `configurationRead`; the shop's own setting in real Shopify).
PURCHASE_LIMIT = Decimal("14000.00")
_CODE = re.compile(r"^[A-Za-z0-9]*$")


def _status_words(card: GiftCard, today: Any) -> list[str]:
    words = ["enabled" if card.enabled else "disabled"]
    if card.expired(today):
        words.append("expired")
    return words


def _balance_words(card: GiftCard) -> list[str]:
    status = card.balance_status
    return [status, "full_or_partial"] if status != "empty" else [status]


def gift_card_search_fields(info: GraphQLResolveInfo) -> dict[str, SearchField]:
    today = context(info).now.date()
    return {
        "status": ExactField(lambda c: _status_words(c, today)),
        "balance_status": ExactField(_balance_words),
        "created_at": DateField(lambda c: c.created_at),
        "customer_id": NumberField(lambda c: c.customer_id or 0),
        "id": NumberField(lambda c: c.id),
        "initial_value": ExactField(lambda c: [str(c.initial), str(c.initial.normalize())]),
    }


DEFAULT_FIELD = PrefixField(lambda c: c.last_characters)
_LAST = 2**63 - 1

SORTS = {
    "BALANCE": lambda c: str(c.balance).zfill(14),
    "INITIAL_VALUE": lambda c: str(c.initial).zfill(14),
    "CREATED_AT": lambda c: int(c.created_at.timestamp()),
    "UPDATED_AT": lambda c: int(c.updated_at.timestamp()),
    "CODE": lambda c: c.last_characters,
    "EXPIRES_ON": lambda c: c.expires_on.isoformat() if c.expires_on else "",
    # Cards never deactivated come last, walked either way (captured: gift-card-lifecycle).
    "DISABLED_AT": lambda c: int(c.deactivated_at.timestamp()) if c.deactivated_at else _LAST,
}
#: DISABLED_AT walked backwards: the active cards first in the order, so last in the walk.
_REVERSED_SORTS = {**SORTS, "DISABLED_AT": lambda c: int(c.deactivated_at.timestamp())
                   if c.deactivated_at else -_LAST}


def resolve_gift_card(_root: Any, info: GraphQLResolveInfo, id: str) -> GiftCard | None:  # noqa: A002
    return by_gid(scoped_context(info, "read_gift_cards").state.gift_cards, id, "GiftCard")


def resolve_gift_cards(
    _root: Any,
    info: GraphQLResolveInfo,
    savedSearchId: str | None = None,  # noqa: N803
    **args: Unpack[pagination.ConnectionArgs],
) -> dict[str, Any]:
    require_scope(info, "read_gift_cards")
    return searched_connection(info, context(info).state.gift_cards.values(), args,
                               gift_card_search_fields(info), DEFAULT_FIELD,
                               _REVERSED_SORTS if args.get("reverse") else SORTS)


def resolve_gift_cards_count(
    _root: Any,
    info: GraphQLResolveInfo,
    query: str | None = None,
    savedSearchId: str | None = None,  # noqa: N803
    limit: int | None = 10000,
) -> dict[str, Any]:
    require_scope(info, "read_gift_cards")
    predicate = search(info, query, gift_card_search_fields(info), DEFAULT_FIELD)
    found = sum(1 for c in context(info).state.gift_cards.values() if predicate is None or predicate(c))
    return pagination.count_value(found, limit)


def _money(amount: Decimal, currency: str) -> dict[str, Any]:
    return {"amount": cents(amount), "currencyCode": currency}


def gift_card_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_gift_cards")
    state = ctx.state
    currency = state.shop.currency_code
    errors: list[dict[str, Any]] = []
    field_name = "initialAmount" if input.get("initialAmount") is not None else "initialValue"
    raw = input["initialAmount"]["amount"] if input.get("initialAmount") is not None else input.get("initialValue")
    try:
        value = Decimal(str(raw)) if raw is not None else None
    except InvalidOperation:
        value = None
    if value is None:
        errors.append(user_error(["input", field_name], "must be greater than 0", "MISSING_ARGUMENT"))
    elif value <= 0:
        errors.append(user_error(["input", field_name], "must be greater than 0", "GREATER_THAN"))
    elif value > MAX_INITIAL_VALUE:
        errors.append(
            user_error(["input", field_name], f"can't exceed ${MAX_INITIAL_VALUE:,} {currency}", "GIFT_CARD_LIMIT_EXCEEDED")
        )
    customer_id = None
    if input.get("customerId"):
        customer_id = gid_id(input["customerId"], "Customer")
        if customer_id is None or customer_id not in state.customers:
            errors.append(user_error(["input", "customerId"], "The customer could not be found.", "CUSTOMER_NOT_FOUND"))
    code = input.get("code")
    customer_missing = any(e["field"] == ["input", "customerId"] for e in errors)
    if code is not None and not customer_missing:  # Shopify leaves the code unchecked then
        code = code.strip()
        if not _CODE.match(code):
            errors.append(user_error(["input", "code"], "Code can only contain letters(a-z) and numbers(0-9)", "INVALID"))
        elif len(code) < 8:
            errors.append(user_error(["input", "code"], "Code must be at least 8 characters long", "TOO_SHORT"))
        elif len(code) > 20:
            errors.append(user_error(["input", "code"], "Code must be at most 20 characters long", "TOO_LONG"))
        elif code.casefold() in state.gift_card_codes:
            errors.append(user_error(["input", "code"], "Code has already been taken", None))
    if errors:
        return {"giftCard": None, "giftCardCode": None, "userErrors": errors}
    assert value is not None
    card_id = state.new_id()
    moment = ctx.now.replace(microsecond=0)
    expires = input.get("expiresOn")
    card = GiftCard(
        id=card_id,
        code=code.lower() if code else order_ops.gift_card_code(card_id),  # kept in lower case
        initial=cents(value),
        balance=cents(value),
        currency_code=currency,
        created_at=moment,
        updated_at=moment,
        customer_id=customer_id,
        expires_on=date.fromisoformat(expires) if isinstance(expires, str) else expires,
        note=input.get("note"),
        # as giftCardUpdate keeps it (captured there and here: gift-card-template-suffix-prefix)
        template_suffix=(input.get("templateSuffix") or "").removeprefix("gift_card.") or None,
    )
    state.add_gift_card(card)
    return {"giftCard": card, "giftCardCode": card.code, "userErrors": []}


def gift_card_deactivate(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:  # noqa: A002
    """Deactivates a card for good (deactivating it again keeps its first date)."""
    ctx = scoped_context(info, "write_gift_cards")
    card = by_gid(ctx.state.gift_cards, id, "GiftCard")
    if card is None:
        # captured: gift-card-user-error-typename
        error = user_error(["id"], "The gift card could not be found.", "GIFT_CARD_NOT_FOUND")
        return {"giftCard": None, "userErrors": [error]}
    if card.deactivated_at is None:
        card.deactivated_at = card.updated_at = ctx.now.replace(microsecond=0)
    return {"giftCard": card, "userErrors": []}


def _is_redeemable(card: GiftCard, info: GraphQLResolveInfo) -> bool:
    return card.enabled and card.balance > 0 and not card.expired(context(info).now.date())


def resolve_gift_card_configuration(_root: Any, info: GraphQLResolveInfo) -> dict[str, Any]:
    """The shop's gift card limits: the issue limit its mutations enforce, the purchase limit."""
    currency = scoped_context(info, "read_gift_cards").state.shop.currency_code
    return {"issueLimit": {"amount": MAX_INITIAL_VALUE, "currencyCode": currency},
            "purchaseLimit": {"amount": PURCHASE_LIMIT, "currencyCode": currency}}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("QueryRoot", "giftCardConfiguration"): resolve_gift_card_configuration,
    ("QueryRoot", "giftCard"): resolve_gift_card,
    ("QueryRoot", "giftCards"): resolve_gift_cards,
    ("QueryRoot", "giftCardsCount"): resolve_gift_cards_count,
    ("GiftCard", "balance"): lambda c, _info: _money(c.balance, c.currency_code),
    ("GiftCard", "initialValue"): lambda c, _info: _money(c.initial, c.currency_code),
    ("GiftCard", "isRedeemable"): _is_redeemable,
    ("GiftCard", "customer"): lambda c, info: context(info).state.customers.get(c.customer_id) if c.customer_id else None,
    ("GiftCard", "order"): lambda c, info: context(info).state.orders.get(c.order_id) if c.order_id else None,
    ("GiftCard", "lineItem"): lambda c, info: (
        context(info).state.orders[c.order_id].line_item(c.line_item_id)
        if c.order_id in context(info).state.orders and c.line_item_id
        else None
    ),
    ("Mutation", "giftCardCreate"): gift_card_create,
    ("Mutation", "giftCardDeactivate"): gift_card_deactivate,
}
