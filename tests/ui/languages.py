"""The window's language for the length of a test (its translators installed, then English)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtWidgets import QApplication

from desktop_app import i18n


@contextlib.contextmanager
def translated(language: str) -> Iterator[str]:
    """Install `language`'s translators (texts read from then on are in it); English after."""
    app = QApplication.instance()
    assert i18n.install_translators(app, language) == language
    try:
        yield language
    finally:
        i18n.install_translators(app, "en")
