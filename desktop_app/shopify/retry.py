"""When and how long to wait before trying a request again.

The client classifies each failed attempt into a `Failure` and asks `RetryPolicy` for the
delay: exponential backoff with full jitter (base 0.5 s, cap 30 s), or the server's own hint
(`Retry-After`, or a THROTTLED answer's missing points / restore rate).

`wait_scale()` reads SHOP_SYNC_TEST_WAIT_SCALE, a variable for the test suite only (see
`TEST_WAIT_SCALE_ENV`): unset, every wait is as described here.
"""

from __future__ import annotations

import enum
import logging
import math
import os
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

log = logging.getLogger(__name__)

#: FOR TESTS ONLY, never set for a merchant: a factor from 0.01 to 1 applied to the waits Shop
#: Sync picks by itself, the jittered back-off between attempts (`RetryPolicy.base`) and the
#: first wait between bulk status polls (`bulk.wait_until_done`), so that the tests driving
#: real processes against the demo shop (whose bulk operations end at their second read) do
#: not sleep out pauses made for Shopify. The shop's own hints (Retry-After, a THROTTLED
#: answer's restore time), the cost throttle and every time limit are never shortened.
#: Unset or empty: 1; a value that is not a number in that range is ignored (logged).
TEST_WAIT_SCALE_ENV = "SHOP_SYNC_TEST_WAIT_SCALE"
MIN_WAIT_SCALE = 0.01


def wait_scale() -> float:
    """The factor of `TEST_WAIT_SCALE_ENV`: 1 unless the test suite set a valid one."""
    text = os.environ.get(TEST_WAIT_SCALE_ENV, "").strip()
    if not text:
        return 1.0
    try:
        scale = float(text)
    except ValueError:
        scale = math.nan
    if not MIN_WAIT_SCALE <= scale <= 1.0:  # NaN fails too
        log.warning("%s=%r ignored: a number from %s to 1 is expected", TEST_WAIT_SCALE_ENV,
                    text, MIN_WAIT_SCALE)
        return 1.0
    return scale


class FailureKind(enum.Enum):
    """Why an attempt failed, as far as retrying is concerned."""

    #: The request provably was not processed: 429, THROTTLED, a connection never made.
    NOT_PROCESSED = "not_processed"
    #: The request may or may not have been processed: 5xx, read timeouts, dropped
    #: connections, Shopify's INTERNAL_SERVER_ERROR. Safe to repeat only when idempotent.
    UNKNOWN_OUTCOME = "unknown_outcome"


@dataclass(frozen=True)
class Failure:
    """One failed attempt that might be retried.

    Attributes:
        kind: whether the request may have been processed.
        reason: short text for messages and logs ("HTTP 503", "ReadTimeout", "THROTTLED").
        throttled: a 429 or THROTTLED answer (ThrottledError if it is the last).
        delay: the server's own wait hint in seconds, if it gave one.
    """

    kind: FailureKind
    reason: str
    throttled: bool = False
    delay: float | None = None


@dataclass
class RetryPolicy:
    """Bounded exponential backoff with full jitter.

    Attributes:
        max_attempts: attempts in all, the first included.
        base: first backoff ceiling in seconds.
        cap: largest backoff ceiling in seconds.
        rng: random source (seeded in tests).
    """

    max_attempts: int = 6
    base: float = 0.5
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def backoff(self, attempt: int) -> float:
        """Full-jitter delay after failed attempt number `attempt` (1-based)."""
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return self.rng.uniform(0.0, ceiling)

    def delay(self, failure: Failure, attempt: int) -> float:
        """Seconds to wait after `failure` on attempt `attempt` before the next one.

        A server hint is honoured (bounded by `cap`, never below zero); without one, backoff.
        """
        if failure.delay is not None:
            return max(0.0, min(self.cap, failure.delay))
        return self.backoff(attempt)

    def should_retry(self, failure: Failure, attempt: int, idempotent: bool) -> bool:
        """True if another attempt is allowed and safe."""
        if attempt >= self.max_attempts:
            return False
        return failure.kind is FailureKind.NOT_PROCESSED or idempotent


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header: a (possibly fractional) number or an HTTP date.

    Returns None for a missing or unreadable header (the caller falls back to backoff).
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        seconds = (moment - datetime.now(timezone.utc)).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)
