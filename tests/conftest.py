"""Shared test setup. Qt must be told to run offscreen before it is imported anywhere."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
#: Set to run the `heavy` tests too (bigger variants of tests whose smaller case runs always).
HEAVY = bool(os.environ.get("SHOP_SYNC_HEAVY"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Skip the `heavy` tests unless SHOP_SYNC_HEAVY is set; in an xdist worker, put the
    longest files first (tests/file_seconds.py says why).

    Each heavy test is a bigger variant (more orders, rows, kills) of a check whose smaller
    case runs in every run, so the default run, and CI, still cover what it protects.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from file_seconds import load, longest_first

        items[:] = longest_first(items, load())
    if HEAVY:
        return
    skip = pytest.mark.skip(reason="a heavy variant: set SHOP_SYNC_HEAVY=1 to run it")
    for item in items:
        if item.get_closest_marker("heavy") is not None:
            item.add_marker(skip)


def pytest_collection_finish(session):
    """Take what collection loaded (every test module, the app, Qt, graphql: most of a
    worker's heap) out of the cycle collector's way, as the app does at start-up
    (`app.settle_heap`): the full collection the Qt tests' guard below makes twice per test
    then walks only what the tests made since (SHOP_SYNC_NO_FREEZE=1 to compare)."""
    import gc

    if os.environ.get("SHOP_SYNC_NO_FREEZE"):
        return
    gc.collect()
    gc.freeze()


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


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database file migrated to the latest version, once per test process.

    `db` copies it instead of running every migration again: migrating a new file took 60 to
    80 ms a test (22 steps), a copy and opening it 2 to 15 ms. The copy is the same file a fresh
    `open_database()` makes (closing checkpoints the WAL into it); the migrations themselves
    are tested from each earlier version in tests/unit/store.
    """
    from desktop_app.store.database import close_database, open_database

    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    open_database(path)
    close_database()
    assert not path.with_name(path.name + "-wal").exists(), "the template's WAL was not merged"
    return path


@pytest.fixture
def db(tmp_path: Path, request: pytest.FixtureRequest):
    """A fresh, migrated SQLite database in a temp folder, bound to `store.database.DB`
    (a PostgreSQL one with SHOP_SYNC_TEST_ENGINE=postgresql: tests/postgres.py); the SQLite
    file is a copy of `migrated_template`."""
    import shutil

    from postgres import bound_postgres, wants_postgres

    from desktop_app.store.database import close_database, open_database

    if wants_postgres():
        with bound_postgres() as database:
            yield database
        return
    target = tmp_path / "shop_sync.sqlite3"
    shutil.copyfile(request.getfixturevalue("migrated_template"), target)
    database = open_database(target)
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


# --- demo shops, the service and the engine (classes in tests/demo_shops.py) ---------------


@pytest.fixture
def demo_shop():
    """A factory of in-process demo shops: `demo_shop(seed=1, customers=50, orders=0)`.

    Keyword options go to `DemoShop` (`plan` defaults to "plus": tests are bounded by what
    they check, not by the bucket); `backend=` serves a backend the test built itself. Every
    shop made is closed after the test. Returns a `demo_shops.InProcessShop`.
    """
    from demo_shops import InProcessShop

    from desktop_app.demo_shop import DemoShop, ShopBackend

    made: list[InProcessShop] = []

    def make(seed: int = 1, customers: int = 50, orders: int = 0, *,
             backend: ShopBackend | None = None, plan: str = "plus",
             **options) -> InProcessShop:
        if backend is None:
            backend = ShopBackend.generate(seed=seed, customers=customers, orders=orders)
        made.append(InProcessShop(backend, DemoShop(backend, plan=plan, **options)))
        return made[-1]

    yield make
    for shop in made:
        shop.close()


@pytest.fixture
async def served_demo_shop():
    """A factory of demo shops served on 127.0.0.1 in the test's event loop (real HTTP):
    `await served_demo_shop(seed=1, customers=50, orders=0, **DemoShop options)`.

    Returns a `demo_shops.ServedShop` (`url`, `address`); every server is stopped after the
    test. For a separate server process (kills, a real `demo-shop serve`), see the
    `demo_server` fixture of tests/integration.
    """
    from demo_shops import ServedShop

    from desktop_app.demo_shop import DemoShop, ShopBackend
    from desktop_app.demo_shop.server import serve, stop

    made: list[tuple[ServedShop, object]] = []

    async def make(seed: int = 1, customers: int = 50, orders: int = 0, *,
                   backend: ShopBackend | None = None, plan: str = "plus",
                   **options) -> ServedShop:
        if backend is None:
            backend = ShopBackend.generate(seed=seed, customers=customers, orders=orders)
        shop = DemoShop(backend, plan=plan, **options)
        server, port = await serve(shop, "127.0.0.1", 0)
        made.append((ServedShop(backend, shop, port), server))
        return made[-1][0]

    yield make
    for served, server in made:
        await stop(server)
        served.shop.close()
        served.backend.close()


@pytest.fixture
async def service(db, tmp_path: Path):
    """A factory of the real `SyncService` on a shop card wired to an in-process demo shop:
    `service(shop, code="S1", **settings)` creates the card (a demo card, its country from
    the shop) and returns the service, whose requests go through `shop.transport`.

    Every service made is closed after the test.
    """
    from desktop_app.store import shops
    from desktop_app.sync.service import SyncService

    made: list[SyncService] = []

    def make(shop, code: str = "S1", **settings) -> SyncService:
        shops.create_shop(code, name="Test shop", is_demo=True)
        shops.save_shop_info(code, {"country": shop.backend.state.shop.country_code})
        if settings:
            shops.update_shop_settings(code, settings)
        made.append(SyncService(vault=None, data_dir=tmp_path,
                                transport_for=lambda _code: shop.transport))
        return made[-1]

    yield make
    for made_service in made:
        await made_service.aclose()


@pytest.fixture
async def engine():
    """A factory: `engine(service)` is the real `SyncEngine` (a QObject) over that service.

    After the test, a sync still running is cancelled and awaited, and each engine is
    destroyed here, on the main thread, rather than by whichever thread collects the cycles
    its finished tasks make (tests/qt_loop.py).
    """
    import asyncio

    import shiboken6

    from desktop_app.sync.engine import SyncEngine

    made: list[SyncEngine] = []

    def make(sync_service) -> SyncEngine:
        made.append(SyncEngine(sync_service))
        return made[-1]

    yield make
    for made_engine in made:
        made_engine.cancel()
        for _ in range(2000):
            if not made_engine.is_busy():
                break
            await asyncio.sleep(0.005)
        shiboken6.delete(made_engine)
