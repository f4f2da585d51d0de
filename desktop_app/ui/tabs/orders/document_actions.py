"""DocumentActions: Post shipment… and Post invoice on the Orders tab's Sales documents view
(issue 18).

The same engine as `shop-sync documents post-shipment DOC_NO [--agent CODE] [--tracking NO]`
and `documents post-invoice DOC_NO`: `sync.local_runs.post_shipment` / `post_invoice`, each a
recorded run of no shop (in the history), run in a worker thread (`read_in_thread`). A refusal
(not a sales order, nothing left to ship, already posted...) is shown with its reason and
saves nothing; the view is read again after each.

The texts keep the translation context "OrdersTab" (the tab they belong to).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import invoices, shipments
from desktop_app.store.database import read_in_thread
from desktop_app.store.order_views import Document
from desktop_app.sync import local_runs
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.post_shipment_dialog import PostShipmentDialog
from desktop_app.ui.widgets.controls import push_button
from desktop_app.ui.widgets.questions import action_question

#: Document states after which nothing more is posted from the document.
_DONE = ("posted", "invoiced")

T = TypeVar("T")


def can_ship(doc: Document | None) -> bool:
    return doc is not None and doc.type == "order" and doc.status not in _DONE


def can_invoice(doc: Document | None) -> bool:
    return doc is not None and doc.type in ("order", "invoice") and doc.status not in _DONE


class DocumentActions(QObject):
    """Post shipment… and Post invoice for the current document of `view`.

    `current` gives the current document (None when none is); `parent` holds the dialogs.

    Signals:
        message(text: str): what was posted, or why not, for the view's status line.
        posted(name: str): "shipment" or "invoice" was posted (the documents are to be read
            again).
        finished(name: str): an action ended, well or not (after its messages).
    """

    message = Signal(str)
    posted = Signal(str)
    finished = Signal(str)

    def __init__(self, parent: QWidget, current: Callable[[], Document | None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._current = current
        self._busy = False
        self.shipment_dialog: PostShipmentDialog | None = None
        self.message_box: QMessageBox | None = None

        self.ship_button = push_button(
            parent,
            "post_shipment_button",
            QCoreApplication.translate("OrdersTab", "Post Shipment…"),
            QCoreApplication.translate(
                "OrdersTab",
                "Post a shipment of what is still to ship on the selected sales order (with its "
                "shipping agent and tracking number); the shipments sync sends it to Shopify",
            ),
            clicked=self.open_shipment_dialog,
        )
        self.invoice_button = push_button(
            parent,
            "post_invoice_button",
            QCoreApplication.translate("OrdersTab", "Post Invoice…"),
            QCoreApplication.translate(
                "OrdersTab", "Post the selected sales invoice, or invoice the selected sales order"
            ),
            clicked=self.confirm_invoice,
        )
        self.update_buttons()

    def update_buttons(self) -> None:
        doc = self._current()
        self.ship_button.setEnabled(not self._busy and can_ship(doc))
        self.invoice_button.setEnabled(not self._busy and can_invoice(doc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.update_buttons()

    # --- Post shipment --------------------------------------------------------------------

    def open_shipment_dialog(self) -> PostShipmentDialog | None:
        doc = self._current()
        if self._busy or not can_ship(doc):
            return None
        assert doc is not None
        try:
            agents = shipments.list_shipping_agents()
        except AppError as exc:
            feedback.show_error(self._parent, exc)
            return None
        dialog = PostShipmentDialog(doc.no, agents, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._on_shipment_accepted(doc.no, dialog.agent_code(), dialog.tracking_no())
        )
        dialog.destroyed.connect(lambda: setattr(self, "shipment_dialog", None))
        self.shipment_dialog = dialog
        dialog.open()
        return dialog

    @asyncSlot(str, str, str)
    async def _on_shipment_accepted(self, doc_no: str, agent: str, tracking: str) -> None:
        await self.post_shipment(doc_no, agent_code=agent, tracking_no=tracking)

    async def post_shipment(
        self, doc_no: str, *, agent_code: str = "", tracking_no: str = ""
    ) -> shipments.ShipmentRow | None:
        """Post the shipment (the engine of `documents post-shipment`); None when refused
        (shown with its reason)."""

        def post() -> shipments.ShipmentRow:
            return local_runs.post_shipment(doc_no, agent_code=agent_code, tracking_no=tracking_no)

        shipment = await self._run("shipment", doc_no, post)
        if shipment is not None:
            self.message.emit(
                QCoreApplication.translate(
                    "OrdersTab",
                    "Shipment %1 posted for %2 (lines: %3); the next shipments "
                    "sync sends it to Shopify.",
                )
                .replace("%1", shipment.no)
                .replace("%2", doc_no)
                .replace("%3", str(len(shipment.lines)))
            )
        self.finished.emit("shipment")
        return shipment

    # --- Post invoice -----------------------------------------------------------------------

    def confirm_invoice(self) -> QMessageBox | None:
        """Ask before posting (a posted invoice is final); non-blocking, Cancel the default."""
        doc = self._current()
        if self._busy or not can_invoice(doc):
            return None
        assert doc is not None
        question = (
            QCoreApplication.translate("OrdersTab", "Invoice sales order %1?")
            if doc.type == "order"
            else QCoreApplication.translate("OrdersTab", "Post sales invoice %1?")
        )
        no = doc.no
        box = action_question(
            self._parent,
            "post_invoice_message_box",
            QCoreApplication.translate("OrdersTab", "Post Invoice"),
            question.replace("%1", no),
            QCoreApplication.translate(
                "OrdersTab", "A posted invoice cannot be changed or deleted."
            ),
            QCoreApplication.translate("OrdersTab", "Post Invoice"),
            "confirm_post_invoice_button",
            lambda: self._on_invoice_confirmed(no),
        )
        box.open()
        self.message_box = box
        return box

    @asyncSlot(str)
    async def _on_invoice_confirmed(self, doc_no: str) -> None:
        await self.post_invoice(doc_no)

    async def post_invoice(self, doc_no: str) -> invoices.PostedInvoiceRow | None:
        """Post the invoice (the engine of `documents post-invoice`); None when refused
        (shown with its reason)."""
        invoice = await self._run("invoice", doc_no, lambda: local_runs.post_invoice(doc_no))
        if invoice is not None:
            self.message.emit(
                QCoreApplication.translate("OrdersTab", "Invoice %1 posted.").replace(
                    "%1", invoice.no
                )
            )
        self.finished.emit("invoice")
        return invoice

    # --- running ----------------------------------------------------------------------------

    async def _run(self, name: str, doc_no: str, post: Callable[[], T]) -> T | None:
        if self._busy:
            return None
        self._set_busy(True)
        self.message.emit(
            (
                QCoreApplication.translate("OrdersTab", "Posting the shipment of %1…")
                if name == "shipment"
                else QCoreApplication.translate("OrdersTab", "Posting the invoice of %1…")
            ).replace("%1", doc_no)
        )
        done: T | None = None
        try:
            done = await read_in_thread(post)
        except AppError as exc:  # refused: nothing was saved, the history says why
            self.message.emit(
                QCoreApplication.translate(
                    "OrdersTab", "%1 was not posted: nothing was saved."
                ).replace("%1", doc_no)
            )
            self.message_box = feedback.show_error(self._parent, exc)
        finally:
            self._set_busy(False)
        if done is not None:
            self.posted.emit(name)
        return done
