"""``orderCreate``: an order from its input, with its customer, lines, shipping, taxes and
transactions (``build_order`` and ``store_new_order`` also serve ``draftOrderComplete``).

Messages and field paths follow Shopify's style; those not captured from a real store are
marked "not captured" in a comment.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops, resolvers_companies
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import by_gid, gid_id, scoped_context, user_error
from desktop_app.demo_shop.money import ZERO, Amount, cents
from desktop_app.demo_shop.order_state import LineItem, Order, ShippingLine, TaxRate
from desktop_app.demo_shop.refund_state import Transaction
from desktop_app.demo_shop.resolvers_customers import clean_tags, normalize_email
from desktop_app.demo_shop.resolvers_orders import _EMAIL, address_from_input
from desktop_app.demo_shop.search import normalize_phone
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)


def _money(raw: Any) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


class _Errors:
    """Collects OrderCreateUserErrors."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, field: list[str] | None, message: str, code: str | None = "INVALID") -> None:
        self.items.append(user_error(field, message, code))


def _bag_amount(order: Order, raw: dict[str, Any] | None) -> Amount | None:
    if not raw:
        return None
    shop = _money(raw["shopMoney"]["amount"])
    presentment = raw.get("presentmentMoney")
    pres = _money(presentment["amount"]) if presentment else None
    if shop is None:
        return None
    return order_ops.amount_in(order, shop, pres)


def _tax_rates(raw: list[dict[str, Any]] | None) -> list[TaxRate]:
    return [TaxRate(t["title"], Decimal(str(t["rate"]))) for t in raw or []]


def _associate_customer(
    state: ShopState, data: dict[str, Any], errors: _Errors, now: datetime
) -> Customer | None:
    """The customer of a new order (customerId, customer.toAssociate or customer.toUpsert)."""
    if data.get("customerId") and data.get("customer"):
        errors.add(["order", "customer"], "Cannot specify both customerId and customer.", "REDUNDANT_CUSTOMER_FIELDS")
        return None
    if data.get("customerId"):
        numeric = gid_id(data["customerId"], "Customer")
        found = state.customers.get(numeric) if numeric is not None else None
        if found is None:
            errors.add(["order", "customerId"], "Customer does not exist")  # not captured
        return found
    spec = data.get("customer") or {}
    associate, upsert = spec.get("toAssociate"), spec.get("toUpsert")
    if associate:
        if associate.get("id"):
            numeric = gid_id(associate["id"], "Customer")
            found = state.customers.get(numeric) if numeric is not None else None
        else:
            found = state.customers.get(state.email_owner.get(normalize_email(associate.get("email")) or "", -1))
        if found is None:
            errors.add(["order", "customer", "toAssociate"], "Customer does not exist")  # not captured
        return found
    if upsert:
        email = normalize_email(upsert.get("email"))
        found = None
        if upsert.get("id"):
            found = by_gid(state.customers, upsert["id"], "Customer")
        elif email:
            found = state.customers.get(state.email_owner.get(email, -1))
        if found is None:
            if email is None or not _EMAIL.match(email):
                errors.add(["order", "customer", "toUpsert", "email"], "Email is invalid")
                return None
            found = Customer(
                id=state.new_id(),
                created_at=now,
                updated_at=now,
                first_name=upsert.get("firstName"),
                last_name=upsert.get("lastName"),
                email=email,
                note=upsert.get("note"),
                tags=clean_tags(upsert.get("tags") or []),
                tax_exempt=bool(upsert.get("taxExempt")),
            )
            state.add_customer(found)
        return found
    return None


def build_order(
    state: ShopState, data: dict[str, Any], now: datetime
) -> tuple[Order | None, list[dict[str, Any]], dict[str, Any]]:
    """Validate an OrderCreateOrderInput and build the order (not yet stored).

    Returns:
        The order (None on errors), the userErrors, and follow-up work for the caller:
        ``{"fulfillment": input or None, "fulfilled": bool}``.
    """
    errors = _Errors()
    shop_currency = state.shop.currency_code
    currency = data.get("currency") or shop_currency
    presentment = data.get("presentmentCurrency") or currency
    processed_at = data.get("processedAt") or now
    if isinstance(processed_at, str):
        processed_at = datetime.fromisoformat(processed_at.replace("Z", "+00:00"))
    if processed_at > now + timedelta(minutes=1):
        errors.add(["order", "processedAt"], "Processed at must not be in the future.", "PROCESSED_AT_INVALID")  # not captured
    email = normalize_email(data.get("email"))
    if email is not None and not _EMAIL.match(email):
        errors.add(["order", "email"], "Email is invalid")
    phone = None
    if data.get("phone"):
        phone = normalize_phone(data["phone"], state.shop.country_code)
        if phone is None:
            errors.add(["order", "phone"], "Phone is invalid")
    customer = _associate_customer(state, data, errors, now)
    raw_lines = data.get("lineItems") or []
    if not raw_lines:
        # captured: captures-2025-01/orders/order-create-validation-matrix.json
        errors.add(["order", "lineItems"], "Line items must have at least one line item")
    number = state.next_order_number
    moment = processed_at if processed_at <= now else now
    order = Order(
        id=state.new_id(),
        number=number,
        name=data.get("name") or f"#{number}",
        created_at=now.replace(microsecond=0),
        updated_at=now.replace(microsecond=0),
        processed_at=moment.replace(microsecond=0),
        currency_code=shop_currency,
        presentment_currency_code=presentment,
        email=email or (customer.email if customer else None),
        phone=phone,
        customer_id=customer.id if customer else None,
        note=data.get("note"),
        tags=clean_tags(data.get("tags") or []),
        custom_attributes=[{"key": a["key"], "value": a["value"]} for a in data.get("customAttributes") or []],
        taxes_included=bool(data.get("taxesIncluded")),
        tax_exempt=bool(customer.tax_exempt) if customer else False,
        test=bool(data.get("test")),
        source_name=data.get("sourceName") or "web",
        po_number=data.get("poNumber"),
        shipping_address=address_from_input(state, data.get("shippingAddress")),
        billing_address=address_from_input(state, data.get("billingAddress")),
    )
    order_taxes = _tax_rates(data.get("taxLines"))
    for index, raw in enumerate(raw_lines):
        path = ["order", "lineItems", str(index)]
        quantity = raw["quantity"]
        if quantity < 1:
            errors.add([*path, "quantity"], "Quantity must be greater than or equal to 1")
            continue
        variant = None
        if raw.get("variantId"):
            variant = by_gid(state.variants, raw["variantId"], "ProductVariant")
            if variant is None:
                errors.add([*path, "variantId"], "Variant does not exist")  # not captured
                continue
        title = raw.get("title") or (variant.product.title if variant and variant.product else None)
        if not title:
            errors.add([*path, "title"], "Title can't be blank")  # not captured
            continue
        unit = _bag_amount(order, raw.get("priceSet"))
        if unit is None:
            unit = order_ops.amount_in(order, variant.price if variant else Decimal("0"))
        if unit.shop < 0:
            errors.add([*path, "priceSet"], "Cannot send negative price for line_item")
            continue
        gift_card = bool(raw.get("giftCard"))
        line = LineItem(
            id=state.new_id(),
            title=title,
            quantity=quantity,
            unit=unit,
            sku=raw.get("sku") or (variant.sku if variant else None),
            variant_id=variant.id if variant else None,
            product_id=(variant.product.id if variant and variant.product else None)
            or (gid_id(raw["productId"], "Product") if raw.get("productId") else None),
            variant_title=raw.get("variantTitle")
            or (variant.title if variant and variant.title != "Default Title" else None),
            vendor=raw.get("vendor") or (variant.product.vendor if variant and variant.product else None),
            tax_rates=_tax_rates(raw.get("taxLines")) or list(order_taxes),
            is_gift_card=gift_card,
            requires_shipping=bool(raw.get("requiresShipping")) or (variant is not None and not gift_card),
            taxable=bool(raw.get("taxable", True)) and not gift_card,
            custom_attributes=[{"key": p["name"], "value": p["value"]} for p in raw.get("properties") or []],
        )
        if not line.taxable:
            line.tax_rates = []
        line.order = order
        order.line_items.append(line)
    discount = data.get("discountCode") or {}
    if discount.get("itemPercentageDiscountCode"):
        code = discount["itemPercentageDiscountCode"]
        rate = Decimal(str(code.get("percentage") or 0)) / 100
        for line in order.line_items:
            line.discount = line.unit.times(line.quantity).rate(rate)
        order.discount_codes.append(code["code"])
    elif discount.get("itemFixedDiscountCode"):
        code = discount["itemFixedDiscountCode"]
        amount = _bag_amount(order, code.get("amountSet")) or ZERO
        gross = sum((line.unit.times(line.quantity).shop for line in order.line_items), Decimal(0))
        for line in order.line_items:
            share = line.unit.times(line.quantity).shop / gross if gross else Decimal(0)
            line.discount = Amount(cents(amount.shop * share), cents(amount.pres * share))
        order.discount_codes.append(code["code"])
    for index, raw in enumerate(data.get("shippingLines") or []):
        price = _bag_amount(order, raw["priceSet"]) or ZERO
        shipping = ShippingLine(
            id=state.new_id(),
            title=raw["title"],
            price=price,
            code=raw.get("code") or raw["title"],
            source=raw.get("source") or "shopify",
            tax_rates=_tax_rates(raw.get("taxLines")),
        )
        shipping.order = order
        order.shipping_lines.append(shipping)
    _transactions_from_input(state, order, data, errors, now)
    if errors.items:
        return None, errors.items, {}
    return order, [], {
        "fulfillment": data.get("fulfillment"),
        "fulfilled": data.get("fulfillmentStatus") == "FULFILLED",
        "closed_at": data.get("closedAt"),
    }


def _transactions_from_input(
    state: ShopState, order: Order, data: dict[str, Any], errors: _Errors, now: datetime
) -> None:
    raw_transactions = data.get("transactions") or []
    for index, raw in enumerate(raw_transactions):
        path = ["order", "transactions", str(index)]
        amount = _bag_amount(order, raw["amountSet"]) or ZERO
        card_id = None
        gateway = raw.get("gateway") or "manual"
        if raw.get("giftCardId"):
            card_id = gid_id(raw["giftCardId"], "GiftCard")
            card = state.gift_cards.get(card_id) if card_id is not None else None
            if card is None:
                errors.add([*path, "giftCardId"], "Gift card does not exist")  # not captured
                continue
            if card.balance < amount.shop:
                errors.add([*path, "amountSet"], "Gift card balance is insufficient")  # not captured
                continue
            gateway = "gift_card"
        transaction = Transaction(
            id=state.new_id(),
            kind=raw.get("kind") or "SALE",
            status=raw.get("status") or "SUCCESS",
            gateway=gateway,
            amount=amount,
            created_at=order.processed_at,
            processed_at=order.processed_at,
            gift_card_id=card_id,
            test=bool(raw.get("test")),
            receipt=raw.get("receiptJson") if isinstance(raw.get("receiptJson"), dict) else None,
        )
        transaction.order = order
        order.transactions.append(transaction)
    if raw_transactions:
        return
    status = data.get("financialStatus")
    order.link()
    due = order.total_after_edits
    if status in ("PAID", "PARTIALLY_REFUNDED", "REFUNDED"):
        order_ops.add_transaction(state, order, "SALE", "SUCCESS", "manual", due, order.processed_at)
    elif status == "AUTHORIZED":
        order_ops.add_transaction(state, order, "AUTHORIZATION", "SUCCESS", "manual", due, order.processed_at)
    elif status == "PARTIALLY_PAID":
        order_ops.add_transaction(state, order, "SALE", "SUCCESS", "manual", due.part(1, 2), order.processed_at)


def store_new_order(
    state: ShopState, order: Order, follow_up: dict[str, Any], now: datetime, inventory: str = "BYPASS"
) -> None:
    """Store a built order and do what its input asked (fulfill, close, count it)."""
    order_ops.finish_new_order(state, order, now)
    if inventory != "BYPASS":
        for line in order.line_items:
            variant = state.variants.get(line.variant_id) if line.variant_id else None
            if variant is not None and variant.inventory_quantity is not None:
                variant.inventory_quantity -= line.quantity
    fulfillment = follow_up.get("fulfillment")
    if fulfillment or follow_up.get("fulfilled"):
        tracking = []
        if fulfillment and (fulfillment.get("trackingNumber") or fulfillment.get("trackingCompany")):
            tracking = [{"company": fulfillment.get("trackingCompany"), "number": fulfillment.get("trackingNumber"), "url": None}]
        order_ops.fulfill_everything(state, order, now, tracking)
    if follow_up.get("closed_at"):
        order.closed_at = order.updated_at
        order_ops.touch(state, order, now)
    if order.customer_id is not None:
        customer = state.customers.get(order.customer_id)
        if customer is not None:
            customer.number_of_orders += 1
            customer.amount_spent += order.total_after_edits.shop


def order_create(
    _root: Any, info: GraphQLResolveInfo, order: dict[str, Any], options: dict[str, Any] | None = None
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_orders")
    built, errors, follow_up = build_order(ctx.state, order, ctx.now)
    if built is None:
        return {"order": None, "userErrors": errors}
    if order.get("companyLocationId") is not None:
        b2b, errors = resolvers_companies.b2b_order_fields(
            ctx.state, order["companyLocationId"], built.customer_id
        )
        if errors:
            return {"order": None, "userErrors": errors}
        for attr, value in b2b.items():
            setattr(built, attr, value)
    store_new_order(ctx.state, built, follow_up, ctx.now, (options or {}).get("inventoryBehaviour") or "BYPASS")
    logger.debug("Created order %s", built.name)
    return {"order": built, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Mutation", "orderCreate"): order_create,
}
