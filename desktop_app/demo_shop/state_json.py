"""The JSON form of orders, draft orders and gift cards inside the ``--state`` file.

:func:`dump` turns each dataclass into an object of its fields (Decimals and Amounts become
strings, ``"12.50"`` / ``["12.50", "9.10"]``, and datetimes ISO text); :func:`load` reads it
back, by the type hints of the dataclass's own module.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.money import Amount
from desktop_app.demo_shop.order_state import Order
from desktop_app.demo_shop.scalars import iso

_RUNTIME_FIELDS = frozenset({"order"})


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = typing.get_type_hints(cls)  # resolved in the dataclass's own module
        _HINTS[cls] = cached
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def dump(value: Any) -> Any:
    """JSON form of a dataclass tree (see the module docstring)."""
    if isinstance(value, Amount):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json") and type(value).__name__ == "Address":
            return value.to_json()
        return {
            f.name: dump(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _RUNTIME_FIELDS
        }
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


def _load_value(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load_value(options[0], raw) if len(options) == 1 else raw
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_load_value(item, v) for v in raw]
    if hint is Amount:
        return Amount.from_json(raw)
    if hint is Decimal:
        return Decimal(str(raw))
    if hint is datetime:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is Any and isinstance(raw, dict) and "country_code" in raw and "id" in raw:
        return Address.from_json(raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return load(hint, raw)
    return raw


def load(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass of type ``cls`` from its JSON form."""
    hints = _hints(cls)
    kwargs = {
        f.name: _load_value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.name not in _RUNTIME_FIELDS and f.name in data
    }
    value = cls(**kwargs)
    if isinstance(value, Order):
        value.link()
    return value
