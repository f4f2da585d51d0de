"""Credential providers: static tokens, client credentials (refresh before expiry, once on 401)."""

from __future__ import annotations

import asyncio
import json
import pickle

import httpx
import pytest

from shopify_fakes import FakeTime, answer
from desktop_app.errors import AuthError, NetworkError
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import (
    AccessTokenProvider,
    ClientCredentials,
    Secret,
    StaticToken,
)
from desktop_app.shopify.client import TOKEN_HEADER

SHOP = {"shop": {"name": "Demo"}}
ADDRESS = ShopAddress.parse("demo-shop")


def test_secret_never_shows_itself():
    secret = Secret("shpss_very_secret")
    assert repr(secret) == "Secret(***)" and str(secret) == "Secret(***)"
    assert f"{secret}" == "Secret(***)" and "%s" % secret == "Secret(***)"
    assert "very_secret" not in repr([secret, {"k": secret}])
    assert secret.reveal() == "shpss_very_secret"
    assert secret == Secret("shpss_very_secret") and secret != Secret("other")
    with pytest.raises(TypeError):
        pickle.dumps(secret)


async def test_static_token_reads_the_callable_each_time():
    values = iter(["shpat_one", "shpat_two"])

    async def get() -> str:
        return next(values)

    provider = StaticToken(get)
    assert isinstance(provider, AccessTokenProvider)
    assert await provider.token() == "shpat_one"
    await provider.invalidate()
    assert await provider.token() == "shpat_two"
    assert provider.expires_at is None and provider.can_refresh is False
    assert "shpat" not in repr(provider)


async def test_static_token_missing_is_auth_error():
    async def get() -> str:
        return ""

    with pytest.raises(AuthError, match="No Admin API access token"):
        await StaticToken(get).token()


class TokenEndpoint:
    """The shop's /admin/oauth/access_token plus a GraphQL endpoint accepting issued tokens."""

    def __init__(self, expires_in: int = 3600) -> None:
        self.expires_in = expires_in
        self.issued: list[str] = []
        self.token_bodies: list[dict] = []
        self.graphql_tokens: list[str] = []
        self.revoked: set[str] = set()
        self.token_status = 200

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/admin/oauth/access_token":
            self.token_bodies.append(json.loads(request.content))
            if self.token_status != 200:
                return httpx.Response(self.token_status, json={"error": "invalid_client"})
            token = f"tok-{len(self.issued) + 1}"
            self.issued.append(token)
            return httpx.Response(
                200,
                json={"access_token": token, "scope": "read_customers,write_customers",
                      "expires_in": self.expires_in},
            )
        token = request.headers.get(TOKEN_HEADER, "")
        self.graphql_tokens.append(token)
        if token not in self.issued or token in self.revoked:
            return httpx.Response(401, json={"errors": "[API] Invalid API key or access token"})
        return answer(SHOP)


def credentials(clock: FakeTime) -> ClientCredentials:
    async def secret() -> Secret:
        return Secret("shpss_client_secret")

    return ClientCredentials(ADDRESS, "client-id-1", secret, clock=clock)


async def test_client_credentials_fetch_and_cache(make_client, fake_time):
    endpoint = TokenEndpoint()
    creds = credentials(fake_time)
    client = make_client(endpoint, credentials=creds)
    await client.execute("ShopInfo")
    await client.execute("ShopInfo")
    assert endpoint.token_bodies == [
        {"grant_type": "client_credentials", "client_id": "client-id-1",
         "client_secret": "shpss_client_secret"}
    ]
    assert endpoint.graphql_tokens == ["tok-1", "tok-1"]
    assert creds.expires_at == pytest.approx(fake_time() + 3600)
    assert creds.scopes == ("read_customers", "write_customers")
    assert "shpss" not in repr(creds) and "tok-1" not in repr(creds)


async def test_refreshes_when_less_than_five_minutes_remain(make_client, fake_time):
    endpoint = TokenEndpoint(expires_in=3600)
    client = make_client(endpoint, credentials=credentials(fake_time))
    await client.execute("ShopInfo")
    fake_time.now += 3600 - 301  # 301 s left: still fresh
    await client.execute("ShopInfo")
    assert endpoint.issued == ["tok-1"]
    fake_time.now += 2  # 299 s left: refresh before using it
    await client.execute("ShopInfo")
    assert endpoint.issued == ["tok-1", "tok-2"]
    assert endpoint.graphql_tokens == ["tok-1", "tok-1", "tok-2"]


async def test_refreshes_once_after_401_then_succeeds(make_client, fake_time):
    endpoint = TokenEndpoint()
    client = make_client(endpoint, credentials=credentials(fake_time))
    await client.execute("ShopInfo")
    endpoint.revoked.add("tok-1")  # revoked early on the shop's side
    assert await client.execute("ShopInfo") == SHOP
    assert endpoint.graphql_tokens == ["tok-1", "tok-1", "tok-2"]


async def test_second_401_after_refresh_is_auth_error(make_client, fake_time):
    endpoint = TokenEndpoint()
    client = make_client(endpoint, credentials=credentials(fake_time))

    async def always_401(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("graphql.json"):
            endpoint.graphql_tokens.append(request.headers[TOKEN_HEADER])
            return httpx.Response(401)
        return await endpoint(request)

    client.http._transport = httpx.MockTransport(always_401)
    with pytest.raises(AuthError, match="401"):
        await client.execute("ShopInfo")
    assert endpoint.graphql_tokens == ["tok-1", "tok-2"]


async def test_static_token_401_is_not_retried(make_client):
    calls = []

    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(401)

    with pytest.raises(AuthError):
        await make_client(handler).execute("ShopInfo")
    assert len(calls) == 1


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_refused_client_credentials_are_auth_error(make_client, fake_time, status):
    endpoint = TokenEndpoint()
    endpoint.token_status = status
    client = make_client(endpoint, credentials=credentials(fake_time))
    with pytest.raises(AuthError) as caught:
        await client.execute("ShopInfo")
    assert "shpss" not in str(caught.value)
    assert endpoint.graphql_tokens == []


async def test_token_endpoint_redirect_is_refused(make_client, fake_time):
    async def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "demo-shop.myshopify.com"
        return httpx.Response(302, headers={"Location": "https://evil.example/token"})

    client = make_client(handler, credentials=credentials(fake_time))
    with pytest.raises(AuthError, match="redirect"):
        await client.execute("ShopInfo")


async def test_token_endpoint_unreachable_is_network_error(fake_time):
    async def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        creds = credentials(fake_time)
        creds.attach(http)
        with pytest.raises(NetworkError):
            await creds.token()


async def test_concurrent_callers_share_one_fetch(fake_time):
    endpoint = TokenEndpoint()
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint)) as http:
        async def secret() -> str:
            return "shpss_x"

        creds = ClientCredentials(ADDRESS, "id", secret, http=http, clock=fake_time)
        tokens = await asyncio.gather(*(creds.token() for _ in range(10)))
    assert set(tokens) == {"tok-1"} and creds.fetches == 1
