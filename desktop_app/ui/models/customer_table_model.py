"""CustomerTableModel: the local customers, with their Shopify link in the selected shop."""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
)

from desktop_app.errors import NotFoundError
from desktop_app.store import queries
from desktop_app.store.queries import CustomerRow

log = logging.getLogger(__name__)

#: Raw value for sorting (text columns sort case-insensitively, flags as 0/1).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The customer number of the row (for actions on the selection).
NO_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(enum.IntEnum):
    NO = 0
    NAME = 1
    EMAIL = 2
    PHONE = 3
    COUNTRY = 4
    SHOPIFY = 5
    WEB_UPLOAD = 6


_HEADERS = {
    Column.NO: QT_TRANSLATE_NOOP("CustomerTableModel", "No."),
    Column.NAME: QT_TRANSLATE_NOOP("CustomerTableModel", "Name"),
    Column.EMAIL: QT_TRANSLATE_NOOP("CustomerTableModel", "E-mail"),
    Column.PHONE: QT_TRANSLATE_NOOP("CustomerTableModel", "Phone"),
    Column.COUNTRY: QT_TRANSLATE_NOOP("CustomerTableModel", "Country"),
    Column.SHOPIFY: QT_TRANSLATE_NOOP("CustomerTableModel", "Shopify link"),
    Column.WEB_UPLOAD: QT_TRANSLATE_NOOP("CustomerTableModel", "Web upload"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustomerTableModel", text)


class CustomerTableModel(QAbstractTableModel):
    """Read-only table of `queries.list_customers()` rows; `reload()` re-reads the store."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerRow] = []
        self._shop: str | None = None

    # --- loading --------------------------------------------------------------------------

    def set_shop(self, shop_code: str | None) -> None:
        """Show links in this shop (None: in any shop) and reload."""
        self._shop = shop_code
        self.reload()

    def reload(self) -> None:
        """Re-read every local customer from the store."""
        try:
            rows = queries.list_customers(shop=self._shop)
        except NotFoundError:  # the shop was removed meanwhile
            rows = queries.list_customers()
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        log.debug("customers reloaded: %d rows", len(rows))

    def customer(self, row: int) -> CustomerRow:
        return self._rows[row]

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[Column(section)])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        customer = self._rows[index.row()]
        column = Column(index.column())
        if role == NO_ROLE:
            return customer.no
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(customer, column)
        if role == SORT_ROLE:
            if column == Column.SHOPIFY:
                return 1 if customer.shopify_id else 0
            if column == Column.WEB_UPLOAD:
                return 1 if customer.web_upload else 0
            return (self._display(customer, column) or "").casefold()
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.WEB_UPLOAD:
            return Qt.CheckState.Checked if customer.web_upload else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.SHOPIFY:
            return customer.shopify_id or _tr("Not linked to a Shopify customer")
        return None

    def _display(self, customer: CustomerRow, column: Column) -> str:
        if column == Column.NO:
            return customer.no
        if column == Column.NAME:
            return customer.name
        if column == Column.EMAIL:
            return customer.email
        if column == Column.PHONE:
            return customer.phone
        if column == Column.COUNTRY:
            return customer.country
        if column == Column.SHOPIFY:
            if not customer.shopify_id:
                return ""
            return _tr("Linked ({id})").format(id=customer.shopify_id.rsplit("/", 1)[-1])
        return ""  # WEB_UPLOAD shows a check mark only
