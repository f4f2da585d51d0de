"""The strict reading of a Shopify Order node's values: amounts, money, counts, dates,
enumerations, lists and ids, each checked as if Shopify might break its schema.

`NodeReader` reads one order's values by the rules below and collects what it repaired;
`order_records` builds the records of `desktop_app.records.orders` with it. The lenient
`decimal_of` and `money_of` serve the other readers of Shopify money (refunds, gift cards).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop_app.records.orders import NO_MONEY, ZERO, Money
from desktop_app.records.text import clean_text, quoted
from desktop_app.shopify.records import parse_datetime

# Nodes come from Shopify but are checked as if they might not: a value the schema promises
# that is null, of the wrong type, or that the store cannot hold refuses the order, naming
# the field (RecordError); the order stays staged with that error and is read again on the
# next sync. What can be repaired without changing an amount is repaired and said in the
# record's `repairs` (kept as the order's note). The rules, by field:
#
# - refused: no or a foreign id; no or a malformed currency; null amounts, lists or
#   connections that carry money (lines, shipping lines, tax lines, discount allocations,
#   transactions, refunds); amounts that are not finite decimals, are negative, do not fit
#   the store (|x| >= 10^14) or differ between the two sides of one currency; a side in
#   another currency than the order's; quantities that are not whole numbers in 0..2^31-1
#   (GraphQL's Int) or a current quantity above the ordered one; line, refund and return
#   ids that are missing or repeated; dates that cannot be read or lie in the future (an
#   `updatedAt` years ahead would move the sync's watermark past every real change);
#   `taxesIncluded` that is not a boolean; an entity or address that is not an object.
# - repaired: amounts with more than 4 decimals (rounded half up: what the store keeps);
#   "-0"; a lower-case currency; no presentment currency (the shop's stands in); no
#   `currentTotalPriceSet` (derived from the lines); unknown status, kind, reason and
#   restock values (kept as sent, cut to 30 characters); no order name (its id stands in) or
#   one longer than 50 characters (cut); tags sent as one text (split at commas); text
#   through the one repair step of `records/text.py`, as for customers (lone surrogates as
#   U+FFFD; control, bidi and NUL characters dropped; line breaks kept only in notes).

#: What the store's money columns hold: 18 digits, 4 of them after the point.
AMOUNT_PLACES = Decimal("0.0001")
AMOUNT_LIMIT = Decimal(10) ** 14
#: GraphQL's Int is a signed 32-bit integer.
INT_MAX = 2**31 - 1
#: How far ahead of this machine's clock an order date may be before it is refused. Loose:
#: a desktop clock can be days off while TLS still works, and a valid order must not be
#: refused for it; a date years ahead (2099) is what this catches.
FUTURE_TOLERANCE = dt.timedelta(days=7)
ENUM_WIDTH = 30

_CURRENCY = re.compile("[A-Z]{3}")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


class BadValue(Exception):
    """A value of an order node that Shopify's schema does not allow (the order is refused)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def amount_text(value: Decimal) -> str:
    """An amount for a message: in cents when it has no more decimals ("21.00", not the
    store's "21.0000"), else exactly."""
    cents = value.quantize(Decimal("0.01"))
    return str(cents) if cents == value else format(value.normalize(), "f")


def decimal_of(value: Any) -> Decimal:
    """A Shopify Decimal string as a Decimal (0 for null).

    Raises:
        ValueError: not a number, or not a finite one ("NaN", "Infinity").
    """
    if value is None or value == "":
        return ZERO
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {quoted(value)}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite amount: {quoted(value)}")
    return number


def money_of(bag: dict[str, Any] | None) -> Money:
    """A MoneyBag (`{shopMoney{amount} presentmentMoney{amount}}`) as Money; a side that was
    not read is a copy of the other one (see the module docstring). Lenient: the order
    import reads money with `NodeReader.money`, which refuses what this lets through.

    Raises:
        ValueError: an amount that is not a finite number, or a bag that is not an object.
    """
    if not bag:
        return NO_MONEY
    if not isinstance(bag, dict):
        raise ValueError(f"not a MoneyBag: {quoted(bag)}")
    shop_node = bag.get("shopMoney")
    presentment_node = bag.get("presentmentMoney")
    shop = decimal_of(shop_node.get("amount")) if isinstance(shop_node, dict) else None
    presentment = decimal_of(presentment_node.get("amount")) \
        if isinstance(presentment_node, dict) else None
    if shop is None and presentment is None:
        return NO_MONEY
    if shop is None:
        return Money(presentment, presentment)  # type: ignore[arg-type]
    return Money(shop, shop if presentment is None else presentment)


class NodeReader:
    """Reads the values of one order node strictly (see the rules above), collecting what it
    repaired. Every method raises `BadValue` naming the field."""

    def __init__(self, currency: str = "", presentment: str = "",
                 now: dt.datetime | None = None) -> None:
        self.currency = currency
        self.presentment = presentment
        self.now = now or dt.datetime.now(dt.UTC)
        self.repairs: list[str] = []

    def repaired(self, text: str) -> None:
        if text not in self.repairs:
            self.repairs.append(text)

    # --- scalars ------------------------------------------------------------------------

    def amount(self, value: Any, field: str, *, negative: bool = False) -> Decimal:
        if value is None:
            raise BadValue(field, "no amount, though Shopify promises one")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadValue(field, f"not a decimal amount: {quoted(value)}")
        text = value.strip() if isinstance(value, str) else str(value)
        if not _DECIMAL.fullmatch(text):  # Decimal() also takes "NaN", "1_000", "١٢"
            raise BadValue(field, f"not a decimal amount: {quoted(value)}")
        number = Decimal(text)
        if not number.is_finite():
            raise BadValue(field, f"not a finite amount: {quoted(value)}")
        if abs(number) >= AMOUNT_LIMIT:
            raise BadValue(field, f"the amount {quoted(value)} is too large to store")
        if number < 0 and not negative:
            raise BadValue(field, f"a negative amount: {quoted(value)}")
        exact = number.quantize(AMOUNT_PLACES, rounding=ROUND_HALF_UP)
        if exact != number:
            self.repaired(f"{field}: amounts with more than 4 decimals rounded to 4")
        return exact + 0  # "-0" becomes 0

    def money(self, node: dict[str, Any], key: str, field: str, *,
              negative: bool = False) -> Money:
        """The MoneyBag at `node[key]` (required: absent or null refuses)."""
        bag = node.get(key)
        if bag is None:
            raise BadValue(field, "null, though Shopify promises an amount")
        if not isinstance(bag, dict):
            raise BadValue(field, f"not a MoneyBag: {quoted(bag)}")
        sides: dict[str, Decimal] = {}
        for side, currency, whose in (("shopMoney", self.currency, "shop"),
                                      ("presentmentMoney", self.presentment, "presentment")):
            if side not in bag:
                continue  # not read (@include)
            money = bag[side]
            if not isinstance(money, dict):
                raise BadValue(f"{field}.{side}", "null, though Shopify promises an amount"
                           if money is None else f"not a MoneyV2: {quoted(money)}")
            code = money.get("currencyCode")
            if code is not None and clean_text(code).upper() != currency:
                raise BadValue(f"{field}.{side}", f"an amount in {quoted(code)}, but the order's "
                           f"{whose} currency is {currency}")
            sides[side] = self.amount(money.get("amount"), f"{field}.{side}.amount",
                                      negative=negative)
        shop, presentment = sides.get("shopMoney"), sides.get("presentmentMoney")
        if shop is None and presentment is None:
            raise BadValue(field, "neither shopMoney nor presentmentMoney")
        if shop is not None and presentment is not None and shop != presentment \
                and self.currency == self.presentment:
            raise BadValue(field, f"the shop amount {amount_text(shop)} and the presentment "
                       f"amount {amount_text(presentment)} differ, though both are in "
                       f"{self.currency}")
        if shop is None:
            return Money(presentment, presentment)  # type: ignore[arg-type]
        return Money(shop, shop if presentment is None else presentment)

    @staticmethod
    def count(value: Any, field: str) -> int:
        """A GraphQL Int that counts something: whole, 0..2^31-1."""
        if value is None:
            raise BadValue(field, "null, though Shopify promises a number")
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(field, f"not a whole number: {quoted(value)}")
        if value < 0:
            raise BadValue(field, f"a negative quantity: {value}")
        if value > INT_MAX:
            raise BadValue(field, f"{value} is larger than any quantity Shopify can hold")
        return value

    @staticmethod
    def flag(node: dict[str, Any], key: str, field: str, default: bool | None) -> bool:
        """A Boolean; absent or null is `default` (None: required)."""
        value = node.get(key)
        if value is None:
            if default is None:
                raise BadValue(field, "null, though Shopify promises true or false")
            return default
        if not isinstance(value, bool):
            raise BadValue(field, f"not true or false: {quoted(value)}")
        return value

    def moment(self, value: Any, field: str, *, required: bool = False,
               not_future: bool = False) -> dt.datetime | None:
        if value is None or value == "":
            if required:
                raise BadValue(field, "null, though Shopify promises a date")
            return None
        if not isinstance(value, str):
            raise BadValue(field, f"not a date: {quoted(value)}")
        try:
            moment = parse_datetime(value)
        except (ValueError, OverflowError):
            raise BadValue(field, f"not a date: {quoted(value)}") from None
        assert moment is not None
        if not_future and moment > self.now + FUTURE_TOLERANCE:
            raise BadValue(field, f"{moment:%Y-%m-%d %H:%M} UTC is in the future")
        return moment

    def enum(self, value: Any, field: str, known: frozenset[str]) -> str:
        text = clean_text(value).upper()
        if text and text not in known:
            cut = " (cut to 30 characters)" if len(text) > ENUM_WIDTH else ""
            self.repaired(f"{field}: unknown value {quoted(text)} kept as sent{cut}")
            text = text[:ENUM_WIDTH]
        return text

    @staticmethod
    def currency_code(value: Any, field: str) -> str:
        text = clean_text(value)
        if not text:
            raise BadValue(field, "no currency, though Shopify promises one")
        if not _CURRENCY.fullmatch(text.upper()):
            raise BadValue(field, f"not a currency code: {quoted(value)}")
        return text.upper()

    # --- lists --------------------------------------------------------------------------

    @staticmethod
    def objects(value: Any, field: str) -> list[dict[str, Any]]:
        """A list of objects Shopify promises (null refuses; so does a null item)."""
        if value is None:
            raise BadValue(field, "null, though Shopify promises a list")
        if not isinstance(value, list):
            raise BadValue(field, f"not a list: {quoted(value)}")
        for item in value:
            if not isinstance(item, dict):
                raise BadValue(field, "a null item in the list" if item is None
                           else f"an item that is not an object: {quoted(item)}")
        return value

    def connection(self, value: Any, field: str) -> list[dict[str, Any]]:
        """The nodes of a connection (`nodes` or `edges { node }`) Shopify promises."""
        if value is None:
            raise BadValue(field, "null, though Shopify promises a connection")
        if not isinstance(value, dict):
            raise BadValue(field, f"not a connection: {quoted(value)}")
        if "nodes" in value:
            return self.objects(value["nodes"], field)
        edges = self.objects(value.get("edges"), field)
        return self.objects([edge.get("node") for edge in edges], field)

    def texts(self, value: Any, field: str) -> tuple[str, ...]:
        """A list of strings (tags, discount codes); null is empty, one text is split."""
        if value is None:
            return ()
        if isinstance(value, str):
            self.repaired(f"{field}: one text rather than a list, split at commas")
            value = value.split(",")
        if not isinstance(value, list):
            raise BadValue(field, f"not a list: {quoted(value)}")
        return tuple(t for t in (clean_text(v) for v in value if v is not None) if t)

    @staticmethod
    def attributes(value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list):
            return ()
        return tuple((clean_text(a.get("key")), clean_text(a.get("value")))
                     for a in value if isinstance(a, dict))

    @staticmethod
    def object_or_none(node: dict[str, Any], key: str, field: str) -> dict[str, Any] | None:
        value = node.get(key)
        if value is None or isinstance(value, dict):
            return value
        raise BadValue(field, f"not an object: {quoted(value)}")

    def unique_id(self, node: dict[str, Any], field: str, seen: set[str],
                  required: bool = True) -> str:
        gid = clean_text(node.get("id"))
        if not gid:
            if required:
                raise BadValue(field, "no id, though Shopify promises one")
            return ""
        if gid in seen:
            raise BadValue(field, f"{gid} appears twice")
        seen.add(gid)
        return gid

