"""Watermarks of the incremental reads, by Shopify's own clock (issues 9 and 21).

An incremental sync asks Shopify for the records changed since its watermark, less
`OVERLAP` (`changed_since`). The watermark is the **server's time at the start of the read**
("read through"), taken from an answer's HTTP `Date` (`ShopifyClient.last_server_time`, a
lower bound of Shopify's clock), not the newest `updatedAt` the read saw:

- every change made after the start of the read gets a later `updatedAt`, so the next
  window holds it, whether this read saw it or not (it may have been made between two pages,
  or after the page that held the record was read);
- a change this read did see lies before the watermark, and leaves the window once the next
  run starts more than `OVERLAP` after it: a burst of 1,000 edits in the same few seconds is
  read once (and at most once more by a run made within `OVERLAP` of it), not again at every
  run until a newer change moves a newest-`updatedAt` watermark past the burst (issue 21:
  404 points a run for 1,000 edits);
- `OVERLAP` (60 s) covers Shopify's eventual consistency: its search index trails its
  database by seconds, so an edit made just before the start of the read that the search
  did not find yet is found by the next run.

Without a `Date` header the watermark is the newest `updatedAt` seen, as before (`next`).
A job stores the watermark only once the whole read was handled: a run killed on the way
starts again from the old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desktop_app.shopify.records import format_datetime

__all__ = ["OVERLAP", "ReadStart", "changed_since", "next_watermark", "server_time_of"]

#: How far before the watermark the next window starts (Shopify's search index lag).
OVERLAP = dt.timedelta(seconds=60)


def changed_since(watermark: dt.datetime, overlap: dt.timedelta = OVERLAP) -> str:
    """The search term of the records changed since `watermark`, less `overlap`."""
    return f"updated_at:>='{format_datetime(watermark - overlap)}'"


def server_time_of(client: object) -> dt.datetime | None:
    """Shopify's clock at the client's last answer (`last_server_time`); None without one
    (an answer without a `Date` header, or a client that does not keep it)."""
    moment = getattr(client, "last_server_time", None)
    return moment if isinstance(moment, dt.datetime) else None


def next_watermark(server_time: dt.datetime | None,
                   newest: dt.datetime | None) -> dt.datetime | None:
    """The watermark to store after a read: the server's time at its start, else (no `Date`
    header) the newest `updatedAt` it saw."""
    return server_time if server_time is not None else newest


class ReadStart:
    """The server's time at the start of one read, as a lower bound.

    Made right before the read's first request; `date()` is called after its answers (the
    first call that finds a server time wins). It takes the client's `last_server_time` less
    the time this machine's clock (`client.clock`, monotonic) counted since the read started,
    so it stays a lower bound of Shopify's clock at the start even when the first call comes
    late (a bulk export yields its first record after its polls; an export adopted after a
    lost answer started before any answer this run received).

    Attributes:
        server_time: the start of the read by Shopify's clock; None until dated (or without
            a `Date` header).
    """

    def __init__(self, client: object) -> None:
        self._client = client
        clock = getattr(client, "clock", None)
        self._clock: Callable[[], float] | None = clock if callable(clock) else None
        self._started = self._clock() if self._clock is not None else 0.0
        self.server_time: dt.datetime | None = None

    def date(self) -> None:
        """Date the read by the client's last answer, unless it is dated already."""
        if self.server_time is not None:
            return
        moment = server_time_of(self._client)
        if moment is None:
            return
        if self._clock is not None:
            moment -= dt.timedelta(seconds=max(0.0, self._clock() - self._started))
        self.server_time = moment

    def watermark(self, newest: dt.datetime | None) -> dt.datetime | None:
        """The watermark of the read (`next_watermark`)."""
        return next_watermark(self.server_time, newest)
