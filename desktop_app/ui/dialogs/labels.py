"""wrapped_label: the word-wrapped label of the dialogs, plain text unless told otherwise."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def wrapped_label(text: str, parent: QWidget, name: str = "", *, rich: bool = False) -> QLabel:
    """A word-wrapped label (named `name`, if given) showing `text` as plain text, so names
    and e-mails from Shopify or a file are never read as rich text; `rich`: as rich text
    with its links opened in the browser, for our own fixed text only, never shop data
    (`ui/widgets/window_rules.py`)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if rich:  # our own fixed text only, never shop data (`ui/widgets/window_rules.py`)
        label.setProperty("richText", True)
        label.setOpenExternalLinks(True)
    return label
