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
before. `OrderJob._check` says why nothing is missed, `OrderJob._write_back` how an edit by
someone else is not hidden by our write-back.

Then, with Auto Create Orders, sales documents for the newly imported orders; and the
document numbers not yet written back are written to Shopify. A document is created and
linked to its order in one transaction, so a kill leaves either both or neither; its number
is written back only after that commit (ALAppExtensions #26516 wrote it too early).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, StringValueNode, Visitor, parse, \
    print_ast, visit

from desktop_app.errors import (
    AppError,
    BulkOperationError,
    NotFoundError,
    RecordError,
    ShopifyError,
    UserErrors,
)
from desktop_app.records.orders import OrderHeader, OrderRecord
from desktop_app.shopify import operations, order_records, records as shopify_records
from desktop_app.shopify.bulk import run_bulk_query
from desktop_app.shopify.pagination import (
    MAX_PAGE_SIZE,
    all_nodes,
    complete_nodes,
    connection_at,
    nodes_of,
    paginate,
)
from desktop_app.shopify.records import format_datetime
from desktop_app.shopify.user_errors import check_user_errors
from desktop_app.store import companies as company_store
from desktop_app.store import order_lifecycle as lifecycle
from desktop_app.store import orders as store
from desktop_app.store import queries
from desktop_app.store.database import transaction
from desktop_app.sync import refunds as refund_sync
from desktop_app.sync.results import RecordIssue, SyncResult
from desktop_app.sync.rules import document_header
from desktop_app.sync.rules import orders as rules
from desktop_app.sync.rules.county import CountyRow
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import ShopifyAddressIn
from desktop_app.sync.rules.templates import TemplateRow
from desktop_app.validation import is_valid_email

log = logging.getLogger(__name__)

RESOURCE = "orders"
OVERLAP = dt.timedelta(seconds=60)
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
#: Text a store column cannot hold: lone UTF-16 surrogates and NUL.
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


class _Inline(Visitor):
    """Replace `$query` by a string literal (a bulk text takes no variables)."""

    def __init__(self, search: str) -> None:
        super().__init__()
        self.search = search

    def enter_variable(self, node: Any, *_: Any) -> StringValueNode:
        return StringValueNode(value=self.search)


def bulk_orders_operation(search: str) -> operations.Operation:
    """The BulkOrders text with `search` in place of its `$query` variable.

    The search is inserted as a GraphQL string value by graphql-core's printer (escaped),
    never pasted into the text.
    """
    document = visit(parse(operations.load_text("BulkOrders")), _Inline(search))
    definitions = tuple(
        OperationDefinitionNode(operation=d.operation, name=d.name, variable_definitions=(),
                                directives=d.directives, selection_set=d.selection_set)
        if isinstance(d, OperationDefinitionNode) else d
        for d in document.definitions)
    return operations.Operation.from_text(print_ast(DocumentNode(definitions=definitions)),
                                          "BulkOrders")


class OrderActionError(AppError):
    code = "order_action"


@dataclass(frozen=True)
class _Check:
    """What the light change check found (`OrderJob._check`).

    Attributes:
        server_time: Shopify's time of the check (None: its answer had no Date header).
        read_all: read the whole window (or the first run's open orders) in bulk.
        changed: otherwise, the orders to read: new, or changed since imported.
        seen: how many orders the window holds (for the log).
        newest: the newest updatedAt the check saw (the watermark without a Date header).
    """

    server_time: dt.datetime | None
    read_all: bool = False
    changed: list[str] = field(default_factory=list)
    seen: int = 0
    newest: dt.datetime | None = None


def _newest(*moments: dt.datetime | None) -> dt.datetime | None:
    """The latest of `moments` that are known."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _seen_orders(nodes: Iterable[Any]) -> tuple[list[rules.SeenOrder], list[RecordIssue]]:
    """The OrderChanges nodes as `SeenOrder`s, and an issue for each node without a usable
    order id (issue 9).

    An unreadable `updatedAt` is None (the order is then read in full, whose own parsing
    reports the problem). An order without a usable id cannot be asked for by id nor
    imported, so the check is where it is seen at all: its issue names it by its name, else
    by its `updatedAt`, else by its place in the check, with the field `id`.
    """
    seen = []
    unusable = []
    for position, node in enumerate(nodes, start=1):
        if not isinstance(node, dict):
            unusable.append(RecordIssue(f"(order {position} of the change check)", "id",
                                        f"Shopify sent {_shown(node)} where an order belongs"))
            continue
        problem = _id_problem(node.get("id"))
        if problem:
            unusable.append(RecordIssue(
                _label_without_id(node, position), "id",
                f"{problem}: the order cannot be read nor imported until Shopify gives it "
                "one"))
            continue
        seen.append(rules.SeenOrder(node["id"], _parsed_time(node.get("updatedAt")),
                                    bool(node.get("closed"))))
    return seen, unusable


def _id_problem(value: Any) -> str:
    """Why `value` is not an order GID with a number ("" when it is one): the rule every
    read of an order applies (`order_records.order_header`)."""
    if isinstance(value, str) and value.startswith(order_records.ORDER_GID) \
            and value.removeprefix(order_records.ORDER_GID):
        return ""
    if value is None or value == "":
        return "no id, though Shopify promises one"
    return f"{_shown(value)} is not a Shopify order id"


def _label_without_id(node: dict[str, Any], position: int) -> str:
    """What an issue calls an order of the change check that has no usable id: "order NAME"
    (as the order's other errors do), else the moment of its `updatedAt`, else its place in
    the check."""
    name = node.get("name")
    if isinstance(name, str) and _printable(name).strip():
        return f"order {_printable(name).strip()[:order_records.NAME_WIDTH]}"
    updated = _parsed_time(node.get("updatedAt"))
    if updated is not None:
        return f"(order without id or name, updated {updated:%Y-%m-%d %H:%M:%S} UTC)"
    return f"(order without id or name, {position} of the change check)"


def _printable(text: str) -> str:
    """`text` without what a store column cannot hold (NUL, lone surrogates)."""
    return _UNSTORABLE.sub("\ufffd", text)


def _shown(value: Any) -> str:
    """A value quoted for a message: repr (control characters escaped), at most 40 chars."""
    text = repr(value if not isinstance(value, str) else value[:60])
    return text if len(text) <= 40 else text[:37] + "..."


def _parsed_time(value: Any) -> dt.datetime | None:
    """Shopify's `DateTime`, None when missing or unreadable."""
    try:
        return order_records.parse_datetime(value)
    except (TypeError, ValueError):
        return None


def _same_moment(current: dt.datetime | None, imported: dt.datetime | None) -> bool:
    """Whether the order's `updatedAt` is still the one imported (unknown: no)."""
    return current is not None and imported is not None and current <= imported


def _ids_search(gids: Iterable[str]) -> str:
    """An orders search for exactly these orders: `id:1 OR id:2 ...` (Shopify's order search
    has an `id` field taking the numeric id; OR joins terms)."""
    return " OR ".join(f"id:{gid.rsplit('/', 1)[-1]}" for gid in gids)


@dataclass
class _CustomerContext:
    """What `CustomerImport` needs of a job context, with its counts kept apart so matching a
    customer does not show up as a customer created/updated in the orders run."""

    shop_code: str
    client: Any
    reporter: Any
    result: SyncResult = field(default_factory=lambda: SyncResult("customers"))
    issues: list[RecordIssue] = field(default_factory=list)

    def fail(self, record: str, field_name: str, message: str) -> None:
        self.issues.append(RecordIssue(record, field_name, message))


def _filter(shop: str) -> rules.OrderFilter:
    return rules.OrderFilter.from_json(queries.get_sync_state(shop, RESOURCE).data.get("filter"))


def set_order_filter(shop: str, order_filter: rules.OrderFilter) -> None:
    """Remember the filter "Sync Orders from Shopify" applies to staged orders."""
    state = queries.get_sync_state(shop, RESOURCE)
    data = dict(state.data)
    data["filter"] = order_filter.to_json()
    queries.set_sync_state(shop, RESOURCE, data=data)


async def sync_orders(ctx: Any) -> None:
    """The Orders sync of one shop: stage and import, create documents, write back."""
    job = OrderJob(ctx)
    order_filter = _filter(ctx.shop_code)
    await job.pull(order_filter)
    # Rows staged before (failures, orders the filter held back) that this run did not read.
    await job.import_staged(order_filter=order_filter, skip=job.attempted)
    # Failed orders whose causes changed (a setting, an item, a template...) since.
    await job.decide_failed_again()
    if job.settings["auto_create_orders"]:
        # Every order still waiting, not only this run's: a run killed after importing
        # must not leave its orders without documents.
        await job.create_documents(store.orders_waiting_for_document(ctx.shop_code))
    await job.write_back_pending()
    if job.settings.get("close_processed_orders"):
        await job.close_processed()


@dataclass(frozen=True)
class _Problem:
    """Why an order cannot become a document yet: the field at fault and the message."""

    field: str
    message: str


class OrderJob:
    """The orders sync and actions of one shop, on one client."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.shop = ctx.shop_code
        self.settings = queries.shop_settings(self.shop)
        self.client = ctx.client
        self._customer_import: Any = None
        self._templates: list[TemplateRow] | None = None
        self._keep_returns: dict[str, bool] = {}
        #: Refunds read in full for the document of an order refunded before it (issue 14),
        #: and what each planned document takes in of them (`refunds.document_absorption`).
        self._refund_details: dict[str, dict[str, Any]] = {}
        self._absorptions: dict[str, Any] = {}
        #: Orders this run has tried to import (read by pull, or from staging).
        self.attempted: set[str] = set()
        self._presentment = self.settings.get("currency_handling") == "presentment"
        #: `lifecycle.shop_causes` of this run (errors follow their causes), made once.
        self._shop_causes: str | None = None

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
        state = queries.get_sync_state(self.shop, RESOURCE)
        first_run = state.watermark is None
        if first_run:
            search = "status:open"
        else:
            search = f"updated_at:>='{format_datetime(state.watermark - OVERLAP)}'"
        check = await self._check(search, first_run)
        newest = _newest(state.watermark, check.newest)
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
            batches = self._page_batches(_ids_search(check.changed))
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
        watermark = check.server_time if check.server_time is not None else newest
        queries.set_sync_state(self.shop, RESOURCE, watermark=watermark)
        log.info("orders of shop %s: %s of %s seen staged (%s)", self.shop, staged,
                 check.seen, how)
        return staged

    async def _check(self, search: str, first_run: bool) -> _Check:
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
        server_time = getattr(self.client, "last_server_time", None)
        counted = data.get("ordersCount") or {}
        count = int(counted.get("count") or 0)
        connection = connection_at(data, ("orders",)) or {}
        nodes = nodes_of(connection)
        info = connection.get("pageInfo") or {}
        if first_run:
            return _Check(server_time, read_all=bool(nodes or count), seen=count)
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
        seen, unusable = _seen_orders(nodes)
        newest = _newest(*(o.updated_at for o in seen))
        if more and too_many:
            # The bulk export reads every order of the window, and refuses these itself.
            return _Check(server_time, read_all=True, seen=max(count, len(seen)), newest=newest)
        for issue in dict.fromkeys(unusable):  # once, if the check saw one twice
            self.ctx.fail(issue.record, issue.field, issue.message)
        imported = store.imported_updates(self.shop, [o.shopify_id for o in seen])
        return _Check(server_time, changed=rules.changed_orders(seen, imported),
                      seen=len(seen), newest=newest)

    def _server_now(self) -> dt.datetime | None:
        """What order dates are checked against ("in the future"): Shopify's clock at its
        last answer (`last_server_time`, from its Date header), which stamped them; None
        without one, and `order_records` then takes this machine's clock, which can be days
        off (its `FUTURE_TOLERANCE`)."""
        return getattr(self.client, "last_server_time", None)

    def _stage_nodes(self, nodes: list[dict[str, Any]], newest: dt.datetime | None
                     ) -> tuple[list[tuple[OrderHeader, dict[str, Any]]], dt.datetime | None]:
        """Stage what is new in `nodes`; returns (header, node) of each staged order and the
        newest `updatedAt` seen."""
        read = []
        for node in nodes:
            try:
                read.append((order_records.order_header(node, now=self._server_now()), node))
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason)
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
                    self.ctx.fail(exc.record, exc.field, exc.reason)
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
                                 getattr(exc, "reason", "") or str(exc))
        except ShopifyError as exc:
            self._staged_failure(gid, name, "", str(exc))
        return False

    def _staged_failure(self, gid: str, name: str, field_name: str, message: str) -> None:
        store.set_staged_error(self.shop, gid, message)
        self.ctx.fail(name or gid, field_name, message)

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

        Refunds read without their lines (the page, the bulk export) get them paged from the
        start; returns not read with the order (the page) are read when a refund came with a
        return, else the stored ones stay (`save`).
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
        for refund in refunds:
            refund.setdefault("refundLineItems", {"nodes": [], "pageInfo": {
                "hasNextPage": True, "endCursor": None}})
            await self._rest_of(refund, "refundLineItems", "RefundLineItemsPage",
                                {"id": refund["id"]}, ("node", "refundLineItems"))

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
        problems: list[_Problem] = []
        notes: list[str] = list(record.repairs)
        b2b: dict[str, str] = {}
        if record.is_b2b:
            sell, bill = await self._company_parties(record, existing, problems, b2b)
        else:
            sell, bill = await self._customer(record, existing, problems, notes)
        item_nos = self._items(record, problems)
        message = "; ".join(p.message for p in problems)
        note = "; ".join(notes)
        keep_returns = self._keep_returns.pop(record.shopify_id, False)
        with transaction():
            row = store.save_order(self.shop, record, sell, bill, item_nos, note=note, b2b=b2b,
                                   keep_returns=keep_returns and existing is not None)
            if problems:
                store.set_order_error(self.shop, record.shopify_id, message)
                lifecycle.set_error_causes(self.shop, record.shopify_id, self._causes(record))
            if row.processed:
                self._check_conflict(row, record)
        if note:
            log.info("order %s: %s", record.name, note)
        if problems:
            fields = ", ".join(dict.fromkeys(p.field for p in problems))
            self.ctx.fail(record.name or record.shopify_id, fields,
                          "; ".join(p.message for p in problems))
        elif existing is None:
            self.ctx.result.created += 1
        else:
            self.ctx.result.updated += 1
        return existing is None

    def _check_conflict(self, row: store.OrderRow, record: OrderRecord) -> None:
        before = rules.Snapshot.from_json(row.snapshot)
        if before is None:
            return
        reasons = rules.detect_conflicts(before, record)
        if reasons and not row.conflict:
            log.warning("processed order %s changed in Shopify: %s", record.name,
                        ", ".join(reasons))
            store.set_conflict(self.shop, record.shopify_id, rules.CONFLICT_MESSAGE)

    # --- customer and items ----------------------------------------------------------------

    def _template_rows(self) -> list[TemplateRow]:
        if self._templates is None:
            self._templates = [
                TemplateRow(t.country_code, t.default_customer_no, t.template_code, t.tax_area)
                for t in queries.list_shop_customer_templates(self.shop)]
        return self._templates

    async def _customer(self, record: OrderRecord, existing: store.OrderRow | None,
                        problems: list[_Problem], notes: list[str]) -> tuple[str, str]:
        """Sell-to and bill-to by seed 003's priority; a manual choice is kept. When mapping
        finds or creates no customer, the shop's default customer stands in (step 5), with
        a note saying why."""
        manual = None
        if existing is not None and existing.customer_manual:
            manual = (existing.sell_to_customer_no, existing.bill_to_customer_no)
        plan = rules.customer_plan(record, self._template_rows(), self.settings)
        mapped = None
        mapping_problems: list[str] = []
        if manual is None and plan.path == "map":
            if record.customer is not None:
                mapped = await self._mapped_customer(record.customer.shopify_id,
                                                     mapping_problems, notes)
            elif record.email or record.phone:
                mapped = self._guest_customer(record, mapping_problems, notes)
        choice = rules.finish_customer(plan, mapped, manual, mapping_problems)
        if choice.error:
            problems.append(_Problem("customer", choice.error))
        if choice.note:
            notes.append(choice.note)
        return choice.sell_to, choice.bill_to

    async def _company_parties(self, record: OrderRecord, existing: store.OrderRow | None,
                               problems: list[_Problem], b2b: dict[str, str]
                               ) -> tuple[str, str]:
        """A B2B order's Sell-to/Bill-to, ship-to and payment terms from its company and
        company location (issue 8, `sync.companies.b2b_order_parties`); a manual choice of
        customer is kept, the location's terms still apply."""
        from desktop_app.sync.companies import b2b_order_parties

        try:
            parties = await b2b_order_parties(self.ctx, record.company_gid,
                                              record.company_location_gid)
        except RecordError as exc:
            problems.append(_Problem("company", exc.reason))
            return "", ""
        b2b["payment_terms_code"] = parties.payment_terms_code
        b2b["ship_to_code"] = parties.ship_to_code or ""
        if existing is not None and existing.customer_manual:
            sell, bill = existing.sell_to_customer_no, existing.bill_to_customer_no
            return sell or bill, bill or sell
        if not parties.ok:
            problems.append(_Problem("company", parties.reason))
            return "", ""
        return parties.sell_to_no, parties.bill_to_no

    async def _mapped_customer(self, gid: str, problems: list[str],
                               notes: list[str]) -> str | None:
        """The local customer of a Shopify customer: its link, else match or create it with
        the customer sync's own rules (`CustomerImport.resolve_for_order`). Why none was
        found or made goes to `problems`; an e-mail of the customer that is not an address,
        left out of the local customer as for a guest, to the order's `notes`."""
        state = queries.staged_states(self.shop, [gid]).get(gid)
        if state is not None and state.customer_no:
            return state.customer_no
        data = await self.client.execute("CustomerById", {"id": gid})
        node = data.get("customer")
        if node is None:
            problems.append("Shopify no longer has the order's customer")
            return None
        addresses = (node.get("addressesV2") or {}).get("nodes")
        try:
            customer = shopify_records.customer_record(node, addresses)
        except RecordError as exc:
            problems.append(exc.reason)
            return None
        importer = self._customers()
        before = len(importer.ctx.issues)
        no = importer.resolve_for_order(customer)
        issues = importer.ctx.issues[before:]
        if no is None:
            problems.extend(i.message for i in issues)
        else:
            notes.extend(f"email: Shopify customer {i.record}: {i.message}" for i in issues
                         if i.field == "email")
        return no

    def _guest_customer(self, record: OrderRecord, problems: list[str],
                        notes: list[str]) -> str | None:
        """A guest order's customer, from its e-mail, phone and billing address. An e-mail
        that is not an address (checkout text, cut or broken) is left out: a customer made
        with it could never be written to, nor matched by, Shopify."""
        email = record.email
        if email and not is_valid_email(email):
            notes.append("email: the order's e-mail is not a valid address; the customer was "
                         "matched or made without it")
            email = ""
        importer = self._customers()
        before = len(importer.ctx.issues)
        no = importer.resolve_guest(email, record.phone, record.bill_to or record.ship_to)
        problems.extend(i.message for i in importer.ctx.issues[before:])
        return no

    def _customers(self) -> Any:
        """The customer sync's matcher, made once per run (its index of local customers)."""
        if self._customer_import is None:
            from desktop_app.sync.customers import CustomerImport

            cctx = _CustomerContext(self.shop, self.client, self.ctx.reporter)
            self._customer_import = CustomerImport(cctx, self.settings, only_staged=False)
        return self._customer_import

    def _items(self, record: OrderRecord, problems: list[_Problem]) -> dict[str, str]:
        skus = [ln.sku for ln in record.lines if ln.sku]
        found = store.items_by_sku(skus)
        no_item_account = self.settings.get("no_item_account")
        for line in rules.missing_skus(record, found):
            if no_item_account and (len(line.sku) > store.SKU_WIDTH
                                    or not self.settings["auto_create_items"]):
                continue  # the line goes to the shop's account for lines without an item
            if len(line.sku) > store.SKU_WIDTH:
                problems.append(_Problem("sku", f"the SKU of line '{line.title[:40]}' has "
                                         f"{len(line.sku)} characters, more than an item's "
                                         f"SKU holds ({store.SKU_WIDTH}): shorten it in "
                                         "Shopify"))
            elif self.settings["auto_create_items"]:
                found[line.sku] = store.create_item_for_sku(
                    line.sku, line.title, line.unit_price.shop, record.currency)
                log.info("item %s created for an unknown SKU of order %s", found[line.sku],
                         record.name)
            else:
                problems.append(_Problem("sku", f"unknown SKU '{line.sku}' (line "
                                         f"'{line.title}'): create the item or turn on auto "
                                         "create items"))
        return found

    # --- step 3: sales documents ------------------------------------------------------------

    async def create_documents(self, gids: Iterable[str]) -> list[str]:
        """Create Sales Documents for these imported orders; returns the document nos."""
        nos = []
        doc_settings = rules.DocumentSettings.from_shop(self.settings)
        presentment = doc_settings.currency_handling == "presentment"
        for gid in gids:
            try:
                await self._ensure_side(gid, presentment)
                customer_problems = await self._decide_customer_again(gid)
                self._refund_details[gid] = await refund_sync.details_for_document(
                    self.ctx, self.settings, gid)
                no = self._create_document(gid, doc_settings, customer_problems)
            except RecordError as exc:
                self.ctx.fail(exc.record, exc.field, exc.reason)
                continue
            except ShopifyError as exc:
                self.ctx.fail(gid, "", str(exc))
                continue
            if no is None:
                continue
            nos.append(no)
            if self.settings["write_doc_no_to_shopify"]:
                await self._write_back(gid)
        return nos

    async def _ensure_side(self, gid: str, presentment: bool) -> None:
        """Re-read an unprocessed order whose import read only the other money side (the
        currency handling changed since): a document is never made of copied amounts."""
        row = store.get_order(self.shop, gid)
        if not row.processed and \
                not store.load_order_record(self.shop, gid).has_side(presentment):
            await self.resync(gid)

    async def _decide_customer_again(self, gid: str) -> list[_Problem] | None:
        """Decide again the customer of an unprocessed order that has none (errors follow
        their causes: a default customer, a template or a setting may have been set since);
        returns why there is still none ([] when found), None when nothing was decided."""
        row = store.get_order(self.shop, gid)
        if row.processed or row.sell_to_customer_no or row.cancelled:
            return None
        record = store.load_order_record(self.shop, gid)
        problems: list[_Problem] = []
        notes: list[str] = []
        b2b: dict[str, str] = {}
        if record.is_b2b:
            sell, bill = await self._company_parties(record, row, problems, b2b)
        else:
            sell, bill = await self._customer(record, row, problems, notes)
        with transaction():
            if sell or bill:
                store.set_customer(self.shop, gid, sell, bill)
            lifecycle.set_decision(self.shop, gid, note="; ".join(notes), b2b=b2b)
        return problems

    def _causes(self, record: OrderRecord) -> str:
        """The fingerprint of what the order's error depends on (`lifecycle.error_causes`)."""
        return self._causes_of([ln.sku for ln in record.lines],
                               [s.title for s in record.shipping_lines if not s.is_removed])

    def _causes_of(self, skus: Iterable[str], titles: Iterable[str]) -> str:
        if self._shop_causes is None:  # settings and templates stay as they are for a run
            self._shop_causes = lifecycle.shop_causes(self.shop, self.settings)
        return lifecycle.error_causes(self.shop, self._shop_causes, skus, titles)

    def _document_problems(self, row: store.OrderRow, record: OrderRecord,
                           doc_settings: rules.DocumentSettings,
                           customer_problems: list[_Problem] | None
                           ) -> tuple[list[_Problem], rules.DocumentPlan]:
        """Everything that keeps an order from its document now, decided anew each time
        (a document kept at an unlink, items, customer, the plan's own problems), and the
        plan."""
        problems: list[_Problem] = []
        kept = lifecycle.kept_documents(self.shop, row.shopify_id)
        if kept:
            problems.append(_Problem("document", lifecycle.kept_error(kept)))
        items = self._items(record, problems)
        if not row.sell_to_customer_no:
            problems.extend(customer_problems or [_Problem(
                "customer", row.error_message or "the order has no customer: assign one")])
        titles = [s.title for s in record.shipping_lines if not s.is_removed]
        mappings = {t: rules.ShippingMapping(m.title, m.shipment_method_code, m.charge_type,
                                             m.charge_no)
                    for t, m in store.shipment_mappings(self.shop, titles).items()}
        plan = rules.build_document(record, doc_settings, items, mappings)
        plan, self._absorptions[record.shopify_id] = refund_sync.document_absorption(
            record, plan, self.settings, self._refund_details.get(record.shopify_id, {}))
        problems.extend(_Problem(p.field, p.message) for p in plan.problems)
        return list(dict.fromkeys(problems)), plan

    def _set_problems(self, gid: str, record: OrderRecord,
                      problems: list[_Problem]) -> tuple[str, str]:
        """Store the order's error ("" clears it) with the fingerprint of its causes;
        returns the fields and the message."""
        message = "; ".join(dict.fromkeys(p.message for p in problems))
        with transaction():
            store.set_order_error(self.shop, gid, message)
            if problems:
                lifecycle.set_error_causes(self.shop, gid, self._causes(record))
        return ", ".join(dict.fromkeys(p.field for p in problems)), message

    async def decide_failed_again(self) -> int:
        """Decide again each failed order whose causes changed since its error was decided
        (settings, templates, default customers, items, shipping mappings, a kept
        document): the error goes when its cause went, without a resync by hand. Returns
        how many were decided again; those still failing are reported."""
        doc_settings = rules.DocumentSettings.from_shop(self.settings)
        decided = 0
        for failed in lifecycle.failed_orders(self.shop):
            gid = failed.shopify_id
            if failed.error_causes and failed.error_causes == self._causes_of(
                    failed.skus, failed.shipping_titles):
                continue  # nothing it depends on changed: the same error again
            record = store.load_order_record(self.shop, gid)
            decided += 1
            try:
                customer_problems = await self._decide_customer_again(gid)
            except (RecordError, ShopifyError) as exc:
                self.ctx.fail(record.name or gid, getattr(exc, "field", "") or "customer",
                              getattr(exc, "reason", "") or str(exc))
                continue
            row = store.get_order(self.shop, gid)
            problems, _plan = self._document_problems(row, record, doc_settings,
                                                      customer_problems)
            if self._skip_fully_refunded(gid, record, _plan, problems):
                continue  # failed as "nothing left to invoice" before issue 14
            fields, message = self._set_problems(gid, record, problems)
            if problems:
                self.ctx.fail(record.name or gid, fields, message)
            else:
                self.ctx.result.updated += 1
                log.info("order %s: its error is gone (decided again)", record.name)
        return decided

    def _create_document(self, gid: str, doc_settings: rules.DocumentSettings,
                         customer_problems: list[_Problem] | None = None) -> str | None:
        row = store.get_order(self.shop, gid)
        if row.processed:
            self.ctx.result.skipped += 1
            return None
        record = store.load_order_record(self.shop, gid)
        name = record.name or gid
        problems, plan = self._document_problems(row, record, doc_settings, customer_problems)
        if self._skip_fully_refunded(gid, record, plan, problems):
            return None
        if problems:
            fields, message = self._set_problems(gid, record, problems)
            raise RecordError(name, fields, message)
        assert plan.document_date is not None
        terms = document_header.document_terms(
            row.payment_terms_code, plan.document_date,
            [document_header.TermsTemplate(t.payment_terms_code, t.terms_type, t.due_in_days,
                                           t.name)
             for t in company_store.payment_terms_rows(self.shop)])
        ship_to = self._document_ship_to(row, record)
        try:
            with transaction():
                no = store.create_document(
                    shop=self.shop, doc_type=plan.type, order_gid=gid,
                    sell_to=row.sell_to_customer_no, bill_to=row.bill_to_customer_no,
                    document_date=plan.document_date, currency=plan.currency,
                    prices_including_tax=plan.prices_including_tax,
                    lines=[store.NewLine(ln.type, ln.no, ln.description, ln.quantity,
                                         ln.unit_price, ln.line_discount, ln.amount,
                                         ln.tax_amount, ln.shopify_line_gid)
                           for ln in plan.lines],
                    amount=plan.amount, tax_amount=plan.tax_amount, total=plan.total,
                    release=bool(self.settings["auto_release_orders"]),
                    external_document_no=plan.external_document_no,
                    shipment_method=plan.shipment_method,
                    payment_terms_code=terms.payment_terms_code, due_date=terms.due_date,
                    ship_to={key: getattr(ship_to, key) for key in store.SHIP_TO_KEYS})
                store.link_document(self.shop, gid, plan.type, no,
                                    {**rules.snapshot_of(record).to_json(),
                                     "absorbed_refunds": list(self._absorptions[gid].absorbed)})
        except AppError as exc:
            # Nothing of the document is left: the transaction rolled it back.
            store.set_order_error(self.shop, gid, str(exc))
            raise RecordError(name, "", str(exc)) from exc
        log.info("sales %s %s created for order %s", plan.type, no, record.name)
        self.ctx.result.created += 1
        return no

    def _skip_fully_refunded(self, gid: str, record: OrderRecord, plan: rules.DocumentPlan,
                             problems: list[_Problem]) -> bool:
        """An order refunded in full before its document gets none: skipped with a note
        and a warning once, then no longer waiting (not a failure at every sync)."""
        absorption = self._absorptions.get(gid)
        if absorption is None or not refund_sync.fully_refunded(plan, absorption) \
                or any(p.field != "lines" for p in problems):
            return False
        note = ("refunded (or cancelled) in full before its document was made: no document, "
                "nothing is left to invoice")
        store.set_fully_refunded(self.shop, gid, absorption.absorbed, note)
        self.ctx.result.warn(record.name or gid, "refunds", refund_sync.FULLY_REFUNDED,
                             f"order {record.name or gid} was {note}")
        self.ctx.result.skipped += 1
        return True

    def _document_ship_to(self, row: store.OrderRow,
                          record: OrderRecord) -> document_header.ShipTo:
        """Where a document's goods go: the order's shipping address (as local fields), with
        its B2B location's ship-to code; an order without one takes the local address that
        location stands for (its ship-to, else the customer's own)."""
        address = record.ship_to
        shipping = None if address is None else ShopifyAddressIn(
            first_name=address.first_name, last_name=address.last_name,
            company=address.company, address1=address.address1, address2=address.address2,
            city=address.city, province=address.province, province_code=address.province_code,
            zip=address.zip, country_code=address.country_code, phone=address.phone)
        fallback = None
        if record.company_gid and row.sell_to_customer_no:
            fallback = self._local_ship_to(row.sell_to_customer_no, row.ship_to_code)
        shop_row = queries.get_shop(self.shop)
        ship_to, cut_fields = document_header.ship_to_and_cuts(
            row.ship_to_code, shipping,
            NameSources(self.settings["name_source"], self.settings["name_2_source"],
                        self.settings["contact_source"]),
            self.settings["county_source"],
            [CountyRow(t.country_code, t.county_code, t.county_name)
             for t in queries.list_tax_areas(self.shop)],
            (getattr(shop_row, "country", "") or "").upper(), fallback)
        for name in cut_fields:  # never cut without a word (issue 15)
            self.ctx.result.warn(record.name or row.shopify_id, f"ship_to_{name}", "field_cut",
                                 f"the shipping address's {name} is longer than the "
                                 "document's field and was cut")
        return ship_to

    @staticmethod
    def _local_ship_to(no: str, code: str) -> document_header.ShipTo | None:
        """Ship-to address `code` of customer `no` ("" its own address); None when gone."""
        if code:
            found = next((s for s in company_store.ship_to_addresses(no) if s.code == code),
                         None)
        else:
            try:
                found = queries.get_customer(no)
            except NotFoundError:
                found = None
        if found is None:
            return None
        return document_header.ShipTo(
            code=code, name=found.name, name_2=found.name_2, contact=found.contact,
            address=found.address, address_2=found.address_2, city=found.city,
            post_code=found.post_code, county=found.county, country=found.country,
            phone=found.phone)

    async def write_back_pending(self) -> None:
        """Write the document nos. that have not reached Shopify yet (a kill or an error)."""
        if not self.settings["write_doc_no_to_shopify"]:
            return
        for gid in store.orders_waiting_for_write_back(self.shop):
            await self._write_back(gid)

    async def _write_back(self, gid: str) -> None:
        """Write the order's document no. into its custom attributes.

        Our own write moves the order's `updatedAt`; remembering the new value as imported
        keeps the next change check from reading the order again for it. But an edit by
        someone else between our import and this write would then hide behind ours, so the
        new value is remembered only when the order still had the imported `updatedAt`
        right before the write (read with its attributes); otherwise the next run reads it.
        What remains is the one round trip between that read and the write (Shopify has no
        conditional update), the same window in which orderUpdate's whole-list replacement
        would also lose a concurrent attribute edit.
        """
        row = store.get_order(self.shop, gid)
        if not row.document_no:
            return
        try:
            data = await self.client.execute("OrderCustomAttributes", {"id": gid})
            node = data.get("order")
            if node is None:
                raise OrderActionError("Shopify no longer has this order")
            untouched = _same_moment(_parsed_time(node.get("updatedAt")),
                                     row.updated_at)
            current = [(a.get("key") or "", a.get("value") or "")
                       for a in node.get("customAttributes") or []]
            merged = rules.merged_attributes(current, rules.DOC_NO_ATTRIBUTE, row.document_no)
            data = await self.client.execute("OrderUpdateAttributes", {
                "input": {"id": gid, "customAttributes": merged}})
            payload = data.get("orderUpdate")
            check_user_errors(payload, row.name or gid)
        except AppError as exc:
            self.ctx.fail(gid, "customAttributes",
                          f"document {row.document_no} could not be written to Shopify: {exc} "
                          "(retried on the next sync)")
            return
        updated = _parsed_time(((payload or {}).get("order") or {}).get("updatedAt"))
        store.mark_doc_no_written(self.shop, gid, updated if untouched else None)

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
                              f"{exc} (tried again at the next sync)")
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
        self.ctx.result.updated += len(done)
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
        self.ctx.result.updated += len(resolved)
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



#: The history's resource of order actions (they change data, so they are recorded runs;
#: apart from "orders" so that a sync's "still failing" compares with syncs only).
ACTIONS_RESOURCE = "order-actions"


async def run_action(service: Any, shop: str, action: Any, what: str = "") -> SyncResult:
    """Run one order action (`action(job)` coroutine) for a shop outside a sync: under the
    shop's sync lock, on the shop's client, counting results like a sync run does, and
    recorded in the history as a run of ACTIONS_RESOURCE whose message names the action
    (`what`, e.g. "create-documents")."""
    from desktop_app.sync.service import JobContext, NullReporter

    async with service._shop_lock(shop, f"orders {what}".strip()):
        client = await service.client_for(shop)
        result = SyncResult(RESOURCE)
        before = client.stats.as_dict()
        run_id = queries.start_run(shop, ACTIONS_RESOURCE)
        ctx = JobContext(shop, client, result, NullReporter(), run_id)
        status, message = "failed", what
        try:
            await action(OrderJob(ctx))
            status = "partial" if result.failed else "ok"
        except asyncio.CancelledError:
            status = "cancelled"
            raise
        except AppError as exc:
            message = f"{what}: {exc}" if what else str(exc)
            raise
        except Exception as exc:
            message = f"{what}: unexpected error ({type(exc).__name__}); see the log file"
            raise
        finally:
            after = client.stats.as_dict()
            result.api_cost = after["points_actual"] - before["points_actual"]
            result.requests = int(after["attempts"] - before["attempts"])
            queries.finish_run(run_id, status, result, message=message)
        return result
