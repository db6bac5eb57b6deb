"""Year-over-year claims: a chapter says a figure fell (下降), rose (增长), held (持平) or doubled (翻番)
against the previous report; a `change` rule binds the claim to the figures of both reports.

A claim is decided over the intervals the two published figures stand for, like every rule: 下降
holds when some true value this year can lie below some true value last year, so rounding never
makes a true claim fail. The previous report is named in report.yaml (`previous`); when it or the
figure is not in the repository, the claim cannot be checked and is unverified, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from .fmt import published
from .model import Figure, Interval
from .yamlnodes import YamlFile

# The fields of a `change` relation besides the figure of this report.
CLAIM_FIELDS = ("previous", "claim", "quote")


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


@dataclass(frozen=True)
class Claim:
    """What a `change` rule declares besides the figure of this report."""

    word: str  # one of CLAIMS
    previous: str  # the figure's key in the previous report
    quote: str  # the chapter's words that make the claim: they must stay in the chapters


@dataclass(frozen=True)
class Before:
    """The report a report compares itself with: its id, and its figures if it is in the repository."""

    report_id: str
    figures: Mapping[str, Figure] | None


def parse_claim(source: YamlFile, node: yaml.Node) -> Claim | None:
    """The claim fields of a `change` relation; the caller has checked its fields and their keys."""
    if not isinstance(node, yaml.MappingNode):
        return None
    fields = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    if any(name not in fields for name in CLAIM_FIELDS):
        return None
    previous = source.text(fields["previous"], "previous")
    word = source.text(fields["claim"], "claim")
    quote = source.text(fields["quote"], "quote")
    if word is not None and word not in CLAIMS:
        source.error(fields["claim"], f"claim 写成了“{word}”，可用的说法是：{'、'.join(CLAIMS)}。",
                     "写正文所说的变化，如 claim: 下降。")
        return None
    if previous is None or word is None or quote is None:
        return None
    return Claim(word, previous, quote)


def compare(word: str, now: Figure, before: Figure) -> tuple[bool, str, Callable[[], str]]:
    """Whether the claim can be true of the two published figures; the comparison, and (when called)
    the mismatch in words."""
    meaning, test = CLAIMS[word]
    computed = f"{published(before)} → {published(now)}"
    return (test(now.interval(), before.interval()), computed, lambda:
            f"正文说比上年“{word}”，即本年{meaning}；本年发布为 {published(now)}（区间 {now.interval()}），"
            f"上年发布为 {published(before)}（区间 {before.interval()}），这不可能。"
            f"数字无误的，按实际情况改写正文中的说法，并同时改这条规则的 claim 和 quote。")
