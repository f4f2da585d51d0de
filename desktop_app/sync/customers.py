"""The customers sync: Shopify → local (import, matching, auto-create, updates) and
local → Shopify (export, Assign to Web Upload, invites, contact changes).

Rules come from `sync.rules` (pure); this module reads the store, calls Shopify and writes the
results. Every write that belongs to one record happens in one transaction, so a run killed at
any point resumes without duplicates:

- import: each page (or bulk batch of 1000) is staged and decided in one transaction; a record
  that fails keeps its failure on its staged row (`review_state` "error" or "ambiguous"), so
  the next run retries it even when the killed run never reached the sync history. The
  watermark (the newest `updatedAt` Shopify reported, i.e. server time) moves only after the
  whole run, and the next run starts `OVERLAP` before it, so an edit in the same second is
  never lost; unchanged records are skipped, so the overlap costs nothing.
- export: before creating, Shopify is searched for the customer (exact e-mail, then exact
  E.164 phone), so a create whose answer was lost is found and linked on the next run rather
  than made twice. Invitations owed are kept in the sync state (`pending_invites`) in the
  same transaction as the link, and sent before anything else on the next run.

Issue 14, never harm the merchant's data:

- a blank is not a clear: every exchange of a link (a create, an update either way, a link
  made by the sync) records what both sides then hold (`store.agreed`), in the same
  transaction; an update in either direction then sends a field only when its source
  changed it since, clears a field only when its source emptied it since, and leaves alone
  a field that was blank and never filled (`rules.agreed`, `export.Agreement`). A link with
  nothing recorded (older than schema v9, linked by hand) never has anything cleared; its
  first exchange records the baseline. The import records only while one of the two update
  settings is on (the only time it is read; see `CustomerImport._records_agreed`).
- review means review: a Shopify customer the import left ambiguous (in review), or that the
  import's rules would find ambiguous, is never linked by the export's search: the run names
  the local customer, the Shopify customer and why, and the customer waits in the review list
  for the merchant's own link (`CustomerExport._refusal_to_link`). The orders' customers go
  through the import's own rules (`resolve_for_order`, `resolve_guest`), which never link an
  ambiguous match either.

Speed (issue 4: 100,000 Shopify customers against 100,000 local ones in at most 15 s): the
import reads and writes a batch through `store.bulk_customers`, a few statements per batch
rather than several per customer. Records are still decided one by one, in order, against
the in-memory `LocalIndex`; what they decide (links, review states, new and updated local
customers, resolved errors) is collected in `_PageWrites` and written by `_flush` at the end
of the batch's transaction.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gc
import hashlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from desktop_app import geo
from desktop_app.errors import (
    BulkOperationError,
    NetworkError,
    NotFoundError,
    RecordError,
    UserErrors,
)
from desktop_app.records.customers import CustomerRecord
from desktop_app.shopify import records as shopify_records
from desktop_app.shopify.bulk import CHILDREN_KEY, run_bulk_query
from desktop_app.shopify.pagination import paginate
from desktop_app.shopify.records import format_datetime
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import agreed as agreed_store
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import queries
from desktop_app.store.database import DB, transaction
from desktop_app.sync import rules
from desktop_app.sync.rules import agreed as agreed_rules
from desktop_app.sync.rules.export import Agreement, email_search_query, phone_search_query
from desktop_app.sync.rules.fields import (
    E164_SHAPE,
    CustomerFieldLengths,
    LocalFields,
    local_fields_from_shopify,
)

log = logging.getLogger(__name__)

RESOURCE = "customers"
OVERLAP = dt.timedelta(seconds=60)
BATCH = 200
_GID_PREFIX = "gid://shopify/Customer/"
#: Sync-state data: what the failures of the last run were decided from (`_retry_basis`).
RETRY_BASIS = "retry_basis"
_BASIS_VERSION = 1
#: Local name fields never blanked by an update from Shopify (a Shopify customer without a
#: name must not wipe the name the merchant typed).
_NAME_FIELDS = ("name", "name_2", "contact")
_ADDRESS_FIELDS = ("address", "address_2", "city", "post_code", "country", "county")
#: The columns of a local customer that matching reads, in `rules.LocalCustomerRow` order.
_LOCAL_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(rules.LocalCustomerRow))
_LOCAL_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(LocalFields) if f.name != "cut")
#: The local columns' lengths Shopify's values are cut to (named when a value is cut).
_LENGTHS = CustomerFieldLengths()


# --- conversions between the layers' records ---------------------------------------------


def _rules_address(a: Any) -> rules.ShopifyAddressIn:
    return rules.ShopifyAddressIn(
        id=a.shopify_id, is_default=bool(a.is_default), first_name=a.first_name or "",
        last_name=a.last_name or "", company=a.company or "", address1=a.address1 or "",
        address2=a.address2 or "", city=a.city or "", province=a.province or "",
        province_code=a.province_code or "", zip=a.zip or "",
        country_code=a.country_code or "", phone=a.phone or "",
    )


def rules_customer(record: Any, linked_no: str | None = None) -> rules.ShopifyCustomerIn:
    """A staged or fetched Shopify customer as the rules read it."""
    return rules.ShopifyCustomerIn(
        id=record.shopify_id,
        first_name=record.first_name or "",
        last_name=record.last_name or "",
        email=record.email or "",
        phone=record.phone or "",
        addresses=tuple(_rules_address(a) for a in (record.addresses or ())),
        linked_no=linked_no or "",
    )


def local_row(row: queries.CustomerRow) -> rules.LocalCustomerRow:
    """A local customer as the rules read it."""
    return rules.LocalCustomerRow(
        no=row.no, name=row.name, name_2=row.name_2, contact=row.contact, address=row.address,
        address_2=row.address_2, post_code=row.post_code, city=row.city, county=row.county,
        country=row.country, phone=row.phone, phone_ext=row.phone_ext, email=row.email,
    )


def _county_rows(shop: str) -> tuple[rules.CountyRow, ...]:
    return tuple(
        rules.CountyRow(t.country_code, t.county_code, t.county_name)
        for t in queries.list_tax_areas(shop)
    )


def _template_rows(shop: str) -> list[rules.TemplateRow]:
    return [
        rules.TemplateRow(t.country_code, t.default_customer_no, t.template_code, t.tax_area)
        for t in queries.list_shop_customer_templates(shop)
    ]


# --- the job -------------------------------------------------------------------------------


async def sync_customers(ctx: Any) -> None:
    """The Customers sync of one shop, as its Shop Card settings say."""
    settings = queries.shop_settings(ctx.shop_code)
    mode = settings["customer_import"]
    if mode == "all":
        await CustomerImport(ctx, settings, only_staged=False).run()
    elif mode == "with_orders" and settings["shopify_can_update_customers"]:
        # bc_connector §1.2: with "with orders" only customers already known are refreshed.
        await CustomerImport(ctx, settings, only_staged=True).run()
    await CustomerExport(ctx, settings).run()


def _collect_and_freeze() -> None:
    """One full collection, then what survives it is frozen again (as `app.settle_heap` does
    at start-up) so later full passes stay short."""
    gc.collect()
    gc.freeze()


@dataclasses.dataclass
class _PageWrites:
    """What deciding one page adds up to, written at the end of the page's transaction.

    Records are still decided one by one and in order (a customer created for one record is
    found by the next), but the decisions only collect here; `CustomerImport._flush` then
    writes them with a few statements for the whole page instead of several per record.
    """

    staged: dict[str, queries.StagedState]
    links: dict[str, bulk.MatchWrite] = dataclasses.field(default_factory=dict)
    #: Local customers to create, by number: every field, so later updates apply to them.
    new_customers: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    #: (no, fields from Shopify, counts as updated/skipped), in decision order.
    local_updates: list[tuple[str, dict[str, Any], bool]] = dataclasses.field(
        default_factory=list)
    resolved: list[str] = dataclasses.field(default_factory=list)
    #: The page's links with their last exchange (read only with "Shopify can update").
    agreed: dict[str, agreed_store.AgreedValues] = dataclasses.field(default_factory=dict)
    #: Links exchanged by this page: GID -> (local no., Shopify's snapshot), recorded with
    #: the local customer as it ends the page (`CustomerImport._flush`).
    exchanged: dict[str, tuple[str, dict[str, str]]] = dataclasses.field(default_factory=dict)

    def _stored(self, gid: str) -> bulk.MatchWrite:
        s = self.staged[gid]
        return bulk.MatchWrite(gid, s.customer_no, s.match_reason, s.review_state,
                               s.review_note)

    def set_match(self, gid: str, no: str | None, *, reason: str = "",
                  review_state: str = "", review_note: str = "") -> None:
        """As `queries.set_match`: the rules own the link, so it is replaced."""
        self.links[gid] = bulk.MatchWrite(gid, no, reason if no is not None else "",
                                          review_state, review_note)

    def set_review_state(self, gid: str, review_state: str, review_note: str = "") -> None:
        """As `queries.set_review_state`: the link is kept."""
        current = self.links.get(gid) or self._stored(gid)
        self.links[gid] = dataclasses.replace(current, review_state=review_state,
                                              review_note=review_note)

    def changed_links(self) -> list[bulk.MatchWrite]:
        return [w for gid, w in self.links.items() if w != self._stored(gid)]


class CustomerImport:
    """Shopify → local: stage, match, create or update, per the shop's rules."""

    def __init__(self, ctx: Any, settings: dict[str, Any], *, only_staged: bool) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = settings
        self.only_staged = only_staged
        shop_row = queries.get_shop(self.shop)
        self.shop_country = (getattr(shop_row, "country", "") or "").upper()
        self.county_rows = _county_rows(self.shop)
        self.match_settings = rules.MatchSettings.from_shop(
            settings, self.shop_country, self.county_rows
        )
        self.templates = rules.templates.rows_by_country(_template_rows(self.shop))
        self._template_values: dict[str, dict[str, Any]] = {}
        self._index: rules.LocalIndex | None = None
        self._next_no: int | None = None
        # Retried even when unchanged: failures recorded in the history, and failures kept on
        # the staged rows (the only trace left when a run was killed before it finished).
        self.retry = {
            gid for gid in queries.unresolved_error_records(self.shop, RESOURCE)
            if gid.startswith(_GID_PREFIX)
        } | set(queries.staged_in_review(self.shop))
        self._seen: set[str] = set()
        #: Whether links record what they agreed on (`_exchanged`): only while one of the
        #: two update settings is on, the only time it is read. With both off, recording
        #: would cost the first import of 100,000 linked customers 3-4 s (measured: 35-45
        #: µs a link, 20,000 links on 2 busy CPUs) for values nothing reads; links made then
        #: start without them, and a blank never clears anything until their first exchange.
        self._records_agreed = bool(settings["shopify_can_update_customers"]
                                    or settings["can_update_shopify_customers"])
        #: Failures carried over unchanged, by Shopify id: (field, message) (`_find_carried`).
        self._carried: dict[str, list[tuple[str, str]]] = {}

    @property
    def index(self) -> rules.LocalIndex:
        """The local customers, indexed once per run (and kept current as the run creates).

        The rows are streamed from the store as plain tuples: 100,000 customers are never
        held as row objects, only as the index's keys.
        """
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> rules.LocalIndex:
        rows = (rules.LocalCustomerRow(*values)
                for values in bulk.iter_customer_columns(_LOCAL_ROW_FIELDS))
        return rules.LocalIndex.build(
            rows, self.shop_country, with_bill_to=self.match_settings.mapping == "bill_to",
        )

    def _build_index_frozen(self) -> rules.LocalIndex:
        """Build the index in the worker thread deciding the first batch that needs it (about
        a second for 100,000 local customers, off the window's event loop); none is built
        when no record is decided (a no-change re-sync whose failures are carried over).

        The built index is then frozen out of the cycle collector's way (`gc.freeze()`):
        its maps hold one entry per local customer, and every full collection visited each
        entry again, 10-15 ms a pass at 100,000 local customers, more on a busy machine,
        holding the window's event loop whichever thread ran it (issue 9's stall
        benchmark). The index holds no cycles, so reference counting still frees it after
        the run. A full collection just before the build (the heap is small then: start-up
        is frozen too, `app.settle_heap`) keeps garbage cycles out of what is frozen.
        """
        gc.collect()
        index = self._build_index()
        gc.freeze()
        return index

    async def run(self) -> None:
        try:
            await self._run()
        finally:
            if self._index is not None:
                # Drop the index, then give the cycle collector back what the freeze hid
                # from it: anything else frozen with the index (the loop's own objects at
                # that moment) that has since become a garbage cycle would otherwise stay
                # uncollectable for the life of the app, one more batch at every sync.
                self._index = None
                gc.unfreeze()
                await asyncio.to_thread(_collect_and_freeze)

    async def _run(self) -> None:
        state = queries.get_sync_state(self.shop, RESOURCE)
        full = state.watermark is None and not self.only_staged
        newest = state.watermark
        done = 0
        basis_at_start = self._retry_basis()
        await self._find_carried(basis_at_start, state.data.get(RETRY_BASIS))
        source = self._full() if full else self._pages(state.watermark)
        async for batch, partial in source:
            batch = await self._apply_in_thread(batch, partial_addresses=partial)
            for record in batch:
                if record.updated_at and (newest is None or record.updated_at > newest):
                    newest = record.updated_at
            done += len(batch)
            self.ctx.reporter.progress(done, -1)
        # Customers that failed before and did not change since are retried from staging,
        # unless nothing that decides their outcome changed since they failed (then their
        # failures of the last run are reported again as still failing).
        leftovers = sorted(self.retry - self._seen)
        if self._carried and self._retry_basis() == basis_at_start:
            carried = [gid for gid in leftovers if gid in self._carried]
            for gid in carried:
                self._report_carried(gid)
            leftovers = sorted(set(leftovers) - set(carried))
        for start in range(0, len(leftovers), BATCH):
            gids = leftovers[start:start + BATCH]
            page = bulk.read_staged(self.shop, gids)
            # One that failed before it could be staged has nothing to retry.
            staged = [r for gid in gids if (r := page.record(gid)) is not None]
            await self._apply_in_thread(staged, restaged=True)
        data = dict(queries.get_sync_state(self.shop, RESOURCE).data)
        data.pop(RETRY_BASIS, None)
        basis = self._retry_basis()
        if basis == basis_at_start:
            # Every record of this run was decided against the same settings, templates and
            # local customers: its failures stay as they are until one of those changes.
            data[RETRY_BASIS] = {"run": self.ctx.run_id, "basis": basis,
                                 "records": await self._in_thread(self._failed_states)}
        queries.set_sync_state(self.shop, RESOURCE, watermark=newest, data=data)
        log.info("customer import of shop %s: %s customers read", self.shop, done)

    # --- failures carried over unchanged ------------------------------------------------

    def _retry_basis(self) -> str:
        """A digest of everything besides the customer itself that decides a customer's
        outcome: the shop's settings, country, tax areas and customer templates (per
        country and the local ones) as this run uses them, and the local customers it can
        match (`queries.local_customers_signature`)."""
        parts = (
            _BASIS_VERSION, sorted((k, repr(v)) for k, v in self.settings.items()),
            self.shop_country, self.county_rows, _template_rows(self.shop),
            [repr(t) for t in queries.list_customer_templates()],
            queries.local_customers_signature(),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def _staged_digests(self, gids: list[str]) -> dict[str, str]:
        """Per staged customer, a digest of its staged record and link/review state."""
        digests = {}
        for start in range(0, len(gids), BATCH):
            chunk = gids[start:start + BATCH]
            page = bulk.read_staged(self.shop, chunk)
            states = page.states()
            for gid in chunk:
                record = page.record(gid)
                if record is not None and gid in states:
                    digests[gid] = hashlib.sha256(
                        repr((record, states[gid])).encode()).hexdigest()[:20]
        return digests

    def _failed_states(self) -> dict[str, str]:
        """The staged digests of the Shopify customers that failed in this run."""
        failed = sorted({e.record for e in self.ctx.result.errors
                         if e.record.startswith(_GID_PREFIX)})
        return self._staged_digests(failed)

    async def _in_thread(self, function: Any, *args: Any) -> Any:
        def call() -> Any:
            try:
                return function(*args)
            finally:
                DB.close()  # the worker thread's own connection

        return await asyncio.to_thread(call)

    async def _find_carried(self, basis: str, stored: Any) -> None:
        """Find the failures of the last run that are reported again, without deciding
        their customers again, unless the run reads their customers changed
        (`_carried`, `_report_carried`).

        A failure is carried over only when the last completed run is the one that stored
        `stored`, that run decided every record against one state of the settings,
        templates and local customers that is still the current one (`basis`, see
        `_retry_basis`; checked again before the leftovers), and the customer's staged
        record, link and review state are as they were when it failed. Retry failed
        (`ctx.retry_failed`) carries nothing over.
        """
        self._carried = {}
        if (not self.retry or getattr(self.ctx, "retry_failed", False)
                or not isinstance(stored, dict) or stored.get("basis") != basis
                or stored.get("run") != queries.last_completed_run_id(self.shop, RESOURCE)):
            return
        previous: dict[str, list[tuple[str, str]]] = {}
        for record, field_name, message in self.ctx.previous_failures:
            previous.setdefault(record, []).append((field_name, message))
        then = stored.get("records") or {}
        candidates = sorted(gid for gid in self.retry if gid in previous and gid in then)
        now = await self._in_thread(self._staged_digests, candidates)
        self._carried = {gid: sorted(previous[gid]) for gid in candidates
                         if now.get(gid) == then[gid]}
        if self._carried:
            log.info("customer import of shop %s: %d unchanged failures carried over",
                     self.shop, len(self._carried))

    def _report_carried(self, gid: str) -> None:
        """Report a carried-over customer's failures of the last run again (still failing)."""
        for field_name, message in self._carried.pop(gid):
            self.ctx.fail(gid, field_name, message)

    async def _full(self) -> AsyncIterator[tuple[list[CustomerRecord], bool]]:
        """Every customer: a bulk export, else (one already running) every page.

        Yields each batch with whether its records carry only their default address."""
        try:
            async for batch in self._bulk():
                yield batch, False
        except BulkOperationError as exc:
            if "OPERATION_IN_PROGRESS" not in (exc.details.get("codes") or ()):
                raise
            # A run killed mid-export leaves its bulk operation running at Shopify, which
            # refuses a second one: read the pages instead of failing until it ends.
            log.warning("a bulk export is already running in shop %s; reading pages", self.shop)
            async for batch, partial in self._pages(None):
                yield batch, partial

    async def _bulk(self) -> AsyncIterator[list[CustomerRecord]]:
        batch: list[CustomerRecord] = []
        async for line in run_bulk_query(self.ctx.client, "BulkCustomers"):
            try:
                batch.append(shopify_records.customer_record(line, line.get(CHILDREN_KEY, [])))
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    async def _pages(
        self, watermark: dt.datetime | None
    ) -> AsyncIterator[tuple[list[CustomerRecord], bool]]:
        variables: dict[str, Any] = {"sortKey": "UPDATED_AT"}
        if watermark is not None:
            since = format_datetime(watermark - OVERLAP)
            variables["query"] = f"updated_at:>='{since}'"
        async for nodes in paginate(self.ctx.client, "CustomersPage", variables, ("customers",)):
            batch = []
            for node in nodes:
                try:
                    batch.append(shopify_records.customer_record(node))
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason)
            yield batch, True

    @staticmethod
    def _with_staged_addresses(batch: list[Any], page: bulk.StagedPage) -> list[Any]:
        """Page records carry only the default address: keep the other staged addresses.

        Without this, staging a page would delete every non-default address the bulk export
        staged (the store replaces a record's addresses with the ones given).
        """
        merged = []
        for record in batch:
            if not record.addresses or record.shopify_id not in page:
                merged.append(record)
                continue
            fresh = {a.shopify_id for a in record.addresses}
            others = tuple(
                dataclasses.replace(a, is_default=False)
                for a in page.addresses(record.shopify_id) if a.shopify_id not in fresh
            )
            merged.append(dataclasses.replace(record, addresses=record.addresses + others))
        return merged

    async def _apply_in_thread(self, batch: list[Any], **options: bool) -> list[Any]:
        """`_apply` in a worker thread, so the window's event loop stays free meanwhile (a
        batch of 200 is 25-35 ms of Python and SQLite, 50-80 ms when the machine is busy).

        The run awaits it, so nothing else touches this import's state meanwhile. A batch
        already started finishes (and commits) even if the run is cancelled: still all of
        the batch or none of it. The thread's connection is closed after.
        """

        def apply() -> list[Any]:
            try:
                return self._apply(batch, **options)
            finally:
                DB.close()

        return await asyncio.to_thread(apply)

    def _apply(self, batch: list[Any], *, restaged: bool = False,
               partial_addresses: bool = False) -> list[Any]:
        """Stage a batch and act on each changed (or previously failed) customer: one
        transaction, so a kill leaves either all of it or none of it.

        Args:
            restaged: the records come from staging (a retry): decide them all.
            partial_addresses: the records carry only their default address (a page).

        Returns:
            The records of the batch this run handles (with "With orders", only those
            already staged).
        """
        if not batch:
            return batch
        counts = self.ctx.result
        before = (counts.created, counts.updated, counts.skipped)
        try:
            return self._apply_page(batch, restaged=restaged,
                                    partial_addresses=partial_addresses)
        except BaseException:
            # The page's transaction was rolled back (a full disk...): what it counted was
            # not saved, so the run's counts must not say it was (issue 15, finding 8).
            counts.created, counts.updated, counts.skipped = before
            raise

    def _apply_page(self, batch: list[Any], *, restaged: bool,
                    partial_addresses: bool) -> list[Any]:
        carried: set[str] = set()
        with transaction():
            page = bulk.read_staged(self.shop, [r.shopify_id for r in batch])
            if self.only_staged and not restaged:
                # bc_connector §1.2: with "with orders" only customers already known.
                batch = [r for r in batch if r.shopify_id in page]
                if not batch:
                    return batch
            if restaged:
                changed = {r.shopify_id for r in batch}
                states = page.states()
            else:
                if partial_addresses:
                    batch = self._with_staged_addresses(batch, page)
                result = bulk.stage_shopify_customers_batch(self.shop, batch, page)
                changed = set(result.changed_keys)
                for r in batch:
                    if r.shopify_id in self.retry and r.shopify_id not in changed:
                        if r.shopify_id in self._carried:
                            # Read again unchanged (the incremental read's overlap): its
                            # failure is carried over, as it would be as a leftover.
                            self._report_carried(r.shopify_id)
                            carried.add(r.shopify_id)
                        else:
                            changed.add(r.shopify_id)
                states = result.states
            writes = _PageWrites(states)
            if self.settings["shopify_can_update_customers"] and changed:
                writes.agreed = agreed_store.read_agreed(self.shop, sorted(changed))
            if self._index is None and any(r.shopify_id in changed for r in batch):
                self._index = self._build_index_frozen()
            for record in batch:
                if record.shopify_id in self.retry:
                    # Only these: a set of every id read would be one more map of 100,000
                    # entries for each full pass of the cycle collector to walk.
                    self._seen.add(record.shopify_id)
                if record.shopify_id in carried:
                    continue
                if record.shopify_id not in changed:
                    self.ctx.result.skipped += 1
                    continue
                self._decide(record, states[record.shopify_id], writes)
            self._flush(writes)
        return batch

    def resolve_for_order(self, record: CustomerRecord) -> str | None:
        """Stage one Shopify customer met on an order, match or create it by the shop's
        rules (exactly as the customer sync does) and return its local customer no., None
        when it stays unlinked. Used by `sync.orders` for the customer on the order."""
        gid = record.shopify_id
        with transaction():
            result = bulk.stage_shopify_customers_batch(self.shop, [record])
            writes = _PageWrites(result.states)
            if self.settings["shopify_can_update_customers"]:
                writes.agreed = agreed_store.read_agreed(self.shop, [gid])
            self._decide(record, result.states[gid], writes)
            self._flush(writes)
        state = queries.staged_states(self.shop, [gid]).get(gid)
        return state.customer_no if state is not None else None

    def resolve_guest(self, email: str, phone: str, address: Any | None) -> str | None:
        """The local customer of a guest order (no Shopify customer: only the order's e-mail,
        phone and billing address), by the shop's rules: matched, else created from the
        template when creation is allowed; None when neither (why goes to `ctx.fail`).

        Nothing is staged or linked, as there is no Shopify customer yet; the index learns the
        new customer, so when the guest later opens an account (e-mail in another case, phone
        typed differently), the customer sync finds this local customer instead of a second.
        """
        addresses = (_rules_address(address),) if address is not None else ()
        first = address.first_name if address is not None else ""
        last = address.last_name if address is not None else ""
        customer = rules.ShopifyCustomerIn(id="", first_name=first, last_name=last,
                                           email=email, phone=phone, addresses=addresses)
        decision = rules.match_customer(customer, self.index, self.match_settings)
        label = email or phone or "guest"
        if decision.kind in ("matched", "linked", "default"):
            return decision.customer_no
        if decision.kind == "ambiguous":
            self.ctx.fail(label, _field_of(decision.reason),
                          "several local customers have this "
                          f"{decision.reason}: {', '.join(decision.candidates)}")
            return None
        if decision.kind != "create":
            if decision.reason and decision.kind == "error":
                self.ctx.fail(label, "customer_mapping", decision.reason)
            return None
        choice = rules.choose_template(customer, self.templates,
                                       str(self.settings["customer_template"] or ""))
        if choice.template_code is None:
            self.ctx.fail(label, "address" if choice.address is None else "customer_template",
                          choice.reason or "cannot create the customer")
            return None
        try:
            fields = self._local_fields(customer, choice.address)
        except RecordError as exc:
            self.ctx.fail(label, exc.field, exc.reason)
            return None
        data = {**self._template_defaults(choice.template_code)}
        data.update({k: v for k, v in fields.items() if v != "" or k not in data})
        data["template"] = choice.template_code
        data["name"] = data.get("name") or email or data.get("phone") or label
        data["no"] = self._take_no()
        values = bulk.new_customer_values(data)
        with transaction():
            bulk.create_customers_batch([values])
        self.index.add(rules.LocalCustomerRow(*(values[k] for k in _LOCAL_ROW_FIELDS)))
        self.ctx.result.created += 1
        return values["no"]

    def _decide(self, record: Any, staged: queries.StagedState, page: _PageWrites) -> None:
        # An e-mail that is not an address is neither matched on nor copied (issue 9).
        customer, bad_email = rules.without_invalid_email(
            rules_customer(record, staged.customer_no))
        decision = rules.match_customer(customer, self.index, self.match_settings)
        gid = record.shopify_id
        if decision.kind in ("linked", "matched"):
            no = decision.customer_no
            linked = decision.kind == "linked"
            if not linked:
                page.set_match(gid, no, reason=decision.reason)
            if self.settings["shopify_can_update_customers"] and not _own_echo(record, staged):
                agreed = page.agreed.get(gid) if linked else None
                try:
                    fields = self._update_fields(
                        customer, agreed if agreed is not None and agreed.customer_no == no
                        else None, bad_email=bool(bad_email))
                except RecordError as exc:
                    self._failed(page, gid, exc.field, exc.reason)
                    return
                self._succeeded(page, gid, staged, linked=linked)
                if no:
                    # A linked customer counts as updated only if its fields change, which
                    # is known when the page is written (`_flush`).
                    page.local_updates.append((no, fields, linked))
                    self._exchanged(page, gid, no, customer)
                    if bad_email:
                        self._email_left_out(gid, bad_email, no)
                elif linked:
                    self.ctx.result.skipped += 1
                if not linked:
                    self.ctx.result.updated += 1
                return
            self._succeeded(page, gid, staged, linked=linked)
            if decision.kind == "matched":
                if no:
                    self._exchanged(page, gid, no, customer)
                self.ctx.result.updated += 1
            else:
                self.ctx.result.skipped += 1
            return
        if decision.kind == "create":
            self._create_local(page, record, customer, staged, bad_email)
            return
        if decision.kind == "ambiguous":
            names = ", ".join(decision.candidates)
            note = f"several local customers have this {decision.reason}: {names}"
            page.set_match(gid, None, review_state="ambiguous", review_note=note)
            self.ctx.fail(gid, _field_of(decision.reason),
                          f"{note}; link it by hand in the Customers tab")
            return
        if decision.kind == "error":
            self._failed(page, gid, "customer_mapping", decision.reason)
            return
        # "default" (orders use the default customer; nothing to link) or "none" (not found
        # and creating is off: it waits, unlinked, for a manual link).
        if decision.stale_link or staged.review_state:
            page.set_match(gid, None)
        self._resolved(page, gid)
        self.ctx.result.skipped += 1

    def _create_local(self, page: _PageWrites, record: Any, customer: rules.ShopifyCustomerIn,
                      staged: queries.StagedState, bad_email: str = "") -> None:
        """Create the local customer of a Shopify customer from its template and link them;
        `bad_email`, its e-mail that is not an address, is left out, and the run says so."""
        gid = record.shopify_id
        choice = rules.choose_template(customer, self.templates,
                                       str(self.settings["customer_template"] or ""))
        if choice.missing_template_row and choice.country_code:
            queries.get_shop_customer_template(self.shop, choice.country_code,
                                               create_missing=True)
            self.templates = rules.templates.rows_by_country(_template_rows(self.shop))
        if choice.template_code is None:
            field = "address" if choice.address is None else "customer_template"
            self._failed(page, gid, field, choice.reason or "cannot create the customer",
                         unlink=True)
            return
        try:
            fields = self._local_fields(customer, choice.address)
        except RecordError as exc:
            self._failed(page, gid, exc.field, exc.reason, unlink=True)
            return
        data = {**self._template_defaults(choice.template_code)}
        data.update({k: v for k, v in fields.items() if v != "" or k not in data})
        data["template"] = choice.template_code
        if not data.get("name"):
            # Shopify needs a name, an e-mail or a phone; the local customer needs a name.
            data["name"] = customer.email or data.get("phone") or gid
        data["no"] = self._take_no()
        values = bulk.new_customer_values(data)
        page.new_customers[values["no"]] = values
        page.set_match(gid, values["no"], reason="created")
        self._exchanged(page, gid, values["no"], customer)
        self.index.add(rules.LocalCustomerRow(*(values[k] for k in _LOCAL_ROW_FIELDS)))
        self._resolved(page, gid)
        self.ctx.result.created += 1
        if bad_email:
            self._email_left_out(gid, bad_email, values["no"])

    def _exchanged(self, page: _PageWrites, gid: str, no: str,
                   customer: rules.ShopifyCustomerIn) -> None:
        """The link `gid` - `no` was made or updated: what both sides hold once the page is
        written is what they agreed on (issue 14, recorded by `_flush`)."""
        if self._records_agreed:
            page.exchanged[gid] = (no, agreed_rules.shopify_snapshot(customer))

    def _template_defaults(self, code: str) -> dict[str, Any]:
        """The defaults of a local template, read once per run."""
        if code not in self._template_values:
            self._template_values[code] = _template_defaults(code)
        return self._template_values[code]

    def _take_no(self) -> str:
        """The next free customer number, computed once per run (a scan of every number)."""
        if self._next_no is None:
            self._next_no = int(queries.next_customer_no()[1:])
        else:
            self._next_no += 1
        no = f"C{self._next_no:05d}"
        if no in self.index or bulk.customer_no_taken(no):
            # Taken meanwhile: by a company the orders' B2B import created, or by another
            # process. Start again from the store's highest number, past any taken one.
            self._next_no = int(queries.next_customer_no()[1:])
            while (no := f"C{self._next_no:05d}") in self.index or bulk.customer_no_taken(no):
                self._next_no += 1
        return no

    def _local_fields(self, customer: rules.ShopifyCustomerIn,
                      address: rules.ShopifyAddressIn | None) -> dict[str, Any]:
        """Local customer fields from a Shopify customer and its main address (§1.2).

        Raises:
            RecordError: the address's country is not an ISO country code, or the phone (the
                address's, else the customer's) is not a dialable number.
        """
        fields = local_fields_from_shopify(
            customer, address, self.match_settings.name_sources,
            self.match_settings.county_source, self.county_rows, self.shop_country,
        )
        label = customer.id
        if fields.country and geo.country(fields.country) is None:
            raise RecordError(label, "country",
                              f"'{fields.country}' is not a known ISO country code")
        if fields.phone and not E164_SHAPE.match(fields.phone):
            raise RecordError(label, "phone",
                              f"'{fields.phone}' is not a phone number that can be dialled")
        for field_name in fields.cut:  # never cut without a word (issue 15)
            self.ctx.result.warn(
                label, field_name, "field_cut",
                f"{field_name} is longer than the local field: cut to "
                f"{getattr(_LENGTHS, field_name)} characters")
        # Plain str fields: a shallow copy (asdict deep-copies, 25 µs per customer).
        values = {name: getattr(fields, name) for name in _LOCAL_FIELD_NAMES}
        if address is None:
            for key in _ADDRESS_FIELDS:
                values.pop(key, None)
        return values

    def _update_fields(self, customer: rules.ShopifyCustomerIn,
                       agreed: agreed_store.AgreedValues | None = None, *,
                       bad_email: bool = False) -> dict[str, Any]:
        """Shopify Can Update Customers: the fields a linked local customer takes from
        Shopify (the e-mail is settled against the local one in `_flush`).

        A blank is not a clear (issue 14, `rules.agreed.local_changes`): with the link's
        last exchange (`agreed`), a field takes Shopify's value only when Shopify changed it
        since, and one emptied in Shopify since is cleared here; a field the two did not
        agree on then, or any field of a link without an exchange recorded, takes only a
        non-blank value. A customer with no name in Shopify keeps its local names, and an
        e-mail left out as invalid (`bad_email`) never clears the local one.

        Raises:
            RecordError: as `_local_fields`.
        """
        now = self._local_fields(customer, customer.main_address())
        then: dict[str, Any] | None = None
        if agreed is not None:
            before = agreed_rules.shopify_customer(customer.id, agreed.shopify)
            try:
                then = self._local_fields(before, before.main_address())
            except RecordError:  # what Shopify held then no longer reads: no agreement
                then = None
        fields: dict[str, Any] = agreed_rules.local_changes(
            now, then, agreed.local if agreed is not None and then is not None else None)
        if not now.get("name"):
            for key in _NAME_FIELDS:  # no name in Shopify: keep the local names
                fields.pop(key, None)
        if bad_email and not fields.get("email"):
            fields.pop("email", None)
        if "phone" in fields:
            fields["phone_ext"] = now.get("phone_ext", "")  # the extension goes with it
        return fields

    def _flush(self, page: _PageWrites) -> None:
        """Write what a page decided: new customers, updates, links, resolved errors.

        Updates from Shopify are applied here in decision order to the current values (a
        customer created earlier in the page included), as one `update_customer` per
        record would, and only the fields that end up different are written.

        Raises:
            NotFoundError: a linked local customer was deleted during the run.
        """
        existing = {no for no, _, _ in page.local_updates if no not in page.new_customers}
        current = bulk.customer_values(existing)
        current.update(page.new_customers)
        dirty: dict[str, dict[str, Any]] = {}
        for no, fields, counted in page.local_updates:
            row = current.get(no)
            if row is None:
                raise NotFoundError(f"There is no customer '{no}'", customer=no)
            wanted = dict(fields)
            email = rules.mapping.email_key(wanted.get("email", ""))
            if email and email in rules.mapping.email_keys(row["email"]):
                # One of the addresses typed locally: keep the field as typed. (A blank
                # e-mail here is one emptied in Shopify on purpose, `_update_fields`.)
                wanted.pop("email", None)
            changes = {k: v for k, v in bulk.normalise_customer(wanted).items()
                       if row[k] != v}
            if changes:
                row.update(changes)
                if no not in page.new_customers:
                    dirty.setdefault(no, {}).update(changes)
            if counted:
                if changes:
                    self.ctx.result.updated += 1
                else:
                    self.ctx.result.skipped += 1
        bulk.create_customers_batch(list(page.new_customers.values()))
        bulk.update_customers_batch(dirty)
        bulk.apply_matches_batch(self.shop, page.changed_links())
        if page.exchanged:
            # What both sides hold after this page is what they agreed on (issue 14).
            unread = {no for no, _ in page.exchanged.values()} - set(current)
            current.update(bulk.customer_values(unread))
            agreed_store.save_agreed(self.shop, [
                (gid, no, agreed_rules.local_snapshot(current[no]), snapshot)
                for gid, (no, snapshot) in page.exchanged.items() if no in current
            ])
        if page.resolved:
            queries.resolve_errors(self.shop, RESOURCE, page.resolved)

    # --- bookkeeping -------------------------------------------------------------------

    def _failed(self, page: _PageWrites, gid: str, field: str, reason: str, *,
                unlink: bool = False) -> None:
        """A record failed: say so, and keep the failure on its staged row for the retry."""
        self.ctx.fail(gid, field, reason)
        if unlink:
            page.set_match(gid, None, review_state="error", review_note=reason)
        else:
            page.set_review_state(gid, "error", reason)

    def _email_left_out(self, gid: str, email: str, no: str) -> None:
        """Say that the e-mail of a Shopify customer was not given to its local customer
        `no` (created or updated from it), not being an address
        (`rules.without_invalid_email`): the customer went through, the e-mail did not.

        Reported as the record's error (field `email`), so the merchant sees it; the next
        runs look at the customer again and say the same ("still failing") until the e-mail
        is corrected in Shopify. The orders job turns it into the order's note.
        """
        self.ctx.fail(gid, "email", f"{_shown(email)} is not a valid e-mail address; local "
                      f"customer {no} was left without it: correct it in Shopify")

    def _succeeded(self, page: _PageWrites, gid: str, staged: queries.StagedState, *,
                   linked: bool) -> None:
        if linked and staged.review_state:
            page.set_review_state(gid, "")
        self._resolved(page, gid)

    def _resolved(self, page: _PageWrites, shopify_id: str) -> None:
        if shopify_id in self.retry:
            page.resolved.append(shopify_id)


def _own_echo(record: Any, staged: queries.StagedState) -> bool:
    """True when Shopify's latest change is the one our own export made (no ping-pong)."""
    return bool(
        staged.last_updated_by_app and record.updated_at
        and record.updated_at <= staged.last_updated_by_app
    )


def _shown(value: str) -> str:
    """A value quoted for a message: repr (control characters escaped), at most 40 chars."""
    text = repr(value[:60])
    return text if len(text) <= 40 else text[:37] + "..."


def _field_of(reason: str) -> str:
    if "phone" in reason and "email" in reason:
        return "email, phone"
    return "phone" if "phone" in reason else "email"


def _template_defaults(code: str) -> dict[str, Any]:
    """The defaults a local template gives a new customer (none for an unknown code)."""
    try:
        template = queries.get_customer_template(code)
    except NotFoundError:  # a template code with no local template row: no defaults
        return {}
    values = {}
    for key in ("country", "category"):
        value = getattr(template, key, "")
        if value:
            values[key] = value
    return values


# --- export ----------------------------------------------------------------------------------

PENDING_INVITES = "pending_invites"
#: Local customers whose `customerCreate` was (maybe) sent but not yet linked: a run cut off
#: between the two leaves the intent here, so the next run knows the Shopify customer it finds
#: (by the import's matching or by the export's search) is the one it created, links it as
#: "exported" and still sends the invitation owed.
PENDING_CREATES = "pending_creates"


class CustomerExport:
    """Local → Shopify: the customers to upload or update, validated, searched, sent."""

    def __init__(self, ctx: Any, settings: dict[str, Any]) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = settings
        shop_row = queries.get_shop(self.shop)
        self.company_country = (getattr(shop_row, "country", "") or "").upper()
        self.export_settings = rules.ExportSettings.from_shop(
            settings, self.company_country, _county_rows(self.shop)
        )
        self.invites = bool(settings["send_invite_on_upload"])
        self.retry = {
            no for no in queries.unresolved_error_records(self.shop, RESOURCE)
            if not no.startswith(_GID_PREFIX)
        }
        self._staged_emails: dict[str, str] = {}

    def _candidates(self) -> list[queries.CustomerRow]:
        # The Edge: contact changes of uploaded (web upload) customers always go up; other
        # linked ones only with "Can Update Shopify Customers", other unlinked ones only with
        # "Export Customers". Chosen in SQL: the 100,000 others are never read.
        return bulk.export_candidates(
            self.shop,
            export_all=bool(self.settings["export_customers"]),
            update_all=bool(self.settings["can_update_shopify_customers"]),
        )

    async def run(self) -> None:
        await self._adopt_cut_off_creates()
        await self._send_pending_invites()
        candidates = self._candidates()
        if not candidates:
            return
        registry = self._phone_registry()
        total = len(candidates)
        for done, row in enumerate(candidates, start=1):
            await self._export_one(row, registry)
            self.ctx.reporter.progress(done, total)

    def _phone_registry(self) -> rules.PhoneRegistry:
        pairs = []
        for gid, phone, email, customer_no in bulk.staged_phones(self.shop):
            pairs.append((phone, customer_no or gid))
            self._staged_emails[gid] = rules.mapping.email_key(email)
        return rules.PhoneRegistry(pairs)

    async def _export_one(self, row: queries.CustomerRow, registry: rules.PhoneRegistry) -> None:
        prepared = rules.prepare_customer(local_row(row), self.export_settings,
                                          organisation=row.category == "organisation")
        if not prepared.ok:
            for issue in prepared.issues:
                self.ctx.fail(row.no, issue.field, issue.reason)
            return
        wanted = _without_address_phone(prepared.input)
        if wanted.phone:
            other = registry.claim(wanted.phone, row.no, aliases=[row.shopify_id or ""])
            if other is not None and not self._same_person(other, wanted):
                self.ctx.fail(row.no, "phone",
                              f"the phone number {wanted.phone} is already used by {other}")
                return
        try:
            if row.shopify_id:
                await self._update(row, row.shopify_id, wanted)
            else:
                await self._create_or_link(row, wanted)
        except UserErrors as exc:
            for item in exc.items:
                self.ctx.fail(row.no, item.field_path or "", item.message)
            if wanted.phone:
                registry.release(wanted.phone, row.no)
            return
        except (NetworkError, RecordError, NotFoundError) as exc:
            self.ctx.fail(row.no, "", f"{exc} (it will be checked again on the next sync)")
            return
        if row.no in self.retry:
            queries.resolve_errors(self.shop, RESOURCE, [row.no])

    def _same_person(self, owner: str, wanted: rules.ShopifyCustomerInput) -> bool:
        """A phone held by an unlinked Shopify customer with our e-mail is ours: the search
        finds that customer and links it, so the phone is no conflict."""
        if not owner.startswith(_GID_PREFIX) or not wanted.email:
            return False
        return self._staged_emails.get(owner) == rules.mapping.email_key(wanted.email)

    async def _search(self, query: str) -> list[dict[str, Any]]:
        data = await self.ctx.client.execute("CustomerSearch", {"query": query})
        return list((data.get("customers") or {}).get("nodes") or [])

    async def _find_existing(
        self, row: queries.CustomerRow, wanted: rules.ShopifyCustomerInput
    ) -> dict[str, Any] | None:
        """The Shopify customer this local one already is: exact e-mail, then exact phone.

        Shopify's search is tokenised (`email:"ann@x.com"` also returns "ann.x@x.com"), so
        only an exact hit counts. A phone hit whose customer has another e-mail is another
        person holding that number: a RecordError on "phone" (Shopify would refuse the
        create with "Phone has already been taken").
        """
        mine = rules.mapping.email_key(wanted.email or "")
        if mine:
            for node in await self._search(email_search_query(mine)):
                if rules.mapping.email_key(node.get("email") or "") == mine:
                    return node
        if wanted.phone:
            for node in await self._search(phone_search_query(wanted.phone)):
                if (node.get("phone") or "").strip() != wanted.phone:
                    continue
                theirs = rules.mapping.email_key(node.get("email") or "")
                if theirs and theirs != mine:
                    raise RecordError(row.no, "phone",
                                      f"the phone number {wanted.phone} is already used by "
                                      f"Shopify customer {node['id']}")
                return node
        return None

    async def _create_or_link(self, row: queries.CustomerRow,
                              wanted: rules.ShopifyCustomerInput) -> None:
        try:
            existing = await self._find_existing(row, wanted)
        except RecordError as exc:
            self.ctx.fail(row.no, exc.field, exc.reason)
            return
        if existing is not None:
            refusal = await self._refusal_to_link(row, existing)
            if refusal is not None:
                self.ctx.fail(row.no, *refusal)
                return
            await self._link_existing(row, existing["id"], wanted)
            return
        self._intents(add=row.no)
        data = await self.ctx.client.execute("CustomerCreate", wanted.to_create_variables())
        payload = data.get("customerCreate") or {}
        check_user_errors(payload, row.no)
        gid = payload["customer"]["id"]
        log.info("customer %s created in shop %s", gid, self.shop)
        if wanted.address is not None:
            address_vars = wanted.address_create_variables(gid)
            data = await self.ctx.client.execute("CustomerAddressCreate", address_vars)
            try:
                check_user_errors(data.get("customerAddressCreate") or {}, row.no)
            except UserErrors as exc:
                for item in exc.items:
                    path = item.field_path
                    if not path.startswith("address"):
                        path = f"address.{path}".rstrip(".")
                    self.ctx.fail(row.no, path, item.message)
        fetched = await self._fetch(gid)
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            queries.link_customer(self.shop, row.no, gid, reason="exported")
            self._record_agreed(row, fetched)
            if fetched.updated_at:
                queries.mark_updated_by_app(self.shop, gid, fetched.updated_at)
            if self.invites and wanted.email:
                self._pending(add=(row.no, gid))
            self._intents(remove=row.no)
        self.ctx.result.created += 1
        if self.invites and wanted.email:
            await self._invite(row.no, gid)

    async def _link_existing(self, row: queries.CustomerRow, gid: str,
                             wanted: rules.ShopifyCustomerInput) -> None:
        """Link a customer Shopify already has (ours from a run that was cut off, or one
        made online), then send what differs."""
        staged = queries.staged_states(self.shop, [gid]).get(gid)
        if staged is not None and staged.customer_no and staged.customer_no != row.no:
            self.ctx.fail(row.no, "email",
                          f"Shopify customer {gid} already exists and is linked to local "
                          f"customer {staged.customer_no}")
            return
        fetched = await self._fetch(gid)
        invite = self.invites and bool(wanted.email) and fetched.state == "DISABLED"
        ours = row.no in self._intents()
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            queries.link_customer(self.shop, row.no, gid,
                                  reason="exported" if ours else "found in Shopify")
            if invite:
                self._pending(add=(row.no, gid))
            if ours:
                self._intents(remove=row.no)
        await self._update(row, gid, wanted, linked_now=True)
        if invite:
            await self._invite(row.no, gid)

    # --- creates cut off before their link ------------------------------------------------

    def _intents(self, *, add: str | None = None, remove: str | None = None) -> set[str]:
        """Read or change the local customers whose create may have reached Shopify."""
        state = queries.get_sync_state(self.shop, RESOURCE)
        intents = set(state.data.get(PENDING_CREATES, []))
        if add is None and remove is None:
            return intents
        if add is not None:
            intents.add(add)
        if remove is not None:
            intents.discard(remove)
        queries.set_sync_state(self.shop, RESOURCE,
                               data={**state.data, PENDING_CREATES: sorted(intents)})
        return intents

    async def _adopt_cut_off_creates(self) -> None:
        """Creates of a cut-off run that this run's import has already linked by e-mail or
        phone: they are ours (reason "exported"), and their invitation is still owed."""
        for no in sorted(self._intents()):
            try:
                row = queries.get_customer(no, shop=self.shop)
            except NotFoundError:  # the local customer was deleted meanwhile
                self._intents(remove=no)
                continue
            if not row.shopify_id:
                continue  # not found yet: the export's search below finds and adopts it
            gid = row.shopify_id
            fetched = await self._fetch(gid)
            with transaction():
                queries.upsert_shopify_customers(self.shop, [fetched])
                queries.set_match(self.shop, gid, no, reason="exported")
                if self.invites and row.email and fetched.state == "DISABLED":
                    self._pending(add=(no, gid))
                self._intents(remove=no)

    # --- invitations ---------------------------------------------------------------------

    def _pending(self, *, add: tuple[str, str] | None = None,
                 remove: str | None = None) -> list[list[str]]:
        """Read or change the invitations owed (kept across runs in the sync state)."""
        state = queries.get_sync_state(self.shop, RESOURCE)
        pending = [list(p) for p in state.data.get(PENDING_INVITES, [])]
        if add is None and remove is None:
            return pending
        if add is not None and list(add) not in pending:
            pending.append(list(add))
        if remove is not None:
            pending = [p for p in pending if p[1] != remove]
        queries.set_sync_state(self.shop, RESOURCE,
                               data={**state.data, PENDING_INVITES: pending})
        return pending

    async def _send_pending_invites(self) -> None:
        """Invitations a cut-off run still owes (created and linked, not yet invited)."""
        for no, gid in self._pending():
            await self._invite(no, gid)

    async def _invite(self, no: str, gid: str) -> None:
        try:
            data = await self.ctx.client.execute("CustomerSendAccountInvite", {"customerId": gid})
            check_user_errors(data.get("customerSendAccountInviteEmail") or {}, no)
        except UserErrors as exc:
            # The customer is uploaded either way; say why no invitation went out.
            self._pending(remove=gid)
            self.ctx.fail(no, "invite",
                          f"uploaded, but no invitation was sent: {exc} (Shopify sends "
                          "invitations only with classic customer accounts)")
            return
        except NetworkError as exc:
            if exc.details.get("outcome_unknown"):
                self._pending(remove=gid)  # maybe sent: never risk a second e-mail
            self.ctx.fail(no, "invite", f"the invitation may not have been sent: {exc}")
            return
        fetched = await self._fetch(gid)
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            if fetched.updated_at:
                # The invitation changes the customer's state: our own change, no echo.
                queries.mark_updated_by_app(self.shop, gid, fetched.updated_at)
            self._pending(remove=gid)

    # --- reading and updating ------------------------------------------------------------

    async def _fetch(self, gid: str) -> CustomerRecord:
        data = await self.ctx.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            raise RecordError(gid, "id", "Shopify no longer has this customer")
        addresses = (node.get("addressesV2") or {}).get("nodes")
        return shopify_records.customer_record(node, addresses)

    async def _update(self, row: queries.CustomerRow, gid: str,
                      wanted: rules.ShopifyCustomerInput, *, linked_now: bool = False) -> None:
        """Send the fields that differ from what Shopify holds (as staged); only those."""
        try:
            staged = queries.get_shopify_customer(self.shop, gid)
        except NotFoundError:
            fetched = await self._fetch(gid)
            queries.upsert_shopify_customers(self.shop, [fetched])
            staged = queries.get_shopify_customer(self.shop, gid)
        previous = rules.ShopifyCustomerInput.from_shopify(rules_customer(staged))
        if wanted.address is not None and previous.address is not None:
            # The address phone is Shopify's to keep (see `_without_address_phone`).
            wanted = dataclasses.replace(wanted, address=dataclasses.replace(
                wanted.address, phone=previous.address.phone))
        # Only a difference with Shopify, or an address gone locally, needs the last exchange
        # translated (a prepare_customer per customer); the rest only asks whether one exists.
        differs = bool(wanted.changed_fields(previous)) or (
            wanted.address is None and previous.address is not None)
        found, has_row = self._agreement(row.no, gid, translate=differs)
        agreement = found if found is not None else Agreement.none()
        sent = False
        variables = wanted.to_update_variables(gid, previous, agreement)
        if variables is not None:
            data = await self.ctx.client.execute("CustomerUpdate", variables)
            check_user_errors(data.get("customerUpdate") or {}, row.no)
            sent = True
        main = rules_customer(staged).main_address()
        if wanted.address is None and main is not None:
            # The local address was emptied since the last exchange: clear what was agreed.
            address_vars = wanted.address_update_variables(gid, main.id, previous, agreement)
            if address_vars is not None:
                data = await self.ctx.client.execute("CustomerAddressUpdate", address_vars)
                check_user_errors(data.get("customerAddressUpdate") or {}, row.no)
                sent = True
        elif wanted.address is not None:
            if main is None:
                address_vars = wanted.address_create_variables(gid)
                data = await self.ctx.client.execute("CustomerAddressCreate", address_vars)
                check_user_errors(data.get("customerAddressCreate") or {}, row.no)
                sent = True
            else:
                address_vars = wanted.address_update_variables(gid, main.id, previous,
                                                               agreement)
                if address_vars is not None:
                    data = await self.ctx.client.execute("CustomerAddressUpdate", address_vars)
                    check_user_errors(data.get("customerAddressUpdate") or {}, row.no)
                    sent = True
        if not sent:
            if linked_now or not has_row:
                # The first exchange of this link: what both sides hold now is its baseline.
                with transaction():
                    self._record_agreed(row, staged)
            if not linked_now:
                self.ctx.result.skipped += 1
            return
        fetched = await self._fetch(gid)
        with transaction():
            queries.upsert_shopify_customers(self.shop, [fetched])
            self._record_agreed(row, fetched)
            if fetched.updated_at:
                queries.mark_updated_by_app(self.shop, gid, fetched.updated_at)
        self.ctx.result.updated += 1

    # --- agreed values (issue 14: a blank is not a clear) ------------------------------

    def _agreement(self, no: str, gid: str, *,
                   translate: bool = True) -> tuple[Agreement | None, bool]:
        """The link's last exchange in Shopify's terms, and whether the link has one at all.

        (None, False): no exchange recorded (a link older than schema v9, or made by hand):
        a blank never clears anything. (None, True): recorded, but its local side no longer
        passes the export's checks (a setting changed since): treated the same, safely; or
        not translated, as asked (`translate` False: nothing differs, nothing to decide).
        """
        found = agreed_store.read_agreed(self.shop, [gid]).get(gid)
        if found is None or found.customer_no != no:
            return None, False
        if not translate:
            return None, True
        then = rules.prepare_customer(
            agreed_rules.local_row(no, found.local), self.export_settings,
            organisation=found.local.get("category") == "organisation")
        if not then.ok:
            return None, True
        assert then.input is not None
        shopify = rules.ShopifyCustomerInput.from_shopify(
            agreed_rules.shopify_customer(gid, found.shopify))
        return Agreement(_without_address_phone(then.input), shopify), True

    def _record_agreed(self, row: queries.CustomerRow, record: Any) -> None:
        """Record what the local customer `row` and Shopify's `record` hold after an
        exchange (inside the caller's transaction)."""
        agreed_store.save_agreed(self.shop, [(
            record.shopify_id, row.no, agreed_rules.local_snapshot(row),
            agreed_rules.shopify_snapshot(rules_customer(record)),
        )])

    # --- review means review (issue 14) ----------------------------------------------------

    async def _refusal_to_link(
        self, row: queries.CustomerRow, node: dict[str, Any]
    ) -> tuple[str, str] | None:
        """Why the Shopify customer `node`, found by the search, must not be linked to `row`
        (field, reason), or None when it may.

        A Shopify customer the import sent to review as ambiguous stays unlinked until the
        merchant links it by hand; one the import would find ambiguous (several local
        customers share its e-mail or phone, by the shop's matching rules) is put in review
        here, and is not linked either.
        """
        gid = node["id"]
        label = f"{_shown(node['email'])} ({gid})" if node.get("email") else gid
        staged = queries.staged_states(self.shop, [gid]).get(gid)
        if staged is not None and staged.customer_no:
            return None  # linked already: to this customer, or `_link_existing` says to whom
        if staged is not None and staged.review_state == "ambiguous":
            note = staged.review_note or "several local customers fit it"
            return ("email", (f"Shopify customer {label} waits in the review list ({note}): "
                              "nothing was linked; link it by hand in the Customers tab"))
        decision = self._import_decision(node)
        if decision.kind == "ambiguous" or (
                decision.kind == "matched" and decision.customer_no != row.no):
            candidates = decision.candidates or (row.no, decision.customer_no or "")
            note = (f"several local customers have this {decision.reason}: "
                    f"{', '.join(sorted(set(candidates)))}")
            fetched = await self._fetch(gid)
            with transaction():
                queries.upsert_shopify_customers(self.shop, [fetched])
                current = queries.staged_states(self.shop, [gid]).get(gid)
                if current is not None and not current.customer_no:
                    queries.set_match(self.shop, gid, None, review_state="ambiguous",
                                      review_note=note)
            return (_field_of(decision.reason),
                    (f"Shopify customer {label} is ambiguous: {note}; nothing was linked, "
                     "and it waits in the review list: link it by hand in the Customers tab"))
        return None

    def _import_decision(self, node: dict[str, Any]) -> rules.MatchDecision:
        """What the import's matching rules decide for a Shopify customer found by the
        export, against the local customers sharing its e-mail or phone (which is all that
        matching by e-mail and phone reads)."""
        settings = queries.shop_settings(self.shop)
        mapping = settings.get("customer_mapping")
        match_settings = rules.MatchSettings(
            mapping="email_only" if mapping == "email_only" else "email_phone",
            shop_country=self.company_country)
        country = ((node.get("defaultAddress") or {}).get("countryCodeV2") or "")
        customer = rules.ShopifyCustomerIn(
            id=node["id"], email=node.get("email") or "", phone=node.get("phone") or "",
            addresses=(rules.ShopifyAddressIn(is_default=True, country_code=country),)
            if country else (),
        )
        customer, _ = rules.without_invalid_email(customer)
        rows: dict[str, queries.CustomerRow] = {}
        for key in rules.mapping.email_keys(customer.email)[:1]:
            # A search, not the first-e-mail column: an address anywhere in a local e-mail
            # list counts, as in the import's index (`rules.LocalIndex`).
            for found in queries.list_customers(key, limit=None):
                rows[found.no] = found
        phone = rules.mapping.phone_key(customer.phone, country or self.company_country)
        if phone:
            for found in queries.find_customers_by_phone(phone):
                rows[found.no] = found
        index = rules.LocalIndex.build((local_row(r) for r in rows.values()),
                                       self.company_country, with_bill_to=False)
        return rules.match_customer(customer, index, match_settings)


def _without_address_phone(wanted: rules.ShopifyCustomerInput) -> rules.ShopifyCustomerInput:
    """The local phone goes on the customer only, not also on its address.

    Sending it twice made every phone edit cost two mutations (customerUpdate and
    customerAddressUpdate) where issue 5 asks for one; and an address phone typed online
    (a switchboard, a delivery contact) is not the merchant's to overwrite.
    """
    if wanted.address is None or wanted.address.phone is None:
        return wanted
    return dataclasses.replace(wanted, address=dataclasses.replace(wanted.address, phone=None))
