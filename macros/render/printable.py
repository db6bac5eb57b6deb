"""The printable copy of a report: all its chapters on one page in reading order, then the notes on
the data and the corrections, so that one print gives the whole report. It is also what the PDF
edition is printed from (commands/pdf.py).

On paper it reads as a government document: a title page (the title and the report's metadata,
where the first chapter has its metadata block), the chapters, the 落款 (the issuing body and, when
known, the date it was written or else published) after the last of them, then the table of every
figure and the notes on the data. A figure in the text links to its row of that table on the same
page, so the printed edition, and the PDF, refer to themselves and not to pages of the site.

The chapters' Markdown is taken as it is and its template code expanded (pages.expand): the page
scan has already allowed only `{{ fig("key") }}` and argument-less page macros in it. The
first chapter keeps its level-one heading (the report's title); the others move one level down,
so the document has one title.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..load.pages import expand
from ..model.report import Report, chinese_date
from . import tables, tags
from .lineage import Href, appendix_page, cited, figure_anchor

# Set to 1 by `make site` for a build whose reports get a PDF edition (commands/build.py).
PDF_VARIABLE = "REPORT_PDF"
PRINT = "print.md"  # each report's printable copy, beside its chapters under docs/<report>/
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def print_page(report: Report) -> str:
    """The report's printable copy, as a path under docs/."""
    return f"{report.id}/{PRINT}"


def pdf_file(report: Report) -> str:
    """The report's PDF edition in the built site, beside its pages: <report>/<body>-<year>.pdf (the
    report's folder with - for /, so that a downloaded copy keeps a telling name)."""
    return f"{report.id}/{report.id.replace('/', '-')}.pdf"


def chapters(report: Report, pages: list[str]) -> list[str]:
    """The report's chapters among its pages (paths under docs/, in nav order): those other than the
    generated appendix and printable copy."""
    generated = {appendix_page(report), print_page(report)}
    return [page for page in pages if page not in generated]


def cover(meta_table: str) -> str:
    """The title page's metadata (the first chapter's metadata block): on paper, a page of its own."""
    return f'<div class="print-cover">\n{meta_table}\n</div>'


def signature(report: Report) -> str:
    """The 落款 at the end of the text: the issuing body, and the date when it is known."""
    meta = report.meta
    day = chinese_date(meta.written_on or meta.published_on)
    lines = [f"<p>{tags.text(meta.body)}</p>", *([f"<p>{tags.text(day)}</p>"] if day else [])]
    return "\n".join(['<div class="print-signature">', *lines, "</div>"])


def printable(report: Report, chapters: list[str], macro: Callable[[str], str], href: Href,
              figures: str, notes: str) -> str:
    """The page's content from the chapters' Markdown (first chapter first), then the 落款, the table
    of figures (`figures`, each row's id its figure's anchor) and `notes`."""

    def here(key: str) -> str:
        return f"#{figure_anchor(key)}"  # the figure's row in the table below, on this page

    def fig(key: str) -> str:
        return cited(report.figures[key], here(key))

    def table(table_id: str) -> str:
        assert report.kind is not None, "the page scan refuses a table of no kind"
        cells = tables.cell_link(here, lambda _: None)
        return tables.table_html(report, report.kind.tables[table_id], cells)

    demoted = chapters[:1] + [_HEADING.sub(r"#\1 ", text) for text in chapters[1:]]
    return "\n\n".join([*(expand(text, fig, macro, table) for text in demoted), signature(report),
                         '<h2 class="print-figures" id="print-figures">数字一览</h2>', figures, notes])
