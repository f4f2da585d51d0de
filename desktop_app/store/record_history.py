"""The per-record history (issue 19): what each real run changed on a record, stored with
the run (`runs.finish_run`) and pruned with it (`runs.prune_runs`; the foreign key's cascade
for any other way a run goes).

A row is one record changed on one side by one run: its key (`KIND:ID`, as
`sync.results.RecordChange` says: `customer:C00012`, `order:gid://shopify/Order/1`...), how
the merchant knows it, the side ("shopify" or "local"), the action (create, update, link...)
and the fields written, NAME -> [old, new] as JSON. A preview stores nothing: it never
finishes a run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from desktop_app.store.chunks import chunks
from desktop_app.store.customer_merge import merge_notes
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import BaseModel, Shop, SyncRun, UtcDateTimeField, utc_now
from desktop_app.store.values import as_text


class RecordChangeRow(BaseModel):
    """One record one run changed on one side (schema v20)."""

    run = peewee.ForeignKeyField(SyncRun, backref="record_changes", on_delete="CASCADE")
    key = peewee.CharField(max_length=255, index=True)
    record = peewee.CharField(max_length=255, default="")
    side = peewee.CharField(max_length=10)
    action = peewee.CharField(max_length=10)
    #: NAME -> [old, new], JSON.
    changes = peewee.TextField(column_name="fields", default="{}")
    at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "record_change"


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a record, with its run: when, which run (id, resource, shop), the
    side, the action and the fields (NAME -> (old, new))."""

    at: dt.datetime
    run_id: int
    resource: str
    shop: str
    record: str
    side: str
    action: str
    key: str
    fields: dict[str, tuple[object, object]]

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "run": self.run_id, "resource": self.resource,
                "shop": self.shop, "record": self.record, "key": self.key, "side": self.side,
                "action": self.action,
                "fields": {name: [old, new] for name, (old, new) in self.fields.items()}}


_INSERT = (f'INSERT INTO "{RecordChangeRow._meta.table_name}" ("run_id", "key", "record", '
           '"side", "action", "fields", "at") VALUES (?, ?, ?, ?, ?, ?, ?)')


def add_changes(run_id: int, changes: Iterable[Any], *, at: dt.datetime | None = None) -> int:
    """Store the record changes of a run (`RecordChange`s, or dicts of the same keys: record,
    side, action, key and fields NAME -> (old, new)), all at `at` (now when None). One executemany statement
    (as `runs.add_errors`): 100,000 changes in well under a second.

    Returns:
        How many were stored.
    """
    stamp = RecordChangeRow.at.db_value(at or utc_now())
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    rows = [
        (run_id, c.key, c.record, c.side, c.action, dumps(c.fields), stamp)
        if type(c) is not dict else  # a change as a dict (tests, older callers)
        (run_id, as_text(c.get("key")), as_text(c.get("record")), as_text(c.get("side")),
         as_text(c.get("action")), dumps(c.get("fields") or {}), stamp)
        for c in changes
    ]
    if rows:
        with transaction():
            DB.cursor().executemany(_INSERT, rows)
    return len(rows)


def history(keys: str | Sequence[str], *, limit: int | None = None) -> list[HistoryEntry]:
    """The changes of the record(s) `keys` (`KIND:ID`), newest first."""
    wanted = [keys] if isinstance(keys, str) else list(keys)
    if not wanted:
        return []
    query = (RecordChangeRow
             .select(RecordChangeRow.at, RecordChangeRow.run, SyncRun.resource, Shop.code,
                     RecordChangeRow.record, RecordChangeRow.side, RecordChangeRow.action,
                     RecordChangeRow.key, RecordChangeRow.changes)
             .join(SyncRun)
             .join(Shop, peewee.JOIN.LEFT_OUTER, on=SyncRun.shop == Shop.id)
             .where(RecordChangeRow.key.in_(wanted))
             .order_by(RecordChangeRow.at.desc(), RecordChangeRow.id.desc()))
    if limit is not None:
        query = query.limit(limit)
    entries = []
    for at, run_id, resource, shop, record, side, action, key, changes in query.tuples():
        fields = json.loads(changes or "{}")
        entries.append(HistoryEntry(
            RecordChangeRow.at.python_value(at) if isinstance(at, str) else at, run_id,
            resource, shop or "", record, side, action, key,
            {name: (pair[0], pair[1]) for name, pair in fields.items()}))
    return entries


def delete_changes_of_runs(run_ids: Sequence[int], limit: int) -> int:
    """Delete at most `limit` stored changes of the runs `run_ids` (a prune's batch, inside
    its transaction); returns how many went."""
    deleted = 0
    for ids in chunks(list(run_ids)):
        doomed = (RecordChangeRow.select(RecordChangeRow.id)
                  .where(RecordChangeRow.run.in_(ids)).limit(limit - deleted))
        deleted += RecordChangeRow.delete().where(RecordChangeRow.id.in_(doomed)).execute()
        if deleted >= limit:
            break
    return deleted


def count_changes(run_id: int | None = None) -> int:
    """How many changes are stored (of one run when given)."""
    query = RecordChangeRow.select()
    if run_id is not None:
        query = query.where(RecordChangeRow.run == run_id)
    return query.count()


#: The action of a merge note in a customer's history (`customer_history`).
MERGE = "merge"


def customer_history(no: str) -> list[HistoryEntry]:
    """What the runs changed on local customer `no` (either side), newest first, with the
    customers merged into it (`customer_merge.merge_notes`, kept for good, whatever the
    history's retention): action "merge", no run (`run_id` 0), fields `merged` (None -> the
    merged customer's no. and name) and `moved` (None -> what moved to this customer)."""
    no = no.strip()
    entries = history(f"customer:{no}")
    notes = [HistoryEntry(note.merged_at, 0, "local-customers", "", no, "local", MERGE,
                          f"customer:{no}", {"merged": (None, f"{note.merged_no} "
                                                        f"{note.merged_name}".strip()),
                                             "moved": (None, note.summary)})
             for note in merge_notes(no) if isinstance(note.merged_at, dt.datetime)]
    if not notes:
        return entries
    return sorted(entries + notes, key=lambda e: e.at, reverse=True)


def order_keys(name_or_id: str) -> list[str]:
    """The history keys of the order named `name_or_id`: its GID, its number alone
    (`1001` for gid://shopify/Order/1001), or its name ("#1001" or "1001"), in any shop."""
    value = name_or_id.strip()
    keys = []
    if value.startswith("gid://shopify/Order/"):
        keys.append(f"order:{value}")
    elif value.isdigit():
        keys.append(f"order:gid://shopify/Order/{value}")
    names = {value, value.lstrip("#"), "#" + value.lstrip("#")}
    found = (RecordChangeRow.select(RecordChangeRow.key).distinct()
             .where(RecordChangeRow.key.startswith("order:")
                    & RecordChangeRow.record.in_(sorted(names))))
    keys += [key for (key,) in found.tuples()]
    return list(dict.fromkeys(keys))


def order_history(name_or_id: str) -> list[HistoryEntry]:
    """What the runs changed on the order `name_or_id` (`order_keys`), newest first."""
    return history(order_keys(name_or_id))


def value_text(value: object) -> str:
    """A stored value as the history shows it: text as it is, "" for None, the rest as JSON
    (numbers, true/false, lists)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
