"""Bulk exports: `bulkOperationRunQuery`, polling, and the streamed JSONL result.

The bulk query text (a document in `queries/`, e.g. BulkCustomers) is passed as the `query`
String argument of the BulkOperationRunQuery mutation: that is how Shopify's API takes it.
With `groupObjects: true` Shopify writes each child line (`"__parentId"`) right after its
parent, so records are joined in one pass and yielded as soon as the next parent starts; memory
stays bounded by one record, not the file.

The result URL is a pre-signed storage URL: it is downloaded without the access token.

Starting an export is not idempotent (a repeat could start a second one), so the client does
not retry bulkOperationRunQuery when its answer is lost (a 5xx, a dropped connection). Instead
`run_bulk_query` asks Shopify which query exports are still unfinished: one with the same
query text is the one the lost request started, and is adopted; if there is none, the start
is tried once more.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx

from desktop_app.errors import BulkOperationError, NetworkError, OutcomeUnknownError
from desktop_app.shopify import operations
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.retry import wait_scale
from desktop_app.shopify.user_errors import user_error_items

if TYPE_CHECKING:
    from desktop_app.shopify.client import ShopifyClient

log = logging.getLogger(__name__)

CHILDREN_KEY = "__children"
PARENT_KEY = "__parentId"
TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELED", "EXPIRED"})

_ERROR_CODES = {
    "ACCESS_DENIED": "the app lacks an access scope the export needs",
    "TIMEOUT": "Shopify stopped it at its time limit; narrow the export and try again",
    "INTERNAL_SERVER_ERROR": "Shopify failed internally; try again later",
}


async def run_bulk_query(
    client: ShopifyClient,
    query_text_operation: Operation | str,
    *,
    poll_interval: float = 1.0,
    max_poll_interval: float = 15.0,
    timeout: float = 6 * 3600.0,
) -> AsyncIterator[dict[str, Any]]:
    """Run a bulk export and yield its top-level records, children under "__children".

    Args:
        client: the shop's client (its sleep and clock drive the polling).
        query_text_operation: the bulk query document (an Operation or its name).
        poll_interval: first wait between status polls, in seconds; it grows by half each
            poll up to `max_poll_interval`.
        timeout: give up (BulkOperationError) after this many seconds of polling.

    Raises:
        BulkOperationError: refused (userErrors, e.g. OPERATION_IN_PROGRESS), FAILED,
            CANCELED, EXPIRED, timed out, or a broken result file.
    """
    bulk_query = (
        operations.load(query_text_operation)
        if isinstance(query_text_operation, str)
        else query_text_operation
    )
    if bulk_query.is_mutation:
        raise ValueError("run_bulk_query takes a query document")
    operation_id = await _start(client, bulk_query)
    status = await wait_until_done(client, operation_id, poll_interval, max_poll_interval, timeout)
    url = status.get("url")
    if not url:
        log.info("Bulk export %s finished with no records", bulk_query.name)
        return
    expected = _as_int(status.get("objectCount"))
    async for record in download_records(client, url, expected):
        yield record


#: Unfinished query exports (Shopify's search syntax on `bulkOperations(query:)`).
UNFINISHED_FILTER = "operation_type:query AND (status:created OR status:running)"


async def _start(client: ShopifyClient, bulk_query: Operation) -> str:
    """Start the export and return its id; after a lost answer, adopt it or start once more."""
    return await start_or_adopt(
        client, bulk_query.name, bulk_query.text, lambda: _run_mutation(client, bulk_query)
    )


async def start_or_adopt(
    client: ShopifyClient,
    name: str,
    text: str,
    start: Callable[[], Awaitable[str]],
    operation_type: str = "query",
) -> str:
    """`start()` the bulk operation and return its id; when the answer is lost, adopt the
    unfinished operation of the same text (`operation_type` "query" or "mutation") the lost
    request started, or, if there is none, `start()` once more."""
    try:
        return await start()
    except OutcomeUnknownError as exc:
        log.warning(
            "The answer to starting bulk operation %s was lost (%s); looking for it in the shop",
            name, exc,
        )
    adopted = await find_unfinished(client, text, operation_type)
    if adopted is not None:
        log.info("Bulk operation %s adopted (%s): the lost request had started it",
                 name, adopted)
        return adopted
    log.info("Bulk operation %s was not started by the lost request; starting it again", name)
    return await start()


async def find_unfinished(
    client: ShopifyClient, query_text: str, operation_type: str = "query"
) -> str | None:
    """The id of the newest unfinished bulk operation of `operation_type` ("query" or
    "mutation") whose query (a mutation's: its mutation text) is `query_text`, or None."""
    search = UNFINISHED_FILTER.replace("operation_type:query", f"operation_type:{operation_type}")
    data = await client.execute("BulkOperationsRunning", {"query": search})
    nodes = ((data.get("bulkOperations") or {}).get("nodes")) or []
    for node in nodes:
        if node.get("query") == query_text and node.get("id"):
            return str(node["id"])
    return None


async def _run_mutation(client: ShopifyClient, bulk_query: Operation) -> str:
    """bulkOperationRunQuery once; the new operation's id."""
    data = await client.execute(
        "BulkOperationRunQuery", {"query": bulk_query.text, "groupObjects": True}
    )
    payload = data.get("bulkOperationRunQuery") or {}
    items = user_error_items(payload)
    if items:
        if any(item.code == "OPERATION_IN_PROGRESS" for item in items):
            raise BulkOperationError(
                "Shopify is already running a bulk export for this app and shop. Wait for it "
                "to finish, then try again.",
                codes=[item.code for item in items],
            )
        raise BulkOperationError(
            f"Shopify refused the bulk export {bulk_query.name}: "
            + "; ".join(item.message for item in items),
            codes=[item.code for item in items],
        )
    operation = payload.get("bulkOperation") or {}
    operation_id = operation.get("id")
    if not operation_id:
        raise BulkOperationError("Shopify started no bulk operation.")
    log.info("Bulk export %s started (%s)", bulk_query.name, operation_id)
    return str(operation_id)


async def wait_until_done(
    client: ShopifyClient,
    operation_id: str,
    poll_interval: float,
    max_poll_interval: float,
    timeout: float,
    noun: str = "bulk export",
) -> dict[str, Any]:
    """Poll until the operation ends; return its final status if COMPLETED (`noun` names
    the operation in the errors: "bulk export", "bulk write")."""
    started = client.clock()
    interval = poll_interval * wait_scale()  # 1 but in tests (retry.TEST_WAIT_SCALE_ENV)
    while True:
        data = await client.execute("BulkOperationStatus", {"id": operation_id})
        status = data.get("bulkOperation")
        if status is None:
            raise BulkOperationError("Shopify does not know the bulk operation any more.")
        state = status.get("status")
        if state == "COMPLETED":
            log.info(
                "Bulk operation %s completed: %s objects, %s bytes",
                operation_id,
                status.get("objectCount"),
                status.get("fileSize"),
            )
            return status
        if state in TERMINAL:
            raise _terminal_error(state, status.get("errorCode"), noun)
        if client.clock() - started + interval > timeout:
            raise BulkOperationError(
                f"The {noun} did not finish within {timeout:.0f} s (still {state})."
            )
        await client.sleep(interval)
        interval = min(max_poll_interval, interval * 1.5)


def _terminal_error(state: str, error_code: str | None, noun: str) -> BulkOperationError:
    if state == "FAILED":
        reason = _ERROR_CODES.get(error_code or "", f"error {error_code or 'unknown'}")
        return BulkOperationError(f"The {noun} failed: {reason}.", error_code=error_code)
    if state == "CANCELED":
        return BulkOperationError(f"The {noun} was canceled.")
    return BulkOperationError(
        f"The {noun}'s result expired (Shopify keeps it for 7 days); run it again."
    )


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


async def download_records(
    client: ShopifyClient, url: str, expected_objects: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Stream the JSONL result at `url` (no credentials sent) and yield joined records."""
    parsed = httpx.URL(url)
    loopback_shop = client.address.is_loopback
    if parsed.scheme != "https" and not (loopback_shop and parsed.scheme == "http"):
        raise BulkOperationError("The bulk result address is not https; it was not downloaded.")
    try:
        # A plain request on the shop's client: the access token is only ever added per
        # GraphQL request, so none goes to the storage URL.
        async with client.http.stream("GET", url) as response:
            if response.status_code != 200:
                raise BulkOperationError(
                    f"The bulk result could not be downloaded (HTTP {response.status_code})."
                )
            async for record in join_records(_json_lines(response), expected_objects):
                yield record
    except httpx.HTTPError as exc:
        raise NetworkError(
            f"The bulk result download broke off ({type(exc).__name__})."
        ) from None


async def _json_lines(response: httpx.Response) -> AsyncIterator[str]:
    """The lines of a JSONL body, split at "\\n" only.

    httpx's `aiter_lines()` also splits at U+2028, U+0085 and other Unicode line breaks,
    which JSON allows unescaped inside strings: a customer note holding one would cut its
    line in two and fail the whole import.
    """
    pending = ""
    async for chunk in response.aiter_text():
        pending += chunk
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line.removesuffix("\r")
    if pending:
        yield pending.removesuffix("\r")


#: Lines parsed per trip to a worker thread. Parsing a bulk result's JSON on the event loop
#: stalled the window 59-79 ms during a 100,000-customer sync (issue 21); a batch keeps the
#: trips few while the records of one batch are still handled between two network reads.
PARSE_BATCH = 128


async def _parsed(lines: AsyncIterator[str]) -> AsyncIterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line, parsed off the event loop."""
    batch: list[str] = []
    first = 1
    async for line in lines:
        batch.append(line)
        if len(batch) >= PARSE_BATCH:
            for item in await asyncio.to_thread(_parse_batch, batch, first):
                yield item
            first += len(batch)
            batch = []
    if batch:
        for item in await asyncio.to_thread(_parse_batch, batch, first):
            yield item


def _parse_batch(batch: list[str], first: int) -> list[tuple[int, Any]]:
    """Parse JSON lines numbered from `first` (run in a worker thread).

    Raises:
        BulkOperationError: a line that is not valid JSON, naming its number.
    """
    parsed = []
    for number, line in enumerate(batch, start=first):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line)))
        except ValueError:
            raise BulkOperationError(
                f"Line {number} of the bulk result is not valid JSON (cut short?)."
            ) from None
    return parsed


async def join_records(
    lines: AsyncIterator[str], expected_objects: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Join JSONL lines into records: each top-level object with its descendants.

    Children (lines with "__parentId") are appended to their parent's "__children" list; the
    parent is yielded when the next top-level line arrives or at the end. Every top-level
    record has a "__children" list (maybe empty).

    Raises:
        BulkOperationError: a line that is not a JSON object (naming its number), a child
            whose parent is not in the current record (already yielded or missing), or fewer
            objects than Shopify counted.
    """
    current: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = {}
    objects = 0
    async for line_number, obj in _parsed(lines):
        if not isinstance(obj, dict):
            raise BulkOperationError(f"Line {line_number} of the bulk result is not an object.")
        objects += 1
        parent_id = obj.get(PARENT_KEY)
        if parent_id is None:
            if current is not None:
                yield current
            obj[CHILDREN_KEY] = []
            current = obj
            by_id = {}
        else:
            parent = by_id.get(parent_id)
            if parent is None:
                raise BulkOperationError(
                    f"Line {line_number} of the bulk result belongs to {parent_id}, which is "
                    "not the record being read: the result is out of order or incomplete."
                )
            parent.setdefault(CHILDREN_KEY, []).append(obj)
        object_id = obj.get("id")
        if isinstance(object_id, str):
            by_id[object_id] = obj
    if expected_objects is not None and objects < expected_objects:
        raise BulkOperationError(
            f"The bulk result ended after {objects} of {expected_objects} objects (cut short)."
        )
    if current is not None:
        yield current
