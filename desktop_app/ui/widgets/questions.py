"""The questions the tabs ask before an action, each message box built in one call: Yes/No
(`yes_no_question`), or a button naming the action beside Cancel (`action_question`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.widgets.window_rules import adopt

_YES, _NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def yes_no_question(parent: QWidget, name: str, icon: QMessageBox.Icon, title: str, text: str,
                    on_yes: Callable[[], object], *, informative: str = "",
                    yes_is_default: bool = False) -> QMessageBox:
    """A Yes/No message box (deleted when closed) that calls `on_yes` when Yes is pressed;
    No is the default button unless `yes_is_default`. The caller opens it."""
    box = QMessageBox(parent)
    adopt(box)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    box.setStandardButtons(_YES | _NO)
    box.setDefaultButton(_YES if yes_is_default else _NO)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(
        lambda button: on_yes() if box.standardButton(button) == _YES else None)
    return box


def action_question(parent: QWidget, name: str, title: str, text: str, informative: str,
                    action_text: str, action_name: str, on_action: Callable[[], object], *,
                    cancel_is_default: bool = True) -> QMessageBox:
    """A window-modal question (deleted when closed) with a button named `action_name` that
    says the action, and Cancel; `on_action` runs when the action's button is pressed. Cancel
    is the default and the escape button (Enter never runs the action) unless
    `cancel_is_default` is False. The caller opens it."""
    box = QMessageBox(parent)
    adopt(box)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    action = box.addButton(action_text, QMessageBox.ButtonRole.AcceptRole)
    action.setObjectName(action_name)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    if cancel_is_default:
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.buttonClicked.connect(lambda button: on_action() if button is action else None)
    return box
