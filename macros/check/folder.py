"""What the checks find in one report folder from its own files: data/<id>/ and docs/<id>/, read and
checked together, then forgotten but for what was found.

A report folder here is one not inside another (any report folders inside it are checked with it, as
its members). What is found depends on the folder's files, the unit table and the report kinds, and
on nothing else: so the checks' cache (cache.py) keeps it by the digests of those files. The site's
own files (pages of no report, data files of no report) are checked the same way, as a folder of no
report. What binds a report to the one it follows is reconcile.py's.

Hints that name the nearest key (errors.did_you_mean) come from one budget of comparisons per run:
each piece that may use it (loading a report, scanning a page, replaying a report's corrections,
reading its allowlist) is worked out with the whole budget to itself, and what it spent is taken
from the run's budget in the run's order (errors.spend), or the piece worked out again then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ..guard.shape import report_size_errors
from ..guard.untrusted import untrusted_data, untrusted_page
from ..load.pages import Citation, missing_appendix, scan_page
from ..load.reports import Shared, load_report
from ..load.tree import Tree
from ..model.errors import NOTHING, Location, ReportError, Spent, spending
from ..model.report import Catalog, EveryKey, Report
from .corrections import Corrections, check_corrections
from .faithful import unfaithful
from .lint import citation_coverage, typed_numbers
from .years import unquoted


@dataclass(frozen=True)
class PageChecks:
    """A page scanned: its citations and the errors of its template code and keys, and the errors of
    its text (guard/untrusted.py)."""

    rel: str  # its path from the root
    page: str  # and under docs/
    # Each citation's key and line: made Citations when asked for (`citations`), as only the build
    # needs them all, and a province's hundred thousand are a good part of reading the cache back.
    cited: tuple[tuple[str, int], ...]
    errors: tuple[ReportError, ...]
    spent: Spent
    untrusted: tuple[ReportError, ...]

    def citations(self) -> list[Citation]:
        return [Citation(key, self.page, Location(self.rel, line)) for key, line in self.cited]


@dataclass(frozen=True)
class ReportChecks:
    """A report folder's own findings: its report (None if it could not be loaded) and, for a loaded
    one, each check of it that needs only the folder."""

    id: str
    report: Report | None
    load_errors: tuple[ReportError, ...]
    load_spent: Spent
    appendix: tuple[ReportError, ...]  # the appendix page its citations link to, missing
    typed: tuple[ReportError, ...]  # digits typed into its pages (lint.typed_numbers)
    typed_spent: Spent  # reading its allowlist
    coverage: tuple[ReportError, ...]  # figures not cited, data-only ones cited
    unquoted: tuple[int, ...]  # its `change` rules whose quote the chapters no longer make
    corrections: Corrections | None
    corrections_spent: Spent
    size: tuple[ReportError, ...]  # its chapters together too long
    unfaithful: tuple[ReportError, ...]  # published paragraphs its pages do not show


@dataclass(frozen=True)
class Others:
    owner: str | None  # the report folder that could not be loaded, or None for the site's own pages
    first: str  # its first page, by path from the root
    typed: tuple[ReportError, ...]
    spent: Spent


@dataclass(frozen=True)
class FolderChecks:
    members: tuple[ReportChecks, ...]  # its report folders, in the order of data/
    pages: dict[str, PageChecks]  # its pages, by path (from the root), in the order of docs/
    data: dict[str, tuple[ReportError, ...]]  # the problems of its data files' text, by path, in the order of data/
    # The digits typed into the pages of owners that are no loaded report (a report folder that could
    # not be loaded, or no report): each owner with the path of its first page.
    others: list[Others]

    def catalog(self) -> Catalog:
        """Its reports, as they would be in the site's catalog."""
        return Catalog(reports=tuple(member.report for member in self.members if member.report is not None),
                       unloaded=frozenset(member.id for member in self.members if member.report is None))


def check_folder(tree: Tree, folder: str | None, members: list[Path], pages: list[Path], data: list[Path],
                 shared: Shared, shared_errors: list[ReportError]) -> FolderChecks:
    """The findings of the report folder `folder` (its id; None for the site's own files): of its
    `members` (report folders, itself first if it is one), its `pages` and its `data` files, read with
    `shared`. `shared_errors` are the unit table's and kinds' problems, which make a report below
    them unreadable."""
    loads = [(path, *spending(partial(_load, tree, path, shared))) for path in members]
    catalog = Catalog(reports=tuple(report for _, (report, _), _ in loads if report is not None),
                      unloaded=frozenset(_id(tree, path) for path, (report, _), _ in loads if report is None))
    scanned = {}
    citations = []
    for path in pages:
        scan, spent = spending(partial(scan_page, tree, path, catalog))
        rel, page = tree.rel(path), path.relative_to(tree.docs).as_posix()
        assert all(citation.page == page and citation.location.path == rel for citation in scan.citations)
        scanned[rel] = PageChecks(rel, page,
                                  tuple((citation.key, citation.location.line) for citation in scan.citations),
                                  tuple(scan.errors), spent, tuple(untrusted_page(tree, path)))
        citations += scan.citations
    texts = {tree.rel(path): tuple(untrusted_data(tree, path)) for path in data}
    owned = owners(tree, catalog, pages)
    checked = [_member(tree, catalog, path, report, errors, spent, citations, owned.get(_id(tree, path), []))
               for path, (report, errors), spent in loads]
    unreadable = [*shared_errors, *(error for page in scanned.values() for error in (*page.errors, *page.untrusted)),
                  *(error for errors in texts.values() for error in errors),
                  *(error for member in checked for error in (*member.load_errors, *member.appendix, *member.size))]
    loaded = {report.id for report in catalog.reports}
    others = [Others(owner, tree.rel(paths[0]), tuple(typed), spent) for owner, paths in owned.items()
              if owner not in loaded for typed, spent in [spending(partial(typed_numbers, tree, owner, paths))]]
    return FolderChecks(tuple(_faithful(tree, member, unreadable) for member in checked), scanned, texts, others)


def _id(tree: Tree, folder: Path) -> str:
    return folder.relative_to(tree.root / "data").as_posix()


def _load(tree: Tree, folder: Path, shared: Shared) -> tuple[Report | None, list[ReportError]]:
    errors: list[ReportError] = []
    return load_report(tree, folder, shared, errors), errors


def owners(tree: Tree, catalog: Catalog, pages: list[Path]) -> dict[str | None, list[Path]]:
    """The pages of each owner: a loaded report (each of them, in catalog order), a report folder that
    could not be loaded, or none (the site's own pages)."""
    owners: dict[str | None, list[Path]] = {report.id: [] for report in catalog.reports}
    for path in pages:
        page = path.relative_to(tree.docs).as_posix()
        report = catalog.report_for_page(page)
        owners.setdefault(report.id if report else catalog.unloaded_owner(page), []).append(path)
    return owners


def _member(tree: Tree, catalog: Catalog, folder: Path, report: Report | None, errors: list[ReportError],
            spent: Spent, citations: list[Citation], pages: list[Path]) -> ReportChecks:
    report_id = _id(tree, folder)
    if report is None:
        return ReportChecks(report_id, None, tuple(errors), spent, (), (), NOTHING, (), (), None, NOTHING, (), ())
    below = report_id + "/"
    cited = {citation.key for citation in citations if citation.page.startswith(below)}
    cites = any(catalog.report_for_page(citation.page) is report for citation in citations)
    corrections, corrections_spent = spending(lambda: check_corrections(tree, report))
    typed, typed_spent = spending(lambda: typed_numbers(tree, report_id, pages))
    return ReportChecks(report_id, report, tuple(errors), spent, tuple(missing_appendix(tree.docs, report, cites)),
                        tuple(typed), typed_spent, tuple(citation_coverage(report, cited)), unquoted(tree, report),
                        corrections, corrections_spent, tuple(report_size_errors(tree, report)), ())


def _faithful(tree: Tree, member: ReportChecks, unreadable: list[ReportError]) -> ReportChecks:
    """The member with its published text compared with its pages, if it can be: a report whose data
    or template code has errors is not, as a page citing a figure that does not load cannot be read
    as its reader would read it."""
    report = member.report
    if report is None or member.corrections is None or report.broken_keys or isinstance(report.broken_keys, EveryKey):
        return member
    within = (f"data/{report.id}/", f"docs/{report.id}/")
    if any(error.location.path.startswith(within) for error in unreadable):
        return member
    found = unfaithful(tree, report, member.corrections.first_published)
    return replace(member, unfaithful=tuple(found)) if found else member
