"""Turn result dataclasses into JSON-ready dicts and back, driven by type hints.

Decimals become strings (never floats), dates ISO strings, enums their value,
tuples lists. ``from_dict`` reverses it using the dataclass's annotations, so a
stored result reloads into the same frozen value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """A JSON-serialisable copy of ``value`` (dataclasses, Decimals, dates, enums)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def from_jsonable(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from what :func:`to_jsonable` produced."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if data is None:
            return None
        return from_jsonable(options[0], data)
    if origin is tuple:
        (item_kind, *_rest) = typing.get_args(kind)
        return tuple(from_jsonable(item_kind, item) for item in data)
    if origin is dict:
        return dict(data)
    if dataclasses.is_dataclass(kind):
        return from_dict(kind, data)  # type: ignore[arg-type]
    if kind is Decimal:
        return Decimal(data)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    return data


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build dataclass ``cls`` from a dict made by :func:`to_jsonable`."""
    hints = typing.get_type_hints(cls)
    values = {f.name: from_jsonable(hints[f.name], data[f.name])
              for f in dataclasses.fields(cls) if f.name in data}  # type: ignore[arg-type]
    return cls(**values)


class Stored:
    """Mixin giving a frozen result dataclass ``as_dict()`` and ``from_dict()``."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict: Decimals as strings, dates ISO, enums by value."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """Reload a value stored with :meth:`as_dict`."""
        return from_dict(cls, data)
