"""open_file_dialog: ask for a file without a nested event loop (`open()` and a signal).

A static `QFileDialog.getSaveFileName` runs its own event loop inside the slot that called it:
the engine's signals and timers are served from inside that slot, and a test cannot reach
the dialog. This opens a window-modal `QFileDialog` instead, kept as `owner.<attribute>` while
it is up, and calls `selected(path)` once the merchant chose a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def open_file_dialog(owner: object, attribute: str, parent: QWidget, title: str, *,
                     object_name: str, name_filters: Sequence[str],
                     selected: Callable[[str], object], save_as: str = "") -> QFileDialog:
    """Open a non-blocking file dialog: for saving when `save_as` names a default file (its
    suffix added to a name typed without one), else for opening an existing file.

    Args:
        owner, attribute: where the open dialog is kept (`None` again once it is closed);
            a dialog still open there is closed first.
        name_filters: translated by the caller, in its own context.
        selected: called with the chosen path.
    """
    previous = getattr(owner, attribute, None)
    if previous is not None:
        previous.close()
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(object_name)
    dialog.setNameFilters(list(name_filters))
    if save_as:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        suffix = save_as.rpartition(".")[2]
        if suffix != save_as:
            dialog.setDefaultSuffix(suffix)
        dialog.selectFile(save_as)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def forget() -> None:
        if getattr(owner, attribute, None) is dialog:
            setattr(owner, attribute, None)

    dialog.destroyed.connect(forget)
    dialog.fileSelected.connect(selected)
    setattr(owner, attribute, dialog)
    dialog.open()
    return dialog
