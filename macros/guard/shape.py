"""The shape of a chapter: what keeps Python-Markdown, and so the build, linear in the page's size.

Python-Markdown is not linear on every page. It looks through the rest of a paragraph for the `]`
and `(` of each `[` (a link or an image), rebuilds a paragraph's text after each inline element
(emphasis, code, escape, tag, entity, line break), takes the blocks of a page one by one off the
front of a list, and nests lists and quotes by recursion, which ends in a RecursionError some two
hundred levels down. A page of a megabyte of `[` takes hours to build, a page of `>` far too long.

So a page is refused, with its line, when it is longer than any chapter needs in one of these ways:
too many lines; a paragraph (lines between blank lines) with too many `[`, or too many Markdown
marks; a line nested too deep in lists and quotes. Within these limits the work of each paragraph
is at most a constant times its length, and a page's at most a constant times the page's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..load.tree import Tree
from ..model.errors import Location, PageError, ReportError, listed
from ..model.report import Report

MAX_LINES = 20_000  # lines of one page: a real chapter has about a hundred
MAX_BRACKETS = 10  # `[` in one paragraph: links and images, each looked for to the paragraph's end
MAX_MARKS = 500  # Markdown marks in one paragraph (MARKS, and lines ending in two spaces)
MAX_DEPTH = 8  # levels of lists and quotes at the start of a line (four spaces of indentation count one)
MARKS = "\\`*_<&["
# All pages of one report, which its printable copy puts on one page.
MAX_REPORT_BYTES = 2_000_000
MAX_REPORT_LINES = 40_000
# A line's nesting: spaces, `>` and list markers (`-`, `*`, `+` or a number with `.` or `)`, then a
# space) at its start. Possessive, so a line of spaces or markers is gone through once.
_NESTING = re.compile(r"(?:[ \t]*+(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*+[ \t]*+")
_SPACES = re.compile(r"[ \t]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def shape_errors(rel: str, text: str) -> list[ReportError]:
    """Every way in which the page (the file `rel`) is too long for Python-Markdown to build in time."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return [PageError(Location(rel, MAX_LINES + 1), f"页面有 {lines:,} 行，超过了每页 {MAX_LINES:,} 行的上限。",
                          "一章正文通常只有一百行左右：检查是否误粘贴了其他内容；确实很长的章节，拆成几个页面。",
                          code="page-too-many-lines")]
    errors = listed(_deep_lines(text), lambda found: PageError(
        Location(rel, found[0]), f"这一行嵌套了 {found[1]:,} 层列表或引用（“>”“-”“1.”或每四个空格的缩进算一层），"
                                 f"上限 {MAX_DEPTH} 层。",
        "减少列表和引用的层次；正文的列表一般不超过三层。", code="too-deeply-nested"), "嵌套过深的行")
    errors += listed(_crowded_paragraphs(rel, text), lambda error: error, "标记过多的段落")
    return errors


def _deep_lines(text: str) -> Iterator[tuple[int, int]]:
    """(line number, depth) of each line nested deeper than MAX_DEPTH."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_DEPTH and line[0] in " \t>-*+0123456789":
            prefix = _NESTING.match(line).group(0)  # type: ignore[union-attr]
            indentation = sum(len(run.expandtabs(4)) // 4 for run in _SPACES.findall(prefix))
            depth = sum(prefix.count(mark) for mark in ">-*+.)") + indentation
            if depth > MAX_DEPTH:
                yield number, depth


def _crowded_paragraphs(rel: str, text: str) -> Iterator[PageError]:
    """The error of each paragraph with too many `[` or Markdown marks, at its first line."""
    line, start = 1, 0
    for gap in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        brackets = text.count("[", start, end)
        if brackets > MAX_BRACKETS:
            yield PageError(Location(rel, line),
                            f"这一段有 {brackets:,} 个“[”（链接和图片），超过了每段 {MAX_BRACKETS} 个的上限。",
                            "把段落或列表分成几段（中间空一行），每段的链接不超过上限；正文里的方括号请用全角的“［］”或“【】”。",
                            code="too-many-brackets")
        else:
            marks = sum(text.count(mark, start, end) for mark in MARKS) + text.count("  \n", start, end)
            if marks > MAX_MARKS:
                yield PageError(Location(rel, line),
                                f"这一段有 {marks:,} 个 Markdown 标记（{'、'.join(MARKS)} 和行末的两个空格），"
                                f"超过了每段 {MAX_MARKS} 个的上限。",
                                "把段落分成几段（中间空一行）；这些符号在正文里用全角的写法，如“＊”“＜”“＆”。",
                                code="too-many-marks")
        if gap:
            line += text.count("\n", start, gap.end())
            start = gap.end()


def report_size_errors(tree: Tree, report: Report) -> list[ReportError]:
    """The report's chapters together too long for its printable copy, which puts them all on one
    page: at most MAX_REPORT_BYTES and MAX_REPORT_LINES."""
    texts = [tree.text(path) for path in tree.pages(tree.docs / report.id)]
    size = sum(len(text.encode("utf-8")) for text in texts)
    lines = sum(text.count("\n") + 1 for text in texts)
    where = Location(f"docs/{report.id}", 1)
    printable = "（打印版把全部正文放在一页上）"
    if size > MAX_REPORT_BYTES:
        return [PageError(where, f"报告“{report.id}”的正文共 {size:,} 字节，"
                                 f"超过了每份报告 {MAX_REPORT_BYTES:,} 字节的上限{printable}。",
                          "检查是否误粘贴了其他内容；一份报告的正文通常只有几十 KB。", code="report-too-large")]
    if lines > MAX_REPORT_LINES:
        return [PageError(where, f"报告“{report.id}”的正文共 {lines:,} 行，"
                                 f"超过了每份报告 {MAX_REPORT_LINES:,} 行的上限{printable}。",
                          "检查是否误粘贴了其他内容；一份报告的正文通常只有几百行。", code="report-too-many-lines")]
    return []
