"""Evaluating rules: whether the published figures satisfy each, within the intervals they stand for,
and a failing rule in an editor's words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from ..model.claims import Claim
from ..model.errors import did_you_mean
from ..model.figures import Figure, interval_in
from ..model.forms import published
from ..model.rules import BY, KINDS, Relation, Rule
from .claims import Previous, compare


class Status(StrEnum):
    """A rule's outcome as the appendix, the build and pytest name it."""

    HOLDS = "通过"
    FAILS = "不通过"
    EXCEPTION = "例外"  # fails exactly as its declared exception says: published, with the reason
    EXCEPTION_STALE = "例外已失效"  # holds, yet an exception is still declared
    UNVERIFIED = "未核实"  # a year-over-year claim whose previous figure is not in the repository


@dataclass(frozen=True)
class Outcome:
    """A rule evaluated: whether it holds, the computed value, and the mismatch in words.

    Plain data, so that the checks' cache (cache.py) keeps it as it is: the mismatch is worked out
    again from the rule and its figures when asked for (`mismatch`), as most rules hold and no one asks."""

    rule: Rule
    holds: bool
    computed: str
    figures: tuple[tuple[str, Figure], ...]  # the operands, and a previous report's figure named `report:key`
    # False when the rule cannot be checked here (a `change` rule whose previous figure is not in the
    # repository): `said` then says why, and the status is 未核实, which is not a failure.
    verified: bool = True
    said: str | None = None  # the mismatch in words, when it was said as the rule was evaluated

    @cached_property
    def mismatch(self) -> str:
        return self.said if self.said is not None else _explain(self.rule, self.figures)

    @property
    def exempt(self) -> bool:
        """The rule fails exactly as its exception declares."""
        exemption = self.rule.exemption
        return (not self.holds and exemption is not None and exemption.computed == self.computed
                and dict(exemption.published) == {f.key: published(f) for _, f in self.figures})

    @property
    def status(self) -> Status:
        if not self.verified:
            return Status.UNVERIFIED
        if self.holds:
            return Status.HOLDS if self.rule.exemption is None else Status.EXCEPTION_STALE
        return Status.EXCEPTION if self.exempt else Status.FAILS


def evaluate(rule: Rule, figures: MappingProxyType[str, Figure], previous: Previous | None = None) -> Outcome:
    """Whether the published figures satisfy the rule, within the intervals they stand for.

    `previous` is the report this one follows, which a `change` rule needs (years.previous_of).
    """
    operands = tuple((role, figures[key]) for role, key in rule.operands)
    if rule.carried_from is not None:
        return _carried(rule, rule.carried_from, operands, previous)
    if rule.claim is not None:
        assert previous is not None, "a change rule is evaluated against the previous report"
        return _change(rule, rule.claim, operands, previous)
    holds, computed, _ = _relation(rule)(operands)
    return Outcome(rule, holds, computed, operands)


def _relation(rule: Rule) -> Relation:
    relation = KINDS[rule.kind].relation
    assert relation is not None, "only a change or carried rule has no relation of its own"
    return relation


def _explain(rule: Rule, figures: tuple[tuple[str, Figure], ...]) -> str:
    """The mismatch of a verified outcome in words, from its rule and figures (Outcome.figures)."""
    if rule.carried_from is None and rule.claim is None:
        return _relation(rule)(figures)[2]()
    now, (_, then) = figures[0][1], figures[-1]  # this year's figure, and the previous report's (上年)
    if rule.claim is not None:
        by = next((figure for role, figure in figures if role == BY), None)
        return compare(rule.claim.word, now, then, by)[2]()
    report_id = then.key.rpartition(":")[0]
    return (f"本年“{now.label}”为 {published(now)}，上一年度报告“{report_id}”的“{then.label}”为 "
            f"{published(then)}，两者应相等。")


def _change(rule: Rule, claim: Claim, operands: tuple[tuple[str, Figure], ...], earlier: Previous) -> Outcome:
    if earlier.figures is None or claim.previous not in earlier.figures:
        return Outcome(rule, False, "", operands, verified=False, said=_not_found(claim, earlier))
    # Named with its report, so that it is told apart from this year's figure of the same key.
    then = replace(earlier.figures[claim.previous], key=f"{earlier.report_id}:{claim.previous}")
    by = next((figure for role, figure in operands if role == BY), None)
    holds, computed, _ = compare(claim.word, operands[0][1], then, by)
    return Outcome(rule, holds, computed, (*operands, ("上年", then)))


def _carried(rule: Rule, key: str, operands: tuple[tuple[str, Figure], ...], earlier: Previous | None) -> Outcome:
    """A figure that carries on from the previous report (上年结转 = last year's 结转下年度继续办理):
    unverified while that report is not named or not in the repository, never guessed."""
    if earlier is None:
        return Outcome(rule, False, "", operands, verified=False,
                       said="报告信息没有写明上一年度报告（report.yaml 的 previous），无法核对。")
    if earlier.figures is None or key not in earlier.figures:
        where = "不在仓库中" if earlier.figures is None else f"中没有数字“{key}”"
        return Outcome(rule, False, "", operands, verified=False,
                       said=f"上一年度报告“{earlier.report_id}”{where}，无法核对。")
    then = replace(earlier.figures[key], key=f"{earlier.report_id}:{key}")
    now = operands[0][1]
    holds = now.interval().meets(interval_in(then, now))
    return Outcome(rule, holds, f"{published(then)} → {published(now)}", (*operands, ("上年", then)))


def _not_found(claim: Claim, earlier: Previous) -> str:
    where = "不在仓库中" if earlier.figures is None else f"中没有数字“{claim.previous}”"
    guess = did_you_mean(claim.previous, earlier.figures or {})
    guess = f"（{guess}）" if guess else ""
    return f"上一年度报告“{earlier.report_id}”{where}{guess}，无法核对“{claim.word}”。"


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

