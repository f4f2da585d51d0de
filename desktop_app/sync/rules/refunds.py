"""Pure rules of returns and refunds: the credit memo of one Shopify refund (seed 003
"Returns and refunds", bc_connector §1.8).

Lines by restock type: RETURN / LEGACY_RESTOCK -> the item (location by the return location
priority); NO_RESTOCK -> the non-restock refund account; CANCEL -> the refund account; gift
card lines -> the sold gift card account; refunded shipping -> the shipping charges account;
exchange items (handed to the customer in place of the returned ones) -> negative item lines.
A balancing line on the refund account takes the document to exactly Shopify's refunded
total. Where Business Central goes wrong we do not follow it:

- one currency for every line: the one the order's document was made in, so shipping is not
  taken from the presentment amounts in shop-currency mode (BC #4829);
- the balancing line is computed *after* the exchange lines, so an even exchange balances to
  zero instead of adding the returned value a second time (PR #8554).

No credit memo while any refund transaction is PENDING (it is looked at again later), and
none for a refund Shopify made only to record an edit (nothing refunded, no return, no
restock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from desktop_app.records.lines import CreditMemoLineRecord
from desktop_app.records.orders import ZERO, Money, OrderRecord
from desktop_app.records.settings import ReturnLocationPriority, ShopSettings, settings_part
from desktop_app.records.widths import LINE_DESCRIPTION
from desktop_app.shopify.order_values import amount_text
from desktop_app.sync.rules.orders import DocumentPlan, PlannedLine
from desktop_app.sync.rules.problems import Problem

Decision = Literal["create", "wait", "skip"]


@dataclass(frozen=True)
class RefundLineIn:
    line_gid: str
    sku: str
    title: str
    quantity: int
    restock_type: str
    location_gid: str
    subtotal: Money
    tax: Money
    is_gift_card: bool = False


@dataclass(frozen=True)
class ExchangeLineIn:
    """An item given to the customer in exchange (a new line of the order)."""

    line_gid: str
    sku: str
    title: str
    quantity: int
    subtotal: Money
    tax: Money = field(default_factory=Money)


@dataclass(frozen=True)
class RefundIn:
    shopify_id: str
    total_refunded: Money
    has_return: bool
    transaction_statuses: tuple[str, ...]
    lines: tuple[RefundLineIn, ...]
    shipping: tuple[tuple[Money, Money], ...] = ()  # (subtotal, tax) per refunded shipping
    exchanges: tuple[ExchangeLineIn, ...] = ()
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class MemoSettings:
    """The shop settings a credit memo depends on (defaults: the shop's)."""

    refund_account: str = ShopSettings.refund_account
    refund_account_non_restock: str = ShopSettings.refund_account_non_restock
    sold_gift_card_account: str = ShopSettings.sold_gift_card_account
    shipping_charges_account: str = ShopSettings.shipping_charges_account
    return_location: str = ShopSettings.return_location
    return_location_priority: ReturnLocationPriority = ShopSettings.return_location_priority

    @classmethod
    def from_shop(cls, settings: ShopSettings) -> MemoSettings:
        return settings_part(cls, settings)


@dataclass(frozen=True)
class MemoPlan:
    decision: Decision
    reason: str = ""
    lines: tuple[CreditMemoLineRecord, ...] = ()
    total: Decimal = ZERO
    problems: tuple[str, ...] = ()


def decide(refund: RefundIn) -> tuple[Decision, str]:
    """Whether a credit memo is made now, later, or never."""
    if any(s == "PENDING" for s in refund.transaction_statuses):
        return "wait", "a refund transaction is still pending at the payment provider"
    restocked = any(ln.restock_type in ("RETURN", "LEGACY_RESTOCK") for ln in refund.lines)
    if refund.has_return or restocked or refund.total_refunded.shop > 0 \
            or refund.exchanges:
        return "create", ""
    return "skip", "nothing was refunded (Shopify's record of an order edit)"


def return_location(line: RefundLineIn, settings: MemoSettings,
                    shopify_locations: Mapping[str, str], original_code: str = "") -> str:
    """The location code of a returned item line.

    "default": the shop's return location (blank included). "original_then_default": the
    local location of the Shopify location the item was restocked at, else the location of
    the original sales line, else the return location.
    """
    if settings.return_location_priority == "original_then_default":
        mapped = shopify_locations.get(line.location_gid, "") if line.location_gid else ""
        if mapped:
            return mapped
        if original_code:
            return original_code
    return settings.return_location


def plan_credit_memo(refund: RefundIn, settings: MemoSettings, *, presentment: bool,
                     prices_including_tax: bool, items_by_line: Mapping[str, str],
                     items_by_sku: Mapping[str, str] | None = None,
                     original_locations: Mapping[str, str] | None = None,
                     shopify_locations: Mapping[str, str] | None = None) -> MemoPlan:
    """The credit memo of one refund, in the order document's currency.

    Args:
        refund: the refund as Shopify reports it.
        settings: accounts and the return location.
        presentment: amounts in the presentment currency (else the shop currency).
        prices_including_tax: line amounts include tax (as on the order's document).
        items_by_line: local item no. per Shopify line gid (from the order's document).
        items_by_sku: local item no. per SKU (for lines the document does not hold, such as
            exchange items).
        original_locations: location code of each Shopify line on the order's document.
        shopify_locations: local location code per Shopify location gid.
    """
    decision, reason = decide(refund)
    if decision != "create":
        return MemoPlan(decision, reason)
    items_by_sku = items_by_sku or {}
    original_locations = original_locations or {}
    shopify_locations = shopify_locations or {}
    problems: list[str] = []
    lines: list[CreditMemoLineRecord] = []

    def account(no: str, setting: str) -> str:
        if not no:
            problems.append(f"the refund needs the '{setting}' setting")
        return no

    def add(kind: str, no: str, description: str, quantity: Decimal, amount: Decimal,
            tax: Decimal, location: str = "", gid: str = "") -> None:
        unit = (amount / quantity).quantize(Decimal("0.0001")) if quantity else amount
        lines.append(CreditMemoLineRecord(kind, no, description[:LINE_DESCRIPTION], quantity, unit,
                                     amount, tax, location, gid))

    for ln in refund.lines:
        amount = ln.subtotal.pick(presentment)
        tax = ln.tax.pick(presentment)
        qty = Decimal(ln.quantity)
        if ln.is_gift_card:
            add("gl_account", account(settings.sold_gift_card_account, "sold_gift_card_account"),
                f"Gift card refund: {ln.title}", qty, amount, tax, gid=ln.line_gid)
        elif ln.restock_type in ("RETURN", "LEGACY_RESTOCK"):
            item = items_by_line.get(ln.line_gid) or items_by_sku.get(ln.sku, "")
            if not item:
                problems.append(f"no local item for the returned line '{ln.title}'")
            location = return_location(ln, settings, shopify_locations,
                                       original_locations.get(ln.line_gid, ""))
            add("item", item, ln.title, qty, amount, tax, location, ln.line_gid)
        elif ln.restock_type == "CANCEL":
            add("gl_account", account(settings.refund_account, "refund_account"),
                f"Cancelled: {ln.title}", Decimal(1), amount, tax, gid=ln.line_gid)
        else:  # NO_RESTOCK and anything Shopify adds later: no inventory effect
            add("gl_account", account(settings.refund_account_non_restock,
                                      "refund_account_non_restock"),
                f"Not restocked: {ln.title}", qty, amount, tax, gid=ln.line_gid)
    for subtotal, tax in refund.shipping:
        amount = subtotal.pick(presentment)
        if amount or tax.pick(presentment):
            add("gl_account", account(settings.shipping_charges_account,
                                      "shipping_charges_account"),
                "Shipping refund", Decimal(1), amount, tax.pick(presentment))
    for ex in refund.exchanges:
        item = items_by_sku.get(ex.sku, "") or items_by_line.get(ex.line_gid, "")
        if not item:
            problems.append(f"no local item for the exchange line '{ex.title}'")
        add("item", item, f"Exchange: {ex.title}", Decimal(-ex.quantity),
            -ex.subtotal.pick(presentment), -ex.tax.pick(presentment), gid=ex.line_gid)
    target = refund.total_refunded.pick(presentment)
    so_far = _total(lines, prices_including_tax)
    gap = target - so_far
    if gap:
        add("gl_account", account(settings.refund_account, "refund_account"),
            "Refund balance", Decimal(1), gap, ZERO)
    total = _total(lines, prices_including_tax)
    assert total == target, (total, target)
    if not lines:
        return MemoPlan("skip", "the refund has nothing to credit")
    return MemoPlan("create", "", tuple(lines), total, tuple(dict.fromkeys(problems)))


def order_value(order: OrderRecord, presentment: bool) -> Decimal:
    """What the order was worth when placed: its lines at the ordered quantities less their
    discounts, and its shipping, with tax (the most its refunds can give back)."""
    value = ZERO
    for line in order.lines:
        value += line.unit_price.pick(presentment) * line.quantity \
            - line.discount.pick(presentment) \
            + (ZERO if order.taxes_included else line.tax.pick(presentment))
    for ship in order.shipping_lines:
        if not ship.is_removed:
            value += ship.amount.pick(presentment) - ship.discount.pick(presentment) \
                + (ZERO if order.taxes_included else ship.tax.pick(presentment))
    return value


def rounding_allowance(order: OrderRecord, presentment: bool) -> Decimal:
    """How far the order's refunds may go over what it was worth through rounding across
    currencies: one minor unit per converted line (each line, shipping line and refund is
    converted to the shop currency on its own). Nothing in the presentment currency, or
    when both currencies are one."""
    if presentment or order.presentment_currency in ("", order.currency):
        return ZERO
    return minor_unit(order.currency) * (len(order.lines) + len(order.shipping_lines)
                                         + max(len(order.refunds), 1))


def rounding_excess(refund: RefundIn, order: OrderRecord, presentment: bool) -> Decimal:
    """How much the refund, with the ones before it, gives back over what the order was
    worth, when that is within `rounding_allowance` (0: not over, or refused)."""
    over = _refunded_through(refund, order, presentment) - order_value(order, presentment)
    return over if ZERO < over <= rounding_allowance(order, presentment) else ZERO


def _refunded_before(refund: RefundIn, order: OrderRecord, presentment: bool) -> Decimal:
    """The money of the order's refunds made before this one."""
    earlier = ZERO
    for other in sorted(order.refunds, key=lambda r: (r.created_at is None, r.created_at)):
        if other.shopify_id == refund.shopify_id:
            break
        earlier += other.total_refunded.pick(presentment)
    return earlier


def _refunded_through(refund: RefundIn, order: OrderRecord, presentment: bool) -> Decimal:
    """The refund's money with that of the order's refunds made before it."""
    return _refunded_before(refund, order, presentment) + refund.total_refunded.pick(presentment)


def refund_problems(refund: RefundIn, order: OrderRecord,
                    presentment: bool) -> list[Problem]:
    """Why a refund cannot be credited as Shopify sent it (empty: it can).

    A refund line must name a line item of the order and refund no more of it than was
    ordered; the refund, with the order's refunds made before it, must not give back more
    than the order was worth (`order_value`). Shopify never allows any of this, so a refund
    breaking it is refused rather than credited: a credit memo of money nobody paid. Going
    over by rounding across currencies (`rounding_allowance`) is not refused: the caller
    notes it (`rounding_excess`).
    """
    problems: list[Problem] = []
    ordered = {line.shopify_id: line.quantity for line in order.lines}
    refunded: dict[str, int] = {}
    for ln in refund.lines:
        if ln.line_gid not in ordered:
            problems.append(Problem(
                "refundLineItems.lineItem", f"its line '{ln.title[:40]}' refers to line item "
                f"{ln.line_gid or '(none)'}, which the order does not have"))
            continue
        refunded[ln.line_gid] = refunded.get(ln.line_gid, 0) + ln.quantity
    for gid, quantity in refunded.items():
        if quantity > ordered[gid]:
            problems.append(Problem(
                "refundLineItems.quantity", f"it refunds {quantity} of line item {gid}, "
                f"which was ordered {ordered[gid]} times"))
    earlier = _refunded_before(refund, order, presentment)
    total = refund.total_refunded.pick(presentment)
    value = order_value(order, presentment)
    if earlier + total > value + rounding_allowance(order, presentment):
        with_earlier = f" ({amount_text(earlier + total)} with the refunds before it)" \
            if earlier else ""
        problems.append(Problem(
            "totalRefundedSet", f"it gives back {amount_text(total)}{with_earlier}, more than "
            f"the order was worth ({amount_text(value)})"))
    return problems


def _total(lines: Sequence[CreditMemoLineRecord], prices_including_tax: bool) -> Decimal:
    amount = sum((ln.amount for ln in lines), ZERO)
    if prices_including_tax:
        return amount
    return amount + sum((ln.tax_amount for ln in lines), ZERO)


# --- refunds made before the sales document (issue 14: money adds up) -----------------------

#: The smallest amount of a currency Shopify shows (a yen has no cents).
_WHOLE_UNIT_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX"})


def minor_unit(currency: str) -> Decimal:
    """One minor unit of `currency` (0.01, or 1 for currencies without decimals)."""
    return Decimal(1) if currency.upper() in _WHOLE_UNIT_CURRENCIES else Decimal("0.01")


@dataclass(frozen=True)
class Absorption:
    """What a sales document made after some refunds takes of them.

    The document is made of the order as it is now: a refunded unit is already off its
    line (Shopify's current quantity), so the refund of that unit must not be credited
    again. Each refund is then either:

    - absorbed: the document accounts for it and it never gets a credit memo; its refunded
      shipping comes off the document's shipping lines, and the document comes to what was
      sold less the money the absorbed refunds gave back (a line on the refund account
      holds what the lines do not: money kept of a refunded line such as a restocking fee,
      money given back alone, a cent of rounding between a refund and the line it took);
    - credited (its transaction is still pending, or it already has a credit memo): the
      document still holds what it took off the order, since its credit memo gives it back;
    - an edit's trace (`decide` says skip): the units are gone from the order for good;
    - not reflected: the order's current quantities do not show its units gone (Shopify
      always takes them off; a record that does not is taken as sent): the document holds
      them, and the refund gets its credit memo, checked as any other.

    Attributes:
        absorbed: the refunds the document accounts for (edit traces included).
        shipping: refunded shipping to take off the document's shipping lines.
        shipping_tax: the tax of that shipping.
        given_back: the money the absorbed refunds gave back.
        sold: per line item (gid), the units refunds took off that the document must still
            count as sold (absorbed and credited refunds; not edits).
    """

    absorbed: tuple[str, ...] = ()
    shipping: Decimal = ZERO
    shipping_tax: Decimal = ZERO
    given_back: Decimal = ZERO
    sold: Mapping[str, int] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.absorbed or self.sold)


def absorb_refunds(refunds: Sequence[RefundIn], credited: Sequence[str] | frozenset[str], *,
                   removed: Mapping[str, int], presentment: bool) -> Absorption:
    """How a sales document made now takes in the order's refunds so far.

    Args:
        refunds: every refund of the order, oldest first, as Shopify reports it now.
        credited: the refunds that already have a credit memo.
        removed: units off each line item (gid) of the order: ordered less current quantity.
        presentment: amounts in the presentment currency (else the shop currency).
    """
    absorbed: list[str] = []
    shipping = shipping_tax = given_back = ZERO
    left = dict(removed)
    sold: dict[str, int] = {}
    for refund in refunds:
        wanted: dict[str, int] = {}
        for ln in refund.lines:
            wanted[ln.line_gid] = wanted.get(ln.line_gid, 0) + ln.quantity
        if any(left.get(gid, 0) < quantity for gid, quantity in wanted.items()):
            continue  # not reflected: its credit memo gives it back
        for gid, quantity in wanted.items():
            left[gid] -= quantity
        decision, _ = decide(refund)
        if decision == "skip":
            absorbed.append(refund.shopify_id)
            continue
        for gid, quantity in wanted.items():
            sold[gid] = sold.get(gid, 0) + quantity
        if decision == "wait" or refund.shopify_id in credited:
            continue
        absorbed.append(refund.shopify_id)
        given_back += refund.total_refunded.pick(presentment)
        for subtotal, tax in refund.shipping:
            shipping += subtotal.pick(presentment)
            shipping_tax += tax.pick(presentment)
    return Absorption(tuple(absorbed), shipping, shipping_tax, given_back, sold)


def _part(value: Decimal, part: int, whole: int) -> Decimal:
    """`part`/`whole` of a line amount, rounded to cents half up (as `build_document`)."""
    if part == whole or whole == 0:
        return value
    return (value * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def sold_value(order: OrderRecord, sold: Mapping[str, int], *, presentment: bool,
               taxes_included: bool, bring_taxes_in: bool) -> Decimal:
    """What the order sold, on the basis of its sales document: each line at its current
    quantity plus the units refunds took off (`sold`), and its shipping, before refunds.

    A line at its ordered quantity is Shopify's own amounts (no rounding); a part of it is
    scaled as the document scales it.
    """
    value = ZERO
    for line in order.lines:
        quantity = line.current_quantity + sold.get(line.shopify_id, 0)
        if quantity <= 0:
            continue
        gross = line.unit_price.pick(presentment) * quantity
        discount = _part(line.discount.pick(presentment), quantity, line.quantity)
        tax = _part(line.tax.pick(presentment), quantity, line.quantity)
        value += gross - discount + _tax_on_top(tax, taxes_included, bring_taxes_in)
    for ship in order.shipping_lines:
        if ship.is_removed:
            continue
        net = ship.amount.pick(presentment) - ship.discount.pick(presentment)
        if net <= 0:
            continue
        value += net + _tax_on_top(ship.tax.pick(presentment), taxes_included, bring_taxes_in)
    return value


def _tax_on_top(tax: Decimal, taxes_included: bool, bring_taxes_in: bool) -> Decimal:
    """What a line's tax adds to its document total (`orders._line_amounts`)."""
    if not bring_taxes_in:
        return -tax if taxes_included else ZERO
    return ZERO if taxes_included else tax


def absorb_into_document(plan: DocumentPlan, absorption: Absorption, *, target: Decimal,
                         refund_account: str,
                         shipping_gids: frozenset[str] = frozenset()) -> DocumentPlan:
    """The sales document `plan` with the order's earlier refunds taken in (`Absorption`):
    refunded shipping off its shipping lines (`shipping_gids`: their Shopify ids), in order,
    a shipping line brought to nothing dropped; then a line on the refund account for what
    the lines do not hold of `target` (what was sold less the money given back).

    The "nothing left to invoice" problem of `build_document` goes when that line is left
    (money the shop kept is still to invoice); a plan with no line and no balance keeps it
    (the caller skips a fully refunded order).
    """
    if not absorption.any:
        return plan
    lines = list(plan.lines)
    amount_left, tax_left = absorption.shipping, absorption.shipping_tax
    for i, ln in enumerate(lines):
        if not (amount_left or tax_left) or ln.shopify_line_gid not in shipping_gids:
            continue
        take = min(amount_left, ln.amount)
        take_tax = min(tax_left, ln.tax_amount)
        amount_left -= take
        tax_left -= take_tax
        lines[i] = replace(ln, amount=ln.amount - take, unit_price=ln.unit_price - take,
                           tax_amount=ln.tax_amount - take_tax)
    lines = [ln for ln in lines if not (ln.shopify_line_gid in shipping_gids
                                        and ln.amount <= 0 and ln.tax_amount <= 0)]
    balance = target - _document_total(lines, plan.prices_including_tax)
    problems = list(plan.problems)
    if balance:
        if not refund_account:
            problems.append(Problem(
                "refund_account", "the order was refunded before its document was made and "
                "the refunds do not match what they took off it; that difference needs the "
                "'refund_account' setting"))
        lines.append(PlannedLine("gl_account", refund_account, "Refunds before this document",
                                 Decimal(1), balance, ZERO, balance, ZERO))
        problems = [p for p in problems if p.field != "lines"]
    amount = sum((ln.amount for ln in lines), ZERO)
    tax = sum((ln.tax_amount for ln in lines), ZERO)
    return replace(plan, lines=tuple(lines), amount=amount, tax_amount=tax,
                   total=amount if plan.prices_including_tax else amount + tax,
                   problems=tuple(problems))


def _document_total(lines: Sequence[PlannedLine], prices_including_tax: bool) -> Decimal:
    amount = sum((ln.amount for ln in lines), ZERO)
    return amount if prices_including_tax else amount + sum((ln.tax_amount for ln in lines),
                                                            ZERO)
