"""What each page of the site is made from, as one digest per page: the live preview (`make serve`,
plugin.py) renders again only the pages whose digest changed since its last good build.

A page is made from its own Markdown, from what the whole site shares (`shared`: the configuration
and its nav, the theme's templates, the site's data files, the files beside the pages, the site's
identity, which pages and reports there are) and, through the macros, from the checked project:
- a chapter (a page of a report, not its first, whose template code is only figures and period
  macros): the figures it cites, its report's metadata (the periods, the report it belongs to) and
  corrections (the notice below its title), and the title of every page of its report (the frame
  around it: the previous and next page);
- any other page of a report (its first page, which also lists the body's other reports; its data
  appendix, its printable copy, a page with a table): everything of its report (figures, rules and
  their outcomes, corrections, date of publication, the Markdown of each of its pages: where each
  figure is cited, what the printable copy copies), of every report of the same body (the charts
  across the years, the body's other reports) and of the report it follows;
- a page of no report (the home page, the corrections page): everything of every report.

Objects are digested by their repr, which a dataclass makes of every field; callables are left out
(a rule outcome's words in `explain`, made from its other fields). Two checks of the same project give
the same digests (tests/test_dependencies.py), so an unchanged page is never rendered again for
nothing, and a changed input changes the digest of every page made from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path

from ..check import cache
from ..check.project import Checked
from ..check.rules import Outcome
from ..load.pages import PERIOD_MACROS, expand
from ..model.report import Catalog, Report, folders
from .lineage import title_of

# What a chapter may call and still be a chapter: anything else makes it a page of its whole report.
_CHAPTER_CALLS = frozenset(("fig", *PERIOD_MACROS))


def digest(parts: Iterable[str | bytes]) -> str:
    """One digest of the parts, each told apart from the next by its length (the checks' cache key)."""
    return cache.key(*parts)


def files_digest(paths: Iterable[Path]) -> str:
    """The files' paths and contents, in the order given."""
    return digest(part for path in paths for part in (path.as_posix(), path.read_bytes()))


def site_data_files(data: Path, catalog: Catalog) -> list[Path]:
    """The files under data/ that are no report's (data/site.yaml, the units, the kinds), sorted."""
    reports = {report.id for report in catalog.reports} | catalog.unloaded
    return sorted(path for path in data.rglob("*") if path.is_file()
                  and not any(folder in reports for folder in folders(path.relative_to(data).as_posix())))


def report_digests(checked: Checked) -> dict[str, str]:
    """Each report's digest, by id: everything the checks know of it (its data, its rules' outcomes, its
    corrections, the day it was published). Its open data is made from it alone."""
    return {report.id: _report_digest(checked, report) for report in checked.catalog.reports}


def _report_digest(checked: Checked, report: Report) -> str:
    return digest([repr(report), *map(_outcome, checked.outcomes_of(report)),
                   repr(checked.corrections.get(report.id, ())), repr(checked.published_on(report))])


def _outcome(outcome: Outcome) -> str:
    return repr(tuple(value for field in fields(outcome) if not callable(value := getattr(outcome, field.name))))


def page_digests(checked: Checked, sources: Mapping[str, str], shared: str,
                 reports: Mapping[str, str]) -> dict[str, str]:
    """Each page's digest (pages by their path under docs/, `sources` their Markdown; `reports` the
    report_digests)."""
    catalog = checked.catalog
    owners = {page: catalog.report_for_page(page) for page in sources}
    pages_of: dict[str, list[str]] = {}
    for page in sorted(sources):
        if (owner := owners[page]) is not None:
            pages_of.setdefault(owner.id, []).append(page)
    whole = {report.id: digest([reports[report.id],
                                *(part for page in pages_of.get(report.id, ()) for part in (page, sources[page]))])
             for report in catalog.reports}
    bodies: dict[str, list[str]] = {}
    for report in catalog.reports:
        bodies.setdefault(report.meta.body, []).append(report.id)
    site = digest([shared, repr(checked.site), *sorted(sources), *sorted(whole)])
    everything = digest(whole.values())
    titles = {report_id: digest(part for page in pages for part in (page, title_of(page, sources[page])))
              for report_id, pages in pages_of.items()}

    def made_of(page: str, text: str) -> list[str]:
        report = owners[page]
        if report is None:
            return [everything]
        if page != f"{report.id}/index.md" and _calls(text) <= _CHAPTER_CALLS:
            return [repr(report.meta), repr(checked.corrections.get(report.id, ())), titles[report.id],
                    *(repr(report.figures.get(citation.key)) for citation in checked.citations_by_page.get(page, ()))]
        related = {*bodies[report.meta.body], report.id, *([report.meta.previous] if report.meta.previous else [])}
        return [whole[report_id] for report_id in sorted(related) if report_id in whole]

    return {page: digest([site, page, text, *made_of(page, text)]) for page, text in sources.items()}


def _calls(text: str) -> set[str]:
    """The names of the macros the page's template code calls (`table` for a table)."""
    called: set[str] = set()

    def call(name: str) -> str:
        called.add(name)
        return ""

    expand(text, lambda _key: call("fig"), call, lambda _table: call("table"))
    return called
