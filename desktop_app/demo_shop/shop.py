"""The demo shop's HTTP surface: what Shopify's edge does before and after GraphQL runs.

:class:`DemoShop` turns one :class:`DemoRequest` into one :class:`DemoResponse`. It knows
nothing of sockets: ``transport.py`` feeds it from httpx in-process, ``server.py`` from a
real loopback socket. Routes, as Shopify's:

* ``POST /admin/api/{YYYY-MM}/graphql.json``: access token, injected faults, JSON body,
  parse, validate, variables, query cost and throttling, execution by the backend,
  ``extensions.cost`` (and ``extensions.search``), request log;
* ``POST /admin/oauth/access_token``: the client-credentials grant (JSON or form body);
* ``GET /bulk/{id}.jsonl``: a finished bulk operation's result file (unauthenticated, like
  the signed storage URL Shopify hands out);
* ``POST /staged-uploads/`` (form) and ``PUT /staged-uploads/{key}``: the storage service
  of ``stagedUploadsCreate``'s targets (signed fields instead of a token; ``staged_uploads``).

Every answer carries an RFC 7231 ``Date`` header, as Shopify's do: the backend's clock
(``ShopBackend.clock``, which tests move) at the moment the request was taken up, to the
second. A GraphQL request runs with that same moment as its ``RequestContext.now``, so the
header is never later than the time the query saw.

Execution always happens in a worker thread (``asyncio.to_thread``) holding
``backend.lock``: over a socket the event loop keeps accepting and answering other
connections while a 250-customer page runs, and in-process the same code works unchanged
(the loop running the transport is just as free). The bucket and request bookkeeping stay on
the loop; the backend is only ever entered by one thread at a time.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    print_ast,
    validate,
)
from graphql.execution.values import get_variable_values
from graphql.language import VariableDefinitionNode
from graphql.utilities import get_operation_ast

from desktop_app.demo_shop import faults as fault_kinds
from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.cost import (
    MAX_QUERY_COST,
    RATE_LIMITS_DOCUMENTATION,
    LeakyBucket,
    RequestedCost,
    actual_cost,
    plan_named,
    requested_cost,
)
from desktop_app.demo_shop.faults import Faults
from desktop_app.demo_shop.request_log import RequestLog
from desktop_app.demo_shop.staged_uploads import UPLOAD_PATH

if TYPE_CHECKING:
    from desktop_app.demo_shop.backend import ShopBackend

logger = logging.getLogger(__name__)

#: The one API version the demo shop serves (its schema mirrors Shopify's 2026-07); every
#: other well-formed version "falls forward" to it, as retired versions do at Shopify.
SERVED_API_VERSION = "2026-07"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
#: Shopify's body for a missing, unknown or expired access token.
INVALID_TOKEN_MESSAGE = (
    "[API] Invalid API key or access token (unrecognized login or wrong password)"
)
#: Shopify's (Rails) body for a GraphQL request without a usable JSON ``query``.
MISSING_QUERY_MESSAGE = "Required parameter missing or invalid"
INVALID_CLIENT_DESCRIPTION = (
    "Client authentication failed due to unknown client, no client authentication included, "
    "or unsupported authentication method."
)

_GRAPHQL_PATH = re.compile(r"^/admin/api/(?P<version>[^/]+)/graphql\.json$")
_TOKEN_PATH = "/admin/oauth/access_token"
_BULK_PATH = re.compile(r"^/bulk/(?P<id>\d{1,18})\.jsonl$")
_DOCUMENT_CACHE_SIZE = 256
#: Documents longer than this are checked every time instead of kept: a few huge documents
#: (a 7 MB alias query parses to ~900 MB of AST) must not fill the cache.
_CACHED_QUERY_CHARS = 64 * 1024
#: The longest query document and the most tokens the shop parses. A larger document is
#: refused before parsing (Shopify refuses such documents too; its text was not captured).
MAX_QUERY_CHARS = 1024 * 1024
MAX_QUERY_TOKENS = 100_000
#: NOT CAPTURED: the demo shop's own wording (no real answer to such a document was recorded).
QUERY_TOO_LARGE_MESSAGE = "Query is too large"
_VERSION = re.compile(r"^(?:\d{4}-(?:01|04|07|10)|unstable)$")

# graphql-core's validation messages, mapped to the codes Shopify's GraphQL server reports.
_VALIDATION_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Cannot query field"), "undefinedField"),
    (re.compile(r"^Unknown argument"), "argumentNotAccepted"),
    (re.compile(r"argument .* is required, but it was not provided"), "missingRequiredArguments"),
    (re.compile(r"^Unknown type"), "undefinedType"),
    (re.compile(r"^Variable .* is never used"), "variableNotUsed"),
    (re.compile(r"^Variable .* is not defined"), "undefinedVariable"),
    (re.compile(r"^Variable .* used in position expecting"), "variableMismatch"),
    (
        re.compile(r"must have a selection of subfields|must not have a selection"),
        "selectionMismatch",
    ),
    (re.compile(r"^Unknown fragment"), "undefinedFragment"),
    (re.compile(r"^Fragment .* is never used"), "useAndDefineFragment"),
    (re.compile(r"^Fields .* conflict"), "fieldConflict"),
    (
        re.compile(r"cannot represent|Expected value of type|Expected type"),
        "argumentLiteralsIncompatible",
    ),
)


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive view of request headers."""

    def __init__(self, items: Mapping[str, str] | Collection[tuple[str, str]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._data = {str(k).lower(): str(v) for k, v in pairs}

    def __getitem__(self, key: str) -> str:
        return self._data[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._data

    def __repr__(self) -> str:
        # Header values can hold a token: never show them.
        return f"Headers({sorted(self._data)})"


@dataclass(frozen=True)
class DemoRequest:
    """One HTTP request, independent of how it arrived.

    Attributes:
        method: ``GET``, ``POST``...
        path: The request target's path (a query string is allowed and ignored for routing).
        headers: Request headers; looked up case-insensitively.
        body: The raw request body.
        base_url: Where the shop is being served (``http://127.0.0.1:8123``), for bulk URLs.
    """

    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=Headers)
    body: bytes = b""
    base_url: str = "http://127.0.0.1"

    def __post_init__(self) -> None:
        if not isinstance(self.headers, Headers):
            object.__setattr__(self, "headers", Headers(self.headers))

    def __repr__(self) -> str:
        return f"DemoRequest({self.method} {self.path}, {len(self.body)} bytes)"


@dataclass
class DemoResponse:
    """One HTTP answer, or an instruction to drop the connection instead.

    Attributes:
        status: HTTP status code (meaningless when `drop_connection` is set).
        headers: Response headers.
        body: The body, or ``None`` when it is streamed from `body_path`.
        body_path: A file to stream as the body.
        drop_connection: Close the connection without answering.
        delay_s: Seconds to hold the answer (or the drop) back.
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    body_path: Path | None = None
    drop_connection: bool = False
    delay_s: float = 0.0

    def json(self) -> Any:
        """The body parsed as JSON (for tests and tools)."""
        return json.loads(self.body or b"null")


def _json_response(
    status: int, payload: Any, headers: Mapping[str, str] | None = None
) -> DemoResponse:
    merged = {"Content-Type": JSON_CONTENT_TYPE}
    if headers:
        merged.update(headers)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return DemoResponse(status, merged, body)


def _hash_token(token: str) -> str:
    """Tokens are kept only as hashes, so the shop's memory never holds one in clear."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class _GraphQLOutcome:
    """What happened to one GraphQL request, for the response and the request log."""

    response: DemoResponse
    operation_name: str | None = None
    query: str | None = None
    variables: Any = None
    requested: int | None = None
    actual: int | None = None
    throttled: bool = False
    fault: str | None = None


class DemoShop:
    """The simulated Shopify Admin API, as seen over HTTP.

    Args:
        backend: Executes GraphQL (state, schema, resolvers).
        plan: Bucket size and restore rate (``standard``, ``advanced``, ``plus``...);
            defaults to the backend's plan.
        fault_rate: Share of GraphQL requests that fail (see ``faults.py``).
        latency_ms: Added to every answer.
        seed: Seed of the fault generator.
        request_log: File to append one JSON line per GraphQL request to.
        clock: Monotonic seconds, for the bucket and token expiry (injectable in tests).
        sleep: Coroutine the transports use to wait out ``delay_s``.
        client_id: The client id the client-credentials grant accepts.
        client_secret: The secret it accepts; ``None`` accepts any non-empty secret.
        token_ttl_s: Lifetime of issued tokens (Shopify: 86399 s).
        accept_any_token: Accept any non-empty token the shop did not issue (the in-app demo);
            tokens it did issue still expire.
        fault_kinds: Fault kinds to pick from (default: all but ``drop_after_execute``).
        slow_s: Extra delay of a ``slow`` fault.
    """

    def __init__(
        self,
        backend: ShopBackend,
        *,
        plan: str | None = None,
        fault_rate: float = 0.0,
        latency_ms: float = 0,
        seed: int = 0,
        request_log: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        client_id: str = "demo-client-id",
        client_secret: str | None = None,
        token_ttl_s: float = 86399,
        accept_any_token: bool = True,
        fault_kinds: Collection[str] | None = None,
        slow_s: float = 2.0,
    ) -> None:
        self.backend = backend
        self.plan = plan_named(plan or getattr(backend, "plan", "standard") or "standard")
        self.bucket = LeakyBucket.for_plan(self.plan, clock)
        self.faults = Faults(fault_rate, seed, fault_kinds, slow_s=slow_s)
        self.latency_s = max(0.0, latency_ms / 1000.0)
        self.sleep = sleep
        self.client_id = client_id
        self.token_ttl_s = token_ttl_s
        self.accept_any_token = accept_any_token
        self._client_secret = client_secret
        self._clock = clock
        self._tokens: dict[str, float] = {}
        self._tokens_lock = threading.Lock()
        self._log = RequestLog(request_log) if request_log is not None else None
        self._documents: OrderedDict[str, DocumentNode | list[dict[str, Any]]] = OrderedDict()
        self._documents_lock = threading.Lock()  # parsing runs in worker threads
        #: Counters for tools and tests: requests, throttled, faults, errors...
        self.stats: Counter[str] = Counter()

    def __repr__(self) -> str:
        return f"DemoShop(plan={self.plan.name}, faults={self.faults.rate})"

    # --- public -------------------------------------------------------------------------

    async def handle(self, request: DemoRequest) -> DemoResponse:
        """Answer one request; never raises (a bug in the shop answers 500, and is logged)."""
        now = self.server_now()
        try:
            response = await self._route(request, now)
        except Exception:
            logger.exception("demo shop failed on %s %s", request.method, request.path[:200])
            self.stats["internal_errors"] += 1
            response = _json_response(500, {"errors": "Internal Server Error"})
        response.headers.setdefault("Date", http_date(now))
        return response

    def server_now(self) -> datetime:
        """The shop's clock: the backend's (injectable) clock, else the real one; UTC."""
        clock = getattr(self.backend, "clock", None)
        now = clock() if callable(clock) else datetime.now(UTC)
        return now.astimezone(UTC)

    async def _route(self, request: DemoRequest, now: datetime) -> DemoResponse:
        path = request.path.split("?", 1)[0]
        self.stats["requests"] += 1
        match = _GRAPHQL_PATH.match(path)
        if match is not None:
            return await self._graphql(request, match.group("version"), now)
        if path == _TOKEN_PATH:
            return self._access_token(request)
        match = _BULK_PATH.match(path)
        if match is not None:
            return self._bulk(request, int(match.group("id")))
        if path.startswith(UPLOAD_PATH):
            return self._staged_upload(request, now)
        return _json_response(404, {"errors": "Not Found"})

    def issue_token(self) -> tuple[str, float]:
        """Issue an expiring token as the client-credentials grant would; (token, ttl)."""
        token = "shpat_" + secrets.token_hex(16)
        with self._tokens_lock:
            self._tokens[_hash_token(token)] = self._clock() + self.token_ttl_s
        return token, self.token_ttl_s

    def close(self) -> None:
        """Close the request log (the backend belongs to whoever built it)."""
        if self._log is not None:
            self._log.close()

    # --- auth ---------------------------------------------------------------------------

    def _scopes_for(self, token: str) -> frozenset[str] | None:
        """The token's scopes, or ``None`` when it must be refused."""
        if not token:
            return None
        with self._tokens_lock:
            expires = self._tokens.get(_hash_token(token))
        if expires is not None:
            if self._clock() >= expires:
                return None
        elif not self.accept_any_token:
            return None
        return frozenset(getattr(self.backend, "access_scopes", frozenset()))

    def _access_token(self, request: DemoRequest) -> DemoResponse:
        if request.method.upper() != "POST":
            return _json_response(405, {"errors": "Method Not Allowed"}, {"Allow": "POST"})
        params = self._form_params(request)
        grant_type = params.get("grant_type", "")
        client_id = params.get("client_id", "")
        client_secret = params.get("client_secret", "")
        if grant_type != "client_credentials":
            self.stats["token_refused"] += 1
            return _json_response(
                400,
                {
                    "error": "unsupported_grant_type",
                    "error_description": "The authorization grant type is not supported by the "
                    "authorization server.",
                },
            )
        secret_ok = bool(client_secret) and (
            self._client_secret is None or hmac.compare_digest(client_secret, self._client_secret)
        )
        if not hmac.compare_digest(client_id, self.client_id) or not secret_ok:
            self.stats["token_refused"] += 1
            logger.info("client-credentials grant refused for client id %s", client_id[:40])
            return _json_response(
                400, {"error": "invalid_client", "error_description": INVALID_CLIENT_DESCRIPTION}
            )
        token, ttl = self.issue_token()
        self.stats["tokens_issued"] += 1
        scope = ",".join(sorted(getattr(self.backend, "access_scopes", frozenset())))
        return _json_response(
            200,
            {"access_token": token, "scope": scope, "expires_in": int(ttl)},
            {"Cache-Control": "no-store"},
        )

    @staticmethod
    def _form_params(request: DemoRequest) -> dict[str, str]:
        """Parameters of an OAuth request: query string, then a JSON or form body."""
        params: dict[str, str] = {}
        if "?" in request.path:
            for key, values in parse_qs(request.path.split("?", 1)[1]).items():
                params[key] = values[-1]
        content_type = request.headers.get("content-type", "").lower()
        body = request.body.decode("utf-8", errors="replace")
        if "json" in content_type or body.lstrip().startswith("{"):
            try:
                loaded = json.loads(body)
            except ValueError:
                loaded = None
            if isinstance(loaded, dict):
                params.update({str(k): str(v) for k, v in loaded.items() if v is not None})
        else:
            for key, values in parse_qs(body).items():
                params[key] = values[-1]
        return params

    # --- bulk results -------------------------------------------------------------------

    def _bulk(self, request: DemoRequest, bulk_id: int) -> DemoResponse:
        if request.method.upper() not in ("GET", "HEAD"):
            return _json_response(405, {"errors": "Method Not Allowed"}, {"Allow": "GET"})
        path = self.backend.bulk_result_path(bulk_id)
        if path is None or not Path(path).is_file():
            return DemoResponse(404, {"Content-Type": "text/plain"}, b"Not Found")
        self.stats["bulk_downloads"] += 1
        return DemoResponse(
            200, {"Content-Type": "application/jsonl"}, body=None, body_path=Path(path)
        )

    def _staged_upload(self, request: DemoRequest, now: datetime) -> DemoResponse:
        """The storage service of staged uploads (``staged_uploads.py``; no access token)."""
        answer = self.backend.staged_uploads.receive(
            request.method.upper(), request.path, dict(request.headers), request.body, now)
        self.stats["staged_uploads"] += answer.status < 300
        return DemoResponse(answer.status, dict(answer.headers), answer.body)

    # --- GraphQL ------------------------------------------------------------------------

    async def _graphql(self, request: DemoRequest, version: str, now: datetime) -> DemoResponse:
        started = time.perf_counter()
        headers = {"X-Shopify-API-Version": SERVED_API_VERSION, "X-Request-Id": str(uuid.uuid4())}
        if not _VERSION.match(version):
            return _json_response(404, {"errors": "Not Found"})
        if version != SERVED_API_VERSION:
            logger.debug("API version %s served by %s", version, SERVED_API_VERSION)
        outcome = await self._graphql_outcome(request, headers, now)
        response = outcome.response
        response.headers.update(headers)
        response.delay_s += self.latency_s
        if outcome.throttled:
            self.stats["throttled"] += 1
        if self._log is not None:
            self._log.write(
                operation_name=outcome.operation_name,
                query=outcome.query,
                variables=outcome.variables,
                requested_cost=outcome.requested,
                actual_cost=outcome.actual,
                status=None if outcome.fault == fault_kinds.DROP else response.status,
                throttled=outcome.throttled,
                fault=outcome.fault,
                duration_ms=(time.perf_counter() - started) * 1000.0,
            )
        return response

    async def _graphql_outcome(
        self, request: DemoRequest, headers: dict[str, str], now: datetime
    ) -> _GraphQLOutcome:
        """Everything between the route and the answer, recorded for the log."""
        payload, payload_error = self._payload(request.body)
        outcome = _GraphQLOutcome(_json_response(500, {}))
        if isinstance(payload, dict):
            outcome.query = payload.get("query") if isinstance(payload.get("query"), str) else None
            outcome.variables = payload.get("variables")
            name = payload.get("operationName")
            outcome.operation_name = name if isinstance(name, str) and name else None

        if request.method.upper() != "POST":
            outcome.response = _json_response(
                405, {"errors": "Method Not Allowed"}, {"Allow": "POST"}
            )
            return outcome
        scopes = self._scopes_for(request.headers.get("x-shopify-access-token", "").strip())
        if scopes is None:
            self.stats["unauthorized"] += 1
            outcome.response = _json_response(401, {"errors": INVALID_TOKEN_MESSAGE})
            return outcome

        fault = self.faults.roll()
        outcome.fault = fault
        if fault is not None:
            self.stats[f"fault_{fault}"] += 1
            http_fault = self.faults.http_fault(fault)
            if http_fault is not None:
                outcome.response = DemoResponse(
                    http_fault.status, dict(http_fault.headers), http_fault.body
                )
                return outcome
            if fault == fault_kinds.DROP:
                outcome.response = DemoResponse(0, drop_connection=True)
                return outcome

        if payload_error is not None or not isinstance(payload, dict):
            outcome.response = _json_response(400, {"errors": {"query": MISSING_QUERY_MESSAGE}})
            return outcome
        query = payload.get("query")
        variables = payload.get("variables")
        if isinstance(variables, str):  # some clients send the variables JSON-encoded
            try:
                variables = json.loads(variables) if variables.strip() else None
            except ValueError:
                variables = []
        usable_variables = variables is None or isinstance(variables, dict)
        if not isinstance(query, str) or not query.strip() or not usable_variables:
            outcome.response = _json_response(400, {"errors": {"query": MISSING_QUERY_MESSAGE}})
            return outcome
        variables = variables or {}

        if len(query) > MAX_QUERY_CHARS:
            outcome.response = _json_response(200, {"errors": [
                {"message": QUERY_TOO_LARGE_MESSAGE, "extensions": {"code": "PARSE_ERROR"}}]})
            return outcome
        # Parse and validate in a worker thread: a large document takes seconds, and other
        # clients' requests must not wait for it on the event loop.
        prepared = await asyncio.to_thread(self._prepare, query, variables,
                                           outcome.operation_name)
        if isinstance(prepared, list):
            outcome.response = _json_response(200, {"errors": prepared})
            return outcome
        document, operation, coerced = prepared
        try:
            cost = requested_cost(self.backend.schema, document, coerced, outcome.operation_name)
        except Exception:  # a pricing bug must not take the shop down: price it at the limit
            logger.exception("pricing failed; charging the single-query limit")
            cost = RequestedCost(MAX_QUERY_COST)
        outcome.requested = cost.total
        if cost.total > MAX_QUERY_COST:
            outcome.response = _json_response(200, self._max_cost_body(cost.total))
            return outcome
        if fault == fault_kinds.THROTTLED or not self.bucket.try_take(cost.total):
            outcome.throttled = True
            outcome.response = _json_response(200, self._throttled_body(cost.total))
            return outcome

        context = RequestContext(base_url=request.base_url.rstrip("/"), scopes=scopes, now=now)
        debug = request.headers.get("shopify-graphql-cost-debug", "") == "1"
        body, actual = await asyncio.to_thread(
            self._execute, document, variables, coerced, outcome.operation_name, context, cost,
            headers["X-Request-Id"], debug,
        )
        outcome.actual = actual
        outcome.response = DemoResponse(200, {"Content-Type": JSON_CONTENT_TYPE}, body)
        if fault == fault_kinds.SLOW:
            outcome.response.delay_s += self.faults.slow_s
        elif fault == fault_kinds.DROP_AFTER_EXECUTE:
            outcome.response.drop_connection = True
        return outcome

    @staticmethod
    def _payload(body: bytes) -> tuple[Any, str | None]:
        """The JSON body, or the reason it is unusable."""
        try:
            return json.loads(body.decode("utf-8")), None
        except (UnicodeDecodeError, ValueError) as exc:
            return None, str(exc)

    def _checked_document(self, query: str) -> DocumentNode | list[dict[str, Any]]:
        """The parsed, validated document, or its errors; cached by query text.

        Clients send the same few documents over and over (a sync pages with one query), and
        validation is most of the shell's own cost, so each text is checked once.
        """
        with self._documents_lock:
            cached = self._documents.get(query)
            if cached is not None:
                self._documents.move_to_end(query)
                return cached
        checked: DocumentNode | list[dict[str, Any]]
        try:
            document = parse(query, max_lexical_tokens=MAX_QUERY_TOKENS, max_comments=10_000)
        except GraphQLSyntaxError as exc:
            checked = [_error_json(exc, "PARSE_ERROR")]
        else:
            errors = validate(self.backend.schema, document)
            checked = document
            if errors:
                checked = [_error_json(e, _validation_code(e.message)) for e in errors]
        if len(query) <= _CACHED_QUERY_CHARS:
            with self._documents_lock:
                self._documents[query] = checked
                if len(self._documents) > _DOCUMENT_CACHE_SIZE:
                    self._documents.popitem(last=False)
        return checked

    def _prepare(
        self, query: str, variables: dict[str, Any], operation_name: str | None
    ) -> tuple[DocumentNode, OperationDefinitionNode, dict[str, Any]] | list[dict[str, Any]]:
        """Parse, validate and coerce; the ready parts, or the GraphQL errors to answer."""
        document = self._checked_document(query)
        if isinstance(document, list):
            return document
        schema = self.backend.schema
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f"No operation named \"{operation_name}\""
                if operation_name
                else "An operation name is required"
            )
            return [{"message": message, "extensions": {"code": "OPERATION_NOT_FOUND"}}]
        coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
        if isinstance(coerced, list):
            return [_variable_error(e, variables) for e in coerced]
        return document, operation, coerced

    def _execute(
        self,
        document: DocumentNode,
        variables: dict[str, Any],
        coerced: dict[str, Any],
        operation_name: str | None,
        context: RequestContext,
        cost: RequestedCost,
        request_id: str,
        debug: bool,
    ) -> tuple[bytes, int]:
        """Run in a worker thread: execute under the backend's lock, charge, serialise."""
        payload: dict[str, Any] = {}
        actual = 0
        try:
            with self.backend.lock:
                result = self.backend.execute(document, variables, operation_name, context)
            if isinstance(result, Awaitable):  # the backend contract is synchronous
                raise TypeError("backend.execute returned an awaitable")
            payload["data"] = result.data
            if result.errors:
                payload["errors"] = [e.formatted for e in result.errors]
            actual = actual_cost(
                self.backend.schema, document, result.data, coerced, operation_name, cost.total
            )
        except Exception:
            logger.exception("backend failed on request %s", request_id)
            payload = {
                "errors": [
                    {
                        "message": "Internal error. Looks like something went wrong on our end.\n"
                        f"Request ID: {request_id} (include this in support requests).",
                        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
                    }
                ]
            }
            actual = cost.total
        self.bucket.refund(cost.total - actual)
        cost_json: dict[str, Any] = {
            "requestedQueryCost": cost.total,
            "actualQueryCost": actual,
            "throttleStatus": self.bucket.status(),
        }
        if debug:
            cost_json["fields"] = [f.as_json() for f in cost.fields]
        extensions: dict[str, Any] = {"cost": cost_json}
        if context.search_warnings:
            extensions["search"] = list(context.search_warnings)
        payload["extensions"] = extensions
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
        try:
            return body.encode("utf-8"), actual
        except UnicodeEncodeError:
            # Text holding a lone UTF-16 surrogate (stored from a "\ud800" escape) has no
            # UTF-8 form: sent as JSON escapes instead of failing with a 500. How Shopify
            # itself answers such text is not captured; the app must survive either way.
            return json.dumps(payload, separators=(",", ":"), default=str).encode(), actual

    def _throttled_body(self, requested: int) -> dict[str, Any]:
        return {
            "errors": [
                {
                    "message": "Throttled",
                    "extensions": {
                        "code": "THROTTLED",
                        "documentation": RATE_LIMITS_DOCUMENTATION,
                    },
                }
            ],
            "extensions": {
                "cost": {
                    "requestedQueryCost": requested,
                    "actualQueryCost": None,
                    "throttleStatus": self.bucket.status(),
                }
            },
        }

    def _max_cost_body(self, requested: int) -> dict[str, Any]:
        message = (
            f"Query cost is {requested}, which exceeds the single query max cost limit "
            f"({MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for "
            "more information on how the\ncost of a query is calculated.\n\nTo query larger "
            "amounts of data with fewer limits, bulk operations should be used instead.\nSee "
            "https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage "
            "details.\n"
        )
        return {
            "errors": [
                {
                    "message": message,
                    "extensions": {
                        "code": "MAX_COST_EXCEEDED",
                        "cost": requested,
                        "maxCost": MAX_QUERY_COST,
                    },
                }
            ],
            "extensions": {
                "cost": {
                    "requestedQueryCost": requested,
                    "actualQueryCost": None,
                    "throttleStatus": self.bucket.status(),
                }
            },
        }


def http_date(moment: datetime) -> str:
    """`moment` as an RFC 7231 IMF-fixdate (``Sun, 06 Nov 1994 08:49:37 GMT``), to the second."""
    return email.utils.format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _validation_code(message: str) -> str:
    for pattern, code in _VALIDATION_CODES:
        if pattern.search(message):
            return code
    return "GRAPHQL_VALIDATION_FAILED"


def _error_json(error: GraphQLError, code: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"message": error.message}
    if error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    entry["extensions"] = {"code": code}
    return entry


def _variable_error(error: GraphQLError, variables: Mapping[str, Any]) -> dict[str, Any]:
    """A coercion error in Shopify's words.

    Shopify says ``Variable $x of type T! was provided invalid value`` and explains why in
    ``extensions.problems``.
    """
    node = error.nodes[0] if error.nodes else None
    entry: dict[str, Any]
    if isinstance(node, VariableDefinitionNode):
        name = node.variable.name.value
        type_text = print_ast(node.type)
        entry = {
            "message": f"Variable ${name} of type {type_text} was provided invalid value",
            "extensions": {
                "code": "INVALID_VARIABLE",
                "value": variables.get(name),
                "problems": [{"path": list(error.path or []), "explanation": error.message}],
            },
        }
    else:
        entry = {"message": error.message, "extensions": {"code": "INVALID_VARIABLE"}}
    if error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    return entry
