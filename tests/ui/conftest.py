"""UI test set-up: async tests on a qasync loop, a temp QSettings, and a real window context.

Async tests here run on `qasync.QEventLoop` (pytest-asyncio's loop-factory hook), so Qt
timers, signals and `@asyncSlot` coroutines all run on the one loop, as in the app. Inside an
async test, wait with `wait_until` / `SignalWaiter` below: `qtbot.waitUntil` spins a nested Qt
loop, which re-enters the running asyncio task and hangs.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QLocale, QObject, QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QWidget
from qt_loop import new_loop
from ui_helpers import wait_until

from desktop_app.app import AppContext, DemoShops, Services
from desktop_app.credentials.vault import Vault
from desktop_app.sync.jobs import default_jobs
from desktop_app.sync.service import SyncService
from desktop_app.ui.widgets.window_rules import ADOPTED


def pytest_asyncio_loop_factories(config, item):
    # A loop that destroys its Qt objects when closed (tests/qt_loop.py says why).
    return {"qasync": new_loop}


_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # The offscreen platform plugin warns whenever a window with docks or tool bars updates
    # its size hints; it says nothing about our code and is not emitted on real platforms.
    marker = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(marker)


@pytest.fixture(autouse=True)
def heap_of_earlier_tests_frozen():
    """Freeze what is alive when a window test starts, as collection's heap is frozen at
    the start (tests/conftest.py `pytest_collection_finish`, the app's `settle_heap`).

    The guard of tests/conftest.py collects the garbage twice after every Qt test, and a
    full collection walks every object not frozen: two tests here (the stall and collector
    tests, which freeze and unfreeze as the window does) unfreeze the whole heap, after
    which each later test of the worker paid about 0.13 s of CPU for it (0.09 s before
    either ran: what later imports and caches added). Frozen here, before the test's own
    fixtures are made (autouse fixtures come first), every object the test makes is still
    collected, and checked, by its guard on the main thread; objects of earlier tests stay
    out of every collection, on any thread.
    """
    gc.freeze()
    yield


@pytest.fixture(autouse=True)
def default_locale_restored():
    """Give back the default QLocale a test found: a language switch (`install_translators`
    makes its QLocale the default, and "en" groups digits where the system's C locale does
    not) must not change how a later test formats numbers; with two workers which test runs
    after which depends on how the files were shared out."""
    previous = QLocale()
    yield
    QLocale.setDefault(previous)


@pytest.fixture(autouse=True)
def temp_qsettings(tmp_path: Path):
    """QSettings in a temp folder (IniFormat), so no test touches the user's settings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setDefaultFormat(previous)


@pytest.fixture
def jobs() -> dict:
    """The jobs the service dispatches to; a test may replace one before building `context`."""
    return default_jobs()


@pytest.fixture
async def context(tmp_path: Path, db, memory_keyring, jobs, engine):
    """The real composition: store (temp db), vault (in-memory keyring), the lead's
    SyncService with the in-process demo shop, and the Qt engine, as app.py builds them
    (the `engine` fixture destroys the engine at the very end)."""
    from desktop_app.store import shops

    data = tmp_path / "data"
    data.mkdir()
    vault = Vault()
    demo_shops = DemoShops(data)
    service = SyncService(vault=vault, data_dir=data, transport_for=demo_shops.transport_for,
                          jobs=jobs)
    services = Services(data, vault, service, demo_shops)
    shops.create_shop("DEMO", name="Demo shop", is_demo=True)
    sync_engine = engine(service)
    ctx = AppContext(services, sync_engine)
    yield ctx
    # A test that failed midway may leave a sync running: cancel it and let it end before
    # the clients close, so nothing of it is left for a later test's Qt event processing.
    sync_engine.cancel()
    for _ in range(2000):
        if not sync_engine.is_busy():
            break
        await asyncio.sleep(0.005)
    await service.aclose()
    demo_shops.close()


@pytest.fixture
async def window(qtbot, context):
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    await wait_until(lambda: win.isVisible())
    yield win  # qtbot closes and deletes it


class _WindowsShown(QObject):
    """Test-only application filter: the windows shown that the window's rules were not
    told of (`ui/widgets/window_rules.py`: a window made without a parent must be adopted,
    one made with a parent is adopted through it)."""

    def __init__(self) -> None:
        super().__init__()
        self.unadopted: list[str] = []

    def eventFilter(self, watched, event):  # noqa: N802 - Qt
        # Called for every event of every object: the class test first, as `event.type()`
        # makes a Python enum each time (twice the cost of the call itself).
        if (isinstance(event, QShowEvent) and event.type() == QEvent.Type.Show
                and isinstance(watched, QWidget)
                and watched.isWindow() and not watched.inherits("QTipLabel")
                and watched.property(ADOPTED) is not True):
            self.unadopted.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


_shown: list[_WindowsShown] = []  # one for the session (made at the first window test)


@pytest.fixture(autouse=True)
def windows_follow_the_rules():
    """Every window a window test shows follows the window's rules (plain text, wheel, Esc):
    the rules are not an application-wide filter (issue 21), so a window made without a
    parent must be adopted (`window_rules.adopt`)."""
    app = QApplication.instance()
    if app is None:
        yield
        return
    if not _shown:
        _shown.append(_WindowsShown())
    shown = _shown[0]
    shown.unadopted.clear()
    app.installEventFilter(shown)
    yield
    app.removeEventFilter(shown)
    assert not shown.unadopted, f"windows shown without the window's rules: {shown.unadopted}"
