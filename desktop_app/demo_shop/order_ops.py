"""What happens to an order: creation bookkeeping, fulfillments, refunds, edits, cancels.

The resolvers validate GraphQL input and call these; the generator calls them directly, so
generated orders carry exactly the structures the mutations would have made. Every change
goes through :func:`touch`, which moves ``updatedAt`` strictly forward (the app's incremental
import relies on it) and re-files the order in the sort indexes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from desktop_app.demo_shop.execution import later_than
from desktop_app.demo_shop.fulfillment_state import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentOrder,
    FulfillmentOrderLine,
)
from desktop_app.demo_shop.gift_card_state import GiftCard
from desktop_app.demo_shop.money import EXCHANGE_RATES, ZERO, Amount, cents, total
from desktop_app.demo_shop.order_state import Job, LineItem, Order
from desktop_app.demo_shop.refund_state import Refund, RefundLine, RefundShipping, Transaction
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def exchange_rate(shop_currency: str, presentment_currency: str) -> Decimal:
    """Units of ``presentment_currency`` per unit of ``shop_currency`` (fixed demo rates)."""
    shop = EXCHANGE_RATES.get(shop_currency, Decimal(1))
    return EXCHANGE_RATES.get(presentment_currency, shop) / shop


def amount_in(order_or_rate: Order | Decimal, shop: Decimal, pres: Decimal | None = None) -> Amount:
    """An amount of an order: the presentment value converted at the fixed rate when absent."""
    if isinstance(order_or_rate, Order):
        rate = exchange_rate(order_or_rate.currency_code, order_or_rate.presentment_currency_code)
    else:
        rate = order_or_rate
    return Amount(cents(shop), cents(shop * rate if pres is None else pres))


def shop_value(order: Order, presentment: Decimal) -> Amount:
    """An amount given in the presentment currency (refund transactions)."""
    rate = exchange_rate(order.currency_code, order.presentment_currency_code)
    return Amount(cents(presentment / rate), cents(presentment))


def touch(state: ShopState, order: Order, now: datetime) -> None:
    """Record a change: updatedAt strictly later than before, indexes refreshed."""
    order.updated_at = later_than(order.updated_at, now)
    state.order_changed(order)


def gift_card_code(seed: int) -> str:
    """A 16-character code derived from a number (deterministic, unambiguous characters), in
    lower case as Shopify keeps every gift card code."""
    digest = hashlib.sha256(str(seed).encode()).digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:16]).lower()


def default_location(state: ShopState) -> int | None:
    """The first active location (where unassigned lines are fulfilled from)."""
    for location in state.locations.values():
        if location.is_active:
            return location.id
    return None


def build_fulfillment_orders(state: ShopState, order: Order, now: datetime) -> None:
    """One fulfillment order per location for the lines that need shipping."""
    by_location: dict[int, FulfillmentOrder] = {}
    fallback = default_location(state)
    for line in order.line_items:
        if not line.requires_shipping or line.current_quantity <= 0:
            continue
        location = line.location_id or fallback
        if location is None:
            continue
        line.location_id = location
        fo = by_location.get(location)
        if fo is None:
            fo = FulfillmentOrder(
                id=state.new_id(), location_id=location, status="OPEN", created_at=now, updated_at=now
            )
            by_location[location] = fo
            order.fulfillment_orders.append(fo)
        fo.lines.append(
            FulfillmentOrderLine(state.new_id(), line.id, line.current_quantity, line.current_quantity)
        )


def finish_new_order(state: ShopState, order: Order, now: datetime) -> None:
    """Bookkeeping of a newly built order: totals, fulfillment orders, gift cards, indexes."""
    order.link()
    order.original_total = order.total_after_edits
    build_fulfillment_orders(state, order, now)
    for line in order.line_items:
        if line.is_gift_card:
            for _ in range(line.quantity):
                card_id = state.new_id()
                state.add_gift_card(
                    GiftCard(
                        id=card_id,
                        code=gift_card_code(card_id),
                        initial=line.unit.shop,
                        balance=line.unit.shop,
                        currency_code=order.currency_code,
                        created_at=order.created_at,
                        updated_at=order.created_at,
                        customer_id=order.customer_id,
                        order_id=order.id,
                        line_item_id=line.id,
                    )
                )
    for transaction in order.transactions:
        if transaction.gift_card_id is not None and transaction.status == "SUCCESS":
            card = state.gift_cards.get(transaction.gift_card_id)
            if card is not None:
                card.balance = max(card.balance - transaction.amount.shop, Decimal("0.00"))
                card.updated_at = later_than(card.updated_at, now)
                transaction.receipt = {
                    "gift_card_id": card.id,
                    "gift_card_last_characters": card.last_characters,
                }
    state.add_order(order)


def open_fulfillment_order(order: Order, location_id: int) -> FulfillmentOrder | None:
    """The order's fulfillment order at a location that can still take lines."""
    for fo in order.fulfillment_orders:
        if fo.location_id == location_id and fo.status in ("OPEN", "IN_PROGRESS"):
            return fo
    return None


def fulfill(
    state: ShopState,
    order: Order,
    requests: list[tuple[FulfillmentOrder, list[tuple[FulfillmentOrderLine, int]]]],
    tracking: list[dict[str, str | None]],
    notify_customer: bool,
    now: datetime,
) -> Fulfillment:
    """Ship quantities of fulfillment order lines (already validated) as one fulfillment."""
    moment = later_than(order.updated_at, now)
    fulfillment = Fulfillment(
        id=state.new_id(),
        name=f"{order.name}.{len(order.fulfillments) + 1}",
        location_id=requests[0][0].location_id,
        created_at=moment,
        updated_at=moment,
        tracking=tracking,
        notify_customer=notify_customer,
        fulfillment_order_ids=[fo.id for fo, _ in requests],
    )
    for fo, lines in requests:
        for fo_line, quantity in lines:
            fo_line.remaining_quantity -= quantity
            fulfillment.lines.append(FulfillmentLine(state.new_id(), fo_line.line_item_id, quantity))
        fo.refresh_status()
        fo.updated_at = moment
    order.fulfillments.append(fulfillment)
    touch(state, order, now)
    return fulfillment


def cancel_fulfillment(state: ShopState, order: Order, fulfillment: Fulfillment,
                       now: datetime) -> None:
    """Cancel a fulfillment: its units go back to the fulfillment orders they came from, to
    be fulfilled again (captured: fulfillment-cancel-parity, the fulfillment CANCELLED, its
    tracking kept, the order cancellable after it)."""
    moment = later_than(fulfillment.updated_at, now)
    fulfillment.status = "CANCELLED"
    fulfillment.updated_at = moment
    for units in fulfillment.lines:
        left = units.quantity
        for fo in order.fulfillment_orders:
            if fo.id not in fulfillment.fulfillment_order_ids or fo.status == "CANCELLED":
                continue
            for fo_line in fo.lines:
                if fo_line.line_item_id == units.line_item_id and left > 0:
                    back = min(left, fo_line.total_quantity - fo_line.remaining_quantity)
                    fo_line.remaining_quantity += back
                    left -= back
            fo.refresh_status()
            fo.updated_at = moment
    touch(state, order, now)


def fulfill_everything(
    state: ShopState, order: Order, now: datetime, tracking: list[dict[str, str | None]] | None = None
) -> list[Fulfillment]:
    """Fulfill all that remains, one fulfillment per location."""
    made = []
    for fo in list(order.fulfillment_orders):
        lines = [(line, line.remaining_quantity) for line in fo.lines if line.remaining_quantity > 0]
        if fo.status in ("OPEN", "IN_PROGRESS") and lines:
            made.append(fulfill(state, order, [(fo, lines)], tracking or [], False, now))
    return made


def _release_unfulfilled(order: Order, line: LineItem, quantity: int) -> None:
    """Take ``quantity`` units of a line off its fulfillment orders (refund or edit)."""
    left = quantity
    for fo in order.fulfillment_orders:
        if fo.status == "CANCELLED":
            continue
        for fo_line in fo.lines:
            if fo_line.line_item_id != line.id or left <= 0:
                continue
            taken = min(fo_line.remaining_quantity, left)
            fo_line.remaining_quantity -= taken
            fo_line.total_quantity -= taken
            left -= taken
        fo.refresh_status()


def add_transaction(
    state: ShopState,
    order: Order,
    kind: str,
    status: str,
    gateway: str,
    amount: Amount,
    now: datetime,
    *,
    parent_id: int | None = None,
    gift_card_id: int | None = None,
) -> Transaction:
    """Append a transaction to an order."""
    transaction = Transaction(
        id=state.new_id(),
        kind=kind,
        status=status,
        gateway=gateway,
        amount=amount,
        created_at=now,
        processed_at=now,
        parent_id=parent_id,
        gift_card_id=gift_card_id,
        test=order.test,
    )
    transaction.order = order
    order.transactions.append(transaction)
    return transaction


def parent_payment(order: Order) -> Transaction | None:
    """The successful sale or capture a refund goes back to."""
    for transaction in order.transactions:
        if transaction.kind in ("SALE", "CAPTURE") and transaction.status == "SUCCESS":
            return transaction
    return None


@dataclass
class RefundRequest:
    """A validated refund: lines, shipping and transactions."""

    lines: list[tuple[LineItem, int, str, int | None]] = field(default_factory=list)
    shipping: Amount | None = None
    transactions: list[tuple[str, str, Amount, int | None]] = field(default_factory=list)
    note: str | None = None
    from_edit: bool = False
    return_id: int | None = None


def create_refund(state: ShopState, order: Order, request: RefundRequest, now: datetime) -> Refund:
    """Record a refund (its transactions go on the order too) and release unshipped units."""
    moment = later_than(order.updated_at, now)
    refund = Refund(
        id=state.new_id(),
        created_at=moment,
        updated_at=moment,
        note=request.note,
        from_edit=request.from_edit,
        return_id=request.return_id,
    )
    refund.order = order
    for line, quantity, restock_type, location_id in request.lines:
        unfulfilled = line.unfulfilled_quantity
        refund.lines.append(
            RefundLine(
                id=state.new_id(),
                line_item_id=line.id,
                quantity=quantity,
                restock_type=restock_type,
                subtotal=line.net(quantity),
                tax=ZERO if order.tax_exempt else line.tax(quantity),
                location_id=location_id,
            )
        )
        _release_unfulfilled(order, line, min(quantity, unfulfilled))
    if request.shipping is not None and not request.shipping.is_zero and order.shipping_lines:
        refund.shipping.append(
            RefundShipping(state.new_id(), order.shipping_lines[0].id, request.shipping)
        )
    for gateway, status, amount, parent_id in request.transactions:
        transaction = add_transaction(
            state, order, "REFUND", status, gateway, amount, moment, parent_id=parent_id
        )
        refund.transaction_ids.append(transaction.id)
    order.refunds.append(refund)
    touch(state, order, now)
    return refund


def settle_transaction(state: ShopState, order: Order, transaction: Transaction, status: str, now: datetime) -> None:
    """The payment provider reports the outcome of a pending transaction."""
    transaction.status = status
    transaction.processed_at = later_than(transaction.processed_at, now)
    for refund in order.refunds:
        if transaction.id in refund.transaction_ids:
            refund.updated_at = later_than(refund.updated_at, now)
    touch(state, order, now)


def mark_as_paid(state: ShopState, order: Order, now: datetime) -> Transaction:
    """A manual sale for what is outstanding (or a capture of an authorization)."""
    outstanding = order.total_outstanding
    authorization = next(
        (t for t in order.transactions if t.kind == "AUTHORIZATION" and t.status == "SUCCESS"), None
    )
    if authorization is not None and order.authorized.shop > 0:
        transaction = add_transaction(
            state, order, "CAPTURE", "SUCCESS", authorization.gateway, outstanding, now,
            parent_id=authorization.id,
        )
    else:
        transaction = add_transaction(state, order, "SALE", "SUCCESS", "manual", outstanding, now)
    touch(state, order, now)
    return transaction


def run_cancel(state: ShopState, job: Job, now: datetime) -> None:
    """Carry out an orderCancel job: refund lines, money back if asked, order closed."""
    order = state.orders.get(job.order_id)
    job.done = True
    if order is None or order.cancelled_at is not None:
        return
    request = RefundRequest(note=job.staff_note)
    restock_type = "CANCEL" if job.restock else "NO_RESTOCK"
    for line in order.line_items:
        if line.unfulfilled_quantity > 0:
            request.lines.append((line, line.unfulfilled_quantity, restock_type, None))
    net = order.received - order.refunded
    parent = parent_payment(order)
    if job.refund and net.shop > 0 and parent is not None:
        request.transactions.append((parent.gateway, "SUCCESS", net, parent.id))
    for transaction in list(order.transactions):
        if transaction.kind == "AUTHORIZATION" and transaction.status == "SUCCESS" and order.authorized.shop > 0:
            add_transaction(
                state, order, "VOID", "SUCCESS", transaction.gateway, order.authorized, now,
                parent_id=transaction.id,
            )
    if request.lines or request.transactions:
        create_refund(state, order, request, now)
    # A real store shows the fulfillment orders of a cancelled order as CLOSED (captured:
    # fulfillmentCreate on one answers "has an unfulfillable status= closed").
    for fo in order.fulfillment_orders:
        if fo.status in ("OPEN", "IN_PROGRESS"):
            fo.status = "CLOSED"
        fo.updated_at = now
    moment = later_than(order.updated_at, now)
    order.cancelled_at = moment
    order.cancel_reason = job.reason
    order.closed_at = moment
    touch(state, order, now)
    logger.debug("Cancelled order %s", order.id)


def run_pending_jobs(state: ShopState, now: datetime) -> None:
    """Finish asynchronous jobs queued by earlier requests (Shopify runs them in between)."""
    for job in state.jobs.values():
        if not job.done:
            run_cancel(state, job, now)


@dataclass
class EditSession:
    """An order edit in progress (orderEditBegin .. orderEditCommit)."""

    id: int
    order_id: int
    quantities: dict[int, int] = field(default_factory=dict)
    restock: dict[int, bool] = field(default_factory=dict)
    added: list[tuple[int, int, int, int | None]] = field(default_factory=list)
    committed: bool = False


def commit_edit(state: ShopState, order: Order, session: EditSession, now: datetime) -> None:
    """Apply an edit: raised and added units, and lowered ones as a zero-amount refund."""
    removal = RefundRequest(from_edit=True)
    for line_id, wanted in session.quantities.items():
        line = order.line_item(line_id)
        if line is None:
            continue
        delta = wanted - line.current_quantity
        if delta > 0:
            line.quantity += delta
            line.discount = line.discount.part(line.quantity, line.quantity - delta)
            location = line.location_id or default_location(state)
            fo = open_fulfillment_order(order, location) if location else None
            if fo is not None:
                fo_line = next((x for x in fo.lines if x.line_item_id == line.id), None)
                if fo_line is None:
                    fo.lines.append(FulfillmentOrderLine(state.new_id(), line.id, delta, delta))
                else:
                    fo_line.total_quantity += delta
                    fo_line.remaining_quantity += delta
                fo.refresh_status()
            elif location is not None and line.requires_shipping:
                _new_fulfillment_order(state, order, location, [(line, delta)], now)
        elif delta < 0:
            restock = session.restock.get(line_id, False)
            removal.lines.append((line, -delta, "CANCEL" if restock else "NO_RESTOCK", None))
    added_lines = []
    for calc_id, variant_id, quantity, location_id in session.added:
        variant = state.variants[variant_id]
        line = LineItem(
            id=calc_id,
            title=variant.product.title if variant.product else variant.title,
            quantity=quantity,
            unit=amount_in(order, variant.price),
            sku=variant.sku,
            variant_id=variant.id,
            product_id=variant.product.id if variant.product else None,
            variant_title=None if variant.title == "Default Title" else variant.title,
            vendor=variant.product.vendor if variant.product else None,
            taxable=variant.taxable,
            tax_rates=list(order.line_items[0].tax_rates) if order.line_items and variant.taxable else [],
            location_id=location_id or default_location(state),
        )
        line.order = order
        order.line_items.append(line)
        added_lines.append(line)
    by_location: dict[int, list[tuple[LineItem, int]]] = {}
    for line in added_lines:
        if line.location_id is not None:
            by_location.setdefault(line.location_id, []).append((line, line.quantity))
    for location, pairs in by_location.items():
        fo = open_fulfillment_order(order, location)
        if fo is None:
            _new_fulfillment_order(state, order, location, pairs, now)
        else:
            for line, quantity in pairs:
                fo.lines.append(FulfillmentOrderLine(state.new_id(), line.id, quantity, quantity))
            fo.refresh_status()
    if removal.lines:
        create_refund(state, order, removal, now)
    order.edited = True
    session.committed = True
    touch(state, order, now)


def _new_fulfillment_order(
    state: ShopState, order: Order, location: int, pairs: list[tuple[LineItem, int]], now: datetime
) -> FulfillmentOrder:
    fo = FulfillmentOrder(id=state.new_id(), location_id=location, status="OPEN", created_at=now, updated_at=now)
    fo.lines = [FulfillmentOrderLine(state.new_id(), line.id, q, q) for line, q in pairs]
    fo.order = order
    order.fulfillment_orders.append(fo)
    return fo


def net_paid(order: Order) -> Amount:
    """What the customer paid and has not had back."""
    return order.received - order.refunded


def refund_total_requested(transactions: list[tuple[str, str, Amount, int | None]]) -> Amount:
    """The sum of a refund request's transaction amounts."""
    return total(amount for _, _, amount, _ in transactions)
