"""Makes the README screenshots: every tab of the window, in English and in French.

Usage, from the checkout:

    .venv/bin/python scripts/make_screenshots.py [--languages en fr] [--out docs/screenshots]

Each language runs in its own process on a fresh, temporary data folder, exactly as a newcomer
sees the app: the first start sets up the demo shop card and local customers, then the demo
syncs run (customers, orders, gift cards). Each tab is grabbed offscreen with `widget.grab()`
into `<out>/<language>/<tab>.png`. Nothing of the user's own settings, keyring or data is read
or written (QSettings go to the temp folder, secrets to an in-memory keyring).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
LANGUAGES = ("en", "fr")
SIZE = (1280, 800)
#: File name of each tab, by the tab's object name.
TAB_FILES = {
    "shop_card_tab": "shop_card",
    "customers_tab": "customers",
    "orders_tab": "orders",
    "gift_cards_tab": "gift_cards",
}


def _memory_keyring() -> None:
    """Keep the demo's secrets in memory: the screenshots must not show a keyring warning,
    nor touch the user's keyring."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    KeyringBackend._classes.discard(MemoryKeyring)
    keyring.set_keyring(MemoryKeyring())


def shoot(language: str, out: Path) -> list[Path]:
    """Run the app for one language in this process and save a PNG per tab."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    import qasync

    from desktop_app import app
    from desktop_app.i18n import install_translators
    from desktop_app.sync.engine import SyncEngine
    from desktop_app.sync.results import Resource

    _memory_keyring()
    temp = Path(tempfile.mkdtemp(prefix="shop-sync-screenshots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp / "qs"))
    qt_app = QApplication(sys.argv[:1])
    qt_app.setApplicationName("Shop Sync")
    qt_app.setOrganizationName("ShopSync")
    install_translators(qt_app, language)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)

    from desktop_app.ui.main_window import MainWindow

    services = app.build_services(temp / "data")
    shop = app.ensure_first_start(services)
    if shop is None:
        raise SystemExit("make_screenshots: the data folder was not fresh")
    context = app.AppContext(services, SyncEngine(services.service))
    context.set_current_shop(shop)
    window = MainWindow(context)
    window.resize(*SIZE)
    window.show()

    async def run() -> list[Path]:
        await window.shop_card_tab.test_connection()
        for resource in (Resource.CUSTOMERS, Resource.ORDERS, Resource.GIFT_CARDS):
            result = await context.engine.sync(shop, resource)
            if result is None:
                print(f"make_screenshots: the demo {resource} sync failed", file=sys.stderr)
        for tab in (window.customers_tab, window.orders_tab, window.gift_cards_tab):
            tab.reload()
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        # The Orders tab opens on "To import", empty after a sync: show the imported orders.
        window.orders_tab.views.setCurrentWidget(window.orders_tab.orders_page)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            await asyncio.sleep(0.2)  # let the tab lay out and paint
            name = TAB_FILES.get(window.tabs.widget(index).objectName(),
                                 window.tabs.widget(index).objectName())
            path = folder / f"{name}.png"
            if not window.grab().save(str(path)):
                raise SystemExit(f"make_screenshots: could not write {path}")
            saved.append(path)
        return saved

    with loop:
        try:
            saved = loop.run_until_complete(run())
        finally:
            window.close()
            context.engine.cancel()
            loop.run_until_complete(services.aclose())
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--out", type=Path, default=OUT, help="default: docs/screenshots")
    parser.add_argument("--one", choices=LANGUAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.one:
        for path in shoot(args.one, out):
            print(f"make_screenshots: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return 0
    status = 0
    for language in args.languages:
        # One process per language: Qt's translators, default locale and the one
        # QApplication all start clean.
        done = subprocess.run([sys.executable, __file__, "--one", language, "--out", str(out)])
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
