"""Gift card changes: ``giftCardCredit``, ``giftCardDebit`` and ``giftCardUpdate``.

Each answer is the one captured from a real store (../shared/shopify/captures-2025-01/
gift-cards/): a credit or debit is a transaction (a debit's amount is negative) that moves the
balance; a card that is deactivated or has expired refuses both; a debit cannot take more than
the balance, a credit cannot take the balance over the shop's issue limit (3,000 in the shop's
currency, as `giftCardCreate`'s). `giftCardUpdate` changes the note, expiry, customer and
template suffix (given as `gift_card.foo` it keeps `foo`); an empty input is refused, and a
deactivated card refuses a new expiry or customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop.execution import (
    Refusal,
    by_gid,
    context,
    gid_id,
    later_than,
    refusable,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.gift_card_state import GiftCard
from desktop_app.demo_shop.money import cents
from desktop_app.demo_shop.resolvers_gift_cards import MAX_INITIAL_VALUE
from desktop_app.demo_shop.scalars import Node, parse_iso

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NOT_FOUND = "The gift card could not be found."


@dataclass(slots=True)
class GiftCardCreditTransaction(Node):
    """A credit (or, as its subclass, a debit) of a gift card's balance."""

    TYPENAME: ClassVar[str] = "GiftCardCreditTransaction"

    id: int
    gift_card: GiftCard
    value: Decimal  # negative for a debit
    note: str | None
    processed_at: datetime

    @property
    def amount(self) -> dict[str, Any]:
        return {"amount": self.value, "currencyCode": self.gift_card.currency_code}


@dataclass(slots=True)
class GiftCardDebitTransaction(GiftCardCreditTransaction):
    TYPENAME: ClassVar[str] = "GiftCardDebitTransaction"


def _transaction(info: GraphQLResolveInfo, id: str, data: dict[str, Any],  # noqa: A002
                 argument: str, amount_key: str, debit: bool) -> dict[str, Any]:
    """Credit or debit a card; the payload's transaction key and its user errors."""
    ctx = scoped_context(info, "write_gift_cards")
    key = "giftCardDebitTransaction" if debit else "giftCardCreditTransaction"
    card = by_gid(ctx.state.gift_cards, id, "GiftCard")
    amount_path = [argument, amount_key, "amount"]

    def refused(field: list[str] | None, message: str, code: str) -> dict[str, Any]:
        return {key: None, "userErrors": [user_error(field, message, code)]}

    if card is None:  # NOT CAPTURED for credit and debit: giftCardDeactivate's answer
        return refused(["id"], NOT_FOUND, "GIFT_CARD_NOT_FOUND")
    if not card.enabled:
        return refused(["id"], "The gift card is deactivated.", "INVALID")
    if card.expired(ctx.now.date()):
        return refused(["id"], "The gift card has expired.", "INVALID")
    money = data[amount_key]
    try:
        value = cents(Decimal(str(money["amount"])))
    except (InvalidOperation, ValueError):
        value = Decimal(0)
    if value <= 0:
        return refused(amount_path, "A positive amount must be used.", "NEGATIVE_OR_ZERO_AMOUNT")
    if money["currencyCode"] != card.currency_code:
        return refused([argument, amount_key, "currencyCode"],
                       "The currency provided does not match the currency of the gift card.",
                       "MISMATCHING_CURRENCY")
    processed = parse_iso(data.get("processedAt")) or ctx.now.replace(microsecond=0)
    if processed > ctx.now:
        return refused([argument, "processedAt"],
                       "The processed date must not be in the future.", "INVALID")
    if processed < EPOCH:
        return refused([argument, "processedAt"], "A valid processed date must be used.",
                       "INVALID")
    if debit and value > card.balance:
        return refused(amount_path,
                       "The gift card does not have sufficient funds to satisfy the request.",
                       "INSUFFICIENT_FUNDS")
    if not debit and card.balance + value > MAX_INITIAL_VALUE:
        return refused(amount_path, "The gift card's value exceeds the allowed limits.",
                       "GIFT_CARD_LIMIT_EXCEEDED")
    card.balance += -value if debit else value
    card.updated_at = later_than(card.updated_at, ctx.now)
    kind = GiftCardDebitTransaction if debit else GiftCardCreditTransaction
    made = kind(ctx.state.new_id(), card, -value if debit else value, data.get("note"),
                processed)
    return {key: made, "userErrors": []}


def gift_card_credit(_root: Any, info: GraphQLResolveInfo, id: str,  # noqa: A002
                     creditInput: dict[str, Any]) -> dict[str, Any]:  # noqa: N803
    return _transaction(info, id, creditInput, "creditInput", "creditAmount", debit=False)


def gift_card_debit(_root: Any, info: GraphQLResolveInfo, id: str,  # noqa: A002
                    debitInput: dict[str, Any]) -> dict[str, Any]:  # noqa: N803
    return _transaction(info, id, debitInput, "debitInput", "debitAmount", debit=True)


@refusable("giftCard")
def gift_card_update(_root: Any, info: GraphQLResolveInfo, id: str,  # noqa: A002
                     input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_gift_cards")
    state = ctx.state
    card = by_gid(state.gift_cards, id, "GiftCard")
    if card is None:
        raise Refusal.of(["id"], NOT_FOUND)
    if not input:
        raise Refusal.of(["input"], "At least one argument is required in the input.")
    if not card.enabled:  # the expiry is named first (captured: multi-field updates)
        for key in ("expiresOn", "customerId"):
            if key in input:
                raise Refusal.of(["input", key], "The gift card is deactivated.")
    customer_id = card.customer_id
    if input.get("customerId") is not None:
        customer_id = gid_id(input["customerId"], "Customer")
        if customer_id is None or customer_id not in state.customers:
            raise Refusal.of(["input", "customerId"], "The customer could not be found.")
    if "note" in input:
        card.note = input["note"]
    if "expiresOn" in input:
        expires = input["expiresOn"]
        card.expires_on = date.fromisoformat(expires) if isinstance(expires, str) else expires
    if "templateSuffix" in input:
        suffix = input["templateSuffix"]
        card.template_suffix = suffix.removeprefix("gift_card.") if suffix else None
    card.customer_id = customer_id
    card.updated_at = later_than(card.updated_at, context(info).now)
    return {"giftCard": card, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Mutation", "giftCardCredit"): gift_card_credit,
    ("Mutation", "giftCardDebit"): gift_card_debit,
    ("Mutation", "giftCardUpdate"): gift_card_update,
}
