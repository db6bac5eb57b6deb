"""pytest plugin: one test item per declared rule, named by its id, failing in the domain's words.

Loaded with `-p tests.rule_items` (pyproject.toml), so that pytest collects data/**/rules.yaml, and
data/**/tables.yaml for the rules a report's kind makes of its tables (their identities).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.check.coverage import uncatchable, uncovered
from macros.check.project import Checked, check_project
from macros.check.reconcile import cited_places, rule_problem
from macros.check.rules import Outcome, Status
from macros.model.errors import ReportError, RuleError

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def project_checks() -> Checked:
    """The project checked once per session; the rule items and the `checked` fixture share it."""
    return check_project(ROOT)


class RuleFailed(Exception):
    def __init__(self, problem: ReportError) -> None:
        super().__init__(str(problem))
        self.problem = problem


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name in ("rules.yaml", "tables.yaml") and file_path.is_relative_to(ROOT / "data"):
        return RulesFile.from_parent(parent, path=file_path)
    return None


class RulesFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        rel = self.path.relative_to(ROOT).as_posix()
        checked = project_checks()
        for outcome in checked.outcomes:
            if outcome.rule.location.path == rel:
                item = RuleItem.from_parent(self, name=outcome.rule.id, outcome=outcome,
                                            citations=checked.citations)
                if outcome.status is Status.UNVERIFIED:  # a skip mark is reported at the rule's line
                    item.add_marker(pytest.mark.skip(reason=f"未核实：{outcome.mismatch}"))
                yield item
        for error in checked.errors:
            if isinstance(error, RuleError) and error.location.path == rel:
                yield RuleDefinitionItem.from_parent(self, name=f"规则定义错误-第{error.location.line}行",
                                                     error=error)


class RuleItem(pytest.Item):
    def __init__(self, *, outcome: Outcome, citations: list, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.outcome = outcome
        self.citations = citations

    def runtest(self) -> None:
        problem = rule_problem(self.outcome, cited_places(self.citations))
        if problem is not None:
            raise RuleFailed(problem)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: str | None = None) -> str:
        if isinstance(excinfo.value, RuleFailed):
            return str(excinfo.value.problem)
        return super().repr_failure(excinfo, style)  # type: ignore[arg-type]

    def reportinfo(self) -> tuple[Path, int, str]:
        rule = self.outcome.rule
        return self.path, rule.location.line - 1, f"规则 {rule.id}：{rule.description}"


class RuleDefinitionItem(pytest.Item):
    """A malformed rule is a failure of its own kind: never a pass, never a data mismatch."""

    def __init__(self, *, error: RuleError, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.error = error

    def runtest(self) -> None:
        raise RuleFailed(self.error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: str | None = None) -> str:
        return str(self.error)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.error.location.line - 1, f"{self.error.title}：{self.error.message}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    checked = project_checks()
    unchecked = uncovered(checked.catalog)
    if unchecked:
        terminalreporter.section(f"没有任何规则核对的数字（{len(unchecked)} 个，只能靠人工核对）")
        for figure in unchecked:
            terminalreporter.line(f"{figure.location} {figure.key}（{figure.label}）")
    weak = uncatchable(checked.catalog)
    if weak:
        terminalreporter.section(f"规则发现不了常见录入错误的数字（{len(weak)} 个，只在不等式中，不影响发布）")
        for figure in weak:
            terminalreporter.line(f"{figure.location} {figure.key}（{figure.label}）= {figure.value}")
    exceptions = checked.exceptions
    if exceptions:
        terminalreporter.section("已声明的核对例外（不影响发布，网站公开说明）")
        for outcome in exceptions:
            rule = outcome.rule
            assert rule.exemption is not None
            terminalreporter.line(f"{rule.location} {rule.id}：{rule.description}")
            terminalreporter.line(f"    理由：{rule.exemption.reason}")
    if checked.unverified:
        terminalreporter.section("未核实的与上年比较（上一年度的数字不在仓库中，不影响发布）")
        for outcome in checked.unverified:
            rule = outcome.rule
            terminalreporter.line(f"{rule.location} {rule.id}：{rule.description}：{outcome.mismatch}")
    if checked.notices:
        terminalreporter.section(f"合理性提示（{len(checked.notices)} 个，不影响发布）")
        for notice in checked.notices:
            terminalreporter.line(str(notice))
