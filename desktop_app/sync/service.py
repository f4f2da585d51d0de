"""SyncService: the jobs behind every sync button and `shop-sync sync ...` command (Qt-free).

One instance per process. It builds one Shopify client per shop (through the composition
root's `transport_for`, which is how the in-process demo shop is plugged in), serialises runs
per shop (an asyncio lock in this process, a lock file across processes), records every run
and its per-record errors in the store, and dispatches to the job of each resource; it also
runs the order actions (`run_action`) under the same lock. What a job is given is
`sync.context.JobContext`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.credentials.vault import InvalidSecretError, check_secret
from desktop_app.errors import AppError, AuthError, CredentialsError
from desktop_app.records.text import clean_text
from desktop_app.shopify.address import ShopAddress
from desktop_app.store import customer_scope
from desktop_app.store.database import DB
from desktop_app.store.shops import get_shop, save_shop_info, shop_settings
from desktop_app.sync.context import Job, JobContext, NullReporter, Reporter
from desktop_app.sync.process_lock import holder_details, shop_lock
from desktop_app.sync.results import (
    ACTION_RESULTS,
    CUSTOMER_LINKS,
    ORDER_ACTIONS,
    Resource,
    SyncResult,
)

if TYPE_CHECKING:  # the orders' module is loaded by the first order action (`_order_job`)
    import httpx

    from desktop_app.shopify.client import ShopifyClient
    from desktop_app.store import local_customers, runs
    from desktop_app.sync.orders import OrderAction, OrderJob
# Loaded by what uses them, not by every command (each builds this service): the Shopify
# client (httpx, graphql-core) by the first request, the history of runs by the first run, a
# preview's copy and plan by a preview, a shop's removal by `remove_shop`: 0.1-0.2 s of CPU per
# process of the command line (tests/unit/test_start_imports.py).

log = logging.getLogger(__name__)

#: Access scopes the app needs for everything it does (shown when missing by Test connection).
REQUIRED_SCOPES: tuple[str, ...] = (
    "read_customers",
    "write_customers",
    "read_orders",
    "write_orders",
    "read_all_orders",
    "read_products",
    "read_locations",
    "read_merchant_managed_fulfillment_orders",
    "write_merchant_managed_fulfillment_orders",
    "read_draft_orders",
    "write_draft_orders",
    "read_gift_cards",
    "read_returns",
    "read_companies",
    "write_companies",
)

_MINUTE = 60.0  # seconds (a test makes minutes short)

#: How long a sync waits for another process's sync of the same shop before giving up.
LOCK_WAIT = 300.0

#: The fixed, non-secret token the in-process demo shop is called with (it has no real auth).
DEMO_TOKEN = "demo-shop-no-secret"


def secret_variable(shop_code: str, kind: str) -> str:
    """The environment variable an unattended run reads a secret from when no keyring
    holds it: SHOP_SYNC_TOKEN_<CODE> (CLI.md), SHOP_SYNC_CLIENT_SECRET_<CODE>."""
    prefix = "SHOP_SYNC_TOKEN_" if kind == "token" else "SHOP_SYNC_CLIENT_SECRET_"
    return prefix + shop_code.upper()


def secret_from_environment(shop_code: str, kind: str) -> str | None:
    """The secret from `secret_variable`, checked like a typed one; None when unset."""
    value = os.environ.get(secret_variable(shop_code, kind), "").strip()
    if not value:
        return None
    try:
        return check_secret(value)
    except InvalidSecretError as exc:
        raise AuthError(f"{secret_variable(shop_code, kind)}: {exc}") from None


class FeatureUnavailableError(AppError):
    code = "feature_unavailable"


class ShopBusyError(AppError):
    code = "shop_busy"


class SyncTimeLimitError(AppError):
    code = "sync_time_limit"


@dataclass(frozen=True)
class ShopInfo:
    """What Test connection shows about the shop."""

    name: str
    domain: str
    plan: str
    currency: str
    api_version: str
    timezone: str
    country: str
    scopes: list[str] = field(default_factory=list)
    missing_scopes: list[str] = field(default_factory=list)


TransportFactory = Callable[[object], "httpx.AsyncBaseTransport | None"]


def _order_job(ctx: JobContext) -> OrderJob:
    from desktop_app.sync.orders import OrderJob

    return OrderJob(ctx)


class SyncService:
    def __init__(
        self,
        *,
        vault: object,
        data_dir: Path,
        transport_for: TransportFactory | None = None,
        jobs: dict[Resource, Job] | None = None,
        on_run_finished: Callable[[str], None] | None = None,
        lock_wait: float = LOCK_WAIT,
        on_lock_wait: Callable[[str, str], None] | None = None,
        on_shop_removed: Callable[[str], None] | None = None,
    ) -> None:
        self._on_run_finished = on_run_finished or (lambda code: None)
        #: Told the code of a removed shop card (`remove_shop`): the app drops a demo's store.
        self._on_shop_removed = on_shop_removed or (lambda code: None)
        #: Seconds to wait for another process's sync of the same shop (then ShopBusyError).
        self.lock_wait = lock_wait
        #: Told (shop code, who holds the lock) when a wait for another process begins.
        self.on_lock_wait = on_lock_wait or (lambda code, who: log.info(
            "waiting for %s to finish its sync of shop %s", who, code))
        #: Told (shop code, the holder's details as a refusal carries them: pid, what, since,
        #: host and user on a shared database) when such a wait begins: the window says whom
        #: it waits for, in the merchant's language, while it waits.
        self.on_lock_held: Callable[[str, dict[str, object]], None] = lambda code, details: None
        self._vault = vault
        self._data_dir = data_dir
        self._transport_for = transport_for or (lambda shop: None)
        self._clients: dict[str, ShopifyClient] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._given_jobs = jobs
        self._default_jobs: dict[Resource, Job] | None = None

    @property
    def _jobs(self) -> dict[Resource, Job]:
        """The jobs by resource: those given, or the default ones, loaded at the first sync (a
        command that syncs nothing need not load every job's module: 0.1-0.2 s of CPU)."""
        if self._given_jobs is not None:
            return self._given_jobs
        if self._default_jobs is None:
            from desktop_app.sync.jobs import default_jobs

            self._default_jobs = default_jobs()
        return self._default_jobs

    # --- clients ---------------------------------------------------------------------------

    def _address(self, shop) -> ShopAddress:
        if shop.is_demo:
            return ShopAddress.loopback()
        if shop.api_url:
            return ShopAddress.parse(shop.api_url)
        return ShopAddress.parse(shop.domain or "")

    async def client_for(self, shop_code: str) -> ShopifyClient:
        client = self._clients.get(shop_code)
        if client is not None:
            return client
        shop = get_shop(shop_code)
        address = self._address(shop)
        transport = self._transport_for(shop)
        if shop.auth_method == "client_credentials" and not shop.is_demo and not shop.client_id:
            raise CredentialsError(f"Shop {shop_code} has no client id for its custom app")

        def build() -> ShopifyClient:
            import httpx

            from desktop_app.shopify.auth import AccessTokenProvider, ClientCredentials, StaticToken
            from desktop_app.shopify.client import ShopifyClient

            if shop.is_demo:
                credentials: AccessTokenProvider = StaticToken(_constant(DEMO_TOKEN))
            elif shop.auth_method == "client_credentials":
                credentials = ClientCredentials(
                    address,
                    shop.client_id,
                    self._secret_getter(shop_code, "client_secret"),
                    httpx.AsyncClient(transport=transport, follow_redirects=False, timeout=30.0),
                )
            else:
                credentials = StaticToken(self._secret_getter(shop_code, "token"))
            return ShopifyClient(address, credentials, transport=transport)

        # In a worker thread: each httpx client builds its TLS context (loads the CA bundle)
        # in its constructor, 50-100 ms on the 2-CPU test machine, which held the window's
        # event loop at the start of each shop's first sync.
        client = await asyncio.to_thread(build)
        existing = self._clients.get(shop_code)
        if existing is not None:  # another call built one meanwhile: keep that one
            await client.aclose()
            return existing
        self._clients[shop_code] = client
        return client

    def _secret_getter(self, shop_code: str, kind: str) -> Callable[[], Awaitable[str]]:
        vault = self._vault

        async def get() -> str:
            value = await vault.aget(shop_code, kind) if vault is not None else None
            if not value:
                value = secret_from_environment(shop_code, kind)
            if not value:
                what = "access token" if kind == "token" else "client secret"
                raise AuthError(
                    f"No {what} is stored for shop {shop_code}: enter it on the Shop Card "
                    f"or with `shop-sync token set {shop_code}`; where no system keyring "
                    f"exists, set the environment variable {secret_variable(shop_code, kind)}",
                    reason=AuthError.NO_SECRET,
                    secret="token" if kind == "token" else "client_secret",
                )
            return value

        return get

    async def _require_secret(self, shop_code: str) -> None:
        """AuthError, saying how to give one, when a real shop card has no secret (keyring
        or `SHOP_SYNC_TOKEN_<CODE>`)."""
        shop = get_shop(shop_code)
        if not shop.is_demo:
            kind = "client_secret" if shop.auth_method == "client_credentials" else "token"
            await self._secret_getter(shop_code, kind)()

    async def forget_client(self, shop_code: str) -> None:
        """Drop a shop's client (after its address or credentials changed)."""
        client = self._clients.pop(shop_code, None)
        if client is not None:
            await client.aclose()

    def is_busy(self, shop_code: str) -> bool:
        """Whether this process runs (or waits to run) a sync or action of the shop."""
        lock = self._locks.get(shop_code)
        return lock is not None and lock.locked()

    def busy_elsewhere(self, shop_code: str) -> str | None:
        """Who holds the shop's sync lock file ("process 4312 (sync customers), since ..."),
        None when nobody does: a look for the schedulers (`sync.schedule`), not a claim."""
        look = shop_lock(self._data_dir, shop_code)  # or the shared database's
        try:
            if look.try_acquire("looking"):
                return None
            holder = look.holder()
            return holder.describe() if holder else "another process"
        finally:
            look.release()

    async def remove_shop(self, shop_code: str) -> local_customers.DemoRemoval:
        """Remove a shop card, the same way from the window and the command line: not while
        one of its syncs runs (another process's is waited for `lock_wait`, then
        ShopBusyError), its client closed, its rows deleted (`delete_shop`: a demo
        card's sample customers and documents too), its secrets deleted from the keyring,
        and `on_shop_removed` told (a demo card's simulated store goes with it).

        Raises:
            NotFoundError: no such shop card.
            ShopBusyError: another process is syncing it.
        """
        from desktop_app.store.shop_removal import delete_shop

        get_shop(shop_code)
        async with self._shop_lock(shop_code, "remove shop card"):
            await self.forget_client(shop_code)
            removal = delete_shop(shop_code)
        if self._vault is not None:
            for kind in ("token", "client_secret"):
                await self._vault.adelete(shop_code, kind)
        self._on_shop_removed(shop_code)
        log.info("shop card %s removed", shop_code)
        return removal

    async def aclose(self) -> None:
        for code in list(self._clients):
            await self.forget_client(code)

    def has_job(self, resource: Resource | str) -> bool:
        """Whether this version can sync `resource`."""
        return Resource(resource) in self._jobs

    # --- operations ------------------------------------------------------------------------

    async def test_connection(self, shop_code: str) -> ShopInfo:
        """Ask the shop who it is and which access scopes the app has; cache it on the shop."""
        client = await self.client_for(shop_code)
        info = await read_shop_info(client)
        save_shop_info(shop_code, info.__dict__)
        return info

    async def sync(
        self, shop_code: str, resource: Resource | str, reporter: Reporter | None = None,
        *, retry_failed: bool = False, preview: bool = False,
    ) -> SyncResult:
        """Run one resource's sync for one shop, recorded in the sync history.

        `retry_failed`: decide every failed record again (`JobContext.retry_failed`).
        `preview`: the same run, changing nothing (`sync/preview.py`): its store calls go to
        a throw-away copy of the database, its mutations are held (`PreviewClient`); not
        recorded in the history, its plan kept for the next real run to compare with.
        The result's `changes` list each record's (planned) change; a preview's `held`
        the mutations it did not send.
        """
        resource = Resource(resource)
        reporter = reporter or NullReporter()
        job = self._jobs.get(resource)
        get_shop(shop_code)  # NotFoundError before anything else
        if job is None:
            raise FeatureUnavailableError(
                f"Syncing {resource.value} is not available in this version yet",
                resource=resource.value,
            )
        if preview:
            (result,) = await self.preview_runs(shop_code, (resource,), reporter,
                                                retry_failed=retry_failed)
            return result
        async with self._shop_lock(shop_code, f"sync {resource.value}"):
            client, minutes = await self._limited_client(shop_code)
            return await self._run(shop_code, resource, job, client, minutes, reporter,
                                   retry_failed)

    async def preview_runs(
        self, shop_code: str, resources: tuple[Resource, ...],
        reporter: Reporter | None = None, *, retry_failed: bool = False,
    ) -> list[SyncResult]:
        """Preview the syncs of `resources`, one after another as `sync all` runs them, in
        ONE throw-away copy of the database and behind ONE `PreviewClient`, so each sees
        what those before it would have done (a plan kept per resource, each result's
        `held` its own mutations). One resource: `sync(..., preview=True)`.

        Raises:
            FeatureUnavailableError: a resource this version cannot sync.
        """
        jobs = [(r, self._jobs.get(r)) for r in map(Resource, resources)]
        get_shop(shop_code)  # NotFoundError before anything else
        for resource, job in jobs:
            if job is None:
                raise FeatureUnavailableError(
                    f"Syncing {resource.value} is not available in this version yet",
                    resource=resource.value)
        from desktop_app.store.snapshot import throwaway_copy
        from desktop_app.sync.preview import keep_plan
        from desktop_app.sync.preview_client import PreviewClient

        what = "preview " + " ".join(r.value for r, _job in jobs)
        results: list[SyncResult] = []
        async with self._shop_lock(shop_code, what):
            client, minutes = await self._limited_client(shop_code)
            async with throwaway_copy():
                held = PreviewClient(client)
                for resource, job in jobs:
                    before = len(held.held)
                    result = await self._run(shop_code, resource, job, held, minutes,
                                             reporter or NullReporter(), retry_failed,
                                             preview=True)
                    result.held = [mutation.name for mutation in held.held[before:]]
                    results.append(result)
            for result in results:
                await asyncio.to_thread(keep_plan, self._data_dir, shop_code, result)
        return results

    async def _run(self, shop_code: str, resource: Resource, job: Job, client: ShopifyClient,
                   minutes: int, reporter: Reporter, retry_failed: bool, *,
                   preview: bool = False) -> SyncResult:
        """One sync run under the shop's lock (`sync`); a preview's inside its copy."""
        from desktop_app.store import runs
        from desktop_app.store.runs import finish_run, last_run_failures, start_run
        from desktop_app.sync.preview import check_against_plan

        result = SyncResult(resource.value)
        before = client.stats.as_dict()
        started = time.monotonic()
        previous = last_run_failures(shop_code, resource.value)
        # (link changes by hand are not under this lock: sync/local_runs.py tells theirs)
        if not preview and (interrupted := runs.mark_interrupted(
                shop_code, sparing=(CUSTOMER_LINKS,))):
            log.warning("%d earlier runs of shop %s had died; marked interrupted",
                        interrupted, shop_code)
        run_id = start_run(shop_code, resource.value)
        end = _RunEnd()
        try:
            with _noting_end(end, result):
                # No secret: stop before any request, even of a sync with nothing to send.
                await self._require_secret(shop_code)
                await _as_shop_within(
                    shop_code, minutes, f"{resource.value} sync",
                    lambda: job(JobContext(shop_code, client, result, reporter, run_id,
                                           previous, retry_failed)))
                if not preview:  # the run says where it did otherwise than its preview
                    await asyncio.to_thread(check_against_plan, self._data_dir, shop_code,
                                            result)
                end.status = "partial" if result.failed else "ok"
        finally:
            _count_api_use(result, before, client.stats.as_dict())
            result.seconds = time.monotonic() - started
            try:
                if result.cancelled:
                    finish_run(run_id, end.status, result)  # no await once cancelled
                else:
                    await self._finish_run(run_id, end.status, result, end.message)
                log.info(
                    "%s %s %s %s: created %d updated %d skipped %d failed %d, "
                    "%d requests", "preview" if preview else "sync", shop_code,
                    resource.value, end.status, result.created, result.updated, result.skipped,
                    result.failed, result.requests,
                )
                if not result.cancelled and not preview:
                    await self._prune_history(shop_code)
            finally:
                if not preview:
                    self._on_run_finished(shop_code)
        return result

    async def run_action(self, shop_code: str, action: OrderAction, what: str = "", *,
                         recorded_as: str = ORDER_ACTIONS) -> SyncResult:
        """Run one order action (`action(job)`, a coroutine on the shop's `OrderJob`) outside
        a sync, the same for the window (through `SyncEngine.run_action`) and the command
        line: under the shop's sync lock, on the shop's client, counting results like a sync
        run does, and recorded in the history as a run of `ORDER_ACTIONS` whose message
        names the action (`what`, e.g. "create-documents"). Set up as a sync is
        (`_limited_client`, `_as_shop_within`): the card's time limits, and acting for the
        shop (a real card's action never sees the demo's sample customers).
        `recorded_as`: the history's resource of the run, one of `ACTION_RESULTS` (a
        conflict resolved is a `customer-conflicts` run, its result counted as customers)."""
        from desktop_app.store.runs import finish_run, start_run

        counted_as = ACTION_RESULTS[recorded_as]
        label = f"{counted_as} {what}".strip()
        async with self._shop_lock(shop_code, label):
            client, minutes = await self._limited_client(shop_code)
            result = SyncResult(counted_as)
            before = client.stats.as_dict()
            run_id = start_run(shop_code, recorded_as)
            ctx = JobContext(shop_code, client, result, NullReporter(), run_id)
            end = _RunEnd(message=what)
            try:
                with _noting_end(end, result, what):
                    await _as_shop_within(shop_code, minutes, f"{label} action",
                                          lambda: action(_order_job(ctx)))
                    end.status = "partial" if result.failed else "ok"
            finally:
                _count_api_use(result, before, client.stats.as_dict())
                finish_run(run_id, end.status, result, message=end.message)
            return result

    async def _limited_client(self, shop_code: str) -> tuple[ShopifyClient, int]:
        """The shop's client with the card's time limit per answer (`request_time_limit`)
        applied, and the card's longest run in minutes (`sync_time_limit`): the set-up of a
        sync and of an order action alike."""
        client = await self.client_for(shop_code)
        limits = shop_settings(shop_code)
        client.set_deadlines(float(limits.request_time_limit))
        return client, limits.sync_time_limit

    @staticmethod
    async def _finish_run(run_id: int, status: str, result: SyncResult,
                          message: str = "") -> None:
        """Record the run's end in a worker thread: with thousands of failed records
        (3,970 in issue 9's 100,000-customer import) reading the recorded errors back and
        writing the rest held the window's event loop 50-100 ms at the end of the sync."""
        from desktop_app.store.runs import finish_run

        def finish() -> None:
            try:
                finish_run(run_id, status, result, message=message)
            finally:
                DB.close()  # the worker thread's own connection

        await asyncio.to_thread(finish)

    async def _prune_history(self, shop_code: str) -> None:
        """Apply the shop's history retention after a run, in a worker thread: deleting the
        errors of an old run takes ~70 ms per 4,000 rows. A failure is only logged; the run
        itself is recorded and the next run prunes again."""
        from desktop_app.store import runs

        def prune() -> runs.PruneResult:
            try:
                return runs.prune_runs(shop_code)
            finally:
                DB.close()  # the worker thread's own connection

        try:
            pruned = await asyncio.to_thread(prune)
        except AppError as exc:
            log.warning("sync history of shop %s not pruned: %s", shop_code, exc)
            return
        if pruned.runs or pruned.errors:
            log.info("sync history of shop %s: %d old runs and %d errors deleted%s", shop_code,
                     pruned.runs, pruned.errors, "" if pruned.complete else ", more next time")

    @asynccontextmanager
    async def _shop_lock(self, shop_code: str, what: str = ""):
        """One sync per shop: an asyncio lock here, and a lock file against other processes.

        A sync of the same shop by another process is waited for `lock_wait` seconds at most
        (`on_lock_wait` is told once whom we wait for); then ShopBusyError names it. A run of
        this process is waited for without a limit: it is itself bounded by its deadlines.
        """
        lock = self._locks.setdefault(shop_code, asyncio.Lock())
        async with lock:
            other_process = shop_lock(self._data_dir, shop_code)  # or the shared database's
            try:
                waited = 0.0
                while not other_process.try_acquire(what):
                    holder = other_process.holder()
                    who = holder.describe() if holder else "another process"
                    if waited >= self.lock_wait:
                        raise ShopBusyError(
                            f"Shop {shop_code} is being synced by {who}; gave up after "
                            f"waiting {waited:.0f} s. Try again when it has finished.",
                            shop=shop_code, waited=waited, **holder_details(holder),
                        )
                    if waited == 0.0:
                        self.on_lock_wait(shop_code, who)
                        self.on_lock_held(shop_code, holder_details(holder))
                    await asyncio.sleep(0.2)  # another process is syncing this shop
                    waited += 0.2
                yield
            finally:
                other_process.release()


async def _as_shop_within(shop_code: str, minutes: int, what: str,
                          work: Callable[[], Awaitable[object]]) -> None:
    """Run `work` (a sync's job, an order action) on behalf of shop card `shop_code`,
    stopped after `minutes` (SyncTimeLimitError, whose message names `what`, e.g.
    "customers sync").

    What the store reads and creates belongs to this card's view: a real card never sees
    the demo's customers (`store.customer_scope`, issue 14).
    """
    try:
        async with asyncio.timeout(_MINUTE * minutes):
            with customer_scope.acting_for(shop_code):
                await work()
    except TimeoutError:
        raise SyncTimeLimitError(
            f"The {what} of shop {shop_code} was stopped after {minutes} min (the shop "
            "card's longest sync). What it saved before stays saved; the next sync goes on "
            "from there.",
            shop=shop_code,
        ) from None


@dataclass
class _RunEnd:
    """How a sync run or an order action ended, for its row in the history."""

    status: str = "failed"
    message: str = ""


@contextmanager
def _noting_end(end: _RunEnd, result: SyncResult, what: str = "") -> Iterator[None]:
    """Note in `end` how the block ended when it raised, and re-raise: cancelled (the result
    says so too), a typed error (its text, safe to show: an AppError holds no secret; after
    `what: ` for an action), or a bug (its kind only; the log file has the rest)."""
    try:
        yield
    except asyncio.CancelledError:
        end.status = "cancelled"
        result.cancelled = True
        raise
    except AppError as exc:
        end.message = f"{what}: {exc}" if what else str(exc)
        raise
    except Exception as exc:
        kind = type(exc).__name__
        end.message = (f"{what}: unexpected error ({kind}); see the log file" if what
                       else f"Unexpected error ({kind}); see the log file.")
        raise


def _count_api_use(result: SyncResult, before: dict[str, float],
                   after: dict[str, float]) -> None:
    """What a run cost Shopify's API, from the client's stats before and after it."""
    result.api_cost = after["points_actual"] - before["points_actual"]
    result.requests = int(after["attempts"] - before["attempts"])


async def read_shop_info(client: ShopifyClient) -> ShopInfo:
    """Ask a shop who it is and which access scopes the app has (Test connection's query;
    also run by `ShopAdmin.probe` on a client of a card not created yet)."""
    from desktop_app.shopify.operations import load

    data = await client.execute(load("ShopInfo"))
    shop = data["shop"]
    scopes = sorted(
        s["handle"] for s in (data.get("currentAppInstallation") or {}).get("accessScopes", [])
    )
    return ShopInfo(  # names through the one repair step of text from Shopify
        name=clean_text(shop["name"]),
        domain=shop["myshopifyDomain"],
        plan=clean_text((shop.get("plan") or {}).get("publicDisplayName")),
        currency=shop["currencyCode"],
        api_version=client.api_version or SHOPIFY_API_VERSION,
        timezone=shop.get("ianaTimezone") or "",
        country=((shop.get("shopAddress") or {}).get("countryCodeV2") or ""),
        scopes=scopes,
        missing_scopes=[s for s in REQUIRED_SCOPES if s not in scopes],
    )


def _constant(value: str) -> Callable[[], Awaitable[str]]:
    async def get() -> str:
        return value

    return get
