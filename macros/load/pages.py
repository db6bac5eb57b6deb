"""Markdown chapters: the figures each page cites, and the template code it may not contain.

A page may use exactly three kinds of template code: `{{ fig("key") }}` with a literal key; the
argument-less macros in PAGE_MACROS, each once and only on the page it belongs on (MACRO_PAGES):
a page macro elsewhere would list the reports on a report's page, or copy the whole report into a
chapter that the printable copy then copies into itself without end; and the argument-less
PERIOD_MACROS, which state the report's period in its words on any of its pages, as often as
wanted, if its report.yaml gives the period. Everything else between `{{ }}`, `{% %}` or `{# #}`
is an error, found here by reading the file, before anything is rendered.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..model.errors import Lines, Location, PageError, ReportError, did_you_mean, listed
from ..model.report import Catalog, Report, ReportMeta, chinese_date
from .tree import Tree

PAGE_MACROS = ("reports", "report_meta", "data_appendix", "printable_copy", "correction_log")
# The page each page macro belongs on: (whether it is a page in each report's folder, its file, its name).
MACRO_PAGES: dict[str, tuple[bool, str, str]] = {
    "reports": (False, "index.md", "网站首页"),
    "correction_log": (False, "corrections.md", "网站的“更正说明”页"),
    "report_meta": (True, "index.md", "报告的首页"),
    "data_appendix": (True, "appendix.md", "报告的数据附录页"),
    "printable_copy": (True, "print.md", "报告的打印版页"),
}
# The report's period (report.yaml period_start and period_end), in the report's words.
PERIOD_MACROS: dict[str, Callable[[ReportMeta], str | None]] = {
    "period": lambda meta: meta.period,  # 2023年1月1日至2023年12月31日
    "period_start": lambda meta: chinese_date(meta.period_start),  # 2023年1月1日
    "period_end": lambda meta: chinese_date(meta.period_end),  # 2023年12月31日
}
MAX_CITATIONS = 2_000  # fig() calls on one page: a real chapter has tens
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_FIG = re.compile(r"\s*fig\(\s*(?P<q>[\"'])(?P<key>[^\"'\n]*)(?P=q)\s*\)\s*")
_TABLE = re.compile(r"\s*table\(\s*(?P<q>[\"'])(?P<id>[^\"'\n]*)(?P=q)\s*\)\s*")
_CALL = re.compile(r"\s*(?P<name>[a-z_]+)\(\s*\)\s*")
_ALLOWED = '只能写 {{ fig("数字的键") }}、{{ table("表的编号") }}、页面宏和统计期限的宏（如 {{ period() }}）'


class Citation(NamedTuple):
    """One `{{ fig("key") }}` on a page: the page's path under docs/ and where the call is (a named
    triple, as Location is: there is one for each figure on each page)."""

    key: str
    page: str
    location: Location


@dataclass(frozen=True)
class Code:
    """A piece of template code: `text[start:end]`, from its opener (`{{`, `{%` or `{#`) through its
    closer; `expr` is what is between `{{` and `}}` (None for `{% %}` and `{# #}`). An opener
    without a closer is a Code too, with `closed` false and `end` just after the opener."""

    start: int
    end: int
    opener: str
    expr: str | None
    closed: bool = True


def template_code(text: str) -> Iterator[Code]:
    """Every piece of template code in the text, in one pass: each opener's closer is the first one
    after it (as Jinja reads it), looked for from the opener on. Once a kind of closer is known to
    be missing from some point to the end, later openers of that kind are unclosed without another
    search: so the text is gone through a bounded number of times, however many openers it holds.
    """
    missing_from: dict[str, int] = {}  # closer -> offset from which it does not occur
    position = 0
    while opener := _OPENERS.search(text, position):
        start, kind = opener.start(), opener.group(0)
        closer = _CLOSERS[kind]
        found = -1 if missing_from.get(closer, len(text) + 1) <= start + 2 else text.find(closer, start + 2)
        if found < 0:
            missing_from[closer] = start + 2
            yield Code(start, start + 2, kind, None, closed=False)
            position = start + 2
            continue
        yield Code(start, found + 2, kind, text[start + 2:found] if kind == "{{" else None)
        position = found + 2


@dataclass(frozen=True)
class PageScan:
    citations: list[Citation]
    errors: list[ReportError]


def scan_page(tree: Tree, path: Path, catalog: Catalog) -> PageScan:
    """Read a Markdown page; check its template code and the keys it cites (of its report in `catalog`)."""
    errors: list[ReportError] = []
    page = path.relative_to(tree.docs).as_posix()
    report = catalog.report_for_page(page)
    # a page of a report that could not be loaded is still that report's page
    owner = report.id if report else catalog.unloaded_owner(page)
    found, periods, tables, problems = _scan(tree.rel(path), page, tree.text(path), owner)
    errors += problems
    if report is None and owner is not None:
        return PageScan(found, errors)  # its report could not be loaded, which its own error says
    found = _with_tables(found, tables, report, page, errors)
    unstated = [call for call in periods if report is None or stated(report, call[0]) is None]
    errors += listed(unstated, partial(_unstated, report), "写不出的统计期限")
    for citation in found:
        if report is None:
            errors.append(PageError(citation.location,
                                    f"这个页面不在任何报告的文件夹里，不能引用数字“{citation.key}”。",
                                    "把页面放进报告的文件夹（docs/<报告>/），或删除这个引用。",
                                    code="citation-outside-report"))
        elif citation.key in report.not_applicable:
            errors.append(PageError(citation.location,
                                    f"数字“{citation.key}”在表中写的是“{report.not_applicable[citation.key]}”（不适用），"
                                    "没有可以引用的数字。", "删除这个引用，或在正文中直接写“不适用”。",
                                    code="cell-not-applicable"))
        elif citation.key not in report.figures and citation.key not in report.broken_keys:
            hint = did_you_mean(citation.key, report.figures) + \
                f"报告“{report.id}”的数字都在 data/{report.id}/figures.yaml。"
            errors.append(PageError(citation.location,
                                    f"引用了不存在的数字“{citation.key}”。", hint, code="unknown-key"))
    return PageScan(found, errors)


def _with_tables(found: list[Citation], tables: list[tuple[str, Location]], report: Report | None, page: str,
                 errors: list[ReportError]) -> list[Citation]:
    """The page's citations with those of its tables put in reading order: a table cites each of its
    cells that has a number, row by row, as it shows them."""
    if not tables:
        return found
    kind = report.kind if report else None
    calls = []
    for table_id, location in tables:
        if report is None:
            errors.append(PageError(location, f"这个页面不在任何报告的文件夹里，不能用表“{table_id}”。",
                                    "把表放在报告的页面（docs/<报告>/）上。", code="citation-outside-report"))
        elif kind is None or table_id not in kind.tables:
            declared = list(kind.tables) if kind else []
            errors.append(PageError(location, f"报告类别“{report.meta.kind}”没有编号为“{table_id}”的表。",
                                    did_you_mean(table_id, declared) or
                                    (f"可用的表：{'、'.join(declared)}。" if declared else "这个类别的报告没有表格。"),
                                    code="unknown-table"))
        else:
            cells = [Citation(cell.key, page, location) for cell in kind.tables[table_id].cells()
                     if cell.key in report.figures]
            calls.append((location, cells))
    merged = [(citation.location, [citation]) for citation in found] + calls
    merged.sort(key=lambda item: item[0].line)  # stable: a line's calls keep their order
    return [citation for _, cited in merged for citation in cited]


def stated(report: Report, name: str) -> str | None:
    """What the period macro `name` (PERIOD_MACROS) says on a page of `report`, in the report's words;
    None if `name` is no period macro or report.yaml gives no period (the page scan refuses that call)."""
    words = PERIOD_MACROS.get(name)
    return words(report.meta) if words else None


def _unstated(report: Report | None, called: tuple[str, Location]) -> PageError:
    """The error of a period macro called on a page of no report, or of one whose report.yaml gives no period."""
    name, location = called
    call = f"{{{{ {name}() }}}}"
    if report is None:
        return PageError(location, f"这个页面不在任何报告的文件夹里，不能用“{call}”（它写出报告的统计期限）。",
                         "删除这一处；统计期限只能写在报告的页面（docs/<报告>/）上。", code="period-outside-report")
    return PageError(location, f"“{call}”写出报告的统计期限，但 data/{report.id}/report.yaml 没有写统计期限。",
                     f"在 data/{report.id}/report.yaml 中写上统计期限的开始和结束，如 period_start: 2023-01-01 "
                     "和 period_end: 2023-12-31（照报告所说的期限）；不知道统计期限的，删除这一处。",
                     code="period-unknown")


def expand(text: str, fig: Callable[[str], str], macro: Callable[[str], str], table: Callable[[str], str]) -> str:
    """The page's template code replaced by what it calls, in reading order: `fig(key)` for each
    figure, `table(id)` for each table and `macro(name)` for each page macro and period macro.
    Anything else (which scan_page refuses, so only if the scan were bypassed) is left as it is,
    for the sandbox to refuse."""

    parts, end = [], 0
    for code in template_code(text):
        expr = code.expr or ""
        if figure := _FIG.fullmatch(expr):
            parts += [text[end:code.start], fig(figure.group("key"))]
        elif called := _TABLE.fullmatch(expr):
            parts += [text[end:code.start], table(called.group("id"))]
        elif named := _CALL.fullmatch(expr):
            parts += [text[end:code.start], macro(named.group("name"))]
        else:
            continue
        end = code.end
    return "".join(parts) + text[end:] if parts else text


def blanked(text: str) -> str:
    """The text with its (closed) template code as spaces, but for its line breaks: what the page
    says in its own words, at the same offsets and on the same lines."""
    parts, end = [], 0
    for code in template_code(text):
        if code.closed:
            inside = text[code.start:code.end]
            parts += [text[end:code.start], re.sub(r"[^\n]", " ", inside) if "\n" in inside else " " * len(inside)]
            end = code.end
    return "".join(parts) + text[end:] if parts else text


def blocks(text: str) -> Iterator[tuple[int, str]]:
    """The page's blocks (lines between blank lines), each with the line it starts on."""
    lines: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], 1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.rstrip())
        elif lines:
            yield start, "\n".join(lines)
            lines = []


def missing_appendix(docs_dir: Path, report: Report, cites: bool) -> list[PageError]:
    """A report whose pages cite figures (`cites`) has an appendix page: each figure links to it."""
    if not cites or (docs_dir / report.id / "appendix.md").is_file():
        return []
    return [PageError(report.meta.location,
                      f"报告“{report.id}”缺少数据附录页 docs/{report.id}/appendix.md（正文中的数字都链接到它）。",
                      "新建这个文件，写两行：“# 数据附录”和“{{ data_appendix() }}”，并加入 mkdocs.yml 的 nav。",
                      code="appendix-missing")]


def macro_page(name: str, report_id: str | None) -> str | None:
    """The page (path under docs/) the page macro `name` belongs on, for a page of the report
    `report_id` (None for a page outside the reports); None if it belongs on no page there."""
    in_report, file, _ = MACRO_PAGES[name]
    if not in_report:
        return file
    return f"{report_id}/{file}" if report_id is not None else None


def _misplaced(name: str, page: str, report: str | None, location: Location,
               first: dict[str, Location]) -> PageError | None:
    """The error of a page macro called on `page`, if it does not belong there or was called before."""
    home = macro_page(name, report)
    call = f"{{{{ {name}() }}}}"
    if home != page:
        _, file, where = MACRO_PAGES[name]
        where += f"（docs/{home}）" if home else f"（docs/<报告>/{file}）"
        rules = "；".join(f"{{{{ {other}() }}}} 用在{place}" for other, (_, _, place) in MACRO_PAGES.items())
        return PageError(location, f"“{call}”只能用在{where}，不能用在这个页面。",
                         f"删除这一处。页面宏各有其页：{rules}，每页一次；正文只写 {{{{ fig(\"数字的键\") }}}} "
                         "和写出统计期限的 {{ period() }}、{{ period_start() }}、{{ period_end() }}。",
                         code="macro-misplaced")
    if name in first:
        return PageError(location, f"“{call}”在一个页面只能用一次（第 {first[name].line} 行已经用过）。",
                         "删除这一处。", code="macro-repeated")
    first[name] = location
    return None


def _scan(rel: str, page: str, text: str, report: str | None
          ) -> tuple[list[Citation], list[tuple[str, Location]], list[tuple[str, Location]], list[PageError]]:
    """The page's citations, its period macro calls and table calls (name or id, where) and the
    errors of its template code."""
    citations: list[Citation] = []
    periods: list[tuple[str, Location]] = []
    tables: list[tuple[str, Location]] = []
    refused: list[Code] = []
    misplaced: list[PageError] = []
    lines = Lines(text)
    macros: dict[str, Location] = {}  # where each page macro was first called
    for code in template_code(text):
        expr = code.expr
        if expr is not None and (fig := _FIG.fullmatch(expr)):
            # The key as the figure's own (reports.py): one string, however many pages cite it.
            citations.append(Citation(sys.intern(fig.group("key")), page, Location(rel, lines.at(code.start))))
        elif expr is not None and (called := _TABLE.fullmatch(expr)):
            tables.append((called.group("id"), Location(rel, lines.at(code.start))))
        elif expr is not None and (call := _CALL.fullmatch(expr)) and call.group("name") in PAGE_MACROS:
            location = Location(rel, lines.at(code.start))
            if problem := _misplaced(call.group("name"), page, report, location, macros):
                misplaced.append(problem)
        elif expr is not None and (call := _CALL.fullmatch(expr)) and call.group("name") in PERIOD_MACROS:
            periods.append((call.group("name"), Location(rel, lines.at(code.start))))
        else:
            refused.append(code)
    refused_lines = Lines(text)

    def error(code: Code) -> PageError:
        location = Location(rel, refused_lines.at(code.start))
        if not code.closed:
            return PageError(location, f"“{code.opener}”没有对应的结尾。",
                             f'{_ALLOWED}；正文里不要单独出现“{code.opener}”。', code="template-unclosed")
        shown = text[code.start:code.end] if code.end - code.start <= 60 else text[code.start:code.start + 57] + "…"
        return PageError(location, f"不允许的模板代码 {shown}。", f'{_ALLOWED}，键用引号括起来。', code="template-code")

    errors: list[PageError] = [*listed(refused, error, "不允许或没有结尾的模板代码"), *misplaced]  # type: ignore[list-item]
    if len(citations) > MAX_CITATIONS:
        errors.append(PageError(citations[MAX_CITATIONS].location,
                                f"这个页面引用了 {len(citations):,} 处数字，超过了每页 {MAX_CITATIONS:,} 处的上限。",
                                "一章正文通常只引用几十个数字：检查是否误粘贴了重复的内容；确实很长的章节，拆成几个页面。",
                                code="too-many-citations"))
    return citations, periods, tables, errors
