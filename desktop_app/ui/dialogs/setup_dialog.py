"""SetupDialog: the tables the engine reads to create customers (issue 17), one page each.

- Customer templates: what a new local customer gets (country, category, tax area...).
- Country templates: per shop card and country, the template, the default customer, the tax
  area and where the county comes from (Business Central's "Shopify Customer Templates").
- Tax areas: the codes templates and counties name.

Add, Edit and Remove go through `sync.setup_runs`, the engine of `shop-sync templates`,
`country-templates` and `tax-areas`: the same checks, and each change is a recorded run. A
refused value is shown beside its field, translated; a row still in use is not removed and
the message says what uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import geo
from desktop_app.errors import AppError
from desktop_app.store import customer_templates, shops, tax_area_codes
from desktop_app.store.setup_checks import SetupInUseError, SetupUse, SetupValueError
from desktop_app.sync import setup_runs
from desktop_app.ui import feedback
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView

CONTEXT = "SetupDialog"
_INVALID_STYLE = "border: 1px solid #b3261e;"
_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
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
}


def field_label(name: str) -> str:
    """The translated label of a field, without mnemonic or colon."""
    text = _tr(LABELS.get(name, name)).replace("&", "")
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
}
_OTHER_PROBLEM = QT_TRANSLATE_NOOP("SetupDialog", "%1: %2")


def problem_text(exc: SetupValueError) -> str:
    """A translated sentence naming the field and what is wrong with its value."""
    text = _PROBLEMS.get(exc.kind)
    if text is None:
        return _tr(_OTHER_PROBLEM).replace("%1", field_label(exc.field)).replace("%2",
                                                                                 exc.reason)
    return _tr(text).replace("%1", field_label(exc.field)).replace("%2", exc.value)


#: What uses a setup row, by `SetupUse.kind`: %1 the shop card, %2 the template or country.
_USES = {
    "shop_setting": QT_TRANSLATE_NOOP("SetupDialog", "the customer template of shop card %1"),
    "country_template": QT_TRANSLATE_NOOP("SetupDialog",
                                          "the %2 country template of shop card %1"),
    "template": QT_TRANSLATE_NOOP("SetupDialog", "customer template %2"),
    "county": QT_TRANSLATE_NOOP("SetupDialog", "county %2 of shop card %1"),
}


def use_text(use: SetupUse) -> str:
    return _tr(_USES.get(use.kind, _USES["county"])).replace("%1", use.shop).replace("%2",
                                                                                    use.name)


def _category_text(value: str) -> str:
    if value == "organisation":
        return QCoreApplication.translate("SetupDialog", "Organisation")
    return QCoreApplication.translate("SetupDialog", "Person")


def _county_source_text(value: str) -> str:
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
            return _tr(self._columns[section].header)
        return None


# --- the editors --------------------------------------------------------------------------------


class SetupEditDialog(QDialog):
    """A form of one setup row. `save_with(values)` does the saving (a `setup_runs` call);
    a `SetupValueError` keeps the form open with the field marked and the reason below."""

    def __init__(self, title: str, save_with: Callable[[dict[str, Any]], object],
                 parent: QWidget | None = None, *, always: tuple[str, ...] = ("code",)
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("setup_edit_dialog")
        self._always = always  # the fields `changes()` always gives (the row's key)
        self.setWindowTitle(title)
        self._save_with = save_with
        self.widgets: dict[str, QWidget] = {}
        self._initial: dict[str, Any] = {}
        self.form = QFormLayout()
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("setup_problem_label")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.hide()
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
        widget.setAccessibleName(field_label(name))
        self.widgets[name] = widget
        self._initial[name] = self.value(name)
        if isinstance(widget, QCheckBox):
            self.form.addRow("", widget)
        else:
            label = QLabel(_tr(LABELS.get(name, name)), self)
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

    def add_check(self, name: str, value: bool) -> QCheckBox:
        box = QCheckBox(_tr(LABELS.get(name, name)), self)
        box.setChecked(bool(value))
        self._add(name, box)
        return box

    def value(self, name: str) -> Any:
        widget = self.widgets[name]
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
                                       + "\n" + problem_text(exc))
            self.problem_label.show()
            return False
        except AppError as exc:
            feedback.show_error(self, exc)
            return False
        self.accept()
        return True


def _tax_area_choices() -> list[tuple[str, str]]:
    return [(QCoreApplication.translate("SetupDialog", "(none)"), "")] + [
        (f"{t.code} – {t.description}".rstrip(" –"), t.code)
        for t in tax_area_codes.list_tax_area_codes()]


def _template_choices() -> list[tuple[str, str]]:
    return [(QCoreApplication.translate("SetupDialog", "(none)"), "")] + [
        (f"{t.code} – {t.description}".rstrip(" –"), t.code)
        for t in customer_templates.list_customer_templates()]


def _country_choices(blank: bool) -> list[tuple[str, str]]:
    countries = sorted(geo.countries().values(), key=lambda c: c.name)
    return ([(QCoreApplication.translate("SetupDialog", "(none)"), "")] if blank else []) + [
        (f"{c.code} – {c.name}", c.code) for c in countries]


# --- the pages ------------------------------------------------------------------------------------


class _Page(QWidget):
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
        self.table.set_empty_text(_tr(empty))
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

    def _button(self, page: str, name: str, text: str, slot: Callable[[], object]
                ) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"setup_{page}_{name}_button")
        button.clicked.connect(lambda _checked=False: slot())
        return button

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
            if row.get(key) == value:
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

    def add(self) -> SetupEditDialog | None:  # pragma: no cover
        raise NotImplementedError

    def edit(self) -> SetupEditDialog | None:  # pragma: no cover
        raise NotImplementedError

    def remove(self) -> bool:  # pragma: no cover
        raise NotImplementedError


class TemplatesPage(_Page):
    """Customer templates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("templates", [
            Column("code", QT_TRANSLATE_NOOP("SetupDialog", "Code")),
            Column("description", QT_TRANSLATE_NOOP("SetupDialog", "Description")),
            Column("country", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("category", QT_TRANSLATE_NOOP("SetupDialog", "Category"), _category_text),
            Column("tax_area", QT_TRANSLATE_NOOP("SetupDialog", "Tax area")),
            Column("payment_terms", QT_TRANSLATE_NOOP("SetupDialog", "Payment terms")),
            Column("currency", QT_TRANSLATE_NOOP("SetupDialog", "Currency")),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No customer templates yet. A template gives a new "
                             "customer its country, category, tax area and payment terms: "
                             "add one with Add…"), parent)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([asdict(t) for t in customer_templates.list_customer_templates()])

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        row = row or {}
        code = str(row.get("code", ""))
        if row:
            title = QCoreApplication.translate("SetupDialog", "Customer template %1").replace(
                "%1", code)

            def save(values: dict[str, Any]) -> object:
                values.pop("code", None)
                return setup_runs.set_template(code, values) if values else None
        else:
            title = QCoreApplication.translate("SetupDialog", "New customer template")

            def save(values: dict[str, Any]) -> object:
                return setup_runs.add_template(values.pop("code", ""), values)
        editor = SetupEditDialog(title, save, self)
        if row:
            shown = QLabel(code, editor)
            shown.setObjectName("setup_code_label")
            editor.form.addRow(QCoreApplication.translate("SetupDialog", "Code:"), shown)
        else:
            editor.add_text("code", "", 20)
        editor.add_text("description", str(row.get("description", "")))
        editor.add_combo("country", _country_choices(True), str(row.get("country", "")))
        editor.add_combo("category", [(_category_text("person"), "person"),
                                      (_category_text("organisation"), "organisation")],
                         str(row.get("category", "person")))
        editor.add_combo("tax_area", _tax_area_choices(), str(row.get("tax_area", "")))
        editor.add_check("tax_liable", bool(row.get("tax_liable", False)))
        editor.add_text("payment_terms", str(row.get("payment_terms", "")), 20)
        editor.add_text("currency", str(row.get("currency", "")), 3)
        for name in ("customer_posting_group", "gen_bus_posting_group",
                     "vat_bus_posting_group"):
            editor.add_text(name, str(row.get(name, "")), 20)
        return editor

    def add(self) -> SetupEditDialog:
        return self._open(self._editor(None), "code")

    def edit(self) -> SetupEditDialog | None:
        row = self.selected()
        return self._open(self._editor(row), "code") if row else None

    def remove(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        code = str(row["code"])
        what = QCoreApplication.translate("SetupDialog", "Template %1").replace("%1", code)
        return self._remove(what, lambda: setup_runs.remove_template(code))


class CountryTemplatesPage(_Page):
    """A shop card's template per country."""

    def __init__(self, shop: str | None, parent: QWidget | None = None) -> None:
        super().__init__("countries", [
            Column("country_code", QT_TRANSLATE_NOOP("SetupDialog", "Country")),
            Column("template_code", QT_TRANSLATE_NOOP("SetupDialog", "Template")),
            Column("default_customer_no",
                   QT_TRANSLATE_NOOP("SetupDialog", "Default customer")),
            Column("tax_area", QT_TRANSLATE_NOOP("SetupDialog", "Tax area")),
            Column("county_source", QT_TRANSLATE_NOOP("SetupDialog", "County source"),
                   _county_source_text),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No country templates for this shop card. "
                             "Customers of every country take the Shop Card's customer "
                             "template; add a country to give its customers another template, "
                             "a default customer or a tax area."), parent)
        self.shop_combo = QComboBox(self)
        self.shop_combo.setObjectName("setup_shop_combo")
        self.shop_combo.setAccessibleName(QCoreApplication.translate("SetupDialog", "Shop card"))
        for card in shops.list_shops():
            self.shop_combo.addItem(card.code if card.name in ("", card.code)
                                    else f"{card.code} — {card.name}", card.code)
        self.shop_combo.setCurrentIndex(max(0, self.shop_combo.findData(shop or "")))
        self.shop_combo.currentIndexChanged.connect(lambda _i: self.reload())
        label = QLabel(QCoreApplication.translate("SetupDialog", "S&hop card:"), self)
        label.setBuddy(self.shop_combo)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.shop_combo, 1)
        self.layout_.insertLayout(0, top)
        self.add_button.setEnabled(self.shop() is not None)
        self.reload()

    def shop(self) -> str | None:
        return self.shop_combo.currentData() or None

    def reload(self) -> None:
        code = self.shop()
        rows = customer_templates.list_shop_customer_templates(code) if code else []
        self.model.set_rows([asdict(r) for r in rows])

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        shop = self.shop() or ""
        row = row or {}
        country = str(row.get("country_code", ""))

        def save(values: dict[str, Any]) -> object:
            values.pop("code", None)
            chosen = values.pop("country", country)
            return setup_runs.set_country_template(shop, chosen, values)
        if row:
            title = QCoreApplication.translate(
                "SetupDialog", "%1 customer template of shop card %2").replace("%1", country)
        else:
            title = QCoreApplication.translate(
                "SetupDialog", "New country template of shop card %1")
        title = title.replace("%2" if row else "%1", shop)
        editor = SetupEditDialog(title, save, self, always=("country",))
        if row:
            shown = QLabel(country, editor)
            shown.setObjectName("setup_country_label")
            editor.form.addRow(QCoreApplication.translate("SetupDialog", "Country:"), shown)
        else:
            editor.add_combo("country", _country_choices(False), "")
        editor.add_combo("template", _template_choices(), str(row.get("template_code", "")))
        editor.add_text("default_customer_no", str(row.get("default_customer_no", "")), 20)
        editor.add_combo("tax_area", _tax_area_choices(), str(row.get("tax_area", "")))
        editor.add_combo("county_source", [(_county_source_text(v), v) for v in
                                           customer_templates.COUNTY_SOURCES],
                         str(row.get("county_source", "")))
        return editor

    def add(self) -> SetupEditDialog | None:
        if self.shop() is None:
            return None
        return self._open(self._editor(None), "country")

    def edit(self) -> SetupEditDialog | None:
        row = self.selected()
        return self._open(self._editor(row), "country") if row else None

    def remove(self) -> bool:
        row = self.selected()
        shop = self.shop()
        if row is None or shop is None:
            return False
        country = str(row["country_code"])
        return self._remove(country, lambda: setup_runs.remove_country_template(shop, country))


class TaxAreasPage(_Page):
    """The local tax areas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("tax_areas", [
            Column("code", QT_TRANSLATE_NOOP("SetupDialog", "Code")),
            Column("description", QT_TRANSLATE_NOOP("SetupDialog", "Description")),
            Column("uses", QT_TRANSLATE_NOOP("SetupDialog", "Used by"),
                   lambda uses: "; ".join(use_text(u) for u in uses)),
        ], QT_TRANSLATE_NOOP("SetupDialog", "No tax areas yet. Add the tax areas your "
                             "templates and counties use."), parent)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows([{"code": t.code, "description": t.description,
                              "uses": tax_area_codes.tax_area_code_uses(t.code)}
                             for t in tax_area_codes.list_tax_area_codes()])

    def _editor(self, row: dict[str, Any] | None) -> SetupEditDialog:
        row = row or {}
        code = str(row.get("code", ""))

        def save(values: dict[str, Any]) -> object:
            chosen = values.pop("code", code) or code
            return setup_runs.add_tax_area(chosen, values.get("description",
                                                              row.get("description", "")))
        title = (QCoreApplication.translate("SetupDialog", "Tax area %1").replace("%1", code)
                 if row else QCoreApplication.translate("SetupDialog", "New tax area"))
        editor = SetupEditDialog(title, save, self)
        if row:
            shown = QLabel(code, editor)
            shown.setObjectName("setup_code_label")
            editor.form.addRow(QCoreApplication.translate("SetupDialog", "Code:"), shown)
        else:
            editor.add_text("code", "", 20)
        editor.add_text("description", str(row.get("description", "")))
        return editor

    def add(self) -> SetupEditDialog:
        return self._open(self._editor(None), "code")

    def edit(self) -> SetupEditDialog | None:
        row = self.selected()
        return self._open(self._editor(row), "code") if row else None

    def remove(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        code = str(row["code"])
        what = QCoreApplication.translate("SetupDialog", "Tax area %1").replace("%1", code)
        return self._remove(what, lambda: setup_runs.remove_tax_area(code))


class SetupDialog(QDialog):
    """The setup tables, one page each; every change is saved at once (a recorded run)."""

    def __init__(self, shop: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_dialog")
        self.setWindowTitle(self.tr("Setup"))
        intro = QLabel(self.tr(
            "What a sync needs to create customers: the templates new customers are made "
            "from, the template and default customer per country of each shop card, and the "
            "tax areas. Each change is saved at once and kept in the history."), self)
        intro.setObjectName("setup_intro_label")
        intro.setWordWrap(True)
        self.templates_page = TemplatesPage(self)
        self.countries_page = CountryTemplatesPage(shop, self)
        self.tax_areas_page = TaxAreasPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("setup_tabs")
        self.tabs.addTab(self.templates_page, self.tr("Customer &templates"))
        self.tabs.addTab(self.countries_page, self.tr("&Country templates"))
        self.tabs.addTab(self.tax_areas_page, self.tr("Ta&x areas"))
        # A template or tax area added on one page is offered at once by the others.
        self.pages: tuple[_Page, ...] = (self.templates_page, self.countries_page,
                                         self.tax_areas_page)
        for page in self.pages:
            page.changed.connect(lambda changed=page: self._reload_others(changed))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 460)

    def _reload_others(self, changed: _Page) -> None:
        for page in self.pages:
            if page is not changed:
                page.reload()
