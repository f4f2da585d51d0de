"""Driving Qt's own file dialog in a test, as a merchant would: type the name, press Enter."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit
from ui_helpers import wait_until


@contextlib.contextmanager
def qt_file_dialogs() -> Iterator[None]:
    """Qt's own file dialog while the block runs (a native one cannot be typed into)."""
    attribute = Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    before = QCoreApplication.testAttribute(attribute)
    QCoreApplication.setAttribute(attribute, True)
    try:
        yield
    finally:
        QCoreApplication.setAttribute(attribute, before)


async def type_file_name(owner: object, path: Path) -> QFileDialog:
    """In the file dialog `owner.file_dialog` (once it shows), go to `path`'s folder, type its
    name and press Enter; returns the dialog."""
    await wait_until(lambda: getattr(owner, "file_dialog", None) is not None
                     and owner.file_dialog.isVisible())
    dialog: QFileDialog = owner.file_dialog
    dialog.setDirectory(str(path.parent))
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, path.name)
    QTest.keyClick(edit, Qt.Key.Key_Return)
    return dialog
