"""LinkDialog: link a local customer to a Shopify customer by hand, or the reverse.

Opened from the Customers tab for one customer (the "subject"). It lists ranked candidates
from `sync.linking` (same e-mail first, then the same phone, then similar names, then what the
search found, each with the reason shown), links through `sync.linking.link` (the engine of
`customers link` too) or unlinks through `ShopAdmin.unlink`, and, for a Shopify
customer, re-runs the matching rules ("Find mapping") and says what they decided. Store errors
go through `ui.feedback`.

Safety (issue 14): only a candidate with the same e-mail or phone, and the only such one, is
selected on its own; a name alone (or a shared e-mail) is listed, not selected. Enter in the search box searches, never links (no button
is a default button). Linking that would move an existing link (the Shopify customer is linked
to another local customer, or the local customer to another Shopify customer) asks first and
names both customers; Cancel is that question's default. Customers are shown by name, e-mail
and order numbers, not by Shopify ids.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store import customers, link_views, shopify_customers
from desktop_app.sync import linking
from desktop_app.sync.shop_admin import ShopAdmin
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.labels import wrapped_label
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.match_labels import reason_label
from desktop_app.ui.models.shopify_customer_table_model import display_name
from desktop_app.ui.widgets.controls import line_edit, push_button
from desktop_app.ui.widgets.table_columns import one_line_rows
from desktop_app.ui.widgets.window_rules import adopt

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
_KEY_ROLE = Qt.ItemDataRole.UserRole + 10
#: The reasons strong enough for a candidate to be selected without the merchant's click.
PRESELECTED_REASONS = ("email", "phone")


class LinkDialog(QDialog):
    """Pick the partner of one customer.

    Exactly one of `customer_no` (a local customer: candidates are Shopify customers) and
    `shopify_id` (a staged Shopify customer: candidates are local customers) is given.

    Signals:
        links_changed(): a link was made or removed, or Find mapping changed something.
    """

    links_changed = Signal()

    def __init__(self, shop: str, *, customer_no: str | None = None,
                 shopify_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if (customer_no is None) == (shopify_id is None):
            raise ValueError("give customer_no or shopify_id")
        adopt(self)  # Esc in the search box clears it before it closes the dialog
        self.setObjectName("link_dialog")
        self._shop = shop
        self._customer_no = customer_no
        self._shopify_id = shopify_id
        self.candidates: list[linking.Candidate] = []
        self.last_outcome: linking.MappingOutcome | None = None
        self.last_error: AppError | None = None
        #: The open "Move the link?" question, while it is asked.
        self.move_box: QMessageBox | None = None
        local_mode = customer_no is not None
        self.setWindowTitle(self.tr("Link to a Shopify customer") if local_mode
                            else self.tr("Link to a local customer"))
        self.resize(820, 480)

        self.subject_label = wrapped_label("", self, "link_subject_label")
        # Names and "<e-mail>" from Shopify: never read as rich text.
        self.link_state_label = wrapped_label("", self, "link_state_label")

        self.search_edit = line_edit(self, "link_search_edit", self.tr("Search candidates"),
                                     self.tr("Search by name, e-mail or phone"), clearable=True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh_candidates)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.refresh_candidates)

        self.candidates_table = QTableWidget(0, 7, self)
        self.candidates_table.setObjectName("link_candidates_table")
        self.candidates_table.setAccessibleName(self.tr("Candidates"))
        self.candidates_table.setHorizontalHeaderLabels([
            self.tr("Customer") if local_mode else self.tr("No. and name"),
            self.tr("E-mail"), self.tr("Phone"), self.tr("Country"), self.tr("Why"),
            self.tr("Linked to"), self.tr("Orders"),
        ])
        # Orders are read for Shopify customers (the candidates of a local customer).
        self.candidates_table.setColumnHidden(6, not local_mode)
        self.candidates_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.candidates_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.candidates_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per candidate (French texts wrapped into cramped cells): the names and the
        # e-mail share the width, the short columns take what their text needs.
        one_line_rows(self.candidates_table)
        header = self.candidates_table.horizontalHeader()
        for column in (0, 1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((2, 120), (6, 110)):
            self.candidates_table.setColumnWidth(column, width)
        self.candidates_table.itemSelectionChanged.connect(self._update_buttons)
        self.candidates_table.itemDoubleClicked.connect(lambda _item: self.link_selected())

        self.status_label = wrapped_label("", self, "link_status_label")

        self.link_button = push_button(
            self, "link_button", self.tr("&Link"), self.tr("Link the selected candidate"),
            clicked=self.link_selected)
        self.unlink_button = push_button(
            self, "unlink_button", self.tr("&Unlink"),
            self.tr("Remove the current link in this shop"), clicked=self.unlink)
        self.find_mapping_button = push_button(
            self, "find_mapping_button", self.tr("&Find mapping"),
            self.tr("Run the shop's matching rules again for this Shopify customer"),
            clicked=self.find_mapping)
        self.find_mapping_button.setVisible(not local_mode)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        # No default button: Enter (in the search box above all) must never link.
        for button in (self.link_button, self.unlink_button, self.find_mapping_button,
                       *buttons.buttons()):
            button.setAutoDefault(False)
            button.setDefault(False)

        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"), self)
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.link_button)
        actions.addWidget(self.unlink_button)
        actions.addWidget(self.find_mapping_button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addWidget(self.link_state_label)
        layout.addLayout(search_row)
        layout.addWidget(self.candidates_table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(actions)

        self.refresh()
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter never reaches a button (QDialog would click the default one): in the search
        box it searches (`returnPressed`), elsewhere it does nothing."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the subject and its candidates."""
        self._show_subject()
        self.refresh_candidates()

    def _local_text(self, no: str, name: str | None = None) -> str:
        """A local customer as shown: "K0004 Olivia Lambert"."""
        if name is None:
            name = link_views.customer_names([no]).get(no, "")
        return f"{no} {name}".strip()

    def _shopify_text(self, label: link_views.ShopifyLabel | None) -> str:
        """A Shopify customer as shown: "Olivia Lambert <olivia@example.com>"."""
        if label is None:
            return self.tr("(not read from Shopify yet)")
        if label.email and label.email != label.name:
            return f"{label.name} <{label.email}>"
        return label.name or label.phone

    def _show_subject(self) -> None:
        try:
            if self._customer_no is not None:
                row = customers.get_customer(self._customer_no, shop=self._shop)
                parts = [row.no, row.name, row.email, row.phone, row.country]
                self.subject_label.setText(
                    self.tr("Local customer: %1").replace("%1", " · ".join(p for p in parts if p)))
                links = shopify_customers.list_links(self._shop, customer_no=self._customer_no)
                self._linked = bool(links)
                if links:
                    labels = link_views.shopify_labels(self._shop, (k.shopify_id for k in links))
                    text = ", ".join(
                        self.tr("%1 (%2)").replace("%1", self._shopify_text(
                            labels.get(link.shopify_id)))
                        .replace("%2", reason_label(link.match_reason))
                        for link in links)
                    self.link_state_label.setText(
                        self.tr("Linked to Shopify customer %1.").replace("%1", text))
                else:
                    self.link_state_label.setText(
                        self.tr("Not linked to a Shopify customer in %1.").replace("%1",
                                                                                   self._shop))
            else:
                assert self._shopify_id is not None
                staged = shopify_customers.get_shopify_customer(self._shop, self._shopify_id)
                orders = link_views.order_names(self._shop, [staged.shopify_id]).get(
                    staged.shopify_id, [])
                parts = [display_name(staged), staged.email, staged.phone]
                if orders:
                    parts.append(self.tr("orders %1").replace("%1", ", ".join(orders)))
                self.subject_label.setText(
                    self.tr("Shopify customer: %1").replace("%1", " · ".join(p for p in parts
                                                                              if p)))
                self._linked = bool(staged.customer_no)
                if staged.customer_no:
                    self.link_state_label.setText(
                        self.tr("Linked to local customer %1 (%2).")
                        .replace("%1", self._local_text(staged.customer_no))
                        .replace("%2", reason_label(staged.match_reason)))
                elif staged.review_state:
                    self.link_state_label.setText(
                        self.tr("Not linked; waiting for review: %1").replace(
                            "%1", message_text(staged.review_note)))
                else:
                    self.link_state_label.setText(self.tr("Not linked to a local customer."))
        except AppError as exc:
            self._linked = False
            self._fail(exc)
        self._update_buttons()

    def refresh_candidates(self) -> None:
        self._search_timer.stop()
        term = self.search_edit.text()
        try:
            if self._customer_no is not None:
                self.candidates = linking.shopify_candidates(self._shop, self._customer_no, term)
            else:
                assert self._shopify_id is not None
                self.candidates = linking.local_candidates(self._shop, self._shopify_id, term)
        except AppError as exc:
            self.candidates = []
            self._fail(exc)
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.candidates_table
        table.clearSelection()
        table.setRowCount(len(self.candidates))
        local_mode = self._customer_no is not None
        if local_mode:
            # Candidates are Shopify customers; "linked to" holds local customer numbers.
            names = link_views.customer_names(c.linked_to for c in self.candidates)
            orders = link_views.order_names(self._shop, (c.key for c in self.candidates))
            labels: dict[str, link_views.ShopifyLabel] = {}
        else:
            # Candidates are local customers; "linked to" holds Shopify GIDs.
            names, orders = {}, {}
            labels = link_views.shopify_labels(self._shop, (c.linked_to for c in self.candidates))
        for row, candidate in enumerate(self.candidates):
            first = candidate.name if local_mode else f"{candidate.key} · {candidate.name}"
            if not candidate.linked_to:
                linked = ""
            elif local_mode:
                linked = self._local_text(candidate.linked_to, names.get(candidate.linked_to, ""))
            else:
                linked = self._shopify_text(labels.get(candidate.linked_to))
            why = reason_label(candidate.reason)
            if candidate.reason == "name":
                why = self.tr("%1 (%2%)").replace("%1", why).replace(
                    "%2", str(round(candidate.score * 100)))
            values = [first, candidate.email, candidate.phone, candidate.country, why, linked,
                      ", ".join(orders.get(candidate.key, []))]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(_KEY_ROLE, candidate.key)
                if column == 5 and value:
                    item.setToolTip(value)
                table.setItem(row, column, item)
        # Only a candidate the rules would trust (same e-mail or phone), and only when it is
        # the one such candidate, is picked for the merchant: a similar name is a different
        # person often enough, and two customers sharing an e-mail are what review is for.
        strong = [c for c in self.candidates if c.reason in PRESELECTED_REASONS]
        if len(strong) == 1 and self.candidates[0] is strong[0]:
            table.selectRow(0)
        else:
            table.clearSelection()
            table.setCurrentItem(None)
        self._update_buttons()

    def selected_candidate(self) -> linking.Candidate | None:
        rows = self.candidates_table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.candidates[index] if 0 <= index < len(self.candidates) else None

    def select_candidate(self, key: str) -> bool:
        for row, candidate in enumerate(self.candidates):
            if candidate.key == key:
                self.candidates_table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        self.link_button.setEnabled(self.selected_candidate() is not None)
        self.unlink_button.setEnabled(getattr(self, "_linked", False))

    # --- actions ------------------------------------------------------------------------------

    def _fail(self, exc: AppError) -> None:
        self.last_error = exc
        feedback.show_error(self, exc)

    def link_selected(self) -> bool:
        """Link the subject with the selected candidate; True when linked now.

        When the link would move an existing one, a question names both customers and the
        link is made only if the merchant answers "Move the Link" (False is returned then,
        and `links_changed` is emitted once it is done).
        """
        candidate = self.selected_candidate()
        if candidate is None or self.move_box is not None:
            return False
        if self._customer_no is not None:
            no, gid = self._customer_no, candidate.key
        else:
            assert self._shopify_id is not None
            no, gid = candidate.key, self._shopify_id
        try:
            plan = linking.link_plan(self._shop, no, gid)
        except AppError as exc:
            self._fail(exc)
            return False
        if plan.moves:
            self._ask_move(plan)
            return False
        return self._link(plan, move=False)

    def _ask_move(self, plan: linking.LinkPlan) -> None:
        box = QMessageBox(self)
        box.setObjectName("link_move_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Move the link?"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        local = self._local_text(plan.customer_no, plan.customer_name)
        shopify = self._shopify_text(link_views.ShopifyLabel(
            plan.shopify_id, plan.shopify_name, plan.shopify_email, ""))
        lines = []
        if plan.taken_by is not None:
            lines.append(self.tr("Shopify customer %1 is linked to local customer %2.")
                         .replace("%1", shopify)
                         .replace("%2", self._local_text(*plan.taken_by)))
        for gid, name, email in plan.replaced:
            lines.append(self.tr("Local customer %1 is linked to Shopify customer %2.")
                         .replace("%1", local)
                         .replace("%2", self._shopify_text(
                             link_views.ShopifyLabel(gid, name, email, ""))))
        lines.append(self.tr("Link local customer %1 to Shopify customer %2 instead? "
                             "The current link is removed.")
                     .replace("%1", local).replace("%2", shopify))
        box.setText("\n\n".join(lines))
        move = box.addButton(self.tr("&Move the Link"), QMessageBox.ButtonRole.AcceptRole)
        move.setObjectName("link_move_button")
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            self.move_box = None
            if box.clickedButton() is move:
                self._link(plan, move=True)
            else:
                self.status_label.setText(self.tr("Nothing was linked."))

        box.finished.connect(answered)
        self.move_box = box
        box.open()  # non-blocking: a nested exec() would re-enter the qasync loop

    def _link(self, plan: linking.LinkPlan, *, move: bool) -> bool:
        try:
            done = ShopAdmin.link(self._shop, plan.customer_no, plan.shopify_id, move=move)
        except AppError as exc:
            self._fail(exc)
            return False
        self.status_label.setText(
            self.tr("Linked local customer %1 to Shopify customer %2.")
            .replace("%1", self._local_text(done.customer_no, done.customer_name))
            .replace("%2", self._shopify_text(link_views.ShopifyLabel(
                done.shopify_id, done.shopify_name, done.shopify_email, ""))))
        self.links_changed.emit()
        self.refresh()
        return True

    def unlink(self) -> bool:
        """Remove the subject's link(s) in this shop; True when something was unlinked."""
        try:
            if self._customer_no is not None:
                removed = ShopAdmin.unlink(self._shop, self._customer_no)
                who = self._customer_no
            else:
                assert self._shopify_id is not None
                staged = shopify_customers.get_shopify_customer(self._shop, self._shopify_id)
                if not staged.customer_no:
                    return False
                removed = ShopAdmin.unlink(self._shop, staged.customer_no, self._shopify_id)
                who = staged.customer_no
        except AppError as exc:
            self._fail(exc)
            return False
        if removed:
            labels = link_views.shopify_labels(self._shop, removed)
            self.status_label.setText(
                self.tr("Unlinked local customer %1 from Shopify customer %2.")
                .replace("%1", self._local_text(who))
                .replace("%2", ", ".join(self._shopify_text(labels.get(g)) for g in removed)))
            self.links_changed.emit()
        self.refresh()
        return bool(removed)

    def find_mapping(self) -> linking.MappingOutcome | None:
        """Re-run the matching rules for the Shopify customer and show their decision."""
        if self._shopify_id is None:
            return None
        try:
            outcome = linking.find_mapping(self._shop, self._shopify_id)
        except AppError as exc:
            self._fail(exc)
            return None
        self.last_outcome = outcome
        self.status_label.setText(self.describe(outcome))
        if outcome.changed:
            self.links_changed.emit()
        self.refresh()
        return outcome

    def describe(self, outcome: linking.MappingOutcome) -> str:
        decision = outcome.decision
        if decision.kind == "matched":
            return (self.tr("Find mapping: the rules link it to local customer %1 (%2).")
                    .replace("%1", self._local_text(decision.customer_no or ""))
                    .replace("%2", reason_label(decision.reason)))
        if decision.kind == "linked":
            return self.tr("Find mapping: the existing link to %1 stands.").replace(
                "%1", self._local_text(decision.customer_no or ""))
        if decision.kind == "ambiguous":
            return (self.tr("Find mapping: several local customers fit (%1); it waits in the "
                            "review list until you pick one.")
                    .replace("%1", ", ".join(decision.candidates)))
        if decision.kind == "create" and outcome.blocked:
            return self.tr("Find mapping: no local customer fits, and the next sync cannot "
                           "create one: %1").replace("%1", message_text(outcome.blocked))
        if decision.kind == "create":
            return self.tr("Find mapping: no local customer fits. The next sync creates one, "
                           "as the Shop Card allows.")
        if decision.kind == "default":
            return self.tr("Find mapping: this shop puts every order on the default customer "
                           "%1; nothing is linked.").replace(
                               "%1", self._local_text(decision.customer_no or ""))
        if decision.kind == "error":
            return self.tr("Find mapping: the rules cannot decide: %1").replace(
                "%1", decision.reason)
        return self.tr("Find mapping: no local customer fits and creating customers is off; "
                       "link it by hand.")
