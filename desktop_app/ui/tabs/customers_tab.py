"""CustomersTab: the local customers, their Shopify link, and the Sync Customers action."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource
from desktop_app.ui.models.customer_table_model import SORT_ROLE, Column, CustomerTableModel
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView


class CustomersTab(ResourceTab):
    resource = Resource.CUSTOMERS

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("customers_tab")
        self.model = CustomerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setObjectName("customers_proxy")
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("customer_search_edit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search by number, name, e-mail, phone or country")
        )
        self.search_edit.setAccessibleName(self.tr("Search customers"))
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("customer_count_label")

        self.sync_button = QPushButton(self.tr("Sync Customers"), self)
        self.sync_button.setObjectName("sync_customers_button")
        self.sync_button.setToolTip(
            self.tr("Bring customers from Shopify and send the local changes the Shop Card "
                    "allows (F5)")
        )
        self.sync_button.setAccessibleName(self.tr("Sync Customers"))
        self._connect_sync_button()

        self.table = EmptyStateTableView(self)
        self.table.setObjectName("customers_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NO, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(self.tr("Local customers"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.EMAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.NO, 90), (Column.PHONE, 140), (Column.COUNTRY, 70),
                              (Column.SHOPIFY, 130), (Column.WEB_UPLOAD, 90)):
            self.table.setColumnWidth(column, width)

        self._no_customers_text = (
            self.tr("No local customers yet.\n\nImport them from a spreadsheet with "
                    "“shop-sync customers import FILE.csv”, or press Sync Customers to bring "
                    "the customers of your Shopify store in (when the Shop Card's customer "
                    "import is set to All).")
        )
        self.table.set_empty_text(self._no_customers_text)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.sync_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.proxy.rowsInserted.connect(self._update_counts)
        self.proxy.rowsRemoved.connect(self._update_counts)
        self.proxy.modelReset.connect(self._update_counts)
        self.proxy.layoutChanged.connect(self._update_counts)
        engine.changed.connect(self._on_engine_changed)
        self._update_counts()

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)
        self.model.set_shop(shop_code)

    def reload(self) -> None:
        self.model.reload()

    def _on_engine_changed(self, resource: str) -> None:
        if resource == Resource.CUSTOMERS.value:
            self.model.reload()

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def _update_counts(self, *_args) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        # Plain numbers rather than %n plurals: they read right without a translation file.
        if shown == total:
            self.count_label.setText(self.tr("Customers: %1").replace("%1", str(total)))
        else:
            self.count_label.setText(self.tr("Customers: %1 of %2").replace("%1", str(shown))
                                     .replace("%2", str(total)))
        if total:
            self.table.set_empty_text(self.tr("No customer matches the search."))
        else:
            self.table.set_empty_text(self._no_customers_text)
