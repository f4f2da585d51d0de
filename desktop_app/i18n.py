"""Loads the translations of the user interface (Qt's own and ours) for the chosen language.

The language comes from the user's override (QSettings "ui/language", set in the Preferences
dialog) when there is one, else from the system, else English. It is applied when the
application starts: `install_translators()` before the main window is built.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop_app.paths import resource_path

log = logging.getLogger(__name__)

SUPPORTED = ("en", "fr")
#: Each language's name in that language (shown as is, whatever the interface language).
NATIVE_NAMES = {"en": "English", "fr": "Français"}
LANGUAGE_KEY = "ui/language"
_ORGANIZATION = "ShopSync"
_APPLICATION = "Shop Sync"
_installed: list[QTranslator] = []
_current = "en"


def _settings() -> QSettings:
    """The app's QSettings (the same file as the main window's, whatever the QApplication's
    names are)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, _ORGANIZATION,
                     _APPLICATION)


def saved_language() -> str:
    """The override the user chose: a code of SUPPORTED, or "" to follow the system."""
    value = _settings().value(LANGUAGE_KEY, "", str)
    return value if value in SUPPORTED else ""


def save_language(language: str) -> None:
    """Store the override ("" follows the system); it applies at the next start."""
    if language and language not in SUPPORTED:
        raise ValueError(f"unsupported language {language!r}")
    settings = _settings()
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def system_language() -> str:
    """The system's language when we have it, else English."""
    system = QLocale.system().name().split("_")[0]
    return system if system in SUPPORTED else "en"


def chosen_language() -> str:
    """The language from the settings override, else the system's, else English."""
    return saved_language() or system_language()


def current_language() -> str:
    """The language the translators were last installed for ("en" before any)."""
    return _current


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install Qt's and our translators for `language`; returns the language used.

    Also makes the matching QLocale the default, so dates, numbers and money follow the
    interface language (the system's own locale when it speaks that language: fr_CA stays
    fr_CA).
    """
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = language or chosen_language()
    system = QLocale.system()
    same = system.name().split("_")[0] == language
    QLocale.setDefault(system if same else QLocale(language))
    _current = language
    if language == "en":
        # English texts are the sources; the file only gives the %n plurals their forms.
        ours = QTranslator(app)
        if ours.load(str(resource_path("i18n", "shop_sync_en.qm"))):
            app.installTranslator(ours)
            _installed.append(ours)
        return language
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"shop_sync_{language}.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no %s translation found; showing English", language)
    return language
