"""The light change check's classification (`rules.changed_orders`, issue 9): which orders of
a window are read in full."""

from __future__ import annotations

import datetime as dt

from desktop_app.sync.rules.orders import SeenOrder, changed_orders

T = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def gid(n: int) -> str:
    return f"gid://shopify/Order/{n}"


def seen(n: int, updated: dt.datetime | None = T, closed: bool = False) -> SeenOrder:
    return SeenOrder(gid(n), updated, closed)


def test_an_order_never_imported_is_changed():
    assert changed_orders([seen(1)], {}) == [gid(1)]


def test_a_new_closed_order_is_not_changed_it_is_never_staged():
    assert changed_orders([seen(1, closed=True)], {}) == []


def test_an_imported_order_with_the_same_or_an_older_update_is_not_changed():
    # The overlap, or the updatedAt of our own write-back, remembered as imported.
    imported = {gid(1): T, gid(2): T + SECOND}
    assert changed_orders([seen(1), seen(2)], imported) == []


def test_an_imported_order_updated_later_is_changed_even_when_closed():
    # Closing or cancelling an imported order matters to its document.
    imported = {gid(1): T, gid(2): T}
    assert changed_orders([seen(1, T + SECOND), seen(2, T + SECOND, closed=True)],
                          imported) == [gid(1), gid(2)]


def test_an_unknown_time_on_either_side_means_changed():
    imported = {gid(1): None, gid(2): T}
    assert changed_orders([seen(1), seen(2, None)], imported) == [gid(1), gid(2)]


def test_an_order_seen_twice_counts_with_its_latest_update_once():
    # Edited while the check paged: UPDATED_AT order puts it on a later page again.
    imported = {gid(1): T}
    assert changed_orders([seen(1, T), seen(2), seen(1, T + SECOND)], imported) == [
        gid(1), gid(2)]
    assert changed_orders([seen(1, T), seen(1, T)], imported) == []


def test_nodes_without_an_id_are_left_out_and_order_is_kept():
    nodes = [SeenOrder("", T, False), seen(3), seen(1), seen(2)]
    assert changed_orders(nodes, {}) == [gid(3), gid(1), gid(2)]
