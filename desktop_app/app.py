"""Composition root: builds each service once and hands them to the window or the CLI.

Nothing below this module knows how the pieces are wired: the sync service gets a
`transport_for(shop)` function, which is where the built-in demo shop is plugged in as an
in-process httpx transport (the app still speaks plain HTTP GraphQL to it, as to Shopify).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app import paths
from desktop_app.credentials.vault import Vault
from desktop_app.store.customers import count_customers
from desktop_app.store.database import close_database, open_store
from desktop_app.store.shops import get_shop, list_shops
from desktop_app.sync import database_settings, demo_card
from desktop_app.sync.service import SyncService
from desktop_app.sync.shop_admin import ShopAdmin

log = logging.getLogger(__name__)

DEMO_SHOP_CODE = "DEMO"
DEMO_SEED = 2026
DEMO_CUSTOMERS = 250
DEMO_ORDERS = 150


class DemoShops:
    """The in-process demo shops of this data folder, their state kept in `demo/<code>.json`."""

    def __init__(self, data_dir: Path) -> None:
        self._dir = data_dir / "demo"
        self._shops: dict[str, object] = {}

    def transport_for(self, shop) -> object | None:
        if not getattr(shop, "is_demo", False):
            return None
        from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend

        demo = self._shops.get(shop.code)
        if demo is None:
            state_file = self._dir / f"{shop.code}.json"
            if state_file.is_file():
                backend = ShopBackend.from_json(json.loads(state_file.read_text("utf-8")))
            else:
                backend = ShopBackend.generate(
                    seed=DEMO_SEED, customers=DEMO_CUSTOMERS, orders=DEMO_ORDERS
                )
            demo = DemoShop(backend)
            self._shops[shop.code] = demo
        return DemoShopTransport(demo)

    def save(self) -> None:
        """Write each demo shop's state, so what the merchant did survives a restart."""
        if not self._shops:
            return
        self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._dir.chmod(0o700)  # mkdir's mode is filtered by the umask
        for code, demo in self._shops.items():
            target = self._dir / f"{code}.json"
            # json.dumps, not json.dump: dump always encodes in pure Python, chunk by chunk;
            # dumps uses the C encoder (same text, a third of the CPU: each command that
            # touched a demo shop saves its whole state, about 0.9 MB, when it ends).
            text = json.dumps(demo.backend.to_json())
            # A temporary file of its own (0600): two processes saving one demo shop at once
            # (two schedulers) shared `CODE.tmp`, and the second rename failed with
            # FileNotFoundError, failing its run.
            fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=f"{code}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, target)

    def forget(self, code: str) -> None:
        """A demo card was removed: its simulated store goes too (memory and state file), so
        a new card of that code starts from a fresh demo shop."""
        demo = self._shops.pop(code, None)
        if demo is not None:
            demo.backend.close()
        (self._dir / f"{code}.json").unlink(missing_ok=True)

    def close(self) -> None:
        for demo in self._shops.values():
            demo.backend.close()
        self._shops.clear()


@dataclass
class Services:
    """The Qt-free services: the CLI uses these directly, the window wraps them."""

    data_dir: Path
    vault: Vault
    service: SyncService
    demo_shops: DemoShops
    log_path: Path | None = None
    extras: dict = field(default_factory=dict)
    #: Every change to shop cards, links, ticks and schedules (window and CLI alike).
    admin: ShopAdmin = field(init=False)

    def __post_init__(self) -> None:
        self.admin = ShopAdmin(self.service, self.vault)

    async def aclose(self) -> None:
        await self.service.aclose()
        self.demo_shops.save()
        self.demo_shops.close()
        close_database()


def build_services(data_dir: Path | str | None = None, *, vault: Vault | None = None,
                   database: str | None = None) -> Services:
    """Open the database (migrating it), the vault and the sync service for a data folder.

    `database` (a server's URL, else `SHOP_SYNC_DATABASE`, else the choice saved in
    Preferences) replaces the folder's SQLite file; a server's password comes from the keyring
    (`sync.database_settings.resolve`, the same for the window and the command line).
    """
    folder = paths.data_dir(data_dir)
    vault = vault or Vault()
    url, password = database_settings.resolve(database, folder, vault)
    open_store(paths.database_path(folder), url, password=password)
    demo_shops = DemoShops(folder)
    service = SyncService(
        vault=vault,
        data_dir=folder,
        transport_for=demo_shops.transport_for,
        on_run_finished=lambda code: demo_shops.save(),
        on_shop_removed=demo_shops.forget,
    )
    return Services(folder, vault, service, demo_shops)


#: The first start's demo card: a demo card's settings (`sync.demo_card`), and a sample
#: local customer as the default customer.
DEMO_DEFAULT_CUSTOMER = "K0038"
DEMO_SETTINGS = {**demo_card.DEMO_SETTINGS, "default_customer_no": DEMO_DEFAULT_CUSTOMER}


def ensure_first_start(services: Services) -> str | None:
    """On a fresh data folder, set up the demo and return its shop code, else None.

    The demo is a shop card on the built-in demo shop (the "Shopify" side) and a few local
    customers from resources/demo (the merchant's own side), some of them the same people as
    in the shop, so the first Customers sync shows matching, linking and auto-creation.
    """
    if list_shops() or count_customers():
        return None
    from desktop_app.store import csv_io, customer_scope  # the first start only

    # The same demo card as `shop-sync shop add CODE --demo` and the New shop card dialog.
    services.admin.create(DEMO_SHOP_CODE, name="Demo shop", is_demo=True)
    sample = paths.resource_path("demo", "local_customers.csv")
    if sample.is_file():
        # The samples are the demo's (issue 14): never a real shop card's, and removing
        # the demo card removes them, but those the merchant changed.
        with customer_scope.acting_for(DEMO_SHOP_CODE):
            report = csv_io.import_customers(sample)
        log.info("first start: %d sample local customers", report.created)
        services.admin.set_settings(DEMO_SHOP_CODE,
                                    {"default_customer_no": DEMO_DEFAULT_CUSTOMER})
    log.info("first start: demo shop %s created", DEMO_SHOP_CODE)
    return DEMO_SHOP_CODE


def settle_heap() -> None:
    """Take what start-up built out of the cycle collector's way, once the window is up.

    Modules, Qt wrappers and the window live as long as the app: ~110,000 objects that each
    full collection would walk again, holding the event loop 50 ms every few seconds while a
    100,000-customer sync runs (issue 9's stall benchmark; 12-22 ms once they are frozen).
    `gc.freeze()` only exempts them from the cycle collector; reference counting frees them
    as usual.
    """
    gc.collect()
    gc.freeze()


class AppContext:
    """What the window gets: the services, the Qt engine, and the shop being looked at."""

    def __init__(self, services: Services, engine) -> None:
        self.services = services
        self.engine = engine
        self.vault = services.vault
        self.admin = services.admin
        self.data_dir = services.data_dir
        self._current: str | None = None

    def current_shop(self) -> str | None:
        if self._current is not None:
            try:
                get_shop(self._current)
                return self._current
            except Exception:  # deleted meanwhile
                self._current = None
        shops = list_shops()
        return shops[0].code if shops else None

    def set_current_shop(self, code: str | None) -> None:
        self._current = code
