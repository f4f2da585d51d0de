"""Injected faults: the ways Shopify (and the network in front of it) fail.

With probability ``rate`` per GraphQL request, :meth:`Faults.roll` picks one kind of failure
(deterministically: ``random.Random(seed)``). The shop applies it **before** executing the
request, so a failed mutation had no effect; the one exception is ``drop_after_execute``,
which runs the request and then drops the connection, and which is only ever picked when it
is enabled explicitly (it exists for idempotency tests).

Tests can also queue faults by hand: ``shop.faults.force("http_503", count=2)`` makes the next
two GraphQL requests answer 503, whatever the rate.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass

logger = logging.getLogger(__name__)

HTTP_429 = "http_429"
HTTP_500 = "http_500"
HTTP_502 = "http_502"
HTTP_503 = "http_503"
DROP = "drop"
SLOW = "slow"
THROTTLED = "throttled"
DROP_AFTER_EXECUTE = "drop_after_execute"

#: Kinds picked at random by default (``drop_after_execute`` must be asked for).
DEFAULT_KINDS: tuple[str, ...] = (HTTP_429, HTTP_500, HTTP_502, HTTP_503, DROP, SLOW, THROTTLED)
#: Every kind the shop knows how to inject.
ALL_KINDS: tuple[str, ...] = (*DEFAULT_KINDS, DROP_AFTER_EXECUTE)


@dataclass(frozen=True)
class HttpFault:
    """A canned HTTP failure: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes


# Shopify's 429 carries a JSON body and a Retry-After in seconds with one decimal ("2.0").
_429_BODY = json.dumps({"errors": "Too Many Requests"}).encode()
# An application error behind the edge: JSON, as Shopify's API answers.
_500_BODY = json.dumps({"errors": "Internal Server Error"}).encode()
# Gateway errors come from the CDN in front of the shop, as an HTML page.
_502_BODY = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_503_BODY = (
    b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    b"<title>Service Unavailable</title></head><body><h1>Service Unavailable</h1>"
    b"<p>This store is temporarily unavailable. Please try again in a few moments.</p>"
    b"</body></html>"
)


class Faults:
    """Decides, request by request, whether and how to fail.

    Args:
        rate: Probability (0..1) that a request fails.
        seed: Seed of the private random generator, so runs repeat exactly.
        kinds: Kinds to pick from at random (default :data:`DEFAULT_KINDS`); include
            ``"drop_after_execute"`` to enable it.
        retry_after: The ``Retry-After`` value of a 429, in seconds.
        slow_s: How long a ``slow`` answer is held back, in seconds.
    """

    def __init__(
        self,
        rate: float = 0.0,
        seed: int = 0,
        kinds: Collection[str] | None = None,
        retry_after: float = 2.0,
        slow_s: float = 2.0,
    ) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be within 0..1, not {rate}")
        chosen = tuple(DEFAULT_KINDS if kinds is None else kinds)
        unknown = [k for k in chosen if k not in ALL_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds: {', '.join(unknown)}")
        if rate > 0 and not chosen:
            raise ValueError("a positive fault rate needs at least one fault kind")
        self.rate = rate
        self.kinds = chosen
        self.retry_after = retry_after
        self.slow_s = slow_s
        self._random = random.Random(seed)
        self._forced: deque[str] = deque()
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def force(self, kind: str, count: int = 1) -> None:
        """Make the next `count` requests fail with `kind`, ahead of any random fault."""
        if kind not in ALL_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self._forced.extend([kind] * count)

    def roll(self) -> str | None:
        """The fault for the next request, or ``None`` to answer normally.

        One random draw is made per request whether or not a fault was forced, so forcing
        faults does not change the random sequence that follows.
        """
        with self._lock:
            draw = self._random.random()
            pick = self._random.randrange(len(self.kinds)) if self.kinds else 0
            if self._forced:
                kind: str | None = self._forced.popleft()
            elif draw < self.rate:
                kind = self.kinds[pick]
            else:
                kind = None
            if kind is not None:
                self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind is not None:
            logger.debug("injecting fault %s", kind)
        return kind

    def http_fault(self, kind: str) -> HttpFault | None:
        """The canned response for an HTTP-level kind, ``None`` for other kinds."""
        if kind == HTTP_429:
            return HttpFault(
                429,
                {
                    "Retry-After": f"{self.retry_after:.1f}",
                    "Content-Type": "application/json; charset=utf-8",
                },
                _429_BODY,
            )
        if kind == HTTP_500:
            return HttpFault(500, {"Content-Type": "application/json; charset=utf-8"}, _500_BODY)
        if kind == HTTP_502:
            return HttpFault(502, {"Content-Type": "text/html", "Server": "cloudflare"}, _502_BODY)
        if kind == HTTP_503:
            return HttpFault(
                503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "5"}, _503_BODY
            )
        return None
