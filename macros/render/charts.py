"""Charts of a report's figures, drawn at build time as inline SVG (no script, nothing loaded, no style
attribute: colours come from report.css classes, so dark mode and the CSP both hold), from the
structure the rules already declare, on the data appendix. Each chart has its numbers as a table
beside it (its text alternative) and the published forms as its labels.

What is charted, and why:
- a total and its parts (a `sum` or `within` rule) as one bar divided into its parts, the rest of a
  `within` total shown as 其余;
- a rate with its numerator and denominator (a `ratio` rule) as a bar filled to the proportion;
- a total or a rate so charted, across the years of the same body's reports of the same kind that
  have it, as a small line, once there are two years.
Of the sums a report's kind builds in for its tables, only those whose total no other built-in sum
counts as a part: the table's grand totals (表三's 总计 by result and by applicant, each 表四 total),
not one chart per row and per column of a table that is already printed in full. Rules that relate
nothing one can draw (equal, at_most, change, …) and figures no rule relates get no chart. Nothing is
drawn where there is nothing to divide: a total of 0, a denominator of 0, a negative part.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..check.rules import Outcome
from ..model.figures import Figure, same_measure, value_in
from ..model.forms import published
from ..model.report import Catalog, Report
from . import tags
from .lineage import Href, entry

WIDTH = 600  # the bar's width in SVG units; the SVG scales to the column
COLOURS = 6  # chart__part--0 … --5 in report.css, in turn


def charts(report: Report, outcomes: list[Outcome], catalog: Catalog, href: Href) -> str:
    """The appendix's 图示 section: the report's charts, or "" when it has none."""
    drawn: list[str] = []
    lines: dict[str, Figure] = {}  # the figures whose years are drawn, in order
    for number, (kind, operands) in enumerate(_charted(outcomes), start=1):
        anchor = f"chart-{number}"
        if kind in ("sum", "within"):
            chart = _bar(report, anchor, operands, within=kind == "within", href=href)
        else:
            chart = _proportion(report, anchor, operands, href)
        if chart:
            drawn.append(chart)
            lines.setdefault(operands[0][1].key, operands[0][1])
    for figure in lines.values():
        years = _years(report, figure, catalog)
        if len(years) >= 2:
            drawn.append(_line(report, f"chart-years-{len(drawn) + 1}", figure, years))
    if not drawn:
        return ""
    intro = tags.paragraphs("下面的图按核对规则中数字之间的关系画出：合计与各部分、比率与它的分子和分母，以及同一机构"
                            "各年度报告中的同一个数字。每张图下面的表列出图中的数字（照发布的写法）。")
    return "\n\n".join(["## 图示", intro, *drawn])


def _charted(outcomes: list[Outcome]) -> Iterable[tuple[str, list[tuple[str, Figure]]]]:
    """The rules to chart, in the appendix's order: the report's own sums, withins and ratios, and
    the built-in sums whose total is no part of another built-in sum."""
    parts = {figure.key for o in outcomes if o.rule.builtin and o.rule.kind == "sum"
             for role, figure in o.figures[1:]}
    seen: set[tuple[str, ...]] = set()
    for outcome in outcomes:
        rule = outcome.rule
        if rule.kind not in ("sum", "within", "ratio"):
            continue
        if rule.builtin and outcome.figures[0][1].key in parts:
            continue
        keys = tuple(figure.key for _, figure in outcome.figures)
        if keys in seen:
            continue
        seen.add(keys)
        yield rule.kind, list(outcome.figures)


def _fraction(value: Decimal, whole: Decimal) -> float:
    return float(value / whole) if whole else 0.0


def _bar(report: Report, anchor: str, operands: list[tuple[str, Figure]], within: bool, href: Href) -> str:
    (_, total), parts = operands[0], operands[1:]
    figures = [figure for _, figure in operands]
    if not same_measure(*figures) or total.value <= 0 or any(f.value < 0 for f in figures):
        return ""
    values = [value_in(figure, total) for _, figure in parts]
    whole = max(value_in(total, total), sum(values, Decimal(0)))
    rest = value_in(total, total) - sum(values, Decimal(0)) if within else Decimal(0)
    segments = [(figure.label, published(figure), value) for (_, figure), value in zip(parts, values, strict=True)]
    if rest > 0:
        segments.append(("其余", "", rest))
    shapes, x = [], 0.0
    for index, (label, form, value) in enumerate(segments):
        width = _fraction(value, whole) * WIDTH
        colour = "chart__rest" if label == "其余" and not form else f"chart__part chart__part--{index % COLOURS}"
        shapes.append(f'<rect class="{colour}" x="{x:.1f}" y="32" width="{width:.1f}" height="34"/>')
        if width >= 12 * len(form) + 16 and form:
            shapes.append(f'<text class="chart__label" x="{x + width / 2:.1f}" y="56" text-anchor="middle">'
                          f"{tags.text(form)}</text>")
        x += width
    title = f"{total.label}：{published(total)}" + ("，其中" if within else "，由以下各部分组成")
    svg = _svg(anchor, title, 72, [
        f'<text class="chart__total" x="0" y="20">{tags.text(total.label)}：{tags.text(published(total))}</text>',
        *shapes])
    rows: list[tuple[str | None, list[str]]] = [
        (None, [_named(report, figure, href), tags.text(published(figure)),
                f"{_fraction(value_in(figure, total), value_in(total, total)) * 100:.1f}%"]) for _, figure in operands]
    table = tags.table(f"图中的数字：{title}", ["数字", "发布形式", "占合计"], rows)
    return _figure(anchor, svg, table)


def _proportion(report: Report, anchor: str, operands: list[tuple[str, Figure]], href: Href) -> str:
    (_, rate), (_, numerator), (_, denominator) = operands[:3]
    if not same_measure(numerator, denominator) or denominator.value <= 0 or numerator.value < 0:
        return ""
    share = min(_fraction(value_in(numerator, denominator), value_in(denominator, denominator)), 1.0)
    title = f"{rate.label}：{published(rate)}（{published(numerator)} ÷ {published(denominator)}）"
    svg = _svg(anchor, title, 72, [
        f'<text class="chart__total" x="0" y="20">{tags.text(rate.label)}：{tags.text(published(rate))}</text>',
        f'<rect class="chart__rest" x="0" y="32" width="{WIDTH}" height="34"/>',
        f'<rect class="chart__part chart__part--0" x="0" y="32" width="{share * WIDTH:.1f}" height="34"/>',
        f'<text class="chart__label" x="8" y="56">{tags.text(published(rate))}</text>'])
    rows: list[tuple[str | None, list[str]]] = [
        (None, [_named(report, figure, href), tags.text(role), tags.text(published(figure))])
        for role, figure in operands[:3]]
    table = tags.table(f"图中的数字：{title}", ["数字", "在比率中", "发布形式"], rows)
    return _figure(anchor, svg, table)


def _named(report: Report, figure: Figure, href: Href) -> str:
    """A figure's name, linked to its entry in the table of figures."""
    return tags.link(href(entry(report, figure.key)), tags.text(figure.label))


def _years(report: Report, figure: Figure, catalog: Catalog) -> list[tuple[int, Figure]]:
    """The figure in each report of the same body and kind that has it, by year (this report's own)."""
    found: dict[int, Figure] = {}
    for other in catalog.reports:
        same = other.meta.body == report.meta.body and other.meta.kind == report.meta.kind
        theirs = other.figures.get(figure.key)
        if same and other.meta.year <= report.meta.year and theirs is not None and same_measure(theirs, figure):
            found.setdefault(other.meta.year, theirs)
    found[report.meta.year] = figure
    return sorted(found.items())


def _line(report: Report, anchor: str, figure: Figure, years: list[tuple[int, Figure]]) -> str:
    values = [float(value_in(f, figure)) for _, f in years]
    top = max(max(values), 1e-9)
    step = (WIDTH - 120) / (len(years) - 1)
    points = [(60 + i * step, 100 - 70 * value / top) for i, value in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    marks = []
    for (x, y), (year, f) in zip(points, years, strict=True):
        marks.append(f'<circle class="chart__point" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
        marks.append(f'<text class="chart__label chart__label--above" x="{x:.1f}" y="{y - 9:.1f}" '
                     f'text-anchor="middle">{tags.text(published(f))}</text>')
        marks.append(f'<text class="chart__axis" x="{x:.1f}" y="122" text-anchor="middle">{year}年</text>')
    title = f"{figure.label}：各年度"
    svg = _svg(anchor, title, 128, [f'<line class="chart__baseline" x1="40" y1="104" x2="{WIDTH - 40}" y2="104"/>',
                                    f'<polyline class="chart__line" points="{path}"/>', *marks])
    rows: list[tuple[str | None, list[str]]] = [(None, [f"{year}年", tags.text(published(f))]) for year, f in years]
    table = tags.table(f"图中的数字：{report.meta.body}{title}", ["年度", "发布形式"], rows)
    return _figure(anchor, svg, table)


def _svg(anchor: str, title: str, height: int, shapes: list[str]) -> str:
    """The chart, named for screen readers by its title (aria-label: an SVG <title> would be a second
    <title> element in the page, which tests/test_csp.py takes for a page title closed early); its
    numbers are in the table that follows it."""
    return "".join([f'<svg class="chart__svg" id="{anchor}-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
                    f'aria-label="{tags.text(title)}" focusable="false">', *shapes, "</svg>"])


def _figure(anchor: str, svg: str, table: str) -> str:
    """A chart and its table, one HTML block (no blank line inside)."""
    return "\n".join([f'<figure class="chart" id="{anchor}">', svg, table, "</figure>"])
