"""Counts in the window read right in English and French for 0, 1 and 2 (issue 18: "Ticked: 1
customers", "15 gift card(s)"): counted texts are Qt %n plurals; the English forms come from
resources/i18n/shop_sync_en.ts (only the plural texts), the French ones from shop_sync_fr.ts.

Controls: before, the schedules dialog said "Every 1 minutes" / "Toutes les 1 minutes" and the
sync summary "1 conflict to resolve" but "0 conflicts"... through two texts per count; without
shop_sync_en.ts (and its .qm) the English window said "1 item(s)" and "1 order(s) could not be
processed" (the first and last tests fail).
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from test_i18n import _compile_i18n
from ui_helpers import wait_until, window_in_language

from desktop_app.store import schedules
from desktop_app.sync.results import LOCAL, SHOPIFY, SyncResult
from desktop_app.ui.dialogs.schedule_dialog import ScheduleDialog
from desktop_app.ui.result_text import _COUNTS, CONTEXT, count_text, result_text

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "resources" / "i18n"


def _plurals(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> the finished forms of each plural message of `ts`."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") != "yes":
                continue
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")]
            found[(context.findtext("name"), message.findtext("source"))] = (
                forms if translation.get("type") is None else [])
    return found


def test_the_english_file_gives_every_plural_of_the_code_its_two_forms(tmp_path):
    compile_i18n = _compile_i18n()
    fresh = tmp_path / "fresh_en.ts"
    compile_i18n.run_lupdate(fresh, extra=("-pluralonly",))
    in_code = set(_plurals(fresh))
    english = _plurals(I18N / "shop_sync_en.ts")
    assert in_code and set(english) == in_code, sorted(in_code ^ set(english))
    bad = {key: forms for key, forms in english.items()
           if len(forms) != 2 or not all(forms) or any("(s)" in f for f in forms)}
    assert not bad, bad
    assert (I18N / "shop_sync_en.qm").exists()


def test_every_text_given_to_plural_is_a_plural_of_the_ts():
    """`plural(CONTEXT, "text", n)` needs its text listed in `_plurals_for_lupdate` (lupdate
    reads a translate() text as a plural only with a literal count)."""
    french = _plurals(I18N / "shop_sync_fr.ts")
    given = {(CONTEXT, text) for text in _COUNTS.values()}
    for path in sorted((REPO / "desktop_app" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "plural"
                    and all(isinstance(a, ast.Constant) for a in node.args[:2])):
                given.add((node.args[0].value, node.args[1].value))
    assert len(given) > 10
    missing = sorted(key for key in given if len(french.get(key, [])) != 2)
    assert not missing, missing


EXPECTED = {
    "en": {"schedule": ["Every 1 minute", "Every 2 minutes"],
           "conflicts": ["0 conflicts to resolve", "1 conflict to resolve",
                         "2 conflicts to resolve"],
           "summary": "Shopify: 1 created · Local: 2 created, 1 linked · 2 failed",
           "items": ["0 items", "1 item", "2 items"]},
    "fr": {"schedule": ["Chaque minute", "Toutes les 2 minutes"],
           "conflicts": ["0 conflit à résoudre", "1 conflit à résoudre",
                         "2 conflits à résoudre"],
           "summary": "Shopify\u00a0: 1 créé · Local\u00a0: 2 créés, 1 lié · 2 en échec",
           "items": ["0 article", "1 article", "2 articles"]},
}


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_counts_read_right_for_0_1_and_2(qtbot, context, language):
    schedules.set_schedule("DEMO", "orders", 1)
    schedules.set_schedule("DEMO", "customers", 2)
    async with window_in_language(language, qtbot, context, 1280, 860) as window:
        window.schedules_action.trigger()  # the toolbar's and the Sync menu's action
        await wait_until(lambda: any(d.isVisible() for d in window.findChildren(ScheduleDialog)))
        dialog = next(d for d in window.findChildren(ScheduleDialog) if d.isVisible())
        try:
            assert [dialog.combo("DEMO", r).currentText() for r in ("orders", "customers")] == (
                EXPECTED[language]["schedule"])
        finally:
            dialog.reject()
        assert [count_text("conflicts", n) for n in (0, 1, 2)] == (
            EXPECTED[language]["conflicts"])
        result = SyncResult("orders", failed=2)
        result.count(SHOPIFY, "created")
        result.count(LOCAL, "created", 2)
        result.count(LOCAL, "linked")
        assert result_text(result) == EXPECTED[language]["summary"]
        # A QObject's own %n text (the order detail's refund lines), from the .qm files.
        assert [QCoreApplication.translate("OrderDetailDialog", "%n item(s)", "", n)
                for n in (0, 1, 2)] == EXPECTED[language]["items"]
