"""The site's search index: every paragraph, list item, heading and table row of the built pages,
found by the exact characters a reader types, fetched in small pieces only when the reader searches.

Chinese has no spaces, and a word segmenter (jieba, Material's search) cuts a query differently from
the text around it: 行政处罚 became 行政 + 处罚 and matched every 处. Here nothing is segmented: each
block of text is indexed by its pairs of consecutive characters (bigrams), the browser looks up the
pairs of the query and then checks that the block holds the query itself, so a result always holds
the whole term, and the highlight marks the whole term. The reports' search terms (terms.txt) split a
query that no block holds as a whole into the terms it contains (overrides/javascripts/search.js).

The index, in site/search/:

- `pages.json`: each indexed page's address, title, report and first block number, the number of
  shards and the reports' search terms; fetched on the first search.
- `shards/<n>.json`: for the bigrams whose first character's code point is n modulo the number of
  shards, the blocks holding them (delta-coded numbers); the query's characters pick the shards.
- `text/<page>.json`: the page's blocks: where each is in the page (its number among the block
  elements of the article, which the browser counts the same way), its section, its text; fetched
  for the pages whose blocks are shown.

Nothing is fetched when a page opens. Files are written in a fixed order with fixed names: the same
site gives the same bytes.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

FOLDER = "search"
# The block elements of a page's article, counted in document order by both this module and the
# browser (`article.md-content__inner :is(...)`, overrides/javascripts/search.js): keep them equal.
BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "caption")
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Not text of the report: figure keys (<code>), table headers, anything a script or style holds.
SKIPPED = frozenset(("code", "pre", "script", "style", "thead", "button", "svg", "template"))
CELLS = frozenset(("td", "th"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"))
END = " "  # the pair of a block's last character, "x" + END, so a one-character query finds it (matched
# text has no white space: no pair of the text is one of these)
SHARD_BYTES = 24_000  # the aimed size of a shard file, before compression


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page of the built site to index: where its HTML is, its address, title and report."""

    html: Path
    url: str  # relative to the site's root, as MkDocs gives it: "dongli-emergency/2022/1-achievements/"
    title: str
    report: str  # the report's id, or "" for the pages of no report


@dataclass(frozen=True)
class Block:
    ordinal: int  # its number among the BLOCKS elements of the article, in document order
    section: int  # the index in the page's list of the heading it comes under (itself for a heading); -1
    text: str  # its text, white space collapsed


class _Folding(dict[int, str | None]):
    """str.translate's table for normalized(), filled as characters are met: a character's fold is
    computed once."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        self[code] = None if char.isspace() else folded if len(folded) == 1 else char
        return self[code]


_FOLDING = _Folding()


def normalized(text: str) -> str:
    """The text as it is matched: white space dropped, each character in its compatibility form and
    lower case when that is one character (全角 ５ is 5, Ａ is a), so a query matches as typed.
    The browser does the same (search.js: fold)."""
    return text.translate(_FOLDING)


def bigrams(text: str) -> set[str]:
    """The pairs of consecutive characters of normalized text, and its last character with END."""
    return {text[i:i + 2] for i in range(len(text) - 1)} | ({text[-1] + END} if text else set())


class _Blocks(HTMLParser):
    """The text blocks of a page's <article class="md-content__inner">."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._depth = 0  # open elements inside the article; 0 outside it
        self._stack: list[str] = []
        self._skip = 0  # open skipped elements
        self._open: list[tuple[str, int, list[str]]] = []  # open blocks: tag, ordinal, text pieces
        self._ordinal = 0
        self._section = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._depth:
            classes = (dict(attrs).get("class") or "").split()
            if tag == "article" and "md-content__inner" in classes:
                self._depth, self._stack = 1, ["article"]
            return
        if tag in VOID:
            return
        self._stack.append(tag)
        ordinal = self._ordinal
        if tag in BLOCKS:  # counted inside skipped elements too, as the browser counts them
            self._ordinal += 1
        if self._skip or tag in SKIPPED:
            self._skip += 1
            return
        if tag in BLOCKS:
            self._open.append((tag, ordinal, []))
        elif tag in CELLS and self._open:
            self._open[-1][2].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._depth or tag in VOID or tag not in self._stack:
            return
        while self._stack:  # close what the end tag closes (well-formed output: just the one element)
            closed = self._stack.pop()
            if self._skip:
                self._skip -= 1
            elif closed in BLOCKS and self._open:
                self._close()
            if closed == tag:
                break
        if not self._stack:
            self._depth = 0

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip and self._open:
            self._open[-1][2].append(data)

    def _close(self) -> None:
        tag, ordinal, pieces = self._open.pop()
        text = " ".join("".join(pieces).split())
        if not text:
            return
        if tag in HEADINGS:
            self._section = len(self.blocks)
        self.blocks.append(Block(ordinal, self._section, text))


def blocks(html: str) -> list[Block]:
    """The blocks of text of a page, in document order. Only the article is parsed: the header, the
    navigation and the table of contents around it are most of a page's HTML."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start >= 0 and end > start:
        html = html[start:end + len("</article>")]
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def write_index(site: Path, pages: Sequence[Page], terms: Iterable[str]) -> dict[str, int]:
    """Write the index of the pages into site/search/; returns how many pages, blocks and shards."""
    folder = site / FOLDER
    for old in (folder / "shards", folder / "text"):
        if old.is_dir():
            for file in old.iterdir():
                file.unlink()
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "shards").mkdir(parents=True, exist_ok=True)
    postings: dict[str, list[int]] = defaultdict(list)
    listed = []
    number = 0
    for index, page in enumerate(pages):
        found = blocks(page.html.read_text(encoding="utf-8"))
        listed.append([page.url, page.title, page.report, number])
        _write(folder / "text" / f"{index}.json", [[b.ordinal, b.section, b.text] for b in found])
        for block in found:
            for pair in bigrams(normalized(block.text)):
                postings[pair].append(number)
            number += 1
    listed.append(["", "", "", number])  # the end of the last page's blocks
    coded = {pair: _deltas(numbers) for pair, numbers in postings.items()}
    size = sum(len(pair) + 6 + len(json.dumps(numbers, separators=(",", ":"))) for pair, numbers in coded.items())
    shards = max(1, math.ceil(size / SHARD_BYTES))
    split: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for pair in sorted(coded):
        split[ord(pair[0]) % shards][pair] = coded[pair]
    for n, shard in enumerate(split):
        _write(folder / "shards" / f"{n}.json", shard)
    _write(folder / "pages.json", {"shards": shards, "pages": listed, "terms": sorted(set(terms))})
    return {"pages": len(pages), "blocks": number, "shards": shards}


def _deltas(numbers: list[int]) -> list[int]:
    return [numbers[0], *(b - a for a, b in pairwise(numbers))]


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
