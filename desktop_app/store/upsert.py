"""Writing rows keyed by their number (`no`): customers and items.

A row whose given values all equal the stored ones is left alone, so its `updated_at` does
not move; new rows go in with one prepared statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from desktop_app.errors import StoreError
from desktop_app.store.chunks import chunks
from desktop_app.store.database import transaction
from desktop_app.store.models import utc_now


class DuplicateError(StoreError):
    """A code, number or SKU that must be unique is already taken."""

    code = "duplicate"


#: A row's column values in, the values it gives out (`upsert_by_no`'s normalise, derived).
RowFunction = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class RowWritten:
    """One row an upsert created or changed: each field given NAME -> (old, new), old None
    for a new row (derived columns left out)."""

    created: bool
    fields: dict[str, tuple[object, object]]


@dataclass(frozen=True)
class UpsertResult:
    """What an upsert did, by key."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_keys: tuple[str, ...] = ()
    #: With `with_fields`: each row created or updated, by key (what the per-record history
    #: keeps).
    written: dict[str, RowWritten] = field(default_factory=dict)


def upsert_by_no(
    model: type[peewee.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    normalise: RowFunction,
    defaults: Mapping[str, Any],
    required_new: tuple[str, ...],
    derived: RowFunction | None = None,
    with_fields: bool = False,
) -> UpsertResult:
    """Upsert rows keyed by `no`; touch only rows whose values differ (then `updated_at`).

    `normalise` gives each row's values as the store keeps them; `derived`, the columns
    computed from a row's values (a new row's, or a changed row's with its changes);
    `with_fields`, keep each written row's fields old -> new (`UpsertResult.written`).
    """
    by_no: dict[str, dict[str, Any]] = {}
    for row in rows:
        clean = normalise(row)
        no = clean.get("no", "").strip()
        if not no:
            raise StoreError("Every row needs a number ('no')")
        clean["no"] = no
        by_no.setdefault(no, {}).update(clean)  # a later row for the same no wins
    nos = list(by_no)
    created = updated = unchanged = 0
    changed: list[str] = []
    written: dict[str, RowWritten] = {}
    now = utc_now()
    with transaction():
        existing: dict[str, peewee.Model] = {}
        for chunk in chunks(nos):
            for current in model.select().where(model.no.in_(chunk)):
                existing[current.no] = current
        inserts = []
        for no in nos:
            data = by_no[no]
            current = existing.get(no)
            if current is None:
                missing = [k for k in required_new if not data.get(k)]
                if missing:
                    raise StoreError(f"New record {no} lacks {', '.join(missing)}", record=no)
                full = {**defaults, **data, "created_at": now, "updated_at": now}
                if derived:
                    full.update(derived(full))
                inserts.append(full)
                created += 1
                changed.append(no)
                if with_fields:
                    written[no] = RowWritten(True, {k: (None, v) for k, v in data.items()})
                continue
            changes = {k: v for k, v in data.items() if getattr(current, k) != v}
            if not changes:
                unchanged += 1
                continue
            if with_fields:
                written[no] = RowWritten(
                    False, {k: (getattr(current, k), v) for k, v in changes.items()})
            if derived:
                changes.update(derived({**{k: getattr(current, k) for k in data}, **changes}))
            changes["updated_at"] = now
            model.update(**changes).where(model.id == current.id).execute()
            updated += 1
            changed.append(no)
        _insert_fast(model, inserts)
    return UpsertResult(created, updated, unchanged, tuple(changed), written)


def _insert_fast(model: type[peewee.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows with one prepared statement (peewee's SQL building is the slow part
    of `insert_many` at 10k+ rows); values still go through each field's `db_value`."""
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for names, group in groups.items():
        fields = [model._meta.fields[name] for name in names]
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join("?" for _ in fields)
        sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        params = [tuple(f.db_value(row[f.name]) for f in fields) for row in group]
        model._meta.database.cursor().executemany(sql, params)
