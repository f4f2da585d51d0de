"""word_label: a word the store keeps (a status, a type, a reason...) as the merchant reads it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication


def word_label(context: str, texts: Mapping[str, str], word: str) -> str:
    """The text `texts` holds for `word` (marked with ``QT_TRANSLATE_NOOP(context, ...)``),
    translated; `word` itself, as stored, when it has none ("" stays "")."""
    text = texts.get(word)
    return QCoreApplication.translate(context, text) if text else word
