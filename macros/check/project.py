"""Everything that must hold before a site is built, in one pass: the build and pytest share it.

The checks go through the project a report folder at a time (folder.py: what each folder's own files
say), bind each report to the report it follows (reconcile.py), and put together what they found in
the order of the project's files, as one list of errors. Each folder's findings and each report's
binding can be kept in the project's ignored cache (cache.py) and used again while the files they
come from are unchanged: a one-file edit checks again only its folder and the reports following it,
and the result is, error for error and word for word, that of checking everything afresh.
"""

from __future__ import annotations

import datetime
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from operator import itemgetter
from pathlib import Path

from ..guard.files import unsafe_files
from ..guard.nav import nav_errors
from ..load.corrections import Correction
from ..load.kinds import KINDS_FOLDER, kind_files
from ..load.pages import Citation, scan_page
from ..load.reports import load_report, load_shared, report_folders, without_gc
from ..load.site import load_site
from ..load.tree import PAGE_SUFFIX, Stat, Tree
from ..model.errors import ReportError, Spent, new_run, spend, spending
from ..model.report import Catalog, Report, folders
from ..model.site import Site
from . import cache
from .corrections import Corrections, check_corrections
from .folder import FolderChecks, PageChecks, ReportChecks, check_folder, owners
from .lint import typed_numbers
from .reconcile import Reconciled, reconcile
from .rules import Outcome, Status


@dataclass(frozen=True)
class Checked:
    catalog: Catalog  # every report of the site
    pages: tuple[PageChecks, ...]  # every page scanned, in the order of docs/ (its citations: `citations`)
    errors: list[ReportError]
    outcomes: list[Outcome]
    # Plausibility findings that do not fail the build (plausibility.py): printed, not published.
    notices: list[ReportError] = field(default_factory=list)
    # Each report's correction log (corrections.py), by report id.
    corrections: dict[str, tuple[Correction, ...]] = field(default_factory=dict)
    # The day each report was published, as its record says (make record), by report id.
    recorded_on: dict[str, datetime.date] = field(default_factory=dict)
    # The site's identity (data/site.yaml): the footer and where readers report a mistake.
    site: Site = field(default_factory=Site)

    @cached_property
    def citations(self) -> list[Citation]:
        """Every `{{ fig() }}` of every page (and each cell of its tables), in reading order."""
        return [citation for page in self.pages for citation in page.citations()]

    @cached_property
    def citations_by_page(self) -> dict[str, list[Citation]]:
        """The citations of each page (its path under docs/), in reading order."""
        pages: dict[str, list[Citation]] = {}
        for citation in self.citations:
            pages.setdefault(citation.page, []).append(citation)
        return pages

    @cached_property
    def _outcome_of_rule(self) -> dict[int, Outcome]:
        return {id(outcome.rule): outcome for outcome in self.outcomes}

    def outcomes_of(self, report: Report) -> list[Outcome]:
        """The outcomes of the report's rules, in the order the rules are declared: found through the
        report's rules, not by going through every report's outcomes for each report."""
        return [outcome for rule in report.rules if (outcome := self._outcome_of_rule.get(id(rule)))]

    def published_on(self, report: Report) -> datetime.date | None:
        """The report's 发布日期: report.yaml's `published_on` when it says (the disclosure catalogue's
        date is the one readers cite), else the day its record says it was published; None when
        neither says (nothing is guessed)."""
        return report.meta.published_on or self.recorded_on.get(report.id)

    @property
    def unverified(self) -> list[Outcome]:
        """Year-over-year claims whose previous figure is not in the repository: said, not checked."""
        return [outcome for outcome in self.outcomes if outcome.status is Status.UNVERIFIED]

    @property
    def exceptions(self) -> list[Outcome]:
        """Rules that fail exactly as their declared exception says: published, with the reason."""
        return [outcome for outcome in self.outcomes if outcome.status is Status.EXCEPTION]


def check_project(root: Path, docs_dir: Path | None = None, *, cached: bool = False) -> Checked:
    """Load every report, scan every page, lint the chapters; collect every problem.

    `cached`: what the checks found in each report folder whose files, and engine, are exactly those
    it was found with is taken from the project's ignored .cache/ folder (cache.py), and what they
    find now is kept there; the build and make check use it.
    """
    docs = docs_dir or root / "docs"
    store = cache.Store(root) if cached else None
    with without_gc():
        return _Run(Tree(root, docs, store.files() if store else None), store).checked()


@dataclass
class _Folder:
    """A report folder not inside another (`id`; None for the site's own files): its report folders,
    its entries below data/ and docs/, its pages and data files, and what was found in it."""

    id: str | None
    members: list[Path] = field(default_factory=list)
    entries: list[tuple[Path, str, Stat]] = field(default_factory=list)  # as Tree.listing gives them
    pages: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)
    key: str = ""
    checks: FolderChecks | None = None
    # Each of its reports bound to the report it follows (reconcile.py): the key of what the binding
    # was worked out from, the binding, and what it spent of the run's hints.
    bound: dict[str, tuple[str, Reconciled, Spent]] = field(default_factory=dict)
    changed: bool = False  # found or bound anew in this run: to be kept

    @property
    def found(self) -> FolderChecks:
        assert self.checks is not None, "found before it is asked for"
        return self.checks

    def reports(self) -> Iterator[tuple[ReportChecks, Report]]:
        """Its loaded reports, with their findings."""
        return ((member, member.report) for member in self.found.members if member.report is not None)


class _Run:
    """One run of the checks over a project: each folder found (or taken from the cache), each report
    bound to the one it follows, and what was found put together."""

    def __init__(self, tree: Tree, store: cache.Store | None) -> None:
        self.tree = tree
        self.store = store
        self.shared_errors: list[ReportError] = []
        self.catalog = Catalog()
        self.home: dict[str, _Folder] = {}

    def checked(self) -> Checked:
        tree = self.tree
        new_run()
        refused = unsafe_files(tree)
        if refused:  # nothing is read from a tree holding links out of it, devices or huge files
            return Checked(Catalog(), (), refused, [])
        self.shared = load_shared(tree, self.shared_errors)  # first: every report is read with it
        folders = self._folders()
        base = cache.shared_key(tree, _shared_files(tree)) if self.store else ""
        for folder in folders:
            self._find(folder, base)
        self.catalog = Catalog(
            reports=tuple(report for folder in folders for _, report in folder.reports()),
            unloaded=frozenset(member.id for folder in folders for member in folder.found.members
                               if member.report is None))
        self.home = {report.id: folder for folder in folders for _, report in folder.reports()}
        for folder in folders:
            for member, report in folder.reports():
                self._bind(folder, member, report)
        together = self._together(folders)
        if self.store is not None:
            for folder in folders:
                if folder.changed:
                    self.store.put(folder.key, (folder.found, folder.bound), self.shared.kinds)
            self.store.keep_files(tree)
            self.store.tidy()
        return together

    def _folders(self) -> list[_Folder]:
        """The report folders not inside another, in the order of data/, and last the site's own
        files, each with its report folders, entries, pages and data files."""
        tree = self.tree
        data = tree.root / "data"
        ids = [folder.relative_to(data).as_posix() for folder in report_folders(tree)]
        known = set(ids)
        if "." in known:  # data/report.yaml: every file of data/ is below its folder
            tops = {".": _Folder(".")}
        else:
            tops = {report_id: _Folder(report_id) for report_id in ids
                    if not any(above in known for above in folders(report_id))}
        site = _Folder(None)
        for report_id in ids:
            (tops["."] if "." in tops else next(tops[above] for above in (*folders(report_id), report_id)
                                                if above in tops)).members.append(data / report_id)
        for top in (data, tree.docs):
            # Each entry's folder: that of the folder it is in (entries are listed after their folder),
            # unless it is a report folder not inside another itself.
            cut = len(tree.rel(top)) + 1
            within = {tree.rel(top): tops.get(".", site)}
            for entry in tree.listing(top):
                rel = entry[1]
                folder = tops.get(rel[cut:]) or within[rel.rpartition("/")[0]]
                folder.entries.append(entry)
                if stat.S_ISDIR(entry[2].st_mode):
                    within[rel] = folder
            for path in tree.files(top, top):
                folder = within[tree.rel(path).rpartition("/")[0]]
                if top == data:
                    folder.data.append(path)
                elif path.name.endswith(PAGE_SUFFIX):
                    folder.pages.append(path)
        return [*tops.values(), site]

    def _find(self, folder: _Folder, base: str) -> None:
        """What the folder's files say: kept from an earlier run of the same files, or found now."""
        tree = self.tree
        if self.store is not None:
            listed = cache.entries(tree, sorted(folder.entries, key=itemgetter(1)))
            folder.key = cache.key(base, folder.id or "", listed)
            kept = self.store.get(folder.key, self.shared.kinds)
            if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], FolderChecks):
                folder.checks, folder.bound = kept
                return
        folder.checks = check_folder(tree, folder.id, folder.members, folder.pages, folder.data, self.shared,
                                     self.shared_errors)
        folder.changed = True
        tree.forget()

    def _bind(self, folder: _Folder, member: ReportChecks, report: Report) -> None:
        """The report bound to the report it follows: kept with its folder, if worked out from the same
        two folders' files."""
        previous = self.catalog.previous(report)
        followed = self.home[previous.id] if previous is not None else None
        key = cache.key(folder.key, report.id, report.meta.previous or "", followed.key if followed else "")
        if self.store is not None and folder.bound.get(report.id, ("",))[0] == key:
            return
        folder.bound[report.id] = (key, *spending(lambda: self._reconcile(folder, member, report)))
        folder.changed = True

    def _reconcile(self, folder: _Folder, member: ReportChecks, report: Report) -> Reconciled:
        previous = self.catalog.previous(report)
        folders = [folder, *([self.home[previous.id]] if previous is not None else [])]
        return reconcile(self.catalog, report, member.unquoted, lambda: [
            citation for below in folders for page in below.found.pages.values() for citation in page.citations()])

    # -- what was found, put together ----------------------------------------------------------

    def _together(self, folders: list[_Folder]) -> Checked:
        """Every folder's findings as one result, in the order of the project's files. The hints'
        budget is spent in the order the checks give hints (errors.spend): loading, page scans,
        corrections, the site's identity, allowlists, rules; a piece whose spending does not fit is
        worked out again at its turn."""
        tree, catalog = self.tree, self.catalog
        data = tree.root / "data"
        members = [(folder, member) for folder in folders for member in folder.found.members]
        loaded = [(folder, member, report) for folder in folders for member, report in folder.reports()]
        pages = {rel: (folder, page) for folder in folders for rel, page in folder.found.pages.items()}
        order = {tree.rel(path): number for number, path in enumerate(tree.pages(tree.docs))}
        texts = {rel: errors for folder in folders for rel, errors in folder.found.data.items()}

        loading = [*self.shared_errors]
        for _, member in members:
            loading += _kept(member.load_spent, member.load_errors, partial(self._load_again, member.id))
        scanning: list[ReportError] = []
        for rel in order:
            folder, page = pages[rel]
            scanning += _kept(page.spent, page.errors, partial(self._scan_again, folder, rel))
        scanning += [error for _, member, _ in loaded for error in member.appendix]
        logged = [error for _, member, report in loaded for error in _kept(
            member.corrections_spent, _corrections(member).errors, partial(self._corrections_again, report))]
        site, site_errors = load_site(tree)
        typed = [error for folder, member, _ in loaded for error in _kept(
            member.typed_spent, member.typed, partial(self._typed_again, folder, member.id))]
        others = sorted(((folder, other) for folder in folders for other in folder.found.others),
                        key=lambda found: order[found[1].first])
        typed += [error for folder, other in others for error in _kept(
            other.spent, other.typed, partial(self._typed_again, folder, other.owner))]
        reconciled = [kept if spend(spent) else self._reconcile(folder, member, report)
                      for folder, member, report in loaded for _, kept, spent in [folder.bound[report.id]]]
        errors = [
            *loading,
            *site_errors,
            *scanning,
            *typed,
            *(error for _, member, _ in loaded for error in member.coverage),
            *(error for found in reconciled for error in found.links),
            *logged,
            *(error for rel in order for error in pages[rel][1].untrusted),
            *(error for path in tree.files(data, data) for error in texts[tree.rel(path)]),
            *(error for _, member, _ in loaded for error in member.size),
            *self._nav(),
            *(error for _, member, _ in loaded for error in member.unfaithful),
            *(error for found in reconciled for error in found.problems),
            *(error for found in reconciled for error in found.implausible),
        ]
        return Checked(catalog, tuple(pages[rel][1] for rel in order), errors,
                       [outcome for found in reconciled for outcome in found.outcomes],
                       [notice for found in reconciled for notice in found.notices],
                       {report.id: _corrections(member).log for _, member, report in loaded},
                       {report.id: day for _, member, report in loaded
                        if (day := _corrections(member).recorded_on) is not None}, site)

    def _load_again(self, report_id: str) -> list[ReportError]:
        errors: list[ReportError] = []
        load_report(self.tree, self.tree.root / "data" / report_id, self.shared, errors)
        return errors

    def _corrections_again(self, report: Report) -> list[ReportError]:
        return check_corrections(self.tree, report).errors

    def _scan_again(self, folder: _Folder, rel: str) -> list[ReportError]:
        return scan_page(self.tree, self.tree.root / rel, folder.found.catalog()).errors

    def _typed_again(self, folder: _Folder, owner: str | None) -> list[ReportError]:
        return typed_numbers(self.tree, owner, owners(self.tree, folder.found.catalog(), folder.pages)[owner])

    def _nav(self) -> list[ReportError]:
        """mkdocs.yml's nav against the pages: kept while the file and the names below docs/ are the same."""
        if self.store is None:
            return nav_errors(self.tree)
        key = cache.nav_key(self.tree)
        kept = self.store.get(key, self.shared.kinds)
        if isinstance(kept, list):
            return kept
        errors = nav_errors(self.tree)
        self.store.put(key, errors, self.shared.kinds)
        return errors


def _kept(spent: Spent, kept: Sequence[ReportError], again: Callable[[], list[ReportError]]) -> Sequence[ReportError]:
    """The errors of a piece found with the whole budget of hints to itself: as found, if what it spent
    is what it would spend now (errors.spend), else found again now."""
    return kept if spend(spent) else again()


def _corrections(member: ReportChecks) -> Corrections:
    assert member.corrections is not None, "a loaded report's corrections are replayed"
    return member.corrections


def _shared_files(tree: Tree) -> list[Path]:
    """The files every report is read with: the unit table and the report kinds."""
    data = tree.root / "data"
    return [data / "units.yaml", *kind_files(data, tree.files(data / KINDS_FOLDER, data))]
