"""The history dialog says which way a run's records went (issue 18, m0022), in English and
French: a real customers sync on the in-process demo shop, then the history opened from the
Sync menu and the run clicked; a run recorded before m0022 (no sides) shows its totals.

Control: before, the dialog showed only the Created and Updated columns (no "Result" line:
the first assertion on `errors_label` fails in both languages).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_helpers import SCREENSHOTS, wait_until, window_in_language

from desktop_app.app import DEMO_SETTINGS
from desktop_app.store import customer_templates, shops
from desktop_app.store.models import SyncRun
from desktop_app.sync.results import Resource
from desktop_app.ui.dialogs.history_dialog import HistoryDialog, RunColumn

pytestmark = pytest.mark.slow  # a real sync of the demo's customers per language

WORDS = {"en": ("Result: Local: {n} created", "Result: 2 created, 3 updated"),
         "fr": ("Résultat\u00a0: Local\u00a0: {n} créés", "Résultat\u00a0: 2 créés, 3 mis à jour")}


async def _click_row(dialog: HistoryDialog, row: int) -> None:
    view = dialog.runs_view
    rect = view.visualRect(dialog.runs_proxy.index(row, RunColumn.RESOURCE))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    await wait_until(lambda: dialog.runs_view.currentIndex().row() == row)


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_the_history_says_which_way_a_run_went(qtbot, context, language):
    customer_templates.save_customer_template(
        {"code": "RETAIL", "description": "Retail customers", "category": "person"})
    shops.update_shop_settings("DEMO", DEMO_SETTINGS)
    result = await context.engine.sync("DEMO", Resource.CUSTOMERS)
    assert result is not None and result.local.created > 1 and result.shopify.created == 0
    # A run recorded before m0022: its totals only.
    old = SyncRun.create(shop=shops.shop_by_code("DEMO"), resource="orders", status="ok",
                         created=2, updated=3)
    SyncRun.update(sides=None).where(SyncRun.id == old.id).execute()
    async with window_in_language(language, qtbot, context, 1280, 860) as window:
        window.history_action.trigger()  # the Sync menu's History
        await wait_until(lambda: any(d.isVisible() for d in window.findChildren(HistoryDialog)))
        dialog = next(d for d in window.findChildren(HistoryDialog) if d.isVisible())
        try:
            rows = {dialog.runs_model.run(dialog.runs_proxy.mapToSource(
                dialog.runs_proxy.index(r, 0)).row()).id: r
                for r in range(dialog.runs_proxy.rowCount())}
            synced, before = WORDS[language]
            await _click_row(dialog, rows[old.id])
            assert dialog.errors_label.text().splitlines()[0] == before
            sync_row = next(r for i, r in rows.items() if i != old.id)
            await _click_row(dialog, sync_row)
            first = dialog.errors_label.text().splitlines()[0]
            assert first.startswith(synced.format(n=result.local.created)), first
            assert "Shopify" not in first  # nothing was created there
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            assert dialog.grab().toImage().save(str(SCREENSHOTS / f"history_sides_{language}.png"))
        finally:
            dialog.reject()
