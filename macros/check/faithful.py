"""Faithfulness: the site says what the body published, paragraph by paragraph, character by character.

A report that has been published keeps its text as published in data/<report>/published.txt (one
paragraph a line; the title may be broken over its first lines). Every one of those paragraphs must
be a paragraph, heading or list item of the report's pages as a reader sees them: the Markdown
rendered, each figure in its published form. A paragraph that is not is an error at its line of
published.txt, naming the page paragraph most like it and the first character where the two part,
with look-alikes told apart (a full-width “，” U+FF0C is not a half-width “,” U+002C).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from functools import cache
from html import escape
from html.parser import HTMLParser

import markdown

from ..load.pages import blocks, expand, stated
from ..load.tree import Tree
from ..model.errors import Location, ReportError
from ..model.forms import published
from ..model.report import Report

PUBLISHED = "published.txt"
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li")
_SHOWN = 24  # characters of context in a message


class FaithfulnessError(ReportError):
    """The site's text differs from the text as the body published it."""

    kind = "与原文不符"


def unfaithful(tree: Tree, report: Report, first_published: Mapping[str, str]) -> list[ReportError]:
    """Every published paragraph of the report (if it has a published text) that its pages do not show.

    Figures are held to the form they were first published in (`first_published`: the record,
    corrections.py): a changed figure is the corrections' business, reported there once, and a
    corrected one is disclosed on the site; this check is about the words around them."""
    if not (tree.root / "data" / report.id / PUBLISHED).is_file():
        return []
    return _report(tree, report, _renderer(), first_published)


@cache
def _renderer() -> markdown.Markdown:
    """The Markdown of mkdocs.yml's markdown_extensions, made once and reset before each block."""
    return markdown.Markdown(extensions=["toc"])


def published_paragraphs(text: str, title: str) -> list[tuple[int, str]] | None:
    """The published text's paragraphs with their lines: its non-blank lines, the title's lines joined
    into one. None if the text does not start with the report's title."""
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    joined = ""
    for count, (_, line) in enumerate(lines, 1):
        joined += line
        if joined == title:
            return [(lines[0][0], title), *lines[count:]]
        if not title.startswith(joined):
            break
    return None


def shown_paragraphs(tree: Tree, report: Report, renderer: markdown.Markdown,
                     first: Mapping[str, str]) -> list[tuple[Location, str]]:
    """The text of each paragraph, heading and list item of the report's pages, as a reader sees it
    (each figure in `first` in the form it was first published in, the period in the report's words;
    the generated page macros are no part of the published text)."""

    def fig(key: str) -> str:
        figure = report.figures.get(key)
        return escape(first.get(key) or published(figure)) if figure else ""

    found = []
    for page in tree.pages(tree.docs / report.id):
        rel = page.relative_to(tree.root).as_posix()
        for line, block in blocks(tree.text(page).removeprefix("\ufeff")):
            renderer.reset()
            # A table is no paragraph: its cells are checked by the identities of the report's kind.
            html = renderer.convert(expand(block, fig, lambda name: stated(report, name) or "", lambda _: ""))
            found += [(Location(rel, line), text) for text in _texts(html)]
    return found


def _report(tree: Tree, report: Report, renderer: markdown.Markdown,
            first: Mapping[str, str]) -> list[ReportError]:
    rel = f"data/{report.id}/{PUBLISHED}"
    paragraphs = published_paragraphs(tree.text(tree.root / rel), report.meta.title)
    if paragraphs is None:
        return [FaithfulnessError(Location(rel, 1), f"原文没有以报告标题“{report.meta.title}”开头。",
                                  f"{PUBLISHED} 照发布的原文逐字保存，第一行（可以分几行写）是标题；"
                                  f"标题不同的，核对 data/{report.id}/report.yaml 的 title。",
                                  code="published-title-missing")]
    shown = shown_paragraphs(tree, report, renderer, first)
    texts = {text for _, text in shown}
    errors: list[ReportError] = []
    for line, paragraph in paragraphs:
        if paragraph in texts:
            continue
        where, closest = max(shown, key=lambda item: _likeness(paragraph, item[1]),
                             default=(None, ""))
        errors.append(FaithfulnessError(Location(rel, line), f"原文的这一段在网站上找不到：“{_start(paragraph)}”。",
                                        _hint(paragraph, where, closest), code="published-paragraph-missing"))
    return errors


def _likeness(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() and matcher.ratio()


def _hint(paragraph: str, where: Location | None, closest: str) -> str:
    if where is None or _likeness(paragraph, closest) < 0.5:
        return "网站上没有与它相近的段落：把这一段照原文写进报告的正文（数字用 fig() 引用）。"
    at = next((i for i, (a, b) in enumerate(zip(paragraph, closest, strict=False)) if a != b),
              min(len(paragraph), len(closest)))
    before = paragraph[max(0, at - 8):at]
    if at >= len(closest):
        what = f"网站上的段落到“{before}”就结束了，原文后面还有“{paragraph[at:at + _SHOWN]}”"
    elif at >= len(paragraph):
        what = f"原文到“{before}”就结束了，网站上后面多出“{closest[at:at + _SHOWN]}”"
    else:
        after = f"“{before}”之后，" if before else ""
        what = (f"从第 {at + 1} 个字起不同：{after}原文是{_char(paragraph[at])}，"
                f"网站上是{_char(closest[at])}")
    return (f"最接近的是 {where} 的段落，{what}。改正文（或数字的写法），使它与原文逐字相同；"
            "原文本身有误的，不要改原文，请维护者处理。")


def _char(char: str) -> str:
    """A character as an editor can find it: itself, its code point, and whether it is full-width."""
    width = {"F": "全角", "W": "全角", "H": "半角", "Na": "半角"}.get(unicodedata.east_asian_width(char), "")
    shown = char if char.isprintable() and not char.isspace() else ""
    name = "空格" if char == " " else width
    return f"“{shown}”（U+{ord(char):04X}{'，' + name if name else ''}）"


def _start(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _texts(html: str) -> list[str]:
    parser = _BlockTexts()
    parser.feed(html)
    parser.close()
    return parser.texts


class _BlockTexts(HTMLParser):
    """The text of each block element of rendered Markdown, children's text included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self._open:
            text = "".join(self._open.pop())
            self.texts.append(text)
            if self._open:
                self._open[-1].append(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].append(data)
