"""The line where a dialog says what stops it (a refused value, a failed save)."""

from __future__ import annotations

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
