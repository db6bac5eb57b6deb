"""Everything that must hold before a site is built, in one pass: the build and pytest share it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from ..guard.files import unsafe_files
from ..guard.nav import nav_errors
from ..guard.shape import report_errors
from ..guard.untrusted import untrusted_text
from ..load.corrections import Correction
from ..load.pages import Citation, scan_pages
from ..load.reports import load_catalog, without_gc
from ..load.site import load_site
from ..load.tree import Tree
from ..model.errors import ReportError, RuleError, RuleFailure, new_run
from ..model.report import Catalog, EveryKey, Report, folders
from ..model.rules import KINDS, Rule
from ..model.site import Site
from . import cache
from .corrections import check_corrections
from .faithful import unfaithful
from .lint import citation_coverage, typed_numbers
from .plausibility import plausibility
from .rules import Outcome, Status, describe, evaluate
from .years import comparable, link_errors, previous_of


@dataclass(frozen=True)
class Checked:
    catalog: Catalog  # every report of the site
    citations: list[Citation]
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

    `cached`: the result kept in the project's ignored .cache/ folder (cache.py) when exactly this
    input was checked by exactly this engine before; the build and make check use it.
    """
    docs = docs_dir or root / "docs"
    with without_gc():
        if cached:
            return cache.cached(root, docs, partial(_check_project, root, docs))
        return _check_project(root, docs)


def _check_project(root: Path, docs: Path) -> Checked:
    tree = Tree(root, docs)
    new_run()
    refused = unsafe_files(tree)
    if refused:  # nothing is read from a tree holding links out of it, devices or huge files
        return Checked(Catalog(), [], refused, [])
    loaded = load_catalog(root, tree)
    scan = scan_pages(tree, loaded.catalog)
    logged = check_corrections(tree, loaded.catalog)
    site, site_errors = load_site(tree)
    # What the guards refuse (markup, hidden characters, shapes Markdown cannot build in linear time)
    # is never rendered, not even to compare it with the published text.
    refused = [*untrusted_text(tree), *report_errors(tree, loaded.catalog)]
    errors = [
        *loaded.errors,
        *site_errors,
        *scan.errors,
        *typed_numbers(tree, loaded.catalog),
        *citation_coverage(loaded.catalog, scan.citations),
        *link_errors(loaded.catalog, tree),
        *logged.errors,
        *refused,
        *nav_errors(tree),
    ]
    # Nor is a report whose data or template code has errors: a page citing a figure that does not
    # load cannot be read as its reader would read it.
    unreadable = [*loaded.errors, *scan.errors, *refused]
    sound = Catalog(reports=tuple(report for report in loaded.catalog.reports
                                  if not report.broken_keys and not isinstance(report.broken_keys, EveryKey)
                                  and not any(_within(error.location.path, report.id) for error in unreadable)))
    errors += unfaithful(tree, sound, logged.first_published)
    outcomes = reconcile(loaded.catalog, scan.citations)
    places = cited_places(scan.citations) if any(outcome.status is Status.FAILS for outcome in outcomes) else {}
    errors += [problem for outcome in outcomes if (problem := rule_problem(outcome, places))]
    implausible, notices = plausibility(loaded.catalog)
    return Checked(loaded.catalog, scan.citations, errors + implausible, outcomes, notices, logged.logs,
                   logged.recorded_on, site)


def _within(path: str, report_id: str) -> bool:
    return path.startswith((f"data/{report_id}/", f"docs/{report_id}/"))


def reconcile(catalog: Catalog, citations: list[Citation]) -> list[Outcome]:
    """Every rule of every report whose operands all loaded (broken ones are reported already)."""
    return [evaluate(rule, report.figures, previous_of(catalog, report))
            for report in catalog.reports for rule in report.rules
            if all(key in report.figures for key in rule.keys) and comparable(catalog, report, rule)]


def cited_places(citations: list[Citation]) -> dict[tuple[str, str], list[str]]:
    """Where each key is cited on the pages below each folder: (folder, key) -> places, in page order."""
    places: dict[tuple[str, str], list[str]] = {}
    for citation in citations:
        for folder in folders(citation.page):
            places.setdefault((folder, citation.key), []).append(str(citation.location))
    return places


def rule_problem(outcome: Outcome, places: dict[tuple[str, str], list[str]]) -> ReportError | None:
    """The error a rule's outcome is, if any: a failure (with where its operands are cited, from
    `cited_places`), or an exception no longer needed."""
    rule = outcome.rule
    if outcome.status is Status.FAILS:
        where = (f"在 data/{_home(rule)}/rules.yaml 中写“- id: {rule.id}”和它的 exception" if rule.builtin
                 else "在规则下声明 exception")
        return RuleFailure(rule.location, describe(outcome, _cited(outcome, places)),
                           f"核对这些数字与原始记录（表格照发布的表逐格核对），改正有误的一项；原文确实如此、无法改正的，"
                           f"{where}，写明理由（见 CONTRIBUTING.md“声明例外”）。",
                           code=KINDS[rule.kind].code)
    if outcome.status is Status.EXCEPTION_STALE:
        return RuleError(rule.location, f"规则“{rule.id}”现在成立，声明的例外已不需要。",
                         "删除这条规则下的 exception。", code="exception-stale")
    return None


def _home(rule: Rule) -> str:
    """The report a rule is of: the folder of the file it is declared in (rules.yaml, or tables.yaml
    for a built-in one)."""
    return rule.location.path.removeprefix("data/").rsplit("/", 1)[0]


def _cited(outcome: Outcome, places: dict[tuple[str, str], list[str]]) -> dict[str, list[str]]:
    """Where each operand is cited: in the pages of its own report (a previous report's figure is
    named `report:key`), not in other reports that use the same key."""
    home = _home(outcome.rule)
    cited = {}
    for _, figure in outcome.figures:
        report_id, _, key = figure.key.rpartition(":")
        cited[figure.key] = places.get((report_id or home, key), [])
    return cited
