"""Asking before a window sync writes to Shopify (issue 19).

Before a tab's sync that can write to Shopify with the card's settings
(`sync.preview.may_write_to_shopify`), the window runs its preview (`SyncEngine.preview`:
nothing changed). When the preview writes more Shopify records than the Shop Card's
`confirm_shopify_writes`, or writes any while no run of the card ever did
(`sync.preview.needs_confirmation`), a window-modal question (`open()`, never `exec()`)
shows its summary, and the sync runs only when the merchant says so; the run then compares
what it does with that preview, as after any preview. Sync all (`ui/menu_bar.py`) asks the
same way, once for the whole run (`run_held_for_confirmation`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop_app.errors import AppError
from desktop_app.store.database import read_in_thread
from desktop_app.store.shops import shop_settings
from desktop_app.sync.engine import SyncEngine
from desktop_app.sync.preview import may_write_to_shopify, needs_confirmation, shopify_writes
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui import feedback
from desktop_app.ui.async_slots import run_on_click
from desktop_app.ui.models.sync_log_model import resource_label
from desktop_app.ui.plurals import plural
from desktop_app.ui.result_text import result_text
from desktop_app.ui.widgets.questions import action_question


async def held_for_confirmation(
        parent: QWidget, engine: SyncEngine, shop: str, resource: Resource,
        go: Callable[[], Coroutine[object, object, object]]) -> bool:
    """Preview the sync of `resource` first when it may write to Shopify. False: the sync
    goes on now. True: it does not, now: the question is open (named
    confirm_shopify_writes_box; `go()` runs the sync on the merchant's go-ahead), or the
    preview was cancelled or failed (a failure is shown)."""
    return await run_held_for_confirmation(parent, engine, shop, (resource,), go)


async def run_held_for_confirmation(
        parent: QWidget, engine: SyncEngine, shop: str, resources: Sequence[Resource],
        go: Callable[[], Coroutine[object, object, object]]) -> bool:
    """`held_for_confirmation` of a run of several resources in a row (Sync all): ONE
    preview of the sequence up to the last resource that may write to Shopify
    (`SyncEngine.preview_runs`, each seeing what those before it would do), ONE question
    for the whole run, naming each resource that would write and how many records."""
    limit, previewed = await read_in_thread(_asking_limit, shop, tuple(resources))
    if limit <= 0:
        return False
    try:
        previews = await engine.preview_runs(shop, previewed)
    except AppError as exc:  # the sync itself would fail the same way: say why
        feedback.show_error(parent, exc)
        return True
    if previews is None:
        return True
    single = len(resources) == 1
    preview = previews[0] if single else SyncResult.combined("all", previews)
    if not await read_in_thread(needs_confirmation, shop, preview, limit):
        return False
    writes = shopify_writes(preview)
    if single:  # "1 record", "2 records" (Qt's plural forms, ui/plurals.py)
        text = plural(
            "SyncConfirmation", "This sync of %1 would write %n record(s) to Shopify.",
            writes).replace("%1", resource_label(resources[0].value))
    else:
        text = plural(
            "SyncConfirmation", "Sync all would write %n record(s) to Shopify (%1).",
            writes).replace("%1", ", ".join(
                QCoreApplication.translate("SyncConfirmation", "%1: %2").replace(
                    "%1", resource_label(p.resource)).replace("%2", str(shopify_writes(p)))
                for p in previews if shopify_writes(p)))
    if writes <= limit:
        text += " " + QCoreApplication.translate(
            "SyncConfirmation", "It would be this Shop Card's first write to Shopify.")
    details = QCoreApplication.translate(
        "SyncConfirmation",
        "Its preview: %1. Nothing has been changed yet; the Preview… button lists each record.",
    ).replace("%1", result_text(preview))
    box = action_question(
        parent, "confirm_shopify_writes_box",
        QCoreApplication.translate("SyncConfirmation", "Write to Shopify?"), text, details,
        QCoreApplication.translate("SyncConfirmation", "Sync"), "confirm_sync_button",
        run_on_click(go))
    box.open()
    return True


def _asking_limit(shop: str, resources: tuple[Resource, ...]
                  ) -> tuple[int, tuple[Resource, ...]]:
    """The card's `confirm_shopify_writes` and the resources to preview (from the first
    up to the last that may write to Shopify with the card's settings); (0, ()) when none
    may write or the card never asks."""
    settings = shop_settings(shop)
    writers = [i for i, r in enumerate(resources) if may_write_to_shopify(settings, r)]
    if not writers or settings.confirm_shopify_writes <= 0:
        return 0, ()
    return settings.confirm_shopify_writes, resources[:writers[-1] + 1]
