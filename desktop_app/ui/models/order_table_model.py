"""Table models of the Orders tab: "To import" (staged headers) and "Orders" (imported ones).

Both are read whole from the store on `reload()`: a shop's open orders and its staging table
are hundreds of rows, not the 100,000 of the customer list. Sorting and the staging filters
live in proxies (`OrderSortProxy`, `StagedFilterProxy`); the models hand them a raw value
through `SORT_ROLE`.

Also the money and status formatting the other order views share (`format_money`,
`status_label`): amounts are Decimals formatted by `QLocale`, Shopify's status words
(PARTIALLY_PAID...) are translated labels.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from decimal import Decimal

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop_app.errors import NotFoundError
from desktop_app.store import customers
from desktop_app.store import orders as order_store
from desktop_app.store.order_views import OrderSummary, read_order_summaries
from desktop_app.store.orders import OrderRow, StagedRow
from desktop_app.sync.rules.orders import OrderFilter
from desktop_app.ui.order_conflict_text import conflict_text

log = logging.getLogger(__name__)

#: Raw value for sorting (Decimal amounts, ISO dates, text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The Shopify order GID of the row.
GID_ROLE = Qt.ItemDataRole.UserRole + 2

_CTX = "OrderLabels"

_STATUS = {
    # displayFinancialStatus
    "PENDING": QT_TRANSLATE_NOOP("OrderLabels", "Pending"),
    "AUTHORIZED": QT_TRANSLATE_NOOP("OrderLabels", "Authorized"),
    "PARTIALLY_PAID": QT_TRANSLATE_NOOP("OrderLabels", "Partially paid"),
    "PAID": QT_TRANSLATE_NOOP("OrderLabels", "Paid"),
    "PARTIALLY_REFUNDED": QT_TRANSLATE_NOOP("OrderLabels", "Partially refunded"),
    "REFUNDED": QT_TRANSLATE_NOOP("OrderLabels", "Refunded"),
    "VOIDED": QT_TRANSLATE_NOOP("OrderLabels", "Voided"),
    "EXPIRED": QT_TRANSLATE_NOOP("OrderLabels", "Expired"),
    # displayFulfillmentStatus
    "UNFULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Unfulfilled"),
    "PARTIALLY_FULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Partially fulfilled"),
    "FULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Fulfilled"),
    "RESTOCKED": QT_TRANSLATE_NOOP("OrderLabels", "Restocked"),
    "IN_PROGRESS": QT_TRANSLATE_NOOP("OrderLabels", "In progress"),
    "ON_HOLD": QT_TRANSLATE_NOOP("OrderLabels", "On hold"),
    "OPEN": QT_TRANSLATE_NOOP("OrderLabels", "Open"),
    "SCHEDULED": QT_TRANSLATE_NOOP("OrderLabels", "Scheduled"),
    "REQUEST_DECLINED": QT_TRANSLATE_NOOP("OrderLabels", "Request declined"),
    "PENDING_FULFILLMENT": QT_TRANSLATE_NOOP("OrderLabels", "Pending fulfillment"),
}

#: The financial and fulfillment statuses offered by the filters (Shopify's values).
FINANCIAL_STATUSES = ("PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PAID", "PARTIALLY_REFUNDED",
                      "REFUNDED", "VOIDED", "EXPIRED")
FULFILLMENT_STATUSES = ("UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED", "RESTOCKED",
                        "IN_PROGRESS", "ON_HOLD", "SCHEDULED")

_DOC_TYPES = {
    "order": QT_TRANSLATE_NOOP("OrderLabels", "Sales order"),
    "invoice": QT_TRANSLATE_NOOP("OrderLabels", "Sales invoice"),
    "credit_memo": QT_TRANSLATE_NOOP("OrderLabels", "Credit memo"),
}

ERROR_COLOUR = QColor(190, 30, 30)
CONFLICT_COLOUR = QColor(176, 96, 0)


def _tr(text: str, context: str = _CTX) -> str:
    return QCoreApplication.translate(context, text)


def status_label(value: str) -> str:
    """Shopify's status word as the merchant reads it (unknown words title-cased)."""
    if not value:
        return ""
    text = _STATUS.get(value.upper())
    return _tr(text) if text else value.replace("_", " ").capitalize()


def document_type_label(value: str) -> str:
    text = _DOC_TYPES.get(value)
    return _tr(text) if text else value


def format_money(amount: Decimal | None, currency: str = "",
                 locale: QLocale | None = None) -> str:
    """An amount with its ISO currency code, in the locale's number and currency format."""
    if amount is None:
        return ""
    locale = locale or QLocale()
    if not currency:
        return locale.toString(float(amount), "f", 2)
    text = locale.toCurrencyString(float(amount), currency, 2)
    # Qt glues an ISO code to the digits ("EUR1,234.50"): keep them apart.
    nbsp = "\u00a0"
    if text.startswith(currency) and len(text) > len(currency) and \
            not text[len(currency)].isspace():
        text = currency + nbsp + text[len(currency):]
    elif text.endswith(currency) and len(text) > len(currency) and \
            not text[-len(currency) - 1].isspace():
        text = text[:-len(currency)] + nbsp + currency
    return text


def format_date(value: dt.datetime | None, locale: QLocale | None = None) -> str:
    """A UTC timestamp shown in local time, short format."""
    if value is None:
        return ""
    local = value.astimezone()
    return (locale or QLocale()).toString(local.replace(tzinfo=None),
                                          QLocale.FormatType.ShortFormat)


class _ShowsMoney:
    """Right-aligns the money columns of a model."""

    money_columns: tuple[int, ...] = ()

    def _alignment(self, column: int):
        if column in self.money_columns:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- To import ------------------------------------------------------------------------------


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


class StagedOrderTableModel(_ShowsMoney, QAbstractTableModel):
    """The shop's "Orders to Import", newest first, with Has Error and its message."""

    money_columns = (StagedColumn.TOTAL,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[StagedRow] = []
        self._shop: str | None = None

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.reload()

    def reload(self) -> None:
        rows: list[StagedRow] = []
        if self._shop is not None:
            try:
                rows = order_store.list_staged(self._shop)
            except NotFoundError:
                self._shop = None
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> StagedRow:
        return self._rows[row]

    def rows(self) -> list[StagedRow]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(StagedColumn)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(StagedColumn):
            return _tr(_STAGED_HEADERS[StagedColumn(section)], "StagedOrderTableModel")
        return None

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
                StagedColumn.ORDER: _order_number(row.name),
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
                "%1", _first_line(row.error_message))
        return None


def _first_line(text: str, limit: int = 80) -> str:
    line = (text or "").splitlines()[0] if text else ""
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _order_number(name: str) -> int | str:
    digits = "".join(ch for ch in name if ch.isdigit())
    return int(digits) if digits else name


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


# --- Imported orders ------------------------------------------------------------------------


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


class OrderTableModel(_ShowsMoney, QAbstractTableModel):
    """The shop's imported orders, newest first: state, customer, totals, document, and the
    error or conflict that needs the merchant."""

    money_columns = (OrderColumn.TOTAL,)

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

    def row_at(self, row: int) -> OrderRow:
        return self._rows[row]

    def summary(self, gid: str) -> OrderSummary | None:
        return self._summaries.get(gid)

    def row_of(self, gid: str) -> int:
        for i, r in enumerate(self._rows):
            if r.shopify_id == gid:
                return i
        return -1

    def rows(self) -> list[OrderRow]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(OrderColumn)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(OrderColumn):
            return _tr(_ORDER_HEADERS[OrderColumn(section)], "OrderTableModel")
        return None

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
                "%1", _first_line(row.error_message))
        return ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        summary = self._summaries.get(row.shopify_id)
        column = OrderColumn(index.column())
        if role == GID_ROLE:
            return row.shopify_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == OrderColumn.ISSUE:
                if row.conflict:
                    return QBrush(CONFLICT_COLOUR)
                if row.has_error:
                    return QBrush(ERROR_COLOUR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == OrderColumn.ISSUE or column == OrderColumn.ORDER:
                if row.conflict:
                    return conflict_text(row.conflict_message)
                if row.has_error:
                    return row.error_message
            if column == OrderColumn.TOTAL and summary is not None \
                    and summary.presentment_currency != summary.currency:
                return self.tr("Paid by the customer: %1").replace(
                    "%1", format_money(summary.total_presentment,
                                       summary.presentment_currency))
            return None
        if role == SORT_ROLE:
            if column == OrderColumn.ORDER:
                return _order_number(row.name)
            if column == OrderColumn.DATE:
                return summary.created_at.isoformat() if summary and summary.created_at \
                    else ""
            if column == OrderColumn.TOTAL:
                return float(summary.total) if summary else 0.0
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
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


class OrderSortProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE` and narrows the imported orders to a `SHOW_*` choice and a
    search text (order no., customer, document no.)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._show = SHOW_ALL
        self._search = ""

    def set_show(self, show: str) -> None:
        if show != self._show:
            self.beginFilterChange()
            self._show = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        text = text.strip().lower()
        if text != self._search:
            self.beginFilterChange()
            self._search = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, OrderTableModel):
            return True
        row = model.row_at(source_row)
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
