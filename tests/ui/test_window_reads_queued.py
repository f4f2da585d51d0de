"""Issue 21: the reads the window starts at a run's end run one at a time (`window_read`).

At 100,000 customers the stall benchmark (tests/benchmarks/bench_window_stall.py --trace)
found the loop's longest stalls at the run's end with its own thread nearly idle: it waited
for the interpreter while four reading threads ran Python (the Customers tab's lists, the
open conflicts, the tab titles' problem counts, the log's record names). Each of those reads
is made to last 0.1 s here and counted while it runs: with the reads queued, never two at once.
The problem counts are asked again as each list is applied: a count still waiting for its
turn when a newer one is asked is not read at all.

Controls: with `window_read` calling `read_in_thread` at once (the queue taken out), as
before, 4 reads ran together; without `still_wanted` every count asked was read (3 of 3).
"""

from __future__ import annotations

import threading
import time

from test_log_panel_stall import _gid
from ui_helpers import wait_until

from desktop_app.records.customers import CustomerRecord
from desktop_app.store import shopify_customers
from desktop_app.sync.issue_codes import NO_ADDRESS
from desktop_app.sync.results import Resource, SyncResult
from desktop_app.ui.models import record_names
from desktop_app.ui.models.sync_log_model import Column as LogColumn
from desktop_app.ui.tabs.customers.conflicts_view import ConflictsView

READ_S = 0.1
WARNED = 5


class Overlap:
    """Counts the reads running at once, each made to last READ_S."""

    def __init__(self) -> None:
        self.running = self.most = 0
        self.done: list[str] = []
        self._lock = threading.Lock()

    def timed(self, name: str, read):
        def run(*args, **kwargs):
            with self._lock:
                self.running += 1
                self.most = max(self.most, self.running)
            try:
                time.sleep(READ_S)
                return read(*args, **kwargs)
            finally:
                with self._lock:
                    self.running -= 1
                    self.done.append(name)
        return run


async def test_the_reads_of_a_runs_end_never_overlap(window, context, monkeypatch):
    shopify_customers.upsert_shopify_customers("DEMO", [
        CustomerRecord(_gid(n), first_name="Ann", last_name=f"Lee {n}",
                       email=f"ann{n}@example.com") for n in range(WARNED)])
    overlap = Overlap()
    tab = window.customers_tab
    for name, model in (("local", tab.model), ("review", tab.review_model),
                        ("shopify", tab.shopify_model)):
        job = type(model)._read_job

        def read_job(self, _name=name, _job=job, **options):
            return overlap.timed(_name, _job(self, **options))
        monkeypatch.setattr(model, "_read_job", read_job.__get__(model))
    monkeypatch.setattr(ConflictsView, "_read",
                        overlap.timed("conflicts", ConflictsView._read))
    monkeypatch.setattr(type(window), "_count_problems",
                        overlap.timed("counts", type(window)._count_problems))
    monkeypatch.setattr(record_names.names, "find_records",
                        overlap.timed("names", record_names.names.find_records))
    asked = []
    count_in_thread = window._count_in_thread

    def asking(generation, code):
        asked.append(generation)
        return count_in_thread(generation, code)
    monkeypatch.setattr(window, "_count_in_thread", asking)
    result = SyncResult("customers", created=WARNED)
    for n in range(WARNED):
        result.warn(_gid(n), "address", NO_ADDRESS, f"created K{n:05} without an address",
                    {"name": f"Ann Lee {n}", "no": f"K{n:05}", "template": "WEB",
                     "country": "CA"})

    # What the engine says at a customers run's end: the store changed, the run finished.
    context.engine.changed.emit(Resource.CUSTOMERS.value)
    context.engine.finished.emit("DEMO", "customers", result)
    model = window.log_panel.proxy
    await wait_until(lambda: {"local", "review", "shopify", "conflicts", "counts", "names"}
                     <= set(overlap.done), timeout=10)
    await wait_until(lambda: model.index(WARNED, LogColumn.RECORD).data()
                     == f"Ann Lee {WARNED - 1} <ann{WARNED - 1}@example.com>")
    await wait_until(lambda: not window._problem_tasks)
    counted = overlap.done.count("counts")
    print(f"reads {overlap.done}, at most {overlap.most} at once; counts asked {len(asked)}, "
          f"read {counted}")
    assert overlap.most == 1
    assert 1 <= counted < len(asked)
