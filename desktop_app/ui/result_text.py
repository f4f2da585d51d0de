"""The window's words for what a sync did (issue 18): which way records went, and the
conflicts to resolve: "Shopify: 7 created · Local: 87 linked, 3 updated · 2 failed"
(`SyncResult.summary`; the command line says the same in English, cli/commands_sync.py).

No %n plurals: without an English translation file Qt would write "7 created(s)"; each count
has a text for one and a text for more (French participles agree: "1 créé", "7 créés"), and a
count of 0 is not shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.sync.results import LOCAL, SHOPIFY, SyncResult

#: The translation context of the texts.
CONTEXT = "SyncResultText"


def _words() -> dict[str, tuple[str, str]]:
    """(text for 1, text for %1 more) of each kind of count, each written out in a literal
    `translate` call, the only kind lupdate reads."""
    return {
        "created": (QCoreApplication.translate("SyncResultText", "1 created"),
                    QCoreApplication.translate("SyncResultText", "%1 created")),
        "linked": (QCoreApplication.translate("SyncResultText", "1 linked"),
                   QCoreApplication.translate("SyncResultText", "%1 linked")),
        "updated": (QCoreApplication.translate("SyncResultText", "1 updated"),
                    QCoreApplication.translate("SyncResultText", "%1 updated")),
        "skipped": (QCoreApplication.translate("SyncResultText", "1 skipped"),
                    QCoreApplication.translate("SyncResultText", "%1 skipped")),
        "failed": (QCoreApplication.translate("SyncResultText", "1 failed"),
                   QCoreApplication.translate("SyncResultText", "%1 failed")),
        "conflicts": (QCoreApplication.translate("SyncResultText", "1 conflict to resolve"),
                      QCoreApplication.translate("SyncResultText", "%1 conflicts to resolve")),
    }


def result_text(result: SyncResult) -> str:
    """What the run did, in the interface language ("Nothing changed" when nothing)."""
    words = _words()
    sides = {SHOPIFY: QCoreApplication.translate("SyncResultText", "Shopify: %1"),
             LOCAL: QCoreApplication.translate("SyncResultText", "Local: %1")}
    parts = []
    for group, counts in result.summary():
        text = ", ".join(words[kind][0] if n == 1 else words[kind][1].replace("%1", str(n))
                         for kind, n in counts)
        parts.append(sides[group].replace("%1", text) if group in sides else text)
    return " · ".join(parts) or QCoreApplication.translate("SyncResultText", "Nothing changed")
