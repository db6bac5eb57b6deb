"""Plausibility: figures that every rule accepts but that are probably wrong, against the previous report.

- the same published figure as last year: the copy-forward error;
- a change beyond the report's `change_threshold` (in %, from report.yaml) with no `note` saying why;
- a column of a kind's table that goes on from last year's (`continuity`: 现行有效件数 = 上年现行有效件数
  + 本年制发件数 - 本年废止件数) and does not, in a row whose four cells both reports give as numbers.
  It can differ for a reason the table has no column for (a document amended, or lapsed), so this
  is a notice: the editor checks the numbers and explains such a reason in the table's chapter.

A figure with a `note` is taken as explained. Figures are matched by key, compared on their
published values, and only when both years publish them in the same unit. These are notices, not
errors, unless the report says `plausibility: fail`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext

from ..model.errors import ReportError
from ..model.figures import Figure
from ..model.forms import published
from ..model.intervals import EXACT, Interval
from ..model.report import Report
from ..model.tables import Block, Continuity, Header, Table, ancestors, cell_key, leaves


class Notice(ReportError):
    """Probably a mistake: reported with the build and the tests, published anyway."""

    kind = "合理性提示"


class Implausible(ReportError):
    """The same, in a report that asks for these to stop the build."""

    kind = "合理性检查不通过"


def plausibility(report: Report, previous: Report | None) -> tuple[list[ReportError], list[ReportError]]:
    """(errors, notices): the report's findings against the report it follows (if that is in the
    repository), as its `plausibility` setting makes them."""
    if previous is None:
        return [], []
    kind = Implausible if report.meta.plausibility == "fail" else Notice
    found = [*_findings(report, previous, kind), *_continuity(report, previous, kind)]
    return (found, []) if kind is Implausible else ([], found)


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


def _continuity(report: Report, previous: Report, kind: type[ReportError]) -> Iterator[ReportError]:
    """Each row of a block with `continuity` whose now differs from last year's now + plus - minus,
    between two reports of the same kind and format."""
    if report.kind is None or previous.kind is None or \
            (report.kind.name, report.kind.version) != (previous.kind.name, previous.kind.version):
        return
    for table in report.kind.tables.values():
        for block in table.blocks:
            rows = block.lines()
            for continuity in block.continuity:
                for row in rows:
                    yield from _continued(report, previous, kind, table, block, row, continuity)


def _continued(report: Report, previous: Report, kind: type[ReportError], table: Table, block: Block,
               row: Header | None, continuity: Continuity) -> Iterator[ReportError]:
    columns = {leaf.path: leaf for leaf in leaves(block.columns)}
    now_key, plus_key, minus_key = (cell_key(table.id, row, columns[path])
                                    for path in (continuity.now, continuity.plus, continuity.minus))
    now, plus, minus = (report.figures.get(key) for key in (now_key, plus_key, minus_key))
    then = previous.figures.get(now_key)
    if now is None or plus is None or minus is None or then is None:
        return  # a cell not applicable or not filled this year or last: nothing to go on from
    # Over the published intervals: exact for whole counts, as these are.
    expected = then.interval() + plus.interval() + _negated(minus.interval())
    if expected.meets(now.interval()):
        return
    rows = f"“{'／'.join(header.label for header in ancestors(block.rows, row))}”一行" if row else ""
    where = f"表“{table.title}”{block.heading or ''}{rows}"
    name = {path: columns[path].label for path in (continuity.now, continuity.plus, continuity.minus)}
    sections = report.kind.sections if report.kind else ()
    section = next((f"“{s.title}”" for s in sections if table.id in s.tables), "这张表所在的")
    yield kind(now.location,
               f"{where}：上一年度报告“{previous.id}”的{name[continuity.now]}{published(then)}，"
               f"加{name[continuity.plus]}{published(plus)}、减{name[continuity.minus]}{published(minus)}，"
               f"应为{_amount(expected, now)}；本报告“{report.id}”的{name[continuity.now]}是{published(now)}。",
               f"核对这四个数字（也核对上一年度报告的{name[continuity.now]}）。{name[continuity.now]}也会因"
               "制发、废止以外的原因变化（如修改、失效、清理后宣布失效），表中没有这一栏；确属这种情况的，"
               f"在{section}一章的正文中写明原因和件数。",
               code="continuity-mismatch")


def _negated(interval: Interval) -> Interval:
    return Interval(-interval.high, -interval.low, interval.high_closed, interval.low_closed)


def _amount(interval: Interval, like: Figure) -> str:
    """The value the interval stands for, in the figure's unit: 15件; its bounds when it is not one value."""
    if interval.low == interval.high and interval.low.denominator == 1:
        return f"{interval.low}{like.unit}"
    return f"{interval}{like.unit}"
