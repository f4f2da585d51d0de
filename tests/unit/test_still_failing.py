"""A record failing exactly as on the last completed run is "still failing", not news.

It stays listed (history, result, log), but the result counts it apart, the CLI lists new
failures first and the log panel's summary is only a warning when something new failed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from desktop_app.store import runs, shops
from desktop_app.sync.results import RecordIssue, Resource, SyncResult
from desktop_app.sync.service import SyncService


class Reporter:
    def __init__(self) -> None:
        self.issues: list[RecordIssue] = []

    def progress(self, done: int, total: int) -> None:
        pass

    def issue(self, issue: RecordIssue) -> None:
        self.issues.append(issue)


@pytest.fixture
def shop(db):
    shops.create_shop("MAIN", is_demo=True)
    return "MAIN"


async def _sync(tmp_path, shop: str, failures, *, raises: BaseException | None = None):
    async def job(ctx) -> None:
        for record, field_name, message in failures:
            ctx.fail(record, field_name, message)
        if raises is not None:
            raise raises

    service = SyncService(vault=None, data_dir=tmp_path, jobs={Resource.CUSTOMERS: job})
    reporter = Reporter()
    try:
        result = await service.sync(shop, Resource.CUSTOMERS, reporter)
    finally:
        await service.aclose()
    return result, reporter.issues


async def test_failures_repeating_the_last_run_are_counted_as_still_failing(shop, tmp_path):
    first, _ = await _sync(tmp_path, shop, [("C1", "address", "no address"),
                                            ("C2", "phone", "taken by C9")])
    assert (first.failed, first.still_failing, first.newly_failed) == (2, 0, 2)

    second, issues = await _sync(tmp_path, shop, [
        ("C1", "address", "no address"),      # the same: still failing
        ("C2", "phone", "taken by C7"),       # another message: new
        ("C3", "address", "no address"),      # another record: new
    ])

    assert [i.repeated for i in issues] == [True, False, False]
    assert [e.repeated for e in second.errors] == [True, False, False]
    assert (second.failed, second.still_failing, second.newly_failed) == (3, 1, 2)
    data = second.to_json()
    assert data["still_failing"] == 1
    assert data["errors"][0] == {"record": "C1", "field": "address", "message": "no address",
                                 "repeated": True, "code": "unexpected"}
    # Every failure is still recorded in the history, repeated or not.
    assert [e["record"] for e in runs.run_dicts(runs.RunFilter(limit=1))[0]["errors"]] == ["C1", "C2", "C3"]


async def test_only_the_last_completed_run_counts(shop, tmp_path):
    await _sync(tmp_path, shop, [("C1", "address", "no address")])
    # A run that broke off (here: the network failed) lists only what it reached.
    from desktop_app.errors import NetworkError

    with pytest.raises(NetworkError):
        await _sync(tmp_path, shop, [], raises=NetworkError("down"))
    again, _ = await _sync(tmp_path, shop, [("C1", "address", "no address")])
    assert again.still_failing == 1
    # Another resource's failures are not compared with.
    assert runs.last_run_failures(shop, "companies") == frozenset()


async def test_a_fixed_record_failing_again_later_is_new(shop, tmp_path):
    await _sync(tmp_path, shop, [("C1", "address", "no address")])
    await _sync(tmp_path, shop, [])
    later, _ = await _sync(tmp_path, shop, [("C1", "address", "no address")])
    assert later.still_failing == 0


class _Engine(QObject):
    started = Signal(str, str)
    issue = Signal(str, str, object)
    finished = Signal(str, str, object)
    failed = Signal(str, str, object)


def test_log_panel_marks_still_failing_and_warns_only_for_new_failures(qtbot):
    from desktop_app.ui.models.sync_log_model import Level
    from desktop_app.ui.widgets.sync_log_panel import SyncLogPanel

    engine = _Engine()
    panel = SyncLogPanel(engine)
    qtbot.addWidget(panel)
    engine.issue.emit("D", "customers", RecordIssue("C1", "address", "no address", True))
    engine.finished.emit("D", "customers",
                         SyncResult("customers", failed=1, still_failing=1))
    engine.finished.emit("D", "customers",
                         SyncResult("customers", failed=3, still_failing=1))
    engine.finished.emit("D", "customers", SyncResult("customers", failed=2))

    rows = [panel.model.entry(r) for r in range(panel.model.rowCount())]
    assert rows[0].message == "no address (still failing, as on the last sync)"
    assert rows[0].level == Level.WARNING
    assert rows[1].message == ("Sync finished: 1 failed "
                               "(0 new, 1 still failing as on the last sync)")
    assert rows[1].level == Level.INFO
    assert rows[2].level == Level.WARNING
    assert rows[3].message == "Sync finished: 2 failed"
    assert rows[3].level == Level.WARNING
