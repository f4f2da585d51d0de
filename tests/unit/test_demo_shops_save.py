"""Two processes saving one demo shop at once (two schedulers on one data folder) both wrote
`demo/CODE.tmp`; the second's rename then failed with FileNotFoundError, failing its run
("Unexpected error (FileNotFoundError)": test_two_scheduler_processes_run_each_due_schedule_once
failed 3-7 times in 24 under load). Each save now writes a temporary file of its own.

Control: with the shared `CODE.tmp`, the interleaved save below raises FileNotFoundError.
"""

from __future__ import annotations

import json
import os
import stat
from types import SimpleNamespace

from desktop_app import app


def test_two_saves_of_one_demo_shop_at_once_both_succeed(tmp_path, monkeypatch):
    first, second = app.DemoShops(tmp_path), app.DemoShops(tmp_path)
    card = SimpleNamespace(is_demo=True, code="A")
    first.transport_for(card)
    second.transport_for(card)
    replace = os.replace
    interleaved: list[str] = []

    def second_saves_first(source, target):
        if not interleaved:  # the first save's rename waits for a whole second save
            interleaved.append(str(source))
            second.save()
        replace(source, target)

    monkeypatch.setattr(app.os, "replace", second_saves_first)
    try:
        first.save()
    finally:
        first.close()
        second.close()
    state = tmp_path / "demo" / "A.json"
    assert json.loads(state.read_text("utf-8"))  # a whole state, the last one written
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == ["A.json"]  # no leftover
