"""CancelOrderDialog: what Shopify needs to cancel an order (reason, restock, refund, notify).

The dialog only asks; the Orders tab runs the cancellation (`OrderJob.cancel`) with
`choices()` once the merchant confirms. It is opened with `open()` (window-modal, not a
nested event loop) so the qasync loop keeps running.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

#: Shopify's OrderCancelReason values and their labels.
REASONS = (
    ("CUSTOMER", QT_TRANSLATE_NOOP("CancelOrderDialog", "The customer changed or cancelled "
                                                         "the order")),
    ("INVENTORY", QT_TRANSLATE_NOOP("CancelOrderDialog", "Items unavailable")),
    ("DECLINED", QT_TRANSLATE_NOOP("CancelOrderDialog", "Payment declined")),
    ("FRAUD", QT_TRANSLATE_NOOP("CancelOrderDialog", "Fraudulent order")),
    ("STAFF", QT_TRANSLATE_NOOP("CancelOrderDialog", "Staff error")),
    ("OTHER", QT_TRANSLATE_NOOP("CancelOrderDialog", "Other")),
)


@dataclass(frozen=True)
class CancelChoices:
    reason: str
    restock: bool
    refund: bool
    notify: bool
    staff_note: str


class CancelOrderDialog(QDialog):
    """Asks how to cancel one order. `choices()` holds the answer after `accepted`."""

    def __init__(self, order_name: str, *, paid: bool, processed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancel_order_dialog")
        self.setWindowTitle(self.tr("Cancel order %1").replace("%1", order_name))

        intro = QLabel(self.tr(
            "Shopify cancels order %1 and stops its fulfillment. This cannot be undone.")
            .replace("%1", order_name), self)
        intro.setObjectName("cancel_intro_label")
        intro.setWordWrap(True)

        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("cancel_reason_combo")
        self.reason_combo.setAccessibleName(self.tr("Reason"))
        for value, label in REASONS:
            self.reason_combo.addItem(QCoreApplication.translate("CancelOrderDialog", label),
                                      value)
        self.reason_combo.setCurrentIndex(0)

        self.restock_check = QCheckBox(self.tr("Restock the items"), self)
        self.restock_check.setObjectName("cancel_restock_check")
        self.restock_check.setToolTip(self.tr(
            "Put the ordered quantities back into stock at their locations"))
        self.restock_check.setChecked(True)

        self.refund_check = QCheckBox(self.tr("Refund the payment to the original payment "
                                              "method"), self)
        self.refund_check.setObjectName("cancel_refund_check")
        self.refund_check.setChecked(paid)
        self.refund_check.setEnabled(paid)
        if not paid:
            self.refund_check.setToolTip(self.tr("Nothing has been paid on this order yet"))

        self.notify_check = QCheckBox(self.tr("Send the customer a cancellation e-mail"),
                                      self)
        self.notify_check.setObjectName("cancel_notify_check")

        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("cancel_staff_note_edit")
        self.note_edit.setPlaceholderText(self.tr("Only staff see this note"))
        self.note_edit.setMaxLength(255)

        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason_combo)
        form.addRow("", self.restock_check)
        form.addRow("", self.refund_check)
        form.addRow("", self.notify_check)
        form.addRow(self.tr("Staff &note:"), self.note_edit)

        self.processed_label = QLabel(self.tr(
            "A sales document was already made from this order. After the cancellation the "
            "order is marked with a conflict: update or delete the document, then mark the "
            "conflict resolved."), self)
        self.processed_label.setObjectName("cancel_processed_label")
        self.processed_label.setWordWrap(True)
        self.processed_label.setVisible(processed)

        self.buttons = QDialogButtonBox(self)
        self.cancel_order_button = self.buttons.addButton(
            self.tr("Cancel Order"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_order_button.setObjectName("confirm_cancel_order_button")
        self.keep_button = self.buttons.addButton(
            self.tr("Keep Order"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setObjectName("keep_order_button")
        self.keep_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.processed_label)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def choices(self) -> CancelChoices:
        return CancelChoices(
            reason=self.reason_combo.currentData(),
            restock=self.restock_check.isChecked(),
            refund=self.refund_check.isChecked() and self.refund_check.isEnabled(),
            notify=self.notify_check.isChecked(),
            staff_note=self.note_edit.text().strip(),
        )
