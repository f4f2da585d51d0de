"""OrderActions: the merchant's order actions on the Orders tab, and the runner that reports
them (seed 003).

Import Selected and Exclude… (To import), Create Sales Documents, Sync from Shopify, Mark as
Paid, Cancel Order…, Unlink Documents, Mark Conflict Resolved and Details… (Orders). Each runs
an `sync.orders.OrderJob` method through the engine (`SyncEngine.run_action`, the service's
`run_action` the command line uses: under the shop's sync lock, on the shop's client, recorded
in the history); the engine counts it busy like a sync, and the window's Cancel stops it.
While one runs its button is disabled and the tab says what it is doing. A failure of the whole action goes
through `feedback`, the failures of single orders are listed in one message.

The texts keep the translation context "OrdersTab" (the tab they were written in).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import order_lifecycle
from desktop_app.store.orders import OrderRow
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.async_slots import run_on_click
from desktop_app.ui.dialogs.cancel_order_dialog import CancelChoices, CancelOrderDialog
from desktop_app.ui.dialogs.order_detail_dialog import OrderDetailDialog
from desktop_app.ui.plurals import plural
from desktop_app.ui.tabs.orders.orders_view import (
    OrdersView,
    needs_document,
    payable,
    unlinkable,
)
from desktop_app.ui.tabs.orders.staged_view import StagedView
from desktop_app.ui.tabs.resource_tab import ResourceTab, counts_text
from desktop_app.ui.widgets.questions import action_question

OrderAction = Callable[[Any], Awaitable[Any]]


def _tr(text: str, n: int) -> str:
    """`text`, a plural (%n) of the translation context "OrdersTab", translated for `n`.

    pyside6-lupdate takes a translate() text for a plural only when its count is a literal
    number, so every text given here is also listed in `ui.plurals._plurals_for_lupdate`;
    tests/ui/test_i18n.py looks each `_tr` text up in the .ts and finds one left out there.
    """
    return plural("OrdersTab", text, n)


def _each(gids: Sequence[str], step: Callable[[Any, str], Awaitable[Any]]) -> OrderAction:
    """An action doing `step(job, gid)` per order; one order's failure is recorded and the
    others go on."""
    async def action(job) -> None:
        for gid in gids:
            try:
                await step(job, gid)
            except AppError as exc:
                job.ctx.fail(gid, "", exc.message or str(exc), code=exc.code)
    return action


class OrderActions(QObject):
    """The order actions of a tab's views, run for the tab's shop.

    `tab` is the parent of the messages and dialogs and holds the shop and the last error;
    the buttons of `staged` and `orders` are connected here.

    Signals:
        started(name: str): an action began (its button is to be disabled).
        ended(name: str): an action ended, well or not (the shop's orders are to be read
            again); before its result is shown.
        done(name: str, result: object): last, with the action's SyncResult, or None when it
            failed as a whole.
    """

    started = Signal(str)
    ended = Signal(str)
    done = Signal(str, object)

    def __init__(self, engine: SyncEngine, tab: ResourceTab, status_label: QLabel,
                 staged: StagedView, orders: OrdersView) -> None:
        super().__init__(tab)
        self._engine = engine
        self._tab = tab
        self._status_label = status_label
        self._staged = staged
        self._orders = orders
        self._running: set[str] = set()
        self.detail_dialog: OrderDetailDialog | None = None
        self.cancel_dialog: CancelOrderDialog | None = None
        self.message_box: QMessageBox | None = None

        staged.import_button.clicked.connect(run_on_click(self.import_selected))
        staged.exclude_button.clicked.connect(self.confirm_exclude)
        staged.exclude_action.triggered.connect(self.confirm_exclude)
        orders.table.doubleClicked.connect(lambda _index: self.open_details())
        orders.details_button.clicked.connect(self.open_details)
        orders.create_button.clicked.connect(run_on_click(self.create_documents))
        orders.resync_button.clicked.connect(run_on_click(self.resync_selected))
        orders.mark_paid_button.clicked.connect(run_on_click(self.mark_paid_selected))
        orders.cancel_button.clicked.connect(self.open_cancel_dialog)
        orders.unlink_button.clicked.connect(lambda: self.unlink_selected())
        orders.resolve_button.clicked.connect(
            lambda: asyncio.ensure_future(self.resolve_selected()))

    def is_running(self, name: str) -> bool:
        return name in self._running

    # --- running actions --------------------------------------------------------------------

    async def run_order_action(self, name: str, action: OrderAction, busy_text: str,
                               done_text: Callable[[SyncResult], str] | None = None
                               ) -> SyncResult | None:
        """Run one `OrderJob` action for the shop; failures reach the merchant.

        The action's button stays disabled while it runs; a failure of the whole action goes
        through `feedback`, failures of single orders are listed in one message.
        """
        shop = self._tab.shop()
        if shop is None or name in self._running:
            return None
        self._running.add(name)
        self.started.emit(name)
        self._status_label.setText(busy_text)
        result: SyncResult | None = None
        try:
            result = await self._engine.run_action(shop, action, name)
            if result is None:  # cancelled (the window's Cancel, or closing it)
                self._status_label.setText(
                    QCoreApplication.translate("OrdersTab", "The action was cancelled."))
        except AppError as exc:  # expected failures; bugs go to the excepthook
            self._tab.last_error = exc
            self._status_label.setText(
                QCoreApplication.translate("OrdersTab", "The action failed."))
            feedback.show_error(self._tab, exc)
        finally:
            self._running.discard(name)
            self.ended.emit(name)
        if result is not None:
            self._status_label.setText(done_text(result) if done_text is not None
                                       else self._result_text(name, result))
            if result.errors:
                self._show_record_errors(result)
        self.done.emit(name, result)
        return result

    @staticmethod
    def _result_text(name: str, result: SyncResult) -> str:
        done = {
            "import": QCoreApplication.translate(
                "OrdersTab", "Import Selected: %1 imported, %2 updated, %3 failed."),
            "create": QCoreApplication.translate(
                "OrdersTab", "Create Sales Documents: %1 created, %3 failed."),
            "resync": QCoreApplication.translate(
                "OrdersTab", "Sync from Shopify: %2 updated, %3 failed."),
            "mark_paid": QCoreApplication.translate(
                "OrdersTab", "Mark as Paid: done, %3 failed."),
            "cancel": QCoreApplication.translate(
                "OrdersTab", "Cancel Order: done, %3 failed."),
        }.get(name, QCoreApplication.translate("OrdersTab", "Done."))
        return counts_text(done, result)

    def _order_name(self, gid: str) -> str:
        model = self._orders.model
        r = model.row_of(gid)
        if r >= 0:
            return model.row_at(r).name
        for row in self._staged.model.rows():
            if row.shopify_id == gid:
                return row.name
        return gid

    def _show_record_errors(self, result: SyncResult) -> None:
        lines = [QCoreApplication.translate("OrdersTab", "%1: %2")
                 .replace("%1", self._order_name(e.record)).replace("%2", e.message)
                 for e in result.errors[:10]]
        if len(result.errors) > 10:
            lines.append(_tr("…and %n more.", len(result.errors) - 10))
        box = QMessageBox(self._tab)
        box.setObjectName("order_errors_message_box")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("OrdersTab", "Orders"))
        box.setText(_tr("%n order(s) could not be processed:", len(result.errors)))
        box.setInformativeText("\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.message_box = box

    def _selected_rows(self) -> list[OrderRow]:
        return self._orders.selected_rows()

    # --- To import --------------------------------------------------------------------------

    async def import_selected(self) -> SyncResult | None:
        """Import Selected: the chosen staged orders, whatever the filters say."""
        gids = self._staged.selected()
        if not gids:
            return None

        async def action(job) -> None:
            await job.import_staged(gids)

        return await self.run_order_action(
            "import", action,
            _tr("Importing %n order(s)…", len(gids)))

    def confirm_exclude(self) -> QMessageBox | None:
        """Ask before deleting the selected staged orders (non-blocking)."""
        gids = self._staged.selected()
        if not gids or self._tab.shop() is None:
            return None
        box = action_question(
            self._tab, "exclude_orders_message_box",
            QCoreApplication.translate("OrdersTab", "Exclude orders"),
            _tr("Delete %n order(s) from the list to import?", len(gids)),
            QCoreApplication.translate(
                "OrdersTab",
                "The sync leaves them out until they change in Shopify (a new note or tag "
                "brings an order back)."),
            QCoreApplication.translate("OrdersTab", "Exclude"), "confirm_exclude_button",
            lambda: asyncio.ensure_future(self.exclude(gids)), cancel_is_default=False)
        box.open()
        self.message_box = box
        return box

    async def exclude(self, gids: Sequence[str]) -> int:
        """Delete staged orders ("delete to exclude", the order action `OrderJob.exclude`,
        recorded in the history); returns how many were removed."""
        if self._tab.shop() is None:
            return 0
        removed: list[int] = []

        async def exclude(job) -> None:
            removed.append(await job.exclude(gids))

        result = await self.run_order_action(
            "exclude", exclude, QCoreApplication.translate("OrdersTab", "Excluding…"),
            lambda _result: _tr("%n order(s) excluded from the import.",
                                removed[0] if removed else 0))
        return removed[0] if result is not None and removed else 0

    # --- Orders -----------------------------------------------------------------------------

    async def create_documents(self) -> SyncResult | None:
        """Create Sales Documents for the selected orders that have none."""
        gids = [r.shopify_id for r in self._selected_rows() if needs_document(r)]
        if not gids:
            return None

        async def action(job) -> None:
            await job.create_documents(gids)

        return await self.run_order_action(
            "create", action, _tr("Creating sales documents for %n order(s)…", len(gids)))

    async def resync_selected(self) -> SyncResult | None:
        gids = self._orders.selected()
        if not gids:
            return None
        return await self.run_order_action(
            "resync", _each(gids, lambda job, gid: job.resync(gid)),
            _tr("Syncing %n order(s) from Shopify…", len(gids)))

    async def mark_paid_selected(self) -> SyncResult | None:
        gids = [r.shopify_id for r in self._selected_rows() if payable(r)]
        if not gids:
            return None
        return await self.run_order_action(
            "mark_paid", _each(gids, lambda job, gid: job.mark_paid(gid)),
            _tr("Marking %n order(s) as paid in Shopify…", len(gids)))

    def open_cancel_dialog(self) -> CancelOrderDialog | None:
        rows = self._selected_rows()
        if len(rows) != 1 or rows[0].cancelled:
            return None
        row = rows[0]
        summary = self._orders.model.summary(row.shopify_id)
        paid = row.financial_status not in ("PENDING", "EXPIRED", "VOIDED") \
            if summary is None else summary.outstanding < summary.total
        dialog = CancelOrderDialog(row.name, paid=paid, processed=row.processed,
                                   parent=self._tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_cancel_dialog_accepted(row.shopify_id,
                                                                        dialog.choices()))
        dialog.destroyed.connect(lambda: setattr(self, "cancel_dialog", None))
        self.cancel_dialog = dialog
        dialog.open()
        return dialog

    @asyncSlot(str, object)
    async def _on_cancel_dialog_accepted(self, gid: str, choices: CancelChoices) -> None:
        await self.cancel_order(gid, choices)

    async def cancel_order(self, gid: str, choices: CancelChoices) -> SyncResult | None:
        async def action(job) -> None:
            await job.cancel(gid, reason=choices.reason, restock=choices.restock,
                             refund=choices.refund, notify=choices.notify,
                             staff_note=choices.staff_note)

        return await self.run_order_action(
            "cancel", action, QCoreApplication.translate(
                "OrdersTab", "Cancelling %1 in Shopify…").replace("%1", self._order_name(gid)))

    def unlink_selected(self) -> QMessageBox | None:
        """Unlink Processed Documents for the selected orders: asks first (non-blocking),
        naming each document, whether to delete those not posted or to keep them; a kept
        document stops Create Sales Documents for its order (`order_lifecycle`, as
        `shop-sync orders unlink [--delete-document]`)."""
        shop = self._tab.shop()
        if shop is None:
            return None
        rows = [r for r in self._selected_rows() if unlinkable(r)]
        if not rows:
            return None
        try:
            docs = [(r, d) for r in rows
                    for d in order_lifecycle.documents_of(shop, r.shopify_id)]
        except AppError as exc:
            feedback.show_error(self._tab, exc)
            return None
        box, delete, keep = self._unlink_question(rows, docs)
        gids = [r.shopify_id for r in rows]
        box.buttonClicked.connect(
            lambda b: asyncio.ensure_future(self.unlink(gids, delete_document=b is delete))
            if b is delete or b is keep else None)
        box.open()
        self.message_box = box
        return box

    def _unlink_question(self, rows: Sequence[OrderRow],
                         docs: Sequence[tuple[OrderRow, order_lifecycle.OrderDocument]]
                         ) -> tuple[QMessageBox, QAbstractButton | None, QAbstractButton]:
        """The question of Unlink Documents, naming each document, and its buttons: Delete
        (None when no document may be deleted) and Keep or Unlink; Cancel is the default."""
        deletable = [d for _r, d in docs if d.deletable]
        box = QMessageBox(self._tab)
        box.setObjectName("unlink_orders_message_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("OrdersTab", "Unlink Documents"))
        box.setText(QCoreApplication.translate(
            "OrdersTab", "Unlink from their documents: %1?").replace(
            "%1", ", ".join(r.name for r in rows)))
        lines = [(QCoreApplication.translate("OrdersTab", "%1: document %2, not posted")
                  if d.deletable else
                  QCoreApplication.translate("OrdersTab", "%1: document %2, posted (it stays)"))
                 .replace("%1", r.name).replace("%2", d.no) for r, d in docs]
        if deletable:
            lines.append("\n" + QCoreApplication.translate(
                "OrdersTab",
                "Delete the documents that are not posted, or keep them? A kept document stops "
                "Create Sales Documents from making a second one for its order until it is "
                "deleted."))
        elif docs:
            lines.append("\n" + QCoreApplication.translate(
                "OrdersTab", "Posted documents are never deleted, and no second "
                             "document is made for their orders."))
        box.setInformativeText("\n".join(lines))
        delete = None
        if deletable:
            delete = box.addButton(
                QCoreApplication.translate("OrdersTab", "Delete Document")
                if len(deletable) == 1
                else QCoreApplication.translate("OrdersTab", "Delete Documents"),
                QMessageBox.ButtonRole.DestructiveRole)
            delete.setObjectName("delete_document_button")
            keep = box.addButton(
                QCoreApplication.translate("OrdersTab", "Keep Document")
                if len(deletable) == 1
                else QCoreApplication.translate("OrdersTab", "Keep Documents"),
                QMessageBox.ButtonRole.AcceptRole)
        else:
            keep = box.addButton(QCoreApplication.translate("OrdersTab", "Unlink"),
                                 QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keep_document_button")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter never deletes nor unlinks
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        return box, delete, keep

    async def unlink(self, gids: Sequence[str], *, delete_document: bool) -> list[str]:
        """Unlink these orders, deleting their documents that are not posted or keeping them
        (an order action: `OrderJob.unlink`, recorded in the history); returns the document
        nos. unlinked."""
        if self._tab.shop() is None:
            return []
        done: list = []

        async def unlink(job) -> None:
            done.extend(await job.unlink(gids, delete_document=delete_document))

        def text(_result: SyncResult) -> str:
            unlinked = [no for d in done for no in d.unlinked]
            deleted = [no for d in done for no in d.deleted]
            kept = [no for d in done for no in d.kept]
            said = QCoreApplication.translate("OrdersTab", "Unlinked: %1.").replace(
                "%1", ", ".join(unlinked) or "—")
            if deleted:
                said += " " + QCoreApplication.translate("OrdersTab", "Deleted: %1.").replace(
                    "%1", ", ".join(deleted))
            if kept:
                said += " " + QCoreApplication.translate(
                    "OrdersTab", "Kept: %1; Create Sales Documents makes no second "
                                 "document while it exists.").replace("%1", ", ".join(kept))
            return said

        result = await self.run_order_action(
            "unlink", unlink, QCoreApplication.translate("OrdersTab", "Unlinking…"), text)
        return [] if result is None else [no for d in done for no in d.unlinked]

    async def resolve_selected(self) -> list[str]:
        """Mark the conflicts of the selected orders resolved: the order as it is now becomes
        what its document is compared with (the order action `OrderJob.resolve_conflicts`,
        as `shop-sync orders resolve-conflict`); returns the orders' names."""
        rows = [r for r in self._selected_rows() if r.conflict]
        if self._tab.shop() is None or not rows:
            return []
        names = {r.shopify_id: r.name for r in rows}
        resolved: list[str] = []

        async def resolve(job) -> None:
            resolved.extend(names[g] for g in await job.resolve_conflicts(list(names)))

        await self.run_order_action(
            "resolve", resolve, QCoreApplication.translate("OrdersTab", "Resolving…"),
            lambda _result: QCoreApplication.translate(
                "OrdersTab", "Conflict resolved: %1.").replace("%1", ", ".join(resolved) or "—"))
        return resolved

    def open_details(self) -> OrderDetailDialog | None:
        rows = self._selected_rows()
        shop = self._tab.shop()
        if len(rows) != 1 or shop is None:
            return None
        try:
            dialog = OrderDetailDialog(shop, rows[0].shopify_id, self._tab)
        except AppError as exc:
            feedback.show_error(self._tab, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "detail_dialog", None))
        self.detail_dialog = dialog
        dialog.show()
        return dialog
