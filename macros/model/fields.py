"""The fields of the editors' data files, declared once: the loader reads them, the JSON Schemas that
editors' tools use are generated from them (render/schemas.py), the guide's field lists are checked
against them (tests/test_schema.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

TEXT: Mapping[str, Any] = MappingProxyType({"type": "string", "minLength": 1})
DATE: Mapping[str, Any] = MappingProxyType({"type": "string", "format": "date"})


@dataclass(frozen=True, kw_only=True)
class Field:
    """A field of a record in a data file: its name, what it means (Chinese, shown by editors' tools),
    whether the record must have it, and the JSON Schema of its value."""

    name: str
    title: str
    required: bool = False
    value: Mapping[str, Any] = field(default_factory=lambda: TEXT)


def required_names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields if f.required)


def optional_names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields if not f.required)
