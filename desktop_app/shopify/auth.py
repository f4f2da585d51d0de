"""Credential providers: where the client gets the access token it sends to Shopify.

Two ways exist for a merchant's custom app:
- `StaticToken`: a permanent Admin API access token (`shpat_...`), read from the keyring layer
  through a callable;
- `ClientCredentials`: the client-credentials grant of apps created since 2026: the client id
  and secret are exchanged at `/admin/oauth/access_token` for a token that expires.

Tokens and secrets travel wrapped in `Secret`, whose repr and str are `Secret(***)`, so a stray
log line or f-string cannot leak them. No message written here ever contains one.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import httpx

from desktop_app.errors import AuthError, NetworkError, ShopifyError
from desktop_app.shopify.address import ShopAddress

log = logging.getLogger(__name__)

#: Refresh an expiring token when less than this many seconds of its life remain.
REFRESH_MARGIN = 300.0


class Secret:
    """A token or secret that refuses to show itself by accident.

    `reveal()` is the only way to the value; `repr`, `str`, formatting and pickling hide it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError("a Secret holds text")
        self._value = value

    def reveal(self) -> str:
        """The secret text, for the one place that must send it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> tuple:
        raise TypeError("a Secret cannot be pickled")


@runtime_checkable
class AccessTokenProvider(Protocol):
    """Hands the client a current access token.

    Attributes:
        expires_at: when the current token expires (the provider's clock), None when it does
            not expire or is not fetched yet.
        can_refresh: True if `invalidate()` + `token()` can yield a different, valid token,
            so a 401 deserves one more try.
    """

    expires_at: float | None
    can_refresh: bool

    async def token(self) -> str:
        """The access token to send (fetching or refreshing it when needed)."""
        ...

    async def invalidate(self) -> None:
        """Forget the current token (Shopify answered 401 with it)."""
        ...


async def _reveal(value: str | Secret) -> str:
    return value.reveal() if isinstance(value, Secret) else value


class StaticToken:
    """A permanent Admin API access token, fetched through `get_token` on every use.

    The keyring layer owns the token; fetching it each time means a token replaced in the
    settings takes effect at once. A 401 with it cannot be cured here (AuthError).
    """

    expires_at: float | None = None
    can_refresh = False

    def __init__(self, get_token: Callable[[], Awaitable[str | Secret]]) -> None:
        self._get_token = get_token

    async def token(self) -> str:
        """Return the stored token; AuthError when none is stored."""
        value = await _reveal(await self._get_token())
        if not value:
            raise AuthError("No Admin API access token is stored for this shop.",
                            reason=AuthError.NO_SECRET, secret="token")
        return value

    async def invalidate(self) -> None:
        """Nothing to forget: the token is permanent."""

    def attach(self, http: httpx.AsyncClient) -> None:
        """Unused: a static token needs no HTTP client."""

    def __repr__(self) -> str:
        return "StaticToken(***)"


class ClientCredentials:
    """Client-credentials grant: exchanges client id + secret for an expiring access token.

    The token is cached and refreshed when less than `REFRESH_MARGIN` seconds remain, or after
    `invalidate()` (the client calls that once after a 401). Concurrent callers share a single
    refresh.
    """

    can_refresh = True

    def __init__(
        self,
        address: ShopAddress,
        client_id: str,
        get_secret: Callable[[], Awaitable[str | Secret]],
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Args:
        address: the shop; the token endpoint is `{address.base_url}/admin/oauth/access_token`.
        client_id: the app's client id (not secret, but never logged either).
        get_secret: coroutine function returning the client secret from the keyring layer.
        http: client used for the token request; `ShopifyClient` attaches its own when None.
        clock: wall clock in seconds (injected by tests).
        """
        self._address = address
        self._client_id = Secret(client_id)
        self._get_secret = get_secret
        self._http = http
        self._clock = clock
        self._token: Secret | None = None
        self.expires_at: float | None = None
        self.scopes: tuple[str, ...] = ()
        self._lock = asyncio.Lock()
        self.fetches = 0

    def attach(self, http: httpx.AsyncClient) -> None:
        """Use the shop's HTTP client for token requests unless one was given."""
        if self._http is None:
            self._http = http

    def _is_fresh(self) -> bool:
        if self._token is None:
            return False
        if self.expires_at is None:
            return True
        return self.expires_at - self._clock() > REFRESH_MARGIN

    async def token(self) -> str:
        """The cached token, fetching a new one when missing or about to expire."""
        if self._is_fresh():
            assert self._token is not None
            return self._token.reveal()
        async with self._lock:
            if not self._is_fresh():
                await self._fetch()
            assert self._token is not None
            return self._token.reveal()

    async def invalidate(self) -> None:
        """Drop the cached token so the next `token()` fetches a new one."""
        self._token = None
        self.expires_at = None

    async def _fetch(self) -> None:
        if self._http is None:
            raise RuntimeError("ClientCredentials needs an httpx.AsyncClient (attach one)")
        secret = await _reveal(await self._get_secret())
        if not secret:
            raise AuthError("No client secret is stored for this shop.",
                            reason=AuthError.NO_SECRET, secret="client_secret")
        started = self._clock()
        body = {
            "grant_type": "client_credentials",
            "client_id": self._client_id.reveal(),
            "client_secret": secret,
        }
        try:
            response = await self._http.post(
                self._address.token_url,
                json=body,
                headers={"Accept": "application/json"},
                follow_redirects=False,
            )
        except httpx.HTTPError as exc:
            raise NetworkError(
                f"Could not reach the shop to get an access token ({type(exc).__name__})."
            ) from None
        finally:
            del body, secret
        self.fetches += 1
        if response.is_redirect:
            raise AuthError(
                f"The shop answered the token request with a redirect (HTTP "
                f"{response.status_code}); credentials are never sent on."
            )
        if response.status_code in (400, 401, 403):
            raise AuthError(
                f"Shopify refused the app's client id or secret (HTTP {response.status_code}).",
                reason=AuthError.CLIENT_REFUSED,
            )
        if response.status_code >= 500 or response.status_code == 429:
            raise NetworkError(
                f"The shop could not issue an access token (HTTP {response.status_code})."
            )
        if response.status_code != 200:
            raise ShopifyError(
                f"Unexpected answer to the token request (HTTP {response.status_code})."
            )
        try:
            payload = response.json()
            token = payload["access_token"]
        except (ValueError, KeyError, TypeError):
            raise ShopifyError("The shop's token answer could not be read.") from None
        if not isinstance(token, str) or not token:
            raise ShopifyError("The shop's token answer holds no access token.")
        expires_in = payload.get("expires_in")
        self._token = Secret(token)
        self.expires_at = (
            started + float(expires_in) if isinstance(expires_in, (int, float)) else None
        )
        scope = payload.get("scope")
        self.scopes = tuple(s for s in str(scope or "").split(",") if s)
        log.debug(
            "Fetched an access token by client credentials (expires in %s s, %s scopes)",
            expires_in,
            len(self.scopes),
        )

    def __repr__(self) -> str:
        return f"ClientCredentials({self._address.base_url}, ***)"
