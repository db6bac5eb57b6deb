"""Markdown chapters: the figures each page cites, and the template code it may not contain.

A page may use exactly two kinds of template code: `{{ fig("key") }}` with a literal key, and the
argument-less macros in PAGE_MACROS. Everything else between `{{ }}`, `{% %}` or `{# #}` is an
error, found here by reading the file, before anything is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import Lines, Location, PageError
from .files import Tree
from .model import Library
from .yamlnodes import nearest

PAGE_MACROS = ("reports", "report_meta", "data_appendix", "printable_copy", "correction_log")
TEMPLATE = re.compile(r"\{\{(?P<expr>.*?)\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_FIG = re.compile(r"\s*fig\(\s*(?P<q>[\"'])(?P<key>[^\"'\n]*)(?P=q)\s*\)\s*")
_CALL = re.compile(r"\s*(?P<name>[a-z_]+)\(\s*\)\s*")
_ALLOWED = '只能写 {{ fig("数字的键") }}'


@dataclass(frozen=True)
class Citation:
    """One `{{ fig("key") }}` on a page: the page's path under docs/ and where the call is."""

    key: str
    page: str
    location: Location


@dataclass(frozen=True)
class PageScan:
    citations: list[Citation]
    errors: list[PageError]


def scan_pages(tree: Tree, library: Library) -> PageScan:
    """Read every Markdown page; check its template code and the keys it cites."""
    citations: list[Citation] = []
    errors: list[PageError] = []
    for path in tree.pages(tree.docs):
        page = path.relative_to(tree.docs).as_posix()
        rel = path.relative_to(tree.root).as_posix()
        text = tree.text(path)
        found, problems = _scan(rel, page, text)
        errors += problems
        citations += found
        report = library.report_for_page(page)
        for citation in found:
            if report is None and library.unloaded_owner(page):
                continue  # its report could not be loaded, which its own error says
            if report is None:
                errors.append(PageError(citation.location,
                                        f"这个页面不在任何报告的文件夹里，不能引用数字“{citation.key}”。",
                                        "把页面放进报告的文件夹（docs/<报告>/），或删除这个引用。"))
            elif citation.key not in report.figures and citation.key not in report.broken_keys:
                close = nearest(citation.key, report.figures)
                hint = (f"是不是“{'”或“'.join(close)}”？" if close else "") + \
                    f"报告“{report.id}”的数字都在 data/{report.id}/figures.yaml。"
                errors.append(PageError(citation.location,
                                        f"引用了不存在的数字“{citation.key}”。", hint))
    errors += _missing_appendices(tree.docs, library, citations)
    return PageScan(citations, errors)


def expand(text: str, fig: Callable[[str], str], macro: Callable[[str], str]) -> str:
    """The page's template code replaced by what it calls, in reading order: `fig(key)` for each
    figure and `macro(name)` for each page macro. Anything else (which scan_pages refuses, so only
    if the scan were bypassed) is left as it is, for the sandbox to refuse."""

    def call(match: re.Match[str]) -> str:
        expr = match.group("expr") or ""
        if figure := _FIG.fullmatch(expr):
            return fig(figure.group("key"))
        if named := _CALL.fullmatch(expr):
            return macro(named.group("name"))
        return match.group(0)

    return TEMPLATE.sub(call, text)


def _missing_appendices(docs_dir: Path, library: Library, citations: list[Citation]) -> list[PageError]:
    """Every report whose pages cite figures has an appendix page: each figure links to it."""
    pages = {citation.page for citation in citations}
    citing = {report.id for page in pages if (report := library.report_for_page(page))}
    return [
        PageError(report.meta.location,
                  f"报告“{report.id}”缺少数据附录页 docs/{report.id}/appendix.md（正文中的数字都链接到它）。",
                  "新建这个文件，写两行：“# 数据附录”和“{{ data_appendix() }}”，并加入 mkdocs.yml 的 nav。")
        for report in library.reports
        if report.id in citing and not (docs_dir / report.id / "appendix.md").is_file()
    ]


def _scan(rel: str, page: str, text: str) -> tuple[list[Citation], list[PageError]]:
    citations, errors = [], []
    lines = Lines(text)
    end = 0
    for match in TEMPLATE.finditer(text):
        _unclosed(rel, text, end, match.start(), lines, errors)
        location = Location(rel, lines.at(match.start()))
        end = match.end()
        expr = match.group("expr")
        fig = _FIG.fullmatch(expr) if expr is not None else None
        if fig:
            citations.append(Citation(fig.group("key"), page, location))
        elif not (expr is not None and (call := _CALL.fullmatch(expr)) and call.group("name") in PAGE_MACROS):
            shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "…"
            errors.append(PageError(location, f"不允许的模板代码 {shown}。",
                                    f'{_ALLOWED}，键用引号括起来。'))
    _unclosed(rel, text, end, len(text), lines, errors)
    return citations, errors


def _unclosed(rel: str, text: str, start: int, stop: int, lines: Lines, errors: list[PageError]) -> None:
    for opener in _OPENERS.finditer(text, start, stop):
        errors.append(PageError(Location(rel, lines.at(opener.start())), f"“{opener.group(0)}”没有对应的结尾。",
                                f'{_ALLOWED}；正文里不要单独出现“{opener.group(0)}”。'))
