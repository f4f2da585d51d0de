"""RecordHistoryDialog: what each sync changed on one record (issue 19), newest first.

A row per field changed: when, the run (its number and resource), the side (Shopify or
local), the action, the field as the window labels it, the old and the new value. The same
entries as `shop-sync customers history NO` and `orders history NAME`
(`store.record_history`); opened from the customer dialog and the order details.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import record_history
from desktop_app.store.record_history import HistoryEntry, value_text
from desktop_app.ui.issue_texts import field_text
from desktop_app.ui.models.sync_log_model import resource_label

_HEADERS = (
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "When"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "Run"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "Side"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "Action"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "Field"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "Old value"),
    QT_TRANSLATE_NOOP("RecordHistoryDialog", "New value"),
)
#: The words of a change's side and action (past tense: what was done; a preview's dialog
#: says what will be).
_WORDS = {
    "shopify": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Shopify"),
    "local": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Local"),
    "create": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Created"),
    "update": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Updated"),
    "link": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Linked"),
    "skip": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Skipped"),
    "fail": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Failed"),
    "merge": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Merged"),
}
#: The fields of a merge note (`record_history.customer_history`).
_MERGE_FIELDS = {
    "merged": QT_TRANSLATE_NOOP("RecordHistoryDialog", "Customer merged into this one"),
    "moved": QT_TRANSLATE_NOOP("RecordHistoryDialog", "What moved"),
}


_CUSTOMER_TITLE = QT_TRANSLATE_NOOP("RecordHistoryDialog", "History of customer %1")
_ORDER_TITLE = QT_TRANSLATE_NOOP("RecordHistoryDialog", "History of order %1")


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordHistoryDialog", text)


class RecordHistoryDialog(QDialog):
    """The changes `entries` of one record (newest first), titled `title` (non-modal)."""

    def __init__(self, title: str, entries: list[HistoryEntry],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_history_dialog")
        self.setWindowTitle(title)
        self.entries = entries
        self.table = QTableWidget(0, len(_HEADERS), self)
        self.table.setObjectName("record_history_table")
        self.table.setAccessibleName(self.tr("Changes made by the syncs"))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in _HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for entry in entries:
            self._add(entry)
        self.table.resizeColumnsToContents()
        self.empty_label = QLabel(self.tr("No sync has changed this record yet."), self)
        self.empty_label.setObjectName("record_history_empty_label")
        self.empty_label.setVisible(not entries)
        self.table.setVisible(bool(entries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(860, 420)

    @classmethod
    def for_customer(cls, no: str, parent: QWidget | None = None) -> RecordHistoryDialog:
        """The history of local customer `no`."""
        title = _tr(_CUSTOMER_TITLE).replace("%1", no)
        return cls(title, record_history.customer_history(no), parent)

    @classmethod
    def for_order(cls, gid: str, name: str, parent: QWidget | None = None
                  ) -> RecordHistoryDialog:
        """The history of the imported order `gid` ("#1001")."""
        title = _tr(_ORDER_TITLE).replace("%1", name or gid)
        return cls(title, record_history.history(f"order:{gid}"), parent)

    def cells(self, row: int) -> list[str]:
        """The texts of one row, as shown."""
        return [self.table.item(row, column).text() for column in range(len(_HEADERS))]

    def _add(self, entry: HistoryEntry) -> None:
        when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(entry.at.timestamp())),
                                  QLocale.FormatType.ShortFormat)
        run = (f"{entry.run_id} · " if entry.run_id else "") + resource_label(entry.resource)
        if entry.shop:
            run += f" ({entry.shop})"
        side = self.tr(_WORDS.get(entry.side, entry.side))
        action = self.tr(_WORDS.get(entry.action, entry.action))
        if entry.fields.get("deleted") == (False, True):
            action = self.tr("Deleted")
        fields = list(entry.fields.items()) or [("", (None, None))]
        for name, (old, new) in fields:
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = (self.tr(_MERGE_FIELDS[name]) if entry.action == "merge"
                     and name in _MERGE_FIELDS else field_text(name))
            for column, text in enumerate((when, run, side, action, label,
                                           value_text(old), value_text(new))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
