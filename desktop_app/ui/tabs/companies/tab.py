"""CompaniesTab: the Shopify B2B companies of the shop (issue 18): each company's local
customer, link state, locations and contacts, and the last sync's problem with it; the
selected company's locations and contacts below. Sync Companies runs through the engine,
as the other tabs' sync buttons do (the results go to the sync log)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store.companies import StagedCompany
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui.models.company_table_model import (
    CompanyColumn,
    CompanyTableModel,
)
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.tabs.companies.details_view import CompanyDetailsView
from desktop_app.ui.tabs.resource_tab import ResourceTab
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView


class CompaniesTab(ResourceTab):
    resource = Resource.COMPANIES

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(engine, parent)
        self.setObjectName("companies_tab")
        self.model = CompanyTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSourceModel(self.model)

        self.intro_label = QLabel(self.tr(
            "The business customers (B2B companies) of your Shopify store, each linked to a "
            "local customer of category organisation, with their locations and contacts."), self)
        self.intro_label.setObjectName("companies_intro_label")
        self.intro_label.setWordWrap(True)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("company_count_label")

        self.sync_button = QPushButton(self.tr("Sync Companies"), self)
        self.sync_button.setObjectName("sync_companies_button")
        self.sync_button.setAccessibleName(self.tr("Sync Companies"))
        self.sync_button.setToolTip(self.tr(
            "Bring the companies, their locations and contacts from Shopify and send the "
            "local organisations the Shop Card allows (F5)"))
        self._connect_sync_button()

        self.table = EmptyStateTableView(self)
        self.table.setObjectName("companies_table")
        self.table.setAccessibleName(self.tr("Companies"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((CompanyColumn.NAME, 240), (CompanyColumn.CUSTOMER, 120),
                              (CompanyColumn.LINK, 110), (CompanyColumn.LOCATIONS, 90),
                              (CompanyColumn.CONTACTS, 120)):
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(CompanyColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.set_empty_text(self.tr(
            "No companies yet.\n\nSync Companies brings the business customers of your "
            "Shopify store, with their locations and contacts, when the Shop Card's "
            "“Company import from Shopify” is “All (on Sync)”."))

        self.details = CompanyDetailsView(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("companies_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("company_status_label")
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.intro_label, 1)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)
        self._update_count()

    def set_shop(self, shop_code: str | None) -> None:
        if shop_code != self.shop():
            self.status_label.setText("")  # the last result belongs to the last shop
        super().set_shop(shop_code)
        self.model.set_shop(shop_code)

    def reload(self) -> None:
        self.model.reload()

    def current_company(self) -> StagedCompany | None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return None
        return self.model.row_at(self.proxy.mapToSource(selected[0]).row()).company

    def _on_engine_changed(self, resource: str) -> None:
        if resource == Resource.COMPANIES.value:
            self.reload()

    def _on_model_reset(self) -> None:
        self._update_count()
        self.details.show_company(None)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.details.show_company(self.current_company())

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("Companies: %1").replace(
            "%1", str(self.model.rowCount())))

    def _on_sync_done(self, result: SyncResult | None) -> None:
        if result is None:
            return
        text = (self.tr("Sync Companies done: %1 created, %2 updated, %3 failed.")
                .replace("%1", str(result.created)).replace("%2", str(result.updated))
                .replace("%3", str(result.failed)))
        if result.failed:
            text += " " + self.tr("The sync log lists each failed company.")
        self.status_label.setText(text)
