"""RecordActions: what a table of run records (the sync log, the history's errors) does with a
row's record (issue 18): a double-click or Enter asks the window to open it (the customer,
the order, the document); the context menu offers Open and "Open in Shopify admin".

The table's model says which record a row names through `ref_at(index)`: the shop and the
`RecordRef` (or None for a row that names none).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QMenu, QTableView

from desktop_app.store.display_names import RecordRef
from desktop_app.ui.models.record_names import admin_url, opens

#: The shop of a row and the record it names (None: the row names no record).
RefAt = Callable[[QModelIndex], tuple[str | None, RecordRef] | None]


class RecordActions(QObject):
    """Installed on `view`.

    Signals:
        open_requested(shop: str, ref: RecordRef): the merchant asked to open the record.
    """

    open_requested = Signal(str, object)

    def __init__(self, view: QTableView, ref_at: RefAt) -> None:
        super().__init__(view)
        self._view = view
        self._ref_at = ref_at
        #: The last address opened in the Shopify admin (for the tests).
        self.last_url = ""
        view.doubleClicked.connect(self.open_index)
        view.installEventFilter(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_context_menu_requested)

    def open_index(self, index: QModelIndex) -> bool:
        """Ask to open the record of `index`'s row; False when it names none to open."""
        found = self._ref_at(index) if index.isValid() else None
        if found is None or not opens(found[1]):
            return False
        self.open_requested.emit(found[0] or "", found[1])
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Enter opens the current row's record (and, taken, does not press the dialog's
        # default button); on a row that names none it goes on as before.
        if (watched is self._view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)):
            return self.open_index(self._view.currentIndex())
        return super().eventFilter(watched, event)

    def build_menu(self, index: QModelIndex) -> QMenu:
        """The context menu of `index`'s row: Open, Open in Shopify admin (disabled when the
        row has nothing to open there)."""
        menu = QMenu(self._view)
        menu.setObjectName("record_menu")
        found = self._ref_at(index) if index.isValid() else None
        shop, ref = found if found is not None else (None, None)
        open_action = menu.addAction(self.tr("&Open record"))
        open_action.setObjectName("open_record_action")
        open_action.setEnabled(ref is not None and opens(ref))
        open_action.triggered.connect(lambda: self.open_index(index))
        url = admin_url(shop, ref) if ref is not None else ""
        admin_action = menu.addAction(self.tr("Open in Shopify &admin"))
        admin_action.setObjectName("open_in_admin_action")
        admin_action.setEnabled(bool(url))
        admin_action.setData(url)
        admin_action.setToolTip(url)
        admin_action.triggered.connect(lambda: self.open_url(url))
        return menu

    def open_url(self, url: str) -> bool:
        self.last_url = url
        return QDesktopServices.openUrl(QUrl(url))

    def _on_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.build_menu(self._view.indexAt(pos))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._view.viewport().mapToGlobal(pos))
