"""Issue 21: the end of a large sync does not stall the window's event loop.

When a sync ends, the log panel adds the run's summary and warnings (tens of thousands after a
100,000-customer first sync) and reads the names of the records its rows name. One
`beginInsertRows` a row, each followed by the proxy, the view, the count label and a scroll,
and one read of the names of all 5,000 kept rows, held the loop 0.1-0.3 s in the window's
stall benchmark (tests/benchmarks/bench_window_stall.py), more on a loaded machine.

Measured as a user meets it: the real window, the engine's `finished` signal, a 5 ms precise
QTimer heartbeat whose longest gap is the longest stall, until the view painted the rows.

Control: with the panel of before (`_on_engine_finished` wording and adding every warning at
once, one `self._add` each), the longest gap was 575 ms (52-78 ms with the panel of now).
"""

from __future__ import annotations

import asyncio
import gc
import time

from PySide6.QtCore import Qt, QTimer
from ui_helpers import wait_until

from desktop_app.records.customers import CustomerRecord
from desktop_app.store import shopify_customers
from desktop_app.sync.issue_codes import NO_ADDRESS
from desktop_app.sync.results import SyncResult
from desktop_app.ui.models import record_names
from desktop_app.ui.models.sync_log_model import MAX_ROWS, READ_BATCH
from desktop_app.ui.models.sync_log_model import Column as LogColumn

WARNINGS = 30_000
#: The longest stall allowed. The issue's goal (50 ms) is measured by the stall benchmark on a
#: quiet machine; here the window under test also repaints and the machine runs other tests
#: (151-154 ms seen on a loaded 2-CPU box with 150). The panel of before stalled 575 ms.
BOUND_MS = 300


class Heartbeat:
    """A precise 5 ms timer; `longest_ms` is the longest time between two of its ticks."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def _gid(n: int) -> str:
    return f"gid://shopify/Customer/{8_200_000_000_000 + n}"


async def test_the_end_of_a_large_sync_never_stalls_the_window(window, context, monkeypatch):
    read_sizes: list[int] = []
    find = record_names.names.find_records

    def counting(shop, records):
        read_sizes.append(len(records))
        return find(shop, records)

    monkeypatch.setattr(record_names.names, "find_records", counting)
    # The last 2,000 warned customers are in the mirror: their rows show their names.
    shopify_customers.upsert_shopify_customers("DEMO", [
        CustomerRecord(_gid(n), first_name="Ann", last_name=f"Lee {n}",
                       email=f"ann{n}@example.com") for n in range(WARNINGS - 2000, WARNINGS)])
    result = SyncResult("customers", created=WARNINGS)
    for n in range(WARNINGS):
        result.warn(_gid(n), "address", NO_ADDRESS, f"created K{n:05} without an address",
                    {"name": f"Ann Lee {n}", "no": f"K{n:05}", "template": "WEB",
                     "country": "CA"})
    panel = window.log_panel
    await asyncio.sleep(0.05)
    # As the window runs a sync: its start-up frozen (`app.settle_heap`), the collector's
    # full passes held back or not yet given back (`sync.collector`; their own stall is
    # that module's test). What is left is the log's.
    gc.collect()
    gc.freeze()
    beat = Heartbeat()
    beat.start()
    await asyncio.sleep(0.02)
    context.engine.finished.emit("DEMO", "customers", result)
    assert panel.adding  # the rest comes at the next turns of the loop
    await wait_until(lambda: panel.grab().width() > 0 and not panel.adding)
    for _ in range(5):  # painted, the visible rows' names read, a few ticks after
        assert panel.grab().width() > 0
        await asyncio.sleep(0.02)
    beat.stop()
    gc.unfreeze()

    # What the window shows is what it showed before: the newest MAX_ROWS rows, in order,
    # each with its record's name once read.
    model = panel.proxy
    assert model.rowCount() == MAX_ROWS
    last = model.index(MAX_ROWS - 1, LogColumn.MESSAGE).data()
    first = model.index(0, LogColumn.MESSAGE).data()
    assert f"K{WARNINGS - 1:05}" in last and f"K{WARNINGS - MAX_ROWS:05}" in first
    await wait_until(lambda: model.index(MAX_ROWS - 1, LogColumn.RECORD).data()
                     == f"Ann Lee {WARNINGS - 1} <ann{WARNINGS - 1}@example.com>")
    assert panel.count_label.text().endswith(str(MAX_ROWS))
    # The names are read as the view shows the rows, a bounded batch at a time (one read
    # of all 5,000 rows' records was 0.1-0.3 s of the stall).
    assert read_sizes and max(read_sizes) <= READ_BATCH
    print(f"longest stall {beat.longest_ms:.0f} ms")
    assert beat.longest_ms < BOUND_MS
