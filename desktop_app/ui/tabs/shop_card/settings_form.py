"""SettingsForm: every Shop Card setting, built from the registry (`store.settings`).

One group box per group, its short help first, then one row per setting, a widget of the setting's kind (check box,
choice, number, text; a picker of the existing codes for a setting that names one), so a
setting added to the registry appears here without UI changes.
The groups share two top-aligned columns: each goes to the column with fewer rows so far.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import settings as shop_settings
from desktop_app.store.setting_codes import CodeChoice
from desktop_app.ui.setting_labels import (
    choice_label,
    group_help,
    group_title,
    setting_help,
    setting_label,
)
from desktop_app.ui.tabs.shop_card.code_picker import CodePicker

INVALID_STYLE = "border: 1px solid #b3261e;"
_NAME_IN_PROBLEM = re.compile(r"'([a-z0-9_]+)(?:=([a-z0-9_]+))?'")


def mark_invalid(widget: QWidget) -> None:
    widget.setProperty("invalid", True)
    widget.setStyleSheet(INVALID_STYLE)


def clear_invalid(widget: QWidget) -> None:
    widget.setStyleSheet("")
    widget.setProperty("invalid", False)


def readable_problem(text: str) -> str:
    """Replace `'setting'` and `'setting=value'` in a registry message by their labels."""

    def label(match: re.Match) -> str:
        setting = shop_settings.BY_NAME.get(match.group(1))
        if setting is None:
            return match.group(0)
        if match.group(2):
            return f"“{setting_label(setting)} = {choice_label(setting.name, match.group(2))}”"
        return f"“{setting_label(setting)}”"

    return _NAME_IN_PROBLEM.sub(label, text)


class SettingsForm(QWidget):
    """The settings of one card, by registry group.

    Signals:
        edited(): the merchant changed a setting.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_holder")
        #: The widget of each setting, by name.
        self.setting_widgets: dict[str, QWidget] = {}
        self._setting_labels: dict[str, QLabel] = {}
        columns_layout = QHBoxLayout(self)
        columns_layout.setContentsMargins(0, 0, 6, 0)
        columns = [QVBoxLayout(), QVBoxLayout()]
        heights = [0, 0]
        for group, _title in shop_settings.GROUPS:
            rows = sum(1 for s in shop_settings.SETTINGS if s.group == group) + 2
            target = 0 if heights[0] <= heights[1] else 1
            columns[target].addWidget(self._build_group_box(group))
            heights[target] += rows
        for column in columns:
            column.addStretch(1)
            columns_layout.addLayout(column, 1)

    def _build_group_box(self, group: str) -> QGroupBox:
        box = QGroupBox(group_title(group), self)
        box.setObjectName(f"group_{group}")
        # Preferred, not Maximum: a box must take the height its wrapped labels need at the
        # width it gets (Maximum capped it at the height for its preferred width: clipped).
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        help_text = group_help(group)
        if help_text:  # what the group decides and when to change it, under its title
            help_label = QLabel(help_text, box)
            help_label.setObjectName(f"group_{group}_help")
            help_label.setWordWrap(True)
            form.addRow(help_label)
        for setting in shop_settings.SETTINGS:
            if setting.group != group:
                continue
            widget = self._build_setting_widget(setting, box)
            tip = setting_help(setting)
            if tip:
                widget.setToolTip(tip)
                widget.setWhatsThis(tip)
                widget.setAccessibleDescription(tip)
            widget.setAccessibleName(setting_label(setting))
            self.setting_widgets[setting.name] = widget
            if isinstance(widget, QCheckBox):
                # A check box carries its own label: the whole text is clickable.
                widget.setText(setting_label(setting))
                form.addRow(widget)
                continue
            label = QLabel(self.tr("%1:").replace("%1", setting_label(setting)), box)
            label.setBuddy(widget)
            label.setWordWrap(True)
            # The form lays a row out at the height of its field when it counts the box's
            # height: a label wrapped on two or three lines was cut at top and bottom.
            label.setMinimumHeight(label.sizeHint().height())
            if tip:
                label.setToolTip(tip)
            self._setting_labels[setting.name] = label
            form.addRow(label, widget)
        return box

    def _build_setting_widget(self, setting: shop_settings.Setting, parent: QWidget) -> QWidget:
        widget: QWidget
        if setting.kind == "bool":
            widget = QCheckBox(parent)
            widget.toggled.connect(self.edited)
        elif setting.kind == "choice":
            widget = QComboBox(parent)
            for value in setting.choices:
                widget.addItem(choice_label(setting.name, value), value)
            widget.currentIndexChanged.connect(self.edited)
        elif setting.refers_to:
            widget = CodePicker(parent)
            widget.setMaxLength(20)
            widget.edited.connect(self.edited)
        elif setting.kind == "number":
            widget = QSpinBox(parent)
            widget.setRange(setting.minimum, setting.maximum)
            widget.setGroupSeparatorShown(True)
            widget.valueChanged.connect(self.edited)
        else:
            widget = QLineEdit(parent)
            if setting.kind == "code":
                widget.setMaxLength(20)
            widget.textEdited.connect(self.edited)
        widget.setObjectName(f"setting_{setting.name}")
        return widget

    # --- values ---------------------------------------------------------------------------------

    def set_values(self, values: dict[str, shop_settings.Value]) -> None:
        for name, value in values.items():
            self._set_widget_value(name, value)

    def _set_widget_value(self, name: str, value: shop_settings.Value) -> None:
        widget = self.setting_widgets.get(name)
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, CodePicker):
            widget.setText(str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def widget_value(self, name: str) -> shop_settings.Value:
        widget = self.setting_widgets[name]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, CodePicker):
            return widget.text()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text()  # type: ignore[attr-defined]

    def set_code_choices(self, choices: dict[str, list[CodeChoice]]) -> None:
        """The codes each picker lists, by setting name (what the field holds is kept)."""
        for name, listed in choices.items():
            widget = self.setting_widgets.get(name)
            if isinstance(widget, CodePicker):
                widget.set_choices(listed)

    def clear_problems(self) -> None:
        for widget in self.setting_widgets.values():
            clear_invalid(widget)

    def parse(self) -> tuple[dict[str, shop_settings.Value], list[str]]:
        """Parse every widget, then (all parsed) check the combination; marks what is wrong.

        Returns:
            (parsed values, translated problems).
        """
        problems: list[str] = []
        values: dict[str, shop_settings.Value] = {}
        for setting in shop_settings.SETTINGS:
            try:
                values[setting.name] = shop_settings.parse_value(
                    setting.name, self.widget_value(setting.name))
            except shop_settings.SettingError as exc:
                mark_invalid(self.setting_widgets[setting.name])
                problems.append(QCoreApplication.translate(
                    "ShopCardTab", "%1: %2").replace("%1", setting_label(setting))
                    .replace("%2", readable_problem(str(exc))))
        if not problems:
            for problem in shop_settings.check_consistency(values):
                for match in _NAME_IN_PROBLEM.finditer(problem):
                    widget = self.setting_widgets.get(match.group(1))
                    if widget is not None:
                        mark_invalid(widget)
                problems.append(readable_problem(problem))
        return values, problems
