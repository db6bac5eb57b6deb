"""Typed, immutable models: figures, their intervals, reports. One field per YAML key.

Values are `Decimal` from the YAML text to the page; nothing here ever holds a float.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from .errors import Location

if TYPE_CHECKING:
    from .rules import Rule

Qualifier = Literal["余", "约"]
SCALE_PREFIXES = ("万", "亿")


def decimals(value: Decimal) -> int:
    """Decimal places as written: Decimal('140.4') -> 1, Decimal('71') -> 0."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "finite decimals only"
    return max(0, -exponent)


def last_digit_step(value: Decimal) -> Decimal:
    """One unit of the last significant digit: 2800 -> 100, 20 -> 10, 0.5 -> 0.1."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int), "finite decimals only"
    return Decimal(1).scaleb(exponent)


def split_scale(unit: str) -> tuple[str, str]:
    """'万元' -> ('万', '元'): a leading 万/亿 is the unit's scale; 余 is written after it."""
    if len(unit) > 1 and unit[0] in SCALE_PREFIXES:
        return unit[0], unit[1:]
    return "", unit


@dataclass(frozen=True)
class Interval:
    """The set of true values a published figure stands for, with exact rational bounds.

    `low_closed`/`high_closed` say whether the bounds belong to it: 955.61 at two places is
    [955.605, 955.615), an exact count 71 is [71, 71]. Bounds are Fractions so that sums and
    quotients of intervals are exact too: a boundary case is decided exactly, never by rounding.
    """

    low: Fraction
    high: Fraction
    low_closed: bool = True
    high_closed: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", _fraction(self.low))
        object.__setattr__(self, "high", _fraction(self.high))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high,
                        self.low_closed and other.low_closed, self.high_closed and other.high_closed)

    def __truediv__(self, other: Interval) -> Interval:
        """Quotient of non-negative intervals; the divisor must lie above zero."""
        assert self.low >= 0, "quotients are taken of counts and amounts"
        assert other.low > 0, "the caller rules out a divisor that may be zero"
        return Interval(self.low / other.high, self.high / other.low,
                        self.low_closed and other.high_closed, self.high_closed and other.low_closed)

    def scale(self, factor: int) -> Interval:
        return Interval(self.low * factor, self.high * factor, self.low_closed, self.high_closed)

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both (the two published figures can be the same quantity)."""
        return _below(self.low, self.low_closed, other.high, other.high_closed) and \
            _below(other.low, other.low_closed, self.high, self.high_closed)

    def can_be_at_most(self, other: Interval) -> bool:
        """Whether some value of self is ≤ some value of other."""
        return _below(self.low, self.low_closed, other.high, other.high_closed)

    def __str__(self) -> str:
        if self.low == self.high:
            return f"[{show(self.low)}]"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{show(self.low)}, {show(self.high)}{right}"


def _fraction(number: Fraction | Decimal | int) -> Fraction:
    """Fraction(number), without Fraction's look at what kind of number it is."""
    return number if type(number) is Fraction else Fraction(*number.as_integer_ratio())


def _below(low: Fraction, low_closed: bool, high: Fraction, high_closed: bool) -> bool:
    """Whether a bound `low` lies below a bound `high` so that a value can sit between them."""
    return low < high or (low == high and low_closed and high_closed)


def show(number: Fraction) -> str:
    """A rational as a decimal: exactly if it terminates, else to six places with ≈."""
    denominator = number.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        return f"{Decimal(number.numerator) / Decimal(number.denominator):f}"
    return f"≈{Decimal(number.numerator) / Decimal(number.denominator):.6f}"


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


class EveryKey(frozenset[str]):
    """The broken keys of a figures file that could not be read at all: any key may have been in it,
    so no page, rule or record citing one is told that it does not exist (the file's own error says
    what is wrong)."""

    def __contains__(self, key: object) -> bool:
        return True


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
    # Report folders under data/ whose report.yaml or figures.yaml could not be loaded: their pages
    # belong to a report all the same (its own errors say what is wrong).
    unloaded: frozenset[str] = frozenset()

    def unloaded_owner(self, src_uri: str) -> str | None:
        """The report folder a page belongs to among those that could not be loaded, if any."""
        return next((folder for folder in folders(src_uri) if folder in self.unloaded), None)

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

    def report_for_page(self, src_uri: str) -> Report | None:
        """The report a page under docs/ belongs to: the first one whose folder contains it."""
        owners = [self._positions[folder] for folder in folders(src_uri) if folder in self._positions]
        return self.reports[min(owners)] if owners else None


def folders(path: str) -> list[str]:
    """Every folder a path lies in, outermost first: 'a/b/c.md' -> ['a', 'a/b']."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
