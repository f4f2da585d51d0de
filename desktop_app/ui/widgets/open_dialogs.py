"""open_tracked: open a dialog that the opener keeps a reference to while it is up."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

D = TypeVar("D", bound=QDialog)


def open_tracked(owner: object, attribute: str, dialog: D) -> D:
    """Open `dialog` (not blocking, deleted when closed) as `owner.<attribute>`, which goes
    back to None when it finishes, unless a newer dialog took its place meanwhile."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_finished(_result: int) -> None:
        if getattr(owner, attribute) is dialog:
            setattr(owner, attribute, None)

    dialog.finished.connect(on_finished)
    setattr(owner, attribute, dialog)
    dialog.open()
    return dialog
