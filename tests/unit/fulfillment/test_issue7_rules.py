"""Pure rules of issue 7: fulfillment allocation and tracking, credit memo lines (exchange,
currency, balance), invoice export exclusions and draft order input."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.records.orders import Money
from desktop_app.sync.rules import fulfillment as ful
from desktop_app.sync.rules import invoices as inv
from desktop_app.sync.rules import refunds as ref

D = Decimal


def _fo(fid, location, lines, status="OPEN", third=False, request="UNSUBMITTED"):
    return ful.FulfillmentOrderInfo(fid, status, request, location, third,
                                    tuple(ful.FoLine(f"{fid}-{g}", g, q) for g, q in lines))


def test_allocation_is_greedy_per_location_and_skips_closed_and_third_party():
    fos = [_fo("A", "L1", [("x", 1)], status="CLOSED"), _fo("B", "L1", [("x", 2), ("y", 1)]),
           _fo("C", "L2", [("x", 5)]), _fo("T", "L3", [("y", 4)], third=True)]
    result = ful.allocate({"x": 4, "y": 3}, fos)
    assert [(r.location_gid, r.quantities()) for r in result.requests] == [
        ("L1", {"x": 2, "y": 1}), ("L2", {"x": 2})]
    assert result.unallocated == {"y": 2} and result.third_party == {"y": 2}


def test_requests_hold_at_most_250_lines():
    fo = _fo("B", "L1", [(f"g{i}", 1) for i in range(600)])
    result = ful.allocate({f"g{i}": 1 for i in range(600)}, [fo])
    assert [len(r.lines) for r in result.requests] == [250, 250, 100]


def test_tracking_company_priority_and_url():
    agent = ful.Agent("DHL", "DHL Express", "", "https://x/?n=%1")
    assert ful.tracking_info(agent, "") is None
    assert ful.tracking_info(agent, "A B") == {"number": "A B", "company": "DHL Express",
                                              "url": "https://x/?n=A%20B"}
    assert ful.tracking_info(ful.Agent("XX"), "9")["company"] == "XX"
    assert ful.tracking_info(ful.Agent("XX", "Name", "Canada Post"), "9")["company"] == \
        "Canada Post"


def test_lost_answers_adopt_only_matching_new_fulfillments():
    found = {"f1": {"x": 1}, "f2": {"x": 2}, "f3": {"z": 1}}
    assert ful.adopt_lost_fulfillments(["f1"], [], found, {"x": 2}) == ["f2"]
    assert ful.still_to_ship([("x", D("2.4")), ("y", D(1))], {"x": 2}) == {"y": 1}


SETTINGS = ref.MemoSettings("RF", "NR", "GC", "SH", "RET", "default")


def _line(gid, restock, amount, tax="0", qty=1, gift=False, location=""):
    return ref.RefundLineIn(gid, f"SKU-{gid}", f"Line {gid}", qty, restock, location,
                            Money(D(amount), D(amount) * 2), Money(D(tax), D(tax) * 2), gift)


def test_even_exchange_balances_to_zero_without_doubling():
    refund = ref.RefundIn("r1", Money(D(0), D(0)), True, (), (_line("a", "RETURN", "30"),),
                          exchanges=(ref.ExchangeLineIn("n", "SKU-n", "Bigger size", 1,
                                                        Money(D(30), D(60))),))
    plan = ref.plan_credit_memo(refund, SETTINGS, presentment=False,
                                prices_including_tax=True, items_by_line={"a": "I1"},
                                items_by_sku={"SKU-n": "I2"})
    assert plan.decision == "create" and plan.total == 0
    assert [(ln.type, ln.no, ln.amount) for ln in plan.lines] == [
        ("item", "I1", D(30)), ("item", "I2", D(-30))]  # no balancing line at all


def test_uneven_exchange_and_every_line_type_add_up_to_the_refunded_total():
    refund = ref.RefundIn(
        "r2", Money(D("41.00"), D("82.00")), True, ("SUCCESS",),
        (_line("a", "RETURN", "30", "3"), _line("b", "NO_RESTOCK", "10", "1"),
         _line("c", "CANCEL", "5"), _line("g", "NO_RESTOCK", "20", gift=True)),
        shipping=((Money(D(5), D(10)), Money(D(0), D(0))),),
        exchanges=(ref.ExchangeLineIn("n", "SKU-n", "Other", 1, Money(D(25), D(50))),))
    for presentment in (False, True):
        plan = ref.plan_credit_memo(refund, SETTINGS, presentment=presentment,
                                    prices_including_tax=False, items_by_line={"a": "I1"},
                                    items_by_sku={"SKU-n": "I2"})
        assert plan.total == refund.total_refunded.pick(presentment)
        nos = [ln.no for ln in plan.lines]
        assert nos[:5] == ["I1", "NR", "RF", "GC", "SH"] and nos[5] == "I2"
        assert plan.lines[0].location_code == "RET"


def test_pending_refund_waits_and_an_edit_refund_is_skipped():
    pending = ref.RefundIn("r", Money(D(5), D(5)), False, ("PENDING",), ())
    assert ref.decide(pending)[0] == "wait"
    edit = ref.RefundIn("r", Money(D(0), D(0)), False, (), (_line("a", "NO_RESTOCK", "0"),))
    assert ref.decide(edit)[0] == "skip"


def test_return_location_priority():
    line = _line("a", "RETURN", "1", location="gid://shopify/Location/9")
    original = ref.MemoSettings(return_location="RET", return_location_priority="original_then_default")
    assert ref.return_location(line, original, {"gid://shopify/Location/9": "EAST"}) == "EAST"
    assert ref.return_location(line, original, {}, "WEST") == "WEST"
    assert ref.return_location(line, original, {}) == "RET"
    assert ref.return_location(line, SETTINGS, {"gid://shopify/Location/9": "EAST"}) == "RET"


@dataclass
class _L:
    type: str
    no: str
    quantity: Decimal
    description: str = "d"
    unit_price: Decimal = D(10)
    line_discount: Decimal = D(0)
    amount: Decimal = D(10)
    tax_amount: Decimal = D(0)


@dataclass
class _Inv:
    lines: list
    no: str = "SI1"
    bill_to_customer_no: str = "C1"
    currency: str = "CAD"
    prices_including_tax: bool = False
    document_date: str = "2026-11-02"
    total: Decimal = D(10)
    remaining_amount: Decimal = D(0)
    extra: dict = field(default_factory=dict)


def test_each_invoice_exclusion_rule():
    ok = _Inv([_L("item", "1000", D(1))])
    terms = inv.PaymentTerms("gid://t/1", "NET")

    def why(invoice, gid="gid://c/1", defaults=(), t=terms):
        return inv.exclusion_reason(invoice, shopify_customer_gid=gid, default_customers=defaults,
                                    payment_terms=t)

    assert why(ok) == ""
    assert "not linked" in why(ok, gid="")
    assert "default customer" in why(ok, defaults={"C1"})
    assert "no line with a No." in why(_Inv([_L("comment", "", D(0))]))
    assert "no No." in why(_Inv([_L("item", "1000", D(1)), _L("gl_account", "", D(1))]))
    assert "whole" in why(_Inv([_L("item", "1000", D("1.5"))]))
    assert "whole" in why(_Inv([_L("item", "1000", D(-1))]))
    assert "payment terms" in why(_Inv([_L("item", "1000", D(1))], remaining_amount=D(5)),
                                  t=None)


def test_draft_order_input_terms_only_when_owed():
    invoice = _Inv([_L("item", "1000", D(2), amount=D(18), line_discount=D(2), tax_amount=D(2)),
                    _L("comment", "", D(0), description="Thanks")])
    paid = inv.draft_order_input(invoice, shopify_customer_gid="gid://c/1",
                                 payment_terms=inv.PaymentTerms("t", "NET"))
    assert paid["taxExempt"] is True and "paymentTerms" not in paid
    assert [i["title"] for i in paid["lineItems"]] == ["1000 d", "Tax - 10%"]
    assert paid["appliedDiscount"]["value"] == 2.0 and paid["note"] == "Thanks"
    invoice.remaining_amount = D(5)
    owed = inv.draft_order_input(invoice, shopify_customer_gid="gid://c/1",
                                 payment_terms=inv.PaymentTerms("t", "NET"))
    assert owed["paymentTerms"] == {"paymentTermsTemplateId": "t",
                                    "paymentSchedules": [{"issuedAt": "2026-11-02T00:00:00Z"}]}
