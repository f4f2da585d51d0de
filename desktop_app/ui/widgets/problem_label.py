"""The line where a dialog says what stops it (a refused value, a failed save), and the line
under a list that says what is wrong with its selected rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

#: The colour of a problem: the text of a problem line, a failed test's status.
PROBLEM_STYLE = "color: #b3261e;"


def problem_label(parent: QWidget, name: str) -> QLabel:
    """A problem line named `name`: red, wrapped, hidden until there is something to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def issue_label(parent: QWidget, name: str) -> QLabel:
    """The line under a list naming the problems of its selected rows: wrapped, its text
    selectable (to copy an error), hidden until there is something to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
