"""The search index's blocks (macros/render/search.py `blocks`) read another way, to test it against:
Python's HTMLParser builds the page's element tree, and the blocks are read from the tree.

`blocks` reads a page in one pass and looks at few of its tags; this reads every tag the way the
standard library does, so the two agree only if that shortcut loses nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from macros.render.search import BLOCKS, CELLS, HEADINGS, SKIPPED, Block

VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"))


@dataclass
class Element:
    tag: str
    classes: list[str]
    children: list[Element | str] = field(default_factory=list)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", [])
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, (dict(attrs).get("class") or "").split())
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.open[1:]):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def tree_blocks(html: str) -> list[Block]:
    """The blocks of the page's article: each block element is numbered in document order; a block's
    text is its text outside the blocks and skipped elements in it, a space before each cell; the
    blocks are listed as they end (a paragraph in a list item before the item)."""
    parser = _Tree()
    parser.feed(html)
    parser.close()
    article = _find(parser.root)
    found: list[Block] = []
    if article is None:
        return found
    ordinal = 0
    section = -1

    def visit(element: Element, skipped: bool) -> None:
        nonlocal ordinal, section
        number = ordinal
        if element.tag in BLOCKS:
            ordinal += 1
        skipped = skipped or element.tag in SKIPPED
        for child in element.children:
            if isinstance(child, Element):
                visit(child, skipped)
        if element.tag in BLOCKS and not skipped:
            text = " ".join(_text(element).split())
            if text:
                if element.tag in HEADINGS:
                    section = len(found)
                found.append(Block(number, section, text))

    for child in article.children:
        if isinstance(child, Element):
            visit(child, False)
    return found


def _find(element: Element) -> Element | None:
    if element.tag == "article" and "md-content__inner" in element.classes:
        return element
    for child in element.children:
        if isinstance(child, Element) and (found := _find(child)) is not None:
            return found
    return None


def _text(block: Element) -> str:
    pieces = []
    for child in block.children:
        if isinstance(child, str):
            pieces.append(child)
        elif child.tag not in BLOCKS and child.tag not in SKIPPED:
            pieces.append((" " if child.tag in CELLS else "") + _text(child))
    return "".join(pieces)
