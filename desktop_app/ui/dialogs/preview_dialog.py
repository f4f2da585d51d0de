"""PreviewDialog: what a sync would do, without doing it (issue 19).

Opened by a tab's Preview button (non-blocking, window-modal `open()`), it runs the preview
at once through `SyncEngine.preview` (busy and cancellable like a sync; Cancel preview stops
it, closing the dialog too) and lists each record's planned change, the same list as `shop-sync
sync RESOURCE --preview`: record, side (Shopify or local), action and the fields old -> new,
then the records that would fail. The list is filtered by side, action and text. A tab that
syncs several resources (Orders: orders, shipments, invoices) gives them all: a combo picks
one, and Preview runs it again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store.record_history import value_text
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.preview import listed_changes
from desktop_app.sync.results import RecordChange, RecordIssue, Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.issue_texts import field_text, issue_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.row_filter import RowFilterProxy
from desktop_app.ui.models.sync_log_model import resource_label
from desktop_app.ui.result_text import result_text
from desktop_app.ui.widgets.controls import choice_combo, line_edit, push_button
from desktop_app.ui.widgets.layouts import controls_row
from desktop_app.ui.widgets.table_columns import size_columns

CONTEXT = "PreviewDialog"

_SIDES = {
    "shopify": QT_TRANSLATE_NOOP("PreviewDialog", "Shopify"),
    "local": QT_TRANSLATE_NOOP("PreviewDialog", "Local"),
}
_ACTIONS = {
    "create": QT_TRANSLATE_NOOP("PreviewDialog", "Create"),
    "update": QT_TRANSLATE_NOOP("PreviewDialog", "Update"),
    "link": QT_TRANSLATE_NOOP("PreviewDialog", "Link"),
    "skip": QT_TRANSLATE_NOOP("PreviewDialog", "Skip"),
    "fail": QT_TRANSLATE_NOOP("PreviewDialog", "Fail"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _record_word() -> str:
    return QCoreApplication.translate("PreviewDialog", "Record")


def fields_text(change: RecordChange) -> str:
    """The fields of a change as the window labels them: "E-mail: a → b; Phone: – → c"; of
    a failure, its field and why, in the window's language ("E-mail: no e-mail address")."""
    if change.issue is not None:
        issue = change.issue
        return (f"{field_text(issue.field) if issue.field else _record_word()}: "
                f"{issue_text(issue.code, issue.message, issue.params)}")
    return "; ".join(
        f"{field_text(name) if name else _record_word()}: {value_text(old) or '–'} → "
        f"{value_text(new) or '–'}" for name, (old, new) in change.fields.items())


class Column(IntEnum):
    RECORD = 0
    SIDE = 1
    ACTION = 2
    FIELDS = 3


class PreviewChangesModel(RoleCells[RecordChange], QAbstractTableModel):
    """The planned changes of a preview, one row each, in the order the run decided them."""

    headers = {
        Column.RECORD: QT_TRANSLATE_NOOP("PreviewChangesModel", "Record"),
        Column.SIDE: QT_TRANSLATE_NOOP("PreviewChangesModel", "Side"),
        Column.ACTION: QT_TRANSLATE_NOOP("PreviewChangesModel", "Action"),
        Column.FIELDS: QT_TRANSLATE_NOOP("PreviewChangesModel", "Fields (old → new)"),
    }
    texts = {
        Column.RECORD: lambda c: c.record,
        Column.SIDE: lambda c: _tr(_SIDES[c.side]),
        Column.ACTION: lambda c: _tr(_ACTIONS[c.action]),
        Column.FIELDS: fields_text,
    }
    tips = {Column.FIELDS: fields_text}
    sort_keys = {}


class PreviewFilterProxy(RowFilterProxy):
    """Keeps the changes of one side and action ("" any) whose record or fields hold the
    text (any case)."""

    source_type = PreviewChangesModel

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.side = ""
        self.action = ""
        self.text = ""

    def set_side(self, side: str) -> None:
        self._set_filter("side", side)

    def set_action(self, action: str) -> None:
        self._set_filter("action", action)

    def set_text(self, text: str) -> None:
        self._set_filter("text", text.strip().casefold())

    def accepts(self, model, item: RecordChange) -> bool:
        if self.side and item.side != self.side:
            return False
        if self.action and item.action != self.action:
            return False
        return not self.text or self.text in f"{item.record} {fields_text(item)}".casefold()


class _Progress:
    """The preview's reporter: its progress on the dialog's status line."""

    def __init__(self, dialog: PreviewDialog) -> None:
        self._dialog = dialog

    def progress(self, done: int, total: int) -> None:
        self._dialog.status_label.setText(QCoreApplication.translate(
            "PreviewDialog", "Reading from Shopify and deciding… %1 records").replace(
                "%1", str(done)))

    def issue(self, issue: RecordIssue) -> None:
        pass


class PreviewDialog(QDialog):
    """Runs a preview of `resources[0]` of shop `shop_code` (`start`) and lists its plan.

    Attributes:
        result: the last preview's result (None before one ended, or when it failed).
    """

    def __init__(self, engine: SyncEngine, shop_code: str, resources: Sequence[Resource],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 520)
        self._engine = engine
        self._shop = shop_code
        self._resources = tuple(resources)
        self._task: asyncio.Task | None = None
        self.result: SyncResult | None = None

        self.intro_label = QLabel(self.tr(
            "What a sync would do now, record by record. Nothing is changed, in Shopify or "
            "here; the sync that follows says where it did otherwise."), self)
        self.intro_label.setObjectName("preview_intro_label")
        self.intro_label.setWordWrap(True)
        self.resource_combo = choice_combo(
            self, "preview_resource_combo", self.tr("What to preview"),
            [(resource_label(r.value), r.value) for r in self._resources])
        self.resource_combo.setVisible(len(self._resources) > 1)
        self.run_button = push_button(self, "preview_run_button", self.tr("Preview"),
                                      self.tr("Run the preview again"), clicked=self.start)
        self.side_combo = choice_combo(self, "preview_side_combo", self.tr("Side"), [
            (self.tr("All sides"), ""), *((_tr(text), side) for side, text in _SIDES.items())])
        self.action_combo = choice_combo(self, "preview_action_combo", self.tr("Action"), [
            (self.tr("All actions"), ""),
            *((_tr(text), action) for action, text in _ACTIONS.items())])
        self.filter_edit = line_edit(self, "preview_filter_edit", self.tr("Filter"),
                                     self.tr("Filter by record or field…"), clearable=True)
        self.filter_edit.setMinimumWidth(240)

        self.model = PreviewChangesModel(self)
        self.proxy = PreviewFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("preview_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        size_columns(self.table, ((Column.RECORD, 180), (Column.SIDE, 80),
                                  (Column.ACTION, 80)), stretch=(Column.FIELDS,))

        self.status_label = QLabel(self)
        self.status_label.setObjectName("preview_status_label")
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel preview"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("preview_cancel_button")
        self.cancel_button.clicked.connect(self.cancel_preview)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("preview_close_button")
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(controls_row(self.resource_combo, self.run_button, None,
                                      self.side_combo, self.action_combo, self.filter_edit))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        self.side_combo.currentIndexChanged.connect(
            lambda: self.proxy.set_side(self.side_combo.currentData()))
        self.action_combo.currentIndexChanged.connect(
            lambda: self.proxy.set_action(self.action_combo.currentData()))
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self._set_running(False)

    def resource(self) -> Resource:
        return Resource(self.resource_combo.currentData() or self._resources[0])

    def is_running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> asyncio.Task | None:
        """Run the preview of the chosen resource (not while one runs); its task."""
        if self.is_running():
            return None
        self._task = asyncio.ensure_future(self._run(self.resource()))
        return self._task

    def cancel_preview(self) -> None:
        """Stop the running preview (what it read is dropped; nothing was changed)."""
        if self.is_running():
            assert self._task is not None
            self._task.cancel()

    def reject(self) -> None:  # Close, Esc, the title bar: a running preview stops
        self.cancel_preview()
        super().reject()

    async def _run(self, resource: Resource) -> SyncResult | None:
        self.setWindowTitle(self.tr("Preview of the %1 sync of %2")
                            .replace("%1", resource_label(resource.value)).replace("%2",
                                                                                 self._shop))
        self.result = None
        self.model.set_rows([])
        self.status_label.setText(self.tr("Reading from Shopify and deciding…"))
        self._set_running(True)
        try:
            result = await self._engine.preview(self._shop, resource, _Progress(self))
        except asyncio.CancelledError:
            self.status_label.setText(self.tr("Preview cancelled: nothing was changed."))
            return None
        except AppError as exc:  # expected failures; bugs go to the excepthook
            self.status_label.setText(feedback.message_for(exc))
            return None
        finally:
            self._set_running(False)
        if result is None:
            self.status_label.setText(self.tr("Preview cancelled: nothing was changed."))
            return None
        self.result = result
        self.model.set_rows(listed_changes(result))
        self.status_label.setText(self.tr("A sync would do this: %1. Nothing was changed.")
                                  .replace("%1", result_text(result)))
        return result

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.run_button.setEnabled(not running)
        self.resource_combo.setEnabled(not running)
