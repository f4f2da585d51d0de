"""The rules every widget of the window and its dialogs follows (issues 14, 15 and 21).

- **Shop data is text, never markup** (issue 15; reliability review finding 2). Qt's labels
  default to `Qt.AutoText`: a Shopify line title `<b>Evil</b> <img src=/usr/share/pixmaps/x.png>`
  reached the Orders tab's error label bold and with a local file drawn in it, and a
  `<table width=5000>` widened a label to 5,000 px. Every `QLabel` is made plain text when it
  is polished (before it is first shown), message boxes' labels included; a label that
  really wants markup sets the dynamic property `richText` to True (none does today). Item
  views' tooltips come from the models, often shop data: the rules answer an item view's
  tooltip event themselves, with the text escaped (`escaped_tooltip`).
- **The wheel scrolls pages** (issue 14; ux review §3). A combo box or spin box changes with
  the wheel only when it has keyboard focus (Qt's default changed "Currency handling" and
  "Keep sync history (days)" while the Shop Card page was scrolled); unfocused, the wheel
  goes to the enclosing scroll area, and the boxes take focus from a click or Tab only.
- **Esc clears a search box** (a line edit with a clear button) that holds text, and nothing
  else happens (a dialog does not close, a sync is not cancelled). In an empty one Esc goes
  on as before.

How: one event filter object per application (`window_rules()`), installed on the widgets
that need it, **not on the application**. An application-wide filter is a call into Python
for every event of every object, the event loop's own timers and socket notices included
(about 700 a second during a sync, two filters then): each such call takes the GIL, and
behind a worker thread running the sync's Python each took up to a switch interval, the
window's longest stalls at 100,000 customers (55-68 ms during the run, issue 21). Now the
filter sees the events of containers (to adopt the widgets added to them, from their
`ChildPolished` events: a widget is polished just before it is first shown), of item views'
viewports (tooltips), combo and spin boxes (wheel) and line edits (Esc): labels, buttons,
progress bars and the loop's own objects never call into Python for it.

A window is followed once adopted: `adopt(window)` in the constructor of every top-level
window made without a parent (the main window, a dialog opened on its own). A dialog or
message box made with a parent is adopted through its parent, the popup of a line edit's or
combo box's completer through its box. The UI tests check at every
window shown that it was adopted (`ADOPTED`, see tests/ui/conftest.py).
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QWheelEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolTip,
    QWidget,
)

#: The dynamic property marking a widget (and so the subtree under it) as adopted.
ADOPTED = "shopSyncRules"
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly

_WHEEL_WIDGETS = (QComboBox, QAbstractSpinBox)
#: Widgets that never hold widgets of ours: no filter for them (their own events are many:
#: a progress bar repaints and animates 100 times a second during a sync).
_LEAVES = (QLabel, QAbstractButton, QProgressBar, QAbstractSlider)


def escaped_tooltip(text: str) -> str:
    """`text` as a tooltip shows it literally (markup escaped, line breaks kept)."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


class WindowRules(QObject):
    """The event filter described in the module docstring (one per application)."""

    def adopt(self, widget: QWidget) -> None:
        """Apply the rules to `widget` and every widget in it not adopted yet, and follow
        the widgets added to them later."""
        if widget.property(ADOPTED) is True:
            return
        widget.setProperty(ADOPTED, True)
        _make_plain(widget)
        _no_wheel_focus(widget)
        if not isinstance(widget, _LEAVES):
            widget.installEventFilter(self)  # Qt installs one filter once, however often
        if isinstance(widget, (QLineEdit, QComboBox)) and widget.completer() is not None:
            self.adopt(widget.completer().popup())  # a window of its own, with no parent
        # The child widgets only, picked in C++: `children()` wrapped every child object in
        # Python too (layouts, models, actions): 42% of the adoption of the Shop Card's form.
        for child in widget.findChildren(QWidget, options=_DIRECT):
            self.adopt(child)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        # By the event's class first: most events (paints, timers, layouts) are of none of
        # these, and `event.type()` makes a Python enum at each call (about 1 µs, more than
        # the call into Python itself), for every event of every watched widget.
        if isinstance(event, QChildEvent):
            if event.type() == QEvent.Type.ChildPolished:
                child = event.child()
                if isinstance(child, QWidget):
                    self.adopt(child)
        elif isinstance(event, QWheelEvent):
            if isinstance(watched, _WHEEL_WIDGETS) and not watched.hasFocus():
                _pass_to_page(watched, event)
                return True
        elif isinstance(event, QKeyEvent):
            if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
                return _clear_search_box(watched, event)
        elif isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            return _item_tooltip(watched, event)
        return False


_rules: dict[int, WindowRules] = {}


def window_rules(app: QApplication | None = None) -> WindowRules | None:
    """The application's rules (made on the first call); None without an application."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    found = _rules.get(id(app))
    if found is None:
        found = _rules[id(app)] = WindowRules(app)
        found.setObjectName("window_rules")
    return found


def adopt(widget: QWidget) -> None:
    """Make `widget` (a window made without a parent) and everything in it follow the
    rules (`WindowRules.adopt`)."""
    rules = window_rules()
    if rules is not None:
        rules.adopt(widget)


# --- the rules ----------------------------------------------------------------------------


def _make_plain(widget: QObject) -> None:
    if (isinstance(widget, QLabel) and not widget.inherits("QTipLabel")
            and widget.property("richText") is not True):
        widget.setTextFormat(Qt.TextFormat.PlainText)


def _no_wheel_focus(widget: QObject) -> None:
    """A combo or spin box takes focus from a click or Tab, not from the wheel (Qt gives
    focus to a `WheelFocus` widget before any filter sees the wheel event)."""
    if isinstance(widget, _WHEEL_WIDGETS) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _pass_to_page(widget: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the scroll area around `widget` (its page scrolls), else drop it.

    Sent on explicitly: Qt does not propagate a synthetic wheel event to the parents, and
    a real one is accepted here so it is not handled twice.
    """
    area = _scroll_area_of(widget)
    event.accept()
    if area is None:
        return
    viewport = area.viewport()
    position = QPointF(viewport.mapFromGlobal(widget.mapToGlobal(event.position().toPoint())))
    forwarded = QWheelEvent(
        position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
        event.buttons(), event.modifiers(), event.phase(), event.inverted(), event.source(),
    )
    QApplication.sendEvent(viewport, forwarded)


def _clear_search_box(watched: QObject, event: QEvent) -> bool:
    """Esc in a search box holding text: cleared (on the key press), and the key goes to
    the box, not to a shortcut (the accepted `ShortcutOverride`)."""
    if (isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QLineEdit) and watched.isClearButtonEnabled()
            and not watched.isReadOnly() and watched.text()):
        if event.type() == QEvent.Type.KeyPress:
            watched.clear()
        event.accept()
        return True
    return False


def _item_tooltip(watched: QObject, event: QHelpEvent) -> bool:
    """An item view's tooltip, shown escaped; False when `watched` is no item view's
    viewport (Qt shows the widget's own tooltip)."""
    parent = watched.parent() if isinstance(watched, QWidget) else None
    if not (isinstance(parent, QAbstractItemView) and parent.viewport() is watched):
        return False
    index = parent.indexAt(event.pos())
    text = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
    if text:
        QToolTip.showText(event.globalPos(), escaped_tooltip(str(text)), parent,
                          parent.visualRect(index))
    else:
        QToolTip.hideText()
        event.ignore()
    return True
