"""CodePicker: the Shop Card's field for a setting that names a local code (issue 17).

An editable combo box: its list shows each existing code with its description (two columns),
and typing still works (a long list is searched by any part of the code or description). It
does not judge what is typed: saving does (`ShopAdmin.save_card`), and the tab marks the
field when the code is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QTreeView, QWidget

from desktop_app.store.setting_codes import CodeChoice

#: The model's columns: the code (what the field holds) and its description.
CODE_COLUMN, DESCRIPTION_COLUMN = 0, 1


class CodePicker(QComboBox):
    """A code typed or picked from the existing ones.

    Signals:
        edited(): the merchant typed or picked a value.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self._model = QStandardItemModel(0, 2, self)
        view = QTreeView(self)
        view.setHeaderHidden(True)
        view.setRootIsDecorated(False)
        view.setAllColumnsShowFocus(True)
        view.setUniformRowHeights(True)
        self.setModel(self._model)
        self.setView(view)
        self.setModelColumn(CODE_COLUMN)
        completer = QCompleter(self._model, self)
        completer.setCompletionColumn(CODE_COLUMN)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self.edited)
        self.activated.connect(lambda _index: self.edited.emit())

    # --- QLineEdit's words, so the form treats it as any text field ---------------------------

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit name
        self.setEditText(text)

    def setMaxLength(self, length: int) -> None:  # noqa: N802 - the QLineEdit name
        self.lineEdit().setMaxLength(length)

    # --- the codes offered --------------------------------------------------------------------

    def set_choices(self, choices: Iterable[CodeChoice]) -> None:
        """List `choices` after a blank row ("none"), keeping what the field holds."""
        text = self.currentText()
        blocked = self.blockSignals(True)
        try:
            self._model.removeRows(0, self._model.rowCount())
            none = QStandardItem("")
            described = QStandardItem(QCoreApplication.translate("ShopCardTab", "(none)"))
            described.setForeground(self.palette().placeholderText())
            self._model.appendRow([none, described])
            for choice in choices:
                code = QStandardItem(choice.code)
                code.setData(choice.description, Qt.ItemDataRole.ToolTipRole)
                self._model.appendRow([code, QStandardItem(choice.description)])
            view = self.view()
            if isinstance(view, QTreeView):
                view.resizeColumnToContents(CODE_COLUMN)
            self.setCurrentIndex(-1)
            self.setEditText(text)
        finally:
            self.blockSignals(blocked)

    def codes(self) -> list[str]:
        """The codes listed, the blank row left out."""
        return [self._model.item(row, CODE_COLUMN).text()
                for row in range(1, self._model.rowCount())]

    def description_of(self, code: str) -> str:
        for row in range(1, self._model.rowCount()):
            if self._model.item(row, CODE_COLUMN).text() == code:
                return self._model.item(row, DESCRIPTION_COLUMN).text()
        return ""

    def showPopup(self) -> None:  # noqa: N802 - Qt
        view = self.view()
        view.setMinimumWidth(max(self.width(), view.sizeHintForColumn(CODE_COLUMN)
                                 + view.sizeHintForColumn(DESCRIPTION_COLUMN) + 40))
        super().showPopup()
