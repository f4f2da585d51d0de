"""The window's entry: a QApplication on a qasync loop, the services, the main window.

`shop-sync` with no command (or `shop-sync gui`) comes here through the command line; it
lives apart from `__main__` so the command line and the entry point do not import each other.
"""

from __future__ import annotations

import asyncio
import logging
import sys

log = logging.getLogger(__name__)


def run_gui(data_dir: str | None = None, *, quit_after_ms: int | None = None) -> int:
    """Open the main window on a qasync loop; returns the exit code.

    Args:
        data_dir: the data folder (default: the platform's user data folder).
        quit_after_ms: close again after this long (the packaged app's smoke test).
    """
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app import __version__, app, paths
    from desktop_app.log import setup_logging
    from desktop_app.ui.crash import install_excepthook

    folder = paths.data_dir(data_dir)
    log_path = setup_logging(paths.log_dir(folder))
    install_excepthook(log_path)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Shop Sync")
    qt_app.setOrganizationName("ShopSync")
    qt_app.setApplicationVersion(__version__)
    from desktop_app.i18n import install_translators

    install_translators(qt_app)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)

    from desktop_app.errors import AppError
    from desktop_app.sync.collector import hold_back_during_syncs
    from desktop_app.sync.engine import SyncEngine
    from desktop_app.ui.main_window import MainWindow

    try:
        services = app.build_services(folder)
    except AppError as exc:  # no database to open (a server out of reach...): say why
        from desktop_app.ui.feedback import refused_start

        log.error("the window could not start: %s (%s)", exc, exc.code)
        print(f"shop-sync: {exc}", file=sys.stderr, flush=True)
        with loop:
            return loop.run_until_complete(refused_start(exc, quit_after_ms))
    services.log_path = log_path
    first = app.ensure_first_start(services)
    context = app.AppContext(services, SyncEngine(services.service))
    if first:
        context.set_current_shop(first)
    log.info("Shop Sync %s started; keyring backend: %s", __version__, services.vault.backend_name())
    window = MainWindow(context)
    window.show()
    app.settle_heap()
    # No full pass of the cycle collector while a sync runs (issue 21: the window's stalls).
    collector = hold_back_during_syncs(context.engine.busy_changed)
    print("shop-sync: ready", flush=True)  # the packaged app's smoke test waits for this line
    if first:
        # The newcomer sees the demo at work: the first Customers sync starts by itself.
        from desktop_app.sync.results import Resource

        loop.call_soon(lambda: asyncio.ensure_future(context.engine.sync(first, Resource.CUSTOMERS)))
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, window.close)
    closing = asyncio.Event()
    qt_app.aboutToQuit.connect(closing.set)
    with loop:
        loop.run_until_complete(closing.wait())
        context.engine.cancel()
        loop.run_until_complete(services.aclose())
    collector.give_back()
    return 0
