"""The printable copy of a report: all its chapters on one page in reading order, then the notes on
the data and the corrections, so that one print gives the whole report.

The chapters' Markdown is taken as it is and its template code expanded (pages.expand): the page
scan has already allowed only `{{ fig("key") }}` and argument-less page macros in it. The
first chapter keeps its level-one heading (the report's title); the others move one level down,
so the document has one title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..load.pages import expand
from ..model.report import Report
from . import tables
from .lineage import Href, appendix_page, cited, entry

PRINT = "print.md"  # each report's printable copy, beside its chapters under docs/<report>/
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def print_page(report: Report) -> str:
    """The report's printable copy, as a path under docs/."""
    return f"{report.id}/{PRINT}"


def chapters(report: Report, pages: list[str]) -> list[str]:
    """The report's chapters among the site's pages (paths under docs/, in nav order): its pages
    other than the generated appendix and printable copy."""
    generated = {appendix_page(report), print_page(report)}
    return [page for page in pages if page.startswith(report.id + "/") and page not in generated]


def printable(report: Report, chapters: list[str], macro: Callable[[str], str], href: Href,
              notes: str) -> str:
    """The page's content from the chapters' Markdown (first chapter first), with `notes` at the end."""

    def fig(key: str) -> str:
        return cited(report.figures[key], href(entry(report, key)))

    def table(table_id: str) -> str:
        assert report.kind is not None, "the page scan refuses a table of no kind"
        cells = tables.cell_link(lambda key: href(entry(report, key)), lambda _: None)
        return tables.table_html(report, report.kind.tables[table_id], cells)

    demoted = chapters[:1] + [_HEADING.sub(r"#\1 ", text) for text in chapters[1:]]
    return "\n\n".join([*(expand(text, fig, macro, table) for text in demoted), notes])
