"""Order nodes as the three reads give them (OrdersToImport page, OrderById, BulkOrders line)
into records: derived header totals, one money side, discount allocations, B2B buyers."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from orders_fake_shop import _strip, bag, line, order, shipping

from desktop_app.errors import RecordError
from desktop_app.shopify.order_records import node_from_bulk, order_header, order_record

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DERIVED = ("currentSubtotalPriceSet", "currentShippingPriceSet", "currentTotalTaxSet",
           "currentTotalDiscountsSet", "taxLines")


def _read(node: dict, *, drop: str | None = None) -> dict:
    """The node as a query reads it: connections, no derivable totals, maybe one side."""
    node = copy.deepcopy(node)
    for key in DERIVED:
        node.pop(key, None)
    for key in ("lineItems", "shippingLines", "returns"):
        node[key] = {"nodes": node[key], "pageInfo": {"hasNextPage": False}}
    if drop:
        total = node.pop("currentTotalPriceSet")
        _strip(node, drop)
        node["currentTotalPriceSet"] = total
    return node


def _shopify_totals(node: dict) -> dict[str, Decimal]:
    return {k: Decimal(node[k]["shopMoney"]["amount"]) for k in
            ("currentSubtotalPriceSet", "currentShippingPriceSet", "currentTotalTaxSet",
             "currentTotalPriceSet")}


@pytest.mark.parametrize("taxes_included", [False, True])
def test_derived_totals_match_shopifys(taxes_included):
    node = order(1, created=T0, taxes_included=taxes_included, lines=[
        line(1, "A", 3, "10.00", tax="3.90", discount="3.00", current=2),
        line(2, "B", 1, "7.50", tax="0.98"),
    ], shipping_lines=[shipping(1, "Express", "9.00", discount="1.00", tax="1.04"),
                       shipping(2, "Old", "4.00", removed=True)])
    expected = _shopify_totals(node)
    record = order_record(_read(node))
    assert record.subtotal.shop == expected["currentSubtotalPriceSet"] == Decimal("25.50")
    assert record.shipping.shop == expected["currentShippingPriceSet"] == Decimal("8.00")
    assert record.tax.shop == expected["currentTotalTaxSet"] == Decimal("4.62")
    assert record.discount.shop == Decimal("3.00")  # 2/3 of the line's 3.00, shipping 1.00
    assert record.total.shop == expected["currentTotalPriceSet"]
    # The order's tax lines, by title and rate, from the lines and shipping.
    assert [(t.title, t.amount.shop) for t in record.tax_lines] == [("VAT", Decimal("4.62"))]
    # Without Shopify's total, the derived one is the same figure.
    no_total = _read(node)
    no_total.pop("currentTotalPriceSet")
    assert order_record(no_total).total.shop == expected["currentTotalPriceSet"]


def test_discount_allocations_add_up_like_total_discount_set():
    node = order(1, created=T0, lines=[line(1, "A", 2, "10.00", discount="2.00")])
    read = _read(node)
    item = read["lineItems"]["nodes"][0]
    item.pop("totalDiscountSet")
    item["discountAllocations"] = [{"allocatedAmountSet": bag("1.50")},
                                   {"allocatedAmountSet": bag("0.50")}]
    assert order_record(read).lines[0].discount.shop == Decimal("2.00")
    item["discountAllocations"] = []
    assert order_record(read).lines[0].discount.shop == 0


def test_one_money_side_is_exact_for_one_currency_and_named_for_two():
    same = order(1, created=T0, lines=[line(1, "A", 1, "10.00")])
    record = order_record(_read(same, drop="presentmentMoney"), "shop")
    assert record.money_side == "both" and record.has_side(presentment=True)
    assert record.lines[0].unit_price.presentment == Decimal("10.00")
    two = order(2, created=T0, currency="CAD", presentment="EUR",
                lines=[line(2, "A", 1, "10.00", rate="0.7")])
    record = order_record(_read(two, drop="presentmentMoney"), "shop")
    assert record.money_side == "shop"
    assert record.has_side(presentment=False) and not record.has_side(presentment=True)
    assert record.total.presentment == Decimal("7.00")  # read on both sides
    record = order_record(_read(two, drop="shopMoney"), "presentment")
    assert record.lines[0].unit_price.presentment == Decimal("7.00")
    assert record.has_side(presentment=True) and not record.has_side(presentment=False)


def test_header_total_comes_from_the_current_total():
    node = _read(order(1, created=T0, lines=[line(1, "A", 2, "10.00")]))
    node.pop("totalPriceSet")
    assert order_header(node).total == Decimal("20.00")


def _bulk_record(node: dict) -> dict:
    record = {k: copy.deepcopy(v) for k, v in node.items()
              if k not in ("lineItems", "shippingLines", "returns", "purchasingEntity")}
    record["customer"] = {"id": "gid://shopify/Customer/7", "firstName": "Ann",
                          "lastName": "Lee", "email": "ann@example.com", "phone": None}
    record["__children"] = [{**c, "__parentId": node["id"]} for key in
                            ("lineItems", "shippingLines", "returns") for c in node[key]]
    return record


def test_a_bulk_line_becomes_a_complete_node():
    node = order(1, created=T0, lines=[line(1, "A", 1, "3.00"), line(2, "B", 2, "4.00")],
                 shipping_lines=[shipping(1, "Standard", "5.00")])
    node["returns"] = [{"id": "gid://shopify/Return/9", "name": "#1001-R1", "status": "OPEN"}]
    node["refunds"] = [{"id": "gid://shopify/Refund/3", "createdAt": None, "updatedAt": None,
                        "note": "", "return": None, "totalRefundedSet": bag("1")}]
    shaped = node_from_bulk(_bulk_record(node))
    assert [n["id"] for n in shaped["lineItems"]["nodes"]] == [
        "gid://shopify/LineItem/1", "gid://shopify/LineItem/2"]
    assert all("__parentId" not in n for n in shaped["lineItems"]["nodes"])
    assert shaped["refunds"][0]["refundLineItems"]["pageInfo"]["hasNextPage"] is True
    record = order_record(shaped)
    assert (len(record.lines), len(record.shipping_lines), len(record.returns)) == (2, 1, 1)
    assert record.customer is not None and record.customer.email == "ann@example.com"
    assert record.total.shop == Decimal("16.00")
    broken = _bulk_record(node)
    broken["__children"].append({"id": "gid://shopify/Fulfillment/1",
                                 "__parentId": node["id"]})
    with pytest.raises(RecordError, match="Fulfillment"):
        node_from_bulk(broken)


def test_a_purchasing_company_is_the_b2b_buyer_not_a_customer():
    node = _read(order(1, created=T0, lines=[line(1, "A", 1, "3.00")], customer={
        "company": {"id": "gid://shopify/Company/5"},
        "location": {"id": "gid://shopify/CompanyLocation/6"},
        "contact": {"id": "gid://shopify/CompanyContact/7"}}))
    node["customer"] = {"id": "gid://shopify/Customer/8"}  # the contact's own customer
    record = order_record(node)
    assert record.is_b2b and record.customer is None
    assert (record.company_gid, record.company_location_gid, record.company_contact_gid) == (
        "gid://shopify/Company/5", "gid://shopify/CompanyLocation/6",
        "gid://shopify/CompanyContact/7")
