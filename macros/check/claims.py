"""Deciding a year-over-year claim over the two published figures' intervals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..model.claims import CLAIMS
from ..model.figures import Figure
from ..model.forms import published


@dataclass(frozen=True)
class Previous:
    """The report a report follows: its id, and its figures if it is in the repository."""

    report_id: str
    figures: Mapping[str, Figure] | None


def compare(word: str, now: Figure, then: Figure) -> tuple[bool, str, Callable[[], str]]:
    """Whether the claim can be true of the two published figures; the comparison, and (when called)
    the mismatch in words."""
    meaning, test = CLAIMS[word]
    computed = f"{published(then)} → {published(now)}"
    return (test(now.interval(), then.interval()), computed, lambda:
            f"正文说比上年“{word}”，即本年{meaning}；本年发布为 {published(now)}（区间 {now.interval()}），"
            f"上年发布为 {published(then)}（区间 {then.interval()}），这不可能。"
            f"数字无误的，按实际情况改写正文中的说法，并同时改这条规则的 claim 和 quote。")

