"""Deciding a year-over-year claim over the two published figures' intervals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import localcontext

from ..model.claims import BY_WORDS, CLAIMS
from ..model.figures import Figure, interval_in, value_in
from ..model.forms import published, round_published
from ..model.intervals import EXACT, Interval


@dataclass(frozen=True)
class Previous:
    """The report a report follows: its id, and its figures if it is in the repository."""

    report_id: str
    figures: Mapping[str, Figure] | None


def compare(word: str, now: Figure, then: Figure, by: Figure | None = None) -> tuple[bool, str, Callable[[], str]]:
    """Whether the claim can be true of the two published figures (and, with `by`, of the percentage
    it states: 增长180% is (now - then) / then = 180%, over the intervals); the comparison, and
    (when called) the mismatch in words."""
    meaning, test = CLAIMS[word]
    computed = f"{published(then)} → {published(now)}"
    before = interval_in(then, now)  # last year's figure in this year's unit (万元 then, 元 now)
    holds = test(now.interval(), before)
    if by is None:
        return (holds, computed, lambda:
                f"正文说比上年“{word}”，即本年{meaning}；本年发布为 {published(now)}（区间 {now.interval()}），"
                f"上年发布为 {published(then)}（区间 {before}），这不可能。"
                f"数字无误的，按实际情况改写正文中的说法，并同时改这条规则的 claim 和 quote。")
    if before.low <= 0:
        return (False, "无法计算", lambda: f"上年为 {published(then)}，无法说比上年“{word}{published(by)}”。")
    change = _percent(now.interval() / before, BY_WORDS[word])
    with localcontext(EXACT):
        point = round_published((now.value / value_in(then, now) - 1) * 100 * BY_WORDS[word], by.precision + 1)
    computed = f"{computed}，{word}{point}%"
    return (holds and change.meets(by.interval()), computed, lambda:
            f"正文说比上年“{word}{published(by)}”；上年 {published(then)}，本年 {published(now)}，"
            f"{word}幅度为 {point}%（区间 {change}），与 {published(by)}（区间 {by.interval()}）不符。"
            "数字无误的，按实际的变化改写正文，并同时改 by 所指的数字和 quote。")


def _percent(ratio: Interval, direction: int) -> Interval:
    """The change in % from a ratio of this year to last: up (ratio - 1) or down (1 - ratio)."""
    if direction > 0:
        return Interval(ratio.low * 100 - 100, ratio.high * 100 - 100, ratio.low_closed, ratio.high_closed)
    return Interval(100 - ratio.high * 100, 100 - ratio.low * 100, ratio.high_closed, ratio.low_closed)
