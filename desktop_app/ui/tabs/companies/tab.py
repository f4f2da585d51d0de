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
    QSplitter,
    QWidget,
)

from desktop_app.store import problems
from desktop_app.store.companies import StagedCompany
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui.models.company_table_model import (
    CompanyColumn,
    CompanyTableModel,
)
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.tabs.companies.details_view import CompanyDetailsView
from desktop_app.ui.tabs.resource_tab import ResourceTab, sync_result_text
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.layouts import page_layout
from desktop_app.ui.widgets.table_columns import one_line_rows, size_columns


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

        top = self._build_intro_bar(
            self.tr("The business customers (B2B companies) of your Shopify store, each linked "
                    "to a local customer of category organisation, with their locations and "
                    "contacts."),
            self.tr("Sync Companies"),
            self.tr("Bring the companies, their locations and contacts from Shopify and send "
                    "the local organisations the Shop Card allows (F5)"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("company_count_label")

        self.table = EmptyStateTableView(self)
        self.table.setObjectName("companies_table")
        self.table.setAccessibleName(self.tr("Companies"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        one_line_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        size_columns(self.table, ((CompanyColumn.NAME, 240), (CompanyColumn.CUSTOMER, 120),
                                  (CompanyColumn.LINK, 110), (CompanyColumn.LOCATIONS, 90),
                                  (CompanyColumn.CONTACTS, 120)))
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

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.status_label, 1)
        page_layout(self, top, self.splitter, bottom, grow=self.splitter, margins=None)

        self.model.modelReset.connect(self._on_model_reset)
        self.model.modelReset.connect(self.problems_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        engine.changed.connect(self._on_engine_changed)
        self.sync_done.connect(self._on_sync_done)
        self._update_count()

    def set_shop(self, shop_code: str | None) -> None:
        super().set_shop(shop_code)  # the status line shows the new shop's own result
        self.model.set_shop(shop_code)

    def problem_keys(self, shop: str) -> set[str]:
        """The failed records of the last companies sync and the companies waiting for
        review."""
        return super().problem_keys(shop) | problems.companies_in_review(shop)

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
        if result is not None:
            self.status_label.setText(sync_result_text(
                result, self.tr("Sync Companies done: %1."),
                self.tr("The sync log lists each failed company.")))
