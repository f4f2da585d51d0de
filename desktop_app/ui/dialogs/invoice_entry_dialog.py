"""InvoiceEntryDialog (File > New sales invoice…, issue 18): a local sales invoice typed by
hand, saved unposted or posted, for the shop shown in the window.

The engine is the one of `shop-sync documents add-invoice` (`sync.invoice_entry`): the totals
shown are its line amounts and its tax area, and Save / Post call `add_invoice`, a recorded
run of no shop in the history. The customer is found by its no., name or e-mail
(`store.customers.list_customers`); an item line takes a local item and its unit price, a G/L
account line an account, what it is for and its amount. Every value is checked before the
engine is called, each message naming its field; the engine's own refusals are shown the same
way. Nothing is written before Save or Post: Cancel (or Esc) leaves no trace. A posted
invoice goes to Shopify as an order with the next posted-invoice sync (`sync/invoices.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.records.orders import ZERO
from desktop_app.store import customers, items
from desktop_app.store.gl_accounts import TABLE as ACCOUNTS
from desktop_app.store.invoice_entry import (
    EntryLine,
    EntryProblem,
    InvoiceEntryError,
    entry_customer,
)
from desktop_app.sync import invoice_entry
from desktop_app.ui.dialogs.labels import wrapped_label
from desktop_app.ui.widgets.controls import push_button

#: Customers listed at most for one search.
SHOWN_CUSTOMERS = 50


def _number(text: str) -> Decimal | None:
    """The number typed (a decimal comma too), None when it is none."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def open_invoice_entry(shop: str, parent: QWidget, on_saved: Callable[[str, bool], object],
                       on_closed: Callable[[], object]) -> InvoiceEntryDialog:
    """Open the dialog for `shop` (window-modal, deleted once closed): `on_saved(no, posted)`
    after a save, `on_closed()` when it is gone (File menu and the Orders tab's New
    Invoice…)."""
    dialog = InvoiceEntryDialog(shop, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.destroyed.connect(lambda: on_closed())
    dialog.saved.connect(on_saved)
    dialog.open()
    return dialog


class InvoiceEntryDialog(QDialog):
    """New sales invoice for shop card `shop`.

    Signals:
        saved(no: str, posted: bool): the invoice was saved (and posted when `posted`),
            before the dialog closes.
    """

    saved = Signal(str, bool)

    def __init__(self, shop: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoice_entry_dialog")
        self.setWindowTitle(self.tr("New sales invoice"))
        self._shop = shop
        self.lines: list[EntryLine] = []
        self.saved_no = ""

        # --- customer ---
        self.customer_search = QLineEdit(self)
        self.customer_search.setObjectName("invoice_customer_search")
        self.customer_search.setPlaceholderText(self.tr("Search by no., name or e-mail"))
        self.customer_search.setAccessibleName(self.tr("Search for the customer"))
        self.customer_search.setClearButtonEnabled(True)
        self.customer_search.textChanged.connect(self._find_customers)
        self.customer_combo = QComboBox(self)
        self.customer_combo.setObjectName("invoice_customer_combo")
        self.customer_combo.setAccessibleName(self.tr("Customer"))
        self.customer_combo.currentIndexChanged.connect(self._update_totals)
        self.currency_label = QLabel(self)
        self.currency_label.setObjectName("invoice_currency_label")
        customer_box = QGroupBox(self.tr("Customer"), self)
        form = QFormLayout(customer_box)
        form.addRow(self.tr("Searc&h:"), self.customer_search)
        form.addRow(self.tr("C&ustomer:"), self.customer_combo)
        form.addRow(self.tr("Currency:"), self.currency_label)
        for label, buddy in ((0, self.customer_search), (1, self.customer_combo)):
            text = form.itemAt(label, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(text, QLabel):
                text.setBuddy(buddy)

        # --- a new line ---
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("invoice_line_type_combo")
        self.type_combo.setAccessibleName(self.tr("Line type"))
        self.type_combo.addItem(self.tr("Item"), "item")
        self.type_combo.addItem(self.tr("G/L account"), "gl_account")
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.no_combo = QComboBox(self)
        self.no_combo.setObjectName("invoice_line_no_combo")
        self.no_combo.setMinimumContentsLength(18)
        self.no_combo.currentIndexChanged.connect(self._no_changed)
        self.description_edit = QLineEdit(self)
        self.description_edit.setObjectName("invoice_line_description_edit")
        self.description_edit.setAccessibleName(self.tr("Description"))
        self.quantity_edit = QLineEdit("1", self)
        self.quantity_edit.setObjectName("invoice_line_quantity_edit")
        self.quantity_edit.setAccessibleName(self.tr("Quantity"))
        self.price_edit = QLineEdit(self)
        self.price_edit.setObjectName("invoice_line_price_edit")
        self.price_label = QLabel(self)
        self.add_button = push_button(self, "invoice_add_line_button", self.tr("&Add line"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_line)
        for edit in (self.description_edit, self.quantity_edit, self.price_edit):
            edit.returnPressed.connect(self.add_line)
        entry = QFormLayout()
        entry.addRow(self.tr("&Type:"), self.type_combo)
        self.no_label = QLabel(self)
        entry.addRow(self.no_label, self.no_combo)
        entry.addRow(self.tr("&Description:"), self.description_edit)
        entry.addRow(self.tr("&Quantity:"), self.quantity_edit)
        entry.addRow(self.price_label, self.price_edit)
        for row, buddy in ((0, self.type_combo), (2, self.description_edit),
                           (3, self.quantity_edit)):
            text = entry.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(text, QLabel):
                text.setBuddy(buddy)
        self.no_label.setBuddy(self.no_combo)
        self.price_label.setBuddy(self.price_edit)

        # --- the lines and totals ---
        self.lines_table = QTableWidget(0, 6, self)
        self.lines_table.setObjectName("invoice_lines_table")
        self.lines_table.setAccessibleName(self.tr("Invoice lines"))
        self.lines_table.setHorizontalHeaderLabels(
            [self.tr("Type"), self.tr("No."), self.tr("Description"), self.tr("Quantity"),
             self.tr("Unit price"), self.tr("Amount")])
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.remove_button = push_button(
            self, "invoice_remove_line_button", self.tr("&Remove line"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_line)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("invoice_totals_label")
        self.tax_label = wrapped_label("", self, "invoice_tax_label")
        self.paid_check = QCheckBox(self.tr("Paid in &full (nothing is owed)"), self)
        self.paid_check.setObjectName("invoice_paid_check")
        self.paid_check.setToolTip(self.tr(
            "When money is still owed, the Shopify order gets the customer's payment terms"))
        self.error_label = wrapped_label("", self, "invoice_error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setVisible(False)

        buttons = QDialogButtonBox(self)
        # Action roles: neither is the default button, so Enter never saves (see keyPressEvent)
        self.save_button = buttons.addButton(self.tr("&Save"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("invoice_save_button")
        self.save_button.setToolTip(self.tr("Save the invoice without posting it"))
        self.post_button = buttons.addButton(self.tr("&Post"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.post_button.setObjectName("invoice_post_button")
        self.post_button.setToolTip(self.tr(
            "Save and post the invoice: the posted-invoice sync then sends it to Shopify as an "
            "order"))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("invoice_cancel_button")
        for button in (self.save_button, self.post_button, self.cancel_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save(post=False))
        self.post_button.clicked.connect(lambda: self.save(post=True))
        self.cancel_button.clicked.connect(self.reject)

        line_box = QGroupBox(self.tr("New line"), self)
        row = QHBoxLayout(line_box)
        row.addLayout(entry, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        under = QHBoxLayout()
        under.addWidget(self.totals_label, 1)
        under.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(self.tr("Shop: %1").replace("%1", shop), self))
        layout.addWidget(customer_box)
        layout.addWidget(line_box)
        layout.addWidget(self.lines_table, 1)
        layout.addLayout(under)
        layout.addWidget(self.tax_label)
        layout.addWidget(self.paid_check)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 640)
        self._find_customers("")
        self._type_changed()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter adds the line being typed (in its fields) and never saves or posts: only a
        click or the button's own key does; Esc still cancels."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- customer ---------------------------------------------------------------------------

    def _find_customers(self, text: str) -> None:
        found = customers.list_customers(text.strip() or None, limit=SHOWN_CUSTOMERS)
        self.customer_combo.blockSignals(True)
        self.customer_combo.clear()
        self.customer_combo.addItem(self.tr("(choose a customer)"), "")
        for row in found:
            label = " · ".join(t for t in (row.no, row.name, row.email) if t)
            self.customer_combo.addItem(label, row.no)
        if text.strip() and found:
            self.customer_combo.setCurrentIndex(1)
        self.customer_combo.blockSignals(False)
        self._update_totals()

    def customer_no(self) -> str:
        return str(self.customer_combo.currentData() or "")

    # --- a new line -------------------------------------------------------------------------

    def _is_item(self) -> bool:
        return self.type_combo.currentData() == "item"

    def _type_changed(self, *_args) -> None:
        self.no_combo.blockSignals(True)
        self.no_combo.clear()
        if self._is_item():
            self.no_label.setText(self.tr("&Item:"))
            self.price_label.setText(self.tr("U&nit price:"))
            self.no_combo.addItem(self.tr("(choose an item)"), ("", ZERO))
            for item in items.list_items():
                text = " · ".join(t for t in (item.no, item.description) if t)
                self.no_combo.addItem(f"{text} · {item.unit_price:.2f}",
                                      (item.no, item.unit_price))
        else:
            self.no_label.setText(self.tr("&G/L account:"))
            self.price_label.setText(self.tr("Amou&nt:"))
            self.no_combo.addItem(self.tr("(choose an account)"), ("", ZERO))
            for account in ACCOUNTS.rows():
                self.no_combo.addItem(" · ".join(t for t in (account.code, account.name) if t),
                                      (account.code, ZERO))
        self.no_combo.setAccessibleName(self.no_label.text().replace("&", "").rstrip(":"))
        self.price_edit.setAccessibleName(self.price_label.text().replace("&", "").rstrip(":"))
        self.no_combo.blockSignals(False)
        self.quantity_edit.setText("1")
        self.quantity_edit.setEnabled(self._is_item())
        self.description_edit.clear()
        self.price_edit.clear()

    def _no_changed(self, *_args) -> None:
        no, price = self.no_combo.currentData() or ("", ZERO)
        if self._is_item() and no:
            self.price_edit.setText(f"{price:.2f}")

    def _line_problems(self, no: str, quantity: Decimal | None,
                       price: Decimal | None) -> list[str]:
        item = self._is_item()
        found = []
        if not no:
            found.append(self.tr("Item: choose an item.") if item
                         else self.tr("G/L account: choose an account."))
        if not item and not self.description_edit.text().strip():
            found.append(self.tr("Description: say what the amount is for."))
        if quantity is None:
            found.append(self.tr("Quantity: type a number, such as 2."))
        elif quantity <= 0:
            found.append(self.tr("Quantity: must be more than 0."))
        if item and (price is None or price < 0):
            found.append(self.tr("Unit price: type an amount of 0 or more."))
        elif not item and (price is None or price <= 0):
            found.append(self.tr("Amount: type an amount of more than 0."))
        return found

    def add_line(self) -> bool:
        """Add the line typed (False, with the reasons shown, when a value is refused)."""
        no = (self.no_combo.currentData() or ("", ZERO))[0]
        quantity = _number(self.quantity_edit.text())
        price = _number(self.price_edit.text())
        problems = self._line_problems(no, quantity, price)
        if problems:
            self._show_errors(problems)
            return False
        assert quantity is not None and price is not None
        kind = "item" if self._is_item() else "gl_account"
        self.lines.append(EntryLine(kind, no, quantity, price,
                                    self.description_edit.text().strip()))
        self._show_errors([])
        self._type_changed()
        self._reload_lines()
        return True

    def remove_line(self) -> None:
        row = self.lines_table.currentRow()
        if 0 <= row < len(self.lines):
            del self.lines[row]
            self._reload_lines()

    def _reload_lines(self) -> None:
        self.lines_table.setRowCount(len(self.lines))
        for index, line in enumerate(self.lines):
            planned = invoice_entry.plan_line(line)
            cells = (self.tr("Item") if line.type == "item" else self.tr("G/L account"),
                     line.no, planned.description, format(line.quantity.normalize(), "f"),
                     f"{line.unit_price:.2f}", f"{planned.amount:.2f}")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column >= 3:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.lines_table.setItem(index, column, cell)
        self.lines_table.resizeColumnsToContents()
        self.lines_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self._update_totals()

    # --- totals -----------------------------------------------------------------------------

    def _update_totals(self, *_args) -> None:
        customer = entry_customer(self.customer_no())
        currency = invoice_entry.invoice_currency(self._shop, customer)
        self.currency_label.setText(currency or self.tr("(the shop's, not known yet)"))
        amount = sum((invoice_entry.line_amount(ln) for ln in self.lines), ZERO)
        tax = ZERO  # local invoices carry no tax amount (see sync/invoice_entry.py)
        self.totals_label.setText(
            self.tr("Amount %1 · Tax %2 · Total %3 %4").replace("%1", f"{amount:.2f}")
            .replace("%2", f"{tax:.2f}").replace("%3", f"{amount + tax:.2f}")
            .replace("%4", currency))
        area = invoice_entry.invoice_tax_area(self._shop, customer) if customer else None
        if area is None:
            self.tax_label.setText("")
        elif area.tax_area_code:
            text = (self.tr("Tax area %1, tax liable") if area.tax_liable
                    else self.tr("Tax area %1, not tax liable"))
            self.tax_label.setText(text.replace("%1", area.tax_area_code))
        else:
            self.tax_label.setText(self.tr(
                "No tax area (the Shop Card's tax area priority gives none)."))

    # --- save -------------------------------------------------------------------------------

    def _show_errors(self, texts: Sequence[str]) -> None:
        self.error_label.setText("\n".join(texts))
        self.error_label.setVisible(bool(texts))

    def _problem_text(self, problem: EntryProblem) -> str:
        """The engine's refusal in the window's language, naming the field and line."""
        texts = {
            ("customer", "required"): self.tr("Customer: choose a customer."),
            ("customer", "unknown"): self.tr("Customer: there is no customer %1."),
            ("customer", "blocked"): self.tr("Customer: customer %1 is blocked."),
            ("lines", "required"): self.tr("Lines: add at least one line."),
            ("currency", "unknown"): self.tr(
                "Currency: not known yet: set the Shop Card's shop currency, or test the "
                "connection."),
            ("no", "required"): self.tr("Line %2, No.: choose the item or account."),
            ("no", "unknown"): self.tr("Line %2, No.: there is no item or account %1."),
            ("quantity", "not_positive"): self.tr("Line %2, quantity: must be more than 0."),
            ("unit_price", "not_positive"): self.tr("Line %2, amount: must be more than 0."),
            ("unit_price", "negative"): self.tr("Line %2, unit price: cannot be negative."),
            ("description", "required"): self.tr(
                "Line %2, description: say what the amount is for."),
        }
        text = texts.get((problem.field, problem.code))
        if text is None:
            return problem.message
        value = self.lines[problem.line - 1].no if problem.line else self.customer_no()
        return text.replace("%1", value).replace("%2", str(problem.line))

    def save(self, *, post: bool) -> str | None:
        """Save (and post) the invoice; its number, or None when refused (the reasons shown,
        nothing saved)."""
        problems = []
        if not self.customer_no():
            problems.append(self.tr("Customer: choose a customer."))
        if not self.lines:
            problems.append(self.tr("Lines: add at least one line."))
        if problems:
            self._show_errors(problems)
            return None
        remaining = ZERO if post and self.paid_check.isChecked() else None
        try:
            added = invoice_entry.add_invoice(self._shop, self.customer_no(), self.lines,
                                              post=post, remaining=remaining)
        except InvoiceEntryError as exc:
            self._show_errors([self._problem_text(p) for p in exc.problems])
            return None
        except AppError as exc:
            self._show_errors([self.tr("Nothing was saved: %1").replace("%1", str(exc))])
            return None
        self.saved_no = added.no
        self.saved.emit(added.no, post)
        self.accept()
        return added.no
