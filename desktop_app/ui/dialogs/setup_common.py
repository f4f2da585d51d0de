"""The parts every page of the Setup dialog shares (issue 17): the translated texts of
fields and refusals, a table of plain rows, the one-row editor and the page with Add, Edit and
Remove. The pages are in `setup_dialog` (templates, country templates), `setup_codes` (tax
areas, G/L accounts, payment methods), `setup_counties`, `setup_mappings` (shipment methods,
payment terms, payment gateways) and `setup_locations` (Shopify locations).

The texts keep the translation context "SetupDialog" wherever they live.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import geo
from desktop_app.errors import AppError
from desktop_app.store import customer_templates, tax_area_codes
from desktop_app.store import settings as shop_settings
from desktop_app.store.setting_codes import CodeChoice
from desktop_app.store.setup_checks import SetupInUseError, SetupUse, SetupValueError
from desktop_app.ui import feedback
from desktop_app.ui.plurals import plural
from desktop_app.ui.setting_labels import setting_label
from desktop_app.ui.tabs.shop_card.code_picker import CodePicker
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.problem_label import problem_label

CONTEXT = "SetupDialog"
_INVALID_STYLE = "border: 1px solid #b3261e;"
_Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text marked with QT_TRANSLATE_NOOP("SetupDialog", ...)."""
    return QCoreApplication.translate(CONTEXT, text)



# --- texts ------------------------------------------------------------------------------------

#: Field labels (with their mnemonics), by the store's field names.
LABELS = {
    "code": QT_TRANSLATE_NOOP("SetupDialog", "&Code:"),
    "description": QT_TRANSLATE_NOOP("SetupDialog", "&Description:"),
    "country": QT_TRANSLATE_NOOP("SetupDialog", "Countr&y:"),
    "tax_area": QT_TRANSLATE_NOOP("SetupDialog", "&Tax area:"),
    "tax_liable": QT_TRANSLATE_NOOP("SetupDialog", "Tax &liable"),
    "payment_terms": QT_TRANSLATE_NOOP("SetupDialog", "&Payment terms:"),
    "currency": QT_TRANSLATE_NOOP("SetupDialog", "C&urrency:"),
    "category": QT_TRANSLATE_NOOP("SetupDialog", "Cate&gory:"),
    "customer_posting_group": QT_TRANSLATE_NOOP("SetupDialog", "Customer posting gr&oup:"),
    "gen_bus_posting_group": QT_TRANSLATE_NOOP("SetupDialog", "G&en. bus. posting group:"),
    "vat_bus_posting_group": QT_TRANSLATE_NOOP("SetupDialog", "&VAT bus. posting group:"),
    "template": QT_TRANSLATE_NOOP("SetupDialog", "&Template:"),
    "default_customer_no": QT_TRANSLATE_NOOP("SetupDialog", "Default c&ustomer no.:"),
    "county_source": QT_TRANSLATE_NOOP("SetupDialog", "County &source:"),
    "county_code": QT_TRANSLATE_NOOP("SetupDialog", "County &code:"),
    "name": QT_TRANSLATE_NOOP("SetupDialog", "&Name:"),
    "shopify_value": QT_TRANSLATE_NOOP("SetupDialog", "Shipping &title:"),
    "local_code": QT_TRANSLATE_NOOP("SetupDialog", "&Local code:"),
    "location_code": QT_TRANSLATE_NOOP("SetupDialog", "&Location:"),
    "return_location_code": QT_TRANSLATE_NOOP("SetupDialog", "&Return location:"),
}


def label_of(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The QT_TRANSLATE_NOOP label of a field: from `labels` (an editor's own), else
    `LABELS`, else the name."""
    return (labels or {}).get(name) or LABELS.get(name, name)


def field_label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """The translated label of a field (`labels` before `LABELS`), without mnemonic or
    colon."""
    text = tr(label_of(name, labels)).replace("&", "")
    return text.rstrip(":").rstrip("\u00a0 ")


#: A refused value, by `SetupValueError.kind`: %1 the field, %2 the value.
_PROBLEMS = {
    "required": QT_TRANSLATE_NOOP("SetupDialog", "%1: required."),
    "too_long": QT_TRANSLATE_NOOP("SetupDialog", "%1: “%2” is too long."),
    "bad_code": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: “%2” may hold only letters, digits and - _ . / (no spaces)."),
    "unknown_country": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: “%2” is not a two-letter country code (such as GB, FR, US)."),
    "bad_currency": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: “%2” is not a three-letter currency code (such as EUR, GBP)."),
    "not_choice": QT_TRANSLATE_NOOP("SetupDialog", "%1: “%2” is not one of the choices."),
    "control_character": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: holds a line break or a control character."),
    "exists": QT_TRANSLATE_NOOP("SetupDialog", "%1: “%2” already exists."),
    "unknown_tax_area": QT_TRANSLATE_NOOP("SetupDialog", "%1: there is no tax area “%2”."),
    "unknown_template": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: there is no customer template “%2”."),
    "unknown_customer": QT_TRANSLATE_NOOP("SetupDialog", "%1: there is no local customer “%2”."),
    "unknown_terms": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: Shopify has no payment terms “%2”."),
    "unknown_account": QT_TRANSLATE_NOOP("SetupDialog", "%1: there is no G/L account “%2”."),
    "unknown_payment_method": QT_TRANSLATE_NOOP(
        "SetupDialog", "%1: there is no payment method “%2”. Add it on the Payment methods "
        "page first."),
}
_OTHER_PROBLEM = QT_TRANSLATE_NOOP("SetupDialog", "%1: %2")


def problem_text(exc: SetupValueError, labels: Mapping[str, str] | None = None) -> str:
    """A translated sentence naming the field (by `labels`, else `LABELS`) and what is
    wrong with its value."""
    text = _PROBLEMS.get(exc.kind)
    field = field_label(exc.field, labels)
    if text is None:
        return tr(_OTHER_PROBLEM).replace("%1", field).replace("%2", exc.reason)
    return tr(text).replace("%1", field).replace("%2", exc.value)


#: What uses a setup row, by `SetupUse.kind`: %1 the shop card, %2 the template or country.
_USES = {
    "shop_setting": QT_TRANSLATE_NOOP("SetupDialog", "the customer template of shop card %1"),
    "country_template": QT_TRANSLATE_NOOP("SetupDialog",
                                          "the %2 country template of shop card %1"),
    "template": QT_TRANSLATE_NOOP("SetupDialog", "customer template %2"),
    "county": QT_TRANSLATE_NOOP("SetupDialog", "county %2 of shop card %1"),
    "setting": QT_TRANSLATE_NOOP("SetupDialog", "the setting “%2” of shop card %1"),
    "shipment_mapping": QT_TRANSLATE_NOOP("SetupDialog",
                                          "the shipping title “%2” of shop card %1"),
    "payment_mapping": QT_TRANSLATE_NOOP("SetupDialog",
                                         "the payment gateway “%2” of shop card %1"),
    "location_link": QT_TRANSLATE_NOOP("SetupDialog",
                                       "the Shopify location “%2” of shop card %1"),
    "return_location_link": QT_TRANSLATE_NOOP(
        "SetupDialog", "the return location of Shopify location “%2” of shop card %1"),
    "document": QT_TRANSLATE_NOOP("SetupDialog", "document %2"),
}


def use_text(use: SetupUse) -> str:
    if use.kind == "more_documents":  # `name` is how many more
        return plural("SetupDialog", "%n more document(s)", int(use.name))
    setting = shop_settings.BY_NAME.get(use.name) if use.kind == "setting" else None
    name = setting_label(setting) if setting is not None else use.name
    return tr(_USES.get(use.kind, _USES["county"])).replace("%1", use.shop).replace("%2", name)


def category_text(value: str) -> str:
    if value == "organisation":
        return QCoreApplication.translate("SetupDialog", "Organisation")
    return QCoreApplication.translate("SetupDialog", "Person")


def county_source_text(value: str) -> str:
    if value == "code":
        return QCoreApplication.translate("SetupDialog", "Province code")
    if value == "name":
        return QCoreApplication.translate("SetupDialog", "Province name")
    return QCoreApplication.translate("SetupDialog", "As on the Shop Card")


# --- a table of plain rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # QT_TRANSLATE_NOOP text
    show: Callable[[Any], str] = str


class SetupTableModel(QAbstractTableModel):
    """Rows (dicts) shown as plain text, one column per `Column`; the key row is `code`."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        return self._rows[index]

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        value = self._rows[index.row()].get(column.key, "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.show(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self._columns[section].header)
        return None


# --- the editors --------------------------------------------------------------------------------


class SetupEditDialog(QDialog):
    """A form of one setup row. `save_with(values)` does the saving (a `setup_runs` call);
    a `SetupValueError` keeps the form open with the field marked and the reason below."""

    def __init__(self, title: str, save_with: Callable[[dict[str, Any]], object],
                 parent: QWidget | None = None, *, always: tuple[str, ...] = ("code",),
                 labels: Mapping[str, str] | None = None) -> None:
        """`labels`: QT_TRANSLATE_NOOP labels of fields that differ from `LABELS`."""
        super().__init__(parent)
        self.labels = dict(labels or {})
        self.setObjectName("setup_edit_dialog")
        self._always = always  # the fields `changes()` always gives (the row's key)
        self.setWindowTitle(title)
        self._save_with = save_with
        self.widgets: dict[str, QWidget] = {}
        self._initial: dict[str, Any] = {}
        self.form = QFormLayout()
        self.problem_label = problem_label(self, "setup_problem_label")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("setup_save_button")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _add(self, name: str, widget: QWidget) -> None:
        widget.setObjectName(f"setup_{name}_edit")
        widget.setAccessibleName(field_label(name, self.labels))
        self.widgets[name] = widget
        self._initial[name] = self.value(name)
        if isinstance(widget, QCheckBox):
            self.form.addRow("", widget)
        else:
            label = QLabel(tr(label_of(name, self.labels)), self)
            label.setBuddy(widget)
            self.form.addRow(label, widget)

    def add_text(self, name: str, value: str, max_length: int = 100) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setMaxLength(max_length + 20)  # longer text is refused by name, not cut silently
        self._add(name, edit)
        return edit

    def add_combo(self, name: str, choices: Sequence[tuple[str, str]], value: str) -> QComboBox:
        combo = QComboBox(self)
        for text, data in choices:
            combo.addItem(text, data)
        if combo.findData(value) < 0:
            combo.addItem(value, value)  # a code no longer known: shown, not lost
        combo.setCurrentIndex(max(0, combo.findData(value)))
        self._add(name, combo)
        return combo

    def add_code(self, name: str, choices: Iterable[CodeChoice], value: str) -> CodePicker:
        """A code typed or picked from `choices` (its format is checked on saving)."""
        picker = CodePicker(self)
        picker.set_choices(choices)
        picker.setText(value)
        picker.setMaxLength(40)  # longer is refused by name, not cut silently
        self._add(name, picker)
        return picker

    def show_key(self, text: str, label: str, object_name: str) -> QLabel:
        """The row's key, shown (not editable) on a row of its own: `label` translated."""
        shown = QLabel(text, self)
        shown.setObjectName(object_name)
        self.form.addRow(label, shown)
        return shown

    def add_code_key(self, code: str) -> None:
        """The row's code: shown for an existing row (`code`), typed for a new one ("")."""
        if code:
            self.show_key(code, QCoreApplication.translate("SetupDialog", "Code:"),
                          "setup_code_label")
        else:
            self.add_text("code", "", 20)

    def add_check(self, name: str, value: bool) -> QCheckBox:
        box = QCheckBox(tr(label_of(name, self.labels)), self)
        box.setChecked(bool(value))
        self._add(name, box)
        return box

    def value(self, name: str) -> Any:
        widget = self.widgets[name]
        if isinstance(widget, CodePicker):
            return widget.text().strip()
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def changes(self) -> dict[str, Any]:
        """The fields the merchant changed, and the row's key (`always`)."""
        return {name: self.value(name) for name in self.widgets
                if name in self._always or self.value(name) != self._initial[name]}

    def save(self) -> bool:
        for widget in self.widgets.values():
            widget.setStyleSheet("")
        try:
            self._save_with(self.changes())
        except SetupValueError as exc:
            widget = self.widgets.get(exc.field)
            if widget is not None:
                widget.setStyleSheet(_INVALID_STYLE)
                widget.setFocus()
            self.problem_label.setText(QCoreApplication.translate("SetupDialog", "Not saved:")
                                       + "\n" + problem_text(exc, self.labels))
            self.problem_label.show()
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.accept()
        return True


def tax_area_choices() -> list[tuple[str, str]]:
    return [(QCoreApplication.translate("SetupDialog", "(none)"), "")] + [
        (f"{t.code} – {t.description}".rstrip(" –"), t.code)
        for t in tax_area_codes.list_tax_area_codes()]


def template_choices() -> list[tuple[str, str]]:
    return [(QCoreApplication.translate("SetupDialog", "(none)"), "")] + [
        (f"{t.code} – {t.description}".rstrip(" –"), t.code)
        for t in customer_templates.list_customer_templates()]


def country_choices(blank: bool) -> list[tuple[str, str]]:
    countries = sorted(geo.countries().values(), key=lambda c: c.name)
    return ([(QCoreApplication.translate("SetupDialog", "(none)"), "")] if blank else []) + [
        (f"{c.code} – {c.name}", c.code) for c in countries]


# --- the pages ------------------------------------------------------------------------------------


class SetupPage(QWidget):
    """A table with Add, Edit and Remove under it."""

    changed = Signal()

    def __init__(self, name: str, columns: Sequence[Column], empty: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"setup_{name}_page")
        self.model = SetupTableModel(columns, self)
        self.table = EmptyStateTableView(self)
        self.table.setObjectName(f"setup_{name}_table")
        self.table.setModel(self.model)
        self.table.set_empty_text(tr(empty))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.add_button = self._button(
            name, "add", QCoreApplication.translate("SetupDialog", "&Add…"), self.add)
        self.edit_button = self._button(
            name, "edit", QCoreApplication.translate("SetupDialog", "&Edit…"), self.edit)
        self.remove_button = self._button(
            name, "remove", QCoreApplication.translate("SetupDialog", "&Remove"), self.remove)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(self.buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.editor: SetupEditDialog | None = None

    def add_shop_picker(self, shop: str | None, object_name: str) -> QComboBox:
        """A "Shop card:" picker above the table (its rows are the picked card's); changing
        it reloads the page. `shop()` gives the picked card."""
        from desktop_app.store import shops

        combo = QComboBox(self)
        combo.setObjectName(object_name)
        combo.setAccessibleName(QCoreApplication.translate("SetupDialog", "Shop card"))
        for card in shops.list_shops():
            combo.addItem(card.code if card.name in ("", card.code)
                          else f"{card.code} — {card.name}", card.code)
        combo.setCurrentIndex(max(0, combo.findData(shop or "")))
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.setEnabled(bool(combo.currentData()))
        label = QLabel(QCoreApplication.translate("SetupDialog", "S&hop card:"), self)
        label.setBuddy(combo)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(combo, 1)
        self.layout_.insertLayout(0, top)
        self.shop_combo = combo
        return combo

    def shop(self) -> str | None:
        """The picked shop card (pages with `add_shop_picker`)."""
        combo = getattr(self, "shop_combo", None)
        return (combo.currentData() or None) if combo is not None else None

    def show_shop_rows(self, rows_of: Callable[[str], Iterable[Any]]) -> None:
        """Show the picked card's rows (dataclasses, as `rows_of(shop)` gives them); none
        while no card is picked."""
        shop = self.shop()
        self.model.set_rows([asdict(r) for r in rows_of(shop)] if shop else [])

    def selected_in_shop(self) -> tuple[dict[str, Any], str] | None:
        """The selected row and the picked card, or None if either is missing."""
        row, shop = self.selected(), self.shop()
        return (row, shop) if row is not None and shop is not None else None

    def _button(self, page: str, name: str, text: str, slot: Callable[[], object]
                ) -> QPushButton:
        return push_button(
            self, f"setup_{page}_{name}_button", text, clicked=lambda _checked=False: slot())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected():
            self.edit()
            return
        if event.key() == Qt.Key.Key_Delete and self.selected():
            self.remove()
            return
        super().keyPressEvent(event)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_key(self, key: str, value: str) -> None:
        for number, row in enumerate(self.model.rows()):
            if str(row.get(key, "")).casefold() == value.casefold():
                self.table.selectRow(number)
                return

    def _open(self, editor: SetupEditDialog, key: str) -> SetupEditDialog:
        """Open an editor window-modally; on save, reload and select the saved row."""
        self.editor = editor

        def on_accepted() -> None:
            self.reload()
            wanted = editor.value(key) if key in editor.widgets else ""
            if wanted:
                self.select_key(key, str(wanted).upper())
            self.changed.emit()

        editor.accepted.connect(on_accepted)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def _remove(self, what: str, run: Callable[[], object]) -> bool:
        """Remove the selected row with `run()`; still in use, a box says what uses `what`."""
        return self._apply(run, what)

    def _remove_code(self, what: str, remove: Callable[[str], object]) -> bool:
        """Remove the selected row by its code; `what` names it (a QT_TRANSLATE_NOOP text,
        %1 the code)."""
        row = self.selected()
        if row is None:
            return False
        code = str(row["code"])
        return self._remove(tr(what).replace("%1", code), lambda: remove(code))

    def _apply(self, run: Callable[[], object], what: str = "") -> bool:
        """Change the selected row with `run()` (a `setup_runs` call), then reload and say
        so to the other pages; a refusal is shown and nothing reloads."""
        try:
            run()
        except SetupInUseError as exc:
            text = QCoreApplication.translate(
                "SetupDialog", "%1 is not removed: it is used by %2.").replace("%1", what)
            text = text.replace("%2", "; ".join(use_text(u) for u in exc.uses))
            box = QMessageBox(QMessageBox.Icon.Warning, self.window().windowTitle(), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("setup_in_use_box")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.in_use_box = box
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.reload()
        self.changed.emit()
        return True

    def reload(self) -> None:  # pragma: no cover - every page has its own
        raise NotImplementedError

    #: The editor field whose saved value the page selects afterwards (the row's key).
    key = "code"

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:  # pragma: no cover
        """The editor of `row` (None: a new row)."""
        raise NotImplementedError

    def can_add(self) -> bool:
        """Whether Add opens an editor (a page with a shop picker needs a picked card)."""
        return getattr(self, "shop_combo", None) is None or self.shop() is not None

    def add(self) -> SetupEditDialog | None:
        return self._open(self._editor(None), self.key) if self.can_add() else None

    def edit(self) -> SetupEditDialog | None:
        row = self.selected()
        return self._open(self._editor(row), self.key) if row else None

    def remove(self) -> bool:  # pragma: no cover
        raise NotImplementedError
