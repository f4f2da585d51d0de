"""The orders sync and the order actions (seed 003, bc_connector §1.6).

Two steps, as Business Central does them:

1. **Orders to Import**: orders changed since the watermark (minus `OVERLAP`) are staged;
   the first run reads only open orders, and a new order that is already closed is never
   staged. Orders whose `updatedAt` equals what was imported (or what our own write-back
   set) are skipped, so the overlap costs nothing.
2. **Import**: every staged row that passes the shop's order filter is read in full (every
   page of every connection), its customer and items resolved, and saved with its lines in one
   transaction, which also removes its staging row. A failure stays on the staging row (Has
   Error) and the order is retried on the next run.

Every run starts with a **light change check** (OrderChanges, issue 9): in one request the
count of the window `updated_at:>='watermark - OVERLAP'` and a page of its orders' id,
updatedAt and closed, compared with what the store imported (`rules.changed_orders`). A
window of up to `CHECK_PAGING_LIMIT` orders is paged on with it; then:
- nothing changed: the run reads nothing more, so a no-change re-sync is one request;
- a few changed (at most `BULK_THRESHOLD`): the **OrdersToImport pages** of just those orders
  (`id:1 OR id:2 ...`), which carry each order's import fields, money on the side the
  shop's currency handling uses (see the query's header);
- more changed, a window too large to page, and the first run (its open orders): a **bulk
  export** (BulkOrders: no per-field cost, the buyer's `purchasingEntity` included), which
  skips the unchanged orders itself.
Each order read this way is imported right after its batch is staged; only connections
longer than what was read (`hasNextPage`), refund lines, and returns of refunded orders cost
further requests. Orders staged earlier (failures, filters, Import Selected) are read with
OrderById.

The watermark is the **server time of the check** (the answer's HTTP `Date`, to the second,
minus one second and the round trip: `ShopifyClient.last_server_time`), "checked through",
not the newest `updatedAt` seen: our own write-backs of a run are seen by the next check and
found unchanged, and once a check made more than `OVERLAP` after them has seen them they
leave the window. Without a `Date` header the watermark is the newest `updatedAt` seen, as
before. `OrderJob._check` says why nothing is missed, `order_write_back` how an edit by
someone else is not hidden by our write-back.

Then, with Auto Create Orders, sales documents for the newly imported orders; and the
document numbers not yet written back are written to Shopify. A document is created and
linked to its order in one transaction, so a kill leaves either both or neither; its number
is written back only after that commit (ALAppExtensions #26516 wrote it too early).

By subject: this module holds the job (`OrderJob`: staging, import, closing, the merchant's
order actions); `order_changes` the pure side of the change check, `order_parties` who an
order is for and its items (with the customers' own rules, `CustomerResolver`),
`order_documents` the sales documents, `order_write_back` the document nos. written to
Shopify (one by one, or in bulk from the Shop Card's `bulk_write_threshold`). The actions run through
`SyncService.run_action` (the window through `SyncEngine.run_action`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from desktop_app.errors import (
    AppError,
    BulkOperationError,
    NotFoundError,
    RecordError,
    ShopifyError,
    UserErrors,
)
from desktop_app.records.orders import OrderHeader, OrderRecord
from desktop_app.shopify import order_records
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.pagination import (
    MAX_PAGE_SIZE,
    all_nodes,
    complete_nodes,
    connection_at,
    nodes_of,
    paginate,
)
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import order_lifecycle as lifecycle
from desktop_app.store import orders as store
from desktop_app.store.database import transaction
from desktop_app.store.runs import get_sync_state, set_sync_state
from desktop_app.store.shops import shop_settings
from desktop_app.sync import record_changes
from desktop_app.sync.context import JobContext, ShopJob
from desktop_app.sync.issue_codes import ORDER_CONFLICT, problem_code
from desktop_app.sync.order_changes import (
    Check,
    bulk_orders_operation,
    conflict_message,
    ids_search,
    latest,
    seen_orders,
)
from desktop_app.sync.order_documents import OrderDocuments
from desktop_app.sync.order_parties import OrderParties
from desktop_app.sync.order_refund_reads import RefundReads
from desktop_app.sync.order_write_back import OrderWriteBack
from desktop_app.sync.results import CREATED, LOCAL, UPDATED
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.problems import Problem
from desktop_app.sync.watermarks import OVERLAP, changed_since, next_watermark, server_time_of

log = logging.getLogger(__name__)

RESOURCE = "orders"
#: Page sizes of the follow-up queries for connections longer than their first page.
FOLLOW_UP_PAGE = 25  # OrderLineItemsPage costs ~21 points a line: 50 went over 1000
#: More orders changed than this: a bulk export rather than pages (issue 6, lead's brief).
BULK_THRESHOLD = 50
#: A window holding up to this many orders is checked page by page with the light
#: OrderChanges query (250 a request, 1 point an order); a larger one is exported in bulk
#: straight away, the export skipping unchanged orders itself (issue 9).
CHECK_PAGING_LIMIT = 2500
#: The OrdersToImport page's first line items and shipping lines (the demo's orders have
#: 1-5 lines, 0-1 shipping lines); longer orders are paged further.
PAGE_LINES = 5
PAGE_SHIPPING = 1
CANCEL_POLLS = 10


#: A connection none of which was read (`order_records.node_from_bulk`'s refund lines).
_UNREAD: dict[str, Any] = {"nodes": [], "pageInfo": {"hasNextPage": True, "endCursor": None}}


def _unread(connection: object) -> bool:
    """Whether `connection` is still to be read from its start (no node, no cursor)."""
    if not isinstance(connection, dict) or nodes_of(connection):
        return False
    info = connection.get("pageInfo")
    return isinstance(info, dict) and bool(info.get("hasNextPage")) \
        and not info.get("endCursor")


class OrderActionError(AppError):
    code = "order_action"


#: An order action: a coroutine on the shop's `OrderJob` (`SyncService.run_action`).
OrderAction = Callable[["OrderJob"], Awaitable[object]]


def _filter(shop: str) -> rules.OrderFilter:
    return rules.OrderFilter.from_json(get_sync_state(shop, RESOURCE).data.get("filter"))


def set_order_filter(shop: str, order_filter: rules.OrderFilter) -> None:
    """Remember the filter "Sync Orders from Shopify" applies to staged orders."""
    state = get_sync_state(shop, RESOURCE)
    data = dict(state.data)
    data["filter"] = order_filter.to_json()
    set_sync_state(shop, RESOURCE, data=data)


async def sync_orders(ctx: JobContext) -> None:
    """The Orders sync of one shop: stage and import, create documents, write back."""
    job = OrderJob(ctx)
    order_filter = _filter(ctx.shop_code)
    await job.pull(order_filter)
    # Rows staged before (failures, orders the filter held back) that this run did not read.
    await job.import_staged(order_filter=order_filter, skip=job.attempted)
    # Failed orders whose causes changed (a setting, an item, a template...) since.
    await job.decide_failed_again()
    if job.settings.auto_create_orders:
        # Every order still waiting, not only this run's: a run killed after importing
        # must not leave its orders without documents.
        await job.create_documents(store.orders_waiting_for_document(ctx.shop_code))
    await job.write_back_pending()
    if job.settings.close_processed_orders:
        await job.close_processed()


class OrderJob(ShopJob):
    """The orders sync and actions of one shop, on one client."""

    def __init__(self, ctx: JobContext) -> None:
        super().__init__(ctx, shop_settings(ctx.shop_code))
        #: Who each order is for and its items; the documents made of the orders.
        self.parties = OrderParties(ctx, self.settings)
        #: Refunds the import read in full, for this run's documents (issue 21).
        self.refund_reads = RefundReads(ctx.client)
        self.documents = OrderDocuments(ctx, self.settings, self.parties, self.refund_reads)
        #: Document nos. to Shopify, one by one or in bulk (`order_write_back`).
        self.write_back = OrderWriteBack(ctx, self.settings)
        self._keep_returns: dict[str, bool] = {}
        #: Orders this run has tried to import (read by pull, or from staging).
        self.attempted: set[str] = set()
        self._presentment = self.settings.currency_handling == "presentment"

    # --- step 1 (and 2 for what it read): staging ---------------------------------------------

    async def stage(self) -> int:
        """Stage orders changed since the watermark without importing them; returns how
        many were staged."""
        return await self.pull(None)

    async def pull(self, order_filter: rules.OrderFilter | None) -> int:
        """Stage orders changed since the watermark and, with `order_filter`, import each
        staged one that passes it from what was read. Returns how many were staged.

        The run starts with the light change check (`_check`); what it decides:
        - first run: a bulk export of the open orders (none open: nothing more);
        - nothing changed: nothing more (a one-request run);
        - a few changed (at most `BULK_THRESHOLD`): OrdersToImport pages of just those ids;
        - more, or a window too large to check page by page: a bulk export of the window.
        """
        state = get_sync_state(self.shop, RESOURCE)
        first_run = state.watermark is None
        if first_run:
            search = "status:open"
        else:
            search = changed_since(state.watermark, OVERLAP)
        check = await self._check(search, first_run)
        newest = latest(state.watermark, check.newest)
        staged = 0
        how = "nothing changed"
        batches: AsyncIterator[tuple[list[dict[str, Any]], str]] | None = None
        if check.read_all:
            how = "bulk"
            batches = self._bulk_batches(search)
        elif len(check.changed) > BULK_THRESHOLD:
            how = f"bulk, {len(check.changed)} changed"
            batches = self._bulk_batches(search)
        elif check.changed:
            how = f"pages of {len(check.changed)} changed"
            batches = self._page_batches(ids_search(check.changed))
        if batches is not None:
            async for nodes, side in batches:
                wanted, newest = self._stage_nodes(nodes, newest)
                staged += len(wanted)
                self.ctx.reporter.progress(staged, -1)
                if order_filter is not None:
                    await self._import_read(wanted, order_filter, side)
        # The watermark moves only after every batch was staged: a run killed on the way
        # starts over from the old one, and staging is an idempotent upsert. It is the
        # server's time of the check ("checked through", see `_check`); an answer without a
        # Date header leaves the newest updatedAt seen, as before issue 9.
        watermark = next_watermark(check.server_time, newest)
        set_sync_state(self.shop, RESOURCE, watermark=watermark)
        log.info("orders of shop %s: %s of %s seen staged (%s)", self.shop, staged,
                 check.seen, how)
        return staged

    async def _check(self, search: str, first_run: bool) -> Check:
        """The light change check: which orders of the window `search` changed since they
        were imported (OrderChanges: id, updatedAt and closed only, with the window's count).

        Its answer's `Date` (`client.last_server_time`) becomes the next watermark. Why
        nothing is missed, with the next window starting at it minus `OVERLAP`:
        - an edit by anyone (a merchant, an app, our own write-back) made after the check
          has a later `updatedAt` than the check's time, so the next window holds it, however
          long the rest of this run takes (the pages or bulk export read after the check see
          it too, or not: either way it is read again);
        - an edit in the same second as the check: `last_server_time` is the header's second
          minus one (and minus the round trip), never later than the check itself;
        - an edit the search index has not taken in yet (Shopify's search trails its
          database by seconds): the next window starts `OVERLAP` (60 s) before the check, so
          an edit indexed within 60 s is found by the next run. The demo shop's `search_lag`
          simulates this lag (tests/integration/orders/test_order_changes.py).
        What the check's pages show but this run does not read (unchanged orders) is known.

        The first run pages nothing (`first: 1`): it exports the open orders in bulk, and
        the check only dates the export's start. A window of more than `CHECK_PAGING_LIMIT`
        orders is not paged either: the bulk export of the window skips unchanged orders.
        """
        variables: dict[str, Any] = {"query": search, "limit": CHECK_PAGING_LIMIT,
                                     "first": 1 if first_run else MAX_PAGE_SIZE}
        data = await self.client.execute("OrderChanges", variables)
        # Read right after the answer, before anything else can use the client.
        server_time = server_time_of(self.client)
        counted = data.get("ordersCount") or {}
        count = int(counted.get("count") or 0)
        connection = connection_at(data, ("orders",)) or {}
        nodes = nodes_of(connection)
        info = connection.get("pageInfo") or {}
        if first_run:
            return Check(server_time, read_all=bool(nodes or count), seen=count)
        too_many = counted.get("precision") == "AT_LEAST" or count > CHECK_PAGING_LIMIT
        more = bool(info.get("hasNextPage"))
        if more and not too_many:
            rest = {"query": search, "count": False, "after": info.get("endCursor")}
            pages = paginate(self.client, "OrderChanges", rest, ("orders",),
                             page_size=MAX_PAGE_SIZE)
            async with contextlib.aclosing(pages):
                async for page in pages:
                    nodes.extend(page)
                    if len(nodes) > 2 * CHECK_PAGING_LIMIT:  # the window grew as we paged
                        too_many = True
                        break
        seen, unusable = seen_orders(nodes)
        newest = latest(*(o.updated_at for o in seen))
        if more and too_many:
            # The bulk export reads every order of the window, and refuses these itself.
            return Check(server_time, read_all=True, seen=max(count, len(seen)), newest=newest)
        for issue in dict.fromkeys(unusable):  # once, if the check saw one twice
            self.ctx.fail(issue.record, issue.field, issue.message, code=issue.code)
        imported = store.imported_updates(self.shop, [o.shopify_id for o in seen])
        return Check(server_time, changed=rules.changed_orders(seen, imported),
                      seen=len(seen), newest=newest)

    def _server_now(self) -> dt.datetime | None:
        """What order dates are checked against ("in the future"): Shopify's clock at its
        last answer (`last_server_time`, from its Date header), which stamped them; None
        without one, and `order_records` then takes this machine's clock, which can be days
        off (its `FUTURE_TOLERANCE`)."""
        return server_time_of(self.client)

    def _stage_nodes(self, nodes: list[dict[str, Any]], newest: dt.datetime | None
                     ) -> tuple[list[tuple[OrderHeader, dict[str, Any]]], dt.datetime | None]:
        """Stage what is new in `nodes`; returns (header, node) of each staged order and the
        newest `updatedAt` seen."""
        read = []
        for node in nodes:
            try:
                read.append((order_records.order_header(node, now=self._server_now()), node))
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
        known = store.imported_updates(self.shop, [h.shopify_id for h, _ in read])
        wanted = []
        for h, node in read:
            if h.updated_at and (newest is None or h.updated_at > newest):
                newest = h.updated_at
            if not rules.should_stage(h, h.shopify_id in known):
                continue
            seen = known.get(h.shopify_id)
            if seen is not None and h.updated_at is not None and h.updated_at <= seen:
                continue  # the overlap, or our own write-back: nothing new
            wanted.append((h, node))
        store.stage_headers(self.shop, [h for h, _ in wanted], set(known))
        return wanted, newest

    async def _page_batches(self, search: str
                            ) -> AsyncIterator[tuple[list[dict[str, Any]], str]]:
        side = "presentment" if self._presentment else "shop"
        variables = {"query": search, "lines": PAGE_LINES, "shipping": PAGE_SHIPPING,
                     "shop": not self._presentment, "presentment": self._presentment}
        async for nodes in paginate(self.client, "OrdersToImport", variables, ("orders",)):
            yield nodes, side

    async def _bulk_batches(self, search: str, batch: int = 100
                            ) -> AsyncIterator[tuple[list[dict[str, Any]], str]]:
        """The orders of `search` from a bulk export, in batches; pages when Shopify already
        runs a bulk export for the app (a killed run's) or the export fails. The export
        carries the buyer (`purchasingEntity`, a B2B order's company included)."""
        try:
            nodes: list[dict[str, Any]] = []
            async for record in run_bulk_query(self.client, bulk_orders_operation(search)):
                try:
                    node = order_records.node_from_bulk(record)
                except RecordError as exc:
                    self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
                    continue
                nodes.append(node)
                if len(nodes) >= batch:
                    yield nodes, "both"
                    nodes = []
            if nodes:
                yield nodes, "both"
        except BulkOperationError as exc:
            log.warning("orders of shop %s: bulk export not usable (%s); reading pages",
                        self.shop, exc)
            async for page in self._page_batches(search):
                yield page

    async def _import_read(self, wanted: list[tuple[OrderHeader, dict[str, Any]]],
                           order_filter: rules.OrderFilter, side: str) -> None:
        """Import the staged orders of one batch from the nodes read for staging."""
        for header, node in wanted:
            if not order_filter.matches(header):
                continue
            # Shopify repeated the order in this run's reads: the later copy is imported
            # over the first, and its note says so.
            again = header.shopify_id in self.attempted
            await self._import_one(header.shopify_id, header.name,
                                   lambda node=node, again=again: self._record_of(node, side,
                                                                                  again))

    # --- step 2: import ----------------------------------------------------------------------

    async def import_staged(self, gids: Iterable[str] | None = None,
                            order_filter: rules.OrderFilter | None = None,
                            skip: Iterable[str] = ()) -> list[str]:
        """Import staged orders (all, or `gids`: Import Selected) passing the filter, each
        read with OrderById; `skip` leaves out orders this run already tried.

        Returns the ids of orders imported for the first time ("new").
        """
        order_filter = order_filter or rules.OrderFilter()
        skipped = set(skip)
        rows = store.list_staged(self.shop, gids)
        chosen = [r for r in rows if order_filter.matches(r.header)
                  and r.shopify_id not in skipped]
        new: list[str] = []
        for done, row in enumerate(chosen, start=1):
            if await self._import_one(row.shopify_id, row.name,
                                      lambda gid=row.shopify_id: self.fetch(gid)):
                new.append(row.shopify_id)
            self.ctx.reporter.progress(done, len(chosen))
        return new

    async def _import_one(self, gid: str, name: str,
                          read: Callable[[], Awaitable[OrderRecord | None]]) -> bool:
        """Read (`read`) and save one staged order; True when it is new. A failure stays on
        its staging row and is reported once, under the order's name."""
        self.attempted.add(gid)
        try:
            record = await read()
            if record is None:
                store.delete_staged(self.shop, [gid])
                self.ctx.result.skipped += 1
                return False
            return await self.save(record)
        except (RecordError, UserErrors) as exc:
            self._staged_failure(gid, name, getattr(exc, "field", "") or "",
                                 getattr(exc, "reason", "") or str(exc), exc.code)
        except ShopifyError as exc:
            self._staged_failure(gid, name, "", str(exc), exc.code)
        return False

    def _staged_failure(self, gid: str, name: str, field_name: str, message: str,
                        code: str) -> None:
        store.set_staged_error(self.shop, gid, message)
        self.ctx.fail(name or gid, field_name, message, code=code)

    async def _record_of(self, node: dict[str, Any], side: str,
                         again: bool = False) -> OrderRecord:
        """The record of a node read by pull, its connections completed (`again`: the run
        read this order before)."""
        keep_returns = "returns" not in node
        await self._complete(node["id"], node)
        record = order_records.order_record(node, side, now=self._server_now())
        if again:
            record = replace(record, repairs=(*record.repairs, "Shopify sent this order twice "
                                              "in one run; the later copy was kept"))
        self._keep_returns[record.shopify_id] = keep_returns and "returns" not in node
        return record

    async def fetch(self, gid: str) -> OrderRecord | None:
        """One order with every page of every connection, None when Shopify has it no more."""
        data = await self.client.execute("OrderById", {"id": gid})
        node = data.get("order")
        if node is None:
            return None
        await self._complete(gid, node)
        return order_records.order_record(node, now=self._server_now())

    async def _complete(self, gid: str, node: dict[str, Any]) -> None:
        """Read the rest of every connection the node's query cut short.

        Refunds read without their lines (the bulk export) get them from the start: in full
        (`RefundReads`: transactions and refunded shipping too, kept for the document) when
        this run makes the order's document, else paged with RefundLineItemsPage. Returns not
        read with the order (the page) are read when a refund came with a return, else the
        stored ones stay (`save`).
        """
        # Malformed refunds and connections are left as they came: reading the order then
        # refuses it, naming the field (order_records), rather than failing here.
        refunds = [r for r in node.get("refunds") or [] if isinstance(r, dict) and r.get("id")
                   ] if isinstance(node.get("refunds"), list) else []
        if "returns" not in node and any(isinstance(r.get("return"), dict)
                                         and r["return"].get("id") for r in refunds):
            node["returns"] = {"nodes": [], "pageInfo": {"hasNextPage": True,
                                                         "endCursor": None}}
        for key, operation in (("lineItems", "OrderLineItemsPage"),
                               ("shippingLines", "OrderShippingLinesPage"),
                               ("returns", "OrderReturnsPage")):
            await self._rest_of(node, key, operation, {"id": gid}, ("order", key))
        in_full = bool(refunds) and self._document_follows(gid)
        for refund in refunds:
            if not _unread(refund.get("refundLineItems", _UNREAD)):
                self.refund_reads.forget(str(refund["id"]))  # read again with its order
            elif in_full and await self.refund_reads.read_lines(refund):
                continue  # read once, in full, for the order and its document (issue 21)
            refund.setdefault("refundLineItems", {"nodes": [], "pageInfo": {
                "hasNextPage": True, "endCursor": None}})
            await self._rest_of(refund, "refundLineItems", "RefundLineItemsPage",
                                {"id": refund["id"]}, ("node", "refundLineItems"))

    def _document_follows(self, gid: str) -> bool:
        """Whether this run makes the order's sales document after importing it (Auto
        Create Orders, not processed yet): its refunds are then read in full at once."""
        if not self.settings.auto_create_orders:
            return False
        row = store.find_order(self.shop, gid)
        return row is None or not row.processed

    async def _rest_of(self, parent: dict[str, Any], key: str, operation: str,
                       variables: dict[str, Any], path: tuple[str, ...]) -> None:
        """Complete the connection `parent[key]` in place when it announces more pages: all
        of it when none of it was read (no node, no cursor: the markers `_complete` sets),
        else its further pages (`complete_nodes`). A malformed one is left as it came."""
        connection = parent.get(key)
        if not isinstance(connection, dict):
            return
        info = connection.get("pageInfo")
        if not isinstance(info, dict) or not info.get("hasNextPage"):
            return
        if not info.get("endCursor") and not nodes_of(connection):
            nodes = await all_nodes(self.client, operation, variables, path, FOLLOW_UP_PAGE)
        else:
            nodes = await complete_nodes(self.client, connection, operation, variables, path,
                                         FOLLOW_UP_PAGE)
        parent[key] = {"nodes": nodes, "pageInfo": {"hasNextPage": False}}

    async def save(self, record: OrderRecord) -> bool:
        """Resolve the customer and items of an order and save it; True when it is new.

        An order whose customer or items cannot be resolved is still imported, with the
        reason as its error (Business Central's "mapping not OK"): the merchant fixes the
        cause and creates its document then. A processed order is compared with what it was
        when its document was made, and marked when they differ.
        """
        existing = store.find_order(self.shop, record.shopify_id)
        problems: list[Problem] = []
        notes: list[str] = list(record.repairs)
        b2b: dict[str, str] = {}
        sell, bill = await self.parties.sell_and_bill_to(record, existing, problems, notes, b2b)
        item_nos = self.parties.items(record, problems)
        message = "; ".join(p.message for p in problems)
        note = "; ".join(notes)
        keep_returns = self._keep_returns.pop(record.shopify_id, False)
        with transaction():
            row = store.save_order(self.shop, record, sell, bill, item_nos, note=note, b2b=b2b,
                                   keep_returns=keep_returns and existing is not None)
            if problems:
                store.set_order_error(self.shop, record.shopify_id, message)
                lifecycle.set_error_causes(self.shop, record.shopify_id, self.documents.causes(record))
            if row.processed:
                self._check_conflict(row, record)
        if note:
            log.info("order %s: %s", record.name, note)
        if problems:
            fields = ", ".join(dict.fromkeys(p.field for p in problems))
            self.ctx.fail(record.name or record.shopify_id, fields,
                          "; ".join(p.message for p in problems),
                          code=problem_code(p.field for p in problems))
        elif existing is None:
            self.ctx.result.count(LOCAL, CREATED)
        else:
            self.ctx.result.count(LOCAL, UPDATED)
        if not problems:
            self.ctx.result.record_change(record_changes.order_saved(row, existing))
        return existing is None

    def _check_conflict(self, row: store.OrderRow, record: OrderRecord) -> None:
        before = rules.Snapshot.from_json(row.snapshot)
        if before is None:
            return
        reasons = rules.detect_conflicts(before, record)
        if reasons and not row.conflict:
            log.warning("processed order %s changed in Shopify: %s", record.name,
                        ", ".join(reasons))
            # What changed, then what to do (issue 18: the window words both).
            message = conflict_message(reasons)
            store.set_conflict(self.shop, record.shopify_id, message)
            # Not hidden among the updated orders (issue 18): a conflict to resolve.
            self.ctx.result.conflicts += 1
            self.ctx.result.warn(record.name or record.shopify_id, "document", ORDER_CONFLICT,
                                 message)

    # --- step 3: sales documents ------------------------------------------------------------

    async def create_documents(self, gids: Iterable[str]) -> list[str]:
        """Create Sales Documents for these imported orders; returns the document nos."""
        nos = []
        made: list[str] = []
        doc_settings = rules.DocumentSettings.from_shop(self.settings)
        presentment = doc_settings.currency_handling == "presentment"
        for gid in gids:
            try:
                stored = await self._ensure_side(gid, presentment)
                no = await self.documents.create(gid, doc_settings, stored)
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason, code=exc.code)
                continue
            except ShopifyError as exc:
                self.ctx.fail(gid, "", str(exc), code=exc.code)
                continue
            if no is None:
                continue
            nos.append(no)
            made.append(gid)
        if self.settings.write_doc_no_to_shopify:
            # After every document is made: together, so that many go as one bulk write.
            await self.write_back.write(made)
        return nos

    async def _ensure_side(self, gid: str, presentment: bool) -> OrderRecord | None:
        """Re-read an unprocessed order whose import read only the other money side (the
        currency handling changed since): a document is never made of copied amounts.
        Returns the order as the store holds it when it was read and kept (its document is
        made of it), else None."""
        row = store.get_order(self.shop, gid)
        if row.processed:
            return None
        record = store.load_order_record(self.shop, gid)
        if not record.has_side(presentment):
            await self.resync(gid)
            return None
        return record

    async def decide_failed_again(self) -> int:
        """Decide again the failed orders whose causes changed (`OrderDocuments
        .decide_failed_again`); returns how many."""
        return await self.documents.decide_failed_again()

    async def write_back_pending(self) -> None:
        """Write the document nos. that have not reached Shopify yet (a kill or an error)."""
        if not self.settings.write_doc_no_to_shopify:
            return
        await self.write_back.write_waiting()

    async def close_processed(self) -> list[str]:
        """Close in Shopify (orderClose) the processed orders that are fulfilled, fully paid
        and invoiced by a posted invoice (`lifecycle.orders_to_close`); returns their ids.

        A closed order is marked so and never closed again; a failure is recorded under the
        order and the order is tried again at the next sync. Our close moves the order's
        `updatedAt`, so the next change check reads it once more (it comes back closed).
        """
        closed = []
        for gid in lifecycle.orders_to_close(self.shop):
            row = store.get_order(self.shop, gid)
            name = row.name or gid
            try:
                data = await self.client.execute("OrderClose", {"input": {"id": gid}})
                payload = data.get("orderClose")
                check_user_errors(payload, name)
                if not ((payload or {}).get("order") or {}).get("closed"):
                    raise OrderActionError("Shopify did not close the order", record=gid)
            except AppError as exc:
                self.ctx.fail(name, "closed", f"the order could not be closed in Shopify: "
                              f"{exc} (tried again at the next sync)", code="close_failed")
                continue
            lifecycle.mark_closed(self.shop, gid)
            log.info("order %s closed in Shopify (invoice posted, fulfilled, paid)", name)
            closed.append(gid)
        return closed

    # --- actions ----------------------------------------------------------------------------

    async def resync(self, gid: str) -> OrderRecord:
        """Sync order from Shopify: import this one order now (staged or not)."""
        record = await self.fetch(gid)
        if record is None:
            raise NotFoundError(f"Shopify has no order {gid}", record=gid)
        await self.save(record)
        return record

    async def unlink(self, gids: Sequence[str], *,
                     delete_document: bool) -> list[lifecycle.UnlinkResult]:
        """Unlink Processed Documents of these orders (`lifecycle.unlink_order`: unposted
        documents deleted with `delete_document`, else kept); local only, no Shopify call.
        Counted as updated orders."""
        done = [lifecycle.unlink_order(self.shop, gid, delete_document=delete_document)
                for gid in gids]
        self.ctx.result.count(LOCAL, UPDATED, len(done))
        for result in done:
            self.ctx.result.record_change(record_changes.order_change(
                result.shopify_id, store.get_order(self.shop, result.shopify_id).name, LOCAL,
                "update", {"document_no": (", ".join(result.unlinked) or None, None),
                           **({"deleted": (None, result.deleted)} if result.deleted else {})}))
        return done

    async def resolve_conflicts(self, gids: Sequence[str]) -> list[str]:
        """Mark Conflict Resolved: for each order with a conflict, the order as it is now
        becomes what its document is compared with. Local only; returns the orders resolved
        (counted as updated)."""
        resolved = []
        for gid in gids:
            if not store.get_order(self.shop, gid).conflict:
                continue
            record = store.load_order_record(self.shop, gid)
            store.set_snapshot(self.shop, gid, rules.snapshot_of(record).to_json())
            store.set_conflict(self.shop, gid, "")
            resolved.append(gid)
            self.ctx.result.record_change(record_changes.order_change(
                gid, record.name, LOCAL, "update", {"conflict": (True, False)}))
        self.ctx.result.count(LOCAL, UPDATED, len(resolved))
        return resolved

    async def exclude(self, gids: Sequence[str]) -> int:
        """Delete staged orders from the import ("delete to exclude"); returns how many."""
        removed = store.delete_staged(self.shop, list(gids))
        self.ctx.result.skipped += removed
        return removed

    async def mark_paid(self, gid: str) -> None:
        """Mark as Paid (orderMarkAsPaid), then re-import the order."""
        data = await self.client.execute("OrderMarkAsPaid", {"input": {"id": gid}})
        payload = data.get("orderMarkAsPaid")
        check_user_errors(payload, gid)
        order = (payload or {}).get("order") or {}
        if not order.get("fullyPaid"):
            raise OrderActionError("Shopify did not mark the order as paid", record=gid)
        await self.resync(gid)

    async def cancel(self, gid: str, *, reason: str = "OTHER", restock: bool = False,
                     refund: bool = False, notify: bool = False, staff_note: str = "") -> None:
        """Cancel Order (orderCancel). Shopify cancels asynchronously: the order is read
        again until it shows as cancelled, then re-imported."""
        variables: dict[str, Any] = {
            "orderId": gid, "reason": (reason or "OTHER").upper(), "restock": restock,
            "notifyCustomer": notify, "staffNote": staff_note or None,
        }
        if refund:
            variables["refundMethod"] = {"originalPaymentMethodsRefund": True}
        data = await self.client.execute("OrderCancel", variables)
        check_user_errors(data.get("orderCancel"), gid, key="orderCancelUserErrors")
        delay = 0.2
        for _ in range(CANCEL_POLLS):
            record = await self.resync(gid)
            if record.cancelled_at is not None:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
        raise OrderActionError("Shopify accepted the cancellation but the order is not "
                               "cancelled yet; sync it again later", record=gid)
