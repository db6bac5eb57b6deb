"""The pages the data layer generates: the bodies of the page macros (load/pages.py PAGE_MACROS), and
the words of the period macros (PERIOD_MACROS).

One place for both callers: the MkDocs plugin, which calls them as each page is rendered, and the
benchmark's typed-in twin (bench/district.py), which writes their Markdown into plain pages ahead
of time. Each takes the page's report and a link maker for the page being written (a target under
docs/, `x/y.md#anchor`, to a URL relative to that page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property, partial
from pathlib import Path

from ..check.project import Checked
from ..load.pages import PERIOD_MACROS, stated
from ..model.report import Report, folders
from . import appendix, frame, lineage, listing, notices, printable, tables
from .lineage import Href


class Generated:
    """The generated pages of one checked project whose pages are under `docs`."""

    def __init__(self, checked: Checked, docs: Path, pdf: bool = False) -> None:
        """`pdf`: the build also prints each report's PDF edition (commands/pdf.py), which its first
        page then links to."""
        self.checked, self.docs, self.pdf = checked, docs, pdf
        self.places = lineage.places(checked.citations, checked.catalog)
        self.title: Callable[[str], str] = cache(partial(lineage.page_title, docs))  # rows name their pages
        self._below: tuple[list[str], dict[str, list[str]]] | None = None  # pages_below's nav and its folders

    def reports(self) -> str:
        """The home page's list of reports."""
        return listing.report_list(self.checked.catalog, self.checked.published_on)

    def correction_log(self, link: Href) -> str:
        """The site-wide list of corrections."""
        return notices.site_page(self.checked.catalog, self.checked.corrections, link)

    def report_meta(self, report: Report, link: Href) -> str:
        """The metadata block of a report's first page, and where its data and printable copy are."""
        guide = listing.guide(link(lineage.appendix_page(report)), link(printable.print_page(report)),
                              link(printable.pdf_file(report)) if self.pdf else None)
        return f"{listing.meta_table(report, self.checked.published_on(report))}\n\n{guide}"

    def data_appendix(self, report: Report, link: Href) -> str:
        """The data appendix of a report."""
        checked = self.checked
        return appendix.appendix(report, checked.outcomes_of(report), self.places.get(report.id, {}),
                                 checked.corrections[report.id], link, self.title, checked.catalog)

    def table(self, report: Report, table_id: str, link: tables.CellLink) -> str:
        """A table of the report's kind, its cells linked by `link` (the page scan made sure it has one)."""
        assert report.kind is not None, "the page scan refuses a table of a report of no kind"
        return tables.table_html(report, report.kind.tables[table_id], link)

    def stated(self, report: Report, name: str) -> str | None:
        """A period macro on a page of the report: its period in its words (None if report.yaml gives
        none, which the page scan refuses)."""
        return stated(report, name)

    def page_frame(self, report: Report, page: str, link: Href, pages: list[str]) -> tuple[str, str]:
        """What the theme shows before and after a report's page (render/frame.py): the report it is
        part of; on its first page its contents and the body's other reports; the previous and next
        page of the report among `pages` (paths under docs/, in nav order); how to report a mistake."""
        first = f"{report.id}/index.md"
        own = self.pages_below(report.id, pages)
        links = [frame.Link(self.page_name(report, p), link(p)) for p in own]
        at = own.index(page) if page in own else -1
        before = frame.belongs(report.meta.title, link(first)) if page != first else ""
        after = []
        if page == first:
            after.append(frame.contents([item for p, item in zip(own, links, strict=True) if p != first]))
        if at >= 0:
            after.append(frame.pager(links[at - 1] if at > 0 else None, links[at + 1] if at + 1 < len(own) else None))
        if page == first:
            others = [r for r in self._of_body.get(report.meta.body, ()) if r is not report]
            after.append(frame.other_reports(report.meta.body, [frame.Link(r.meta.title, link(f"{r.id}/index.md"))
                                                               for r in others]))
        after.append(frame.feedback(self.checked.site, report.meta.body))
        return before, "\n".join(block for block in after if block)

    def pages_below(self, folder: str, pages: list[str]) -> list[str]:
        """The pages of `pages` (paths under docs/, in nav order) below a folder: the nav gone through once
        per build for every folder, not once for every page that asks."""
        if self._below is None or self._below[0] is not pages:
            below: dict[str, list[str]] = {}
            for page in pages:
                for above in folders(page):
                    below.setdefault(above, []).append(page)
            self._below = (pages, below)
        return self._below[1].get(folder, [])

    @cached_property
    def _of_body(self) -> dict[str, list[Report]]:
        """Each body's reports, newest first: one pass, however many reports."""
        bodies: dict[str, list[Report]] = {}
        for report in sorted(self.checked.catalog.reports, key=lambda r: (-r.meta.year, r.meta.kind, r.id)):
            bodies.setdefault(report.meta.body, []).append(report)
        return bodies

    def page_name(self, report: Report, page: str) -> str:
        """A page of a report as its contents name it: its title; the printable copy is 打印版."""
        return "打印版" if page == printable.print_page(report) else self.title(page)

    def printable_copy(self, report: Report, link: Href, pages: list[str]) -> str:
        """A report on one page, for printing, from its chapters among `pages` (paths under docs/, in
        nav order). Of the page macros only report_meta is on a chapter (the page scan allows no
        other, load/pages.py MACRO_PAGES), and on paper it has no links onward; period macros say
        what they say on the chapter."""
        chapters = printable.chapters(report, self.pages_below(report.id, pages))
        texts = [(self.docs / page).read_text(encoding="utf-8") for page in chapters]
        outcomes = self.checked.outcomes_of(report)
        notes = appendix.notes(report, outcomes, self.checked.corrections[report.id], link)
        figures = appendix.figures_table(report, appendix.report_outcomes(report, outcomes),
                                         self.places.get(report.id, {}), link, self.title)

        def macro(name: str) -> str:
            if name in PERIOD_MACROS:
                return self.stated(report, name) or ""
            return printable.cover(listing.meta_table(report, self.checked.published_on(report)))

        return printable.printable(report, texts, macro, link, figures, notes)
