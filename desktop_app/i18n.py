"""Loads the translations of the user interface (Qt's own and ours) for the chosen language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop_app.paths import resource_path

log = logging.getLogger(__name__)

SUPPORTED = ("en", "fr")
_installed: list[QTranslator] = []


def chosen_language() -> str:
    """The language from the settings override, else the system's, else English."""
    override = QSettings().value("ui/language", "", str)
    if override in SUPPORTED:
        return override
    system = QLocale.system().name().split("_")[0]
    return system if system in SUPPORTED else "en"


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install Qt's and our translators for `language`; returns the language used."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = language or chosen_language()
    QLocale.setDefault(QLocale(language))
    if language == "en":
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
