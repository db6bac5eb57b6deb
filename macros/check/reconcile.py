"""One report checked against itself and against the report it follows: its rules evaluated, its
year-over-year claims bound, its figures compared with last year's for plausibility.

What comes out depends on the report and on the report it follows (report.yaml's `previous`), and
on nothing else of the project: the checks' cache (cache.py) keeps it by the two reports' files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..load.pages import Citation
from ..model.errors import ReportError, RuleError, RuleFailure
from ..model.report import Catalog, Report, folders
from ..model.rules import KINDS, Rule
from .plausibility import plausibility
from .rules import Outcome, Status, describe, evaluate
from .years import comparable, link_errors, previous_of


@dataclass(frozen=True)
class Reconciled:
    outcomes: list[Outcome]  # of the report's rules whose operands all loaded, in the order declared
    links: list[ReportError]  # `change` rules that cannot be right (years.link_errors)
    problems: list[ReportError]  # rules that fail, exceptions no longer needed
    implausible: list[ReportError]  # plausibility findings that fail the build (plausibility.py)
    notices: list[ReportError]  # and those that do not


def reconcile(catalog: Catalog, report: Report, unquoted: tuple[int, ...],
              citations: Callable[[], list[Citation]]) -> Reconciled:
    """The report against itself and the report it follows in `catalog`. `unquoted` are its `change`
    rules whose quote its chapters no longer make (years.unquoted); `citations` gives, when a rule
    fails, the citations below the folders of the report and of the one it follows, to say where
    each operand is cited."""
    earlier = previous_of(catalog, report)
    outcomes = [evaluate(rule, report.figures, earlier) for rule in report.rules
                if all(key in report.figures for key in rule.keys) and comparable(catalog, report, rule)]
    places = cited_places(citations()) if any(outcome.status is Status.FAILS for outcome in outcomes) else {}
    implausible, notices = plausibility(report, catalog.previous(report))
    return Reconciled(outcomes, link_errors(report, earlier, unquoted),
                      [problem for outcome in outcomes if (problem := rule_problem(outcome, places))],
                      implausible, notices)


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
