"""A kept preview plan speaks for the sync right after it: the next real run within
`PLAN_MAX_AGE` warns where it did otherwise; an older plan is dropped unread (a scheduled run
days later is no surprise to warn of)."""

from __future__ import annotations

import datetime as dt
import json

from desktop_app.sync.preview import (
    CHANGED_SINCE_PREVIEW,
    PLAN_MAX_AGE,
    Plan,
    check_against_plan,
    keep_plan,
    plan_path,
)
from desktop_app.sync.results import RecordChange, SyncResult


def _preview() -> SyncResult:
    result = SyncResult("customers")
    result.record_change(RecordChange("C00001", "shopify", "update", "customer:C00001",
                                      {"phone": ["", "+14165550101"]}))
    result.updated = 1
    return result


def _keep(tmp_path, made_at: dt.datetime) -> None:
    path = keep_plan(tmp_path, "S", _preview())
    plan = Plan.of("S", _preview(), now=made_at)
    path.write_text(json.dumps(plan.to_json()), "utf-8")


def test_a_run_right_after_its_preview_warns_where_it_did_otherwise(tmp_path):
    now = dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC)
    _keep(tmp_path, now - dt.timedelta(minutes=5))
    done = SyncResult("customers")  # did nothing of what was planned
    assert check_against_plan(tmp_path, "S", done, now=now) is not None
    assert {w.code for w in done.warnings} == {CHANGED_SINCE_PREVIEW}
    assert "since the preview of 2026-12-07 15:55:00 UTC" in done.warnings[0].message
    assert not plan_path(tmp_path, "S", "customers").exists()


def test_an_old_plan_is_dropped_without_a_warning(tmp_path):
    now = dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC)
    _keep(tmp_path, now - PLAN_MAX_AGE - dt.timedelta(minutes=1))
    done = SyncResult("customers")
    assert check_against_plan(tmp_path, "S", done, now=now) is None
    assert done.warnings == []
    assert not plan_path(tmp_path, "S", "customers").exists()
