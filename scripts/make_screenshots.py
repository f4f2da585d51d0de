"""Makes the README screenshots: every tab of the window and the "Connect your store"
assistant, in English and in French.

Usage, from the checkout:

    .venv/bin/python scripts/make_screenshots.py [--languages en fr] [--out docs/screenshots]

Each language runs in its own process on a fresh, temporary data folder, exactly as a newcomer
sees the app: the first start sets up the demo shop card and local customers, then the demo
syncs run (customers, orders, companies, gift cards). Each tab is grabbed offscreen with `widget.grab()`
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
    "companies_tab": "companies",
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
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

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
        for resource in (Resource.CUSTOMERS, Resource.ORDERS, Resource.COMPANIES,
                         Resource.GIFT_CARDS):
            result = await context.engine.sync(shop, resource)
            if result is None:
                print(f"make_screenshots: the demo {resource} sync failed", file=sys.stderr)
        for tab in (window.customers_tab, window.companies_tab, window.orders_tab,
                    window.gift_cards_tab):
            tab.reload()
        # The Companies tab shows its first company's locations and contacts.
        if window.companies_tab.proxy.rowCount():
            window.companies_tab.table.selectRow(0)
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
        saved += await shoot_assistant(window, services, shop, folder)
        saved += await shoot_setup(window, folder)
        saved += await shoot_menu(window, folder)
        saved += await shoot_look_before_you_leap(window, context, services, shop, folder)
        return saved

    with loop:
        try:
            saved = loop.run_until_complete(run())
        finally:
            window.close()
            context.engine.cancel()
            loop.run_until_complete(services.aclose())
    return saved


async def shoot_assistant(window, services, existing: str, folder: Path) -> list[Path]:
    """The "Connect your store" assistant: its sign-in page (the guide) and its test page
    after a test. The store is a demo shop in this process dressed as a real one, reached
    through `ShopAdmin`'s probe transport; nothing is stored (the assistant is cancelled)."""
    from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
    from desktop_app.sync.service import REQUIRED_SCOPES
    from desktop_app.sync.shop_admin import ShopAdmin
    from desktop_app.ui.dialogs.connect_store_dialog import ConnectStoreDialog

    backend = ShopBackend.generate(seed=7, customers=1)
    store = backend.state.shop
    store.name, store.myshopify_domain = "Lavender & Linen", "lavender-and-linen.myshopify.com"
    store.currency_code, store.iana_timezone = "EUR", "Europe/Paris"
    store.country_code, store.province_code = "FR", None
    store.access_scopes = frozenset(REQUIRED_SCOPES) - {"read_gift_cards", "read_returns"}
    client_id = "8f3c1e0d7a2b4c6e9f1a3b5c7d9e0f21"
    demo = DemoShop(backend, client_id=client_id)
    admin = ShopAdmin(services.service, services.vault,
                      probe_transport=lambda address: DemoShopTransport(demo))
    wizard = ConnectStoreDialog(admin, [existing], window, code="LAVENDER",
                                address="https://admin.shopify.com/store/lavender-and-linen")
    wizard.resize(800, 720)
    wizard.show()
    saved = []
    try:
        wizard.next()
        wizard.sign_in_page.client_id_edit.setText(client_id)
        wizard.sign_in_page.client_secret_edit.setText("shpss_" + "0" * 32)
        await asyncio.sleep(0.2)
        for name in ("connect_store", "connect_store_test"):
            if name == "connect_store_test":
                wizard.next()
                for _ in range(100):  # the test, on the in-process shop: well under 10 s
                    if wizard.info is not None:
                        break
                    await asyncio.sleep(0.1)
                else:
                    raise SystemExit("make_screenshots: the assistant's test did not finish")
                await asyncio.sleep(0.2)
            path = folder / f"{name}.png"
            if not wizard.grab().save(str(path)):
                raise SystemExit(f"make_screenshots: could not write {path}")
            saved.append(path)
    finally:
        wizard.reject()
        demo.close()
        backend.close()
    return saved


async def shoot_setup(window, folder: Path) -> list[Path]:
    """The Setup dialog on its Country templates page (the demo's rows after its sync), its
    Counties page, its Shipment methods page (the titles the demo orders carry), its Shopify
    locations page (read from the demo shop), its G/L accounts page (the demo's, named by the
    Shop Card), its Payment methods page and its Payment gateways page (the gateways the demo
    orders were paid through) and its Local locations page. Two Canadian provinces with a tax area, the demo orders' two
    shipping titles and two payment methods are entered first, as a merchant would before
    the first documents: one title and two gateways mapped, the others not yet."""
    from desktop_app.store import local_locations, payment_methods, tax_area_codes
    from desktop_app.sync import setup_runs

    shop = window.current_shop()
    setup_runs.set_mapping(shop, "shipment-method", "Standard", "STD")
    setup_runs.set_mapping(shop, "shipment-method", "Express", "")
    setup_runs.add_code(tax_area_codes.TABLE, "HST", "Harmonized sales tax")
    for code, description, gateway in (("CARD", "Card payments", "shopify_payments"),
                                       ("PAYPAL", "PayPal", "paypal")):
        setup_runs.add_code(payment_methods.TABLE, code, description)
        setup_runs.set_mapping(shop, "payment-method", gateway, code)
    for code, name in (("MAIN", "Main shop"), ("BACK", "Back room")):
        setup_runs.add_code(local_locations.TABLE, code, name)
    for county, name in (("ON", "Ontario"), ("NS", "Nova Scotia")):
        setup_runs.set_county(shop, "CA", county, {"name": name, "tax_area": "HST",
                                                   "tax_liable": True})
    dialog = window.show_setup()
    dialog.resize(dialog.tabs_width(), 480)  # every tab shown (the offscreen screen is small)
    saved = []
    try:
        for name, page in (("setup", dialog.countries_page),
                           ("setup_counties", dialog.counties_page),
                           ("setup_shipment_methods", dialog.shipment_methods_page),
                           ("setup_locations", dialog.locations_page),
                           ("setup_accounts", dialog.accounts_page),
                           ("setup_payment_methods", dialog.payment_methods_page),
                           ("setup_gateways", dialog.gateways_page),
                           ("setup_local_locations", dialog.local_locations_page)):
            dialog.tabs.setCurrentWidget(page)
            await asyncio.sleep(0.2)
            if page is dialog.locations_page:
                for _ in range(100):  # the read of the in-process shop: well under 10 s
                    if page.refresh_button.isEnabled() and page.model.rowCount():
                        break
                    await asyncio.sleep(0.1)
                else:
                    raise SystemExit("make_screenshots: the locations were not read")
                await asyncio.sleep(0.2)
            path = folder / f"{name}.png"
            if not dialog.grab().save(str(path)):
                raise SystemExit(f"make_screenshots: could not write {path}")
            saved.append(path)
    finally:
        dialog.reject()
    return saved


async def shoot_menu(window, folder: Path) -> list[Path]:
    """The Sync menu open over the window (a popup is a window of its own: painted in)."""
    from PySide6.QtGui import QPainter

    menu = window.menus.sync_menu
    window.tabs.setCurrentIndex(0)
    bar = window.menuBar()
    menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))
    await asyncio.sleep(0.3)
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(menu.mapToGlobal(menu.rect().topLeft())), menu.grab())
    painter.end()
    menu.close()
    path = folder / "menu_sync.png"
    if not picture.save(str(path)):
        raise SystemExit(f"make_screenshots: could not write {path}")
    return [path]


async def _wait(what: str, predicate, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise SystemExit(f"make_screenshots: the {what} did not come up in time")


def _save(image, path: Path) -> Path:
    if not image.save(str(path)):
        raise SystemExit(f"make_screenshots: could not write {path}")
    return path


async def shoot_look_before_you_leap(window, context, services, shop: str,
                                     folder: Path) -> list[Path]:
    """Issue 19's screens, each from what really happens on the demo: both update directions
    on, two customers edited both here and in the demo shop (and one more field here): the
    customers' preview, then the sync (the Conflicts view); two look-alike counter
    customers (Duplicates)."""
    import json

    from desktop_app import SHOPIFY_API_VERSION
    from desktop_app.app import DEMO_SETTINGS
    from desktop_app.demo_shop import DemoRequest
    from desktop_app.store import customers, shops
    from desktop_app.sync.results import Resource

    saved = []
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    shops.update_shop_settings(shop, {**DEMO_SETTINGS, "shopify_can_update_customers": True,
                                      "can_update_shopify_customers": True})
    # A first two-way run records what the two sides agree on: the base of the merge.
    await context.engine.sync(shop, Resource.CUSTOMERS)
    linked = sorted((c["no"], c["shopify_id"]) for c in customers.customers_for_cli(shop)
                    if c["shopify_id"] and c["email"])[:2]
    await asyncio.sleep(1.1)  # Shopify's times are in seconds: past the last run's own
    demo = services.demo_shops._shops[shop]
    update = ("mutation U($input: CustomerInput!) { customerUpdate(input: $input) "
              "{ customer { id } userErrors { field message } } }")
    for no, gid in linked:
        body = json.dumps({"query": update, "variables": {"input": {
            "id": gid, "email": f"{no.lower()}.web@example.com"}}}).encode()
        answer = await demo.handle(DemoRequest(
            "POST", f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json",
            {"X-Shopify-Access-Token": "screenshots", "Content-Type": "application/json"},
            body))
        if answer.status != 200:
            raise SystemExit(f"make_screenshots: the demo shop refused an edit: {answer.body}")
        customers.update_customer(no, {"email": f"{no.lower()}.counter@example.com"})
    customers.update_customer(linked[0][0], {"city": "Lyon", "phone": "+33 4 72 00 00 00"})
    dialog = tab.open_preview()  # what the next sync would do, before it does it
    await _wait("preview", lambda: dialog is not None and dialog.result is not None)
    await asyncio.sleep(0.3)
    saved.append(_save(dialog.grab(), folder / "preview.png"))
    dialog.close()
    await context.engine.sync(shop, Resource.CUSTOMERS)
    customers.upsert_customers([
        {"no": "C90001", "name": "Hannah Becker", "email": "Hannah.Becker@Example.com",
         "phone": "+49 30 1234567", "city": "Berlin", "country": "DE"},
        {"no": "C90002", "name": "Becker Hannah", "email": " hannah.becker@example.com",
         "city": "Berlin", "country": "DE"},
    ])
    tab.reload()
    for name, view in (("conflicts", tab.conflicts), ("duplicates", tab.duplicates)):
        tab.views.setCurrentWidget(view)
        view.reload()
        await _wait(f"{name} view", lambda v=view: v.model.rowCount() > 0)
        await asyncio.sleep(0.3)
        saved.append(_save(window.grab(), folder / f"{name}.png"))
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
