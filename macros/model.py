"""Typed, immutable models: figures, their intervals, reports. One field per YAML key.

Values are `Decimal` from the YAML text to the page; nothing here ever holds a float.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from .errors import Location

Qualifier = Literal["余", "约"]
SCALE_PREFIXES = ("万", "亿")


def decimals(value: Decimal) -> int:
    """Decimal places as written: Decimal('140.4') -> 1, Decimal('71') -> 0."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "finite decimals only"
    return max(0, -exponent)


def split_scale(unit: str) -> tuple[str, str]:
    """'万元' -> ('万', '元'): a leading 万/亿 is the unit's scale; 余 is written after it."""
    if len(unit) > 1 and unit[0] in SCALE_PREFIXES:
        return unit[0], unit[1:]
    return "", unit


@dataclass(frozen=True)
class Interval:
    """The set of true values a published figure stands for.

    `low_closed`/`high_closed` say whether the bounds belong to it: 955.61 at two places is
    [955.605, 955.615), an exact count 71 is [71, 71].
    """

    low: Decimal
    high: Decimal
    low_closed: bool = True
    high_closed: bool = True

    def __str__(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        if self.low == self.high:
            return f"[{self.low}]"
        return f"{left}{self.low}, {self.high}{right}"


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
        if self.exact:
            return Interval(self.value, self.value)
        if self.qualifier == "约":
            assert self.tolerance is not None
            return Interval(self.value - self.tolerance, self.value + self.tolerance)
        if self.qualifier == "余":
            # At least the value, below the next step of its last significant digit:
            # 2800余 -> [2800, 2900), 20余 -> [20, 30).
            step = Decimal(1).scaleb(self.value.normalize().as_tuple().exponent)
            return Interval(self.value, self.value + step, high_closed=False)
        half = Decimal(5).scaleb(-self.precision - 1)
        return Interval(self.value - half, self.value + half, high_closed=False)


@dataclass(frozen=True)
class ReportMeta:
    """What the home page and the report's metadata block say about a report.

    Optional fields stay None when unknown: they are never invented.
    """

    body: str
    title: str
    kind: str
    year: int
    location: Location
    written_on: datetime.date | None = None
    published_on: datetime.date | None = None
    index_no: str | None = None
    doc_no: str | None = None


@dataclass(frozen=True)
class Report:
    """One report: its id is its folder under data/ and under docs/ (e.g. 'dongli-emergency/2022')."""

    id: str
    meta: ReportMeta
    figures: MappingProxyType[str, Figure]
    # Keys declared in the YAML whose entry had errors: pages citing them are not told twice.
    broken_keys: frozenset[str] = frozenset()
    # The report's own words for Chinese search segmentation (data/<report>/terms.txt).
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    """Every report of the site."""

    reports: tuple[Report, ...] = field(default_factory=tuple)

    def report_for_page(self, src_uri: str) -> Report | None:
        """The report a page under docs/ belongs to: the one whose folder contains it."""
        for report in self.reports:
            if src_uri.startswith(report.id + "/"):
                return report
        return None
