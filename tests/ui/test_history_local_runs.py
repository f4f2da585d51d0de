"""Issue 15 in the window: a run's warnings (done, but worth a look) are kept with it and shown
in the history dialog and the sync log apart from its errors; a customer deleted or edited in
the window is a recorded run of no shop, listed under "Without a shop" with "(no shop)".

Real window, real engine and service (tests/ui/conftest.py); the job of the first test is a
stand-in that reports what a sync would, through the service's own recording."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import wait_until

from desktop_app.store import customers
from desktop_app.sync.results import Resource
from desktop_app.ui.dialogs.customer_dialog import CustomerDialog
from desktop_app.ui.dialogs.history_dialog import ErrorColumn, RunColumn
from desktop_app.ui.models.sync_log_model import Column, Level


def _cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


async def test_a_syncs_warnings_show_in_the_history_and_the_log_apart_from_its_errors(
        window, context, jobs, qtmodeltester):
    async def with_a_warning(ctx):
        ctx.result.created = 1
        ctx.fail("#1002", "customer", "no customer matches")
        ctx.result.warn("#1001", "ship_to_name", "field_cut",
                        "Ship-to name cut to 100 characters")

    jobs[Resource.ORDERS] = with_a_warning
    assert await context.engine.sync("DEMO", Resource.ORDERS) is not None

    dialog = window.show_history()
    run = dialog.selected_run()
    assert (run.resource, run.failed, run.error_count, run.warning_count) == ("orders", 1, 1, 1)
    rows = dialog.errors_model
    assert rows.rowCount() == 2
    shown = [(_cell(rows, r, ErrorColumn.KIND), _cell(rows, r, ErrorColumn.RECORD),
              _cell(rows, r, ErrorColumn.FIELD), _cell(rows, r, ErrorColumn.RESOLVED))
             for r in range(2)]
    assert shown == [("Error", "#1002", "Customer", "No"),
                     ("Warning", "#1001", "Name (ship-to)", "")]  # a warning is never resolved
    assert _cell(rows, 0, ErrorColumn.MESSAGE, Qt.ItemDataRole.ForegroundRole) is None
    warning_colour = _cell(rows, 1, ErrorColumn.MESSAGE, Qt.ItemDataRole.ForegroundRole)
    assert warning_colour.color().name() == "#1a5fb4"  # the sync log's colour of warnings
    assert "warnings (done, but worth a look): 1" in dialog.errors_label.text()
    qtmodeltester.check(rows)

    log = window.log_panel.model
    notes = [log.entry(r) for r in range(log.rowCount()) if log.entry(r).level == Level.NOTE]
    assert [(n.record, n.field, n.message) for n in notes] == [
        ("#1001", "ship_to_name", "Warning: Ship-to name cut to 100 characters")]
    row = next(r for r in range(log.rowCount()) if log.entry(r).level == Level.NOTE)
    failure = next(r for r in range(log.rowCount()) if log.entry(r).record == "#1002")
    assert (log.data(log.index(row, Column.MESSAGE), Qt.ItemDataRole.ForegroundRole).color()
            != log.data(log.index(failure, Column.MESSAGE),
                        Qt.ItemDataRole.ForegroundRole).color())


async def test_a_customer_deleted_in_the_window_is_a_recorded_run_without_a_shop(window):
    customers.upsert_customers([{"no": "C3", "name": "Cleo Ito"}])
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    await wait_until(lambda: tab.model.row_of("C3") >= 0)
    assert tab.delete_customer("C3")
    assert "C3" not in {c.no for c in customers.list_customers()}

    dialog = window.show_history()
    assert dialog.shop_combo.currentData() == "DEMO"  # the window's shop: not a DEMO run
    assert dialog.runs_model.rowCount() == 0
    dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findText("Without a shop"))
    assert dialog.runs_model.rowCount() == 1
    model = dialog.runs_model
    assert _cell(model, 0, RunColumn.SHOP) == "(no shop)"
    assert _cell(model, 0, RunColumn.RESOURCE) == "Local customers"
    assert _cell(model, 0, RunColumn.STATUS) == "Done"
    assert _cell(model, 0, RunColumn.MESSAGE) == "customers delete C3: Cleo Ito deleted."
    assert not dialog.retry_button.isEnabled()  # not a sync: nothing to retry
    dialog.shop_combo.setCurrentIndex(dialog.shop_combo.findText("All shops"))
    assert dialog.runs_model.rowCount() == 1
    dialog.resource_combo.setCurrentIndex(dialog.resource_combo.findText("Local customers"))
    assert dialog.runs_model.rowCount() == 1


async def test_a_refused_edit_in_the_customer_dialog_is_a_failed_run_naming_the_field(window):
    customers.upsert_customers([{"no": "C2", "name": "Bob Stone"}])
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    await wait_until(lambda: tab.model.row_of("C2") >= 0)
    dialog = CustomerDialog("C2", parent=tab)  # what Edit… opens
    dialog.edits["email"].setText("bob@@example.org")
    assert not dialog.save()  # refused, the field named in the dialog
    dialog.reject()

    history = window.show_history()
    history.shop_combo.setCurrentIndex(history.shop_combo.findText("Without a shop"))
    run = history.selected_run()
    assert (run.resource, run.status, run.failed) == ("local-customers", "failed", 1)
    assert run.message.endswith("Nothing was saved.")
    assert [(_cell(history.errors_model, 0, ErrorColumn.KIND),
             _cell(history.errors_model, 0, ErrorColumn.RECORD),
             _cell(history.errors_model, 0, ErrorColumn.FIELD))] == [("Error", "C2 Bob Stone", "E-mail")]
