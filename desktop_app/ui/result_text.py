"""The window's words for what a sync did (issue 18): which way records went, and the
conflicts to resolve: "Shopify: 7 created · Local: 87 linked, 3 updated · 2 failed"
(`SyncResult.summary`; the command line says the same in English, cli/output.py), and the
same for a run of the history (`run_text`).

Each count is a %n plural of Qt's translation system (`translate(CONTEXT, "%n created", "",
n)`): the English forms come from resources/i18n/shop_sync_en.ts ("1 conflict to resolve", "2
conflicts to resolve"), the French ones agree ("1 créé", "7 créés"); a count of 0 is not shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.store.runs import RunRow
from desktop_app.sync.results import LOCAL, SHOPIFY, SyncResult
from desktop_app.ui.plurals import plural

#: The translation context of the texts.
CONTEXT = "SyncResultText"
#: The %n text of each kind of count (each listed in `ui.plurals._plurals_for_lupdate`).
_COUNTS = {"created": "%n created", "linked": "%n linked", "updated": "%n updated",
           "skipped": "%n skipped", "failed": "%n failed",
           "conflicts": "%n conflict(s) to resolve"}


def count_text(kind: str, n: int) -> str:
    """`n` records of `kind` (created, linked, updated, skipped, failed, conflicts) in the
    interface language, singular or plural as `n` asks."""
    return plural(CONTEXT, _COUNTS[kind], n)


def run_text(run: RunRow) -> str:
    """What a recorded run did, as `result_text` words a sync's result: by side when the run
    kept its sides (m0022), else its totals ("7 created, 90 updated")."""
    return result_text(SyncResult.of_run(run))


def result_text(result: SyncResult) -> str:
    """What the run did, in the interface language ("Nothing changed" when nothing)."""
    sides = {SHOPIFY: QCoreApplication.translate("SyncResultText", "Shopify: %1"),
             LOCAL: QCoreApplication.translate("SyncResultText", "Local: %1")}
    parts = []
    for group, counts in result.summary():
        text = ", ".join(count_text(kind, n) for kind, n in counts)
        parts.append(sides[group].replace("%1", text) if group in sides else text)
    return " · ".join(parts) or QCoreApplication.translate("SyncResultText", "Nothing changed")
