"""Cost pacing: a client-side model of Shopify's leaky bucket.

Every response reports `extensions.cost.throttleStatus` (`currentlyAvailable`,
`maximumAvailable`, `restoreRate`). `CostThrottle` keeps the last reading and its time; before a
call it estimates the points available now (reading + elapsed x restoreRate, capped at the
maximum) and, if the call's requested cost does not fit, sleeps the difference / restoreRate.
That way THROTTLED answers are avoided instead of recovered from.

Nothing is assumed before the first response (no restore rate is guessed): the first call goes
at once and its answer teaches the bucket's size and rate. Concurrent callers share the bucket:
reservations are taken under one asyncio.Lock, in arrival order, and a reserved cost stays
subtracted until its answer brings a fresh reading.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: Bounds of a believable `throttleStatus` (Shopify's buckets hold 1,000 to 20,000 points and
#: restore 50 to 1,000 a second in 2026; the bounds leave a wide margin for future plans).
MAX_BUCKET = 1_000_000.0
MIN_RATE = 1.0
MAX_RATE = 100_000.0
#: The longest single wait for points, whatever a reading says: a full bucket of the largest
#: documented plan refills in 20 s (20,000 points at 1,000/s), a standard one in 20 s too.
MAX_WAIT = 60.0


@dataclass(frozen=True)
class ThrottleStatus:
    """One `throttleStatus` reading."""

    maximum: float
    available: float
    restore_rate: float

    @classmethod
    def from_extensions(cls, extensions: Any) -> ThrottleStatus | None:
        """Read `extensions.cost.throttleStatus`; None when absent, malformed or impossible.

        Impossible readings (not finite, a bucket larger than `MAX_BUCKET`, a
        restore rate outside `MIN_RATE`..`MAX_RATE`, a level beyond the bucket's size either way)
        are ignored as if absent: pacing on them could make the client wait without end.
        """
        try:
            status = extensions["cost"]["throttleStatus"]
            reading = cls(
                maximum=float(status["maximumAvailable"]),
                available=float(status["currentlyAvailable"]),
                restore_rate=float(status["restoreRate"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return reading if reading.plausible() else None

    def plausible(self) -> bool:
        """True for a reading a real Shopify bucket could give."""
        values = (self.maximum, self.available, self.restore_rate)
        if not all(math.isfinite(v) for v in values):
            return False
        return (0 < self.maximum <= MAX_BUCKET and MIN_RATE <= self.restore_rate <= MAX_RATE
                and -self.maximum <= self.available <= self.maximum)


class CostThrottle:
    """Waits before calls so that their requested cost fits in Shopify's bucket.

    Attributes:
        waited: total seconds spent waiting for points (for statistics).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._available: float | None = None
        self._maximum: float | None = None
        self._rate: float | None = None
        self._read_at = 0.0
        self._pending = 0.0
        self.waited = 0.0

    @property
    def maximum(self) -> float | None:
        """The bucket's size, once a response has told it."""
        return self._maximum

    @property
    def restore_rate(self) -> float | None:
        """Points restored per second, once a response has told it."""
        return self._rate

    def available_now(self) -> float | None:
        """Estimated points available at this moment (None before the first reading)."""
        return self._estimate(self._clock())

    def _estimate(self, at: float) -> float | None:
        if self._available is None or self._rate is None or self._maximum is None:
            return None
        return min(self._maximum, self._available + (at - self._read_at) * self._rate)

    async def acquire(self, cost: float) -> float:
        """Wait until `cost` points are (estimated to be) available and reserve them.

        Every `acquire` must be followed by one `release` with the same cost.

        Returns:
            the seconds waited.
        """
        async with self._lock:
            self._pending += cost
            now = self._clock()
            available = self._estimate(now)
            if available is None or self._rate is None or self._rate <= 0:
                return 0.0
            assert self._maximum is not None
            # A call never needs more than a full bucket; past that Shopify's own limit
            # answers (MAX_COST_EXCEEDED) and waiting longer would not help.
            needed = min(cost, self._maximum)
            wait = 0.0
            if available < needed:
                wait = min(MAX_WAIT, (needed - available) / self._rate)
                log.debug(
                    "Pacing: %.0f points needed, %.1f available at %.0f/s; waiting %.2f s",
                    needed,
                    available,
                    self._rate,
                    wait,
                )
                await self._sleep(wait)
                self.waited += wait
            # The reservation: at `now + wait` the bucket holds `needed` points, all spent.
            # (Anchored to the computed time, not the clock after sleeping, so an injected
            # clock and sleep give the same result as real ones.)
            self._available = available + wait * self._rate - needed
            self._read_at = now + wait
            return wait

    def release(
        self, cost: float, status: ThrottleStatus | None, read_at: float | None = None
    ) -> None:
        """The call reserved with `cost` got an answer (`status` from it, if any).

        Args:
            read_at: when the reading was taken; by default now, when the answer arrived.
                Shopify reports the level after charging this call, some time before the
                answer arrives: taking the arrival time under-counts the refill by up to the
                latency x restoreRate, which is the safe side (and absorbs Shopify's rounding
                of `currentlyAvailable`). Taking the send time instead over-counted it and
                drew THROTTLED answers from the demo shop.
        """
        self._pending = max(0.0, self._pending - cost)
        if status is None:
            return
        self._maximum = status.maximum
        self._rate = status.restore_rate
        # Calls still in flight have reserved points the reading may not show yet.
        self._available = status.available - self._pending
        self._read_at = self._clock() if read_at is None else read_at

