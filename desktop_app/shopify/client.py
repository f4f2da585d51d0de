"""`ShopifyClient`: sends GraphQL operations to one shop's Admin API.

One client per shop, holding one `httpx.AsyncClient` (redirects are never followed: credentials
must not travel to another address). `execute()` paces calls by cost (throttle.py), retries
what is safe to retry (retry.py), turns GraphQL `errors` into typed exceptions and returns
`data`. Mutation `userErrors` are left to the caller (`check_user_errors`). Each successful
answer's HTTP `Date` header gives `last_server_time`, the shop's clock as a lower bound (what
an incremental sync may call "checked through").

The access token only ever appears in the `X-Shopify-Access-Token` request header: the logging
hooks redact it, and no message or exception raised here holds it. httpx exceptions (whose
request carries the header) are not chained onto the errors raised.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from types import TracebackType
from typing import Any

import httpx

from desktop_app import SHOPIFY_API_VERSION, __version__
from desktop_app.errors import (
    AuthError,
    GraphQLError,
    MaxCostExceededError,
    NetworkError,
    OutcomeUnknownError,
    ShopAddressError,
    ShopifyError,
    ShopUnavailableError,
    ThrottledError,
)
from desktop_app.shopify import operations
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import AccessTokenProvider
from desktop_app.shopify.errors_mapping import access_denied_error, error_codes, summarize_errors
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.retry import (
    Failure,
    FailureKind,
    RetryPolicy,
    parse_retry_after,
    wait_scale,
)
from desktop_app.shopify.throttle import CostThrottle, ThrottleStatus
from desktop_app.shopify.user_errors import check_user_errors

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-Shopify-Access-Token"
VERSION_HEADER = "X-Shopify-API-Version"
_REDACTED_HEADERS = {TOKEN_HEADER.lower(), "authorization", "cookie", "set-cookie"}
_RETRYABLE_STATUS = {500, 502, 503, 504}
#: Headers that describe the body as sent, not as read (decoded).
_BODY_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}
#: The longest one HTTP exchange may take, sending to last byte of the answer. httpx's own
#: timeout applies to each read, so a server dripping one byte every few seconds would keep
#: an exchange alive forever without this (reliability review, finding 1).
REQUEST_DEADLINE = 60.0
#: The longest one `execute()` may take, all attempts, pacing and back-off waits included.
EXECUTE_DEADLINE = 150.0
#: The largest GraphQL answer read (Shopify's are at most a few MB; bulk results are
#: downloaded apart, streamed). A larger one is refused, never held in memory whole.
MAX_ANSWER_BYTES = 32 * 1024 * 1024

__all__ = ["ClientStats", "ShopifyClient", "check_user_errors", "server_time", "TOKEN_HEADER"]


@dataclass
class ClientStats:
    """What a client has spent so far; public for benchmarks and the sync log.

    Attributes:
        requests: `execute()` calls.
        attempts: HTTP requests sent (first tries and retries).
        retries: attempts that were repeats.
        throttled: THROTTLED or HTTP 429 answers received.
        points_requested: sum of Shopify's `requestedQueryCost`.
        points_actual: sum of Shopify's `actualQueryCost`.
        throttle_wait: seconds waited for the cost bucket before sending.
        backoff_wait: seconds waited between retries.
    """

    requests: int = 0
    attempts: int = 0
    retries: int = 0
    throttled: int = 0
    points_requested: float = 0.0
    points_actual: float = 0.0
    throttle_wait: float = 0.0
    backoff_wait: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """A copy as a plain dict (for JSON and logs)."""
        return asdict(self)


class _Retryable(Exception):
    """Internal: an attempt failed in a way that may be retried."""

    def __init__(self, failure: Failure, requested: float | None = None) -> None:
        super().__init__(failure.reason)
        self.failure = failure
        self.requested = requested


class _Unauthorized(Exception):
    """Internal: HTTP 401."""


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers as a dict with credentials replaced by "[REDACTED]"."""
    return {
        name: "[REDACTED]" if name.lower() in _REDACTED_HEADERS else value
        for name, value in headers.items()
    }


class ShopifyClient:
    """Async client for one shop's Admin GraphQL API.

    Use as `async with ShopifyClient(...) as client:` or call `aclose()`.

    Attributes:
        address: the shop.
        api_version: the pinned Admin API version.
        stats: counters of requests, retries and cost.
        throttle: the cost bucket model shared by every call of this client.
        last_server_time: Shopify's clock while it handled the last successful `execute()`,
            from that answer's `Date` header, never later than the moment it ran the query:
            the header's second minus one (the header has a precision of one second) and
            minus the round trip (the header may be stamped after the query ran). None when
            that answer had no readable `Date`.
    """

    def __init__(
        self,
        address: ShopAddress,
        credentials: AccessTokenProvider,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        api_version: str = SHOPIFY_API_VERSION,
        max_attempts: int = 6,
        timeout: float = 30.0,
        request_deadline: float = REQUEST_DEADLINE,
        execute_deadline: float = EXECUTE_DEADLINE,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.address = address
        self.api_version = api_version
        self._url = address.graphql_url(api_version)
        self._credentials = credentials
        self.sleep = sleep
        self.clock = clock
        self.request_deadline = request_deadline
        self.execute_deadline = execute_deadline
        self.max_answer_bytes = max_answer_bytes
        self.policy = RetryPolicy(max_attempts=max_attempts, base=RetryPolicy.base * wait_scale(),
                                  rng=rng or random.Random())
        self.throttle = CostThrottle(clock=clock, sleep=sleep)
        self.stats = ClientStats()
        self.last_server_time: dt.datetime | None = None
        self._version_warned = False
        self.http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            # A proxy from the environment must not see plain-http traffic to the demo shop.
            trust_env=not address.is_loopback,
            headers={"User-Agent": f"ShopSync/{__version__}", "Accept": "application/json"},
            event_hooks={"request": [self._on_request], "response": [self._on_response]},
        )
        attach = getattr(credentials, "attach", None)
        if callable(attach):
            attach(self.http)

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self.http.aclose()

    async def __aenter__(self) -> ShopifyClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"ShopifyClient({self.address.base_url}, api {self.api_version})"

    def set_deadlines(self, request_deadline: float) -> None:
        """One exchange may take `request_deadline` s; one `execute()` (its retries and
        waits included) two and a half times that."""
        self.request_deadline = request_deadline
        self.execute_deadline = request_deadline * 2.5

    # -- logging hooks ---------------------------------------------------------------------

    async def _on_request(self, request: httpx.Request) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        log.debug(
            "-> %s %s%s op=%s headers=%s",
            request.method,
            request.url.host,
            request.url.path,
            _operation_name(request),
            redact_headers(request.headers),
        )

    async def _on_response(self, response: httpx.Response) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        request = response.request
        # The body is not read here: answers are read as a stream up to a cap (_exchange),
        # and a bulk result download must stay streamed. _attempt logs the cost.
        log.debug(
            "<- HTTP %s %s%s op=%s",
            response.status_code,
            request.url.host,
            request.url.path,
            _operation_name(request),
        )

    # -- execute ---------------------------------------------------------------------------

    async def execute(
        self, operation: Operation | str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Send one operation and return its `data`.

        Args:
            operation: an Operation, or the name of a document in `queries/`.
            variables: the GraphQL variables (the only way values reach a query).

        Raises:
            AuthError: 401 (after one refresh for expiring tokens) or 403.
            AccessDeniedError: the app lacks an access scope.
            MaxCostExceededError: the query asks for more than Shopify's single-query limit.
            ThrottledError: still throttled after every attempt.
            NetworkError: no usable answer after every attempt, or a mutation's outcome is
                unknown (`details["outcome_unknown"]`).
            GraphQLError: any other GraphQL error (partial data is never returned).
            ShopifyError: other refusals (shop frozen, locked, not found...).
        """
        op = operations.load(operation) if isinstance(operation, str) else operation
        values = dict(variables or {})
        body = {"query": op.text, "variables": values, "operationName": op.name}
        self.stats.requests += 1
        cost = float(op.estimate_cost(values))
        attempt = 0
        refreshed = False
        started = self.clock()
        while True:
            attempt += 1
            if attempt > 1:
                self.stats.retries += 1
            left = self.execute_deadline - (self.clock() - started)
            try:
                return await self._attempt(op, body, cost, min(self.request_deadline, left))
            except _Unauthorized:
                if self._credentials.can_refresh and not refreshed:
                    refreshed = True
                    log.info("HTTP 401 for %s: refreshing the access token once", op.name)
                    await self._credentials.invalidate()
                    continue
                raise AuthError(
                    "Shopify refused the access token (HTTP 401). Check the token or the app's "
                    "credentials in the shop settings.", reason=AuthError.TOKEN_REFUSED
                ) from None
            except _Retryable as retry:
                failure = retry.failure
                if retry.requested is not None:
                    cost = max(cost, retry.requested)
                if not self.policy.should_retry(failure, attempt, op.idempotent):
                    raise self._final_error(op, failure, attempt) from None
                delay = self.policy.delay(failure, attempt)
                left = self.execute_deadline - (self.clock() - started)
                if delay + MIN_ATTEMPT_SECONDS > left:
                    # No time left for another useful attempt within the deadline.
                    raise self._final_error(op, failure, attempt, timed_out=True) from None
                log.info(
                    "%s: %s on attempt %s of %s; retrying in %.2f s",
                    op.name,
                    failure.reason,
                    attempt,
                    self.policy.max_attempts,
                    delay,
                )
                if delay > 0:
                    self.stats.backoff_wait += delay
                    await self.sleep(delay)

    def _final_error(
        self, op: Operation, failure: Failure, attempt: int, *, timed_out: bool = False
    ) -> ShopifyError:
        if timed_out and not (failure.kind is FailureKind.UNKNOWN_OUTCOME and not op.idempotent):
            return (ThrottledError if failure.throttled else NetworkError)(
                f"Shopify did not give a usable answer within {self.execute_deadline:.0f} s "
                f"({attempt} attempts; last: {failure.reason}). Try again later.",
                attempts=attempt,
            )
        if failure.kind is FailureKind.UNKNOWN_OUTCOME and not op.idempotent:
            return OutcomeUnknownError(
                f"The outcome of {op.name} is unknown ({failure.reason}): Shopify may or may "
                "not have applied it. Check the shop before repeating it.",
                outcome_unknown=True,
                attempts=attempt,
            )
        if failure.throttled:
            return ThrottledError(
                f"Shopify kept throttling after {attempt} attempts: {failure.reason}",
                attempts=attempt,
            )
        return NetworkError(
            f"Shopify did not answer after {attempt} attempts: {failure.reason}",
            attempts=attempt,
        )

    async def _attempt(
        self, op: Operation, body: dict[str, Any], cost: float, deadline: float
    ) -> dict[str, Any]:
        """One HTTP attempt, bracketed by the cost reservation; the exchange itself (sending
        to the answer's last byte) may take `deadline` seconds at most."""
        self.stats.throttle_wait += await self.throttle.acquire(cost)
        status: ThrottleStatus | None = None
        try:
            headers = {TOKEN_HEADER: await self._credentials.token()}
            self.stats.attempts += 1
            sent = self.clock()
            try:
                async with asyncio.timeout(max(MIN_ATTEMPT_SECONDS, deadline)):
                    response = await self._exchange(body, headers)
            except TimeoutError:
                raise _Retryable(
                    Failure(
                        FailureKind.UNKNOWN_OUTCOME,
                        f"no complete answer within {max(MIN_ATTEMPT_SECONDS, deadline):.0f} s",
                    )
                ) from None
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # The request never reached the shop: always safe to repeat.
                raise _Retryable(
                    Failure(FailureKind.NOT_PROCESSED, f"cannot connect ({type(exc).__name__})")
                ) from None
            except httpx.TimeoutException as exc:
                raise _Retryable(
                    Failure(
                        FailureKind.UNKNOWN_OUTCOME, f"no answer in time ({type(exc).__name__})"
                    )
                ) from None
            except httpx.TransportError as exc:
                raise _Retryable(
                    Failure(FailureKind.UNKNOWN_OUTCOME, f"connection lost ({type(exc).__name__})")
                ) from None
            finally:
                del headers
            payload = self._read_payload(op, response)
            status = ThrottleStatus.from_extensions(payload.get("extensions"))
            self._count_cost(payload)
            if log.isEnabledFor(logging.DEBUG):
                spent = (payload.get("extensions") or {}).get("cost")
                log.debug("   %s cost=%s", op.name,
                          json.dumps(spent, separators=(",", ":")) if spent else None)
            data = self._data(op, payload, status)
            self.last_server_time = server_time(response.headers.get("Date"),
                                                self.clock() - sent)
            return data
        finally:
            self.throttle.release(cost, status)

    async def _exchange(self, body: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
        """POST `body` and read the answer as a stream, refusing it past `max_answer_bytes`
        (announced or actual). Returns a response whose content is read."""
        limit = self.max_answer_bytes
        async with self.http.stream("POST", self._url, json=body, headers=headers) as response:
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > limit:
                raise _answer_too_large(limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _answer_too_large(limit)
                chunks.append(chunk)
            # The chunks are decoded already (gzip...): the copy must not announce an encoding.
            headers_read = [(name, value) for name, value in response.headers.multi_items()
                            if name.lower() not in _BODY_HEADERS]
            return httpx.Response(response.status_code, headers=headers_read,
                                  content=b"".join(chunks), request=response.request)

    def _count_cost(self, payload: dict[str, Any]) -> None:
        cost = (payload.get("extensions") or {}).get("cost") or {}
        requested = cost.get("requestedQueryCost")
        actual = cost.get("actualQueryCost")
        if isinstance(requested, (int, float)):
            self.stats.points_requested += requested
        if isinstance(actual, (int, float)):
            self.stats.points_actual += actual

    def _check_version(self, response: httpx.Response) -> None:
        served = response.headers.get(VERSION_HEADER)
        if served and served != self.api_version and not self._version_warned:
            self._version_warned = True
            log.warning(
                "Shopify served API version %s instead of the pinned %s: the pinned version "
                "may be retired; update Shop Sync.",
                served,
                self.api_version,
            )

    def _read_payload(self, op: Operation, response: httpx.Response) -> dict[str, Any]:
        """The JSON body of a 200 answer; raises for every other status."""
        self._check_version(response)
        code = response.status_code
        if code == 200:
            try:
                payload = response.json()
            except (ValueError, RecursionError):  # RecursionError: absurdly nested JSON
                raise _Retryable(
                    Failure(FailureKind.UNKNOWN_OUTCOME, "unreadable answer (HTTP 200)")
                ) from None
            if not isinstance(payload, dict):
                raise _Retryable(Failure(FailureKind.UNKNOWN_OUTCOME, "unexpected answer"))
            return payload
        if response.is_redirect:
            raise ShopAddressError(
                f"The shop answered with a redirect (HTTP {code}); Shop Sync never follows "
                "redirects with credentials. Check the shop address."
            )
        if code == 401:
            raise _Unauthorized()
        if code == 403:
            raise AuthError(
                "Shopify refused access to this shop (HTTP 403): the app may have been "
                "uninstalled or may lack permission.", reason=AuthError.FORBIDDEN
            )
        if code == 402:
            raise ShopUnavailableError(
                "The shop is frozen (HTTP 402 Payment Required): its Shopify bill is unpaid.",
                status=code,
            )
        if code == 423:
            raise ShopUnavailableError("The shop is locked (HTTP 423).", status=code)
        if code == 404:
            raise ShopifyError(
                f"No Admin API {self.api_version} at this shop address (HTTP 404).", status=code
            )
        if code == 429:
            self.stats.throttled += 1
            raise _Retryable(
                Failure(
                    FailureKind.NOT_PROCESSED,
                    "HTTP 429",
                    throttled=True,
                    delay=parse_retry_after(response.headers.get("Retry-After")),
                )
            )
        if code in _RETRYABLE_STATUS:
            raise _Retryable(Failure(FailureKind.UNKNOWN_OUTCOME, f"HTTP {code}"))
        if code == 400:
            errors = _errors_of(response)
            raise GraphQLError(
                f"Shopify rejected {op.name} (HTTP 400): {summarize_errors(errors)}",
                errors=errors,
                status=code,
            )
        raise ShopifyError(f"Unexpected answer from Shopify (HTTP {code}).", status=code)

    def _data(
        self, op: Operation, payload: dict[str, Any], status: ThrottleStatus | None
    ) -> dict[str, Any]:
        errors = payload.get("errors")
        if isinstance(errors, str):
            errors = [{"message": errors}]
        elif errors and not isinstance(errors, list):  # a malformed answer: still an error
            errors = [{"message": str(errors)}]
        if errors:
            self._raise_for_errors(op, payload, errors, status)
        search = (payload.get("extensions") or {}).get("search") or []
        warnings = [w for entry in search for w in (entry.get("warnings") or [])]
        if warnings:
            # Shopify drops an unknown search term instead of failing: the result would be
            # wider than asked for, so treat it as an error.
            raise GraphQLError(
                f"Shopify ignored part of the search in {op.name}: "
                + "; ".join(f"{w.get('field')}: {w.get('message')}" for w in warnings),
                errors=warnings,
            )
        data = payload.get("data")
        if not isinstance(data, dict):
            raise GraphQLError(f"Shopify answered {op.name} without data.")
        return data

    def _raise_for_errors(
        self,
        op: Operation,
        payload: dict[str, Any],
        errors: list[dict[str, Any]],
        status: ThrottleStatus | None,
    ) -> None:
        codes = error_codes(errors)
        cost = (payload.get("extensions") or {}).get("cost") or {}
        if "THROTTLED" in codes:
            self.stats.throttled += 1
            requested = cost.get("requestedQueryCost")
            requested = float(requested) if isinstance(requested, (int, float)) else None
            # The throttle waits (requested - available) / restoreRate before the next
            # attempt, from the reading this answer carries; without one, back off.
            delay = 0.0 if status is not None and status.restore_rate > 0 else None
            raise _Retryable(
                Failure(FailureKind.NOT_PROCESSED, "THROTTLED", throttled=True, delay=delay),
                requested=requested,
            )
        if "MAX_COST_EXCEEDED" in codes:
            raise MaxCostExceededError(
                f"{op.name} asks for more points than Shopify allows in one query: "
                f"{summarize_errors(errors)}",
                cost=cost.get("requestedQueryCost"),
            )
        if "ACCESS_DENIED" in codes:
            raise access_denied_error(op.name, errors)
        if "INTERNAL_SERVER_ERROR" in codes:
            raise _Retryable(
                Failure(FailureKind.UNKNOWN_OUTCOME, "Shopify INTERNAL_SERVER_ERROR")
            )
        raise GraphQLError(
            f"Shopify refused {op.name}: {summarize_errors(errors)}",
            errors=errors,
            codes=sorted(codes),
            partial_data=payload.get("data") is not None,
        )


#: The least time worth giving one attempt (an attempt with less left is not made).
MIN_ATTEMPT_SECONDS = 5.0


def _answer_too_large(limit: int) -> ShopifyError:
    return ShopifyError(
        f"Shopify's answer is larger than {limit // (1024 * 1024)} MB, far more than any "
        "answer Shop Sync asks for; it was refused and no more of it was read. Check the "
        "shop address.",
        limit=limit,
    )


def server_time(date_header: str | None, round_trip: float = 0.0) -> dt.datetime | None:
    """The server's clock while it handled a request, as a lower bound (UTC).

    Args:
        date_header: the answer's HTTP `Date` (RFC 7231 IMF-fixdate, one-second precision).
        round_trip: seconds between sending the request and reading its answer: the header
            may have been stamped that much after the request was handled.

    Returns:
        The header's time minus one second and minus `round_trip`; None without a readable
        header.
    """
    if not date_header:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC with no claim about the local zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC) - dt.timedelta(seconds=1 + max(0.0, round_trip))


def _operation_name(request: httpx.Request) -> str | None:
    """The operationName of a GraphQL request body (never the variables or headers)."""
    if not request.url.path.endswith("/graphql.json"):
        return None
    try:
        name = json.loads(request.content).get("operationName")
    except (ValueError, AttributeError, httpx.RequestNotRead):
        return None
    return name if isinstance(name, str) else None


def _errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        return []
    if isinstance(errors, str):
        return [{"message": errors}]
    return errors if isinstance(errors, list) else []
