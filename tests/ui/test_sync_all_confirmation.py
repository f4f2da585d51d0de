"""Sync all asks first too (issue 19): the menu's Sync all goes through the question of a
tab's sync (`ui.sync_confirmation`), once for the whole run, never `exec()`.

Driven by the real shortcut and mouse clicks in the window, on the in-process demo shop: a
customer ticked for web upload is the card's first write to Shopify, so Sync all previews
the run (nothing started, nothing sent), asks once naming the resources that would write,
and runs every resource in order on the go-ahead; Cancel runs nothing.

Control: with `MainMenus.sync_all` calling the engine directly (the code before this test),
no question opens (`wait_until` for the box times out) and the customer is sent at once.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton
from test_menu_bar import key, summaries
from ui_helpers import SCREENSHOTS, SlowJob, wait_until, window_in_language

from desktop_app.store import customer_scope
from desktop_app.store.customers import get_customer, upsert_customers
from desktop_app.sync.results import Resource
from desktop_app.sync.sync_all import sync_all_resources

SHOP = "DEMO"


def _customer_to_upload(no: str) -> None:
    upsert_customers([{"no": no, "name": "Ann Upload", "email": "ann.upload@example.com",
                       "address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1",
                       "country": "CA"}])
    customer_scope.set_web_upload([no], shop=SHOP)


async def _question(window) -> QMessageBox:
    await key(window, "Ctrl+Shift+A")
    await wait_until(lambda: window.findChild(QMessageBox, "confirm_shopify_writes_box")
                     is not None, 60)
    box = window.findChild(QMessageBox, "confirm_shopify_writes_box")
    await wait_until(box.isVisible)
    return box


async def test_sync_all_asks_once_then_runs_every_resource(qtbot, context, window):
    _customer_to_upload("L1")
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    box = await _question(window)
    assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
    # One record, said in the singular (the control: "1 records" before the plural forms).
    assert box.text().startswith("Sync all would write 1 record to Shopify (Customers: 1)")
    assert "first write" in box.text()
    assert started == []  # only previewed: no sync started, nothing sent
    assert get_customer("L1", shop=SHOP).shopify_id is None
    assert window.menus.sync_all_action.isEnabled()  # the question waits, not the menu

    qtbot.mouseClick(box.findChild(QPushButton, "confirm_sync_button"),
                     Qt.MouseButton.LeftButton)
    await wait_until(lambda: summaries(window), timeout=120)
    assert started == [r.value for r in sync_all_resources(context.engine.service)]
    assert get_customer("L1", shop=SHOP).shopify_id is not None
    [summary] = summaries(window)
    assert summary.startswith("Sync all finished (6 of 6 resources):"), summary
    # one question for the whole run: the go-ahead did not ask again
    assert window.findChild(QMessageBox, "confirm_shopify_writes_box") is None


async def test_cancelling_the_question_runs_nothing(qtbot, context, window):
    _customer_to_upload("L1")
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    box = await _question(window)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    await wait_until(lambda: window.findChild(QMessageBox, "confirm_shopify_writes_box")
                     is None)
    assert started == [] and summaries(window) == []
    assert get_customer("L1", shop=SHOP).shopify_id is None
    assert window.menus.sync_all_action.isEnabled()


async def test_cancel_while_sync_all_previews_runs_nothing_and_says_so(
        qtbot, context, window, jobs):
    """Control: without the summary on a cancelled preview, no line ever says it stopped."""
    job = SlowJob(pages=2000, delay=0.01)
    jobs[Resource.COMPANIES] = job  # previewed on the way to shipments, which may write
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    await key(window, "Ctrl+Shift+A")
    await wait_until(job.started.is_set, timeout=60)
    await wait_until(window.cancel_button.isVisible)
    QTest.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: summaries(window), timeout=60)
    assert job.cancelled and started == []
    [summary] = summaries(window)
    assert summary.startswith("Sync all cancelled after 0 of 6 resources"), summary
    assert window.findChild(QMessageBox, "confirm_shopify_writes_box") is None
    await wait_until(window.menus.sync_all_action.isEnabled)


async def test_the_run_is_previewed_in_one_copy_each_step_seeing_the_ones_before(context):
    """`SyncService.preview_runs`: one throw-away copy and one held client for the whole
    sequence, so a later step sees what an earlier one would have done (here the same
    resource twice: the second finds the customer the first would send, already linked);
    each result holds its own mutations; the database is unchanged.

    Control: with a copy per resource (a loop over `sync(..., preview=True)`), the second
    preview plans the same creation again (created 1, CustomerCreate held twice)."""
    from desktop_app.sync.preview import read_plan

    _customer_to_upload("L1")
    service = context.engine.service
    first, second = await service.preview_runs(SHOP, (Resource.CUSTOMERS, Resource.CUSTOMERS))
    assert first.shopify.created == 1 and "CustomerCreate" in first.held
    assert second.shopify.created == 0 and "CustomerCreate" not in second.held
    assert get_customer("L1", shop=SHOP).shopify_id is None  # nothing changed here
    assert read_plan(context.services.data_dir, SHOP, "customers") is not None


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_the_sync_all_question_in_both_languages(qtbot, context, language):
    """The question as a merchant reads it (screenshots sync_all_question_LANG.png);
    in French no English text is left. Control: without the French line of
    /work/tools/i18n/s6-preview2.tsv the text stays English ("Sync all would write")."""
    from test_i18n import english_leftovers, visible_texts

    _customer_to_upload("L1")
    async with window_in_language(language, qtbot, context, 1100, 700) as window:
        box = await _question(window)
        await asyncio.sleep(0.05)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert box.grab().save(str(SCREENSHOTS / f"sync_all_question_{language}.png"))
        expected = {"en": "Sync all would write 1 record to Shopify (Customers: 1).",
                    "fr": "Tout synchroniser écrirait 1 enregistrement dans Shopify "
                          "(Clients\u00a0: 1)."}[language]
        assert box.text().startswith(expected), box.text()
        if language == "fr":
            assert english_leftovers(visible_texts(box)) == []
        box.reject()
        await wait_until(lambda: window.findChild(QMessageBox, "confirm_shopify_writes_box")
                         is None)
