"""The roles every flat table model answers through `RoleCells` (ui/models/columns.py): the key
role, right alignment, raw sort values (or None where no proxy sorts), tooltips, colours,
the headers in the model's own context, and the proxies' filters (`RowFilterProxy`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace as NS

from PySide6.QtCore import QLocale, Qt

from desktop_app.ui.models.columns import RIGHT
from desktop_app.ui.models.gift_card_table_model import (
    CARD_ROLE,
    GiftCardColumn,
    GiftCardFilterProxy,
    GiftCardRow,
    GiftCardTableModel,
)
from desktop_app.ui.models.history_models import (
    ErrorColumn,
    HistoryErrorTableModel,
    HistoryRunTableModel,
    RunColumn,
)
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.models.shopify_customer_table_model import (
    GID_ROLE,
    ShopifyColumn,
    ShopifyCustomerTableModel,
)

T = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
DISPLAY, TIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


def _card(gid: str, balance: str, order_gid: str = "", applied: int = 0,
          enabled: bool = True) -> GiftCardRow:
    return GiftCardRow(gid, "abcd", Decimal("50"), Decimal(balance), "EUR", order_gid, "#1001",
                       Decimal("30") if applied else Decimal(0), applied, enabled)


def test_gift_cards_answer_each_role_and_filter(qapp) -> None:
    model = GiftCardTableModel()
    model.set_rows([_card("gid://G/1", "20", "gid://O/1", 2), _card("gid://G/2", "0",
                                                                      enabled=False)])
    index = model.index(0, GiftCardColumn.BALANCE)
    assert model.data(index, CARD_ROLE) == "gid://G/1"
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.data(model.index(0, GiftCardColumn.CARD),
                      Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(index, SORT_ROLE) == 20.0  # raw, not the text shown
    assert model.data(model.index(0, GiftCardColumn.STATE), SORT_ROLE) == "Partly used"
    assert model.data(model.index(0, GiftCardColumn.ISSUED), TIP) == "gid://O/1"
    assert model.data(model.index(0, GiftCardColumn.STATE), TIP) is None
    assert model.data(index, Qt.ItemDataRole.EditRole) is None
    assert model.data(model.index(5, 0), DISPLAY) is None  # no such row
    assert model.headerData(GiftCardColumn.INITIAL, Qt.Orientation.Horizontal) == "Initial value"
    assert model.headerData(len(GiftCardColumn), Qt.Orientation.Horizontal) is None
    proxy = GiftCardFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.sortRole() == SORT_ROLE
    proxy.set_show("balance")
    assert proxy.rowCount() == 1
    proxy.set_show("all")
    assert proxy.rowCount() == 2


def test_history_runs_sort_by_raw_values_and_show_counts(qapp) -> None:
    model = HistoryRunTableModel()
    model.set_rows([NS(id=7, started_at=T, finished_at=None, shop=None, resource="customers",
                       status="failed", created=1000, updated=2, skipped=3, failed=4,
                       api_cost=5.5, requests=6, message="first\nsecond")])
    created = model.index(0, RunColumn.CREATED)
    assert model.data(created, DISPLAY) == QLocale().toString(1000)
    assert model.data(created, SORT_ROLE) == 1000
    assert model.data(created, Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.data(model.index(0, RunColumn.FINISHED), SORT_ROLE) == 0.0
    assert model.data(model.index(0, RunColumn.SHOP), DISPLAY) == "(no shop)"
    assert model.data(model.index(0, RunColumn.SHOP), SORT_ROLE) == ""
    assert model.data(model.index(0, RunColumn.MESSAGE), DISPLAY) == "first"
    assert model.data(model.index(0, RunColumn.API_COST), DISPLAY) == "6"
    assert model.data(model.index(0, RunColumn.STATUS), TIP) == "first\nsecond"
    colour = model.data(model.index(0, RunColumn.FAILED), Qt.ItemDataRole.ForegroundRole)
    assert colour.color().name() == "#b3261e"
    assert model.data(model.index(0, RunColumn.SHOP), Qt.ItemDataRole.ForegroundRole) is None
    assert model.row_of(7) == 0 and model.row_of(8) == -1


def test_history_errors_sort_warnings_apart(qapp) -> None:
    model = HistoryErrorTableModel()
    model.set_rows([NS(is_warning=True, resolved=False, record="R", field="F", code="",
                       message="w"),
                    NS(is_warning=False, resolved=True, record="R2", field="", code="",
                       message="e")])
    resolved = ErrorColumn.RESOLVED
    assert model.data(model.index(0, resolved), DISPLAY) == ""
    assert model.data(model.index(0, resolved), SORT_ROLE) == -1
    assert model.data(model.index(1, resolved), DISPLAY) == "Yes"
    assert model.data(model.index(1, resolved), SORT_ROLE) == 1
    assert model.data(model.index(1, ErrorColumn.KIND), SORT_ROLE) == 0
    assert model.data(model.index(1, ErrorColumn.RECORD), SORT_ROLE) == "R2"
    assert model.data(model.index(0, ErrorColumn.MESSAGE), TIP) == "w"
    assert model.data(model.index(0, ErrorColumn.RECORD), TIP) is None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_a_model_no_proxy_sorts_has_no_sort_value(qapp) -> None:
    model = ShopifyCustomerTableModel()
    model.set_rows([NS(shopify_id="gid://S/1", first_name="A", last_name="B", company="",
                      email="e@x", phone="1", default_address=None, customer_no="C1",
                      match_reason="email", review_state="", review_note="")])
    index = model.index(0, ShopifyColumn.NAME)
    assert model.data(index, DISPLAY) == "A B"
    assert model.data(index, GID_ROLE) == "gid://S/1"
    assert model.data(index, TIP) == "gid://S/1"
    assert model.data(index, SORT_ROLE) is None
    assert model.data(model.index(0, ShopifyColumn.REASON), DISPLAY) == "Same e-mail"
