"""The JSON form of orders, draft orders and gift cards inside the ``--state`` file.

:func:`dump` turns each dataclass into an object of its fields (Decimals and Amounts become
strings, ``"12.50"`` / ``["12.50", "9.10"]``, and datetimes ISO text); :func:`load` reads it
back, by the type hints of the dataclass's own module.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.money import Amount
from desktop_app.demo_shop.order_state import Order
from desktop_app.demo_shop.records import PLAIN_JSON_TYPES
from desktop_app.demo_shop.scalars import iso

_RUNTIME_FIELDS = frozenset({"order"})


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        cached = typing.get_type_hints(cls)  # resolved in the dataclass's own module
        _HINTS[cls] = cached
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


#: The dumped field names of each dataclass met so far: every command that touched a demo
#: shop saves its whole state when it ends, and ``dataclasses.fields`` per record (and the
#: isinstance chain per leaf value) was most of that save's CPU.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def dump(value: Any) -> Any:
    """JSON form of a dataclass tree (see the module docstring)."""
    cls = type(value)
    if cls in PLAIN_JSON_TYPES:
        return value
    names = _FIELD_NAMES.get(cls)
    if names is not None:
        return {name: dump(getattr(value, name)) for name in names}
    if isinstance(value, Amount):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json") and cls.__name__ == "Address":
            return value.to_json()
        names = tuple(f.name for f in dataclasses.fields(value) if f.name not in _RUNTIME_FIELDS)
        _FIELD_NAMES[cls] = names
        return {name: dump(getattr(value, name)) for name in names}
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
    convert = _CONVERTERS.get(hint)
    if convert is None:
        convert = _CONVERTERS[hint] = _converter(hint)
    return convert(raw)


#: How a value of each type hint is read back, worked out once per hint: loading a demo shop
#: (each command that uses one) read ``typing.get_origin`` and the isinstance chain per value.
_CONVERTERS: dict[Any, Callable[[Any], Any]] = {}


def _same(raw: Any) -> Any:
    return raw


def _datetime(raw: str) -> datetime:
    return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)


def _decimal(raw: Any) -> Decimal:
    return Decimal(str(raw))


def _address_or_same(raw: Any) -> Any:
    if isinstance(raw, dict) and "country_code" in raw and "id" in raw:
        return Address.from_json(raw)
    return raw


def _converter(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) != 1:
            return _same
        (option,) = options
        return lambda raw: _load_value(option, raw)
    if origin is list:
        (item,) = typing.get_args(hint)
        return lambda raw: [_load_value(item, v) for v in raw]
    if hint is Amount:
        return Amount.from_json
    if hint is Decimal:
        return _decimal
    if hint is datetime:
        return _datetime
    if hint is date:
        return date.fromisoformat
    if hint is Any:
        return _address_or_same
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda raw: load(hint, raw)
    return _same


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """The loaded fields of dataclass `cls`, each with its type hint (worked out once)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        hints = _hints(cls)
        fields = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls)
                       if f.name not in _RUNTIME_FIELDS)
        _FIELDS[cls] = fields
    return fields


_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def load(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass of type ``cls`` from its JSON form."""
    kwargs = {name: _load_value(hint, data[name]) for name, hint in _fields(cls) if name in data}
    value = cls(**kwargs)
    if isinstance(value, Order):
        value.link()
    return value
