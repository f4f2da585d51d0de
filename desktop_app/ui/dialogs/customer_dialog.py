"""CustomerDialog: change one local customer's fields, checked as the CSV import checks them.

Saving calls `sync.local_runs.set_customer`, the engine of `shop-sync customers set` (a
recorded run); a refused value is named by its field, next to the field and in the list under
the form.
Only the fields the merchant changed are sent, so an untouched phone is not read again.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store import customer_templates, customers, local_customers
from desktop_app.sync import local_runs
from desktop_app.ui import feedback
from desktop_app.ui.widgets.problem_label import problem_label

_INVALID_STYLE = "border: 1px solid #b3261e;"

#: The fields of the form, in order: (CSV column, label with its mnemonic and colon).
FIELDS = (
    ("name", QT_TRANSLATE_NOOP("CustomerDialog", "&Name:")),
    ("name_2", QT_TRANSLATE_NOOP("CustomerDialog", "Name &2:")),
    ("contact", QT_TRANSLATE_NOOP("CustomerDialog", "C&ontact:")),
    ("address", QT_TRANSLATE_NOOP("CustomerDialog", "&Address:")),
    ("address_2", QT_TRANSLATE_NOOP("CustomerDialog", "Address 2:")),
    ("city", QT_TRANSLATE_NOOP("CustomerDialog", "C&ity:")),
    ("post_code", QT_TRANSLATE_NOOP("CustomerDialog", "Post co&de:")),
    ("county", QT_TRANSLATE_NOOP("CustomerDialog", "Co&unty:")),
    ("country", QT_TRANSLATE_NOOP("CustomerDialog", "Countr&y:")),
    ("phone", QT_TRANSLATE_NOOP("CustomerDialog", "&Phone:")),
    ("email", QT_TRANSLATE_NOOP("CustomerDialog", "&E-mail:")),
    ("template", QT_TRANSLATE_NOOP("CustomerDialog", "&Template:")),
    ("category", QT_TRANSLATE_NOOP("CustomerDialog", "Cate&gory:")),
)


def field_label(name: str) -> str:
    """The translated label of a customer field, without its mnemonic."""
    label = dict(FIELDS).get(name, name)
    text = QCoreApplication.translate("CustomerDialog", label).replace("&", "")
    return text.rstrip(":").rstrip("\u00a0 ")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustomerDialog", text)


#: What a refused value reads like, by `FieldProblem.code`: %1 the field, %2 the value,
#: %3 the longest length, %4 the check's own (English) text.
_PROBLEMS = {
    "required": QT_TRANSLATE_NOOP("CustomerDialog", "%1: required."),
    "too_long": QT_TRANSLATE_NOOP("CustomerDialog", "%1: longer than %3 characters."),
    "unknown_country": QT_TRANSLATE_NOOP(
        "CustomerDialog",
        "%1: “%2” is not a known country (an ISO code such as FR, or its English name)."),
    "unknown_county": QT_TRANSLATE_NOOP(
        "CustomerDialog", "%1: “%2” is not a county of the customer's country."),
    "unknown_template": QT_TRANSLATE_NOOP(
        "CustomerDialog", "%1: there is no customer template “%2”."),
    "unknown_category": QT_TRANSLATE_NOOP(
        "CustomerDialog", "%1: “%2” is not person or organisation."),
    "invalid_email": QT_TRANSLATE_NOOP(
        "CustomerDialog", "%1: “%2” is not a valid e-mail address."),
    "invalid_phone": QT_TRANSLATE_NOOP(
        "CustomerDialog", "%1: “%2” is not a phone number that can be dialled."),
}
_OTHER_PROBLEM = QT_TRANSLATE_NOOP("CustomerDialog", "%1: %4")


def problem_text(problem: local_customers.FieldProblem) -> str:
    """A translated sentence naming the field and what is wrong with its value."""
    text = _tr(_PROBLEMS.get(problem.code, _OTHER_PROBLEM))
    return (text.replace("%1", field_label(problem.field)).replace("%2", problem.value)
            .replace("%3", str(problem.limit)).replace("%4", problem.message))


class CustomerDialog(QDialog):
    """Edit local customer `no`.

    Signals:
        saved(no: str): the customer was changed (not emitted when nothing changed).
        history_requested(no: str): the History button was clicked (the owner opens the
            customer's `RecordHistoryDialog`: this module is below it, issue_texts reads
            its labels).
    """

    saved = Signal(str)
    history_requested = Signal(str)

    def __init__(self, no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_dialog")
        self.no = no
        row = customers.get_customer(no)
        self.setWindowTitle(self.tr("Customer %1 %2").replace("%1", no).replace("%2", row.name))
        self._initial: dict[str, str] = {}
        self.edits: dict[str, QLineEdit | QComboBox] = {}

        form = QFormLayout()
        number = QLabel(no, self)
        number.setObjectName("customer_no_label")
        form.addRow(self.tr("Number:"), number)
        for name, label in FIELDS:
            value = getattr(row, name)
            if name == "phone" and row.phone_ext:
                value = f"{row.phone} ext. {row.phone_ext}"
            widget = self._widget(name, value)
            self.edits[name] = widget
            self._initial[name] = self._text(name)
            form.addRow(self.tr(label), widget)
        if row.shopify_id or row.web_upload:
            hint = QLabel(self.tr("A change goes to Shopify at the next sync when the Shop "
                                  "Card allows updating Shopify customers."), self)
            hint.setWordWrap(True)
            form.addRow(hint)

        self.problem_label = problem_label(self, "customer_problem_label")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("customer_save_button")
        # What the syncs changed on this customer (issue 19): its own dialog, not modal.
        self.history_button = self.buttons.addButton(
            self.tr("&History…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.history_button.setObjectName("customer_history_button")
        self.history_button.setAutoDefault(False)
        self.history_button.clicked.connect(lambda: self.history_requested.emit(self.no))
        #: The history dialog opened from here (by the owner, on `history_requested`).
        self.history_dialog: QDialog | None = None
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)  # an e-mail or an address line shows whole
        self.edits["name"].setFocus()

    def _widget(self, name: str, value: str) -> QLineEdit | QComboBox:
        if name == "category":
            combo = QComboBox(self)
            combo.addItem(self.tr("Person"), "person")
            combo.addItem(self.tr("Organisation"), "organisation")
            combo.setCurrentIndex(max(0, combo.findData(value or "person")))
            widget: QLineEdit | QComboBox = combo
        elif name == "template":
            combo = QComboBox(self)
            combo.addItem(self.tr("(none)"), "")
            for template in customer_templates.list_customer_templates():
                combo.addItem(f"{template.code} – {template.description}".rstrip(" –"),
                              template.code)
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)  # a code no longer known: shown, not lost
            combo.setCurrentIndex(max(0, combo.findData(value)))
            widget = combo
        else:
            edit = QLineEdit(value, self)
            edit.setClearButtonEnabled(True)
            widget = edit
        widget.setObjectName(f"customer_{name}_edit")
        widget.setAccessibleName(field_label(name))
        return widget

    def _text(self, name: str) -> str:
        widget = self.edits[name]
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        return widget.text().strip()

    def changes(self) -> dict[str, str]:
        """The fields the merchant changed, as `set_customer` takes them."""
        return {name: self._text(name) for name in self.edits
                if self._text(name) != self._initial[name]}

    def save(self) -> bool:
        """Save the changed fields; on refusal, show each problem by its field."""
        for widget in self.edits.values():
            widget.setStyleSheet("")
        changes = self.changes()
        if not changes:
            self.accept()
            return True
        try:
            local_runs.set_customer(self.no, changes)  # a recorded run
        except local_customers.CustomerValuesError as exc:
            self._show_problems(exc.problems)
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.saved.emit(self.no)
        self.accept()
        return True

    def _show_problems(self, problems: list[local_customers.FieldProblem]) -> None:
        for problem in problems:
            widget = self.edits.get(problem.field)
            if widget is not None:
                widget.setStyleSheet(_INVALID_STYLE)
        first = next((self.edits[p.field] for p in problems if p.field in self.edits), None)
        if first is not None:
            first.setFocus()
        self.problem_label.setText(
            self.tr("Not saved:") + "\n" + "\n".join("• " + problem_text(p) for p in problems))
        self.problem_label.show()


#: What uses a customer, by `CustomerUse.kind` (documents by their type): %1 the document,
#: order or Shopify customer, %2 the shop card, %3 the country.
_USES = {
    "order": QT_TRANSLATE_NOOP("CustomerDialog", "Sales order %1"),
    "invoice": QT_TRANSLATE_NOOP("CustomerDialog", "Sales invoice %1"),
    "credit_memo": QT_TRANSLATE_NOOP("CustomerDialog", "Credit memo %1"),
    "document": QT_TRANSLATE_NOOP("CustomerDialog", "Document %1"),
    "shopify_order": QT_TRANSLATE_NOOP(
        "CustomerDialog", "Shopify order %1 of shop card %2 (no document yet)"),
    "default_customer": QT_TRANSLATE_NOOP(
        "CustomerDialog", "The default customer of shop card %2"),
    "country_default_customer": QT_TRANSLATE_NOOP(
        "CustomerDialog", "The default customer for %3 on shop card %2"),
    "link": QT_TRANSLATE_NOOP("CustomerDialog", "Linked to Shopify customer %1 in shop card %2"),
}


def use_text(use: local_customers.CustomerUse) -> str:
    """A translated line saying what uses a customer (why it cannot be deleted)."""
    if use.kind == "document":
        key = use.detail if use.detail in _USES else "document"
    else:
        key = "shopify_order" if use.kind == "order" else use.kind
    text = _tr(_USES.get(key, _USES["link"]))
    return text.replace("%1", use.name).replace("%2", use.shop).replace("%3", use.detail)
