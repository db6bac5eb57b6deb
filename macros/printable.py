"""The printable copy of a report: all its chapters on one page in reading order, then the notes on
the data and the corrections, so that one print gives the whole report.

The chapters' Markdown is taken as it is and its template code replaced here: the page scan
(pages.py) has already allowed only `{{ fig("key") }}` and argument-less page macros in it. The
first chapter keeps its level-one heading (the report's title); the others move one level down,
so the document has one title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lineage import Href, cited, entry
from .model import Report
from .pages import _CALL, _FIG, TEMPLATE

PRINT = "print.md"  # each report's printable copy, beside its chapters under docs/<report>/
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def printable(report: Report, chapters: list[str], macro: Callable[[str], str], href: Href,
              notes: str) -> str:
    """The page's content from the chapters' Markdown (first chapter first), with `notes` at the end."""

    def expand(match: re.Match[str]) -> str:
        expr = match.group("expr") or ""
        if fig := _FIG.fullmatch(expr):
            key = fig.group("key")
            return cited(report.figures[key], href(entry(report, key)))
        call = _CALL.fullmatch(expr)
        assert call is not None, "pages.scan_pages refuses any other template code"
        return macro(call.group("name"))

    demoted = chapters[:1] + [_HEADING.sub(r"#\1 ", text) for text in chapters[1:]]
    return "\n\n".join([*(TEMPLATE.sub(expand, text) for text in demoted), notes])
