"""Reconciliation rules as declared in data/<report>/rules.yaml, and their outcomes.

A rule holds when the published figures can all be true at once: each figure stands for the
interval its precision and qualifier allow (intervals.Interval), and the rule's relation must be
satisfiable within those intervals. A rule that fails may carry a declared exception, which pins
the published form of every operand and the computed value, so any later change breaks it again.
A `change` rule compares a figure with the previous report's (claims.py); it is unverified, not
failed, while that report or figure is not in the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from .claims import Claim
from .errors import Location

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
