"""The French translation: complete, in step with the code, and what the window really shows.

(a) The committed .ts has no unfinished or vanished text, and it holds every text the code
    marks: lupdate is run again into a temp file and compared, and the literal texts of every
    tr()/translate() call and helper in desktop_app/ui are looked up too (lupdate cannot see
    texts passed through a helper such as `_tr("...")`).
(b) With French installed, the real MainWindow (and its dialogs) shows no English source text:
    every label, button, tab, group box, header, tooltip, placeholder, combo item, title and
    action text is walked. The same walk over the English window must find plenty of them, so
    the check is known to look.
(c) The language chosen in Preferences (QSettings "ui/language") is the one the next window
    speaks.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from desktop_app import i18n
from ui_helpers import wait_until

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "shop_sync_fr.ts"
UI = REPO / "desktop_app" / "ui"

#: Words French writes exactly as English (a test checks the .ts translates each one to
#: itself), proper nouns and codes. Anything else still in English is a failure.
SAME_IN_FRENCH = {"Shopify", "Shop Sync", "E-mail", "Total", "Type", "Date", "Message", "Code",
                  "SKU", "Note", "—"}
#: Each language's own name in the language menu.
ENDONYMS = {"English", "Français"}


def _compile_i18n():
    spec = importlib.util.spec_from_file_location("compile_i18n",
                                                  REPO / "build_spec" / "compile_i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name"), m.findtext("source")): m
            for c in root.iter("context") for m in c.iter("message")}


def _plain(text: str) -> str:
    """A text without its accelerator marks."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# --- (a) the .ts is complete and in step with the code ------------------------------------------

def test_every_text_is_translated_and_none_vanished():
    problems = []
    for (context, source), message in _messages(TS).items():
        translation = message.find("translation")
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{kind}: {context} / {source!r}")
            continue
        forms = ([f.text for f in translation.iter("numerusform")]
                 if message.get("numerus") == "yes" else [translation.text])
        if message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"French needs 2 plural forms: {context} / {source!r}")
        if not all(forms):
            problems.append(f"empty: {context} / {source!r}")
    assert not problems, "\n".join(problems)


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\d|%n|\{\w*\}", text))


def test_translations_keep_placeholders_and_accelerators():
    problems = []
    for (context, source), message in _messages(TS).items():
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for form in forms:
            wanted = _placeholders(source)
            got = _placeholders(form)
            if message.get("numerus") == "yes":  # a singular form may spell "1" out
                wanted = [p for p in wanted if p != "%n"]
                got = [p for p in got if p != "%n"]
            if wanted != got:
                problems.append(f"{context} / {source!r}: placeholders {got} != {wanted}")
            if (source.count("&") - 2 * source.count("&&")
                    != form.count("&") - 2 * form.count("&&")):
                problems.append(f"{context} / {source!r}: the accelerator (&) is lost or doubled")
    assert not problems, "\n".join(problems)


def test_ts_holds_exactly_what_lupdate_finds_in_the_code(tmp_path):
    compile_i18n = _compile_i18n()
    assert compile_i18n.MARKERS.read_text(encoding="utf-8") == compile_i18n.markers_source(), (
        "desktop_app/ui/i18n_markers.py is stale: run build_spec/compile_i18n.py")
    fresh = tmp_path / "fresh_fr.ts"
    compile_i18n.run_lupdate(fresh)
    in_code = {key: m.get("numerus") for key, m in _messages(fresh).items()}
    committed = {key: m.get("numerus") for key, m in _messages(TS).items()}
    new = sorted(set(in_code) - set(committed))
    gone = sorted(set(committed) - set(in_code))
    assert not new, ("texts not in shop_sync_fr.ts yet (run build_spec/compile_i18n.py and "
                     f"translate them): {new}")
    assert not gone, f"texts no longer in the code (run build_spec/compile_i18n.py): {gone}"
    changed = sorted(k for k in in_code if in_code[k] != committed[k])
    assert not changed, f"plural (numerus) flag differs from the code: {changed}"


_TRANSLATING_CALLS = {"tr", "_tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def test_literal_texts_of_every_translating_call_are_in_the_ts():
    """A literal given to tr()/translate() or to a helper like `_tr()` must be in the .ts:
    lupdate skips helpers, so `_tr("New text")` would stay English without this check."""
    sources = {source for _context, source in _messages(TS)}
    contexts = {context for context, _source in _messages(TS)}
    missing = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in _TRANSLATING_CALLS:
                continue
            literals = [a.value for a in node.args
                        if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("translate", "QT_TRANSLATE_NOOP") or (name == "_tr" and len(literals) == 2
                                                             and literals[0] in contexts):
                literals = literals[1:2]  # (context, text)
            texts = [t for t in literals[:1] if t] if name != "_tr" else [
                t for t in literals if t and t not in contexts]
            for text in texts:
                if text not in sources:
                    missing.append(f"{path.relative_to(REPO)}:{node.lineno}: {text!r}")
    assert not missing, "\n".join(missing)


def test_same_in_french_words_really_are_translated_to_themselves():
    for (context, source), message in _messages(TS).items():
        if source in SAME_IN_FRENCH:
            assert message.findtext("translation") == source, (context, source)


# --- (b) and (c): the window in French ------------------------------------------------------------

@pytest.fixture
def language():
    """Install a language's translators for the test; English again afterwards."""
    app = QApplication.instance()
    previous_locale = QLocale()

    def install(code: str | None = None) -> str:
        return i18n.install_translators(app, code)

    yield install
    i18n.install_translators(app, "en")
    QLocale.setDefault(previous_locale)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text a user can read in `root` and its children."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text and text.strip():
            found.append((where, text))

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if widget.isWindow():
            add(f"{name} title", widget.windowTitle())
        add(f"{name} tooltip", widget.toolTip())
        add(f"{name} accessible name", widget.accessibleName())
        if isinstance(widget, (QLabel, QAbstractButton)):
            add(name, widget.text())
        if isinstance(widget, QLineEdit):
            add(f"{name} placeholder", widget.placeholderText())
        if isinstance(widget, QGroupBox):
            add(name, widget.title())
        if isinstance(widget, QDockWidget):
            add(name, widget.windowTitle())
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(f"{name} tab", widget.tabText(i))
                add(f"{name} tab tooltip", widget.tabToolTip(i))
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add(f"{name} item", widget.itemText(i))
                add(f"{name} item tooltip",
                    widget.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(column, Qt.Orientation.Horizontal, role)
                    add(f"{name} header", value if isinstance(value, str) else None)
            for row in range(min(model.rowCount(), 20)):
                for column in range(model.columnCount()):
                    value = model.index(row, column).data()
                    add(f"{name} cell", value if isinstance(value, str) else None)
        for action in widget.actions():
            add(f"{name} action", action.text())
            add(f"{name} action tooltip", action.toolTip())
    return found


def english_leftovers(texts: list[tuple[str, str]]) -> list[str]:
    """The texts that are exactly an English source text (accelerators aside)."""
    english = {_plain(source) for _context, source in _messages(TS)}
    english -= SAME_IN_FRENCH | ENDONYMS
    return sorted({f"{where}: {text!r}" for where, text in texts if _plain(text) in english})


async def _walk_window_and_dialogs(window) -> list[tuple[str, str]]:
    texts = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        await wait_until(window.tabs.currentWidget().isVisible)
    texts += visible_texts(window)
    for open_dialog in (window.show_history, window.show_schedules, window.show_preferences,
                        window.shop_card_tab.open_new_shop_dialog):
        dialog = open_dialog()
        await wait_until(dialog.isVisible)
        texts += visible_texts(dialog)
        dialog.close()
    return texts


async def test_french_window_and_dialogs_show_no_english(qtbot, context, language):
    from desktop_app.ui.main_window import MainWindow

    assert language("fr") == "fr"
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    await wait_until(window.isVisible)
    await window.customers_tab.run_sync()  # rows, statuses and the log in the tables
    texts = await _walk_window_and_dialogs(window)
    assert len(texts) > 300, f"only {len(texts)} texts walked: the walk misses widgets"
    assert window.tabs.tabText(0) == "Fiche magasin"
    leftovers = english_leftovers(texts)
    assert not leftovers, "English left in the French window:\n" + "\n".join(leftovers)


async def test_the_walk_finds_english_in_the_english_window(window):
    texts = await _walk_window_and_dialogs(window)
    leftovers = english_leftovers(texts)
    assert len(leftovers) > 100, leftovers  # the French check above looks at real texts


async def test_language_chosen_in_preferences_is_the_next_windows(qtbot, context, language):
    from desktop_app.ui.main_window import MainWindow

    def open_window() -> MainWindow:
        language()  # as at start-up: the override, else the system's language
        window = MainWindow(context)
        qtbot.addWidget(window)
        return window

    first = open_window()
    preferences = first.show_preferences()
    combo = preferences.language_combo
    combo.setCurrentIndex(combo.findData("fr"))
    assert "next time" in preferences.note_label.text()
    preferences.accept()
    assert i18n.saved_language() == "fr"

    french = open_window()
    assert [french.tabs.tabText(i) for i in range(french.tabs.count())] == [
        "Fiche magasin", "Clients", "Sociétés", "Commandes", "Cartes-cadeaux"]
    assert french.sync_action.text() == "Synchroniser cet onglet"
    assert QLocale().language() == QLocale.Language.French

    preferences = french.show_preferences()
    preferences.language_combo.setCurrentIndex(preferences.language_combo.findData("en"))
    preferences.accept()
    english = open_window()
    assert english.tabs.tabText(0) == "Shop Card"
    assert english.sync_action.text() == "Sync this tab"
