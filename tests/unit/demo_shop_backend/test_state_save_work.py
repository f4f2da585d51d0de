"""What saving a demo shop's state costs: each `shop-sync` command (and each in-process test
command) that touched a demo shop writes its whole state (about 0.9 MB of JSON) when it ends.
The text itself is pinned byte for byte by test_state_json_form.py; these tests pin the work.

Controls: with `json.dump(state, handle)` back in `DemoShops.save` (the pure-Python encoder,
chunk by chunk) the first test fails; with `dataclasses.fields` read again for every record in
`state_json.dump` the second counts hundreds of calls instead of one per record type; with
the type hint of every loaded value taken apart again (`typing.get_origin` per value) the
third counts thousands of calls instead of one per hint.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from desktop_app import app
from desktop_app.demo_shop import state_json
from desktop_app.demo_shop.backend import ShopBackend
from desktop_app.demo_shop.order_state import Order


def test_a_demo_shop_is_saved_with_the_c_encoder(tmp_path, monkeypatch) -> None:
    shops = app.DemoShops(tmp_path)
    shops.transport_for(SimpleNamespace(is_demo=True, code="A"))
    (demo,) = shops._shops.values()

    def pure_python_encoder(*args, **kwargs):
        raise AssertionError("the state was encoded by the pure-Python JSON encoder")

    monkeypatch.setattr(json.encoder, "_make_iterencode", pure_python_encoder)
    try:
        shops.save()
        expected = json.dumps(demo.backend.to_json())
    finally:
        shops.close()
    assert (tmp_path / "demo" / "A.json").read_text("utf-8") == expected


def test_record_fields_are_looked_up_once_per_record_type(monkeypatch) -> None:
    shop = ShopBackend.generate(seed=7, customers=20, orders=60,
                                now=datetime(2026, 11, 1, tzinfo=UTC))
    try:
        orders = list(shop.state.orders.values())
        expected = [state_json.dump(order) for order in orders]
        calls: list[type] = []
        fields = dataclasses.fields

        def counted(value):
            calls.append(type(value))
            return fields(value)

        monkeypatch.setattr(dataclasses, "fields", counted)
        monkeypatch.setattr(state_json, "_FIELD_NAMES", {}, raising=False)  # a fresh process
        assert [state_json.dump(order) for order in orders] == expected
    finally:
        shop.close()
    assert len(orders) == 60
    assert len(calls) == len(set(calls)), f"{len(calls)} look-ups for {len(set(calls))} types"


def test_each_type_hint_is_worked_out_once_when_a_state_is_loaded(monkeypatch) -> None:
    shop = ShopBackend.generate(seed=7, customers=20, orders=60,
                                now=datetime(2026, 11, 1, tzinfo=UTC))
    try:
        dumped = [state_json.dump(order) for order in shop.state.orders.values()]
    finally:
        shop.close()
    calls: list[object] = []
    get_origin = typing.get_origin

    def counted(hint):
        calls.append(hint)
        return get_origin(hint)

    monkeypatch.setattr(typing, "get_origin", counted)
    for name in ("_CONVERTERS", "_FIELDS"):  # as in a fresh process
        monkeypatch.setattr(state_json, name, {}, raising=False)
    loaded = [state_json.load(Order, data) for data in dumped]
    assert [state_json.dump(order) for order in loaded] == dumped
    assert len(loaded) == 60
    assert len(calls) == len(set(calls)), f"{len(calls)} look-ups for {len(set(calls))} hints"


@pytest.mark.parametrize("value", ["x", 3, 2.5, True, None])
def test_plain_values_are_their_own_json_form(value) -> None:
    assert state_json.dump(value) is value
