"""The two layouts the tabs and their views are made of: a row of controls, and the column of
a page (its rows and widgets top to bottom, one of them taking the height left)."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

#: The margins of a view inside a tab's view switcher: a little room under the view tabs.
VIEW_MARGINS = (0, 6, 0, 0)


def _add(layout: QBoxLayout, item: QWidget | QLayout, stretch: int = 0) -> None:
    if isinstance(item, QLayout):
        layout.addLayout(item, stretch)
    else:
        layout.addWidget(item, stretch)


def controls_row(*items: QWidget | QLayout | None) -> QHBoxLayout:
    """Items left to right; None stands for a stretch (what follows it goes to the right)."""
    layout = QHBoxLayout()
    for item in items:
        if item is None:
            layout.addStretch(1)
        else:
            _add(layout, item)
    return layout


def page_layout(page: QWidget, *items: QWidget | QLayout, grow: QWidget | QLayout,
           margins: tuple[int, int, int, int] | None = VIEW_MARGINS) -> QVBoxLayout:
    """The layout of `page`: items top to bottom, `grow` (one of them) taking the height left;
    `margins` None keeps the style's."""
    layout = QVBoxLayout(page)
    if margins is not None:
        layout.setContentsMargins(*margins)
    for item in items:
        _add(layout, item, 1 if item is grow else 0)
    return layout
