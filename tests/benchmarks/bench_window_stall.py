"""Benchmark: how long the main window's event loop stalls while it syncs customers.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window_stall.py \
        [--customers 10000] [--local N] [--api-url http://127.0.0.1:PORT] [--json]

The real `MainWindow` runs on a qasync loop, showing the Customers tab of a shop card that
points at a demo shop **served by another process** on 127.0.0.1 (`shop-sync demo-shop
serve`, started here through `tests/integration/demo_process.py` unless `--api-url` names one
already running with `--seed 11 --customers N`), as a merchant's window points at Shopify.
The shop is on the standard plan; the local store holds `--local` customers (default N),
half of them twins of Shopify customers by e-mail, as in run_all.py.

A 10 ms precise QTimer ticks from the click until `engine.sync(...)` returns, the tab's lists
are reloaded and the collector's full passes are given back (with their first pass); a tick's
lateness is its distance from the previous tick minus 10 ms, i.e. how long the loop was busy
with something else. Printed: the worst lateness, its p50/p90/p99 over the run, how many ticks
were late by 50 ms or more, and when the five worst happened (seconds since the start of the
sync), with the CPU time the loop's thread and the whole process used meanwhile (`stall_cpu`:
busy loop, other threads holding the interpreter, or a process waiting for a CPU), and the
interpreter's switch interval at the run's end (`sync.collector.SYNC_SWITCH_INTERVAL`). With
`--json` the last line is the same as JSON (what run_all.py reads).

An in-process demo shop would share the GIL with the window: its bulk export and GraphQL
execution then show up as stalls of the app. A served one does not, as with Shopify.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "integration"))

SEED = 11
PLAN = "standard"
SHOP = "B"
TICK_MS = 10


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values` (0 < share <= 1)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarise(lateness_ms: list[tuple[float, float]], wall_s: float, customers: int) -> dict:
    """The figures of one run from (seconds since start, lateness ms) per tick."""
    late = [ms for _, ms in lateness_ms]
    worst = sorted(lateness_ms, key=lambda t: -t[1])[:5]
    return {
        "customers": customers,
        "wall": wall_s,
        "ticks": len(late),
        "worst_ms": max(late, default=0.0),
        "p50_ms": percentile(late, 0.50),
        "p90_ms": percentile(late, 0.90),
        "p99_ms": percentile(late, 0.99),
        "mean_ms": statistics.fmean(late) if late else 0.0,
        "over_50ms": sum(1 for ms in late if ms >= 50),
        "worst_at": [[round(at, 2), round(ms, 1)] for at, ms in worst],
    }


def stall_cpu(ticks: list[tuple[float, float]], cpu: list[tuple[float, float]],
              top: int = 5) -> list[list[float]]:
    """Where the five worst stalls went: [s since start, ms late, CPU ms of the loop's
    thread, CPU ms of the whole process] over the tick's interval. The loop's CPU near the
    stall: the loop was busy (a sampled stack shows with what); the process's much more: its
    other threads held the interpreter; both small: the process waited for a CPU (the
    machine's load) or for the disk."""
    worst = sorted(range(len(ticks)), key=lambda i: -ticks[i][1])[:top]
    return [[round(ticks[i][0], 2), round(ticks[i][1], 1), round(cpu[i][0], 1),
             round(cpu[i][1], 1)] for i in worst]


class StallSampler:
    """A watchdog thread: while the loop has not ticked for `after_ms`, sample its stack.

    Each sample is the main thread's innermost frames (file:line function), so a stall is
    explained by where the loop was stuck, not guessed. When the main thread shows no Python
    frame under the loop (it waits in Qt's C++ code, e.g. for the GIL), the innermost frame
    of every other thread is recorded too.
    """

    def __init__(self, last_tick: list[float], started: float, after_ms: float = 30.0) -> None:
        import collections
        import threading

        self._last = last_tick
        self._started = started
        self._after = after_ms / 1000
        self._main = threading.main_thread().ident
        self._me = None
        self._stop = threading.Event()
        self.samples: collections.Counter[tuple[str, ...]] = collections.Counter()
        #: Per stall (start of the stall, s since start): its samples' innermost app frames.
        self.stalls: dict[float, collections.Counter[str]] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _frames(frame) -> list[str]:
        import traceback

        return [f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in traceback.extract_stack(frame)]

    def _run(self) -> None:
        import collections
        import threading

        self._me = threading.get_ident()
        while not self._stop.wait(0.005):
            last = self._last[0]
            if time.perf_counter() - last < self._after:
                continue
            frames = sys._current_frames()
            main = frames.get(self._main)
            if main is None:
                continue
            stack = self._frames(main)
            where = stack[-1]
            if where.endswith((" run_forever", " run_until_complete")):
                others = [self._frames(f)[-1] for ident, f in frames.items()
                          if ident not in (self._main, self._me)]
                stack.append("[in Qt] other threads: " + "; ".join(others))
                where = stack[-1]
            else:  # the innermost frame of the app (not of a library) says most
                app = [f for f in stack if not f.startswith(("peewee.py", "contextlib.py",
                                                             "_client.py", "ssl.py"))]
                where = " <- ".join(reversed(app[-3:]))
            self.samples[tuple(stack[-14:])] += 1
            stall = self.stalls.setdefault(round(last - self._started, 2),
                                           collections.Counter())
            stall[where] += 1

    def report(self, top: int = 8) -> str:
        lines = []
        for stack, count in self.samples.most_common(top):
            lines.append(f"{count} samples (~{count * 5} ms):")
            lines += [f"    {frame}" for frame in stack]
        lines.append("longest stalls (start s: samples at the innermost frames):")
        longest = sorted(self.stalls.items(), key=lambda kv: -sum(kv[1].values()))[:10]
        for at, where in sorted(longest):
            lines.append(f"  {at:7.2f} s, {sum(where.values())} samples:")
            lines += [f"      {n:3d}  {frame}" for frame, n in where.most_common(4)]
        return "\n".join(lines)


class ThreadTimes:
    """Per tick, every thread's CPU and run-queue wait from /proc (Linux `schedstat`): a
    stall is then split into who ran and who waited for a CPU (trace mode only: about 0.3 ms
    a tick)."""

    def __init__(self) -> None:
        import threading

        self._threading = threading
        self.snapshots: list[dict[int, tuple[int, int]]] = []
        self.names: dict[int, str] = {}

    def snapshot(self) -> None:
        taken: dict[int, tuple[int, int]] = {}
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/schedstat") as f:
                    ran, waited, _ = f.read().split()
            except OSError:
                continue
            taken[int(tid)] = (int(ran), int(waited))
        self.snapshots.append(taken)
        if len(self.snapshots) % 50 == 1:
            self.name_threads()

    def name_threads(self) -> None:
        for thread in self._threading.enumerate():
            if thread.native_id is not None:
                self.names[thread.native_id] = thread.name
        for tid in os.listdir("/proc/self/task"):
            if int(tid) not in self.names:
                try:
                    with open(f"/proc/self/task/{tid}/comm") as f:
                        self.names[int(tid)] = "os:" + f.read().strip()
                except OSError:
                    pass

    def between(self, tick: int) -> list[tuple[str, float, float]]:
        """(thread, ms on a CPU, ms waiting for one) from tick-1 to tick, busiest first."""
        if tick == 0 or tick >= len(self.snapshots):
            return []
        before, after = self.snapshots[tick - 1], self.snapshots[tick]
        rows = []
        for tid, (ran, waited) in after.items():
            ran0, waited0 = before.get(tid, (0, 0))
            if ran - ran0 > 500_000 or waited - waited0 > 500_000:
                rows.append((self.names.get(tid, str(tid)), (ran - ran0) / 1e6,
                             (waited - waited0) / 1e6))
        return sorted(rows, key=lambda r: -r[1])


class GilWatch:
    """A thread that sleeps 2 ms at a time: when it wakes 8 ms late or more, the GIL was
    held that long by another thread (or the machine was busy), and the other threads'
    frames then show where the holder let it go (the statement after the long call)."""

    def __init__(self) -> None:
        import collections
        import threading

        self.late: collections.Counter[str] = collections.Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="gil-watch")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import threading
        import traceback

        me, main = threading.get_ident(), threading.main_thread().ident
        while not self._stop.is_set():
            before = time.perf_counter()
            time.sleep(0.002)
            late = (time.perf_counter() - before) * 1000 - 2
            if late < 8:
                continue
            for ident, frame in sys._current_frames().items():
                if ident in (me, main):
                    continue
                stack = traceback.extract_stack(frame)[-3:]
                if stack and stack[-1].name in ("wait", "_worker", "get", "run", "_drain"):
                    continue
                where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                    for f in reversed(stack))
                self.late[where] += round(late)

    def report(self, top: int = 12) -> str:
        lines = ["GIL held 8 ms or more (ms late in all, where the holder was next):"]
        lines += [f"  {ms:6d}  {where}" for where, ms in self.late.most_common(top)]
        return "\n".join(lines)


class GcPauses:
    """The cyclic garbage collector's passes during the run (they hold the GIL: a full pass
    over a big heap stalls the loop, and no stack sampler can run meanwhile)."""

    def __init__(self) -> None:
        self.passes: list[tuple[float, int, float]] = []  # (s since start, generation, ms)
        self._began = 0.0
        self._started = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._began = now
        else:
            self.passes.append((now - self._started, info["generation"],
                                (now - self._began) * 1000))

    def start(self, started: float) -> None:
        self._started = started
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def worst(self, top: int = 5) -> list[list[float]]:
        """The longest passes: [s since start, generation, ms]."""
        longest = sorted(self.passes, key=lambda p: -p[2])[:top]
        return [[round(at, 2), gen, round(ms, 1)] for at, gen, ms in longest]


async def measure(api_url: str, customers: int, local: int, trace: bool = False,
                  hold_back: bool = True, threads: bool = False) -> dict:
    import run_all
    from PySide6.QtCore import Qt, QTimer

    from desktop_app.app import AppContext, Services, settle_heap
    from desktop_app.credentials.vault import Vault
    from desktop_app.demo_shop import ShopBackend
    from desktop_app.store import shops
    from desktop_app.store.customers import upsert_customers
    from desktop_app.store.database import close_database, open_database
    from desktop_app.sync.collector import hold_back_during_syncs
    from desktop_app.sync.engine import SyncEngine
    from desktop_app.sync.service import SyncService
    from desktop_app.ui.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    open_database(folder / "shop_sync.sqlite3")
    # The same generated shop as the served one (same seed), only to pick the local twins.
    backend = ShopBackend.generate(seed=SEED, customers=customers)
    rows = run_all.local_customers(backend, local)
    backend.close()
    del backend  # its 100,000 customer objects would slow every full pass of the collector
    for start in range(0, len(rows), 10_000):
        upsert_customers(rows[start:start + 10_000])
    del rows
    gc.collect()
    shops.create_shop(SHOP, name="Bench", api_url=api_url)
    shops.update_shop_settings(SHOP, run_all.SETTINGS)
    shops.save_shop_info(SHOP, {"country": "CA"})
    vault = Vault()
    vault.set_secret(SHOP, "token", "shpat_bench")  # the served shop accepts any token
    service = SyncService(vault=vault, data_dir=folder)
    engine = SyncEngine(service)
    window = MainWindow(AppContext(Services(folder, vault, service, None), engine))
    window.resize(1280, 800)
    window.show()
    window.select_shop(SHOP)
    window.tabs.setCurrentWidget(window.customers_tab)
    settle_heap()  # as desktop_app.gui does once the window is up
    collector = hold_back_during_syncs(engine.busy_changed) if hold_back else None
    await asyncio.sleep(0.5)

    ticks: list[tuple[float, float]] = []
    started = time.perf_counter()
    last = [started]
    # Per tick, the CPU the loop's thread and the whole process used since the previous one.
    cpu: list[tuple[float, float]] = []
    last_cpu = [time.thread_time(), time.process_time()]

    def tick() -> None:
        now = time.perf_counter()
        ticks.append((now - started, max(0.0, (now - last[0]) * 1000 - TICK_MS)))
        last[0] = now
        thread, process = time.thread_time(), time.process_time()
        cpu.append(((thread - last_cpu[0]) * 1000, (process - last_cpu[1]) * 1000))
        last_cpu[:] = thread, process
        if times is not None:
            times.snapshot()

    times = ThreadTimes() if threads else None
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    pauses = GcPauses()
    timer.start()
    started = last[0] = time.perf_counter()
    last_cpu[:] = time.thread_time(), time.process_time()
    pauses.start(started)
    sampler = StallSampler(last, started) if trace else None
    gil_watch = GilWatch() if os.environ.get("STALL_GIL_WATCH") else None
    if gil_watch:
        gil_watch.start()
    if sampler:
        sampler.start()
    # The tab reads its three lists again after the sync (in a worker thread): keep ticking
    # until each was reset, so a stall while they apply counts too.
    tab = window.customers_tab
    resets: list[str] = []
    tab.model.modelReset.connect(lambda: resets.append("local"))
    tab.shopify_model.modelReset.connect(lambda: resets.append("shopify"))
    tab.review_model.modelReset.connect(lambda: resets.append("review"))
    result = await engine.sync(SHOP, "customers")
    wall = time.perf_counter() - started
    switch_ms = sys.getswitchinterval() * 1000  # at the run's end (`sync.collector`)
    counts = None if result is None else (result.created, result.updated, result.failed)
    # The window keeps no run's result (the tab's slot returns it and ends): held here
    # until the lists were reloaded, it was walked by the collector's first full pass when
    # that pass came back before the reloads ended (548 ms at 100,000 on a loaded machine).
    del result
    resets.clear()
    deadline = time.perf_counter() + 30
    while not {"local", "shopify", "review"} <= set(resets) and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # a last tick after the views applied
    reloaded = time.perf_counter() - started - wall
    # The full passes come back a moment after the sync (`sync.collector`): keep ticking
    # until then, and make their first pass (which the next allocations would start) while
    # ticking, so its stall counts too.
    deadline = time.perf_counter() + 10
    while collector is not None and collector.held_back and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    first_pass = time.perf_counter()
    gc.collect()
    first_pass_ms = (time.perf_counter() - first_pass) * 1000
    await asyncio.sleep(0.05)
    timer.stop()
    pauses.stop()
    if sampler:
        sampler.stop()
        print(sampler.report())
    if gil_watch:
        gil_watch.stop()
        print(gil_watch.report())
    if times is not None:
        times.name_threads()
        print("threads over the worst ticks (name, ms on a CPU, ms waiting for a CPU):")
        for i in sorted(range(len(ticks)), key=lambda i: -ticks[i][1])[:6]:
            print(f"  {ticks[i][0]:7.2f} s, {ticks[i][1]:.0f} ms late:",
                  "; ".join(f"{n} {r:.0f}/{w:.0f}" for n, r, w in times.between(i)))
    if os.environ.get("STALL_TICKS_FILE"):  # for an outside sampler (monotonic clock)
        import threading
        with open(os.environ["STALL_TICKS_FILE"], "w") as out:
            out.write(json.dumps({"started": started, "ticks": ticks, "threads": {
                t.native_id: t.name for t in threading.enumerate()}}))
    figures = summarise(ticks, wall, customers)
    figures["worst_cpu"] = stall_cpu(ticks, cpu)
    figures["reload_after_s"] = reloaded
    figures["first_full_pass_after_ms"] = first_pass_ms
    figures["gc_worst"] = pauses.worst()
    full = [ms for _, generation, ms in pauses.passes if generation == 2]
    figures["gc_full"], figures["gc_full_ms"] = len(full), sum(full)
    figures["held_back"] = collector is not None
    figures["switch_ms"] = switch_ms
    figures["load_after"] = os.getloadavg()[0]
    if counts is None:
        figures["error"] = "the sync failed or was cancelled"
    else:
        figures["created"], figures["updated"], figures["failed"] = counts
    figures["table_rows"] = window.customers_tab.model.total()
    # What a full pass of the collector walks now (all but the frozen): its size and kinds.
    walked = gc.get_objects(generation=2)
    figures["gen2_objects"] = len(walked)
    figures["gen2_kinds"] = Counter(type(o).__name__ for o in walked).most_common(8)
    del walked
    window.close()
    await service.aclose()
    close_database()
    shutil.rmtree(folder, ignore_errors=True)  # 100 MB at 100,000 customers
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000, help="Shopify customers")
    parser.add_argument("--local", type=int, default=None, help="local customers (default: N)")
    parser.add_argument("--api-url", help="a demo shop already served with --seed 11 "
                        "--customers N --plan standard (default: start one)")
    parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
    parser.add_argument("--trace", action="store_true",
                        help="sample the loop's stack while it stalls (30 ms+) and print it")
    parser.add_argument("--threads", action="store_true",
                        help="split the worst stalls by thread: CPU used and waited for "
                        "(Linux /proc schedstat, read at each tick: about 0.3 ms a tick)")
    parser.add_argument("--no-hold-back", action="store_true",
                        help="let the collector's full passes run during the sync (the way "
                        "before issue 21: no `sync.collector` policy)")
    args = parser.parse_args()
    local = args.customers if args.local is None else args.local

    import qasync
    from PySide6.QtWidgets import QApplication

    load_before = os.getloadavg()[0]
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with ExitStack() as stack:
        url = args.api_url
        if url is None:
            from demo_process import served_demo_shop

            served = stack.enter_context(served_demo_shop(
                "--seed", str(SEED), "--customers", str(args.customers), "--plan", PLAN))
            url = served.url
        figures = loop.run_until_complete(measure(url, args.customers, local, args.trace,
                                                     not args.no_hold_back, args.threads))
        figures["load_before"] = load_before
        loop.close()  # joins qasync's worker threads (else Qt warns a QThread was destroyed)
    print(f"{args.customers} Shopify customers, {local} local, demo shop served at {url}; "
          f"1-minute load average {load_before:.1f} before, {figures['load_after']:.1f} after "
          f"(on {os.cpu_count()} CPUs: other processes delay the loop too)")
    print(f"sync {figures['wall']:.2f} s (then {figures['reload_after_s']:.2f} s until the "
          f"tab's lists were reloaded), {figures['ticks']} ticks of {TICK_MS} ms: "
          f"longest stall {figures['worst_ms']:.0f} ms; lateness p50 {figures['p50_ms']:.1f} ms, "
          f"p90 {figures['p90_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms; "
          f"{figures['over_50ms']} ticks late by 50 ms or more")
    print("worst (s since start, ms):", figures["worst_at"])
    print("their CPU (s since start, ms late, CPU ms of the loop's thread, of the process):",
          figures["worst_cpu"])
    print("longest garbage collector passes (s since start, generation, ms):",
          figures["gc_worst"])
    print(f"full passes: {figures['gc_full']} ({figures['gc_full_ms']:.0f} ms together); "
          f"full passes held back during the sync: {figures['held_back']}; the first full "
          f"pass once given back (made by the benchmark, counted in the stalls): "
          f"{figures['first_full_pass_after_ms']:.0f} ms; the interpreter's switch interval "
          f"at the run's end: {figures['switch_ms']:g} ms")
    print(f"after the sync the collector's full passes walk {figures['gen2_objects']} objects, "
          f"most: {figures['gen2_kinds']}")
    if args.json:
        print(json.dumps(figures))
    return 0 if "error" not in figures else 1


if __name__ == "__main__":
    sys.exit(main())
