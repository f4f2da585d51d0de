"""Sync preview (issue 19): run a sync that changes nothing, keep its plan, check the real run.

A preview is the real sync (`SyncService.sync(..., preview=True)`): the same job, the same
decisions, on both sides held back:
- local: the store calls of the run go to a throw-away copy of the database
  (`store.snapshot.throwaway_copy`), so its rows, run record, number series, watermarks and
  commits vanish with it;
- Shopify: the job is given a `PreviewClient` (`sync/preview_client.py`): queries are sent,
  mutations are held and answered as Shopify would.
Its result lists each record's planned change (`SyncResult.changes`) and the counts the real
run reports. The preview is not a run of the history (it changed nothing); what it planned
is kept as a small file per shop and resource (`Plan`, in the data folder's `previews/`),
and the next real sync of that shop and resource compares what it did with it
(`check_against_plan`): every record done otherwise than planned, and every count that
differs, is a warning `changed_since_preview` of that run (Shopify or the local data changed
in between), then the plan is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.records.settings import ShopSettings
from desktop_app.store.customer_scope import web_upload_signature
from desktop_app.store.files import replaced_atomically
from desktop_app.store.runs import RunFilter, find_runs
from desktop_app.sync.issue_codes import CHANGED_SINCE_PREVIEW
from desktop_app.sync.results import LOCAL, SHOPIFY, RecordChange, Resource, SyncResult

log = logging.getLogger(__name__)

#: The counts a preview promises (CLI.md: "the counts are those the real sync will report").
COUNTS = ("created", "updated", "skipped", "failed")
#: At most this many records are named one by one in the warnings; the rest in one more.
MAX_NAMED = 50
#: A kept plan speaks for the sync right after its preview: an older one is dropped unread
#: (a scheduled run days later is not "done otherwise than planned").
PLAN_MAX_AGE = dt.timedelta(hours=1)

_SAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Plan:
    """What a preview of one shop's resource said a sync would do."""

    shop: str
    resource: str
    made_at: str  # UTC, ISO 8601
    counts: dict[str, int]
    changes: list[dict[str, object]]

    @classmethod
    def of(cls, shop: str, result: SyncResult, now: dt.datetime | None = None) -> Plan:
        moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        return cls(shop, result.resource, moment.isoformat(),
                   {name: getattr(result, name) for name in COUNTS},
                   _normal(result.changes))

    @staticmethod
    def written(shop: str, result: SyncResult) -> dict[str, object]:
        """`of(shop, result).to_json()` as the file holds it: the changes not read back."""
        return {**Plan.of(shop, SyncResult(result.resource)).to_json(),
                "counts": {name: getattr(result, name) for name in COUNTS},
                "changes": [c.as_json() for c in result.changes]}

    def to_json(self) -> dict[str, object]:
        return {"shop": self.shop, "resource": self.resource, "made_at": self.made_at,
                "counts": self.counts, "changes": self.changes}


def plan_path(data_dir: Path, shop: str, resource: str) -> Path:
    """The file of the last preview of `shop`'s `resource`."""
    return data_dir / "previews" / f"{_SAFE.sub('_', shop)}.{_SAFE.sub('_', resource)}.json"


def keep_plan(data_dir: Path, shop: str, result: SyncResult) -> Path:
    """Keep what a preview said (the file of the shop and resource, replaced whole)."""
    path = plan_path(data_dir, shop, result.resource)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with replaced_atomically(path) as handle:
        handle.write(json.dumps(Plan.written(shop, result), default=str))
    return path


def read_plan(data_dir: Path, shop: str, resource: str) -> Plan | None:
    """The kept plan of `shop`'s `resource`; None without one (or an unreadable one)."""
    path = plan_path(data_dir, shop, resource)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Plan(str(data["shop"]), str(data["resource"]), str(data["made_at"]),
                    {k: int(v) for k, v in dict(data["counts"]).items()},
                    list(data["changes"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("preview plan %s not readable, left aside: %s", path, exc)
        return None


def check_against_plan(data_dir: Path, shop: str, result: SyncResult,
                       now: dt.datetime | None = None) -> Plan | None:
    """Compare a real run with the preview kept before it (within `PLAN_MAX_AGE`), warn what
    differs (in `result`), and drop the plan. Returns the plan compared with, None without
    one (or with one too old to compare, dropped)."""
    plan = read_plan(data_dir, shop, result.resource)
    if plan is None:
        return None
    try:
        age = (now or dt.datetime.now(dt.UTC)) - dt.datetime.fromisoformat(plan.made_at)
    except (ValueError, TypeError):
        age = PLAN_MAX_AGE * 2  # unreadable: as good as old
    if age > PLAN_MAX_AGE:
        plan_path(data_dir, shop, result.resource).unlink(missing_ok=True)
        return None
    for record, field, message in differences(plan, result):
        result.warn(record, field, CHANGED_SINCE_PREVIEW, message)
    plan_path(data_dir, shop, result.resource).unlink(missing_ok=True)
    return plan


def differences(plan: Plan, result: SyncResult) -> list[tuple[str, str, str]]:
    """(record, field, message) of each record done otherwise than `plan` said, then of each
    count that differs; [] when the run did exactly what the preview said."""
    since = f"since the preview of {plan.made_at.replace('T', ' ').replace('+00:00', '')} UTC"
    planned = {_identity(c): c for c in plan.changes}
    done = {_identity(c): c for c in _normal(result.changes)}
    found: list[tuple[str, str, str]] = []
    for identity in [*planned, *(i for i in done if i not in planned)]:
        before, after = planned.get(identity), done.get(identity)
        if before == after:
            continue
        record = str((before or after or {}).get("record", ""))
        changed: list[str] = []
        if before and after and before.get("action") == after.get("action"):
            old, new = _fields(before), _fields(after)
            changed = sorted(f for f in {*old, *new} if old.get(f) != new.get(f))
        found.append((record, changed[0] if len(changed) == 1 else "",
                      f"{_say(before, 'planned')}, {_say(after, 'done')}: changed {since}"))
    if len(found) > MAX_NAMED:
        found = found[:MAX_NAMED] + [("", "", f"{len(found) - MAX_NAMED} more records done "
                                      f"otherwise than planned {since}")]
    for name in COUNTS:
        if plan.counts.get(name, 0) != getattr(result, name):
            found.append(("", name, f"{name}: {plan.counts.get(name, 0)} planned, "
                                    f"{getattr(result, name)} done: changed {since}"))
    return found


def may_write_to_shopify(settings: ShopSettings, resource: Resource | str) -> bool:
    """Whether a sync of `resource` can write to Shopify with these settings (a cheap look,
    no request): what decides whether the window previews a sync before running it."""
    resource = Resource(resource)
    if resource in (Resource.CUSTOMERS, Resource.COMPANIES):
        return (settings.export_customers or settings.can_update_shopify_customers
                or web_upload_signature()[0] > 0)
    if resource == Resource.ORDERS:
        return (settings.write_doc_no_to_shopify and settings.auto_create_orders) \
            or settings.close_processed_orders
    if resource == Resource.INVOICES:
        return settings.posted_invoice_sync
    return resource == Resource.SHIPMENTS


def shopify_writes(result: SyncResult) -> int:
    """The Shopify records a (previewed) run writes."""
    return result.shopify.created + result.shopify.updated + result.shopify.linked


def wrote_to_shopify_before(shop: str) -> bool:
    """Whether a run of shop card `shop` in the history wrote to Shopify (the history kept:
    runs pruned by its retention are not known)."""
    for run in find_runs(RunFilter(shop=shop, limit=None)):
        counts = (run.sides or {}).get("shopify") or {}
        if isinstance(counts, dict) and any(int(n or 0) for n in counts.values()):
            return True
    return False


def needs_confirmation(shop: str, preview: SyncResult, limit: int) -> bool:
    """Whether the window asks before the sync `preview` stands for (the Shop Card's
    `confirm_shopify_writes`, 0 never): it writes more Shopify records than `limit`, or
    writes any while no run of the card ever did."""
    writes = shopify_writes(preview)
    if limit <= 0 or writes == 0:
        return False
    return writes > limit or not wrote_to_shopify_before(shop)


def listed_changes(result: SyncResult) -> list[RecordChange]:
    """What a preview lists: each record's planned change, then each record that would
    fail (action "fail", no fields, its `issue` saying why). A failure's side
    is where its change would have gone: local for a record of Shopify (a GID, an order's
    "#name"), Shopify for a local one (a customer, shipment or invoice number)."""
    failed = [RecordChange(issue.record, LOCAL if issue.record.startswith(("gid://", "#"))
                           else SHOPIFY, "fail", "", issue=issue)
              for issue in result.errors]
    return [*result.changes, *failed]


def preview_json(result: SyncResult) -> dict[str, object]:
    """CLI.md's `sync ... --preview` shape: the sync's keys, "preview": true, "changes";
    "held": the mutations not sent, by name with their number (an extra). A record that
    would fail is listed with action "fail", no fields, and its "field", "code" and
    "message" (extras, as in "errors")."""
    data = result.to_json()
    counted: dict[str, int] = {}
    for name in result.held:
        counted[name] = counted.get(name, 0) + 1
    changes = []
    for change in listed_changes(result):
        entry = change.as_json()
        if change.issue is not None:  # a failure writes nothing: its reason, as in "errors"
            entry.update(field=change.issue.field, code=change.issue.code,
                         message=change.issue.message)
        changes.append(entry)
    data.update({"preview": True, "changes": changes, "held": counted})
    return data


def _normal(changes: list[RecordChange]) -> list[dict[str, object]]:
    """Changes as JSON values (what a kept plan holds), to compare like with like: one
    round trip for them all (one a change cost 1.8 s for 10,000 on a busy machine, 0.3 s
    now)."""
    return json.loads(json.dumps([c.as_json() for c in changes], default=str))


def _identity(change: dict[str, object]) -> tuple[str, str]:
    return str(change.get("key") or change.get("record")), str(change.get("side"))


def _fields(change: dict[str, object] | None) -> dict[str, object]:
    fields = (change or {}).get("fields")
    return fields if isinstance(fields, dict) else {}


def _say(change: dict[str, object] | None, what: str) -> str:
    if change is None:
        return f"{what}: nothing"
    names = ", ".join(sorted(_fields(change)))
    return f"{what}: {change.get('action')} in {change.get('side')}" + (
        f" ({names})" if names else "")
