"""The last line of defence: unexpected exceptions are logged and shown, never silent.

`install_excepthook(log_path)` is called by `__main__` before the window exists. qasync routes
exceptions escaping `@asyncSlot` coroutines to `sys.excepthook`, and PySide6 routes exceptions
from ordinary slots there too, so this one hook sees every bug.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop_app.log import scrub
from desktop_app.ui.dialogs.crash_dialog import CrashDialog

log = logging.getLogger("desktop_app.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

#: Dialogs currently open (kept referenced so Python does not collect them while shown).
_open_dialogs: list[CrashDialog] = []
#: More than this many dialogs at once means a loop of errors: later ones are only logged.
MAX_OPEN_DIALOGS = 3


def report_text(exc_type, exc, tb) -> tuple[str, str]:
    """(summary, details) for an exception, with secrets scrubbed from both."""
    summary = scrub(f"{exc_type.__name__}: {exc}")
    details = scrub("".join(traceback.format_exception(exc_type, exc, tb)))
    return summary, details


def show_crash_dialog(exc_type, exc, tb, log_path: Path | None) -> CrashDialog | None:
    """Open the report dialog (non-blocking) if a QApplication with widgets exists."""
    app = QCoreApplication.instance()
    if not isinstance(app, QApplication):
        return None
    if len([d for d in _open_dialogs if d.isVisible()]) >= MAX_OPEN_DIALOGS:
        return None
    summary, details = report_text(exc_type, exc, tb)
    dialog = CrashDialog(summary, details, log_path, app.activeWindow())
    _open_dialogs.append(dialog)
    dialog.finished.connect(lambda _result: _forget(dialog))
    dialog.open()
    return dialog


def _forget(dialog: CrashDialog) -> None:
    if dialog in _open_dialogs:
        _open_dialogs.remove(dialog)
    dialog.deleteLater()


def install_excepthook(log_path: Path | None) -> ExceptHook:
    """Replace `sys.excepthook`: log the exception, then show the report dialog.

    Returns:
        The hook installed (the previous one stays reachable as `hook.previous`).
    """
    previous = sys.excepthook

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        # The log's RedactingFilter scrubs the traceback again on its way to the file.
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        try:
            show_crash_dialog(exc_type, exc, tb, log_path)
        except Exception:  # the hook itself must never raise
            log.exception("Could not show the crash dialog")

    hook.previous = previous  # type: ignore[attr-defined]
    sys.excepthook = hook
    return hook
