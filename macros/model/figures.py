"""Figures: typed, immutable published quantities, one field per YAML key.

Values are `Decimal` from the YAML text to the page; nothing here ever holds a float.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal

from .errors import Location
from .intervals import Interval, fraction, last_digit_step

Qualifier = Literal["余", "约"]
SCALE_PREFIXES = ("万", "亿")

def split_scale(unit: str) -> tuple[str, str]:
    """'万元' -> ('万', '元'): a leading 万/亿 is the unit's scale; 余 is written after it."""
    if len(unit) > 1 and unit[0] in SCALE_PREFIXES:
        return unit[0], unit[1:]
    return "", unit


@dataclass(frozen=True)
class Derivation:
    """A figure computed at build time from other figures of the same report."""

    kind: Literal["sum", "ratio"]
    operands: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class Figure:
    """A published quantity: exact value in its published unit, precision, qualifier, label."""

    key: str
    label: str
    value: Decimal
    unit: str
    precision: int
    location: Location
    integer_unit: bool = False
    qualifier: Qualifier | None = None
    tolerance: Decimal | None = None
    derivation: Derivation | None = None
    source: str | None = None
    as_of: datetime.date | None = None
    data_only: bool = False
    note: str | None = None

    @property
    def exact(self) -> bool:
        """A whole count published without qualifier is exactly its value (71件 is 71)."""
        return self.integer_unit and self.precision == 0 and self.qualifier is None

    def interval(self) -> Interval:
        """What the published form allows the true value to be (DESIGN §3)."""
        return self._interval

    @cached_property
    def _interval(self) -> Interval:  # worked out once: every rule over the figure asks for it
        value = fraction(self.value)
        if self.exact:
            return Interval(value, value)
        if self.qualifier == "约":
            assert self.tolerance is not None
            return Interval(value - fraction(self.tolerance), value + fraction(self.tolerance))
        if self.qualifier == "余":
            # At least the value, below the next step of its last significant digit:
            # 2800余 -> [2800, 2900), 20余 -> [20, 30).
            return Interval(value, value + fraction(last_digit_step(self.value)), high_closed=False)
        half = fraction(Decimal(5).scaleb(-self.precision - 1))
        return Interval(value - half, value + half, high_closed=False)


def same_measure(*figures: Figure) -> bool:
    """Whether figures measure the same thing, so that they can be added or compared: counts with
    counts (件 with 起: whole things either way), amounts and rates only in one unit."""
    return len({(figure.integer_unit, "" if figure.integer_unit else figure.unit) for figure in figures}) <= 1
