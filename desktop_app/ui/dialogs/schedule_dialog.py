"""ScheduleDialog: how often each resource of each shop is synced (by the window while it is
open, and by `shop-sync scheduler` without it: the same schedules).

One row per shop, one interval box per resource this build can sync. OK saves the changed
boxes through `sync.shop_admin.ShopAdmin.set_schedule` and tells the scheduler to reload.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import AppError
from desktop_app.store import schedules, shops
from desktop_app.store.schedules import INTERVALS
from desktop_app.sync.shop_admin import ShopAdmin
from desktop_app.ui import feedback
from desktop_app.ui.models.sync_log_model import resource_label
from desktop_app.ui.plurals import plural

#: Labels of the intervals (minutes), "off" being 0.
INTERVAL_LABELS = {
    0: QT_TRANSLATE_NOOP("ScheduleDialog", "Off"),
    5: QT_TRANSLATE_NOOP("ScheduleDialog", "Every 5 minutes"),
    15: QT_TRANSLATE_NOOP("ScheduleDialog", "Every 15 minutes"),
    30: QT_TRANSLATE_NOOP("ScheduleDialog", "Every 30 minutes"),
    60: QT_TRANSLATE_NOOP("ScheduleDialog", "Every hour"),
    240: QT_TRANSLATE_NOOP("ScheduleDialog", "Every 4 hours"),
    1440: QT_TRANSLATE_NOOP("ScheduleDialog", "Daily"),
}


def interval_label(minutes: int) -> str:
    text = INTERVAL_LABELS.get(minutes)
    if text:
        return QCoreApplication.translate("ScheduleDialog", text)
    # An interval set from the command line: shown as it is, kept unless changed.
    return plural("ScheduleDialog", "Every %n minute(s)", minutes)


class ScheduleDialog(QDialog):
    """Edits the schedules of every shop; `save()` is what OK does."""

    def __init__(self, scheduler, resources: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_dialog")
        self.setWindowTitle(self.tr("Scheduled syncs"))
        self._scheduler = scheduler
        self._resources = list(resources)
        self._combos: dict[tuple[str, str], QComboBox] = {}
        self._initial: dict[tuple[str, str], int] = {}
        self.last_error: AppError | None = None

        intro = QLabel(self.tr(
            "Shop Sync runs these syncs by itself while it is open, one at a time per shop; "
            "a new schedule runs at once. A sync that was started some other way in the "
            "meantime counts as the last run. To run these same schedules while Shop Sync is "
            "closed, have your system start the command shop-sync scheduler --once every "
            "minute (cron, a systemd timer or Task Scheduler; see the README)."), self)
        intro.setObjectName("schedule_intro_label")
        intro.setWordWrap(True)

        grid_widget = QWidget(self)
        grid = QGridLayout(grid_widget)
        grid.addWidget(self._header(self.tr("Shop")), 0, 0)
        for column, resource in enumerate(self._resources, start=1):
            grid.addWidget(self._header(resource_label(resource)), 0, column)
        grid.addWidget(self._header(self.tr("Next run")), 0, len(self._resources) + 1)
        current = {(s.shop, s.resource): s.interval_minutes for s in schedules.list_schedules()}
        next_runs = self._next_runs()
        self.next_labels: dict[str, QLabel] = {}
        for row, shop in enumerate(shops.list_shops(), start=1):
            name = QLabel(shop.code if shop.name in ("", shop.code)
                          else f"{shop.code} — {shop.name}", grid_widget)
            grid.addWidget(name, row, 0)
            for column, resource in enumerate(self._resources, start=1):
                combo = QComboBox(grid_widget)
                combo.setObjectName(f"schedule_combo_{shop.code}_{resource}")
                combo.setAccessibleName(
                    self.tr("%1 of %2: interval").replace("%1", resource_label(resource))
                    .replace("%2", shop.code))
                value = current.get((shop.code, resource), 0)
                for minutes in sorted({0, *INTERVALS, value}):
                    combo.addItem(interval_label(minutes), minutes)
                combo.setCurrentIndex(max(combo.findData(value), 0))
                self._combos[(shop.code, resource)] = combo
                self._initial[(shop.code, resource)] = value
                grid.addWidget(combo, row, column)
            label = QLabel(next_runs.get(shop.code, self.tr("—")), grid_widget)
            label.setObjectName(f"schedule_next_{shop.code}_label")
            self.next_labels[shop.code] = label
            grid.addWidget(label, row, len(self._resources) + 1)
        grid.setRowStretch(grid.rowCount(), 1)
        grid.setColumnStretch(len(self._resources) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setObjectName("schedule_scroll_area")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_widget)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def _header(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _next_runs(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        for job in self._scheduler.jobs():  # soonest first
            if job.shop not in texts:
                when = job.next_run.astimezone()
                texts[job.shop] = (self.tr("%1 at %2").replace("%1", resource_label(job.resource))
                                   .replace("%2", _short(when)))
        return texts

    def combo(self, shop: str, resource: str) -> QComboBox:
        """The interval box of one shop and resource."""
        return self._combos[(shop, resource)]

    def set_interval(self, shop: str, resource: str, minutes: int) -> None:
        combo = self.combo(shop, resource)
        combo.setCurrentIndex(combo.findData(minutes))

    def save(self) -> bool:
        """Store the changed intervals and reload the scheduler; False if the store refused."""
        try:
            for key, combo in self._combos.items():
                minutes = int(combo.currentData() or 0)
                if minutes != self._initial[key]:
                    ShopAdmin.set_schedule(key[0], key[1], minutes)
                    self._initial[key] = minutes
        except AppError as exc:
            self.last_error = exc
            feedback.show_error(self, exc)
            return False
        finally:
            self._scheduler.reload()
        return True

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()


def _short(when: dt.datetime) -> str:
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)
