"""ShopAdmin: every change a merchant makes to shop cards, for the window and the command line.

The window's Shop Card, New shop card, Schedule, Link and Web Upload commands and the CLI's
`shop`, `token` and `customers link/unlink/assign-web-upload/remove-web-upload` come here, so
neither front end writes to the store or the keyring itself and both do the same steps in
the same order:
- `create`: a new card (code and address checked by the store);
- `save_card`: connection, settings (one transaction) and typed secrets; the shop's client is
  forgotten when its address, sign-in or secret changed, so the next request uses the new ones;
- `set_settings`: settings only (`shop-sync shop set`);
- `set_secret` / `forget_secrets`: the keyring, then the client forgotten;
- `remove`: refused while this process syncs the shop, then `SyncService.remove_shop` (another
  process's sync waited for, the rows, the secrets, a demo's simulated store);
- `link` / `unlink`, `set_web_upload`, `set_schedule`: the customer links, the Web Upload
  ticks and the recurring syncs of one card;
- `probe` / `connect` (issue 17, the "Connect your store" assistant and `shop add --test`):
  test an address and a secret held in memory, with no card and nothing stored; then create
  the card with the shop's country, currency and time zone and only then store the secret.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from desktop_app.credentials.vault import check_secret
from desktop_app.errors import AuthError, NetworkError, StoreError
from desktop_app.shopify.address import ShopAddress
from desktop_app.store import (
    customer_scope,
    schedules,
    setting_codes,
    shopify_customers,
    shops,
)
from desktop_app.store.database import transaction
from desktop_app.store.shops import ShopRecord
from desktop_app.sync import demo_card
from desktop_app.sync.results import CUSTOMER_LINKS
from desktop_app.sync.service import ShopBusyError, ShopInfo, read_shop_info

if TYPE_CHECKING:
    # Loaded by what uses them, not by every command (each builds this admin): the Shopify
    # client by a probe, the links' rules and the recorded runs by a link or a tick, a card's
    # removal by `connect` (tests/unit/test_start_imports.py).
    import httpx

    from desktop_app.credentials.vault import VaultStatus
    from desktop_app.shopify.auth import AccessTokenProvider
    from desktop_app.shopify.client import ShopifyClient
    from desktop_app.store import local_customers
    from desktop_app.sync import linking
    from desktop_app.sync.service import SyncService

log = logging.getLogger(__name__)

#: The kinds of secret a shop card may have in the keyring.
SECRET_KINDS = ("token", "client_secret")

#: The columns of a shop card that decide where its client connects and how it signs in.
_CONNECTION_COLUMNS = ("domain", "api_url", "is_demo", "auth_method", "client_id")

#: The longest a connection test (`probe`) may take, every retry included (seconds). An
#: unreachable shop is given up after this, never after the six retries of a sync.
PROBE_TIMEOUT = 20.0
#: Attempts of the probe's one query (a sync makes six).
PROBE_ATTEMPTS = 3

#: How a secret's kind follows from the sign-in method.
_SECRET_KIND = {"token": "token", "client_credentials": "client_secret"}

#: Builds the HTTP transport of a probe (None: the network). Tests and the in-process demo
#: shop plug in here, as `SyncService`'s `transport_for` does for cards.
ProbeTransport = Callable[[ShopAddress], "httpx.AsyncBaseTransport | None"]


def check_address(text: str) -> None:
    """Refuse what cannot be a shop's address (NAME.myshopify.com, or an http address on
    this computer for a demo shop served elsewhere).

    Raises:
        ShopAddressError: with the reason.
    """
    ShopAddress.parse(text)


def address_columns(text: str) -> dict[str, str | None]:
    """The card's `domain` and `api_url` for an address as the merchant typed it: a Shopify
    store by its host, a loopback address by its base URL.

    Raises:
        ShopAddressError: not a shop's address.
    """
    address = ShopAddress.parse(text)
    if address.is_loopback:
        return {"domain": None, "api_url": address.base_url}
    return {"domain": address.host, "api_url": None}


class SecretStore(Protocol):
    """What ShopAdmin needs of the vault (`credentials.vault.Vault`)."""

    async def aget(self, shop: str, kind: str) -> str | None: ...

    async def aset(self, shop: str, kind: str, value: str) -> VaultStatus: ...

    async def adelete(self, shop: str, kind: str) -> None: ...


@dataclass(frozen=True)
class CardSaved:
    """What `save_card` did: the card before and after, and the secrets it stored."""

    before: ShopRecord
    after: ShopRecord
    secrets_stored: tuple[str, ...]

    @property
    def connection_changed(self) -> bool:
        return (tuple(getattr(self.before, c) for c in _CONNECTION_COLUMNS)
                != tuple(getattr(self.after, c) for c in _CONNECTION_COLUMNS))

    @property
    def renamed(self) -> bool:
        return self.before.name != self.after.name


class ShopAdmin:
    """Shop-card administration over one `SyncService` and one vault (the window's or the
    command line's, built once by `app.build_services`)."""

    def __init__(self, service: SyncService, vault: SecretStore | None, *,
                 probe_transport: ProbeTransport | None = None) -> None:
        self._service = service
        self._vault = vault
        self._probe_transport = probe_transport or (lambda address: None)

    # --- cards --------------------------------------------------------------------------------

    def create(self, code: str, *, name: str = "", domain: str | None = None,
               api_url: str | None = None, is_demo: bool = False, auth_method: str = "token",
               client_id: str | None = None,
               settings: Mapping[str, object] | None = None,
               demo_set_up: bool = True) -> ShopRecord:
        """Add a shop card: `store.shops.create_shop` (code, address, method and duplicates
        checked); a demo card (`is_demo=True`) is set up to work out of the box in the same
        transaction (`sync.demo_card.set_up`: template, accounts, settings), unless
        `demo_set_up` is False (`shop add CODE --demo --bare`).

        Raises:
            StoreError, DuplicateError, SettingError: no card was made.
        """
        with transaction():
            record = shops.create_shop(
                code, name=name, domain=domain, api_url=api_url, is_demo=is_demo,
                auth_method=auth_method, client_id=client_id, settings=settings)
            return demo_card.set_up(record.code) if is_demo and demo_set_up else record

    def set_settings(self, code: str, changes: Mapping[str, object]) -> ShopRecord:
        """Validate and save some settings of a card (all or nothing); a code a setting
        names must exist locally (`store.setting_codes.check_codes`; blank: none).

        Raises:
            NotFoundError, SettingError: nothing was saved.
        """
        with transaction():
            checked = setting_codes.check_codes(code, changes, shops.get_shop(code).settings)
            return shops.update_shop_settings(code, checked)

    async def save_card(self, code: str, connection: Mapping[str, object],
                        settings: Mapping[str, object],
                        secrets: Mapping[str, str] | None = None, *,
                        info: ShopInfo | None = None) -> CardSaved:
        """Save what the Shop Card shows: its connection fields (`store.shops.update_shop`)
        and its settings (codes checked as `set_settings` does) in one transaction, with
        `info`, what a Test connection of these values answered (`probe`), then each secret
        typed (blank: kept as it is) to the vault; the shop's client is forgotten when the
        connection changed or a secret was stored.

        Raises:
            NotFoundError, StoreError, SettingError: nothing was saved.
            CredentialsError: the card was saved, a secret was not.
        """
        before = shops.get_shop(code)
        with transaction():  # a refused setting leaves the connection as it was too
            checked = setting_codes.check_codes(code, settings, before.settings)
            shops.update_shop(code, **connection)
            after = shops.update_shop_settings(code, checked)
            if info is not None:
                after = shops.save_shop_info(code, info.__dict__)
        stored: list[str] = []
        try:
            for kind, value in (secrets or {}).items():
                text = value.strip()
                if text:
                    await self._require_vault().aset(code, kind, text)
                    stored.append(kind)
        finally:
            saved = CardSaved(before, after, tuple(stored))
            if saved.connection_changed or stored:
                await self._service.forget_client(code)
        return saved

    async def remove(self, code: str) -> local_customers.DemoRemoval:
        """Remove a shop card: refused while this process syncs it (ShopBusyError), then
        `SyncService.remove_shop` (waits `lock_wait` for another process's sync, deletes
        the rows, a demo card's samples and the secrets).

        Raises:
            NotFoundError, ShopBusyError.
        """
        shops.get_shop(code)
        if self._service.is_busy(code):
            raise ShopBusyError(
                f"Shop {code} is being synced: wait for the sync to end (or cancel it) before "
                "removing its card.", shop=code)
        return await self._service.remove_shop(code)

    # --- connecting a new store (nothing stored until `connect`) -------------------------------

    async def probe(self, address: str, secret: str, *, auth_method: str = "token",
                    client_id: str | None = None,
                    timeout: float = PROBE_TIMEOUT) -> ShopInfo:
        """Test a store's address and secret before any card or secret exists: ask the shop
        who it is and which access scopes the app holds (`service.read_shop_info`), on a
        client that lives for this call only. The secret stays in memory; nothing is
        written. Cancelling the calling task stops it at once.

        Args:
            address: the store's address in any form `ShopAddress.parse` takes.
            secret: the Admin API access token, or the app's client secret.
            auth_method: "token" or "client_credentials" (then `client_id` is needed).
            timeout: seconds for everything, retries included (then NetworkError).

        Raises:
            ShopAddressError, InvalidSecretError, AuthError, NetworkError, ShopifyError.
        """
        from desktop_app.shopify.client import ShopifyClient

        where = ShopAddress.parse(address)
        value = check_secret(secret.strip())
        credentials = self._probe_credentials(where, value, auth_method, client_id)
        transport = self._probe_transport(where)
        # In a worker thread: building an httpx client loads the CA bundle (`client_for`).
        # Shielded: a test stopped meanwhile still closes the client once it is built.
        build = asyncio.ensure_future(asyncio.to_thread(
            lambda: ShopifyClient(where, credentials, transport=transport,
                                  max_attempts=PROBE_ATTEMPTS)))
        try:
            client = await asyncio.shield(build)
        except asyncio.CancelledError:
            build.add_done_callback(_close_when_built)
            raise
        client.set_deadlines(timeout)
        try:
            async with asyncio.timeout(timeout):
                return await read_shop_info(client)
        except TimeoutError:
            raise NetworkError(
                f"The shop did not answer within {timeout:.0f} s: check the address and your "
                "internet connection, then test again.", timeout=timeout) from None
        finally:
            await client.aclose()

    async def probe_card(self, code: str, address: str, *, secret: str = "",
                         auth_method: str = "token", client_id: str | None = None,
                         timeout: float = PROBE_TIMEOUT) -> ShopInfo:
        """The Shop Card's Test connection: `probe` the address and sign-in as the card shows
        them, unsaved, with the secret typed (blank: the one stored for the card). Nothing is
        written, the card's client is not touched.

        Raises:
            AuthError: no secret typed nor stored; and as `probe`.
        """
        value = secret.strip()
        if not value:
            value = (await self._require_vault().aget(code, _SECRET_KIND.get(auth_method, "token"))
                     or "").strip()
        if not value:
            raise AuthError(f"No secret is typed or stored for shop {code}: paste it, then "
                            "test again.", shop=code, reason=AuthError.NO_SECRET,
                            secret="token" if auth_method == "token" else "client_secret")
        return await self.probe(address, value, auth_method=auth_method, client_id=client_id,
                                timeout=timeout)

    @staticmethod
    def _probe_credentials(where: ShopAddress, secret: str, auth_method: str,
                           client_id: str | None) -> AccessTokenProvider:
        from desktop_app.shopify.auth import ClientCredentials, StaticToken

        if auth_method == "token":
            return StaticToken(_constant(secret))
        if auth_method == "client_credentials":
            if not (client_id or "").strip():
                raise AuthError("The client id of the app is empty: copy it from the app's "
                                "settings (Client ID) next to its secret.",
                                reason=AuthError.NO_CLIENT_ID)
            return ClientCredentials(where, client_id.strip(), _constant(secret))
        raise StoreError(f"Unknown authentication method '{auth_method}'")

    async def connect(self, code: str, address: str, *, name: str = "",
                      auth_method: str = "token", client_id: str | None = None,
                      secret: str | None = None, info: ShopInfo | None = None) -> ShopRecord:
        """Create a tested store's card, then store its secret: the assistant's Finish and
        `shop add --test`. With `info` (what `probe` answered) the card takes the shop's
        country, currency and time zone, and remembers its name, plan and scopes. The card
        and those values are written in one transaction; when the secret cannot be stored
        the card is removed again, so a failure leaves nothing behind.

        Raises:
            ShopAddressError, StoreError, DuplicateError: nothing was stored.
            CredentialsError, InvalidSecretError: the keyring refused; nothing was stored.
        """
        columns = address_columns(address)
        if auth_method == "client_credentials" and not (client_id or "").strip():
            raise StoreError("The client credentials method needs the app's client id")
        value = check_secret(secret.strip()) if secret and secret.strip() else None
        settings: dict[str, object] = {}
        if info is not None:
            settings.update(shop_values(info))
        with transaction():
            record = shops.create_shop(
                code, name=name or (info.name if info else "") or code,
                domain=columns["domain"], api_url=columns["api_url"],
                auth_method=auth_method,
                client_id=(client_id or "").strip() or None, settings=settings)
            if info is not None:
                record = shops.save_shop_info(record.code, info.__dict__)
        if value is not None:
            try:
                await self._require_vault().aset(record.code, _SECRET_KIND[auth_method], value)
            except BaseException:
                from desktop_app.store.shop_removal import delete_shop

                delete_shop(record.code)  # nothing half-made stays: no card without its secret
                raise
        log.info("shop card %s connected (%s)", record.code,
                 "tested" if info is not None else "not tested")
        return record

    # --- secrets ------------------------------------------------------------------------------

    async def set_secret(self, code: str, kind: str, value: str) -> VaultStatus:
        """Store a secret of an existing card and forget its client.

        Raises:
            NotFoundError, InvalidSecretError, CredentialsError.
        """
        shops.get_shop(code)
        status = await self._require_vault().aset(code, kind, value)
        await self._service.forget_client(code)
        return status

    async def forget_secrets(self, code: str, kinds: Iterable[str] = SECRET_KINDS) -> None:
        """Delete secrets of a card from the vault (none stored: no error), forget its client."""
        vault = self._require_vault()
        for kind in kinds:
            await vault.adelete(code, kind)
        await self._service.forget_client(code)

    def _require_vault(self) -> SecretStore:
        if self._vault is None:
            raise RuntimeError("this ShopAdmin was built without a vault")
        return self._vault

    # --- customers and schedules of a card (store writes with no client to forget) ----------

    # Each is a recorded run of the shop (resource `customer-links`, sync/local_runs.py).

    @staticmethod
    def link(shop: str, customer_no: str, shopify_id: str, *,
             move: bool = False) -> linking.LinkPlan:
        """Link a local and a Shopify customer by hand (`sync.linking.link`)."""
        from desktop_app.sync import linking, local_runs

        what = f"customers link {customer_no} {shopify_id}" + (" --move" if move else "")
        with local_runs.recorded(CUSTOMER_LINKS, what, shop=shop, record=customer_no) as run:
            plan = linking.link(shop, customer_no, shopify_id, move=move)
            run.result.updated = 1
            run.message = f"{what}: {customer_no} linked."
        return plan

    @staticmethod
    def unlink(shop: str, customer_no: str, shopify_id: str | None = None) -> list[str]:
        """Remove a local customer's link(s) in a shop; returns the Shopify ids unlinked."""
        from desktop_app.sync import local_runs

        what = f"customers unlink {customer_no}"
        with local_runs.recorded(CUSTOMER_LINKS, what, shop=shop, record=customer_no) as run:
            unlinked = shopify_customers.unlink_customer(shop, customer_no, shopify_id)
            run.result.updated = len(unlinked)
            run.message = (f"{what}: unlinked from {', '.join(unlinked)}." if unlinked
                           else f"{what}: it had no link.")
        return unlinked

    @staticmethod
    def set_web_upload(nos: Iterable[str], flag: bool, *, shop: str | None) -> list[str]:
        """Tick or untick "Assign to Web Upload" for one card; returns the unknown numbers."""
        from desktop_app.sync import local_runs

        code = customer_scope.resolve_shop(shop)
        wanted = list(nos)
        verb = "assign-web-upload" if flag else "remove-web-upload"
        shown = " ".join(wanted[:5]) + (f" and {len(wanted) - 5} more" if len(wanted) > 5 else "")
        what = f"customers {verb} {shown}"
        with local_runs.recorded(CUSTOMER_LINKS, what, shop=code) as run:
            unknown = customer_scope.set_web_upload(wanted, flag, shop=code)
            for no in unknown:
                run.result.fail(no, "no", f"There is no customer '{no}'", code="not_found")
            run.result.updated = len(set(wanted) - set(unknown))
            run.message = (f"{what}: {run.result.updated} "
                           f"{'ticked' if flag else 'unticked'}.")
        return unknown

    @staticmethod
    def set_schedule(shop: str, resource: str, interval_minutes: int | None) -> None:
        """Sync `resource` of `shop` every `interval_minutes` (None or 0: not scheduled)."""
        schedules.set_schedule(shop, resource, interval_minutes)


def shop_values(info: ShopInfo) -> dict[str, object]:
    """The Shop Card settings a tested shop fills: its currency and its time zone (an IANA
    name this computer knows; another is left out rather than break document dates)."""
    values: dict[str, object] = {}
    if info.currency:
        values["currency_code"] = info.currency
    if info.timezone and _known_time_zone(info.timezone):
        values["time_zone"] = info.timezone
    return values


def _known_time_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _close_when_built(build: asyncio.Future[ShopifyClient]) -> None:
    if not build.cancelled() and build.exception() is None:
        asyncio.ensure_future(build.result().aclose())


def _constant(value: str) -> Callable[[], Awaitable[str]]:
    async def get() -> str:
        return value

    return get
