"""Shop data is shown as text, never as markup (issue 15; reliability review finding 2).

Qt's labels default to `Qt.AutoText`: a string whose first line looks like HTML is rendered
as rich text. A line title `<b>Evil</b> <img src=/usr/share/pixmaps/x.png>` from a Shopify
order reached the Orders tab's error label that way, bold and with a local file drawn in it,
and a `<table width=5000>` in a ship-to widened a label to 5,000 px. Shop Sync's own texts
hold no markup, so every label is plain text:

- `PlainTextGuard`, an application-wide event filter installed once (`install_plain_text`),
  makes each `QLabel` plain text when Qt polishes it (before it is first shown), message
  boxes' labels included. A label that really wants markup would set the dynamic property
  `richText` to True (none does today). Qt's own tooltip label is left alone.
- Item views' tooltips come from the models (`Qt.ToolTipRole`), often shop data: the same
  filter answers an item view's tooltip event itself, with the text escaped
  (`Qt.convertFromPlainText`), so no model has to remember to do it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QToolTip, QWidget

from desktop_app.ui.widgets.app_filters import install_once


def escaped_tooltip(text: str) -> str:
    """`text` as a tooltip shows it literally (markup escaped, line breaks kept)."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def _make_plain(widget: QObject) -> None:
    if (isinstance(widget, QLabel) and not widget.inherits("QTipLabel")
            and widget.property("richText") is not True):
        widget.setTextFormat(Qt.TextFormat.PlainText)


def _item_view_of(watched: QObject) -> QAbstractItemView | None:
    parent = watched.parent() if isinstance(watched, QWidget) else None
    if isinstance(parent, QAbstractItemView) and parent.viewport() is watched:
        return parent
    return None


class PlainTextGuard(QObject):
    """The application event filter described in the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _make_plain(watched)
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            view = _item_view_of(watched)
            if view is not None:
                index = view.indexAt(event.pos())
                text = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
                if text:
                    QToolTip.showText(event.globalPos(), escaped_tooltip(str(text)), view,
                                      view.visualRect(index))
                else:
                    QToolTip.hideText()
                    event.ignore()
                return True
        return False


def install_plain_text(app: QApplication | None = None) -> PlainTextGuard | None:
    """Install the filter on the application once (later calls return the same one)."""
    return install_once(PlainTextGuard, "plain_text_guard", _make_plain, app)
