"""`shop-sync sync ...` and `shop-sync log`: running a sync and reading the history."""

from __future__ import annotations

import asyncio
import sys

from desktop_app.cli.commands_shop import resolve_shop
from desktop_app.cli.output import EXIT_OK, EXIT_PARTIAL, Output, UsageError
from desktop_app.sync.results import LOCAL, SHOPIFY, SyncResult
from desktop_app.sync.sync_all import sync_all_resources

_SIDES = {SHOPIFY: "Shopify: ", LOCAL: "Local: "}


def summary_text(result: SyncResult) -> str:
    """Which way records went: "Shopify: 7 created · Local: 87 linked, 3 updated · 2 failed"
    ("nothing changed" when nothing)."""
    parts = []
    for group, counts in result.summary():
        # The words of the window (`ui.result_text`), in English: "1 conflict to resolve".
        text = ", ".join(f"{n} {kind}" if kind != "conflicts"
                         else f"{n} conflict{'s' if n != 1 else ''} to resolve"
                         for kind, n in counts)
        parts.append(_SIDES.get(group, "") + text)
    return " · ".join(parts) or "nothing changed"


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
                results.append(await services.service.sync(shop, Resource(name), **options))
        finally:
            await services.service.aclose()
        return results

    results = asyncio.run(run())
    data = [r.to_json() for r in results]

    def text() -> str:
        lines = []
        for r in results:
            still = f", {r.still_failing} of them still failing" if r.still_failing else ""
            lines.append(
                f"{r.resource}: {summary_text(r)}{still} ({r.requests} requests, "
                f"{r.api_cost:.0f} points, {r.seconds:.1f} s)"
            )
            # New failures first: the ones that also failed last time are no news.
            for e in sorted(r.errors, key=lambda e: e.repeated):
                lines.append(f"  {e.record}: {e.field}: {e.message}"
                             + (" (still failing)" if e.repeated else ""))
            lines += [f"  note: {w.record}: {w.field}: {w.message}" for w in r.warnings]
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
        for run in runs:
            shop = run["shop"] if run["shop"] is not None else NO_SHOP
            lines.append(
                f"{run['started_at']} {shop} {run['resource']} {run['status']}: "
                f"{run['created']} created, {run['updated']} updated, {run['skipped']} skipped, "
                f"{run['failed']} failed"
            )
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
