"""Figures: typed, immutable published quantities, one field per YAML key.

Values are `Decimal` from the YAML text to the page; nothing here ever holds a float.
"""

from __future__ import annotations

import datetime
from dataclasses import MISSING, dataclass, fields
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cached_property
from typing import Literal, get_args

from .errors import Location
from .fields import DATE, Field
from .intervals import EXACT, MAX_DIGITS, Interval, fraction, last_digit_step

Qualifier = Literal["余", "约"]
SCALE_PREFIXES = ("万", "亿")

# A figure of figures.yaml, field by field (the unit's values come from data/units.yaml).
FIGURE_FIELDS = (
    Field(name="label", title="这个数字统计的是什么（中文说明）", required=True),
    Field(name="unit", title="单位，必须是 data/units.yaml 中的一个", required=True, value={}),
    Field(name="value", title="发布的数字，照发布的样子写（140.4 就写 140.4），不加引号、不带单位；小数位数不超过"
                              f"单位允许的位数（data/units.yaml 的 decimals），最多 {MAX_DIGITS} 位有效数字",
          value={"type": "number"}),
    Field(name="derive", title="由本报告的其他数字计算：sum: [键, …]（求和）或 ratio: [分子键, 分母键]（比率）",
          value={"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
                 "properties": {"sum": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                                "ratio": {"type": "array", "items": {"type": "string"}, "minItems": 2,
                                          "maxItems": 2}}}),
    Field(name="precision", title="计算得出的数字发布时的小数位数（只用于 derive），不超过单位允许的位数",
          value={"type": "integer", "minimum": 0, "maximum": MAX_DIGITS}),
    Field(name="qualifier", title="“2800余人次”写 余；“约70人”写 约（并写 tolerance）",
          value={"enum": list(get_args(Qualifier))}),
    Field(name="tolerance", title="“约”数可能的误差，如“约70人”可能是 65 到 75 人，写 5",
          value={"type": "number", "exclusiveMinimum": 0}),
    Field(name="source", title="数据来源（知道才写）"),
    Field(name="as_of", title="数据的截止日期，如 2023-12-31（知道才写）", value=DATE),
    Field(name="data_only", title="true：只作数据公开，正文不引用", value={"type": "boolean"}),
    Field(name="note", title="说明：写法特殊、与上年相同或变化很大的原因"),
)

def split_scale(unit: str) -> tuple[str, str]:
    """'万元' -> ('万', '元'): a leading 万/亿 is the unit's scale; 余 is written after it."""
    if len(unit) > 1 and unit[0] in SCALE_PREFIXES:
        return unit[0], unit[1:]
    return "", unit


@dataclass(frozen=True, kw_only=True)
class Derivation:
    """A figure computed at build time from other figures of the same report."""

    kind: Literal["sum", "ratio"]
    operands: tuple[str, ...]
    location: Location


@dataclass(frozen=True, kw_only=True)
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
    # Its unit's place in a scale family (data/units.yaml `of` and `factor`): 1万人次 is 10000人次, so
    # a figure in 万人次 has scale 10000 and family "" (a count's); None: its unit is its own family.
    scale: int = 1
    family: str | None = None

    @property
    def measure(self) -> str:
        """What the figure measures: "" for things counted (件, 人次, 万人次), else its base unit (元 for
        万元 and 亿元, % for %): figures of one measure can be added and compared."""
        if self.family is not None:
            return self.family
        return "" if self.integer_unit else self.unit

    @property
    def exact(self) -> bool:
        """A whole count published without qualifier is exactly its value (71件 is 71)."""
        return self.integer_unit and self.precision == 0 and self.qualifier is None

    def interval(self) -> Interval:
        """What the published form allows the true value to be (DESIGN §3)."""
        return self._interval

    def __getstate__(self) -> dict[str, object]:
        """What a copy (the checks' cache, check/cache.py) keeps: the fields that are not their default
        (read back, a field left out is the class's default), not the interval worked out from them."""
        return {name: value for name, value in self.__dict__.items() if name != "_interval" and
                not (name in _DEFAULTS and type(value) is type(_DEFAULTS[name]) and value == _DEFAULTS[name])}

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


# The fields that have a default, with it: a copy leaves out a field of that value (and type: 1.0 is not 1).
_DEFAULTS = {field.name: field.default for field in fields(Figure) if field.default is not MISSING}


def same_measure(*figures: Figure) -> bool:
    """Whether figures measure the same thing, so that they can be added or compared: counts with
    counts (件 with 起: whole things either way, 人次 with 万人次), amounts in one family of units (元,
    万元, 亿元), rates in %."""
    return len({figure.measure for figure in figures}) <= 1


def interval_in(figure: Figure, unit_of: Figure) -> Interval:
    """The figure's interval in the unit of another figure of its measure: 1.2万人次 in 人次 is
    [11950, 12050), so that a rule compares both in one unit (the other's, as its message says)."""
    if figure.scale == unit_of.scale:
        return figure.interval()
    return figure.interval().scale(Fraction(figure.scale, unit_of.scale))


def value_in(figure: Figure, unit_of: Figure) -> Decimal:
    """The figure's value in the unit of another figure of its measure, exactly: 1.2万人次 -> 12000人次."""
    if figure.scale == unit_of.scale:
        return figure.value
    with localcontext(EXACT):
        return figure.value * figure.scale / unit_of.scale
