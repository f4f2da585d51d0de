"""Draft orders: ``draftOrder``, ``draftOrderCreate`` and ``draftOrderComplete``.

Validation messages are those captured from real stores (draft-order-create-validation-matrix).
Completing a draft makes an order through the same code as ``orderCreate``: custom lines keep
their title and price and have no variant; the draft's applied discount is spread over the
lines; taxable lines get the shop's tax (13 % HST, the demo shop is in Ontario) unless the
draft is tax exempt. The order is paid unless the draft has payment terms or
``paymentPending`` is set, as Shopify does.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops
from desktop_app.demo_shop.draft_order_state import DraftLine, DraftOrder
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    gid_id,
    later_than,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.money import cents
from desktop_app.demo_shop.order_state import TaxRate
from desktop_app.demo_shop.resolvers_customers import clean_tags, normalize_email
from desktop_app.demo_shop.resolvers_order_create import build_order, store_new_order
from desktop_app.demo_shop.resolvers_orders import _EMAIL, address_from_input, dict_connection
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

SHOP_TAX = TaxRate("HST", Decimal("0.13"))
MAX_TAG_LENGTH = 40


def _rate(draft: DraftOrder) -> Decimal:
    return order_ops.exchange_rate(draft.currency_code, draft.presentment_currency_code)


def _bag(draft: DraftOrder, shop: Decimal) -> dict[str, Any]:
    amount = order_ops.amount_in(_rate(draft), shop)
    return {
        "shopMoney": {"amount": amount.shop, "currencyCode": draft.currency_code},
        "presentmentMoney": {"amount": amount.pres, "currencyCode": draft.presentment_currency_code},
    }


def resolve_draft_order(_root: Any, info: GraphQLResolveInfo, id: str) -> DraftOrder | None:  # noqa: A002
    return by_gid(scoped_context(info, "read_draft_orders").state.draft_orders, id, "DraftOrder")


def resolve_draft_lines(draft: DraftOrder, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    state = context(info).state

    def value(line: DraftLine) -> dict[str, Any]:
        return {
            "id": line.gid,
            "name": line.name,
            "title": line.title,
            "sku": line.sku,
            "custom": line.custom,
            "quantity": line.quantity,
            "taxable": line.taxable,
            "requiresShipping": line.requires_shipping,
            "variant": state.variants.get(line.variant_id) if line.variant_id else None,
            "product": state.products.get(line.product_id) if line.product_id else None,
            "originalUnitPriceWithCurrency": {"amount": line.unit, "currencyCode": draft.currency_code},
            "originalUnitPriceSet": _bag(draft, line.unit),
            "discountedTotalSet": _bag(draft, cents(line.unit * line.quantity) - line.discount),
            "customAttributes": line.custom_attributes,
        }

    return dict_connection(draft.lines, value, **relay)


def _applied_discount(draft: DraftOrder, _info: GraphQLResolveInfo) -> dict[str, Any] | None:
    if draft.discount_value is None:
        return None
    return {
        "amountSet": _bag(draft, draft.order_discount),
        "description": draft.discount_description or "",
        "title": draft.discount_title,
        "value": draft.discount_value,
        "valueType": draft.discount_type,
    }


def _shop_amount(state: ShopState, raw: dict[str, Any] | None, presentment: str) -> Decimal | None:
    """A MoneyInput in the shop currency (converted when it is in the presentment currency)."""
    if raw is None:
        return None
    amount = Decimal(str(raw["amount"]))
    if raw["currencyCode"] != state.shop.currency_code:
        return cents(amount / order_ops.exchange_rate(state.shop.currency_code, raw["currencyCode"]))
    return cents(amount)


def draft_order_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_draft_orders")
    state = ctx.state
    errors: list[dict[str, Any]] = []
    presentment = input.get("presentmentCurrencyCode") or state.shop.currency_code
    email = normalize_email(input.get("email"))
    if email is not None and not _EMAIL.match(email):
        errors.append(user_error(["email"], "Email is invalid"))
    for index, tag in enumerate(input.get("tags") or []):
        if len(tag) > MAX_TAG_LENGTH:
            errors.append(user_error(["tags", str(index)], "Title Tag exceeds the maximum length of 40 characters"))
    terms = input.get("paymentTerms")
    if terms is not None and not terms.get("paymentTermsTemplateId"):
        errors.append(user_error(None, "Payment terms template id can not be empty."))
    customer_gid = (input.get("purchasingEntity") or {}).get("customerId") or input.get("customerId")
    customer = None
    if customer_gid:
        numeric = gid_id(customer_gid, "Customer")
        customer = state.customers.get(numeric) if numeric is not None else None
        if customer is None:
            errors.append(user_error(["purchasingEntity", "customerId"], "Customer does not exist"))  # not captured
    raw_lines = input.get("lineItems") or []
    if not raw_lines:
        errors.append(user_error(None, "Add at least 1 product"))
    lines: list[DraftLine] = []
    for index, raw in enumerate(raw_lines):
        if raw["quantity"] < 1:
            errors.append(user_error(["lineItems", str(index), "quantity"], "Quantity must be greater than or equal to 1"))
            continue
        variant = None
        if raw.get("variantId"):
            numeric = gid_id(raw["variantId"], "ProductVariant")
            variant = state.variants.get(numeric) if numeric is not None else None
            if variant is None:
                errors.append(user_error(None, f"Product with ID {numeric} is no longer available."))
                continue
        elif not (raw.get("title") or "").strip():
            errors.append(user_error(None, "Merchandise title is empty."))
            continue
        unit = _shop_amount(state, raw.get("originalUnitPriceWithCurrency"), presentment)
        if unit is None:
            unit = variant.price if variant else Decimal("0.00")
        if unit < 0:
            errors.append(user_error(None, "Cannot send negative price for line_item"))
            continue
        line_discount = Decimal("0.00")
        if raw.get("appliedDiscount"):
            d = raw["appliedDiscount"]
            gross = cents(unit * raw["quantity"])
            line_discount = (
                cents(gross * Decimal(str(d["value"])) / 100)
                if d["valueType"] == "PERCENTAGE"
                else min(cents(Decimal(str(d["value"]))), gross)
            )
        lines.append(
            DraftLine(
                id=state.new_id(),
                title=(raw.get("title") or (variant.product.title if variant and variant.product else "")).strip(),
                quantity=raw["quantity"],
                unit=cents(unit),
                sku=raw.get("sku") or (variant.sku if variant else None),
                variant_id=variant.id if variant else None,
                product_id=variant.product.id if variant and variant.product else None,
                variant_title=variant.title if variant and variant.title != "Default Title" else None,
                taxable=raw.get("taxable", True) if raw.get("taxable") is not None else True,
                requires_shipping=raw.get("requiresShipping") if raw.get("requiresShipping") is not None else variant is not None,
                discount=line_discount,
                custom_attributes=[{"key": a["key"], "value": a["value"]} for a in raw.get("customAttributes") or []],
            )
        )
    if errors:
        return {"draftOrder": None, "userErrors": errors}
    moment = ctx.now.replace(microsecond=0)
    number = state.next_draft_number
    state.next_draft_number += 1
    discount = input.get("appliedDiscount")
    shipping = input.get("shippingLine")
    draft = DraftOrder(
        id=state.new_id(),
        name=f"#D{number}",
        created_at=moment,
        updated_at=moment,
        currency_code=state.shop.currency_code,
        presentment_currency_code=presentment,
        email=email or (customer.email if customer else None),
        phone=input.get("phone"),
        customer_id=customer.id if customer else None,
        note=input.get("note"),
        tags=clean_tags(input.get("tags") or []),
        custom_attributes=[{"key": a["key"], "value": a["value"]} for a in input.get("customAttributes") or []],
        tax_exempt=bool(input.get("taxExempt")) or bool(customer and customer.tax_exempt),
        lines=lines,
        discount_title=discount.get("title") if discount else None,
        discount_description=discount.get("description") if discount else None,
        discount_value=discount["value"] if discount else None,
        discount_type=discount["valueType"] if discount else None,
        shipping_title=shipping.get("title") if shipping else None,
        shipping_price=_shop_amount(state, shipping.get("priceWithCurrency"), presentment) if shipping else None,
        payment_terms=dict(terms) if terms else None,
        po_number=input.get("poNumber"),
        source_name=input.get("sourceName"),
        shipping_address=address_from_input(state, input.get("shippingAddress")),
        billing_address=address_from_input(state, input.get("billingAddress")),
    )
    state.draft_orders[draft.id] = draft
    return {"draftOrder": draft, "userErrors": []}


def _order_input(draft: DraftOrder, pending: bool, source_name: str | None) -> dict[str, Any]:
    """The orderCreate input a draft becomes."""
    currency = draft.currency_code
    line_inputs = []
    for line in draft.lines:
        line_inputs.append(
            {
                "title": line.title,
                "quantity": line.quantity,
                "variantId": f"gid://shopify/ProductVariant/{line.variant_id}" if line.variant_id else None,
                "sku": line.sku,
                "priceSet": {"shopMoney": {"amount": line.unit, "currencyCode": currency}},
                "taxable": line.taxable and not draft.tax_exempt,
                "requiresShipping": line.requires_shipping,
                "taxLines": [{"title": SHOP_TAX.title, "rate": SHOP_TAX.rate}]
                if line.taxable and not draft.tax_exempt
                else [],
                "properties": [{"name": a["key"], "value": a["value"]} for a in line.custom_attributes],
            }
        )
    shipping_lines = []
    if draft.shipping_price is not None:
        shipping_lines.append(
            {
                "title": draft.shipping_title or "Shipping",
                "priceSet": {"shopMoney": {"amount": draft.shipping_price, "currencyCode": currency}},
                "source": "shopify_draft_order",
            }
        )
    return {
        "lineItems": line_inputs,
        "shippingLines": shipping_lines,
        "customerId": f"gid://shopify/Customer/{draft.customer_id}" if draft.customer_id else None,
        "email": draft.email,
        "note": draft.note,
        "tags": draft.tags,
        "customAttributes": draft.custom_attributes,
        "presentmentCurrency": draft.presentment_currency_code,
        "poNumber": draft.po_number,
        "sourceName": source_name or draft.source_name or "shopify_draft_order",
        "financialStatus": "PENDING" if pending else "PAID",
    }


def draft_order_complete(
    _root: Any,
    info: GraphQLResolveInfo,
    id: str,  # noqa: A002
    paymentPending: bool | None = None,  # noqa: N803
    paymentGatewayId: str | None = None,  # noqa: N803
    sourceName: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_draft_orders")
    state = ctx.state
    draft = by_gid(state.draft_orders, id, "DraftOrder")
    if draft is None:
        return {"draftOrder": None, "userErrors": [user_error(["id"], "Draft order does not exist")]}  # not captured
    if draft.status == "COMPLETED":
        return {"draftOrder": None, "userErrors": [user_error(None, "This order has been paid")]}
    if paymentGatewayId is not None:
        return {"draftOrder": None, "userErrors": [user_error(None, "Invalid payment gateway")]}
    pending = bool(paymentPending) or draft.payment_terms is not None
    data = _order_input(draft, pending, sourceName)
    data["customerId"] = data["customerId"] if draft.customer_id in state.customers else None
    order, errors, follow_up = build_order(state, data, ctx.now)
    if order is None:
        return {"draftOrder": None, "userErrors": [user_error(e["field"], e["message"]) for e in errors]}
    order.tax_exempt = draft.tax_exempt
    order.shipping_address = draft.shipping_address
    order.billing_address = draft.billing_address
    for line, draft_line in zip(order.line_items, draft.lines, strict=True):
        line.discount = order_ops.amount_in(order, draft_line.discount)
    extra = draft.order_discount
    if extra > 0:
        gross = sum((line.net(line.quantity).shop for line in order.line_items), Decimal(0))
        for line in order.line_items:
            share = line.net(line.quantity).shop / gross if gross else Decimal(0)
            line.discount = line.discount + order_ops.amount_in(order, cents(extra * share))
    if not pending:
        order.transactions.clear()
        order.link()
        order_ops.add_transaction(state, order, "SALE", "SUCCESS", "manual", order.total_after_edits, ctx.now)
    store_new_order(state, order, follow_up, ctx.now)
    draft.status = "COMPLETED"
    draft.completed_at = ctx.now.replace(microsecond=0)
    draft.order_id = order.id
    draft.updated_at = later_than(draft.updated_at, ctx.now)
    logger.debug("Completed draft order %s into %s", draft.name, order.name)
    return {"draftOrder": draft, "userErrors": []}


def _draft_total_bag(attr: str) -> Any:
    def resolve(draft: DraftOrder, _info: GraphQLResolveInfo) -> dict[str, Any]:
        value = {
            "subtotal": draft.subtotal,
            "discounts": draft.order_discount + sum((line.discount for line in draft.lines), Decimal("0.00")),
            "shipping": draft.shipping_price or Decimal("0.00"),
            "total": draft.total,
        }[attr]
        return _bag(draft, value)

    return resolve


RESOLVERS: dict[tuple[str, str], Any] = {
    ("QueryRoot", "draftOrder"): resolve_draft_order,
    ("DraftOrder", "lineItems"): resolve_draft_lines,
    ("DraftOrder", "appliedDiscount"): _applied_discount,
    ("DraftOrder", "customer"): lambda d, info: context(info).state.customers.get(d.customer_id) if d.customer_id else None,
    ("DraftOrder", "purchasingEntity"): lambda d, info: context(info).state.customers.get(d.customer_id) if d.customer_id else None,
    ("DraftOrder", "order"): lambda d, info: context(info).state.orders.get(d.order_id) if d.order_id else None,
    ("DraftOrder", "note2"): lambda d, _info: d.note,
    ("DraftOrder", "subtotalPriceSet"): _draft_total_bag("subtotal"),
    ("DraftOrder", "totalDiscountsSet"): _draft_total_bag("discounts"),
    ("DraftOrder", "totalShippingPriceSet"): _draft_total_bag("shipping"),
    ("DraftOrder", "totalPriceSet"): _draft_total_bag("total"),
    ("Mutation", "draftOrderCreate"): draft_order_create,
    ("Mutation", "draftOrderComplete"): draft_order_complete,
}
