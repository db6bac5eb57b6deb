"""Year-over-year claims: a chapter says a figure fell (下降), rose (增长), held (持平) or doubled (翻番)
against the previous report; a `change` rule binds the claim to the figures of both reports.

A claim is decided over the intervals the two published figures stand for, like every rule: 下降
holds when some true value this year can lie below some true value last year, so rounding never
makes a true claim fail. The previous report is named in report.yaml (`previous`); when it or the
figure is not in the repository, the claim cannot be checked and is unverified, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from .fields import Field
from .intervals import Interval


def _fell(now: Interval, before: Interval) -> bool:
    return now.low < before.high  # some value this year below some value last year


def _rose(now: Interval, before: Interval) -> bool:
    return before.low < now.high


def _held(now: Interval, before: Interval) -> bool:
    return now.meets(before)


def _doubled(now: Interval, before: Interval) -> bool:
    return before.scale(2).can_be_at_most(now)


# Each claim word: what it says of this year's figure against last year's, and the test of it.
CLAIMS: MappingProxyType[str, tuple[str, Callable[[Interval, Interval], bool]]] = MappingProxyType({
    "下降": ("低于上年", _fell),
    "减少": ("低于上年", _fell),
    "增长": ("高于上年", _rose),
    "增加": ("高于上年", _rose),
    "上升": ("高于上年", _rose),
    "持平": ("与上年相等", _held),
    "翻番": ("不少于上年的两倍", _doubled),
})

# The fields of a `change` relation besides its figures (this year's, and the percentage `by`).
CLAIM_FIELDS = (
    Field(name="previous", title="上一年度报告中的键", required=True, value={"$ref": "#/$defs/key"}),
    Field(name="claim", title="正文所说的变化", required=True, value={"enum": list(CLAIMS)}),
    Field(name="quote", title="正文中作比较的那句话，逐字抄录", required=True),
)

# The words a percentage can go with (增长180%, 下降12.5%, 同比增长35%): the direction of the change.
BY_WORDS: MappingProxyType[str, int] = MappingProxyType({"下降": -1, "减少": -1, "增长": 1, "增加": 1, "上升": 1})


@dataclass(frozen=True, kw_only=True)
class Claim:
    """What a `change` rule declares besides the figure of this report."""

    word: str  # one of CLAIMS
    previous: str  # the figure's key in the previous report
    quote: str  # the chapter's words that make the claim: they must stay in the chapters
