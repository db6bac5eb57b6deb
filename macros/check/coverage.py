"""What the rules cannot vouch for: figures no rule checks, and figures in rules that still would not
notice a typical slip (a 0 among the parts of 其中 can grow without breaking the inequality).

Neither is an error: the text may state no relation for a figure. Both are listed for editors and
reviewers (make check, make test), so that it is plain which figures rest on the editor's care alone.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

from ..model.errors import ReportError
from ..model.figures import Figure
from ..model.intervals import last_digit_step
from ..model.report import Catalog, Report
from .rules import Status, evaluate
from .years import comparable, previous_of

EQUATIONS = frozenset({"sum", "equal", "ratio"})  # kinds that pin a figure from both sides
_PASSING = {Status.HOLDS, Status.EXCEPTION, Status.UNVERIFIED}


class Unchecked(ReportError):
    kind = "没有规则核对（只能靠人工核对，不影响发布）"


class Uncatchable(ReportError):
    kind = "规则发现不了常见的录入错误（不影响发布）"


def uncovered(catalog: Catalog) -> list[Figure]:
    """Figures no rule checks."""
    checked = {report.id: {key for rule in report.rules for key in rule.keys} for report in catalog.reports}
    return [figure for report in catalog.reports for figure in report.figures.values()
            if figure.key not in checked[report.id]]


def resolution(figure: Figure) -> Decimal:
    """The smallest change a published form shows: one unit of its last digit, or its 约 range."""
    if figure.qualifier == "约" and figure.tolerance is not None:
        return figure.tolerance * 2
    return last_digit_step(figure.value) if figure.qualifier == "余" else Decimal(1).scaleb(-figure.precision)


def slips(figure: Figure, step: Decimal) -> list[Decimal]:
    """Typical slips: off by `step` either way, the decimal point shifted, left at zero, pasted from a
    much larger figure."""
    candidates = (figure.value + step, figure.value - step, figure.value * 10, figure.value / 10, Decimal(0),
                  figure.value * 1000 + step)
    return [value for value in candidates if value >= 0 and value != figure.value]


def caught(catalog: Catalog, report: Report, key: str) -> list[bool]:
    """For each typical slip of the figure, whether one of its report's rules would fail."""
    figure = report.figures[key]
    mine = [rule for rule in report.rules if key in rule.keys  # rules the checks evaluate at all
            and all(k in report.figures for k in rule.keys) and comparable(catalog, report, rule)]
    equations = [rule for rule in mine if rule.kind in EQUATIONS]
    step = max((resolution(report.figures[k]) for rule in equations for k in rule.keys if k in report.figures),
               default=resolution(figure))
    previous = previous_of(catalog, report)
    found = []
    for value in slips(figure, step):
        figures = MappingProxyType({**report.figures, key: replace(figure, value=value)})
        found.append(any(evaluate(rule, figures, previous).status not in _PASSING for rule in mine))
    return found


def bounded(report: Report) -> list[str]:
    """The keys the report's rules bound (a nonempty_base rule bounds its base, not its rate)."""
    return sorted({key for rule in report.rules for role, key in rule.operands
                   if (rule.kind, role) != ("nonempty_base", "比率") and key in report.figures})


def uncatchable(catalog: Catalog) -> list[Figure]:
    """Figures in rules of which no typical slip makes any rule fail."""
    return [report.figures[key] for report in catalog.reports for key in bounded(report)
            if not any(caught(catalog, report, key))]


def coverage_notes(catalog: Catalog) -> list[ReportError]:
    """Both lists, as information for make check."""
    notes: list[ReportError] = [Unchecked(f.location, f"数字“{f.key}”（{f.label}）没有任何核对规则。",
                                          code="figure-unchecked")
                                for f in uncovered(catalog)]
    notes += [Uncatchable(f.location, f"数字“{f.key}”（{f.label}）= {f.value}：它所在的规则都是不等式，"
                                      "多写、少写或写错小数点都不会让规则不成立。", code="slip-uncaught")
              for f in uncatchable(catalog)]
    return notes
