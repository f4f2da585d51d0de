"""ShopAddress: only NAME.myshopify.com over https, or plain http to a loopback address."""

from __future__ import annotations

import re

import pytest

from desktop_app.errors import ShopAddressError
from desktop_app.shopify.address import ShopAddress

GOOD = [
    ("my-shop", "https://my-shop.myshopify.com"),
    ("  my-shop  ", "https://my-shop.myshopify.com"),
    ("shop42", "https://shop42.myshopify.com"),
    ("my-shop.myshopify.com", "https://my-shop.myshopify.com"),
    ("My-Shop.MyShopify.com", "https://my-shop.myshopify.com"),
    ("https://my-shop.myshopify.com", "https://my-shop.myshopify.com"),
    ("https://my-shop.myshopify.com/", "https://my-shop.myshopify.com"),
    ("HTTPS://my-shop.myshopify.com", "https://my-shop.myshopify.com"),
    ("http://127.0.0.1", "http://127.0.0.1"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ("http://127.1.2.3:65535", "http://127.1.2.3:65535"),
    ("http://localhost:5000", "http://localhost:5000"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    ("http://[::1]", "http://[::1]"),
]

#: Issue 17: the forms merchants have at hand, each the store `my-shop.myshopify.com`.
MERCHANT_FORMS = [
    "my-shop",
    "my-shop.myshopify.com",
    "my-shop.myshopify.com/",
    "my-shop.myshopify.com/admin",
    "https://my-shop.myshopify.com/admin",
    "https://my-shop.myshopify.com/admin/orders/1001",
    "https://my-shop.myshopify.com//",
    "admin.shopify.com/store/my-shop",
    "admin.shopify.com/store/my-shop/",
    "https://admin.shopify.com/store/my-shop",
    "HTTPS://Admin.Shopify.com/Store/My-Shop",
    "https://admin.shopify.com/store/my-shop/settings/apps/development",
    "  https://admin.shopify.com/store/my-shop  ",
]


@pytest.mark.parametrize("text", MERCHANT_FORMS)
def test_every_form_a_merchant_has_gives_the_myshopify_address(text):
    address = ShopAddress.parse(text)
    assert address.host == "my-shop.myshopify.com"
    assert address.base_url == "https://my-shop.myshopify.com"


REFUSED_WITH_REASON = [
    ("www.lavender-and-linen.com", "Settings > Domains"),
    ("https://admin.shopify.com", "admin.shopify.com/store/NAME"),
    ("https://admin.shopify.com/", "admin.shopify.com/store/NAME"),
    ("admin.shopify.com/orders", "admin.shopify.com/store/NAME"),
    ("admin.shopify.com/store/", "admin.shopify.com/store/NAME"),
    ("admin.shopify.com/store/my_shop", "admin.shopify.com/store/"),
    ("https://admin.shopify.com:8443/store/my-shop", "port"),
    ("http://admin.shopify.com/store/my-shop", "https"),
    ("my-shop/admin", "NAME.myshopify.com"),
    ("http://127.0.0.1:8080/admin/api", "path"),
    ("https://admin.shopify.com/store/my-shop/orders?selectedView=all", "'?' or '#'"),
    ("https://my-shop.myshopify.com/admin#top", "'?' or '#'"),
    ("https://my-shop.myshopify.com/admin/../../evil", "malformed"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED_WITH_REASON)
def test_other_addresses_are_refused_with_a_clear_reason(text, reason):
    with pytest.raises(ShopAddressError, match=re.escape(reason)):
        ShopAddress.parse(text)


@pytest.mark.parametrize(("text", "base"), GOOD)
def test_accepted_addresses(text, base):
    address = ShopAddress.parse(text)
    assert address.base_url == base
    assert address.is_loopback == base.startswith("http://")


HOSTILE = [
    # other hosts and look-alike domains
    "https://evil.com",
    "evil.com",
    "https://myshopify.com",
    ".myshopify.com",
    "https://my-shop.myshopify.com.evil.com",
    "my-shop.myshopify.com.evil.com",
    "https://evilmyshopify.com",
    "https://my-shop.evilmyshopify.com",
    "https://my-shop.myshopify.co",
    "https://my-shop.myshopify.com.",
    "https://a.b.myshopify.com",
    "https://my-shop.myshopify.com\\@evil.com",
    # user info and fragment tricks
    "https://my-shop.myshopify.com@evil.com",
    "https://shpat_abc@my-shop.myshopify.com",
    "https://user:pass@my-shop.myshopify.com",
    "https://evil.com#.myshopify.com",
    "https://evil.com?.myshopify.com",
    "https://evil.com/.myshopify.com",
    "https://my-shop%2emyshopify.com",
    # ports and paths
    "https://my-shop.myshopify.com:443",
    "https://my-shop.myshopify.com:8443",
    "my-shop.myshopify.com:443",
    "http://127.0.0.1:8080/admin/api",
    # the admin address with a look-alike host, user info or another store's host after it
    "https://admin.shopify.com.evil.com/store/my-shop",
    "https://evil.com/admin.shopify.com/store/my-shop",
    "https://admin.shopify.com@evil.com/store/my-shop",
    "https://evil.admin.shopify.com/store/my-shop",
    "admin.shopify.com/store/evil.com",
    "https://evil.com?x=my-shop.myshopify.com",
    # IP addresses, non-https, non-loopback http
    "https://1.2.3.4",
    "https://127.0.0.1",
    "http://10.0.0.1:8080",
    "http://192.168.1.10",
    "http://0.0.0.0:8080",
    "http://127.1:8080",
    "http://2130706433",
    "http://[::ffff:7f00:1]",
    "http://[fe80::1]",
    "http://my-shop.myshopify.com",
    "http://localhost.evil.com",
    "http://127.0.0.1.nip.io",
    "ftp://my-shop.myshopify.com",
    "javascript://my-shop.myshopify.com",
    "//my-shop.myshopify.com",
    # broken ports
    "http://127.0.0.1:0",
    "http://127.0.0.1:99999",
    "http://127.0.0.1:80a",
    "http://127.0.0.1:",
    # bad shop names
    "",
    "   ",
    "-shop",
    "shop-",
    "my_shop",
    "my shop",
    "shöp",
    "a" * 64,
    "my-shop\n.myshopify.com",
    "my-shop\x00.myshopify.com",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_addresses_are_refused(text):
    with pytest.raises(ShopAddressError) as caught:
        ShopAddress.parse(text)
    assert str(caught.value)  # names the problem


def test_enough_hostile_cases():
    assert len(HOSTILE) >= 25


@pytest.mark.parametrize(
    "text",
    [
        "https://shpat_SECRET123@my-shop.myshopify.com",
        "https://my-shop.myshopify.com:shpat_SECRET123",
        "shpat_SECRET123.evil.com",
        "https://evil.com/?token=shpat_SECRET123",
    ],
)
def test_error_messages_never_echo_the_input(text):
    with pytest.raises(ShopAddressError) as caught:
        ShopAddress.parse(text)
    assert "SECRET123" not in str(caught.value)
    assert "SECRET123" not in repr(caught.value)


def test_at_sign_gets_a_specific_message():
    with pytest.raises(ShopAddressError, match="'@'"):
        ShopAddress.parse("https://my-shop.myshopify.com@evil.com")


def test_urls():
    address = ShopAddress.parse("my-shop")
    assert address.graphql_url("2026-07") == (
        "https://my-shop.myshopify.com/admin/api/2026-07/graphql.json"
    )
    assert address.token_url == "https://my-shop.myshopify.com/admin/oauth/access_token"
    assert address.shop_name == "my-shop"
    assert str(address) == "https://my-shop.myshopify.com"
    with pytest.raises(ValueError):
        address.graphql_url("../../evil")


def test_loopback_demo_addresses():
    in_process = ShopAddress.loopback()
    assert in_process.base_url == "http://127.0.0.1"
    assert in_process.is_loopback
    assert in_process.shop_name is None
    assert ShopAddress.loopback(port=8765).graphql_url("2026-07") == (
        "http://127.0.0.1:8765/admin/api/2026-07/graphql.json"
    )
    with pytest.raises(ShopAddressError):
        ShopAddress.loopback(port=70000)


def test_shop_name_length_limit():
    assert ShopAddress.parse("a" * 63).shop_name == "a" * 63
