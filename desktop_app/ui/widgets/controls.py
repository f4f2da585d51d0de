"""The plain controls of the tabs and their views, each built in one call with its object
name (tests and screenshots reach it by that name), accessible name and tooltip: a push
button, a menu action, a combo box of choices, a text field."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)


def push_button(parent: QWidget, name: str, text: str, tip: str = "", *,
                accessible: str = "",
                clicked: Callable[[], object] | None = None) -> QPushButton:
    """A push button; an empty `tip` or `accessible` leaves that property unset."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    if accessible:
        button.setAccessibleName(accessible)
    if tip:
        button.setToolTip(tip)
    if clicked is not None:
        button.clicked.connect(clicked)
    return button


def menu_action(parent: QObject, text: str,
                triggered: Callable[[], object] | None = None) -> QAction:
    """An action of a context menu, connected to `triggered` when given."""
    action = QAction(text, parent)
    if triggered is not None:
        action.triggered.connect(triggered)
    return action


def choice_combo(parent: QWidget, name: str, accessible: str,
                 choices: Iterable[tuple[str, object]]) -> QComboBox:
    """A combo box of (text, item data) choices, the first one current."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for text, data in choices:
        combo.addItem(text, data)
    return combo


def line_edit(parent: QWidget, name: str, accessible: str, placeholder: str = "",
              tip: str = "", *, clearable: bool = False, password: bool = False) -> QLineEdit:
    """A one-line text field: with a clear button when `clearable` (a search field), its
    text hidden when `password`; an empty `placeholder` or `tip` leaves that unset."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    if clearable:
        edit.setClearButtonEnabled(True)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible)
    if tip:
        edit.setToolTip(tip)
    return edit


def name_views_after_tabs(tabs: QTabWidget) -> None:
    """Give each page's tables and lists that have no accessible name the title of their tab
    (without its mnemonic's &), as a screen reader would otherwise read nothing for them."""
    for index in range(tabs.count()):
        page = tabs.widget(index)
        title = tabs.tabText(index).replace("&&", "\0").replace("&", "").replace("\0", "&")
        for view in [page, *page.findChildren(QAbstractItemView)]:
            if (isinstance(view, QAbstractItemView) and not isinstance(view, QHeaderView)
                    and not view.accessibleName()):
                view.setAccessibleName(title)
