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
)
from PySide6.QtGui import QBrush

from desktop_app.store import orders as order_store
from desktop_app.store.orders import StagedRow
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.columns import ShopRows
from desktop_app.ui.models.order_labels import (
    ERROR_COLOUR,
    GID_ROLE,
    first_line,
    format_date,
    format_money,
    order_number,
    status_label,
)
from desktop_app.ui.models.row_filter import RowFilterProxy


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


class StagedOrderTableModel(ShopRows[StagedRow], QAbstractTableModel):
    """The shop's "Orders to Import", newest first, with Has Error and its message."""

    headers = _STAGED_HEADERS
    key_role = GID_ROLE
    right_columns = (StagedColumn.TOTAL,)
    sort_keys = {
        StagedColumn.ORDER: lambda row: order_number(row.name),
        StagedColumn.DATE: lambda row: (row.header.created_at.isoformat()
                                        if row.header.created_at else ""),
        StagedColumn.TOTAL: lambda row: float(row.header.total),
        StagedColumn.RISK: lambda row: int(row.header.high_risk),
        StagedColumn.ERROR: lambda row: int(row.has_error),
    }

    def read_rows(self, shop: str) -> list[StagedRow]:
        return order_store.list_staged(shop)

    def row_key(self, row: StagedRow) -> str:
        return row.shopify_id

    def foreground(self, row: StagedRow, column: StagedColumn) -> QBrush | None:
        if column == StagedColumn.ERROR and row.has_error:
            return QBrush(ERROR_COLOUR)
        if column == StagedColumn.RISK and row.header.high_risk:
            return QBrush(ERROR_COLOUR)
        return None

    def tool_tip(self, row: StagedRow, column: StagedColumn) -> str | None:
        if row.has_error:
            return message_text(row.error_message) or self.tr(
                "The last import of this order failed.")
        if column == StagedColumn.TAGS and row.header.tags:
            return ", ".join(row.header.tags)
        return None

    def display(self, row: StagedRow, column: StagedColumn) -> str | None:
        h = row.header
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
                "%1", first_line(message_text(row.error_message)))
        return None


class StagedFilterProxy(RowFilterProxy):
    """Applies the "Sync Orders from Shopify" filter (`OrderFilter`) to staged rows, so the
    merchant sees exactly which ones a sync would import."""

    source_type = StagedOrderTableModel

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._filter = OrderFilter()

    def order_filter(self) -> OrderFilter:
        return self._filter

    def set_order_filter(self, order_filter: OrderFilter) -> None:
        self._set_filter("_filter", order_filter)

    def accepts(self, model: StagedOrderTableModel, row: StagedRow) -> bool:
        return self._filter.matches(row.header)
