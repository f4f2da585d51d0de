"""Money of the demo shop's orders: :class:`Amount`, a pair of decimals in the shop's currency
and in the order's presentment currency, each rounded to cents, and Shopify's MoneyBag value.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

CENT = Decimal("0.01")


D0 = Decimal("0.00")


#: Presentment currencies the demo shop sells in, per unit of the shop's currency (CAD).
EXCHANGE_RATES: dict[str, Decimal] = {
    "CAD": Decimal("1"),
    "USD": Decimal("0.73"),
    "EUR": Decimal("0.68"),
    "GBP": Decimal("0.58"),
    "JPY": Decimal("108.5"),
    "AUD": Decimal("1.10"),
    "CHF": Decimal("0.64"),
    "MXN": Decimal("13.2"),
}


def cents(value: Decimal | int | str) -> Decimal:
    """A decimal rounded half-up to cents (Shopify's money precision)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True, frozen=True)
class Amount:
    """Money in the shop currency and in the presentment currency."""

    shop: Decimal
    pres: Decimal

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.shop + other.shop, self.pres + other.pres)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.shop - other.shop, self.pres - other.pres)

    def __neg__(self) -> Amount:
        return Amount(-self.shop, -self.pres)

    def times(self, quantity: int) -> Amount:
        """This amount multiplied by a whole quantity."""
        return Amount(self.shop * quantity, self.pres * quantity)

    def part(self, numerator: int, denominator: int) -> Amount:
        """``numerator/denominator`` of this amount, rounded to cents."""
        if denominator == 0:
            return ZERO
        return Amount(
            cents(self.shop * numerator / denominator), cents(self.pres * numerator / denominator)
        )

    def rate(self, rate: Decimal) -> Amount:
        """``rate`` times this amount, rounded to cents (a tax)."""
        return Amount(cents(self.shop * rate), cents(self.pres * rate))

    @property
    def is_zero(self) -> bool:
        return self.shop == 0 and self.pres == 0

    @classmethod
    def of(cls, shop: Decimal | str, pres: Decimal | str | None = None) -> Amount:
        """An amount from a shop value and an optional presentment value (same when absent)."""
        return cls(cents(shop), cents(shop if pres is None else pres))

    def to_json(self) -> list[str]:
        return [str(self.shop), str(self.pres)]

    @classmethod
    def from_json(cls, data: list[str]) -> Amount:
        return cls(Decimal(data[0]), Decimal(data[1]))


ZERO = Amount(D0, D0)


def total(amounts: typing.Iterable[Amount]) -> Amount:
    """The sum of amounts (ZERO when empty)."""
    result = ZERO
    for amount in amounts:
        result = result + amount
    return result


def money_bag(amount: Amount, shop_currency: str, presentment_currency: str) -> dict[str, Any]:
    """A GraphQL MoneyBag value."""
    return {
        "shopMoney": {"amount": amount.shop, "currencyCode": shop_currency},
        "presentmentMoney": {"amount": amount.pres, "currencyCode": presentment_currency},
    }


H = TypeVar("H")


def bag_property(amount: Callable[[H], Amount]) -> property:
    """A GraphQL ``…Set`` field of a record with a ``bag(amount)`` method (an order, a line):
    the MoneyBag of ``amount(record)``."""
    return property(lambda record: record.bag(amount(record)))
