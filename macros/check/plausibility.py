"""Plausibility: figures that every rule accepts but that are probably wrong, against the previous report.

- the same published figure as last year: the copy-forward error;
- a change beyond the report's `change_threshold` (in %, from report.yaml) with no `note` saying why.

A figure with a `note` is taken as explained. Figures are matched by key, compared on their
published values, and only when both years publish them in the same unit. These are notices, not
errors, unless the report says `plausibility: fail`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext

from ..model.errors import ReportError
from ..model.forms import published
from ..model.intervals import EXACT
from ..model.report import Catalog, Report


class Notice(ReportError):
    """Probably a mistake: reported with the build and the tests, published anyway."""

    kind = "合理性提示"


class Implausible(ReportError):
    """The same, in a report that asks for these to stop the build."""

    kind = "合理性检查不通过"


def plausibility(catalog: Catalog) -> tuple[list[ReportError], list[ReportError]]:
    """(errors, notices): what each report's `plausibility` setting makes of its findings."""
    errors: list[ReportError] = []
    notices: list[ReportError] = []
    for report in catalog.reports:
        previous = catalog.previous(report)
        if previous is None:
            continue
        kind = Implausible if report.meta.plausibility == "fail" else Notice
        (errors if kind is Implausible else notices).extend(_findings(report, previous, kind))
    return errors, notices


def _findings(report: Report, previous: Report, kind: type[ReportError]) -> Iterator[ReportError]:
    threshold = report.meta.change_threshold
    for key, now in report.figures.items():
        then = previous.figures.get(key)
        # A table's cell has no note to explain itself with, and a small count the same two years is
        # no sign of copying; the tables' own checks are their identities and continuity below.
        if then is None or now.note is not None or then.unit != now.unit or key in report.cells:
            continue
        what = f"数字“{key}”（{now.label}）"
        now_published, then_published = published(now), published(then)
        if now_published == then_published and now.value == 0:
            continue  # nothing of the kind either year (no lawsuits, no fees): normal, not copied
        if now_published == then_published:
            yield kind(now.location, f"{what}与上一年度报告“{previous.id}”完全相同：{now_published}。",
                       "确认不是把上一年度的数字照抄过来；确实相同的，在这个数字下写 note 说明。",
                       code="same-as-last-year")
            continue
        change = _change(now.value, then.value)
        if threshold is not None and (change is None or abs(change) > threshold):
            shown = "上年为零" if change is None else f"{change:+.1f}%"
            yield kind(now.location, f"{what}比上一年度报告“{previous.id}”变化 {shown}"
                                     f"（{then_published} → {now_published}），超过报告设定的 {threshold}%。",
                       "核对这个数字；变化属实的，在这个数字下写 note 说明原因。", code="change-over-threshold")


def _change(now: Decimal, then: Decimal) -> Decimal | None:
    """The change in %, or None from zero."""
    if then == 0:
        return None
    with localcontext(EXACT):
        return (now - then) / then * 100
