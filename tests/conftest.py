"""Shared test setup. Qt must be told to run offscreen before it is imported anywhere."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """`../shared` beside the checkout (or $SHOP_SYNC_SHARED)."""
    return Path(os.environ.get("SHOP_SYNC_SHARED", REPO.parent / "shared"))


@pytest.fixture(autouse=True)
def no_qt_objects_left_to_the_garbage_collector(request):
    """Fail a Qt test that leaves a live Qt object in a garbage cycle (see tests/qt_loop.py).

    Python collects cycles on whichever thread allocates at the time, often a worker thread
    here, and a Qt object destroyed there crashes the main thread's next `processEvents()`:
    such an object once made a later window test fail and the next one crash. After each test
    that used qtbot or a qasync loop, the cycles are collected on the main thread instead and
    the test fails if a Qt object was among them. Other tests skip the check (a full
    collection takes about 0.1 s).
    """
    qt_loop = sys.modules.get("qt_loop")
    loops_before = qt_loop.loops_made if qt_loop else 0
    yield
    # Every fixture of the test is finalised by now; drop the test's own references to their
    # values too (pytest does it right after this), so that what they leave is garbage here.
    request.node.funcargs.clear()
    qt_loop = sys.modules.get("qt_loop")
    used_qt = {"qtbot", "qapp"} & set(request.fixturenames) or (
        qt_loop is not None and qt_loop.loops_made > loops_before)
    if not used_qt:
        return
    from qt_loop import collect_qt_garbage

    left = collect_qt_garbage()
    if left:
        pytest.fail(
            "the test left live Qt objects that only a garbage cycle kept alive (they would "
            "have been destroyed on whatever thread collected them): " + ", ".join(left),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def logging_as_it_was():
    """Give back the root logger as the test found it.

    In-process CLI and GUI tests call `setup_logging`, which adds a file handler pointing into
    the test's temp folder and lowers levels; left behind, later tests would log into a
    removed folder and at another level.
    """
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    named = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    yield
    # Only the app's own handlers: pytest adds and removes its capture handlers per phase.
    for handler in [h for h in root.handlers
                    if h not in handlers and getattr(h, "_shop_sync", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    for name, old in named.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "shopify").is_dir():
        pytest.fail(
            f"../shared/shopify is missing (looked in {path}); the contract and reference "
            "checks cannot run without it. Set SHOP_SYNC_SHARED to its folder."
        )
    return path


@pytest.fixture
def db(tmp_path: Path):
    """A fresh, migrated SQLite database in a temp folder, bound to `store.database.DB`."""
    from desktop_app.store.database import close_database, open_database

    database = open_database(tmp_path / "shop_sync.sqlite3")
    try:
        yield database
    finally:
        close_database()


@pytest.fixture
def memory_keyring():
    """An in-memory keyring backend installed with `keyring.set_keyring`, restored after.

    Yields the backend; its `store` dict maps (service, username) to the secret.
    """
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        priority = 1  # a secure store as far as the vault is concerned

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self.store.pop((service, username), None) is None:
                raise PasswordDeleteError("not found")

    # Defining a backend class registers it with keyring's auto-detection; keep it out.
    KeyringBackend._classes.discard(MemoryKeyring)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
