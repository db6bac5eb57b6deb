"""Everything that must hold before a site is built, in one pass: the build and pytest share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .corrections import Correction, load_corrections
from .errors import ReportError
from .files import Tree, unsafe_files
from .lint import citation_coverage, typed_numbers
from .load import load_library, without_gc
from .model import Figure, Library, Report, folders
from .pages import Citation, scan_pages
from .plausibility import plausibility
from .rules import Outcome, RuleError, RuleFailure, describe, evaluate
from .shape import report_errors
from .untrusted import untrusted_text
from .yamlnodes import new_run
from .years import before, comparable, link_errors


@dataclass(frozen=True)
class Checked:
    catalog: Library  # every report of the site
    citations: list[Citation]
    errors: list[ReportError]
    outcomes: list[Outcome]
    # Plausibility findings that do not fail the build (plausibility.py): printed, not published.
    notices: list[ReportError] = field(default_factory=list)
    # Each report's correction log (corrections.py), by report id.
    corrections: dict[str, tuple[Correction, ...]] = field(default_factory=dict)

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

    @property
    def unverified(self) -> list[Outcome]:
        """Year-over-year claims whose previous figure is not in the repository: said, not checked."""
        return [outcome for outcome in self.outcomes if outcome.status == "未核实"]

    @property
    def exceptions(self) -> list[Outcome]:
        """Rules that fail exactly as their declared exception says: published, with the reason."""
        return [outcome for outcome in self.outcomes if outcome.status == "例外"]


def check_project(root: Path, docs_dir: Path | None = None) -> Checked:
    """Load every report, scan every page, lint the chapters; collect every problem."""
    with without_gc():
        return _check_project(root, docs_dir or root / "docs")


def _check_project(root: Path, docs: Path) -> Checked:
    tree = Tree(root, docs)
    new_run()
    refused = unsafe_files(tree)
    if refused:  # nothing is read from a tree holding links out of it, devices or huge files
        return Checked(Library(), [], refused, [])
    loaded = load_library(root, tree)
    scan = scan_pages(tree, loaded.catalog)
    logged = load_corrections(tree, loaded.catalog)
    errors = [
        *loaded.errors,
        *scan.errors,
        *typed_numbers(tree, loaded.catalog),
        *citation_coverage(loaded.catalog, scan.citations),
        *link_errors(loaded.catalog, tree),
        *logged.errors,
        *untrusted_text(tree),
        *report_errors(tree, loaded.catalog),
    ]
    outcomes = reconcile(loaded.catalog, scan.citations)
    places = cited_places(scan.citations) if any(outcome.status == "不通过" for outcome in outcomes) else {}
    errors += [problem for outcome in outcomes if (problem := rule_problem(outcome, places))]
    implausible, notices = plausibility(loaded.catalog)
    return Checked(loaded.catalog, scan.citations, errors + implausible, outcomes, notices, logged.logs)


def reconcile(library: Library, citations: list[Citation]) -> list[Outcome]:
    """Every rule of every report whose operands all loaded (broken ones are reported already)."""
    return [evaluate(rule, report.figures, before(library, report))
            for report in library.reports for rule in report.rules
            if all(key in report.figures for key in rule.keys) and comparable(library, report, rule)]


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
    if outcome.status == "不通过":
        return RuleFailure(rule.location, describe(outcome, _cited(outcome, places)),
                           "核对这些数字与原始记录，改正有误的一项；原文确实如此、无法改正的，"
                           "在规则下声明 exception 并写明理由（见 CONTRIBUTING.md“声明例外”）。")
    if outcome.status == "例外已失效":
        return RuleError(rule.location, f"规则“{rule.id}”现在成立，声明的例外已不需要。",
                         "删除这条规则下的 exception。")
    return None


def _cited(outcome: Outcome, places: dict[tuple[str, str], list[str]]) -> dict[str, list[str]]:
    """Where each operand is cited: in the pages of its own report (a previous report's figure is
    named `report:key`), not in other reports that use the same key."""
    home = outcome.rule.location.path.removeprefix("data/").rsplit("/", 1)[0]
    cited = {}
    for _, figure in outcome.figures:
        report_id, _, key = figure.key.rpartition(":")
        cited[figure.key] = places.get((report_id or home, key), [])
    return cited


def uncovered(library: Library) -> list[Figure]:
    """Figures no rule checks: shown to editors so they see what is taken on trust."""
    checked = {report.id: {key for rule in report.rules for key in rule.keys} for report in library.reports}
    return [figure for report in library.reports for figure in report.figures.values()
            if figure.key not in checked[report.id]]
