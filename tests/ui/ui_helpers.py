"""Helpers for the UI tests (waiting on the qasync loop, a slow job, screenshot checks)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from desktop_app.sync.context import JobContext

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


class SlowJob:
    """A customers job that reports progress page by page until cancelled (or done)."""

    def __init__(self, pages: int = 400, delay: float = 0.01) -> None:
        self.pages = pages
        self.delay = delay
        self.started = asyncio.Event()
        self.cancelled = False
        self.completed = False

    async def __call__(self, ctx: JobContext) -> None:
        self.started.set()
        try:
            for page in range(self.pages):
                ctx.reporter.progress(page, self.pages)
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        ctx.result.created = self.pages
        self.completed = True


#: Generous on purpose: a passing test never waits it out, and CI machines can be loaded
#: (a real sync against the in-process demo shop then takes several seconds).
DEFAULT_TIMEOUT = 30.0


async def wait_until(predicate: Callable[[], object], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Let the loop run until `predicate()` is true; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.005)


class SignalWaiter:
    """Collects a signal's emissions; `await waiter.wait()` for the next (or first) one."""

    def __init__(self, signal) -> None:
        self.calls: list[tuple] = []
        self._future: asyncio.Future | None = None
        signal.connect(self._on_emit)

    def _on_emit(self, *args) -> None:
        self.calls.append(args)
        if self._future is not None and not self._future.done():
            self._future.set_result(args)

    async def wait(self, timeout: float = DEFAULT_TIMEOUT) -> tuple:
        if self.calls:
            return self.calls[-1]
        self._future = asyncio.get_running_loop().create_future()
        return await asyncio.wait_for(self._future, timeout)



def demo_orders_shop(data: Path, shop: str, *, orders: int, auto_create_orders: bool) -> str:
    """The in-process demo state of shop card `shop`: a small generated shop with `orders`
    orders, written where `DemoShops` looks before its first request (`data/demo/`), and
    the card set for orders (local customer WEB as the default, items created as needed)."""
    import json

    from desktop_app.demo_shop import ShopBackend
    from desktop_app.store import shops
    from desktop_app.store.customers import upsert_customers

    backend = ShopBackend.generate(seed=11, customers=15, orders=orders)
    folder = data / "demo"
    folder.mkdir(parents=True)
    (folder / f"{shop}.json").write_text(json.dumps(backend.to_json()), "utf-8")
    backend.close()
    upsert_customers([{"no": "WEB", "name": "Web shop customer"}])
    shops.update_shop_settings(shop, {
        "customer_import": "none", "default_customer_no": "WEB", "auto_create_items": True,
        "auto_create_orders": auto_create_orders, "shipping_charges_account": "6100",
        "tip_account": "6200", "sold_gift_card_account": "2400",
    })
    return shop


@contextlib.asynccontextmanager
async def window_in_language(language: str, qtbot, context, width: int, height: int):
    """The main window built in `language` (its texts are read when it is built), shown at
    `width` x `height`; English and the default locale again afterwards."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from desktop_app import i18n
    from desktop_app.ui.main_window import MainWindow

    app = QApplication.instance()
    previous = QLocale()
    assert i18n.install_translators(app, language) == language
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        await wait_until(window.isVisible)
        yield window
    finally:
        i18n.install_translators(app, "en")
        QLocale.setDefault(previous)
