"""Reconciliation rules over figure intervals, declared in data/<report>/rules.yaml.

A rule holds when the published figures can all be true at once: each figure stands for the
interval its precision and qualifier allow (model.Interval), and the rule's relation must be
satisfiable within those intervals. A rule that fails may carry a declared exception, which pins
the published form of every operand and the computed value, so any later change breaks it again.
A `change` rule compares a figure with the previous report's (change.py); it is unverified, not
failed, while that report or figure is not in the repository.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from functools import cached_property, partial
from types import MappingProxyType
from typing import Literal

import yaml

from .change import CLAIM_FIELDS, Before, Claim, compare, parse_claim
from .errors import Location, ReportError
from .fmt import published, round_published
from .model import Figure, Interval
from .yamlnodes import YamlFile, nearest

RULE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_RULES = 1_000  # rules of one report (a real one has tens): each is a row of the data appendix
Kind = Literal["sum", "within", "ratio", "at_most", "equal", "nonempty_base", "change"]

# Each kind: its operand roles (role name in YAML, Chinese name, whether it is a list).
ROLES: MappingProxyType[str, tuple[tuple[str, str, bool], ...]] = MappingProxyType({
    "sum": (("total", "合计", False), ("parts", "部分", True)),
    "within": (("total", "合计", False), ("parts", "其中", True)),
    "ratio": (("rate", "比率", False), ("numerator", "分子", False), ("denominator", "分母", False)),
    "at_most": (("smaller", "较小者", False), ("larger", "较大者", False)),
    "equal": (("same", "同一数字", True),),
    "nonempty_base": (("rate", "比率", False), ("base", "基数", True)),
    "change": (("figure", "本年", False),),  # and the claim's fields: change.CLAIM_FIELDS
})
KIND_NAMES = MappingProxyType({
    "sum": "合计等于各部分之和", "within": "其中各项之和不超过合计", "ratio": "比率等于分子除以分母",
    "at_most": "不大于", "equal": "同一数字前后一致", "nonempty_base": "比率的基数不为零",
    "change": "与上一年度比较",
})


class RuleError(ReportError):
    """A rule is malformed or names a figure that does not exist: fix the rule, not the data."""

    kind = "规则定义错误"


class RuleFailure(ReportError):
    """The published figures do not reconcile."""

    kind = "核对不通过"


@dataclass(frozen=True)
class Exemption:
    """A declared, reasoned exception: the rule fails, openly, for exactly these numbers."""

    reason: str
    published: MappingProxyType[str, str]
    computed: str
    location: Location


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    kind: Kind
    operands: tuple[tuple[str, str], ...]  # (role's Chinese name, figure key), in declared order
    location: Location
    exemption: Exemption | None = None
    claim: Claim | None = None  # a `change` rule's claim about the previous report

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for _, key in self.operands)


@dataclass(frozen=True)
class Outcome:
    """A rule evaluated: whether it holds, the computed value, and the mismatch in words."""

    rule: Rule
    holds: bool
    computed: str
    # The mismatch in words, made only when asked for (`mismatch`): most rules hold, and no one asks.
    explain: Callable[[], str]
    figures: tuple[tuple[str, Figure], ...]
    # False when the rule cannot be checked here (a `change` rule whose previous figure is not in the
    # repository): `mismatch` then says why, and the status is 未核实, which is not a failure.
    verified: bool = True

    @cached_property
    def mismatch(self) -> str:
        return self.explain()

    @property
    def exempt(self) -> bool:
        """The rule fails exactly as its exception declares."""
        exemption = self.rule.exemption
        return (not self.holds and exemption is not None and exemption.computed == self.computed
                and dict(exemption.published) == {f.key: published(f) for _, f in self.figures})

    @property
    def status(self) -> str:
        if not self.verified:
            return "未核实"
        if self.holds:
            return "通过" if self.rule.exemption is None else "例外已失效"
        return "例外" if self.exempt else "不通过"


# -- reading rules.yaml ------------------------------------------------------------------------


def parse_rules(source: YamlFile, figures: MappingProxyType[str, Figure], broken: frozenset[str],
                errors: list[ReportError]) -> tuple[Rule, ...]:
    """The rules of one report; malformed rules and unknown figures are rule-definition errors."""
    root = source.compose()
    rules: list[Rule] = []
    if root is not None and not isinstance(root, yaml.SequenceNode):
        source.error(root, "规则文件应为列表，每条规则以“- id: …”开头。", "参照 CONTRIBUTING.md 中的规则写法。")
    elif root is not None and len(root.value) > MAX_RULES:
        source.error(root.value[MAX_RULES],
                     f"规则文件有 {len(root.value):,} 条规则，超过了每份报告 {MAX_RULES:,} 条的上限。",
                     "一份报告的核对规则通常是几十条：检查是否误粘贴了重复的内容。")
    elif root is not None:
        seen: dict[str, int] = {}
        for node in root.value:
            rule = _rule(source, node, figures, broken)
            if rule is not None and rule.id in seen:
                source.error(node, f"规则编号“{rule.id}”重复（第一次出现在第 {seen[rule.id]} 行）。",
                             "每条规则的 id 必须唯一。")
            elif rule is not None:
                seen[rule.id] = rule.location.line
                rules.append(rule)
    errors += [RuleError(e.location, e.message, e.hint) for e in source.errors]
    return tuple(rules)


def _rule(source: YamlFile, node: yaml.Node, figures: MappingProxyType[str, Figure],
          broken: frozenset[str]) -> Rule | None:
    before = len(source.errors)
    fields = source.fields(node, "规则", ("id", "description"), (*ROLES, "exception"))
    if fields is None:
        return None
    kinds = [name for name in ROLES if name in fields]
    if len(kinds) != 1:
        source.error(node, f"每条规则应当有且只有一种关系（{'、'.join(ROLES)}），实际有 {len(kinds)} 种。",
                     "例如 sum: {total: 合计的键, parts: [部分的键, …]}。")
        return None
    kind = kinds[0]
    rule_id = source.text(fields["id"], "id") if "id" in fields else None
    if rule_id is not None and not RULE_ID.fullmatch(rule_id):
        source.error(fields["id"], f"规则编号“{rule_id}”不合规范。", "只用小写英文字母、数字和“-”，如 cases-total。")
    description = source.text(fields["description"], "description") if "description" in fields else None
    operands = _operands(source, kind, fields[kind], figures, broken)
    claim = parse_claim(source, fields[kind]) if kind == "change" else None
    exemption = _exemption(source, fields["exception"]) if "exception" in fields else None
    if len(source.errors) > before or rule_id is None or description is None or operands is None:
        return None
    rule = Rule(rule_id, description, kind, operands, source.at(node), exemption, claim)  # type: ignore[arg-type]
    _check_units(source, node, rule, figures)
    return rule if len(source.errors) == before else None


def _operands(source: YamlFile, kind: str, node: yaml.Node, figures: MappingProxyType[str, Figure],
              broken: frozenset[str]) -> tuple[tuple[str, str], ...] | None:
    roles = ROLES[kind]
    claim = CLAIM_FIELDS if kind == "change" else ()
    fields = source.fields(node, f"{kind} 关系", (*(role for role, _, _ in roles), *claim), ())
    if fields is None:
        return None
    operands: list[tuple[str, str]] = []
    for role, name, many in roles:
        if role not in fields:
            continue
        items = source.text_list(fields[role], role) if many else \
            [(source.text(fields[role], role), fields[role])]
        for key, key_node in items:
            if key is None:
                continue
            if key not in figures and key not in broken:
                close = nearest(key, figures)
                source.error(key_node, f"规则引用了不存在的数字“{key}”。",
                             f"是不是“{'”或“'.join(close)}”？" if close else "检查键是否与 figures.yaml 一致。")
            operands.append((name, key))
    if kind == "equal" and len(operands) < 2:
        source.error(node, "equal 至少需要两个数字。", "写成 equal: {same: [键一, 键二]}。")
    return tuple(operands)


def _check_units(source: YamlFile, node: yaml.Node, rule: Rule,
                 figures: MappingProxyType[str, Figure]) -> None:
    """Operands compared with each other must be comparable: counts with counts, or one unit."""
    found = [figures[key] for key in rule.keys if key in figures]
    compared = found[1:] if rule.kind in ("ratio", "nonempty_base") else found
    if rule.kind == "ratio" and found and found[0].unit != "%":
        source.error(node, f"比率“{found[0].key}”的单位应为 %，实际是 {found[0].unit}。", "比率规则只用于百分比。")
    if len({(f.integer_unit, "" if f.integer_unit else f.unit) for f in compared}) > 1:
        units = "、".join(f"{f.key}（{f.unit}）" for f in compared)
        source.error(node, f"规则比较的数字单位不一致：{units}。",
                     "只能比较同一单位的金额或比率；计数单位（件、起、次……）之间可以比较。")


def _exemption(source: YamlFile, node: yaml.Node) -> Exemption | None:
    fields = source.fields(node, "例外", ("reason", "published", "computed"), ())
    if not fields or len(fields) < 3:
        return None
    reason = source.text(fields["reason"], "reason")
    computed = source.text(fields["computed"], "computed")
    pinned = {key: source.text(value, key) for key, (_, value) in
              source.mapping(fields["published"], "published").items()}
    if reason is None or computed is None or None in pinned.values():
        return None
    return Exemption(reason, MappingProxyType(pinned), computed, source.at(node))  # type: ignore[arg-type]


# -- evaluating --------------------------------------------------------------------------------


def evaluate(rule: Rule, figures: MappingProxyType[str, Figure], before: Before | None = None) -> Outcome:
    """Whether the published figures satisfy the rule, within the intervals they stand for.

    `before` is the previous report, which a `change` rule needs (years.before).
    """
    operands = tuple((role, figures[key]) for role, key in rule.operands)
    if rule.claim is not None:
        assert before is not None, "a change rule is evaluated against the previous report"
        return _change(rule, rule.claim, operands, before)
    holds, computed, explain = _KINDS[rule.kind](operands)
    return Outcome(rule, holds, computed, explain, operands)


def _change(rule: Rule, claim: Claim, operands: tuple[tuple[str, Figure], ...], before: Before) -> Outcome:
    if before.figures is None or claim.previous not in before.figures:
        return Outcome(rule, False, "", partial(_not_found, claim, before), operands, verified=False)
    # Named with its report, so that it is told apart from this year's figure of the same key.
    previous = replace(before.figures[claim.previous], key=f"{before.report_id}:{claim.previous}")
    holds, computed, explain = compare(claim.word, operands[0][1], previous)
    return Outcome(rule, holds, computed, explain, (*operands, ("上年", previous)))


def _not_found(claim: Claim, before: Before) -> str:
    where = "不在仓库中" if before.figures is None else f"中没有数字“{claim.previous}”"
    close = nearest(claim.previous, before.figures or {})
    guess = f"（是不是“{'”或“'.join(close)}”？）" if close else ""
    return f"上一年度报告“{before.report_id}”{where}{guess}，无法核对“{claim.word}”。"


def _total(figures: list[Figure]) -> Interval:
    total = figures[0].interval()
    for figure in figures[1:]:
        total = total + figure.interval()
    return total


def _sum_text(figures: list[Figure]) -> str:
    value = sum((f.value for f in figures), Decimal(0))
    return f"{value}{figures[0].unit}"


def _sum(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    total, parts = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(parts)
    computed = _sum_text(parts)
    return (total.interval().meets(interval), computed, lambda:
            f"合计发布为 {published(total)}（区间 {total.interval()}），各部分之和为 {computed}"
            f"（区间 {interval}），两者不可能相等。")


def _within(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    total, parts = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(parts)
    computed = _sum_text(parts)
    return (interval.can_be_at_most(total.interval()), computed, lambda:
            f"“其中”各项之和 {computed}（区间 {interval}）超过了合计 {published(total)}"
            f"（区间 {total.interval()}）。")


def _ratio(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    rate, numerator, denominator = (f for _, f in operands)
    if denominator.interval().low <= 0:
        return (False, "无法计算", lambda:
                f"分母 {published(denominator)} 可能为零，比率 {published(rate)} 没有意义。")
    quotient = (numerator.interval() / denominator.interval()).scale(100)
    with localcontext() as context:
        context.prec = 50
        point = round_published(numerator.value / denominator.value * 100, rate.precision + 2)
    computed = f"{point}%"
    return (rate.interval().meets(quotient), computed, lambda:
            f"{published(numerator)} ÷ {published(denominator)} = {computed}（区间 {quotient}），"
            f"与发布的 {published(rate)}（区间 {rate.interval()}）不符。")


def _at_most(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    smaller, larger = (f for _, f in operands)
    computed = f"{published(smaller)} ≤ {published(larger)}"
    return (smaller.interval().can_be_at_most(larger.interval()), computed, lambda:
            f"{published(smaller)}（区间 {smaller.interval()}）应不大于 {published(larger)}"
            f"（区间 {larger.interval()}），实际更大。")


def _equal(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    figures = [f for _, f in operands]
    # Intervals on a line that meet pairwise share a common point (Helly's theorem in 1-D).
    holds = all(a.interval().meets(b.interval()) for a in figures for b in figures)
    computed = " = ".join(published(f) for f in figures)
    return (holds, computed, lambda: f"同一数字前后写法不一致：{computed}。")


def _nonempty_base(operands: tuple[tuple[str, Figure], ...]) -> tuple[bool, str, Callable[[], str]]:
    rate, base = operands[0][1], [f for _, f in operands[1:]]
    interval = _total(base)
    computed = _sum_text(base)
    return (interval.high > 0, computed, lambda:
            f"比率 {published(rate)} 的基数为 {computed}：没有可计算的对象，这个比率是空的。")


_KINDS: MappingProxyType[str, Callable[[tuple[tuple[str, Figure], ...]], tuple[bool, str, Callable[[], str]]]] = \
    MappingProxyType({
        "sum": _sum, "within": _within, "ratio": _ratio, "at_most": _at_most, "equal": _equal,
        "nonempty_base": _nonempty_base,
    })


def describe(outcome: Outcome, cited: Mapping[str, list[str]]) -> str:
    """A failing rule in an editor's words: what fails, and every operand with where it lives."""
    rule = outcome.rule
    lines = [f"规则“{rule.id}”（{rule.description}）不成立：{outcome.mismatch}", "参与核对的数字："]
    for role, figure in outcome.figures:
        pages = "、".join(cited.get(figure.key, [])) or "没有页面引用"
        lines.append(f"  {role} {figure.key}（{figure.label}）= {published(figure)}，区间 {figure.interval()}，"
                     f"在 {figure.location}；引用于 {pages}")
    exemption = rule.exemption
    if exemption is not None and not outcome.holds:
        now = {f.key: published(f) for _, f in outcome.figures}
        lines.append(f"已声明的例外（{exemption.location}）记录的是 "
                     f"{_pins(dict(exemption.published))}，计算值 {exemption.computed}；"
                     f"现在是 {_pins(now)}，计算值 {outcome.computed}：数字变了，例外不再适用。")
    return "\n".join(lines)


def _pins(values: dict[str, str]) -> str:
    return "、".join(f"{key} = {value}" for key, value in values.items())
