"""Sync history dialog, schedule dialog and the status-bar scheduler indicator.

The first test runs a real customers sync on the in-process demo shop (through the window's
engine and the real service), so the history shows what the service recorded; the others
seed runs with the store's own run functions, which is what the service calls.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from test_screenshots import colour_stats
from ui_helpers import SCREENSHOTS, SignalWaiter, wait_until

from desktop_app.app import DEMO_SETTINGS
from desktop_app.store import customer_templates, schedules, shops
from desktop_app.store.models import SyncRun
from desktop_app.store.runs import RunFilter, find_runs, finish_run, start_run
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.sync.schedule_timer import Scheduler
from desktop_app.ui.dialogs.history_dialog import ErrorColumn, RunColumn

UTC = dt.timezone.utc


def _cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def _seed_run(shop: str, resource: str, status: str, *, failed: int = 0,
              errors: tuple[tuple[str, str, str], ...] = (), days_ago: float = 0,
              message: str = "") -> int:
    run = start_run(shop, resource)
    result = SyncResult(resource, created=2, updated=1, failed=failed, api_cost=10.0,
                        requests=3)
    for record, field, text in errors:
        result.fail(record, field, text)
    result.failed = failed
    finish_run(run, status, result, message=message)
    if days_ago:
        started = dt.datetime.now(UTC) - dt.timedelta(days=days_ago)
        SyncRun.update(started_at=started, finished_at=started + dt.timedelta(seconds=4)
                       ).where(SyncRun.id == run).execute()
    return run


@pytest.fixture
def demo_rules():
    """The first-start demo settings: import all Shopify customers, auto-create locally."""
    customer_templates.save_customer_template(
        {"code": "RETAIL", "description": "Retail customers", "category": "person"})
    shops.update_shop_settings("DEMO", DEMO_SETTINGS)


async def test_history_lists_a_real_sync_and_retry_failed_runs_it_again(
        window, context, demo_rules):
    # A template for GB only: the customers of other countries fail (no template). (Those
    # without an address are created since issue 17, from the shop's country's template.)
    shops.update_shop_settings("DEMO", {"customer_template": ""})
    customer_templates.set_shop_customer_template("DEMO", "GB", template_code="RETAIL")
    result = await context.engine.sync("DEMO", Resource.CUSTOMERS)
    assert result is not None and result.created > 0 and result.failed > 0  # no template
    dialog = window.show_history()
    assert dialog.isVisible()
    model = dialog.runs_model
    assert model.rowCount() == 1
    run = dialog.selected_run()
    assert (run.shop, run.resource, run.status) == ("DEMO", "customers", "partial")
    assert (run.created, run.failed, run.requests) == (result.created, result.failed,
                                                       result.requests)
    assert _cell(model, 0, RunColumn.STATUS) == "Some records failed"
    assert _cell(model, 0, RunColumn.RESOURCE) == "Customers"
    assert _cell(model, 0, RunColumn.CREATED) == str(result.created)
    assert _cell(model, 0, RunColumn.FINISHED)  # ended, so a finish time is shown
    # The per-record errors of the selected run, as the job reported them.
    errors = dialog.errors_model
    assert errors.rowCount() == result.failed
    # Each record by its name and e-mail (issue 18); the GID the run named is the tooltip.
    shown = [_cell(errors, r, ErrorColumn.RECORD) for r in range(errors.rowCount())]
    assert all(text and not text.startswith("gid://") for text in shown), shown
    tips = {errors.data(errors.index(r, ErrorColumn.RECORD), Qt.ItemDataRole.ToolTipRole)
            for r in range(errors.rowCount())}
    assert tips == {e.record for e in result.errors}
    assert str(result.failed) in dialog.errors_label.text()

    assert dialog.retry_button.isEnabled()
    started = SignalWaiter(context.engine.started)
    dialog.retry_button.click()
    assert await started.wait() == ("DEMO", "customers")
    assert not dialog.retry_button.isEnabled()  # no second click while it runs
    retried = SignalWaiter(dialog.retry_done)
    second = (await retried.wait(timeout=20))[0]
    assert second is not None and second.failed == result.failed  # same records, still bad
    assert model.rowCount() == 2
    newest = dialog.selected_run()
    assert newest.id != run.id and newest.requests >= 1
    assert dialog.retry_button.isEnabled()


async def test_filters_by_shop_resource_status_and_period(window):
    shops.create_shop("EU", is_demo=True)
    _seed_run("DEMO", "customers", "ok")
    _seed_run("DEMO", "orders", "failed", message="Shopify refused the access token")
    _seed_run("EU", "customers", "partial", failed=1,
              errors=(("C00042", "phone", "Phone has already been taken"),))
    _seed_run("EU", "orders", "cancelled", days_ago=10)
    dialog = window.show_history()
    model = dialog.runs_model

    def shown() -> set[tuple[str, str, str]]:
        return {(model.run(r).shop, model.run(r).resource, model.run(r).status)
                for r in range(model.rowCount())}

    assert dialog.shop_combo.currentData() == "DEMO"  # opens on the window's shop
    assert shown() == {("DEMO", "customers", "ok"), ("DEMO", "orders", "failed")}
    dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findText("All shops"))
    assert model.rowCount() == 4
    dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findData("EU"))
    assert shown() == {("EU", "customers", "partial"), ("EU", "orders", "cancelled")}
    dialog.resource_combo.setCurrentIndex(dialog.resource_combo.findData("customers"))
    assert shown() == {("EU", "customers", "partial")}
    assert dialog.errors_model.rowCount() == 1
    # Issue 18: the field as the window labels it (the customer dialog's "Phone").
    assert _cell(dialog.errors_model, 0, ErrorColumn.FIELD) == "Phone"
    dialog.shop_combo.setCurrentIndex(0)
    dialog.resource_combo.setCurrentIndex(0)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Problems only"))
    assert shown() == {("DEMO", "orders", "failed"), ("EU", "customers", "partial")}
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Cancelled"))
    assert shown() == {("EU", "orders", "cancelled")}
    dialog.period_combo.setCurrentIndex(dialog.period_combo.findText("Last 7 days"))
    assert model.rowCount() == 0
    assert dialog.runs_view.is_showing_empty_text()
    assert not dialog.retry_button.isEnabled() and not dialog.export_button.isEnabled()
    dialog.status_combo.setCurrentIndex(0)
    assert len(shown()) == 3  # the 10-day-old run stays outside the period
    # A run that succeeded offers no retry; a failed run shows its message.
    for row in range(model.rowCount()):
        dialog.select_run(model.run(row).id)
        run = dialog.selected_run()
        assert dialog.retry_button.isEnabled() == (run.status in ("failed", "partial"))
        if run.status == "failed":
            assert "refused the access token" in dialog.errors_label.text()


async def test_sorting_by_a_column_keeps_the_selection_on_the_same_run(window, qtmodeltester):
    _seed_run("DEMO", "customers", "ok")
    _seed_run("DEMO", "orders", "partial", failed=2,
              errors=(("#1001", "customer", "ambiguous"), ("#1002", "total", "mismatch")))
    dialog = window.show_history()
    dialog.runs_view.sortByColumn(RunColumn.FAILED, Qt.SortOrder.AscendingOrder)
    top = dialog.runs_proxy.index(0, 0)
    dialog.runs_view.setCurrentIndex(top)
    run = dialog.selected_run()
    assert run.failed == 0 and dialog.errors_model.rowCount() == 0
    last = dialog.runs_proxy.index(1, 0, QModelIndex())
    dialog.runs_view.setCurrentIndex(last)
    assert dialog.selected_run().failed == 2 and dialog.errors_model.rowCount() == 2
    qtmodeltester.check(dialog.runs_model)
    qtmodeltester.check(dialog.errors_model)


# Export CSV… (the file dialog driven by hand, in both languages): test_history_export.py


async def test_history_follows_new_runs_while_open(window, context, jobs):
    async def quick(ctx):
        ctx.result.created = 5

    jobs[Resource.ORDERS] = quick  # the service holds this dict: the next orders sync uses it
    dialog = window.show_history()
    assert dialog.runs_model.rowCount() == 0
    assert await context.engine.sync("DEMO", Resource.ORDERS) is not None
    await wait_until(lambda: dialog.runs_model.rowCount() == 1)
    assert dialog.selected_run().created == 5


async def test_schedule_dialog_saves_and_the_status_bar_shows_the_next_run(window, qtbot):
    assert not window.schedule_status_label.isVisible()
    dialog = window.show_schedules()
    assert dialog.combo("DEMO", "customers").currentText() == "Off"
    dialog.set_interval("DEMO", "customers", 15)
    dialog.set_interval("DEMO", "orders", 1440)
    await wait_until(dialog.isVisible)
    await asyncio.sleep(0.05)  # let the posted layout requests run before grabbing
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = dialog.grab().toImage()
    assert image.save(str(SCREENSHOTS / "schedules.png"))
    assert dialog.save()
    dialog.accept()
    assert {(s.resource, s.interval_minutes) for s in schedules.list_schedules("DEMO")} == {
        ("customers", 15), ("orders", 1440)}
    assert [(j.resource, j.interval_minutes) for j in window.scheduler.jobs()] == [
        ("customers", 15), ("orders", 1440)]
    await wait_until(window.schedule_status_label.isVisible)
    assert window.schedule_status_label.text().startswith(
        "Next scheduled sync: customers of DEMO at")
    window.resize(1280, 800)
    await asyncio.sleep(0.05)  # let the resize lay the window out before grabbing
    assert window.grab().toImage().save(str(SCREENSHOTS / "schedule_status_bar.png"))
    again = window.show_schedules()
    assert again.combo("DEMO", "customers").currentData() == 15
    assert again.next_labels["DEMO"].text().startswith("Customers at")
    again.set_interval("DEMO", "customers", 0)
    again.set_interval("DEMO", "orders", 0)
    assert again.save()
    again.accept()
    assert schedules.list_schedules() == []
    await wait_until(lambda: not window.schedule_status_label.isVisible())


async def test_an_interval_set_from_the_command_line_is_shown_and_kept(window, qtbot):
    """`schedules add --every 7` is not one of the window's choices: the dialog shows it as it
    is and OK keeps it (it used to show "Off" and turn the schedule off)."""
    schedules.set_schedule("DEMO", "orders", 7)
    dialog = window.show_schedules()
    combo = dialog.combo("DEMO", "orders")
    assert (combo.currentData(), combo.currentText()) == (7, "Every 7 minutes")
    dialog.set_interval("DEMO", "customers", 15)
    assert dialog.save()
    dialog.accept()
    assert {(s.resource, s.interval_minutes) for s in schedules.list_schedules("DEMO")} == {
        ("customers", 15), ("orders", 7)}


async def test_a_due_schedule_runs_through_the_real_engine(window, context, jobs):
    """A scheduler on the window's engine, with a clock an hour ahead, starts the sync."""
    async def quick(ctx):
        ctx.result.updated = 1

    jobs[Resource.ORDERS] = quick
    schedules.set_schedule("DEMO", "orders", 60)
    later = dt.datetime.now(UTC) + dt.timedelta(minutes=61)
    scheduler = Scheduler(context.engine, clock=lambda: later, parent=window)
    scheduler.reload()
    finished = SignalWaiter(scheduler.run_finished)
    assert scheduler.tick() == [("DEMO", "orders")]
    assert scheduler.tick() == []  # running: not queued a second time
    assert await finished.wait() == ("DEMO", "orders")
    runs = find_runs(RunFilter(shop="DEMO", resource="orders"))
    assert [(r.status, r.updated) for r in runs] == [("ok", 1)]
    assert scheduler.upcoming().next_run > later  # the new run is the anchor


async def test_history_screenshot(window, context):
    shops.create_shop("EU", name="EU store", is_demo=True)
    _seed_run("DEMO", "customers", "ok", days_ago=2)
    _seed_run("EU", "orders", "failed", message="Shopify refused the access token",
              days_ago=1)
    _seed_run("DEMO", "customers", "partial", failed=3, errors=(
        ("gid://shopify/Customer/8100000000146", "address",
         "cannot create: the Shopify customer has no address"),
        ("C00042", "phone", "Phone has already been taken"),
        ("C00057", "email", "Email is invalid")))
    dialog = window.show_history()
    dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findText("All shops"))
    dialog.select_run(dialog.runs_model.run(0).id)  # the newest: three record errors
    dialog.resize(1100, 640)
    await wait_until(dialog.isVisible)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = dialog.grab().toImage()
    path = SCREENSHOTS / "history.png"
    assert image.save(str(path))
    colours, top_share = colour_stats(image)
    assert colours >= 20 and top_share < 0.9


def test_cli_log_filters_keep_the_json_keys_and_write_csv(tmp_path, capsys, memory_keyring):
    """`shop-sync log` with --shop/--resource/--failed-only/--csv (in-process, own data dir)."""
    import json

    from desktop_app import paths
    from desktop_app.cli import main
    from desktop_app.store.database import close_database, open_database

    data = str(tmp_path / "cli-data")
    assert main(["--data-dir", data, "shop", "add", "DEMO", "--demo"]) == 0
    assert main(["--data-dir", data, "shop", "add", "EU", "--demo"]) == 0
    open_database(paths.database_path(paths.data_dir(data)))
    try:
        _seed_run("DEMO", "customers", "ok")
        _seed_run("DEMO", "orders", "failed", message="Shopify refused the access token")
        _seed_run("EU", "customers", "partial", failed=1,
                  errors=(("C00042", "phone", "Phone has already been taken"),))
    finally:
        close_database()
    capsys.readouterr()

    def log(*args: str) -> tuple[int, str]:
        code = main(["--data-dir", data, *args])
        return code, capsys.readouterr().out

    code, out = log("--json", "log")
    runs = json.loads(out)
    assert code == 0 and len(runs) == 3
    assert {"id", "shop", "resource", "status", "started_at", "finished_at", "seconds",
            "created", "updated", "skipped", "failed", "api_cost", "requests", "message",
            "errors"} <= set(runs[0])
    code, out = log("--json", "log", "--shop", "EU")
    assert [(r["shop"], r["resource"]) for r in json.loads(out)] == [("EU", "customers")]
    assert json.loads(out)[0]["errors"] == [{"record": "C00042", "field": "phone",
                                             "code": "unexpected",
                                             "message": "Phone has already been taken",
                                             "resolved": False}]
    code, out = log("--json", "log", "--resource", "customers")
    assert {r["shop"] for r in json.loads(out)} == {"DEMO", "EU"}
    code, out = log("--json", "log", "--failed-only")
    assert {(r["shop"], r["status"]) for r in json.loads(out)} == {
        ("DEMO", "failed"), ("EU", "partial")}
    target = tmp_path / "log.csv"
    code, out = log("log", "--failed-only", "--shop", "DEMO", "--csv", str(target))
    assert code == 0 and f"1 rows written to {target}" in out
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["shop"], r["resource"], r["status"], r["message"]) for r in rows] == [
        ("DEMO", "orders", "failed", "Shopify refused the access token")]
    code, out = log("log", "--shop", "NOPE")
    assert code == 2
    code, out = log("log", "--shop", "EU", "--resource", "orders")
    assert code == 0 and "No sync run matches." in out


async def test_status_bar_shows_the_running_scheduled_sync(window, context, jobs, monkeypatch):
    from ui_helpers import SlowJob

    job = SlowJob(pages=300, delay=0.01)
    jobs[Resource.CUSTOMERS] = job
    schedules.set_schedule("DEMO", "customers", 5)
    later = dt.datetime.now(UTC) + dt.timedelta(minutes=6)
    monkeypatch.setattr(window.scheduler, "_clock", lambda: later)
    window.scheduler.reload()
    assert window.scheduler.tick() == [("DEMO", "customers")]
    await job.started.wait()
    assert window.schedule_status_label.text() == "Scheduled: syncing customers of DEMO"
    assert window.progress_bar.isVisible()  # the window's own progress shows it as well
    window.cancel_button.click()
    await wait_until(lambda: window.scheduler.running() == [])
    assert job.cancelled
    assert window.schedule_status_label.text().startswith(
        "Next scheduled sync: customers of DEMO at")
