"""StagedOrderTableModel: the Orders tab's "To import" list, the orders staged from Shopify
(newest first, with Has Error and its message), and `StagedFilterProxy`, which applies the
"Sync Orders" filter to them so the merchant sees exactly which ones a sync would import.

Read whole from the store on `reload()`: a shop's staging table is hundreds of rows.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from desktop_app.store import orders as order_store
from desktop_app.store.orders import StagedRow
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui.models.columns import ShopRows
from desktop_app.ui.models.order_labels import (
    ERROR_COLOUR,
    GID_ROLE,
    SORT_ROLE,
    ShowsMoney,
    first_line,
    format_date,
    format_money,
    order_number,
    status_label,
)


class StagedColumn(enum.IntEnum):
    ORDER = 0
    DATE = 1
    PAYMENT = 2
    FULFILLMENT = 3
    TOTAL = 4
    CHANNEL = 5
    COUNTRY = 6
    TAGS = 7
    RISK = 8
    ACTION = 9
    ERROR = 10


_STAGED_HEADERS = {
    StagedColumn.ORDER: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Order"),
    StagedColumn.DATE: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Date"),
    StagedColumn.PAYMENT: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Payment"),
    StagedColumn.FULFILLMENT: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Fulfillment"),
    StagedColumn.TOTAL: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Total"),
    StagedColumn.CHANNEL: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Channel"),
    StagedColumn.COUNTRY: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Country"),
    StagedColumn.TAGS: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Tags"),
    StagedColumn.RISK: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Risk"),
    StagedColumn.ACTION: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Import as"),
    StagedColumn.ERROR: QT_TRANSLATE_NOOP("StagedOrderTableModel", "Has Error"),
}


class StagedOrderTableModel(ShowsMoney, ShopRows, QAbstractTableModel):
    """The shop's "Orders to Import", newest first, with Has Error and its message."""

    headers = tuple(_STAGED_HEADERS[column] for column in StagedColumn)
    header_context = "StagedOrderTableModel"

    money_columns = (StagedColumn.TOTAL,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[StagedRow] = []
        self._shop: str | None = None

    def read_rows(self, shop: str) -> list[StagedRow]:
        return order_store.list_staged(shop)

    def row_at(self, row: int) -> StagedRow:
        return self._rows[row]

    def rows(self) -> list[StagedRow]:
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        h = row.header
        column = StagedColumn(index.column())
        if role == GID_ROLE:
            return row.shopify_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == StagedColumn.ERROR and row.has_error:
                return QBrush(ERROR_COLOUR)
            if column == StagedColumn.RISK and h.high_risk:
                return QBrush(ERROR_COLOUR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.has_error:
                return row.error_message or self.tr("The last import of this order failed.")
            if column == StagedColumn.TAGS and h.tags:
                return ", ".join(h.tags)
            return None
        if role == SORT_ROLE:
            values = {
                StagedColumn.ORDER: order_number(row.name),
                StagedColumn.DATE: h.created_at.isoformat() if h.created_at else "",
                StagedColumn.TOTAL: float(h.total),
                StagedColumn.RISK: int(h.high_risk),
                StagedColumn.ERROR: int(row.has_error),
            }
            if column in values:
                return values[column]
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == StagedColumn.ORDER:
            return row.name
        if column == StagedColumn.DATE:
            return format_date(h.created_at)
        if column == StagedColumn.PAYMENT:
            return status_label(h.financial_status)
        if column == StagedColumn.FULFILLMENT:
            return status_label(h.fulfillment_status)
        if column == StagedColumn.TOTAL:
            return format_money(h.total, h.currency)
        if column == StagedColumn.CHANNEL:
            return h.channel
        if column == StagedColumn.COUNTRY:
            return h.ship_to_country
        if column == StagedColumn.TAGS:
            return ", ".join(h.tags)
        if column == StagedColumn.RISK:
            return self.tr("High") if h.high_risk else ""
        if column == StagedColumn.ACTION:
            return (self.tr("Update") if row.action == "update"
                    else self.tr("New"))
        if column == StagedColumn.ERROR:
            if not row.has_error:
                return ""
            return self.tr("Yes: %1").replace(
                "%1", first_line(row.error_message))
        return None


class StagedFilterProxy(QSortFilterProxyModel):
    """Applies the "Sync Orders from Shopify" filter (`OrderFilter`) to staged rows, so the
    merchant sees exactly which ones a sync would import."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._filter = OrderFilter()
        self.setSortRole(SORT_ROLE)

    def order_filter(self) -> OrderFilter:
        return self._filter

    def set_order_filter(self, order_filter: OrderFilter) -> None:
        if order_filter != self._filter:
            self.beginFilterChange()
            self._filter = order_filter
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, StagedOrderTableModel):
            return True
        return self._filter.matches(model.row_at(source_row).header)
