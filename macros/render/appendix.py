"""The data appendix of a report, generated at build time: every figure with its source, the rules it
takes part in and every place that cites it; every rule with its result; the notes on the data,
including the declared exceptions; the corrections; the downloads.

Every text from data is escaped (tags.text): YAML can add words to the site, never tags.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html import escape

from ..check.rules import Outcome, Status
from ..load.corrections import Correction
from ..model.figures import Figure
from ..model.forms import published
from ..model.intervals import show
from ..model.report import Catalog, Report, chinese_date
from ..model.tables import leaves, path_label
from . import tags
from .charts import charts
from .lineage import Href, Place, appendix_page, entry, figure_anchor
from .notices import log_table
from .opendata import CSV, JSON, PACKAGE, table_downloads

EMPTY = tags.UNKNOWN


def rule_anchor(rule_id: str) -> str:
    return f"rule-{rule_id}"


def report_outcomes(report: Report, outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes of this report's rules, in the order the rules are declared."""
    of_rule: dict[int, list[Outcome]] = {}
    mine = {id(rule) for rule in report.rules}
    for outcome in outcomes:
        if id(outcome.rule) in mine:
            of_rule.setdefault(id(outcome.rule), []).append(outcome)
    return [outcome for rule in report.rules for outcome in of_rule.get(id(rule), ())]


def _numbers(outcomes: list[Outcome]) -> dict[int, int]:
    """Each outcome's number (from 1) in the report's rules table, by the outcome's id."""
    numbers: dict[int, int] = {}
    for number, outcome in enumerate(outcomes, start=1):
        numbers.setdefault(id(outcome), number)
    return numbers


def reading(figure: Figure) -> str:
    """What the published form says about the true value, in words: 精确数, or its range."""
    if figure.exact:
        return "精确数"
    interval = figure.interval()
    span = (f"{show(interval.low)}{'≤' if interval.low_closed else '<'}实际值"
            f"{'≤' if interval.high_closed else '<'}{show(interval.high)}")
    if figure.qualifier == "余":
        return f"“余”数：{span}"
    if figure.qualifier == "约":
        return f"约数：{span}"
    rounding = f"{figure.precision}位小数" if figure.precision else "整数"
    return f"四舍五入到{rounding}：{span}"


def appendix(report: Report, outcomes: list[Outcome], places: dict[str, list[Place]],
             log: tuple[Correction, ...], href: Href, title: Callable[[str], str],
             catalog: Catalog | None = None) -> str:
    """The appendix page's content (below its heading); with the `catalog`, its charts (charts.py)."""
    mine = report_outcomes(report, outcomes)
    drawn = charts(report, mine, catalog, href) if catalog is not None else ""
    return "\n\n".join([
        tags.paragraphs(f"本页列出《{tags.text(report.meta.title)}》正文中的每个数字：名称、发布形式、精确数值、"
                          "来源、参与的核对规则及结果，以及引用它的页面。点击正文中的数字会来到这里的对应条目，"
                          "点击“正文位置”中的链接可以回到正文。"),
        "## 开放数据",
        downloads(report, href),
        *([drawn] if drawn else []),
        "## 数字",
        figures_table(report, mine, places, href, title),
        "## 核对规则",
        rules_table(report, [o for o in mine if not o.rule.builtin], _numbers(mine), href),
        *builtin_rules(report, [o for o in mine if o.rule.builtin], _numbers(mine), href),
        notes(report, mine, log, href),
    ])


def downloads(report: Report, href: Href) -> str:
    items = [
        (CSV, "CSV 表格：UTF-8 编码（带 BOM），可直接用 Excel、WPS 打开，列名是中文；数值照发布的写法精确记录"),
        (JSON, "JSON：报告信息和全部数字，数值为精确的十进制数"),
        (PACKAGE, "数据包说明（Frictionless Data Package）：各列的含义和类型"),
        *table_downloads(report),
    ]
    lines = [f"<li>{tags.link(href(f'{report.id}/{name}'), name)}：{tags.text(text)}</li>"
             for name, text in items]
    return "\n".join(["<ul>", *lines, "</ul>"])


def figures_table(report: Report, outcomes: list[Outcome], places: dict[str, list[Place]], href: Href,
                  title: Callable[[str], str]) -> str:
    rows: list[tuple[str | None, list[str]]] = []
    taking_part: dict[str, list[Outcome]] = {}  # the outcomes of the rules each figure takes part in
    for outcome in outcomes:
        for key in dict.fromkeys(outcome.rule.keys):
            taking_part.setdefault(key, []).append(outcome)
    numbers = _numbers(outcomes)
    for key, figure in report.figures.items():
        rules = [f'<span class="nowrap">{rule_link(report, numbers, o, href)}：{tags.text(o.status)}</span>'
                 for o in taking_part.get(key, ())]
        origin = [f"来源：{tags.text(figure.source)}" if figure.source else "",
                  f"截至{tags.text(chinese_date(figure.as_of))}" if figure.as_of else ""]
        rows.append((figure_anchor(key), [
            f'{tags.text(figure.label)}<br><code class="key">{_breakable(key)}</code>',
            tags.text(published(figure)),
            f"{tags.text(f'{figure.value:f}')} {tags.text(figure.unit)}<br>{tags.text(reading(figure))}",
            "<br>".join(line for line in origin if line) or EMPTY,
            "<br>".join(rules) or "未设核对规则",
            citing(figure, places.get(key, []), href, title),
        ]))
    head = ["名称（键）", "发布形式", "数值、单位和精度", "来源和截至日期", "核对规则及结果", "正文位置"]
    return tags.table(f"{report.meta.title}的数字", head, rows)


def citing(figure: Figure, places: list[Place], href: Href, title: Callable[[str], str]) -> str:
    """Links back to every place that cites the figure."""
    if figure.data_only:
        return "正文未引用（只作数据公开）"
    on_page = Counter(place.page for place in places)
    links = []
    for place in places:
        text = title(place.page) + (f"（第{place.number}处）" if on_page[place.page] > 1 else "")
        links.append(tags.link(href(f"{place.page}#{place.anchor}"), tags.text(text)))
    return "<br>".join(links)


def rule_link(report: Report, numbers: dict[int, int], outcome: Outcome, href: Href) -> str:
    """A rule as readers name it, 第3条 (its number in `numbers`, from `_numbers`), linked to its row
    of the rules table."""
    number = numbers[id(outcome)]
    target = href(f"{appendix_page(report)}#{rule_anchor(outcome.rule.id)}")
    return f'<a href="{escape(target)}" title="{tags.text(outcome.rule.description)}">第{number}条</a>'


def builtin_rules(report: Report, outcomes: list[Outcome], numbers: dict[int, int], href: Href) -> list[str]:
    """The rules the report's kind makes (its tables' identities), what they are, and their results."""
    kind = report.kind
    if kind is None or not outcomes:
        return []
    said = []
    for table in kind.tables.values():
        rows = [f"“{path_label(block.rows, header)}”行等于各行之和（每一列）" for block in table.blocks
                for header in leaves(block.rows) if header.sums]
        columns = [f"“{path_label(block.columns, header)}”列等于各列之和" + ("（每一行）" if block.rows else "")
                   for block in table.blocks for header in leaves(block.columns) if header.sums]
        each = [f"{identity.description}（每一列）" for identity in table.identities]
        each += [f"{carried.description}（每一列）" for carried in table.previous]
        if rows or columns or each:
            said.append(f"<li>表“{tags.text(table.title)}”：{tags.text('；'.join([*columns, *rows, *each]))}</li>")
    counts = Counter(outcome.status for outcome in outcomes)
    summary = "，".join(f"{tags.text(status)} {count} 条" for status, count in counts.items())
    return ["## 报告类别的自动核对", tags.paragraphs(
        f"本报告是{tags.text(kind.title)}。这个格式的表格有固定的勾稽关系，每份报告都自动按它们核对，"
        f"不用另写规则：共 {len(outcomes)} 条，{summary}。"
        + ("“未核实”表示上一年度的报告不在本网站（或没有写明），无法核对。" if Status.UNVERIFIED in counts else "")),
        "\n".join(["<ul>", *said, "</ul>"]),
        rules_table(report, outcomes, numbers, href, "的自动核对")]


def rules_table(report: Report, outcomes: list[Outcome], numbers: dict[int, int], href: Href,
                caption: str = "的核对规则") -> str:
    if not outcomes:
        return tags.paragraphs("本报告没有核对规则。" if report.kind is None or not report.kind.tables
                               else "本报告没有另写的核对规则，表格按报告类别自动核对（见下）。")
    rows: list[tuple[str | None, list[str]]] = []
    for outcome in outcomes:
        rule = outcome.rule
        operands = "<br>".join(
            f'<span class="nowrap">{tags.text(role)}：<a href="{escape(href(entry(report, figure.key)))}" '
            f'title="{tags.text(figure.label)}">{tags.text(published(figure))}</a></span>'
            for role, figure in outcome.figures)
        reason = EMPTY
        if rule.exemption is not None:
            reason = f"{tags.text(rule.exemption.reason)}（按规则计算：{tags.text(outcome.computed)}）"
        rows.append((rule_anchor(rule.id), [
            f"第{numbers[id(outcome)]}条",
            f'{tags.text(rule.description)}<br><code class="key">{_breakable(rule.id)}</code>',
            operands, tags.text(outcome.status), reason]))
    head = ["序号", "说明（编号）", "涉及的数字", "结果", "例外理由"]
    return tags.table(f"{report.meta.title}{caption}", head, rows)


def notes(report: Report, outcomes: list[Outcome], log: tuple[Correction, ...], href: Href) -> str:
    """数据说明 and 更正记录: what a reader of the figures must know. Also on the printable page."""
    blocks = ["## 数据说明", tags.paragraphs(
        "正文中的数字照报告发布的写法显示。每个发布的数字代表一个范围：四舍五入的金额、比率，表示实际值在末位"
        "上下半个单位之内；“余”数表示不少于写出的数、不到下一档；“约”数表示在写明的误差之内；不带小数、"
        "没有“余”“约”的件数、人数等是精确数。各数字代表的范围见数字表的“精度”一栏。核对规则检验这些范围"
        "能否同时成立，所以四舍五入不会被当作错误。")]
    exceptions = [o for o in outcomes if o.status is Status.EXCEPTION]
    if exceptions:
        blocks += ["### 核对例外", tags.paragraphs("下列核对规则与发布的数字不一致。报告已经发布，网站保留原文，"
                                                   "在此如实说明：")]
        numbers = _numbers(outcomes)
        items = [f"<li>{exception(report, numbers, o, href)}</li>" for o in exceptions]
        blocks.append("\n".join(["<ul>", *items, "</ul>"]))
    data_only = [f for f in report.figures.values() if f.data_only]
    if data_only:
        blocks += ["### 只作数据公开的数字", tags.paragraphs("下列数字正文没有直接写出，只在数据中公开：")]
        blocks.append(_figure_notes(report, data_only, href))
    noted = [f for f in report.figures.values() if f.note and not f.data_only]
    if noted:
        blocks += ["### 其他说明", _figure_notes(report, noted, href)]
    blocks += ["## 更正记录", log_table(report, log, href) if log else tags.paragraphs("本报告发布以来没有更正。")]
    return "\n\n".join(blocks)


def exception(report: Report, rule_numbers: dict[int, int], outcome: Outcome, href: Href) -> str:
    rule = outcome.rule
    assert rule.exemption is not None
    numbers = "、".join(tags.link(href(entry(report, figure.key)), tags.text(published(figure)))
                        for _, figure in outcome.figures)
    link = rule_link(report, rule_numbers, outcome, href)
    return (f"<strong>{tags.text(rule.description)}</strong>（核对规则{link}）："
            f"{tags.text(rule.exemption.reason)}"
            f"涉及的数字：{numbers}；按规则计算：{tags.text(outcome.computed)}。")


def _figure_notes(report: Report, figures: list[Figure], href: Href) -> str:
    items = [f"<li>{tags.link(href(entry(report, f.key)), tags.text(f.label))}：{tags.text(published(f))}。"
             f"{tags.text(f.note or '')}</li>" for f in figures]
    return "\n".join(["<ul>", *items, "</ul>"])


def _breakable(word: str) -> str:
    """A long key or id, allowed to wrap after its dots, underscores and hyphens."""
    return re.sub(r"([._-])", r"\1<wbr>", escape(word))  # a key or id: letters, digits and these
