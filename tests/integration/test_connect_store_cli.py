"""Issue 17, connecting a real store from the command line (the assistant's twin):
`shop add CODE --domain ADDRESS` takes every address form merchants have, and `--test`
tests the secret (stdin or SHOP_SYNC_TOKEN_<CODE>) against the shop BEFORE anything is
stored, fills the card's country, currency and time zone and names missing access scopes;
a failure exits 2 with one line and leaves no card and no secret.

Commands run in-process through `cli.main` on a real data folder, against a demo shop served
by another process on loopback (`demo_server`), standing in for the real store.
"""

from __future__ import annotations

import io
import json
import socket
import time
from pathlib import Path

import pytest
from json_cli import JsonCli

from desktop_app.cli import main
from desktop_app.demo_shop.backend import ShopBackend

SERVICE = "desktop_app.shopify"


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path: Path, memory_keyring) -> JsonCli:
    monkeypatch.delenv("SHOP_SYNC_TOKEN_WEB", raising=False)
    monkeypatch.delenv("SHOP_SYNC_CLIENT_SECRET_WEB", raising=False)
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _shops(cli: JsonCli) -> list[str]:
    return [row["code"] for row in cli.ok("shop", "list")]


@pytest.mark.parametrize("address", [
    "lavender-and-linen",
    "lavender-and-linen.myshopify.com",
    "https://lavender-and-linen.myshopify.com/admin",
    "admin.shopify.com/store/lavender-and-linen",
    "https://admin.shopify.com/store/lavender-and-linen/orders/1001",
])
def test_shop_add_takes_every_address_form(cli, address):
    shop = cli.ok("shop", "add", "WEB", "--domain", address)
    assert shop["domain"] == "lavender-and-linen.myshopify.com"
    assert shop["api_url"] is None


def test_shop_add_refuses_a_custom_domain_with_the_reason(cli):
    code, data, err = cli.run("shop", "add", "WEB", "--domain", "www.lavender-and-linen.com")
    assert code == 2 and data is None
    assert "Settings > Domains" in err and len(err.strip().splitlines()) == 1
    assert _shops(cli) == []


def test_tested_add_fills_the_card_from_the_shop_and_stores_the_secret(
        cli, demo_server, memory_keyring):
    served = demo_server("--customers", "3")
    shop = cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    connection = shop["connection"]
    assert connection["tested"] is True
    assert (connection["country"], connection["currency"], connection["time_zone"]) == (
        "CA", "CAD", "America/Toronto")
    assert connection["missing_scopes"] == []
    assert connection["secret"] == "keyring"
    shown = cli.ok("shop", "show", "WEB")
    assert shown["currency_code"] == "CAD" and shown["time_zone"] == "America/Toronto"
    assert shown["name"] == "Demo Shop"
    assert memory_keyring.store[(SERVICE, "WEB:token")] == "shpat_ok"
    # the card works: a sync with the stored secret
    assert cli.ok("sync", "customers", "--shop", "WEB")["failed"] == 0
    # the test asked the shop once, before the card existed (nothing else was sent first)
    first = served.request_entries()[0]
    assert "currentAppInstallation" in first["query"]


def test_missing_scopes_are_named_and_the_card_is_still_added(cli, demo_server, tmp_path):
    backend = ShopBackend.generate(seed=1, customers=2)
    state = backend.to_json()
    backend.close()
    state["shop"]["access_scopes"] = ["read_customers", "write_customers", "read_orders"]
    state["shop"]["iana_timezone"] = "Europe/Paris"
    state["shop"]["currency_code"] = "EUR"
    state["shop"]["country_code"] = "FR"
    state["shop"]["province_code"] = None
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), "utf-8")
    served = demo_server("--state", str(path))
    code, shop, err = cli.run("shop", "add", "WEB", "--api-url", served.url, "--test",
                              stdin="shpat_ok\n")
    assert code == 0, err
    missing = shop["connection"]["missing_scopes"]
    assert "read_all_orders" in missing and "write_draft_orders" in missing
    assert "read_customers" not in missing
    shown = cli.ok("shop", "show", "WEB")
    assert (shown["currency_code"], shown["time_zone"]) == ("EUR", "Europe/Paris")
    # the human text names the missing scopes too
    cli.ok("shop", "remove", "WEB")
    cli.monkeypatch.setattr("sys.stdin", io.StringIO("shpat_ok\n"))
    assert main(["--data-dir", str(cli.data), "shop", "add", "WEB", "--api-url", served.url,
                 "--test"]) == 0
    printed = cli.capsys.readouterr().out
    assert "Missing access scopes" in printed and "read_all_orders" in printed
    assert "Europe/Paris" in printed


def test_secret_from_the_environment_is_tested_and_not_stored(
        cli, demo_server, monkeypatch, memory_keyring):
    served = demo_server("--customers", "2")
    monkeypatch.setenv("SHOP_SYNC_TOKEN_WEB", "shpat_from_env")
    shop = cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="")
    assert shop["connection"]["secret"] == "SHOP_SYNC_TOKEN_WEB"
    assert (SERVICE, "WEB:token") not in memory_keyring.store


def test_refused_client_secret_stores_nothing(cli, demo_server, memory_keyring):
    served = demo_server("--customers", "2")
    code, data, err = cli.run("shop", "add", "WEB", "--api-url", served.url, "--test",
                              "--client-id", "not-our-app", stdin="shpss_wrong\n")
    assert code == 2 and data is None
    assert len(err.strip().splitlines()) == 1 and "client id or secret" in err
    assert _shops(cli) == []
    assert memory_keyring.store == {}


def test_no_secret_at_all_is_refused_before_anything(cli, demo_server):
    served = demo_server("--customers", "2")
    code, _data, err = cli.run("shop", "add", "WEB", "--api-url", served.url, "--test",
                               stdin="")
    assert code == 2 and "SHOP_SYNC_TOKEN_WEB" in err
    assert _shops(cli) == []
    assert served.request_entries() == []


def test_unreachable_shop_fails_fast_and_stores_nothing(cli, memory_keyring):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code, _data, err = cli.run("shop", "add", "WEB", "--api-url", f"http://127.0.0.1:{port}",
                               "--test", stdin="shpat_ok\n")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert time.monotonic() - started < 25
    assert _shops(cli) == [] and memory_keyring.store == {}


def test_no_keyring_refuses_a_stdin_secret_before_testing(cli, demo_server, monkeypatch):
    import keyring
    from keyring.backends import fail

    served = demo_server("--customers", "2")
    keyring.set_keyring(fail.Keyring())
    code, _data, err = cli.run("shop", "add", "WEB", "--api-url", served.url, "--test",
                               stdin="shpat_ok\n")
    assert code == 2 and "SHOP_SYNC_TOKEN_WEB" in err
    assert _shops(cli) == []
    assert served.request_entries() == []
