"""Application-wide event filters, each installed once per QApplication.

The window's safety rules (`input_guards`) and its plain-text rule (`plain_text`) are event
filters on the whole application, so that every form and dialog, made now or later, follows
them. `install_once` installs one of each kind per application and applies its rule to the
widgets that exist already (they may have been polished before the filter was there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

F = TypeVar("F", bound=QObject)

_installed: dict[tuple[int, type], QObject] = {}


def install_once(kind: type[F], name: str, prepare: Callable[[QObject], None],
                 app: QApplication | None = None) -> F | None:
    """The application's filter of `kind` (made, named `name` and installed on the first
    call, `prepare` applied to every existing widget); None without an application."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return None
    key = (id(app), kind)
    found = _installed.get(key)
    if found is None:
        found = kind(app)
        found.setObjectName(name)
        app.installEventFilter(found)
        _installed[key] = found
        for widget in QApplication.allWidgets():
            prepare(widget)
    return found  # type: ignore[return-value]
