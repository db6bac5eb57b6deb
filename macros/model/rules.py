"""Reconciliation rules as declared in data/<report>/rules.yaml, and their outcomes.

A rule holds when the published figures can all be true at once: each figure stands for the
interval its precision and qualifier allow (intervals.Interval), and the rule's relation must be
satisfiable within those intervals. A rule that fails may carry a declared exception, which pins
the published form of every operand and the computed value, so any later change breaks it again.
A `change` rule compares a figure with the previous report's (claims.py); it is unverified, not
failed, while that report or figure is not in the repository.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from types import MappingProxyType

from .claims import Claim
from .errors import Location
from .figures import Figure, interval_in, value_in
from .forms import published, round_published
from .intervals import EXACT, Interval

BY = "变化幅度"  # the role of a `change` rule's percentage (增长180%)
Relation = Callable[[tuple[tuple[str, Figure], ...]], tuple[bool, str, Callable[[], str]]]


@dataclass(frozen=True, kw_only=True)
class Role:
    """An operand of a rule kind: its field in rules.yaml, its Chinese name, whether it is a list."""

    field: str
    name: str
    many: bool = False
    optional: bool = False


@dataclass(frozen=True, kw_only=True)
class RuleKind:
    """A kind of rule, declared once: the loader reads its roles, the schema and the guide follow it
    (tests/test_schema.py), and evaluating a rule is calling its relation on the operands' figures,
    which gives whether it holds, the computed value and (when called) the mismatch in words."""

    name: str
    code: str  # the error code of a rule of this kind that fails (model/errors.py CODES)
    title: str  # what it checks, in Chinese
    roles: tuple[Role, ...]
    relation: Relation | None  # None for `change` and `carried`, decided against the previous report (claims.py)
    minimum: int = 1  # operands at least
    builtin: bool = False  # made only from a report kind's tables, never written in rules.yaml


@dataclass(frozen=True, kw_only=True)
class Exemption:
    """A declared, reasoned exception: the rule fails, openly, for exactly these numbers."""

    reason: str
    published: MappingProxyType[str, str]
    computed: str
    location: Location


@dataclass(frozen=True, kw_only=True)
class Rule:
    id: str
    description: str
    kind: str  # a name in KINDS
    operands: tuple[tuple[str, str], ...]  # (role's Chinese name, figure key), in declared order
    location: Location
    exemption: Exemption | None = None
    claim: Claim | None = None  # a `change` rule's claim about the previous report
    # A `carried` rule's figure in the previous report (load/tables.py: 上年结转 = last year's 结转下年度).
    carried_from: str | None = None
    # Generated from the report's kind (load/tables.py), not written in rules.yaml: its exception is.
    builtin: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for _, key in self.operands)


def _total(figures: list[Figure], unit_of: Figure) -> Interval:
    """The interval of the figures' sum, in the unit of `unit_of` (the total they are compared with);
    of no figures (a table's row whose cells are all not applicable), exactly 0."""
    total = Interval(Fraction(0), Fraction(0))
    for figure in figures:
        total = total + interval_in(figure, unit_of)
    return total


def _sum_text(figures: list[Figure], unit_of: Figure) -> str:
    with localcontext(EXACT) as context:
        context.prec += len(figures)  # exact: each operand can add a carry
        value = sum((value_in(f, unit_of) for f in figures), Decimal(0))
    return f"{value}{unit_of.unit}"


def _sum(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    total, parts = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(parts, total)
    computed = _sum_text(parts, total)
    return (total.interval().meets(interval), computed, lambda:
            f"合计发布为 {published(total)}（区间 {total.interval()}），各部分之和为 {computed}"
            f"（区间 {interval}），两者不可能相等。")


def _balance(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    left = [f for role, f in operands if role == "左边"]
    right = [f for role, f in operands if role == "右边"]
    unit_of = operands[0][1]
    sides = _total(left, unit_of), _total(right, unit_of)
    computed = f"{_sum_text(left, unit_of)} = {_sum_text(right, unit_of)}"
    return (sides[0].meets(sides[1]), computed, lambda:
            f"左边之和为 {_sum_text(left, unit_of)}（{'＋'.join(published(f) for f in left) or '没有数字'}），"
            f"右边之和为 {_sum_text(right, unit_of)}（{'＋'.join(published(f) for f in right) or '没有数字'}），"
            "两边不相等。")


def _within(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    total, parts = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(parts, total)
    computed = _sum_text(parts, total)
    return (interval.can_be_at_most(total.interval()), computed, lambda:
            f"“其中”各项之和 {computed}（区间 {interval}）超过了合计 {published(total)}"
            f"（区间 {total.interval()}）。")


def _ratio(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    rate, numerator, denominator = (f for _, f in operands)
    if denominator.interval().low <= 0:
        return (False, "无法计算", lambda:
                f"分母 {published(denominator)} 可能为零或负数，比率 {published(rate)} 没有意义。")
    if numerator.interval().low < 0:  # only a unit declared `negative` has such figures
        return (False, "无法计算", lambda:
                f"分子 {published(numerator)} 可能为负数，比率 {published(rate)} 没有意义。")
    quotient = (interval_in(numerator, denominator) / denominator.interval()).scale(100)
    with localcontext(EXACT):
        point = round_published(value_in(numerator, denominator) / denominator.value * 100, rate.precision + 2)
    computed = f"{point}%"
    return (rate.interval().meets(quotient), computed, lambda:
            f"{published(numerator)} ÷ {published(denominator)} = {computed}（区间 {quotient}），"
            f"与发布的 {published(rate)}（区间 {rate.interval()}）不符。")


def _at_most(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    smaller, larger = (f for _, f in operands)
    computed = f"{published(smaller)} ≤ {published(larger)}"
    interval = interval_in(smaller, larger)
    return (interval.can_be_at_most(larger.interval()), computed, lambda:
            f"{published(smaller)}（区间 {interval}）应不大于 {published(larger)}"
            f"（区间 {larger.interval()}），实际更大。")


def _equal(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    figures = [f for _, f in operands]
    # Intervals on a line that meet pairwise share a common point (Helly's theorem in 1-D).
    intervals = [interval_in(figure, figures[0]) for figure in figures]
    holds = all(a.meets(b) for a in intervals for b in intervals)
    computed = " = ".join(published(f) for f in figures)
    return (holds, computed, lambda: f"同一数字前后写法不一致：{computed}。")


def _nonempty_base(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    rate, base = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(base, base[0])
    computed = _sum_text(base, base[0])
    return (interval.high > 0, computed, lambda:
            f"比率 {published(rate)} 的基数为 {computed}：没有可计算的对象，这个比率是空的。")


def _rate_of(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    """A rate over a base the text states without the count it is a rate of (完成率95%, 共40项): some
    whole number of the base's things must give the rate."""
    rate, base = (f for _, f in operands)
    bases = base.interval()
    low, high = math.ceil(bases.low), math.floor(bases.high)
    if not base.integer_unit or high - low > _MOST_BASES:
        return (True, "不核对", lambda: "")  # a base of amounts, or too wide a range to go through
    found = next((count for count in range(max(low, 1), high + 1) if _whole_part(rate.interval(), count)), None)
    computed = f"{found}的整数部分" if found is not None else "没有整数部分"
    return (found is not None, computed, lambda:
            f"基数 {published(base)} 的任何整数部分都不等于 {published(rate)}（区间 {rate.interval()}）："
            f"如 {_neighbours(rate, max(low, 1))}。")


_MOST_BASES = 1000


def _whole_part(rate: Interval, count: int) -> bool:
    """Whether some n of 0..count makes n/count·100 lie in the rate's interval."""
    first = math.ceil(rate.low * count / 100)
    return any(Interval(100 * n / Fraction(count), 100 * n / Fraction(count)).meets(rate)
               for n in (first - 1, first, first + 1) if 0 <= n <= count)


def _neighbours(rate: Figure, count: int) -> str:
    """The two rates of that base nearest the published one, as a hint."""
    n = math.floor(rate.value * count / 100)
    shown = [f"{k}/{count} = {round_published(Decimal(100 * k) / count, rate.precision + 1)}%"
             for k in (n, n + 1) if 0 <= k <= count]
    return "、".join(shown)


KINDS: MappingProxyType[str, RuleKind] = MappingProxyType({kind.name: kind for kind in (
    RuleKind(name="sum", code="rule-sum-mismatch", title="合计等于各部分之和", relation=_sum,
             roles=(Role(field="total", name="合计"), Role(field="parts", name="部分", many=True))),
    RuleKind(name="within", code="rule-within-exceeded", title="“其中”各项之和不超过合计", relation=_within,
             roles=(Role(field="total", name="合计"), Role(field="parts", name="其中", many=True))),
    RuleKind(name="ratio", code="rule-ratio-mismatch", title="比率（%）等于分子 ÷ 分母", relation=_ratio,
             roles=(Role(field="rate", name="比率"), Role(field="numerator", name="分子"),
                    Role(field="denominator", name="分母"))),
    RuleKind(name="at_most", code="rule-at-most-exceeded", title="前者不大于后者", relation=_at_most,
             roles=(Role(field="smaller", name="较小者"), Role(field="larger", name="较大者"))),
    RuleKind(name="equal", code="rule-equal-mismatch", title="同一个数字在不同地方写法一致", relation=_equal, minimum=2,
             roles=(Role(field="same", name="同一数字", many=True),)),
    RuleKind(name="nonempty_base", code="rule-base-empty", title="比率要有不为零的基数", relation=_nonempty_base,
             roles=(Role(field="rate", name="比率"), Role(field="base", name="基数", many=True))),
    # and the claim's fields (claims.CLAIM_FIELDS)
    RuleKind(name="rate_of", code="rule-rate-of-mismatch", title="比率（%）是基数的整数部分所占的比例",
             relation=_rate_of, roles=(Role(field="rate", name="比率"), Role(field="base", name="基数"))),
    RuleKind(name="change", code="rule-change-mismatch", title="与上一年度比较", relation=None,
             roles=(Role(field="figure", name="本年"), Role(field="by", name=BY, optional=True))),
    RuleKind(name="balance", code="rule-balance-mismatch", title="两边之和相等", relation=_balance, minimum=2,
             roles=(Role(field="left", name="左边", many=True), Role(field="right", name="右边", many=True))),
    # Only built in (a kind's table, load/tables.py): this year's figure equals one of the previous report.
    RuleKind(name="carried", code="rule-carried-mismatch", title="与上一年度报告的数字相等", relation=None,
             roles=(Role(field="figure", name="本年"),), builtin=True),
)})

# The kinds of rule an editor writes in rules.yaml (the schema and the guide list these).
WRITTEN: MappingProxyType[str, RuleKind] = MappingProxyType({
    name: kind for name, kind in KINDS.items() if not kind.builtin})
