"""ResourceTab: what the Customers, Companies, Orders and Gift Cards tabs share (a sync button
that runs the engine for one resource, and reports a failure through `feedback`; the row of the
tab's introduction beside it; the counts of a sync's result in a text)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget
from qasync import asyncSlot

from desktop_app.errors import AppError
from desktop_app.store import problems
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.dialogs.preview_dialog import PreviewDialog
from desktop_app.ui.result_text import result_text
from desktop_app.ui.sync_confirmation import held_for_confirmation
from desktop_app.ui.widgets.controls import push_button

log = logging.getLogger(__name__)


def counts_text(text: str, result: SyncResult) -> str:
    """`text` with the result's created (%1), updated (%2) and failed (%3) counts."""
    return (text.replace("%1", str(result.created)).replace("%2", str(result.updated))
            .replace("%3", str(result.failed)))


def sync_result_text(result: SyncResult, done: str, failed: str, repeated: str = "") -> str:
    """A tab's status line after its sync: `done` with which way records went (%1,
    `ui.result_text`), then, when records failed, `repeated` (when some failed as on the
    last sync) and `failed` (where to read why)."""
    text = done.replace("%1", result_text(result))
    if repeated and result.still_failing:
        text += " " + repeated
    if result.failed:
        text += " " + failed
    return text


class ResourceTab(QWidget):
    """Base of the tabs that show one synchronised resource.

    Subclasses create `self.sync_button` with `_build_sync_button()` (or `_build_intro_bar()`,
    beside their introduction).

    Signals:
        sync_done(result: object): a sync started here ended (SyncResult, or None on failure).
        problems_changed(): what the tab shows was read again; its problem count may differ.
    """

    sync_done = Signal(object)
    problems_changed = Signal()

    resource: Resource = Resource.CUSTOMERS
    #: The resources its Preview button offers (its own resource when empty).
    preview_resources: tuple[Resource, ...] = ()
    #: The resources whose last run's failed records this tab's problem count takes in
    #: (its own resource when empty).
    problem_resources: tuple[Resource, ...] = ()

    def __init__(self, engine: SyncEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._shop: str | None = None
        self.sync_button: QPushButton | None = None
        self.preview_button: QPushButton | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.last_error: AppError | None = None
        #: The text of each status line (by its index in `_status_lines()`) for each shop.
        self._status_by_shop: dict[tuple[int, str], str] = {}
        engine.busy_changed.connect(self._on_engine_busy_changed)

    def shop(self) -> str | None:
        return self._shop

    def set_shop(self, shop_code: str | None) -> None:
        if shop_code != self._shop:
            # A status line belongs to the shown shop: keep the last shop's for when it is
            # shown again, and show this shop's own (or nothing).
            for index, label in enumerate(self._status_lines()):
                if self._shop is not None:
                    self._status_by_shop[(index, self._shop)] = label.text()
                label.setText(self._status_by_shop.get((index, shop_code or ""), ""))
        self._shop = shop_code
        self._update_sync_button()

    def _status_lines(self) -> list[QLabel]:
        """The labels that say what was last done in the shown shop: the tab's
        `status_label` if it has one."""
        label = getattr(self, "status_label", None)
        return [label] if isinstance(label, QLabel) else []

    def problem_keys(self, shop: str) -> set[str]:
        """The records of `shop` the merchant must act on from this tab (issue 18): the failed
        records of the last run of its resources; subclasses add what else waits (store reads
        only)."""
        return problems.failed_records(
            shop, (r.value for r in self.problem_resources or (self.resource,)))

    def show_problems(self) -> None:
        """Show the view where this tab's problems are (the status bar's problem button
        brought the merchant here); the tab as it is by default."""

    def _object_name(self, kind: str) -> str:
        """The object name of the tab's `kind` widget after its resource: "sync_%s_button",
        "%s_intro_label" ("gift-cards" as gift_cards)."""
        return kind % self.resource.value.replace("-", "_")

    def _build_sync_button(self, text: str, tip: str) -> None:
        """Create and connect `self.sync_button`, named sync_<resource>_button (its accessible
        name is its text)."""
        self.sync_button = push_button(self, self._object_name("sync_%s_button"), text, tip,
                                       accessible=text, clicked=self._on_sync_button_clicked)
        self.preview_button = push_button(  # in its own context: the tabs share it
            self, self._object_name("preview_%s_button"),
            QCoreApplication.translate("ResourceTab", "Preview…"),
            QCoreApplication.translate(
                "ResourceTab",
                "What the sync would do, record by record, without changing anything"),
            accessible=QCoreApplication.translate("ResourceTab", "Preview"),
            clicked=self.open_preview)
        self._update_sync_button()

    def _build_intro_bar(self, intro: str, sync_text: str, sync_tip: str) -> QHBoxLayout:
        """The tab's top row: `self.intro_label` (named <resource>_intro_label), word-wrapped,
        and the sync button beside it."""
        self.intro_label = QLabel(intro, self)
        self.intro_label.setObjectName(self._object_name("%s_intro_label"))
        self.intro_label.setWordWrap(True)
        self._build_sync_button(sync_text, sync_tip)
        top = QHBoxLayout()
        top.addWidget(self.intro_label, 1)
        top.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _update_sync_button(self) -> None:
        if self.sync_button is not None:
            running_here = self._shop is not None and self._engine.is_busy(self._shop)
            self.sync_button.setEnabled(self._shop is not None and not running_here)
        if self.preview_button is not None:
            self.preview_button.setEnabled(self._shop is not None and not running_here)

    def _on_engine_busy_changed(self, _busy: bool) -> None:
        self._update_sync_button()

    def open_preview(self) -> PreviewDialog | None:
        """Open the preview of this tab's resources for the selected shop (window-modal,
        not blocking) and start it."""
        if self._shop is None:
            return None
        self.preview_dialog = PreviewDialog(
            self._engine, self._shop, self.preview_resources or (self.resource,), self)
        self.preview_dialog.destroyed.connect(self._on_preview_dialog_destroyed)
        self.preview_dialog.open()
        self.preview_dialog.start()
        return self.preview_dialog

    def _on_preview_dialog_destroyed(self) -> None:
        self.preview_dialog = None  # closed: deleted with its C++ object

    @asyncSlot()
    async def _on_sync_button_clicked(self) -> SyncResult | None:
        return await self.run_sync()

    async def run_sync(self, *, confirmed: bool = False) -> SyncResult | None:
        """Sync this tab's resource for the selected shop; a failure opens a message box.
        Unless `confirmed`, a sync that would write to Shopify beyond the Shop Card's limit
        waits for the merchant's go-ahead (`ui.sync_confirmation`; None now)."""
        shop = self._shop
        if shop is None:
            return None
        if not confirmed and await held_for_confirmation(
                self, self._engine, shop, self.resource,
                lambda: self.run_sync(confirmed=True)):
            return None
        failures: list[AppError] = []

        def on_failed(failed_shop: str, resource: str, error: object) -> None:
            if failed_shop == shop and resource == self.resource.value:
                failures.append(error)  # type: ignore[arg-type]

        self._engine.failed.connect(on_failed)
        if self.sync_button is not None:
            self.sync_button.setEnabled(False)
        result: SyncResult | None = None
        try:
            result = await self._engine.sync(shop, self.resource)
        except AppError as exc:  # expected failures; bugs go to the excepthook
            failures.append(exc)
        finally:
            self._engine.failed.disconnect(on_failed)
            self._update_sync_button()
        if failures:
            self.last_error = failures[-1]
            feedback.show_error(self, failures[-1])
        shown = [label.text() for label in self._status_lines()]
        self.sync_done.emit(result)
        if self._shop != shop:  # another shop is shown now: the result waits for its own
            for index, (label, text) in enumerate(zip(self._status_lines(), shown, strict=True)):
                self._status_by_shop[(index, shop)] = label.text()
                label.setText(text)
        return result
