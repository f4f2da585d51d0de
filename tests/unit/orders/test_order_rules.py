"""Pure order rules: filters, customer priority, invoice vs order, document lines and totals,
currencies, time zones, tips, gift cards, shipping charges, unknown SKUs, conflicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from orders_fake_shop import line, order, shipping

from desktop_app.records.orders import Money, RefundLineRecord, RefundRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.shopify.order_records import order_header, order_record
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.templates import TemplateRow

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
ACCOUNTS = rules.DocumentSettings(shipping_charges_account="6100", tip_account="6200",
                                  sold_gift_card_account="2400")
ITEMS = {"A": "I-A", "B": "I-B"}


def as_read(node: dict) -> dict:
    """The node as OrderById answers it (connections with `nodes`)."""
    for key in ("lineItems", "shippingLines", "returns"):
        node[key] = {"nodes": node[key], "pageInfo": {"hasNextPage": False}}
    return node


def rec(**kw):
    return order_record(as_read(order(1, created=kw.pop("created", T0),
                                      lines=kw.pop("lines", [line(1, "A", 2, "10.00")]),
                                      **kw)))


# --- tag and channel filters (seed 003: @ and *) -------------------------------------------


@pytest.mark.parametrize("expression,value,expected", [
    ("", "anything", True),
    ("tag1", "tag1", True),
    ("tag1", "tag1, tag2", False),          # without * the whole field must match
    ("*tag1*", "tag0, tag1, tag2", True),   # * finds a tag among several
    ("*tag1*", "TAG1", False),              # case matters without @
    ("@*tag1*", "x, TAG1", True),           # @ ignores case
    ("@tag1", "TaG1", True),
    ("*vip*|*gold*", "gold", True),         # alternatives
    ("<>Point of Sale", "Point of Sale", False),
    ("<>Point of Sale", "web", True),
    ("a.b", "axb", False),                  # regex characters are literal
])
def test_filter_expression(expression, value, expected):
    assert rules.filter_matches(expression, value) is expected


def _header(**kw):
    return order_header(order(1, created=T0, lines=[line(1, "A", 1, "1")], **kw))


def test_order_filter_fields():
    vip = _header(tags=["Retail", "VIP"], financial="PAID", country="DE", risk="HIGH")
    assert rules.OrderFilter(tags="@*vip*").matches(vip)
    assert not rules.OrderFilter(tags="*vip*").matches(vip)
    assert rules.OrderFilter(financial_statuses=frozenset({"PAID"})).matches(vip)
    assert not rules.OrderFilter(fulfillment_statuses=frozenset({"FULFILLED"})).matches(vip)
    assert not rules.OrderFilter(high_risk=False).matches(vip)
    assert rules.OrderFilter(high_risk=True, countries=frozenset({"DE"})).matches(vip)
    assert rules.OrderFilter(fully_paid=True).matches(vip)
    assert not rules.OrderFilter(channel="pos").matches(vip)
    f = rules.OrderFilter(tags="@*x*", high_risk=True, countries=frozenset({"FR"}))
    assert rules.OrderFilter.from_json(f.to_json()) == f


def test_closed_new_orders_are_not_staged():
    closed = _header(closed=True)
    assert not rules.should_stage(closed, known=False)
    assert rules.should_stage(closed, known=True)
    assert rules.should_stage(_header(), known=False)


# --- customer priority (seed 003 "How the connector chooses which customer to use") ---------


SETTINGS = ShopSettings(customer_import="with_orders", customer_mapping="email_phone",
                        auto_create_customers=True, default_customer_no="DEF")


def test_ship_to_country_default_customer_wins_over_everything():
    rows = [TemplateRow("FR", default_customer_no="FR-DEF")]
    plan = rules.customer_plan(rec(country="FR"), rows,
                               dataclasses.replace(SETTINGS, customer_mapping="bill_to"))
    assert (plan.path, plan.customer_no) == ("country_default", "FR-DEF")
    assert rules.finish_customer(plan, "MAPPED") == rules.CustomerChoice("FR-DEF", "FR-DEF")


def test_import_none_uses_the_shop_default():
    plan = rules.customer_plan(rec(), [], dataclasses.replace(SETTINGS, customer_import="none"))
    assert (plan.path, plan.customer_no) == ("shop_default", "DEF")


def test_default_customer_mapping():
    plan = rules.customer_plan(rec(), [],
                               dataclasses.replace(SETTINGS, customer_mapping="default_customer"))
    assert plan.customer_no == "DEF"


def test_mapping_then_default_when_nothing_found():
    plan = rules.customer_plan(rec(), [TemplateRow("DE", "DE-DEF")], SETTINGS)
    assert plan.path == "map" and plan.mapping == "email_phone" and plan.allow_create
    assert rules.finish_customer(plan, "C1") == rules.CustomerChoice("C1", "C1")
    fallback = rules.finish_customer(plan, None)
    assert (fallback.sell_to, fallback.bill_to, fallback.error) == ("DEF", "DEF", "")
    assert fallback.note.startswith("default customer DEF used")
    no_default = rules.customer_plan(rec(), [],
                                     dataclasses.replace(SETTINGS, default_customer_no=""))
    assert rules.finish_customer(no_default, None).error


def test_a_customer_that_cannot_be_created_falls_back_to_the_default_with_a_note():
    # bc_connector §1.4 step 5 ("Blank Bill-to -> Default Customer"), seed 003.
    why = "cannot create: the Shopify customer has no address"
    plan = rules.customer_plan(rec(), [], SETTINGS)
    choice = rules.finish_customer(plan, None, mapping_problems=[why, why])
    assert (choice.sell_to, choice.bill_to, choice.error) == ("DEF", "DEF", "")
    assert choice.note == f"default customer DEF used: {why}"
    no_default = rules.customer_plan(rec(), [],
                                     dataclasses.replace(SETTINGS, default_customer_no=""))
    refused = rules.finish_customer(no_default, None, mapping_problems=[why])
    assert (refused.sell_to, refused.note) == ("", "")
    assert refused.error == f"{why}; and no default customer is set"


def test_bill_to_mapping_without_names_falls_back_to_email_phone():
    node = order(1, created=T0, lines=[line(1, "A", 1, "1")])
    node["billingAddress"].update(firstName="", lastName="", company="")
    plan = rules.customer_plan(order_record(as_read(node)), [],
                               dataclasses.replace(SETTINGS, customer_mapping="bill_to"))
    assert plan.mapping == "email_phone"
    plan = rules.customer_plan(rec(), [], dataclasses.replace(SETTINGS, customer_mapping="bill_to"))
    assert plan.mapping == "bill_to"


def test_creation_needs_auto_create():
    plan = rules.customer_plan(rec(), [],
                               dataclasses.replace(SETTINGS, auto_create_customers=False))
    assert plan.path == "map" and not plan.allow_create


def test_manual_customer_always_wins():
    plan = rules.customer_plan(rec(), [TemplateRow("FR", "FR-DEF")], SETTINGS)
    assert rules.finish_customer(plan, None, ("C9", "")) == rules.CustomerChoice("C9", "C9")
    assert rules.finish_customer(plan, None, ("", "B7")) == rules.CustomerChoice("B7", "B7")


# --- invoice or order ----------------------------------------------------------------------


def test_invoice_for_fulfilled_orders_only_when_asked():
    fulfilled = rec(fulfillment="FULFILLED")
    assert rules.document_type(fulfilled, True) == "invoice"
    assert rules.document_type(fulfilled, False) == "order"
    assert rules.document_type(rec(fulfillment="PARTIALLY_FULFILLED"), True) == "order"
    gift_only = rec(lines=[line(1, "", 1, "50", gift_card=True, requires_shipping=False)])
    assert rules.document_type(gift_only, True) == "invoice"


# --- time zones --------------------------------------------------------------------------------


@pytest.mark.parametrize("zone,expected", [
    ("UTC", dt.date(2026, 3, 1)),
    ("Europe/Paris", dt.date(2026, 3, 2)),       # 00:30 the next day
    ("America/New_York", dt.date(2026, 3, 1)),
    ("Asia/Tokyo", dt.date(2026, 3, 2)),
])
def test_document_date_in_company_time_zone(zone, expected):
    assert rules.document_date(T0, zone) == expected


def test_document_date_across_dst_change():
    # 2026-03-29 01:30 UTC is 03:30 in Paris (summer time began at 01:00 UTC)
    assert rules.document_date(dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
                               "Europe/Paris") == dt.date(2026, 3, 29)


def test_unknown_time_zone_is_a_problem_not_a_crash():
    plan = rules.build_document(rec(), dataclasses.replace(ACCOUNTS, time_zone="Mars/Base"),
                                ITEMS)
    assert not plan.ok and plan.problems[0].field == "time_zone"


# --- document lines and totals -------------------------------------------------------------


def test_items_shipping_and_totals_exact():
    r = rec(lines=[line(1, "A", 3, "19.99", tax="6.00"), line(2, "B", 1, "5.05")],
            shipping_lines=[shipping(1, "Express", "7.50", tax="1.50")])
    plan = rules.build_document(r, ACCOUNTS, ITEMS)
    assert plan.ok, plan.problems
    assert [(ln.type, ln.no, ln.amount, ln.tax_amount) for ln in plan.lines] == [
        ("item", "I-A", Decimal("59.97"), Decimal("6.00")),
        ("item", "I-B", Decimal("5.05"), Decimal("0")),
        ("gl_account", "6100", Decimal("7.50"), Decimal("1.50")),
    ]
    assert plan.total == r.total.shop == Decimal("80.02")


def test_discounts_reduce_line_amounts():
    plan = rules.build_document(rec(lines=[line(1, "A", 2, "10.00", discount="3.00")]),
                                ACCOUNTS, ITEMS)
    (item,) = plan.lines
    assert (item.unit_price, item.line_discount, item.amount) == (
        Decimal("10.00"), Decimal("3.00"), Decimal("17.00"))


def test_taxes_brought_in_or_not():
    taxed = rec(lines=[line(1, "A", 1, "12.00", tax="2.00")], taxes_included=True)
    kept = rules.build_document(taxed, ACCOUNTS, ITEMS)
    assert kept.prices_including_tax and kept.total == Decimal("12.00")
    assert kept.tax_amount == Decimal("2.00")
    left_out = rules.build_document(taxed, dataclasses.replace(ACCOUNTS, bring_taxes_in=False),
                                    ITEMS)
    assert not left_out.prices_including_tax
    assert (left_out.total, left_out.tax_amount) == (Decimal("10.00"), Decimal("0"))
    on_top = rec(lines=[line(1, "A", 1, "10.00", tax="2.00")])
    assert rules.build_document(on_top, ACCOUNTS, ITEMS).total == Decimal("12.00")
    assert rules.build_document(on_top, dataclasses.replace(ACCOUNTS, bring_taxes_in=False),
                                ITEMS).total == Decimal("10.00")


def test_shop_or_presentment_currency_never_mixed():
    r = rec(lines=[line(1, "A", 2, "10.00", rate="1.1")],
            shipping_lines=[shipping(1, "Std", "5.00", rate="1.1")],
            currency="EUR", presentment="USD")
    shop_plan = rules.build_document(r, ACCOUNTS, ITEMS)
    assert (shop_plan.currency, shop_plan.total) == ("EUR", Decimal("25.00"))
    pres = rules.build_document(r, dataclasses.replace(ACCOUNTS, currency_handling="presentment"),
                                ITEMS)
    assert (pres.currency, pres.total) == ("USD", Decimal("27.500"))
    assert pres.total == r.total.presentment


def test_tip_goes_to_the_tip_account():
    tip = line(2, "", 1, "3.00", title="Tip", variant=False, requires_shipping=False)
    plan = rules.build_document(rec(lines=[line(1, "A", 1, "10"), tip]), ACCOUNTS, ITEMS)
    assert [(ln.type, ln.no) for ln in plan.lines][-1] == ("gl_account", "6200")
    missing = rules.build_document(rec(lines=[tip]),
                                   dataclasses.replace(ACCOUNTS, tip_account=""), ITEMS)
    assert [p.field for p in missing.problems] == ["tip_account"]


def test_sold_gift_card_goes_to_its_account():
    card = line(2, "", 1, "50.00", title="Gift card", gift_card=True, requires_shipping=False)
    plan = rules.build_document(rec(lines=[card]), ACCOUNTS, ITEMS)
    assert [(ln.type, ln.no, ln.amount) for ln in plan.lines] == [
        ("gl_account", "2400", Decimal("50.00"))]
    missing = rules.build_document(rec(lines=[card]),
                                   dataclasses.replace(ACCOUNTS, sold_gift_card_account=""), ITEMS)
    assert [p.field for p in missing.problems] == ["sold_gift_card_account"]


@pytest.mark.parametrize("mapping,expected", [
    (None, ("gl_account", "6100")),
    (rules.ShippingMapping("Express", "EXP", "gl_account", "6150"), ("gl_account", "6150")),
    (rules.ShippingMapping("Express", "EXP", "item", "SHIP-ITEM"), ("item", "SHIP-ITEM")),
    (rules.ShippingMapping("Express", "EXP"), ("gl_account", "6100")),  # method only
])
def test_shipping_charges_by_type(mapping, expected):
    r = rec(shipping_lines=[shipping(1, "Express", "8.00")])
    plan = rules.build_document(r, ACCOUNTS, ITEMS, {"Express": mapping} if mapping else {})
    assert (plan.lines[-1].type, plan.lines[-1].no) == expected
    assert plan.shipment_method == (mapping.shipment_method_code if mapping else "")


def test_free_removed_and_fully_discounted_shipping_make_no_line():
    r = rec(shipping_lines=[shipping(1, "Free", "0.00"), shipping(2, "Old", "4.00", removed=True),
                            shipping(3, "Promo", "6.00", discount="6.00")])
    assert [ln.type for ln in rules.build_document(r, ACCOUNTS, ITEMS).lines] == ["item"]


def test_shipping_without_account_is_a_problem():
    r = rec(shipping_lines=[shipping(1, "Std", "5.00")])
    plan = rules.build_document(r, dataclasses.replace(ACCOUNTS, shipping_charges_account=""),
                                ITEMS)
    assert [p.field for p in plan.problems] == ["shipping_charges_account"]


def test_unknown_and_missing_skus_are_named():
    r = rec(lines=[line(1, "ZZ-1", 1, "1"), line(2, "", 1, "1", title="Custom thing"),
                   line(3, "ZZ-1", 1, "1")])
    plan = rules.build_document(r, ACCOUNTS, ITEMS)
    messages = " ".join(p.message for p in plan.problems)
    assert "ZZ-1" in messages and "Custom thing" in messages
    assert [ln.sku for ln in rules.missing_skus(r, ITEMS)] == ["ZZ-1"]


def test_comment_line_with_the_order_no():
    plan = rules.build_document(rec(), dataclasses.replace(ACCOUNTS, order_no_on_doc_line=True),
                                ITEMS)
    assert (plan.lines[0].type, plan.lines[0].description) == ("comment", "Shopify order #1001")


def test_removed_lines_are_not_invoiced():
    r = rec(lines=[line(1, "A", 2, "10.00", current=0), line(2, "B", 1, "4.00")])
    assert [ln.no for ln in rules.build_document(r, ACCOUNTS, ITEMS).lines] == ["I-B"]


# --- conflicts and write-back ---------------------------------------------------------------


def test_snapshot_round_trip_and_no_conflict_for_the_same_order():
    r = rec(shipping_lines=[shipping(1, "Std", "5.00")])
    snap = rules.snapshot_of(r)
    assert rules.Snapshot.from_json(snap.to_json()) == snap
    assert rules.detect_conflicts(snap, r) == []


def test_zero_amount_refund_rule():
    assert rules.zero_amount_refund(Decimal(0), has_return=False)
    assert not rules.zero_amount_refund(Decimal(0), has_return=True)
    assert not rules.zero_amount_refund(Decimal("1.00"), has_return=False)


def test_attributes_are_merged_not_replaced():
    merged = rules.merged_attributes([("a", "1"), (rules.DOC_NO_ATTRIBUTE, "OLD"), ("b", "2")],
                                     rules.DOC_NO_ATTRIBUTE, "SO000007")
    assert merged == [{"key": "a", "value": "1"},
                      {"key": rules.DOC_NO_ATTRIBUTE, "value": "SO000007"},
                      {"key": "b", "value": "2"}]
    assert rules.merged_attributes([], "k", "v") == [{"key": "k", "value": "v"}]


def _refund(shopify_id, line_gid, quantity, amount):
    total = Money(Decimal(amount), Decimal(amount))
    return RefundRecord(shopify_id, None, None, "", "", total, (
        RefundLineRecord(line_gid, quantity, "NO_RESTOCK", "", total,
                         Money(Decimal(0), Decimal(0))),))


def test_a_refund_of_money_that_empties_a_line_is_not_an_edit():
    """Lines emptied by a refund made after the document become credit memos: no conflict.
    A zero-amount refund (Shopify's trace of an edit that removed items) still is one."""
    before_doc = rec(lines=[line(1, "A", 2, "10.00"), line(2, "B", 1, "5.00")])
    snap = rules.snapshot_of(before_doc)
    first = before_doc.lines[0]
    emptied = dataclasses.replace(first, current_quantity=0)
    refunded = dataclasses.replace(before_doc, lines=(emptied, *before_doc.lines[1:]),
                                   refunds=(_refund("gid://shopify/Refund/1", first.shopify_id,
                                                    2, "20.00"),))
    assert rules.detect_conflicts(snap, refunded) == []
    edited = dataclasses.replace(refunded, refunds=(
        _refund("gid://shopify/Refund/2", first.shopify_id, 2, "0"),))
    assert "lines changed" in rules.detect_conflicts(snap, edited)
