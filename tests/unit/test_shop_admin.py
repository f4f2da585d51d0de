"""ShopAdmin, the one way the window and the command line change shop cards (issue 16 item 5):
a card is saved whole or not at all, the shop's client is rebuilt exactly when its address,
sign-in or secret changed, and a card is not removed under a running sync."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.credentials.vault import SERVICE, Vault
from desktop_app.store import settings as shop_settings
from desktop_app.store import shops
from desktop_app.sync.results import Resource
from desktop_app.sync.service import ShopBusyError, SyncService
from desktop_app.sync.shop_admin import ShopAdmin, address_columns

TOKEN = "shpat_0123456789abcdef0123456789abcdef"


@pytest.fixture
async def service(db, tmp_path, memory_keyring):
    shops.create_shop("WEB", domain="first-store.myshopify.com")
    service = SyncService(vault=Vault(), data_dir=tmp_path, jobs={})
    yield service
    await service.aclose()


@pytest.fixture
def admin(service):
    return ShopAdmin(service, Vault())


async def test_a_refused_setting_leaves_the_connection_as_it_was(admin):
    with pytest.raises(shop_settings.SettingError):
        await admin.save_card(
            "WEB", {"name": "Renamed", **address_columns("second-store.myshopify.com")},
            {"history_days": "not a number"})
    card = shops.get_shop("WEB")
    assert (card.name, card.domain) == ("WEB", "first-store.myshopify.com")


async def test_the_client_is_rebuilt_only_when_address_sign_in_or_secret_changed(
        admin, service, memory_keyring):
    first = await service.client_for("WEB")

    done = await admin.save_card("WEB", {"name": "Web"}, {"history_days": 30}, {"token": " "})
    assert (done.renamed, done.connection_changed, done.secrets_stored) == (True, False, ())
    assert await service.client_for("WEB") is first  # name and settings: same client

    done = await admin.save_card("WEB", {}, {}, {"token": TOKEN})
    assert done.secrets_stored == ("token",)
    assert memory_keyring.store[(SERVICE, "WEB:token")] == TOKEN
    second = await service.client_for("WEB")
    assert second is not first  # a new token: a new client

    done = await admin.save_card(
        "WEB", address_columns("second-store.myshopify.com"), {})
    assert done.connection_changed
    assert shops.get_shop("WEB").domain == "second-store.myshopify.com"
    assert await service.client_for("WEB") is not second  # a new address: a new client


async def test_removing_a_card_is_refused_while_this_process_syncs_it(db, tmp_path,
                                                                      memory_keyring):
    shops.create_shop("WEB", is_demo=True)
    running, release = asyncio.Event(), asyncio.Event()

    async def job(ctx) -> None:
        running.set()
        await release.wait()

    vault = Vault()
    await vault.aset("WEB", "token", TOKEN)
    service = SyncService(vault=vault, data_dir=tmp_path, jobs={Resource.CUSTOMERS: job})
    admin = ShopAdmin(service, vault)
    sync = asyncio.ensure_future(service.sync("WEB", Resource.CUSTOMERS))
    try:
        await asyncio.wait_for(running.wait(), timeout=10)
        with pytest.raises(ShopBusyError, match="being synced"):
            await asyncio.wait_for(admin.remove("WEB"), timeout=5)
        assert shops.get_shop("WEB").code == "WEB"  # nothing removed
        release.set()
        await asyncio.wait_for(sync, timeout=10)
        await admin.remove("WEB")
        assert [s.code for s in shops.list_shops()] == []
        assert (SERVICE, "WEB:token") not in memory_keyring.store  # the secrets went too
    finally:
        release.set()
        await asyncio.gather(sync, return_exceptions=True)
        await service.aclose()


# --- issue 17: probe before anything is stored, then connect ----------------------------------


@pytest.fixture
def demo():
    from desktop_app.demo_shop import DemoShop, ShopBackend

    backend = ShopBackend.generate(seed=1, customers=2)
    backend.state.shop.access_scopes = frozenset({"read_customers", "write_customers"})
    backend.state.shop.iana_timezone = "Europe/Paris"
    backend.state.shop.currency_code = "EUR"
    backend.state.shop.country_code = "FR"
    backend.state.shop.province_code = None
    shop = DemoShop(backend)
    yield shop
    shop.close()
    backend.close()


@pytest.fixture
def probing_admin(service, demo):
    from desktop_app.demo_shop import DemoShopTransport

    return ShopAdmin(service, Vault(), probe_transport=lambda address: DemoShopTransport(demo))


async def test_probe_reads_the_shop_and_stores_nothing(probing_admin, demo, memory_keyring):
    info = await probing_admin.probe("http://127.0.0.1:9", TOKEN)
    assert (info.country, info.currency, info.timezone) == ("FR", "EUR", "Europe/Paris")
    assert "read_orders" in info.missing_scopes and "read_customers" not in info.missing_scopes
    assert [s.code for s in shops.list_shops()] == ["WEB"] and memory_keyring.store == {}
    assert demo.stats["requests"] == 1


async def test_probe_refuses_a_malformed_secret_before_any_request(probing_admin, demo):
    from desktop_app.credentials.vault import InvalidSecretError

    with pytest.raises(InvalidSecretError):
        await probing_admin.probe("http://127.0.0.1:9", "shpat one\ttwo")
    assert demo.stats["requests"] == 0


async def test_connect_fills_country_currency_and_time_zone_then_stores_the_secret(
        probing_admin, memory_keyring):
    info = await probing_admin.probe("http://127.0.0.1:9", TOKEN)
    record = await probing_admin.connect("EU", "admin.shopify.com/store/eu-store", secret=TOKEN,
                                         info=info)
    assert record.domain == "eu-store.myshopify.com" and record.name == info.name
    assert (record.country, record.get("currency_code"), record.get("time_zone")) == (
        "FR", "EUR", "Europe/Paris")
    assert record.scopes == tuple(info.scopes)
    assert memory_keyring.store[(SERVICE, "EU:token")] == TOKEN


async def test_connect_leaves_nothing_when_the_keyring_refuses(service, memory_keyring):
    from desktop_app.errors import CredentialsError

    class RefusingVault:
        async def aset(self, shop, kind, value):
            raise CredentialsError("The keyring is locked")

        async def adelete(self, shop, kind):
            return None

    admin = ShopAdmin(service, RefusingVault())
    with pytest.raises(CredentialsError):
        await admin.connect("EU", "eu-store", secret=TOKEN)
    assert [s.code for s in shops.list_shops()] == ["WEB"]


async def test_connect_refuses_a_taken_code_before_touching_the_keyring(admin, memory_keyring):
    from desktop_app.store.upsert import DuplicateError

    memory_keyring.store[(SERVICE, "WEB:token")] = "the-old-one"
    with pytest.raises(DuplicateError):
        await admin.connect("WEB", "other-store", secret=TOKEN)
    assert memory_keyring.store[(SERVICE, "WEB:token")] == "the-old-one"
    assert shops.get_shop("WEB").domain == "first-store.myshopify.com"
