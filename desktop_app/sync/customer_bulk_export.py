"""The first export of many new customers by bulk mutation (issue 21).

One by one, a new customer costs four requests and about 28 points: a search before the
create (so a create whose answer was lost is found, not made twice), `customerCreate`,
`customerAddressCreate` and a `CustomerById` read-back. From the Shop Card's
`bulk_write_threshold` new customers at once (default 50), `CustomerBulkCreate` does instead:

1. one bulk export of the e-mail and phone of every Shopify customer (BulkCustomerKeys, a
   few points whatever the count): a new customer whose e-mail or exact phone Shopify already
   holds goes the one-by-one way (its search, the review rules of `_refusal_to_link`: an
   ambiguous match is never linked, and the link), the others are created;
2. one bulk mutation of `customerCreate` lines (BulkCustomerCreate, its address in
   `input.addresses`, at most `BATCH` customers an operation): each result line carries the
   created customer whole, so nothing is read back; a line's `userErrors` are that
   customer's errors (code `shopify_refused`, the field as the one-by-one way names it),
   the rest is linked, recorded and counted as the one-by-one way does
   (`CustomerExport._created`).

Idempotent. Before a batch starts, its customers are added to the export's
`pending_creates` and the batch is recorded in the sync state (`bulk_creates`: the first line
of the text sent, `batch_mark`, the customer nos. in line order, and the operation's id as
soon as it runs). A run killed after that adopts the batch first thing (`adopt_recorded`):
the operation, running or finished, found by its id or else by its text, is waited for and
its result lines linked by line number; a batch that never reached Shopify is dropped (its
customers are created by this run, after the search above). When Shopify refuses the bulk
operation or it fails, the batch goes one by one, whose search finds and links what the
operation may have created; a `sync --preview` gets no upload target and goes that way too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from desktop_app.errors import (
    AppError,
    BulkOperationError,
    NotFoundError,
    UserErrorItem,
)
from desktop_app.records.customers import CustomerRecord
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.bulk_mutations import (
    BulkWriteStats,
    LineResult,
    adopt_results,
    batch_mark,
    find_batch,
    run_bulk_mutation,
)
from desktop_app.store.customers import CustomerRow, get_customer
from desktop_app.store.database import DB, transaction
from desktop_app.store.runs import get_sync_state, set_sync_state
from desktop_app.sync import rules
from desktop_app.sync.context import ShopJob
from desktop_app.sync.customer_resolver import RESOURCE

if TYPE_CHECKING:
    from desktop_app.shopify.client import ShopifyClient
    from desktop_app.sync.context import JobContext

log = logging.getLogger(__name__)

MUTATION = "BulkCustomerCreate"
KEYS_QUERY = "BulkCustomerKeys"
#: The batches of this run and of a run that stopped (see the module docstring).
BULK_CREATES = "bulk_creates"
#: Customers per bulk operation: about 400 bytes a line, far below the 15 MiB of one upload.
BATCH = 10_000
#: Created customers recorded per transaction (in a worker thread).
APPLY_CHUNK = 200
#: Customers checked (about 1 ms each) or results read between two turns of the event loop.
YIELD_EVERY = 25
#: How far before the recorded start a stopped run's operation is looked for (clock skew).
SINCE_MARGIN = dt.timedelta(minutes=5)

T = TypeVar("T")
#: The export job a bulk write belongs to (`CustomerExport`, `CompanyExport`).
E = TypeVar("E", bound=ShopJob)


#: Runs a store write in a worker thread (`CustomerBulkCreate._in_thread`).
InThread = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class UpdatePlan:
    """What updating one linked customer sends (`CustomerExporter.plan_update`).

    Attributes:
        row, gid: the local customer and its Shopify customer.
        staged: Shopify's customer as staged before the update; previous: in export terms.
        has_row: the link has a recorded exchange (agreed values).
        linked_now: linked by this run (its first exchange).
        variables: `customerUpdate`'s variables (only the fields that differ), or None.
        address: the address mutation's name and variables, or None.
    """

    row: CustomerRow
    gid: str
    staged: CustomerRecord
    previous: rules.ShopifyCustomerInput
    has_row: bool
    linked_now: bool
    variables: dict[str, Any] | None
    address: tuple[str, dict[str, Any]] | None


class CustomerExporter(ShopJob):
    """What the bulk ways need of the customers' export (`customer_export.CustomerExport`,
    which imports this module and `customer_bulk_update`, not the other way round).

    Attributes:
        retry: local customers whose earlier failures this run may resolve.
        settle_agreed: Shopify customers of a stopped run's bulk update whose agreed values
            this run records even when it finds nothing left to send.
    """

    retry: set[str]
    settle_agreed: set[str]

    def checked(self, row: CustomerRow,
                registry: rules.PhoneRegistry) -> rules.ShopifyCustomerInput | None:
        """The customer `row` as Shopify is to hold it; None when it fails the checks."""
        raise NotImplementedError

    async def send(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                   registry: rules.PhoneRegistry) -> None:
        """Update, link or create `row` one by one."""
        raise NotImplementedError

    async def guarded(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                      registry: rules.PhoneRegistry, step: Awaitable[None]) -> None:
        """Await `step`, the sending of `row`: a refusal or failure is that customer's."""
        raise NotImplementedError

    def refused(self, row: CustomerRow, wanted: rules.ShopifyCustomerInput,
                registry: rules.PhoneRegistry, items: Sequence[UserErrorItem]) -> None:
        """Shopify's userErrors for `row`: its errors."""
        raise NotImplementedError

    async def created(self, items: Sequence[tuple[CustomerRow, CustomerRecord]], *,
                      in_thread: InThread | None = None) -> None:
        """Customers this run created in Shopify: staged, linked, recorded, counted."""
        raise NotImplementedError

    def change_intents(self, add: Collection[str], remove: Collection[str]) -> set[str]:
        """Add and remove local customers whose create may have reached Shopify."""
        raise NotImplementedError

    async def plan_update(self, row: CustomerRow, gid: str, wanted: rules.ShopifyCustomerInput,
                          *, linked_now: bool = False) -> UpdatePlan:
        """What updating the linked customer `row` sends."""
        raise NotImplementedError

    async def send_update(self, plan: UpdatePlan) -> None:
        """Send `plan` one mutation at a time and apply the answer."""
        raise NotImplementedError

    def apply_update(self, plan: UpdatePlan, fetched: CustomerRecord | None) -> None:
        """Record the answer to `plan` (None: nothing was sent)."""
        raise NotImplementedError


@dataclass(frozen=True)
class _New:
    row: CustomerRow
    wanted: rules.ShopifyCustomerInput


@dataclass
class ShopifyKeys:
    """The e-mails (by `email_key`) and phones Shopify's customers hold."""

    emails: set[str]
    phones: set[str]

    def holds(self, wanted: rules.ShopifyCustomerInput) -> bool:
        email = rules.mapping.email_key(wanted.email or "")
        return bool(email and email in self.emails) or bool(
            wanted.phone and wanted.phone in self.phones)


class ExportBulkWrite(Generic[E]):
    """A bulk write of one export run (customer creates here, updates in
    `customer_bulk_update`, company creates in `company_bulk_export`).

    Attributes:
        threshold: from how many records the bulk way is taken (the Shop Card's setting).
        stats: what the bulk writes of this run did (operations, lines, adoptions).
        batches: the batches recorded in the sync state of `resource` under the key given.
    """

    def __init__(self, export: E, key: str, resource: str = RESOURCE) -> None:
        self.export = export
        self.ctx = export.ctx
        self.shop = export.shop
        self.client = export.ctx.client
        self.threshold = max(1, export.settings.bulk_write_threshold)
        self.stats = BulkWriteStats()
        self.batches = RecordedBatches(self.shop, key, resource)


class CustomerBulkCreate(ExportBulkWrite[CustomerExporter]):
    """Creates the new customers of one export run in bulk (see the module docstring)."""

    def __init__(self, export: CustomerExporter) -> None:
        super().__init__(export, BULK_CREATES)
        #: Customers of a stopped run's batch that could not be read back: never created
        #: again while it may still be running.
        self.unsettled: set[str] = set()

    # --- a run that stopped ---------------------------------------------------------------

    async def adopt_recorded(self) -> None:
        """Settle the batches a stopped run recorded: link what their operations created."""

        async def settle(nos: list[str], results: list[LineResult]) -> None:
            rows = [self._local(no) for no in nos]
            await self._apply([(row, None) for row in rows], results, None)

        self.unsettled |= await adopt_creates(
            self.client, self.batches, MUTATION, "customers", self.stats, settle,
            lambda mark: self._in_thread(self._forget, mark))

    def _local(self, no: str) -> CustomerRow | None:
        try:
            return get_customer(no, shop=self.shop)
        except NotFoundError:  # deleted meanwhile
            return None

    # --- this run -------------------------------------------------------------------------

    async def run(self, candidates: Sequence[CustomerRow],
                  registry: rules.PhoneRegistry) -> list[CustomerRow]:
        """Create the new customers among `candidates` in bulk when they are at least the
        threshold; returns the candidates left for the one-by-one way (all of them below
        the threshold)."""
        waiting = {row.no for row in candidates if row.no in self.unsettled and not row.shopify_id}
        hold_back(self.ctx, waiting, "customer")
        candidates = [row for row in candidates if row.no not in waiting]
        new = [row for row in candidates if not row.shopify_id]
        if len(new) < self.threshold:
            return list(candidates)
        keys = await read_keys(self._shopify_keys(), "customers", self.shop)
        if keys is None:
            return list(candidates)
        total = len(candidates)
        done = 0
        creates: list[_New] = []
        for row in new:
            if done % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # the window's event loop stays free meanwhile
            wanted = self.export.checked(row, registry)
            done += 1
            if wanted is None:
                self.ctx.reporter.progress(done, total)
            elif keys.holds(wanted):
                # Shopify has this e-mail or phone: its search and review rules decide.
                await self.export.send(row, wanted, registry)
                self.ctx.reporter.progress(done, total)
            else:
                creates.append(_New(row, wanted))
        for start in range(0, len(creates), BATCH):
            batch = creates[start:start + BATCH]
            await self._create(batch, registry)
            self.ctx.reporter.progress(done - len(creates) + start + len(batch), total)
        await let_go(creates)
        return [row for row in candidates if row.shopify_id]

    async def _shopify_keys(self) -> ShopifyKeys:
        keys = ShopifyKeys(set(), set())
        async for node in run_bulk_query(self.client, KEYS_QUERY):
            email = rules.mapping.email_key(node.get("email") or "")
            if email:
                keys.emails.add(email)
            phone = (node.get("phone") or "").strip()
            if phone:
                keys.phones.add(phone)
        return keys

    async def _create(self, batch: Sequence[_New], registry: rules.PhoneRegistry) -> None:
        lines = await asyncio.to_thread(_create_lines, batch)  # 10,000: ~0.2 s
        nos = [item.row.no for item in batch]
        mark = await asyncio.to_thread(batch_mark, MUTATION, lines)
        since = batch_since(self.client)
        await self._in_thread(self._record, mark, since, nos)
        try:
            results = await run_bulk_mutation(
                self.client, MUTATION, lines, stats=self.stats,
                on_started=lambda _start, _end, operation: self._in_thread(
                    self._started, mark, operation))
        except BulkOperationError as exc:  # refused, failed: one by one, search first
            log.warning("customers of shop %s: bulk create not possible (%s); exporting %s "
                        "customers one by one", self.shop, exc, len(batch))
            await self._in_thread(self._forget, mark)
            for item in batch:
                await self.export.send(item.row, item.wanted, registry)
            return
        except AppError as exc:  # broke off: the next run adopts the operation
            for item in batch:
                self.ctx.fail(item.row.no, "", f"{exc} (it will be checked again on the next "
                              "sync)", code="retry_later")
            return
        await self._apply([(item.row, item.wanted) for item in batch], results, registry)
        await self._in_thread(self._forget, mark)
        log.info("customers of shop %s: %s customers created in bulk", self.shop,
                 sum(r.ok for r in results))
        await let_go(results)
        await let_go(lines)

    # --- results --------------------------------------------------------------------------

    async def _apply(self, items: Sequence[tuple[CustomerRow | None,
                                                 rules.ShopifyCustomerInput | None]],
                     results: Sequence[LineResult],
                     registry: rules.PhoneRegistry | None) -> None:
        """Link, record and count the created customers; a failed line is that customer's
        error (userErrors: not created, its intent dropped; no result: kept for the search
        of the next run)."""
        created: list[tuple[CustomerRow, CustomerRecord]] = []
        refused: list[str] = []
        for index, ((row, wanted), result) in enumerate(zip(items, results, strict=True)):
            if index % YIELD_EVERY == 0:
                await asyncio.sleep(0)
            if row is None:
                continue
            customer = (result.payload or {}).get("customer") if result.ok else None
            if isinstance(customer, dict) and customer.get("id"):
                addresses = (customer.get("addressesV2") or {}).get("nodes")
                created.append((row, shopify_records.customer_record(customer, addresses)))
                continue
            if registry is not None and wanted is not None and wanted.phone:
                registry.release(wanted.phone, row.no)
            if result.user_errors:
                refused.append(row.no)
                for item in result.user_errors:
                    self.ctx.fail(row.no, field_name(item), item.message,
                                  code="shopify_refused")
            else:
                self.ctx.fail(row.no, "", f"{result.error or 'Shopify created no customer'} "
                              "(it will be checked again on the next sync)", code="retry_later")
        if refused:
            await self._in_thread(self.export.change_intents, (), refused)
        for chunk in chunks(created, APPLY_CHUNK):
            await self.export.created(chunk, in_thread=self._in_thread)
        await let_go(created)

    # --- the sync state -------------------------------------------------------------------

    def _record(self, mark: str, since: str, nos: list[str]) -> None:
        with transaction():
            self.export.change_intents(nos, ())
            self.batches.add(mark, since, nos=nos)

    def _started(self, mark: str, operation: str) -> None:
        self.batches.started(mark, operation)

    def _forget(self, mark: str) -> None:
        self.batches.forget(mark)

    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        return await in_thread(function, *args)


class RecordedBatches:
    """The bulk writes of an export recorded in the sync state of `resource` under `key`
    (customers: `bulk_creates`, `bulk_updates`; companies: `bulk_company_creates`): each
    `{"mark": batch_mark, "since": ISO time, ..., "operation": id or None}`, so that a run
    that stopped finds its operation again."""

    def __init__(self, shop: str, key: str, resource: str = RESOURCE) -> None:
        self.shop = shop
        self.key = key
        self.resource = resource

    def entries(self) -> list[dict[str, Any]]:
        """The batches recorded, oldest first."""
        return [dict(e) for e in
                get_sync_state(self.shop, self.resource).data.get(self.key, [])]

    def _save(self, entries: list[dict[str, Any]]) -> None:
        state = get_sync_state(self.shop, self.resource)
        set_sync_state(self.shop, self.resource, data={**state.data, self.key: entries})

    def add(self, mark: str, since: str, **fields: Any) -> None:
        """Record a batch before it starts (`fields`: what its lines are for)."""
        entries = [e for e in self.entries() if e.get("mark") != mark]
        self._save([*entries, {"mark": mark, "since": since, **fields, "operation": None}])

    def started(self, mark: str, operation: str) -> None:
        """The batch `mark` runs as the bulk operation `operation`."""
        self._save([{**e, "operation": operation} if e.get("mark") == mark else e
                    for e in self.entries()])

    def forget(self, mark: str) -> None:
        """The batch `mark` is settled."""
        self._save([e for e in self.entries() if e.get("mark") != mark])


async def adopt_creates(client: ShopifyClient, batches: RecordedBatches, mutation: str,
                        noun: str, stats: BulkWriteStats,
                        settle: Callable[[list[str], list[LineResult]], Awaitable[None]],
                        forget: Callable[[str], Awaitable[None]]) -> set[str]:
    """Settle the bulk creates a stopped run recorded in `batches` (customers, companies): each
    operation, found by its id or else by its text, is waited for and `settle(nos, results)`
    links what its lines created; a batch that never started, failed or is forgotten is
    dropped (`forget(mark)`: the one-by-one search finds what it made). Returns the records
    of the batches whose results could not be read back (kept for the next run; never
    created again meanwhile)."""
    unsettled: set[str] = set()
    for entry in batches.entries():
        mark, nos = str(entry.get("mark") or ""), [str(n) for n in entry.get("nos") or []]
        try:
            operation = entry.get("operation") or await find_batch(
                client, mark, str(entry.get("since") or ""))
            if operation is None:
                log.info("%s of shop %s: a stopped run's bulk create never started; its %s "
                         "records are created again", noun, batches.shop, len(nos))
            else:
                log.info("%s of shop %s: adopting the bulk create %s of a stopped run (%s "
                         "records)", noun, batches.shop, operation, len(nos))
                stats.adopted += 1
                await settle(nos, await adopt_results(client, str(operation), mutation,
                                                      len(nos)))
        except BulkOperationError as exc:
            # Failed or forgotten: the one-by-one search finds what it created.
            log.warning("%s of shop %s: a stopped run's bulk create cannot be read (%s); its "
                        "records are searched one by one", noun, batches.shop, exc)
        except AppError as exc:  # broke off: kept for the next run, its records wait
            log.warning("%s of shop %s: a stopped run's bulk create could not be read back "
                        "(%s)", noun, batches.shop, exc)
            unsettled.update(nos)
            continue
        await forget(mark)
    return unsettled


async def read_keys(read: Awaitable[T], noun: str, shop: str) -> T | None:
    """What one bulk export of the keys Shopify holds (`read`) found; None when it was
    refused, failed or broke off (logged): each record's own search then."""
    try:
        return await read
    except AppError as exc:
        log.warning("%s of shop %s: no bulk export of Shopify's %s (%s); exporting one by "
                    "one", noun, shop, noun, exc)
        return None


def hold_back(ctx: JobContext, nos: Iterable[str], noun: str) -> None:
    """Fail the records `nos` of a stopped run's bulk create whose results could not be read
    back yet (`retry_later`): they are not created again before the next run settles them."""
    for no in sorted(nos):
        ctx.fail(no, "", f"an earlier run's bulk create of this {noun} could not be read back "
                 "yet (it will be checked again on the next sync)", code="retry_later")


def batch_since(client: ShopifyClient) -> str:
    """Where `find_batch` looks from for a batch started now: Shopify's time less a margin
    (clock skew), "" when unknown."""
    server = client.last_server_time
    return "" if server is None else (server - SINCE_MARGIN).replace(
        microsecond=0).isoformat()


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """`function` in a worker thread (the window's event loop stays free), with that
    thread's own connection closed after."""

    def call() -> T:
        try:
            return function(*args)
        finally:
            DB.close()

    return await asyncio.to_thread(call)


def field_name(item: UserErrorItem) -> str:
    """A create's userError field as the one-by-one way names it: the customer's fields by
    their name, the address's under "address." (`input.addresses.0.country` is
    "address.country")."""
    parts = [p for p in item.field or () if p != "input"]
    if parts and parts[0] == "addresses":
        rest = [p for p in parts[1:] if not p.isdigit()]
        return ".".join(["address", *rest])
    return ".".join(parts)


async def let_go(items: list[Any]) -> None:
    """Empty a large list a slice at a time: 10,000 results freed at once hold the event
    loop for 0.1 to 0.3 s (reference counting frees them all in one go)."""
    while items:
        del items[-500:]
        await asyncio.sleep(0)


def _create_lines(batch: Sequence[_New]) -> list[dict[str, Any]]:
    return [item.wanted.to_create_variables(include_address=True) for item in batch]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
