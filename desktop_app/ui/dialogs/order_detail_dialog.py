"""OrderDetailDialog: one imported Shopify order as the merchant reviews it (seed 003,
"Review imported orders"): header, customer, amounts, risk, tags and attributes; its lines,
shipping, transactions, refunds and returns; and the sales document made from it, with lines.

Read-only: it shows what the store holds (`store.orders.load_order_record`, `get_order`)
and never calls Shopify.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import NotFoundError
from desktop_app.records.customers import AddressRecord
from desktop_app.records.orders import OrderRecord
from desktop_app.store import customers
from desktop_app.store import orders as order_store
from desktop_app.store.order_views import read_documents
from desktop_app.store.orders import OrderRow
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.document_table_model import (
    DocumentLineTableModel,
    LineColumn,
    document_status_label,
    format_document_date,
    payment_terms_text,
    ship_to_lines,
)
from desktop_app.ui.models.order_labels import (
    document_type_label,
    format_date,
    format_money,
    status_label,
)
from desktop_app.ui.order_conflict_text import conflict_text
from desktop_app.ui.widgets.controls import name_views_after_tabs
from desktop_app.ui.widgets.table_columns import one_line_rows

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _address_text(address: AddressRecord | None) -> str:
    if address is None:
        return ""
    name = " ".join(p for p in (address.first_name, address.last_name) if p)
    city = " ".join(p for p in (address.zip, address.city) if p)
    parts = [name, address.company, address.address1, address.address2, city,
             address.province, address.country or address.country_code]
    return "\n".join(p for p in parts if p)


def _customer_text(no: str) -> str:
    if not no:
        return ""
    try:
        name = customers.get_customer(no).name
    except NotFoundError:
        return no
    return f"{no} · {name}" if name else no


def _table(parent: QWidget, name: str, headers: Sequence[str],
           rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    one_line_rows(table, padding=10)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(_RIGHT)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if headers:
        header.setSectionResizeMode(min(1, len(headers) - 1), QHeaderView.ResizeMode.Stretch)
    return table


class OrderDetailDialog(QDialog):
    """The details of one imported order (non-modal; `show()` it)."""

    def __init__(self, shop: str, gid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("order_detail_dialog")
        self._shop = shop
        self._gid = gid
        self.record: OrderRecord = order_store.load_order_record(shop, gid)
        self.row: OrderRow = order_store.get_order(shop, gid)
        record, row = self.record, self.row
        self.setWindowTitle(self.tr("Shopify order %1").replace("%1", record.name))
        self._currency = record.currency

        self.issue_label = QLabel(self)
        self.issue_label.setObjectName("order_issue_label")
        self.issue_label.setWordWrap(True)
        self.issue_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        if row.conflict:
            self.issue_label.setText(self.tr("Conflict: %1").replace(
                "%1", conflict_text(row.conflict_message)))
            self.issue_label.setStyleSheet("QLabel { color: #a05a00; }")
        elif row.has_error:
            self.issue_label.setText(
                self.tr("Error: %1").replace("%1", message_text(row.error_message)))
            self.issue_label.setStyleSheet("QLabel { color: #b01e1e; }")
        self.issue_label.setVisible(bool(self.issue_label.text()))

        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addWidget(self.issue_label)
        self.sections = QTabWidget(self)
        self.sections.setObjectName("order_detail_sections")
        self.sections.addTab(self._lines_table(), self.tr("Lines (%1)").replace(
            "%1", str(len(record.lines))))
        self.sections.addTab(self._shipping_table(), self.tr("Shipping (%1)").replace(
            "%1", str(len(record.shipping_lines))))
        self.sections.addTab(self._transactions_table(), self.tr("Transactions (%1)").replace(
            "%1", str(len(record.transactions))))
        self.sections.addTab(self._refunds_table(), self.tr("Refunds and returns (%1)")
                             .replace("%1", str(len(record.refunds) + len(record.returns))))
        self.sections.addTab(self._document_page(), self.tr("Sales document"))
        name_views_after_tabs(self.sections)  # each table read by its section's title
        layout.addWidget(self.sections, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # What the syncs changed on this order (issue 19): its own dialog, not modal.
        self.history_button = buttons.addButton(self.tr("&History…"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.setObjectName("order_history_button")
        self.history_button.clicked.connect(self.open_history)
        self.history_dialog: QDialog | None = None
        layout.addWidget(buttons)
        self.resize(900, 640)

    def open_history(self) -> QDialog:
        """Show what each sync changed on this order, newest first."""
        from desktop_app.ui.dialogs.record_history_dialog import RecordHistoryDialog
        from desktop_app.ui.widgets.open_dialogs import open_tracked

        if self.history_dialog is not None:
            self.history_dialog.close()
        return open_tracked(self, "history_dialog", RecordHistoryDialog.for_order(
            self._gid, self.record.name, parent=self))

    # --- header -------------------------------------------------------------------------------

    def _money(self, money) -> str:
        return format_money(money.shop, self._currency)

    def _header(self) -> QHBoxLayout:
        record, row = self.record, self.row
        left = QFormLayout()
        left.setObjectName("order_header_form")

        def add(form: QFormLayout, label: str, value: str, name: str) -> None:
            widget = QLabel(value, self)
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, widget)

        state = self.tr("Processed") if row.processed else self.tr("Imported")
        if row.cancelled:
            state = self.tr("%1, cancelled in Shopify").replace("%1", state)
        add(left, self.tr("Order:"), f"{record.name}  ({format_date(record.created_at)})",
            "order_name_value")
        add(left, self.tr("State:"), state, "order_state_value")
        add(left, self.tr("Payment:"), status_label(record.financial_status)
            + ("  " + self.tr("(outstanding %1)").replace("%1", self._money(record.outstanding))
               if record.outstanding.shop > 0 else ""), "order_payment_value")
        add(left, self.tr("Fulfillment:"), status_label(record.fulfillment_status),
            "order_fulfillment_value")
        customer = _customer_text(row.sell_to_customer_no) or self.tr("none yet")
        if row.bill_to_customer_no and row.bill_to_customer_no != row.sell_to_customer_no:
            customer += "  " + self.tr("(bill-to %1)").replace("%1", row.bill_to_customer_no)
        if row.customer_manual:
            customer += "  " + self.tr("(chosen by hand)")
        add(left, self.tr("Customer:"), customer, "order_customer_value")
        add(left, self.tr("E-mail:"), record.email or "—", "order_email_value")
        risk = status_label(record.risk_level) if record.risk_level else self.tr("Not assessed")
        if record.high_risk:
            risk = self.tr("High")
        add(left, self.tr("Risk:"), risk, "order_risk_value")
        add(left, self.tr("Channel:"), record.channel or "—", "order_channel_value")
        if record.company_gid:
            terms = row.payment_terms_code or self.tr("none")
            if row.ship_to_code:
                terms += "  " + self.tr("(ship-to %1)").replace("%1", row.ship_to_code)
            add(left, self.tr("Payment terms:"), terms, "order_b2b_terms_value")
        add(left, self.tr("Tags:"), ", ".join(record.tags) or "—", "order_tags_value")
        if record.attributes:
            add(left, self.tr("Attributes:"),
                "\n".join(f"{k}: {v}" for k, v in record.attributes), "order_attributes_value")
        if record.note:
            add(left, self.tr("Note:"), record.note, "order_note_value")

        right = QFormLayout()
        add(right, self.tr("Subtotal:"), self._money(record.subtotal), "order_subtotal_value")
        add(right, self.tr("Discounts:"), self._money(record.discount), "order_discount_value")
        add(right, self.tr("Shipping:"), self._money(record.shipping), "order_shipping_value")
        add(right, self.tr("Tax:"), self._money(record.tax)
            + ("  " + self.tr("(included in prices)") if record.taxes_included else ""),
            "order_tax_value")
        add(right, self.tr("Total:"), self._money(record.total), "order_total_value")
        if record.presentment_currency and record.presentment_currency != record.currency:
            add(right, self.tr("Customer paid in:"),
                format_money(record.total.presentment, record.presentment_currency),
                "order_presentment_value")
        add(right, self.tr("Ship to:"), _address_text(record.ship_to) or "—",
            "order_ship_to_value")
        add(right, self.tr("Bill to:"), _address_text(record.bill_to) or "—",
            "order_bill_to_value")

        box = QHBoxLayout()
        box.addLayout(left, 1)
        box.addSpacing(24)
        box.addLayout(right, 1)
        return box

    # --- sections -----------------------------------------------------------------------------

    def _lines_table(self) -> QTableWidget:
        rows = []
        for ln in self.record.lines:
            kind = (self.tr("Gift card") if ln.is_gift_card
                    else self.tr("Tip") if getattr(ln, "is_tip", False) else "")
            title = ln.title + (f" — {ln.variant_title}" if ln.variant_title else "")
            quantity = str(ln.current_quantity)
            if ln.current_quantity != ln.quantity:
                quantity = self.tr("%1 (ordered %2)").replace("%1", str(ln.current_quantity)) \
                    .replace("%2", str(ln.quantity))
            rows.append([ln.sku, title, kind, quantity, self._money(ln.unit_price),
                         self._money(ln.discount), self._money(ln.tax)])
        return _table(self, "order_lines_table",
                      [self.tr("SKU"), self.tr("Product"), self.tr("Kind"),
                       self.tr("Quantity"), self.tr("Unit price"), self.tr("Discount"),
                       self.tr("Tax")], rows, right=(3, 4, 5, 6))

    def _shipping_table(self) -> QTableWidget:
        rows = [[s.title, s.code, s.source,
                 self.tr("Removed") if s.is_removed else "", self._money(s.amount),
                 self._money(s.discount), self._money(s.tax)]
                for s in self.record.shipping_lines]
        return _table(self, "order_shipping_table",
                      [self.tr("Method"), self.tr("Code"), self.tr("Source"),
                       self.tr("State"), self.tr("Amount"), self.tr("Discount"),
                       self.tr("Tax")], rows, right=(4, 5, 6))

    def _transactions_table(self) -> QTableWidget:
        rows = [[format_date(t.processed_at), t.kind.capitalize(), t.status.capitalize(),
                 t.gateway, self._money(t.amount)] for t in self.record.transactions]
        return _table(self, "order_transactions_table",
                      [self.tr("Date"), self.tr("Kind"), self.tr("Status"),
                       self.tr("Gateway"), self.tr("Amount")], rows, right=(4,))

    def _refunds_table(self) -> QTableWidget:
        rows = []
        for f in self.record.refunds:
            quantity = sum(rl.quantity for rl in f.lines)
            restock = ", ".join(sorted({rl.restock_type.replace("_", " ").lower()
                                        for rl in f.lines if rl.restock_type}))
            rows.append([self.tr("Refund"), format_date(f.created_at), f.note,
                         self.tr("%n item(s)", "", quantity) + (f" ({restock})" if restock
                                                                 else ""),
                         self._money(f.total_refunded)])
        for ret in self.record.returns:
            rows.append([self.tr("Return"), "", ret.name, status_label(ret.status), ""])
        return _table(self, "order_refunds_table",
                      [self.tr("Kind"), self.tr("Date"), self.tr("Note"), self.tr("Items"),
                       self.tr("Refunded")], rows, right=(4,))

    def _document_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("order_document_page")
        layout = QVBoxLayout(page)
        docs = read_documents(order_gid=self._gid)
        self.document_label = QLabel(page)
        self.document_label.setObjectName("order_document_label")
        self.document_label.setWordWrap(True)
        self.document_lines_model = DocumentLineTableModel(self)
        self.document_lines = QTableView(page)
        self.document_lines.setObjectName("order_document_lines_table")
        self.document_lines.setModel(self.document_lines_model)
        one_line_rows(self.document_lines, padding=10)
        header = self.document_lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LineColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        if docs:
            doc = docs[0]
            text = (self.tr("%1 %2 of %3 for customer %4: total %5 (tax %6), status %7.")
                    .replace("%1", document_type_label(doc.type)).replace("%2", doc.no)
                    .replace("%3", format_document_date(doc.document_date))
                    .replace("%4", doc.sell_to_customer_no or "—")
                    .replace("%5", format_money(doc.total, doc.currency))
                    .replace("%6", format_money(doc.tax_amount, doc.currency))
                    .replace("%7", document_status_label(doc.status).lower()))
            if len(docs) > 1:
                text += " " + self.tr("Also: %1.").replace(
                    "%1", ", ".join(d.no for d in docs[1:]))
            self.document_label.setText(text)
            self.document_lines_model.set_document(doc.no, doc.currency)
        else:
            self.document_label.setText(self.tr(
                "No sales document has been made from this order yet. Use Create Sales "
                "Documents on the Orders tab."))
            self.document_lines.hide()
        layout.addWidget(self.document_label)
        if docs:
            layout.addLayout(self._document_terms_form(page, docs[0]))
        layout.addWidget(self.document_lines, 1)
        return page

    def _document_terms_form(self, page: QWidget, doc) -> QFormLayout:
        """The document's payment terms with their due date, and its ship-to address."""
        form = QFormLayout()
        form.setObjectName("order_document_terms_form")

        def add(label: str, value: str, name: str) -> None:
            widget = QLabel(value, page)
            widget.setObjectName(name)
            widget.setWordWrap(True)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, widget)

        add(self.tr("Payment terms:"),
            payment_terms_text(doc.payment_terms_code, doc.payment_terms_name) or "—",
            "document_payment_terms_value")
        add(self.tr("Due date:"),
            format_document_date(doc.due_date) if doc.due_date else "—",
            "document_due_date_value")
        ship_to = "\n".join(ship_to_lines(doc.ship_to)) or "—"
        if doc.ship_to.code:
            ship_to = self.tr("Ship-to code %1").replace("%1", doc.ship_to.code) + "\n" + ship_to
        add(self.tr("Ship to:"), ship_to, "document_ship_to_value")
        return form
