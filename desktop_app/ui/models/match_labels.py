"""Translated labels for the match reasons, review states and candidate reasons the
customers sync and `sync.linking` store as plain words."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop_app.ui.models.word_labels import word_label

_CTX = "MatchLabels"

_REASONS = {
    "email": QT_TRANSLATE_NOOP("MatchLabels", "Same e-mail"),
    "phone": QT_TRANSLATE_NOOP("MatchLabels", "Same phone"),
    "bill_to": QT_TRANSLATE_NOOP("MatchLabels", "Same bill-to address"),
    "manual": QT_TRANSLATE_NOOP("MatchLabels", "Linked by hand"),
    "created": QT_TRANSLATE_NOOP("MatchLabels", "Created from Shopify"),
    "exported": QT_TRANSLATE_NOOP("MatchLabels", "Uploaded to Shopify"),
    "found in Shopify": QT_TRANSLATE_NOOP("MatchLabels", "Found in Shopify on upload"),
    "existing link": QT_TRANSLATE_NOOP("MatchLabels", "Existing link"),
    "name": QT_TRANSLATE_NOOP("MatchLabels", "Similar name"),
    "search": QT_TRANSLATE_NOOP("MatchLabels", "Found by the search"),
}

_REVIEW = {
    "ambiguous": QT_TRANSLATE_NOOP("MatchLabels", "Ambiguous"),
    "error": QT_TRANSLATE_NOOP("MatchLabels", "Error"),
}


def reason_label(reason: str) -> str:
    """A merchant-readable match reason ("" stays ""; unknown words are shown as stored)."""
    return word_label(_CTX, _REASONS, reason)


def review_label(state: str) -> str:
    return word_label(_CTX, _REVIEW, state)


def short_gid(gid: str | None) -> str:
    """The number at the end of a Shopify GID (what the Shopify admin shows)."""
    return (gid or "").rsplit("/", 1)[-1]
