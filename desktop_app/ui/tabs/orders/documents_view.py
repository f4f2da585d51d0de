"""DocumentsView: the Orders tab's view of the shop's local sales documents (sales orders,
invoices and credit memos), with the lines of the selected one below them, and Post
Shipment… and Post Invoice… for the selected one (`document_actions`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QWidget,
)

from desktop_app.store.order_views import Document
from desktop_app.ui.dialogs.invoice_entry_dialog import InvoiceEntryDialog, open_invoice_entry
from desktop_app.ui.models.document_table_model import (
    DOC_NO_ROLE,
    DocumentColumn,
    DocumentLineTableModel,
    DocumentTableModel,
    LineColumn,
)
from desktop_app.ui.models.order_labels import SORT_ROLE
from desktop_app.ui.tabs.orders.document_actions import DocumentActions
from desktop_app.ui.tabs.orders.tables import order_table
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.layouts import page_layout
from desktop_app.ui.widgets.table_columns import one_line_rows, size_columns


class DocumentsView(QWidget):
    """The sales documents and the lines of the current one.

    The texts keep the translation context "OrdersTab" (the tab they were written in).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documents_page")
        self.model = DocumentTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.model)
        self.line_model = DocumentLineTableModel(self)
        self._shop: str | None = None
        self._build_documents_table()
        self._build_lines_table()

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("documents_splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.lines_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.document_actions = DocumentActions(self, self.current_document)
        self.ship_button, self.invoice_button = (self.document_actions.ship_button,
                                                 self.document_actions.invoice_button)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("documents_status_label")
        self.status_label.setWordWrap(True)
        self.document_actions.message.connect(self.status_label.setText)
        self.document_actions.posted.connect(lambda _name: self.reload(self._shop))
        self.model.modelReset.connect(self.document_actions.update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.ship_button)
        buttons.addWidget(self.invoice_button)
        self.invoice_entry_dialog: InvoiceEntryDialog | None = None
        self.new_invoice_button = push_button(  # issue 18: File > New sales invoice… here too
            self, "new_invoice_button", QCoreApplication.translate("OrdersTab", "New Invoice…"),
            QCoreApplication.translate("OrdersTab", "Enter a local sales invoice for this shop"),
            clicked=self.open_invoice_entry)
        buttons.addWidget(self.new_invoice_button)

        page_layout(self, splitter, buttons, grow=splitter)

    def open_invoice_entry(self) -> InvoiceEntryDialog | None:
        """New Invoice…: the dialog of File > New sales invoice… for the shown shop; the
        documents are read again once it is saved."""
        if self._shop is None:
            return None
        self.invoice_entry_dialog = open_invoice_entry(
            self._shop, self, self._on_invoice_saved,
            lambda: setattr(self, "invoice_entry_dialog", None))
        return self.invoice_entry_dialog

    def _on_invoice_saved(self, no: str, posted: bool) -> None:
        self.reload(self._shop)
        text = (QCoreApplication.translate("OrdersTab", "Invoice %1 posted.") if posted
                else QCoreApplication.translate("OrdersTab", "Invoice %1 saved (not posted)."))
        self.status_label.setText(text.replace("%1", no))

    def _build_documents_table(self) -> None:
        self.table = order_table(
            self, "documents_table", QCoreApplication.translate("OrdersTab", "Sales documents"),
            self.proxy, DocumentColumn.NO,
            ((DocumentColumn.NO, 100), (DocumentColumn.TYPE, 120), (DocumentColumn.DATE, 110),
             (DocumentColumn.ORDER, 110), (DocumentColumn.STATUS, 90), (DocumentColumn.TAX, 100),
             (DocumentColumn.TOTAL, 110), (DocumentColumn.PAYMENT_TERMS, 130),
             (DocumentColumn.DUE_DATE, 110), (DocumentColumn.SHIP_TO, 260)),
            DocumentColumn.CUSTOMER)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.set_empty_text(QCoreApplication.translate(
            "OrdersTab",
            "No sales documents yet.\n\nSelect imported orders on the Orders view and press "
            "Create Sales Documents."))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def _build_lines_table(self) -> None:
        self.lines_table = EmptyStateTableView(self)
        self.lines_table.setObjectName("document_lines_table")
        self.lines_table.setAccessibleName(
            QCoreApplication.translate("OrdersTab", "Lines of the selected document"))
        self.lines_table.setModel(self.line_model)
        one_line_rows(self.lines_table, padding=10)
        self.lines_table.set_empty_text(
            QCoreApplication.translate("OrdersTab", "Select a document to see its lines."))
        size_columns(self.lines_table, ((LineColumn.TYPE, 100), (LineColumn.NO, 90),
                                        (LineColumn.QUANTITY, 80), (LineColumn.UNIT_PRICE, 110),
                                        (LineColumn.DISCOUNT, 110), (LineColumn.AMOUNT, 110)),
                     stretch=(LineColumn.DESCRIPTION,))

    def reload(self, shop: str | None) -> None:
        """Read the shop's documents again; the current one stays current, with its lines."""
        current_doc = self.line_model.document_no()
        self._shop = shop
        self.model.set_shop(shop)
        row = self.model.row_of(current_doc) if current_doc else -1
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        else:
            self.line_model.set_document("")

    def current_document(self) -> Document | None:
        """The document of the current row (None when no row is current)."""
        current = self.table.currentIndex()
        if not current.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(current).row())

    def document_nos(self) -> list[str]:
        return [self.model.index(r, 0).data(DOC_NO_ROLE) for r in range(self.model.rowCount())]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.document_actions.update_buttons()
        if not current.isValid():
            self.line_model.set_document("")
            return
        doc = self.model.row_at(self.proxy.mapToSource(current).row())
        self.line_model.set_document(doc.no, doc.currency)
