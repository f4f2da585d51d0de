"""The pure rules of issue 14's "money adds up": which refunds a sales document made after
them takes in (`absorb_refunds`), what it then holds (`absorb_into_document`), and how far
rounding across currencies may go (`rounding_allowance`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from desktop_app.records.orders import LineRecord, Money, OrderRecord, RefundRecord
from desktop_app.sync.rules import refunds as rules
from desktop_app.sync.rules.orders import DocumentPlan, PlannedLine
from desktop_app.sync.rules.problems import Problem

D = Decimal


def _refund(gid: str, money: str, lines: list[tuple[str, int, str, str]], *,
            shipping: str = "0", statuses: tuple[str, ...] = ("SUCCESS",),
            has_return: bool = False) -> rules.RefundIn:
    return rules.RefundIn(
        shopify_id=gid, total_refunded=Money(D(money), D(money)), has_return=has_return,
        transaction_statuses=statuses,
        lines=tuple(rules.RefundLineIn(line, "", "Mug", qty, restock, "",
                                       Money(D(value), D(value)), Money())
                    for line, qty, restock, value in lines),
        shipping=((Money(D(shipping), D(shipping)), Money()),) if D(shipping) else ())


def test_a_refund_whose_units_are_off_the_order_is_absorbed():
    refund = _refund("R1", "12.00", [("L1", 1, "RETURN", "10.00")], shipping="2.00")
    got = rules.absorb_refunds([refund], frozenset(), removed={"L1": 1}, presentment=False)
    assert got == rules.Absorption(("R1",), D("2.00"), D(0), D("12.00"), {"L1": 1})


def test_a_refund_the_current_quantities_do_not_show_is_left_to_its_credit_memo():
    refund = _refund("R1", "10.00", [("L1", 1, "NO_RESTOCK", "10.00")])
    got = rules.absorb_refunds([refund], frozenset(), removed={"L1": 0}, presentment=False)
    assert got == rules.Absorption() and not got.any


def test_pending_and_credited_refunds_keep_their_units_sold_and_edits_are_gone():
    pending = _refund("R1", "10.00", [("L1", 1, "NO_RESTOCK", "10.00")],
                      statuses=("PENDING",))
    credited = _refund("R2", "10.00", [("L1", 1, "RETURN", "10.00")])
    edit = _refund("R3", "0", [("L2", 2, "NO_RESTOCK", "0")], statuses=())
    got = rules.absorb_refunds([pending, credited, edit], frozenset({"R2"}),
                               removed={"L1": 2, "L2": 2}, presentment=False)
    assert got.absorbed == ("R3",)  # the edit's trace: nothing to credit, ever
    assert got.sold == {"L1": 2} and got.given_back == 0


def _plan(*lines: PlannedLine, problems: tuple[Problem, ...] = ()) -> DocumentPlan:
    amount = sum((ln.amount for ln in lines), D(0))
    return DocumentPlan("order", "CAD", dt.date(2026, 12, 7), True, tuple(lines), amount,
                        D(0), amount, problems=problems)


def test_shipping_refunded_before_comes_off_and_the_rest_is_a_refund_account_line():
    mug = PlannedLine("item", "1000", "Mug", D(1), D(10), D(0), D(10), D(0), "L1")
    ship = PlannedLine("gl_account", "6100", "Standard", D(1), D(7), D(0), D(7), D(0), "S1")
    absorption = rules.Absorption(("R1",), D(7), D(0), D(15), {"L1": 1})
    # sold 27 (two mugs and shipping), 15 given back: 12 on the document
    got = rules.absorb_into_document(_plan(mug, ship), absorption, target=D(12),
                                     refund_account="6900", shipping_gids=frozenset({"S1"}))
    assert [(ln.no, ln.amount) for ln in got.lines] == [("1000", D(10)), ("6900", D(2))]
    assert got.total == D(12) and got.problems == ()


def test_a_fully_refunded_order_keeps_nothing_to_invoice():
    ship = PlannedLine("gl_account", "6100", "Standard", D(1), D(7), D(0), D(7), D(0), "S1")
    nothing = Problem("lines", "order #1 has nothing left to invoice")
    absorption = rules.Absorption(("R1",), D(7), D(0), D(27), {"L1": 2})
    got = rules.absorb_into_document(_plan(ship, problems=(nothing,)), absorption,
                                     target=D(0), refund_account="6900",
                                     shipping_gids=frozenset({"S1"}))
    assert got.lines == () and got.total == 0 and got.problems == (nothing,)


def _order(currency: str, presentment: str, lines: int) -> OrderRecord:
    line = LineRecord("L", "Mug", "", "MUG", "", 1, 1, Money(D(10), D(7)), Money(), Money(),
                      (), (), False, True)
    zero = Money()
    return OrderRecord(
        "gid://shopify/Order/1", "#1", "", "", None, None, None, "", False, False, "PAID",
        "UNFULFILLED", True, currency, presentment, False, False, "web", (), "", "", (), (),
        None, "", None, None, zero, zero, zero, zero, zero, zero, (), "", False,
        (line,) * lines, (), (), (RefundRecord("R", None, None, "", "", zero, ()),), ())


def test_rounding_allowance_is_one_minor_unit_per_converted_line_in_the_shop_currency():
    assert rules.rounding_allowance(_order("CAD", "EUR", 3), False) == D("0.04")
    assert rules.rounding_allowance(_order("CAD", "EUR", 3), True) == 0
    assert rules.rounding_allowance(_order("CAD", "CAD", 3), False) == 0
    assert rules.rounding_allowance(_order("JPY", "EUR", 1), False) == D(2)


def _refunded_order(*refunds: tuple[str, int | None, str]) -> OrderRecord:
    """An order of two CAD 10.00 mugs (tax included) and its refunds: (gid, day, CAD)."""
    order = _order("CAD", "CAD", 2)
    return dataclasses.replace(order, refunds=tuple(
        RefundRecord(gid, None if day is None else dt.datetime(2026, 1, day, tzinfo=dt.UTC),
                     None, "", "", Money(D(money), D(money)), ())
        for gid, day, money in refunds))


def test_a_refund_counts_the_refunds_made_before_it_not_after():
    order = _refunded_order(("R3", None, "1.00"), ("R2", 2, "6.00"), ("R1", 1, "5.00"))
    assert rules.order_value(order, False) == D(20)
    assert rules.refund_problems(_refund("R2", "6.00", []), order, False) == []
    assert rules.refund_problems(_refund("R2", "16.00", []), order, False) == [
        Problem("totalRefundedSet", "it gives back 16.00 (21.00 with the refunds "
                "before it), more than the order was worth (20.00)")]
    assert rules.refund_problems(_refund("R1", "21.00", []), order, False) == [
        Problem("totalRefundedSet", "it gives back 21.00, more than the order "
                "was worth (20.00)")]
    # Undated refunds come last: R3 follows R1 and R2 (11.00), so 9.01 over the 20.00 is the
    # excess; with the allowance of a converted order, only a cent over is rounding.
    assert rules.rounding_excess(_refund("R3", "9.01", []), order, False) == 0
    converted = dataclasses.replace(order, presentment_currency="EUR")
    assert rules.rounding_excess(_refund("R3", "9.01", []), converted, False) == D("0.01")
    assert rules.rounding_excess(_refund("R3", "9.00", []), converted, False) == 0
