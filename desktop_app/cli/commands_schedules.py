"""`shop-sync schedules ...` and `shop-sync scheduler [--once]`: the window's schedules, run
without the window (cron, a systemd timer or service).

The schedules are the ones the window's Schedules dialog edits, run through the same service
(`sync.schedule.ScheduleRunner`); a due schedule is claimed in the database before it runs,
so the window and any number of scheduler processes start it once. A shop that another
process is syncing is not waited for: the schedule is skipped with the reason (on it, in
`schedules list`) and tried again at the next look.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator

from desktop_app.cli import output
from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Output, UsageError

#: `scheduler`: the longest and shortest wait between two looks at the schedules (seconds).
TICK_RANGE = (1.0, 3600.0)


def cmd_schedules(args, out: Output, services) -> int:
    from desktop_app.sync import schedule

    if args.action == "list":
        shop = resolve_shop(args.shop) if args.shop else None
        rows = [schedule.schedule_json(r) for r in schedule.list_schedules(shop)]
        out.rows(rows, _schedule_line, "No schedules. Add one with `shop-sync schedules add "
                                       "RESOURCE --every MINUTES`.")
        return EXIT_OK
    if args.action == "add":
        shop = resolve_shop(args.shop)
        row = schedule.schedule_json(schedule.add_schedule(shop, args.resource, args.every))
        out.result(row, f"Schedule {row['id']} added: {row['resource']} of shop {row['shop']} "
                        f"every {row['every_minutes']} min, next run {_when(row['next_run'])}. "
                        "It runs while the window is open or `shop-sync scheduler` runs.")
        return EXIT_OK
    if args.action == "remove":
        row = schedule.schedule_json(schedule.remove_schedule(args.id))
        out.result({**row, "removed": True},
                   f"Schedule {row['id']} removed ({row['resource']} of shop {row['shop']}).")
        return EXIT_OK
    raise UsageError("schedules needs an action: list, add, remove")


def _schedule_line(row: dict) -> str:
    line = (f"{row['id']:>4}  {row['shop']:<10} {row['resource']:<11} every "
            f"{row['every_minutes']:>4} min  next {_when(row['next_run'])}")
    if row["note"]:
        line += f"\n      last: {row['note']}"
    return line


def _when(iso: str | None) -> str:
    return iso.replace("T", " ").replace("+00:00", " UTC") if iso else "-"


def cmd_scheduler(args, out: Output, services) -> int:
    from desktop_app.sync.schedule import DEFAULT_TICK_SECONDS, Outcome, ScheduleRunner

    tick = DEFAULT_TICK_SECONDS if args.tick is None else args.tick
    if not TICK_RANGE[0] <= tick <= TICK_RANGE[1]:
        raise UsageError(f"--tick takes a number of seconds from {TICK_RANGE[0]:.0f} to "
                         f"{TICK_RANGE[1]:.0f}")
    service = services.service
    # A shop another process syncs is skipped at once (`ScheduleRunner` looks first); 2 s
    # only bridge a look by another scheduler at the same instant.
    service.lock_wait = 2.0
    outcomes: list[Outcome] = []

    def told(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if not out.as_json:
            print(_outcome_line(outcome), flush=True)

    runner = ScheduleRunner(service, on_outcome=told)

    async def run() -> bool:
        """True when stopped by a signal."""
        stop = asyncio.Event()
        try:
            with _stop_on_signals(stop):
                if args.once:
                    await runner.run_once_unless(stop)
                else:
                    if not out.as_json:
                        print(f"Scheduler running (a look every {tick:.0f} s at most); stop "
                              "it with Ctrl+C or SIGTERM.", flush=True)
                    await runner.run_until(stop, tick)
        finally:
            await service.aclose()
        return stop.is_set()

    stopped = asyncio.run(run())
    next_run = runner.next_run()
    data = {"runs": [o.to_json() for o in outcomes],
            "next_run": next_run.isoformat(timespec="seconds") if next_run else None,
            "stopped": stopped}

    def text() -> str:
        lines = [] if outcomes or not args.once else ["Nothing was due."]
        if stopped:
            lines.append("Scheduler stopped.")
        if next_run is not None:
            lines.append(f"Next scheduled run: {_when(data['next_run'])}.")
        return "\n".join(lines)

    if out.as_json:
        out.result(data, "")
    else:
        summary = text()
        if summary:
            print(summary)
    if stopped and not args.once:
        return EXIT_OK
    return _exit_code(outcomes)


def _exit_code(outcomes) -> int:
    """0: every run done (or skipped: tried again later); 2: runs failed and none was done;
    1: otherwise some records or runs failed."""
    done = [o for o in outcomes if o.status in ("ok", "partial")]
    troubled = [o for o in outcomes if o.status in ("partial", "failed", "cancelled")]
    if not troubled:
        return EXIT_OK
    if not done and any(o.status == "failed" for o in outcomes):
        return EXIT_FAILED
    return EXIT_PARTIAL


def _outcome_line(outcome) -> str:
    head = f"{outcome.shop} {outcome.resource} (schedule {outcome.schedule_id}): {outcome.status}"
    r = outcome.result
    if r is not None:  # which way records went, as `sync` says it (issue 18)
        head += (f": {output.summary_text(r)} ({output.counted(r.requests, 'request')}, "
                 f"{r.seconds:.1f} s)")
        head += "".join(f"\n{line}" for line in output.issue_lines(r))
    elif outcome.message:
        head += f": {outcome.message}"
    return head


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT (Ctrl+C) and SIGTERM set `stop` instead of killing the process mid-write."""
    loop = asyncio.get_running_loop()
    wanted = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    installed: list[signal.Signals] = []
    previous: dict[signal.Signals, object] = {}
    for sig in wanted:
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, not main thread
            try:
                previous[sig] = signal.signal(
                    sig, lambda *_: loop.call_soon_threadsafe(stop.set))
            except ValueError:  # not the main thread (tests): no handler
                pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


__all__ = ["cmd_scheduler", "cmd_schedules"]
