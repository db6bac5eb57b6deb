"""Typed, immutable models of what a report publishes: figures, reports, the catalog of reports.

One field per YAML key. Values are `Decimal` from the YAML text to the page; nothing holds a float.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from .errors import Location
from .intervals import Interval, last_digit_step
from .rules import Rule

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
        if self.exact:
            return Interval(self.value, self.value)
        if self.qualifier == "约":
            assert self.tolerance is not None
            return Interval(self.value - self.tolerance, self.value + self.tolerance)
        if self.qualifier == "余":
            # At least the value, below the next step of its last significant digit:
            # 2800余 -> [2800, 2900), 20余 -> [20, 30).
            return Interval(self.value, self.value + last_digit_step(self.value), high_closed=False)
        half = Decimal(5).scaleb(-self.precision - 1)
        return Interval(self.value - half, self.value + half, high_closed=False)


def same_measure(*figures: Figure) -> bool:
    """Whether figures measure the same thing, so that they can be added or compared: counts with
    counts (件 with 起: whole things either way), amounts and rates only in one unit."""
    return len({(figure.integer_unit, "" if figure.integer_unit else figure.unit) for figure in figures}) <= 1


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
    # The report this one follows (its id), for year-over-year rules and plausibility (years.py).
    previous: str | None = None
    # Plausibility (plausibility.py): the change in % beyond which a figure needs a note, and
    # whether implausible figures fail the build ("fail") or are only reported ("info").
    change_threshold: Decimal | None = None
    plausibility: Literal["info", "fail"] = "info"


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
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Library:
    """Every report of the site."""

    reports: tuple[Report, ...] = field(default_factory=tuple)

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Where each report id first appears in `reports`: one look-up, however many reports."""
        positions: dict[str, int] = {}
        for position, report in enumerate(self.reports):
            positions.setdefault(report.id, position)
        return positions

    def find(self, report_id: str) -> Report | None:
        """The report of that id (the first, should two share it)."""
        position = self._positions.get(report_id)
        return None if position is None else self.reports[position]

    def previous(self, report: Report) -> Report | None:
        """The report `report` follows (report.yaml's `previous`), if it is in the repository."""
        return self.find(report.meta.previous) if report.meta.previous else None

    def report_for_page(self, src_uri: str) -> Report | None:
        """The report a page under docs/ belongs to: the first one whose folder contains it."""
        owners = [self._positions[folder] for folder in folders(src_uri) if folder in self._positions]
        return self.reports[min(owners)] if owners else None


def folders(path: str) -> list[str]:
    """Every folder a path lies in, outermost first: 'a/b/c.md' -> ['a', 'a/b']."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
