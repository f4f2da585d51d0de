"""Access tokens: the header check and the client-credentials grant."""

from __future__ import annotations

import httpx
import pytest
from demo_http_fakes import GRAPHQL_URL, FakeClock, gql

from desktop_app.demo_shop.shop import INVALID_TOKEN_MESSAGE, DemoShop
from desktop_app.demo_shop.transport import DemoShopTransport

TOKEN_URL = "/admin/oauth/access_token"
SHOP_QUERY = "{ shop { name } }"


def strict_shop(backend, clock: FakeClock, **kwargs) -> DemoShop:
    return DemoShop(backend, clock=clock, sleep=clock.sleep, accept_any_token=False,
                    client_secret="s3cret-value", **kwargs)


def http_for(shop: DemoShop, token: str | None = None) -> httpx.AsyncClient:
    headers = {"X-Shopify-Access-Token": token} if token is not None else {}
    return httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://demo.test",
                             headers=headers)


def assert_401(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.json() == {"errors": INVALID_TOKEN_MESSAGE}


@pytest.mark.parametrize("token", [None, "", "   "])
async def test_missing_token_is_401_even_in_demo_mode(backend, clock, token):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep)
    async with http_for(shop, token) as http:
        assert_401(await gql(http, SHOP_QUERY))
    assert backend.executions == 0


async def test_any_token_is_accepted_in_demo_mode(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep)
    async with http_for(shop, "whatever") as http:
        assert (await gql(http, SHOP_QUERY)).json()["data"]["shop"]["name"] == "Demo Shop"


async def test_unknown_token_is_401_when_strict(backend, clock):
    async with http_for(strict_shop(backend, clock), "shpat_not_issued") as http:
        assert_401(await gql(http, SHOP_QUERY))


@pytest.mark.parametrize("form", [True, False])
async def test_client_credentials_issue_a_working_token_that_expires(backend, clock, form):
    shop = strict_shop(backend, clock, token_ttl_s=86399)
    params = {"client_id": "demo-client-id", "client_secret": "s3cret-value",
              "grant_type": "client_credentials"}
    async with http_for(shop) as http:
        response = await (http.post(TOKEN_URL, data=params) if form
                          else http.post(TOKEN_URL, json=params))
        assert response.status_code == 200
        grant = response.json()
        assert set(grant) == {"access_token", "scope", "expires_in"}
        assert grant["access_token"].startswith("shpat_")
        assert grant["expires_in"] == 86399
        assert grant["scope"] == "read_customers,write_customers"
        token = grant["access_token"]
        ok = await gql(http, SHOP_QUERY, headers={"X-Shopify-Access-Token": token})
        assert ok.status_code == 200
        clock.advance(86398)
        assert (await gql(http, SHOP_QUERY, headers={"X-Shopify-Access-Token": token})).status_code == 200
        clock.advance(2)
        assert_401(await gql(http, SHOP_QUERY, headers={"X-Shopify-Access-Token": token}))


async def test_expired_issued_token_is_refused_even_in_demo_mode(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep, token_ttl_s=60)
    token, ttl = shop.issue_token()
    assert ttl == 60
    async with http_for(shop, token) as http:
        assert (await gql(http, SHOP_QUERY)).status_code == 200
        clock.advance(61)
        assert_401(await gql(http, SHOP_QUERY))
        # An expired token is not a "new" token in disguise.
        assert_401(await gql(http, SHOP_QUERY))


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"client_id": "demo-client-id", "client_secret": "wrong", "grant_type": "client_credentials"},
         "invalid_client"),
        ({"client_id": "other-app", "client_secret": "s3cret-value", "grant_type": "client_credentials"},
         "invalid_client"),
        ({"client_id": "demo-client-id", "grant_type": "client_credentials"}, "invalid_client"),
        ({"client_id": "demo-client-id", "client_secret": "s3cret-value", "grant_type": "password"},
         "unsupported_grant_type"),
    ],
)
async def test_refused_grants(backend, clock, params, error):
    async with http_for(strict_shop(backend, clock)) as http:
        response = await http.post(TOKEN_URL, json=params)
    assert response.status_code == 400
    assert response.json()["error"] == error
    assert "access_token" not in response.text


async def test_any_secret_is_accepted_when_none_is_configured(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep)
    async with http_for(shop) as http:
        response = await http.post(TOKEN_URL, data={
            "client_id": "demo-client-id", "client_secret": "anything",
            "grant_type": "client_credentials"})
    assert response.status_code == 200


async def test_token_endpoint_wants_post(backend, clock):
    async with http_for(strict_shop(backend, clock)) as http:
        assert (await http.get(TOKEN_URL)).status_code == 405


async def test_issued_tokens_are_not_kept_in_clear(backend, clock):
    shop = strict_shop(backend, clock)
    token, _ = shop.issue_token()
    assert token not in repr(vars(shop))
    assert GRAPHQL_URL  # the endpoint under test
