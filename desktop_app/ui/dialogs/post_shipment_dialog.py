"""PostShipmentDialog: what Post shipment… asks before posting a shipment of a sales order
(issue 18): the shipping agent (from the shipping agents table, or none) and the tracking
number, as `shop-sync documents post-shipment DOC_NO [--agent CODE] [--tracking NO]`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store.shipments import AgentRow
from desktop_app.ui.widgets.controls import line_edit

# The longest tracking number the store keeps (PostedShipment.tracking_no).
TRACKING_MAX = 50


class PostShipmentDialog(QDialog):
    """Shipping agent and tracking number of the shipment of `document_no`."""

    def __init__(self, document_no: str, agents: Sequence[AgentRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("post_shipment_dialog")
        self.setWindowTitle(self.tr("Post shipment"))
        self.document_no = document_no

        intro = QLabel(self.tr(
            "Post a shipment of everything still to ship on sales order %1. The next sync of "
            "shipments sends it to Shopify as a fulfillment.").replace("%1", document_no), self)
        intro.setObjectName("post_shipment_intro_label")
        intro.setWordWrap(True)

        self.agent_combo = QComboBox(self)
        self.agent_combo.setObjectName("shipping_agent_combo")
        self.agent_combo.setAccessibleName(self.tr("Shipping agent"))
        self.agent_combo.addItem(self.tr("(none)"), "")
        for agent in agents:
            self.agent_combo.addItem(f"{agent.code} – {agent.name}" if agent.name else agent.code,
                                     agent.code)
        self.tracking_edit = line_edit(self, "tracking_no_edit", self.tr("Tracking number"))
        self.tracking_edit.setMaxLength(TRACKING_MAX)
        if not agents:
            self.agent_combo.setToolTip(self.tr(
                "No shipping agents are set up yet: the shipment is posted without one"))

        form = QFormLayout()
        form.addRow(self.tr("Shipping &agent:"), self.agent_combo)
        form.addRow(self.tr("&Tracking number:"), self.tracking_edit)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        post = buttons.addButton(self.tr("Post Shipment"),
                                 QDialogButtonBox.ButtonRole.AcceptRole)
        post.setObjectName("post_shipment_button")
        post.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def agent_code(self) -> str:
        return str(self.agent_combo.currentData() or "")

    def tracking_no(self) -> str:
        return self.tracking_edit.text().strip()
