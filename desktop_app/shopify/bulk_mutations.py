"""Bulk writes: one GraphQL mutation run by Shopify once per line of an uploaded JSONL file.

Shopify's answer to mass writes (issue 21): instead of one mutation at 10 points per record,
1. `stagedUploadsCreate` (resource BULK_MUTATION_VARIABLES) hands out an upload target (a
   URL and signed form parameters, among them the `key`);
2. the JSONL file, one line of the mutation's variables per record, is POSTed there as a
   form (the parameters first, the file last), without the access token;
3. `bulkOperationRunMutation(mutation, stagedUploadPath: key)` starts the operation;
4. it is polled until done (`bulk.wait_until_done`, shared with the bulk exports);
5. the result JSONL is read back (`bulk.download_records`): one line per input line,
   `{"data": {...}, "__lineNumber": N}` (or `"errors"`), in no promised order, so each is
   matched to its record by `__lineNumber` (0-based); a line's `userErrors` become that
   record's errors, and a line missing from the result is a failure too (nothing is lost).
A batch costs a fixed handful of points (two mutations and the polls), whatever its size.

**Adoption.** Starting is not idempotent. The mutation text sent carries a first comment line
with the digest of the batch (mutation and every line of variables), and Shopify keeps the
text as the operation's `query`. So before uploading, an unfinished operation of that exact
text is looked for: one that a killed run started for the same batch is adopted (waited for
and its results read, their line numbers valid since the lines are the same) instead of
writing the batch twice; and a lost answer to the start is settled the same way
(`bulk.start_or_adopt`). A different batch never matches. A caller that must also find a
FINISHED operation of its batch after a crash records its `batch_mark` (and the id
`on_started` gives) before it starts: `find_batch` finds it whatever its status, and
`adopt_results` reads its results back.

Every wait is bounded: each request by the client's deadlines, the upload by
`UPLOAD_DEADLINE`, the polling by `timeout`.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from graphql import FieldNode, OperationDefinitionNode

from desktop_app.errors import BulkOperationError, NetworkError, UserErrorItem
from desktop_app.shopify import operations
from desktop_app.shopify.bulk import (
    download_records,
    find_unfinished,
    start_or_adopt,
    wait_until_done,
)
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.user_errors import check_user_errors, user_error_items

if TYPE_CHECKING:
    from desktop_app.shopify.client import ShopifyClient

log = logging.getLogger(__name__)

LINE_NUMBER_KEY = "__lineNumber"
#: The most bytes of variables one operation takes. Shopify takes up to 100 MB (20 MB before
#: 2026-01); smaller files keep each operation short and a failed one cheap to repeat.
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
#: The longest the upload of one file may take.
UPLOAD_DEADLINE = 300.0
BATCH_MARK = "# shop-sync bulk batch "
NOUN = "bulk write"


@dataclass(frozen=True)
class LineResult:
    """What Shopify did with one input line.

    Attributes:
        index: the line's position in the input (Shopify's `__lineNumber`).
        payload: the mutation's result object (e.g. `data["orderUpdate"]`), None if absent.
        user_errors: the payload's `userErrors`.
        error: a failure that is not a userError (a GraphQL error of that line, or no result
            for it at all), as text; "" when none.
    """

    index: int
    payload: dict[str, Any] | None
    user_errors: tuple[UserErrorItem, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when the line was applied without any error."""
        return self.payload is not None and not self.user_errors and not self.error

    def check(self, record: str) -> dict[str, Any]:
        """The payload; raises as a single mutation's answer would.

        Raises:
            UserErrors: the line's userErrors (field path, message, code).
            ShopifyError: a GraphQL error of the line, or no result.
        """
        if self.error:
            raise BulkOperationError(f"{record}: {self.error}", record=record)
        check_user_errors(self.payload, record)
        assert self.payload is not None
        return self.payload


@dataclass
class BulkWriteStats:
    """What the bulk writes of one client did (for logs and benchmarks)."""

    operations: int = 0
    adopted: int = 0
    lines: int = 0


def jsonl_lines(lines: Sequence[Mapping[str, Any]]) -> list[bytes]:
    """Each set of variables as one JSONL line (UTF-8, ending in a newline).

    JSON escapes U+2028/U+2029 nowhere by default, and JSON allows them raw; only "\\n" ends
    a line, and json.dumps never writes a raw one.
    """
    return [
        (json.dumps(dict(line), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        for line in lines
    ]


def chunks(encoded: Sequence[bytes], limit: int = MAX_UPLOAD_BYTES) -> list[tuple[int, int]]:
    """Split lines into (start, end) runs of at most `limit` bytes each (one line at least)."""
    runs: list[tuple[int, int]] = []
    start, size = 0, 0
    for index, line in enumerate(encoded):
        if size and size + len(line) > limit:
            runs.append((start, index))
            start, size = index, 0
        size += len(line)
    if start < len(encoded):
        runs.append((start, len(encoded)))
    return runs


def batch_text(mutation: Operation, body: bytes) -> str:
    """The mutation text sent for one batch: a comment with the batch's digest, then the
    mutation (the digest makes an unfinished operation of this very batch findable)."""
    digest = hashlib.sha256(mutation.text.encode() + b"\0" + body).hexdigest()[:32]
    return f"{BATCH_MARK}{digest}\n{mutation.text}"


def root_field(mutation: Operation) -> str:
    """The name (or alias) of the mutation's one top-level field, e.g. "orderUpdate"."""
    for definition in mutation.document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, FieldNode):
                    return (selection.alias or selection.name).value
    raise ValueError(f"{mutation.name} has no top-level field")


async def run_bulk_mutation(
    client: ShopifyClient,
    mutation: Operation | str,
    lines: Sequence[Mapping[str, Any]],
    *,
    poll_interval: float = 1.0,
    max_poll_interval: float = 15.0,
    timeout: float = 6 * 3600.0,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    stats: BulkWriteStats | None = None,
    on_started: Callable[[int, int, str], Awaitable[None] | None] | None = None,
) -> list[LineResult]:
    """Run `mutation` once per set of variables in `lines` as bulk operations.

    Args:
        client: the shop's client.
        mutation: the mutation document (an Operation or the name of one in `queries/`);
            it must have exactly one top-level field.
        lines: the variables of each run, in order.
        poll_interval, max_poll_interval, timeout: as `bulk.run_bulk_query`.
        max_upload_bytes: the most bytes of variables per operation (more: several, one
            after the other).
        stats: counters to add to.
        on_started: called with (first line, end line, operation id) once an operation runs
            (started or adopted), before it is waited for (awaited when it returns an
            awaitable): a caller that must find it again after a crash records the id there.

    Returns:
        One LineResult per input line, in input order.

    Raises:
        BulkOperationError: Shopify refused the operation (OPERATION_IN_PROGRESS, an invalid
            file...), it FAILED, was CANCELED, or did not end within `timeout`; the records
            of an operation that raised have no known outcome (the caller tries them again:
            they must be writes that can be repeated).
        NetworkError: the upload or the result download broke off.
    """
    op = operations.load(mutation) if isinstance(mutation, str) else mutation
    if op.kind != "mutation":
        raise ValueError("run_bulk_mutation takes a mutation document")
    stats = stats if stats is not None else BulkWriteStats()
    encoded = await asyncio.to_thread(jsonl_lines, lines)  # 10,000 lines: ~0.2 s of JSON
    results: list[LineResult] = []
    for start, end in chunks(encoded, max_upload_bytes):
        body = b"".join(encoded[start:end])
        chunk = await _run_one(client, op, body, end - start, poll_interval,
                               max_poll_interval, timeout, stats,
                               None if on_started is None else
                               functools.partial(on_started, start, end))
        results.extend(
            LineResult(start + r.index, r.payload, r.user_errors, r.error) for r in chunk
        )
    return results


async def _run_one(
    client: ShopifyClient,
    op: Operation,
    body: bytes,
    count: int,
    poll_interval: float,
    max_poll_interval: float,
    timeout: float,
    stats: BulkWriteStats,
    on_started: Callable[[str], Awaitable[None] | None] | None = None,
) -> list[LineResult]:
    text = batch_text(op, body)
    operation_id = await find_unfinished(client, text, "mutation")
    if operation_id is not None:
        stats.adopted += 1
        log.info("Bulk write %s adopted (%s): a run that stopped had started this batch",
                 op.name, operation_id)
    else:
        path = await stage_upload(client, body)
        operation_id = await start_or_adopt(
            client, op.name, text, lambda: _start(client, op.name, text, path), "mutation"
        )
    stats.operations += 1
    stats.lines += count
    if on_started is not None:
        noted = on_started(operation_id)
        if noted is not None:
            await noted
    return await adopt_results(client, operation_id, op, count, poll_interval=poll_interval,
                               max_poll_interval=max_poll_interval, timeout=timeout)


def batch_mark(mutation: Operation | str, lines: Sequence[Mapping[str, Any]]) -> str:
    """The first line of the text `run_bulk_mutation` sends for `lines` as ONE operation
    (they must fit one: see `chunks`): what `find_batch` looks for after a crash."""
    op = operations.load(mutation) if isinstance(mutation, str) else mutation
    return batch_text(op, b"".join(jsonl_lines(lines))).split("\n", 1)[0]


async def find_batch(client: ShopifyClient, mark: str, since: str = "") -> str | None:
    """The id of the newest bulk mutation, finished or not, whose text starts with `mark`
    (`batch_mark`), among those created since `since` (ISO time; "" any), or None.

    A run that stopped may have started it (the answer lost with the process): its results
    are read back instead of writing the batch again.
    """
    search = "operation_type:mutation"
    if since:
        search += f" AND created_at:>='{since}'"
    data = await client.execute("BulkOperationsRunning", {"query": search})
    for node in ((data.get("bulkOperations") or {}).get("nodes")) or []:
        if str(node.get("query") or "").startswith(mark + "\n") and node.get("id"):
            return str(node["id"])
    return None


async def adopt_results(
    client: ShopifyClient, operation_id: str, mutation: Operation | str, count: int, *,
    poll_interval: float = 1.0, max_poll_interval: float = 15.0, timeout: float = 6 * 3600.0,
) -> list[LineResult]:
    """Wait for the bulk mutation `operation_id` (of `count` lines of `mutation`) and read
    its results, as `run_bulk_mutation` would have.

    Raises:
        BulkOperationError: it FAILED, was CANCELED, Shopify no longer knows it, or it did
            not end within `timeout`. NetworkError: the result download broke off.
    """
    op = operations.load(mutation) if isinstance(mutation, str) else mutation
    status = await wait_until_done(client, operation_id, poll_interval, max_poll_interval,
                                   timeout, noun=NOUN)
    return await read_results(client, status.get("url"), count, root_field(op))


async def stage_upload(client: ShopifyClient, body: bytes,
                       filename: str = "bulk_op_vars.jsonl") -> str:
    """Upload `body` to a new staged upload target; returns its path (the `key`)."""
    data = await client.execute("StagedUploadsCreate", {"input": [{
        "resource": "BULK_MUTATION_VARIABLES", "filename": filename,
        "mimeType": "text/jsonl", "httpMethod": "POST",
    }]})
    payload = data.get("stagedUploadsCreate")
    check_user_errors(payload, "staged upload")
    targets = (payload or {}).get("stagedTargets") or []
    if not targets or not targets[0].get("url"):
        raise BulkOperationError("Shopify gave no upload target for the bulk write.")
    target = targets[0]
    fields = [(str(p.get("name")), str(p.get("value") or ""))
              for p in target.get("parameters") or [] if p.get("name")]
    key = next((value for name, value in fields if name == "key"), "")
    if not key:
        raise BulkOperationError("Shopify's upload target for the bulk write has no key.")
    url = httpx.URL(str(target["url"]))
    if url.scheme != "https" and not (client.address.is_loopback and url.scheme == "http"):
        raise BulkOperationError("The bulk upload address is not https; nothing was sent.")
    # The form's fields in Shopify's order, the file last (the storage service requires it).
    # A plain request on the shop's client: the access token is only ever added per GraphQL
    # request, so none goes to the storage service.
    try:
        async with asyncio.timeout(UPLOAD_DEADLINE):
            response = await client.http.post(
                url, data=dict(fields), files={"file": (filename, body, "text/jsonl")}
            )
    except TimeoutError:
        raise NetworkError(
            f"The bulk upload did not finish within {UPLOAD_DEADLINE:.0f} s."
        ) from None
    except httpx.HTTPError as exc:
        raise NetworkError(f"The bulk upload broke off ({type(exc).__name__}).") from None
    if response.status_code not in (200, 201, 204):
        raise BulkOperationError(
            f"The storage service refused the bulk upload (HTTP {response.status_code})."
        )
    log.info("Bulk write file uploaded: %s bytes", len(body))
    return key


async def _start(client: ShopifyClient, name: str, text: str, path: str) -> str:
    """bulkOperationRunMutation once; the new operation's id."""
    data = await client.execute(
        "BulkOperationRunMutation", {"mutation": text, "stagedUploadPath": path}
    )
    payload = data.get("bulkOperationRunMutation") or {}
    items = user_error_items(payload)
    if items:
        codes = [item.code for item in items]
        if "OPERATION_IN_PROGRESS" in codes or "LIMIT_REACHED" in codes:
            raise BulkOperationError(
                "Shopify is already running bulk writes for this app and shop; the records "
                "are written at the next sync.", codes=codes,
            )
        raise BulkOperationError(
            f"Shopify refused the bulk write {name}: "
            + "; ".join(item.message for item in items), codes=codes,
        )
    operation_id = (payload.get("bulkOperation") or {}).get("id")
    if not operation_id:
        raise BulkOperationError("Shopify started no bulk write.")
    log.info("Bulk write %s started (%s)", name, operation_id)
    return str(operation_id)


async def read_results(
    client: ShopifyClient, url: str | None, count: int, root: str
) -> list[LineResult]:
    """The result file at `url` as one LineResult per input line (0 to `count` - 1).

    A line Shopify wrote twice keeps its first result; one it did not write at all, or a
    line number outside the input, is reported (the first as that record's failure).
    """
    found: dict[int, LineResult] = {}
    if url:
        async for line in download_records(client, url):
            number = line.get(LINE_NUMBER_KEY)
            if not isinstance(number, int) or not 0 <= number < count:
                log.warning("Bulk write result line with an unknown line number %r", number)
                continue
            if number in found:
                continue
            found[number] = _line_result(number, line, root)
    missing = [i for i in range(count) if i not in found]
    if missing:
        log.warning("Bulk write result has no line for %s of %s records", len(missing), count)
    return [found.get(i) or LineResult(i, None, (), "Shopify reported no result for it")
            for i in range(count)]


def _line_result(number: int, line: Mapping[str, Any], root: str) -> LineResult:
    errors = line.get("errors")
    data = line.get("data")
    payload = data.get(root) if isinstance(data, dict) else None
    if errors:
        messages = [str(e.get("message") if isinstance(e, dict) else e) for e in
                    (errors if isinstance(errors, list) else [errors])]
        return LineResult(number, payload if isinstance(payload, dict) else None, (),
                          "Shopify refused it: " + "; ".join(messages))
    if not isinstance(payload, dict):
        return LineResult(number, None, (), "Shopify returned no result for it")
    return LineResult(number, payload, tuple(user_error_items(payload)))
