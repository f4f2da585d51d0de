"""Window safety (issue 14): the mouse wheel scrolls pages, Esc clears search boxes.

One application-wide event filter, installed once (`install_input_guards()`), so every form
of the window and of its dialogs behaves the same, including widgets made later:

- A combo box or spin box changes with the wheel only when it has keyboard focus. Qt's
  default turns the wheel into a value change whenever the pointer is over the box, so
  scrolling the Shop Card page changed "Currency handling" and "Keep sync history (days)"
  without a word (ux review 2026-12-07, §3). Unfocused, the wheel event goes to the
  enclosing scroll area, which scrolls the page; and the boxes no longer take focus from
  the wheel (`Qt.StrongFocus`: click or Tab).
- Esc in a search box (a line edit with a clear button) that holds text clears it, and
  nothing else happens: a window-wide Esc shortcut does not see it. Esc in an empty search
  box goes on as before (a dialog closes). Cancelling a sync with Esc belongs to the
  progress area alone (`MainWindow`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from desktop_app.ui.widgets.app_filters import install_once

_WHEEL_WIDGETS = (QComboBox, QAbstractSpinBox)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _no_wheel_focus(widget: QObject) -> None:
    """A combo or spin box takes focus from a click or Tab, not from the wheel (Qt gives
    focus to a `WheelFocus` widget before any filter sees the wheel event)."""
    if isinstance(widget, _WHEEL_WIDGETS) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _is_search_box(widget: QObject) -> bool:
    return (isinstance(widget, QLineEdit) and widget.isClearButtonEnabled()
            and not widget.isReadOnly())


class InputGuard(QObject):
    """The application event filter described in the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, _WHEEL_WIDGETS) and not watched.hasFocus():
                self._pass_to_page(watched, event)  # type: ignore[arg-type]
                return True
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if (isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
                    and event.modifiers() == Qt.KeyboardModifier.NoModifier
                    and _is_search_box(watched) and watched.text()):  # type: ignore[attr-defined]
                if kind == QEvent.Type.KeyPress:
                    watched.clear()  # type: ignore[attr-defined]
                # Accepted ShortcutOverride: the key goes to the box, not to a shortcut.
                event.accept()
                return True
        elif kind == QEvent.Type.Polish:
            _no_wheel_focus(watched)
        return False

    @staticmethod
    def _pass_to_page(widget: QWidget, event: QWheelEvent) -> None:
        """Give the wheel to the scroll area around `widget` (its page scrolls), else drop it.

        Sent on explicitly: Qt does not propagate a synthetic wheel event to the parents,
        and a real one is accepted here so it is not handled twice.
        """
        area = _scroll_area_of(widget)
        event.accept()
        if area is None:
            return
        viewport = area.viewport()
        position = QPointF(viewport.mapFromGlobal(
            widget.mapToGlobal(event.position().toPoint())))
        forwarded = QWheelEvent(
            position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
            event.buttons(), event.modifiers(), event.phase(), event.inverted(),
            event.source(),
        )
        QApplication.sendEvent(viewport, forwarded)


def install_input_guards(app: QApplication | None = None) -> InputGuard | None:
    """Install the filter on the application once (later calls return the same one)."""
    return install_once(InputGuard, "input_guard", _no_wheel_focus, app)

