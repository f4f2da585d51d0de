"""OrderTableModel: the Orders tab's imported orders (state, customer, totals, document, and
the error or conflict that needs the merchant), and `OrderSortProxy`, which sorts them and
narrows them to a "Show" choice and a search.

Read whole from the store on `reload()`: a shop's open orders are hundreds of rows, not the
100,000 of the customer list. The staged orders' model is `staged_order_table_model`, the
labels and formats both share `order_labels`.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
)
from PySide6.QtGui import QBrush

from desktop_app.errors import NotFoundError
from desktop_app.store import customers
from desktop_app.store import orders as order_store
from desktop_app.store.order_views import OrderSummary, read_order_summaries
from desktop_app.store.orders import OrderRow
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.order_labels import (
    CONFLICT_COLOUR,
    ERROR_COLOUR,
    GID_ROLE,
    document_type_label,
    first_line,
    format_date,
    format_money,
    order_number,
    status_label,
)
from desktop_app.ui.models.row_filter import RowFilterProxy
from desktop_app.ui.order_conflict_text import conflict_text


class OrderColumn(enum.IntEnum):
    ORDER = 0
    DATE = 1
    CUSTOMER = 2
    PAYMENT = 3
    FULFILLMENT = 4
    TOTAL = 5
    STATE = 6
    DOCUMENT = 7
    ISSUE = 8


_ORDER_HEADERS = {
    OrderColumn.ORDER: QT_TRANSLATE_NOOP("OrderTableModel", "Order"),
    OrderColumn.DATE: QT_TRANSLATE_NOOP("OrderTableModel", "Date"),
    OrderColumn.CUSTOMER: QT_TRANSLATE_NOOP("OrderTableModel", "Customer"),
    OrderColumn.PAYMENT: QT_TRANSLATE_NOOP("OrderTableModel", "Payment"),
    OrderColumn.FULFILLMENT: QT_TRANSLATE_NOOP("OrderTableModel", "Fulfillment"),
    OrderColumn.TOTAL: QT_TRANSLATE_NOOP("OrderTableModel", "Total"),
    OrderColumn.STATE: QT_TRANSLATE_NOOP("OrderTableModel", "State"),
    OrderColumn.DOCUMENT: QT_TRANSLATE_NOOP("OrderTableModel", "Sales document"),
    OrderColumn.ISSUE: QT_TRANSLATE_NOOP("OrderTableModel", "Error / conflict"),
}

#: What the "Orders" view can be narrowed to.
SHOW_ALL, SHOW_WAITING, SHOW_PROCESSED, SHOW_PROBLEMS = "all", "waiting", "processed", "problems"


class OrderTableModel(RoleCells[OrderRow], QAbstractTableModel):
    """The shop's imported orders, newest first: state, customer, totals, document, and the
    error or conflict that needs the merchant."""

    headers = _ORDER_HEADERS
    key_role = GID_ROLE
    right_columns = (OrderColumn.TOTAL,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[OrderRow] = []
        self._summaries: dict[str, OrderSummary] = {}
        self._customers: dict[str, str] = {}
        self._shop: str | None = None

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.reload()

    def reload(self) -> None:
        rows: list[OrderRow] = []
        summaries: dict[str, OrderSummary] = {}
        if self._shop is not None:
            try:
                rows = order_store.list_orders(self._shop)
                summaries = read_order_summaries(self._shop)
            except NotFoundError:
                self._shop = None
                rows, summaries = [], {}
        names: dict[str, str] = {}
        for no in {r.sell_to_customer_no for r in rows if r.sell_to_customer_no}:
            try:
                names[no] = customers.get_customer(no).name
            except NotFoundError:
                names[no] = ""
        self.beginResetModel()
        self._rows = rows
        self._summaries = summaries
        self._customers = names
        self.endResetModel()

    def summary(self, gid: str) -> OrderSummary | None:
        return self._summaries.get(gid)

    def row_of(self, gid: str) -> int:
        for i, r in enumerate(self._rows):
            if r.shopify_id == gid:
                return i
        return -1

    def state_text(self, row: OrderRow) -> str:
        if row.cancelled:
            state = (self.tr("Processed, cancelled") if row.processed
                     else self.tr("Cancelled"))
        elif row.processed:
            state = self.tr("Processed")
        else:
            state = self.tr("Imported")
        return state

    def customer_text(self, row: OrderRow) -> str:
        no = row.sell_to_customer_no
        if not no:
            summary = self._summaries.get(row.shopify_id)
            buyer = summary.buyer if summary else ""
            return self.tr("None yet (%1)").replace("%1", buyer) if buyer \
                else self.tr("None yet")
        name = self._customers.get(no, "")
        return f"{no} · {name}" if name else no

    def issue_text(self, row: OrderRow) -> str:
        if row.conflict:
            return self.tr("Conflict: changed in Shopify after processing")
        if row.has_error:
            return self.tr("Error: %1").replace(
                "%1", first_line(message_text(row.error_message)))
        return ""

    def row_key(self, row: OrderRow) -> str:
        return row.shopify_id

    def foreground(self, row: OrderRow, column: OrderColumn) -> QBrush | None:
        if column == OrderColumn.ISSUE:
            if row.conflict:
                return QBrush(CONFLICT_COLOUR)
            if row.has_error:
                return QBrush(ERROR_COLOUR)
        return None

    def tool_tip(self, row: OrderRow, column: OrderColumn) -> str | None:
        if column == OrderColumn.ISSUE or column == OrderColumn.ORDER:
            if row.conflict:
                return conflict_text(row.conflict_message)
            if row.has_error:
                return message_text(row.error_message)
        summary = self._summaries.get(row.shopify_id)
        if column == OrderColumn.TOTAL and summary is not None \
                and summary.presentment_currency != summary.currency:
            return self.tr("Paid by the customer: %1").replace(
                "%1", format_money(summary.total_presentment,
                                   summary.presentment_currency))
        return None

    def sort_value(self, row: OrderRow, column: OrderColumn) -> object:
        summary = self._summaries.get(row.shopify_id)
        if column == OrderColumn.ORDER:
            return order_number(row.name)
        if column == OrderColumn.DATE:
            return summary.created_at.isoformat() if summary and summary.created_at \
                else ""
        if column == OrderColumn.TOTAL:
            return float(summary.total) if summary else 0.0
        return self.display(row, column)

    def display(self, row: OrderRow, column: OrderColumn) -> str | None:
        summary = self._summaries.get(row.shopify_id)
        if column == OrderColumn.ORDER:
            return row.name
        if column == OrderColumn.DATE:
            return format_date(summary.created_at) if summary else ""
        if column == OrderColumn.CUSTOMER:
            return self.customer_text(row)
        if column == OrderColumn.PAYMENT:
            return status_label(row.financial_status)
        if column == OrderColumn.FULFILLMENT:
            return status_label(row.fulfillment_status)
        if column == OrderColumn.TOTAL:
            return format_money(summary.total, summary.currency) if summary else ""
        if column == OrderColumn.STATE:
            return self.state_text(row)
        if column == OrderColumn.DOCUMENT:
            if not row.document_no:
                return ""
            return f"{document_type_label(row.document_type)} {row.document_no}"
        if column == OrderColumn.ISSUE:
            return self.issue_text(row)
        return None


class OrderSortProxy(RowFilterProxy):
    """Sorts by `SORT_ROLE` and narrows the imported orders to a `SHOW_*` choice and a
    search text (order no., customer, document no.)."""

    source_type = OrderTableModel

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._show = SHOW_ALL
        self._search = ""

    def set_show(self, show: str) -> None:
        self._set_filter("_show", show)

    def set_search(self, text: str) -> None:
        self._set_filter("_search", text.strip().lower())

    def accepts(self, model: OrderTableModel, row: OrderRow) -> bool:
        if self._show == SHOW_WAITING and row.processed:
            return False
        if self._show == SHOW_PROCESSED and not row.processed:
            return False
        if self._show == SHOW_PROBLEMS and not (row.has_error or row.conflict):
            return False
        if self._search:
            haystack = " ".join((row.name, model.customer_text(row), row.document_no,
                                 row.shopify_id)).lower()
            return self._search in haystack
        return True
