"""`shop-sync sync ...` and `shop-sync log`: running a sync and reading the history."""

from __future__ import annotations

import asyncio
import sys

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import (
    EXIT_OK,
    EXIT_PARTIAL,
    SIDE_LABELS,
    Output,
    UsageError,
    counted,
    issue_lines,
    summary_text,
)
from desktop_app.records.text import escape_unprintable
from desktop_app.sync.preview import listed_changes, preview_json
from desktop_app.sync.results import SyncResult
from desktop_app.sync.sync_all import sync_all_resources

_SIDES = SIDE_LABELS


def preview_lines(result: SyncResult) -> list[str]:
    """A preview's planned changes, one a line ("  C00012  Shopify  update  email: a -> b"),
    then what was not sent and that nothing was changed."""
    lines = []
    for change in listed_changes(result):
        fields = "; ".join(f"{name}: {_shown(old)} -> {_shown(new)}"
                           for name, (old, new) in change.fields.items())
        if change.issue is not None:  # why it would fail
            fields = f"{change.issue.field or 'record'}: {change.issue.message}"
        lines.append(f"  {escape_unprintable(change.record)}  {_SIDES[change.side][:-2]}  "
                     f"{change.action}" + (f"  {escape_unprintable(fields)}" if fields else ""))
    held: dict[str, int] = {}
    for name in result.held:
        held[name] = held.get(name, 0) + 1
    if held:
        lines.append("  not sent to Shopify: " + ", ".join(
            f"{name} x{n}" for name, n in held.items()))
    lines.append("  preview: nothing was changed in Shopify or here")
    return lines


def _shown(value: object) -> str:
    return "(blank)" if value is None or value == "" else str(value)


def cmd_sync(args, out: Output, services) -> int:
    from desktop_app.sync.results import Resource

    shop = resolve_shop(args.shop)
    if args.resource == "all":
        # `all` runs what this version can sync; a single named resource it cannot sync
        # is refused with a message instead (exit 2).
        resources = tuple(r.value for r in sync_all_resources(services.service))
    else:
        resources = (args.resource,)

    if args.wait is not None:
        if not 0 <= args.wait <= 86400:
            raise UsageError("--wait takes a number of seconds from 0 to 86400")
        services.service.lock_wait = args.wait

    def waiting(code: str, who: str) -> None:
        print(f"Waiting for {who} to finish its sync of shop {code} (at most "
              f"{services.service.lock_wait:.0f} s)...", file=sys.stderr, flush=True)

    services.service.on_lock_wait = waiting

    async def run() -> list:
        results = []
        try:
            for name in resources:
                options = {"retry_failed": True} if getattr(args, "retry_failed", False) else {}
                if preview:
                    options["preview"] = True
                results.append(await services.service.sync(shop, Resource(name), **options))
        finally:
            await services.service.aclose()
        return results

    preview = bool(getattr(args, "preview", False))
    results = asyncio.run(run())
    data = [preview_json(r) if preview else r.to_json() for r in results]

    def text() -> str:
        lines = []
        for r in results:
            still = f", {r.still_failing} of them still failing" if r.still_failing else ""
            lines.append(
                f"{r.resource}{' preview' if preview else ''}: {summary_text(r)}{still} "
                f"({counted(r.requests, 'request')}, {r.api_cost:.0f} points, "
                f"{r.seconds:.1f} s)"
            )
            if preview:
                lines += preview_lines(r)
            lines += issue_lines(r)  # new failures first, then the warnings
        return "\n".join(lines)

    out.result(data[0] if args.resource != "all" else data, text)
    return EXIT_PARTIAL if any(r.failed for r in results) else EXIT_OK


#: What `log` prints in place of the shop of a run of a command that belongs to no shop.
NO_SHOP = "(no shop)"


def cmd_log(args, out: Output, services) -> int:
    from desktop_app.store import runs as run_store

    if args.last < 1:
        raise UsageError("--last needs a number of runs of 1 or more")
    found = run_store.find_runs(
        run_store.RunFilter(shop=args.shop, resource=args.resource,
                            failed_only=args.failed_only, limit=args.last),
        with_errors=True,
    )
    runs = [run_store.as_dict(run) for run in found]
    exported = run_store.export_csv(args.csv, found) if args.csv is not None else None

    def text() -> str:
        lines = []
        for row, run in zip(found, runs, strict=True):
            shop = run["shop"] if run["shop"] is not None else NO_SHOP
            # Which way records went, when the run kept it (issue 18); else its totals.
            lines.append(f"{run['started_at']} {shop} {run['resource']} {run['status']}: "
                         f"{summary_text(SyncResult.of_run(row))}")
            if run.get("message"):
                lines.append(f"  {run['message']}")
            lines += [f"  {e['record']}: {e['field']}: {e['message']}" for e in run["errors"]]
            # Done, but worth a look: marked as the sync's own text marks them.
            lines += [f"  note: {w['record']}: {w['field']}: {w['message']}"
                      for w in run["warnings"]]
        if not lines:
            filtered = args.shop or args.resource or args.failed_only
            lines.append("No sync run matches." if filtered else "No sync has run yet.")
        if exported is not None:
            lines.append(f"{exported} rows written to {args.csv}")
        return "\n".join(lines)

    out.result(runs, text)
    return EXIT_OK
