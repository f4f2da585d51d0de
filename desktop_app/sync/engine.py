"""SyncEngine: runs the sync jobs for the window on the qasync loop and reports by signals.

The jobs themselves live in `sync.service.SyncService` (Qt-free, also used by the CLI); this
class only adds Qt signals, one-run-per-shop serialisation and cancellation, for the syncs
and for the order actions (`run_action`), which count as busy and are cancelled alike.

Signals (values, never translated text):
    started(shop_code: str, resource: str)
    progress(shop_code: str, resource: str, done: int, total: int)   total -1 = unknown
    issue(shop_code: str, resource: str, issue: RecordIssue)          a per-record problem
    finished(shop_code: str, resource: str, result: SyncResult)
    failed(shop_code: str, resource: str, error: AppError)
    changed(resource: str)                                          data changed: reload views
    busy_changed(busy: bool)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop_app.errors import AppError
from desktop_app.sync.collector import dispose, full_passes_held_back
from desktop_app.sync.results import ORDER_ACTIONS, RecordIssue, Resource, SyncResult

if TYPE_CHECKING:
    from desktop_app.sync.context import Reporter
    from desktop_app.sync.orders import OrderAction
    from desktop_app.sync.service import ShopInfo, SyncService

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class _SignalReporter:
    """Adapts the service's reporter calls to the engine's signals."""

    def __init__(self, engine: SyncEngine, shop_code: str, resource: str) -> None:
        self._engine = engine
        self._shop = shop_code
        self._resource = resource

    def progress(self, done: int, total: int) -> None:
        self._engine.progress.emit(self._shop, self._resource, done, total)

    def issue(self, issue: RecordIssue) -> None:
        self._engine.issue.emit(self._shop, self._resource, issue)


class SyncEngine(QObject):
    started = Signal(str, str)
    progress = Signal(str, str, int, int)
    issue = Signal(str, str, object)
    finished = Signal(str, str, object)
    failed = Signal(str, str, object)
    changed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, service: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._tasks: dict[str, set[asyncio.Task]] = {}

    @property
    def service(self) -> SyncService:
        return self._service

    def is_busy(self, shop_code: str | None = None) -> bool:
        if shop_code is None:
            return bool(self._tasks)
        return shop_code in self._tasks

    async def sync(self, shop_code: str, resource: Resource | str, *,
                   retry_failed: bool = False) -> SyncResult | None:
        """Run one sync; returns its result, or None when it failed or was cancelled.
        While the window's collector policy holds the full passes back, the result's
        `changes` are left empty: they are recorded in the history
        (`store.record_history`), and the window reads them from there.

        `retry_failed`: decide every failed record again (`SyncService.sync`).

        Failures are reported through `failed`; per-record problems through `issue`.
        """
        resource = Resource(resource)
        self.started.emit(shop_code, resource.value)
        reporter = _SignalReporter(self, shop_code, resource.value)
        options = {"retry_failed": True} if retry_failed else {}
        task = asyncio.ensure_future(self._service.sync(shop_code, resource, reporter, **options))
        self._track(shop_code, task)
        try:
            result = await task
        except asyncio.CancelledError:
            if not task.cancelled():  # we were cancelled ourselves, not the job
                raise
            result = SyncResult(resource.value, cancelled=True)
            self.finished.emit(shop_code, resource.value, result)
            self.changed.emit(resource.value)
            return None
        except AppError as exc:
            self.failed.emit(shop_code, resource.value, exc)
            self.changed.emit(resource.value)
            return None
        finally:
            self._untrack(shop_code, task)
        self.finished.emit(shop_code, resource.value, result)
        self.changed.emit(resource.value)
        # The per-record changes are in the history now, and nothing in the window reads
        # them: freed off the event loop (`collector.dispose`), not when the last reference
        # to the result goes (100,000 changes: about 0.1 s of the loop's time, issue 21).
        # Only while the window's policy holds the full passes back (as it does at every
        # run's end): otherwise the run may have frozen them (`build_index_frozen`), and
        # frozen objects are not freed behind the collector's back.
        if full_passes_held_back():
            changes, result.changes = result.changes, []
            dispose(changes)
        return result

    async def run_action(self, shop_code: str, action: OrderAction,
                         what: str = "", *, recorded_as: str = ORDER_ACTIONS
                         ) -> SyncResult | None:
        """Run one order action (`SyncService.run_action`: under the shop's lock, recorded
        in the history) for the window, tracked like a sync: the engine is busy while it
        runs and `cancel` stops it; `recorded_as` its resource in the history
        (`SyncService.run_action`). Returns its result, None when it was cancelled.

        Raises:
            AppError: the action failed as a whole (the caller says why, as before).
        """
        return await self._tracked(shop_code,
                                   self._service.run_action(shop_code, action, what,
                                                            recorded_as=recorded_as))

    async def preview(self, shop_code: str, resource: Resource | str,
                      reporter: Reporter | None = None) -> SyncResult | None:
        """Run a preview of one sync (`SyncService.sync(preview=True)`: changes nothing)
        for the window, tracked like a sync: the engine is busy while it runs and `cancel`
        stops it; `reporter` is told its progress. No `started`/`finished`/`changed`
        signal: nothing changed. Returns its result, None when it was cancelled.

        Raises:
            AppError: the preview failed as a whole (the caller says why).
        """
        return await self._tracked(shop_code, self._service.sync(
            shop_code, Resource(resource), reporter, preview=True))

    async def preview_runs(self, shop_code: str, resources: tuple[Resource, ...]
                           ) -> list[SyncResult] | None:
        """Preview the syncs of `resources` in a row (`SyncService.preview_runs`: Sync all's
        question), tracked like `preview`; None when cancelled.

        Raises:
            AppError: the preview failed as a whole.
        """
        return await self._tracked(shop_code, self._service.preview_runs(shop_code, resources))

    async def _tracked(self, shop_code: str, work: Coroutine[object, object, _T]) -> _T | None:
        """Run `work` (an order action, a preview) as a task of the shop, busy and
        cancellable like a sync; its result, None when it was cancelled."""
        task = asyncio.ensure_future(work)
        self._track(shop_code, task)
        try:
            return await task
        except asyncio.CancelledError:
            if not task.cancelled():  # we were cancelled ourselves, not the work
                raise
            return None
        finally:
            self._untrack(shop_code, task)

    async def test_connection(self, shop_code: str) -> ShopInfo:
        return await self._service.test_connection(shop_code)

    def cancel(self, shop_code: str | None = None) -> None:
        """Cancel the running sync of one shop, or of every shop."""
        for code, tasks in list(self._tasks.items()):
            if shop_code is None or code == shop_code:
                for task in tasks:
                    task.cancel()

    def _track(self, shop_code: str, task: asyncio.Task) -> None:
        was_busy = bool(self._tasks)
        self._tasks.setdefault(shop_code, set()).add(task)
        if not was_busy:
            self.busy_changed.emit(True)

    def _untrack(self, shop_code: str, task: asyncio.Task) -> None:
        tasks = self._tasks.get(shop_code, set())
        tasks.discard(task)
        if not tasks:
            self._tasks.pop(shop_code, None)
        if not self._tasks:
            self.busy_changed.emit(False)
