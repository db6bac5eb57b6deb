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

import html as html_lib
import json
import math
import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FOLDER = "search"
# The block elements of a page's article, counted in document order by both this module and the
# browser (`article.md-content__inner :is(...)`, overrides/javascripts/search.js): keep them equal.
BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd", "caption")
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Not text of the report: figure keys (<code>), table headers, anything a script or style holds.
SKIPPED = frozenset(("code", "pre", "script", "style", "thead", "button", "svg", "template"))
CELLS = frozenset(("td", "th"))
END = " "  # the pair of a block's last character, "x" + END, so a one-character query finds it (matched
# text has no white space: no pair of the text is one of these)
SHARD_BYTES = 24_000  # the aimed size of a shard file, before compression


@dataclass(frozen=True)
class Block:
    ordinal: int  # its number among the BLOCKS elements of the article, in document order
    section: int  # the index in the page's list of the heading it comes under (itself for a heading); -1
    text: str  # its text, white space collapsed


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page of the built site to index: its blocks of text (blocks() of its HTML), address, title and
    report."""

    blocks: Sequence[Block]
    url: str  # relative to the site's root, as MkDocs gives it: "dongli-emergency/2022/1-achievements/"
    title: str
    report: str  # the report's id, or "" for the pages of no report


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
    return set(map(operator.add, text, text[1:] + END)) if text else set()


# The elements that change what is read. Any other tag is removed from the text it is in; a cell's
# start tag becomes a space between its text and the cell's before (the text of a row).
_TRACKED = frozenset(BLOCKS) | SKIPPED
# A tag as Python's HTMLParser reads one (a start or end tag: its name, and its attributes, whose quoted
# values may hold ">"), a comment, or a declaration or processing instruction; and the next tracked tag
# after any text and other tags, so that these are passed over without a step each.
_NAME = r"[a-zA-Z][^\t\n\r\f />\x00]*"
_ATTRIBUTES = r"""[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+"""
_OTHER = r"!--.*?(?:--!?>|\Z)|[!?][^>]*>"
_TAG = re.compile(rf"<(?:(/?)({_NAME})({_ATTRIBUTES})>|{_OTHER})", re.DOTALL)
_TRACKED_NAME = "(?i:" + "|".join(sorted(_TRACKED)) + r")(?=[\t\n\r\f />])"
_NEXT = re.compile(rf"(?:[^<]++|<(?!/?{_TRACKED_NAME})(?:/?{_NAME}{_ATTRIBUTES}>|{_OTHER})?)*+"
                   rf"<(/?)({_TRACKED_NAME})({_ATTRIBUTES})>", re.DOTALL)
# A cell's start tag, which is a space between the cells' texts in the text of their row.
_CELL = re.compile(rf"<(?i:{'|'.join(sorted(CELLS))})(?=[\t\n\r\f />]){_ATTRIBUTES}>")
# Elements whose content is not markup (a "<p>" in a script is text): read on to their end tag.
_RAW = {name: re.compile(rf"</{name}[\t\n\r\f />]", re.IGNORECASE) for name in ("script", "style")}


def blocks(html: str) -> list[Block]:
    """The blocks of text of a page's <article class="md-content__inner">, in document order.

    Only the tags that open or close a block or a skipped element are looked at one by one: the text
    between two of them (with the links, figures, cells and other tags in it) is taken whole and its
    tags are removed at once. This reads what Python's HTMLParser reads (tests/test_search.py compares
    the two on odd markup and on every page of the built sites), about five times faster: reading the
    pages was more than half of the index's time, and the index a fifth of a district site's build."""
    start = html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return []
    found: list[Block] = []
    stack: list[str] = []  # the open elements that are tracked
    opened: list[tuple[str, int, list[str]]] = []  # open blocks: tag, ordinal, pieces of text
    ordinal, section, skip = 0, -1, 0
    text_from = position = html.index(">", start) + 1
    while True:
        tag = _NEXT.match(html, position, end)
        if opened and not skip:
            opened[-1][2].append(html[text_from:tag.start(2) - 1 - len(tag[1]) if tag else end])
        if tag is None:  # the article's end tag closes what is still open
            name, ends, empty, stack = "", True, False, ["", *stack]
        else:
            text_from = position = tag.end()
            # <x/>: HTMLParser starts and ends it
            name, ends, empty = tag[2].lower(), bool(tag[1]), tag[3].rstrip().endswith("/")
        if not ends:
            stack.append(name)
            counted = ordinal
            if name in BLOCKS:  # counted inside skipped elements too, as the browser counts them
                ordinal += 1
            ends = empty
            if skip or name in SKIPPED:
                skip += 1
                if name in _RAW and not ends:
                    raw_end = _RAW[name].search(html, position, end)
                    text_from = position = raw_end.start() if raw_end else end
            elif name in BLOCKS:
                opened.append((name, counted, []))
        if ends and name in stack:
            while stack:  # close what the end tag closes (well-formed output: just the one element)
                closed = stack.pop()
                if skip:
                    skip -= 1
                elif closed in BLOCKS and opened:
                    tag_name, number, pieces = opened.pop()
                    text = _TAG.sub("", _CELL.sub(" ", "".join(pieces)))
                    text = " ".join((html_lib.unescape(text) if "&" in text else text).split())
                    if text:
                        if tag_name in HEADINGS:
                            section = len(found)
                        found.append(Block(number, section, text))
                if closed == name:
                    break
        if tag is None:
            return found


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
        listed.append([page.url, page.title, page.report, number])
        _write(folder / "text" / f"{index}.json", [[b.ordinal, b.section, b.text] for b in page.blocks])
        for block in page.blocks:
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
    return list(map(operator.sub, numbers, [0, *numbers[:-1]]))


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
