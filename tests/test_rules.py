"""Rules over intervals: each kind, its boundaries, exceptions that pin, definition errors."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import pytest

from macros.check.coverage import EQUATIONS, bounded, caught, uncatchable, uncovered
from macros.check.project import Checked, check_project
from macros.check.rules import evaluate
from macros.model.errors import Location, RuleError
from macros.model.figures import Figure
from macros.model.intervals import Interval
from macros.model.rules import Exemption, Rule
from tests.conftest import KIND, ROOT, add_kinds, build, codes, correct, edit
from tests.factories import figure

REPORT = "dongli-emergency/2022"
FIGURES = f"data/{REPORT}/figures.yaml"
RULES = f"data/{REPORT}/rules.yaml"


def closed(low: str, high: str) -> Interval:
    return Interval(Decimal(low), Decimal(high))


def half_open(low: str, high: str) -> Interval:
    return Interval(Decimal(low), Decimal(high), high_closed=False)


# -- interval arithmetic -------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "meets"), [
    pytest.param(half_open("955.605", "955.615"), closed("955.61", "955.61"), True, id="point-inside"),
    pytest.param(half_open("955.605", "955.615"), closed("955.615", "955.62"), False, id="open-bound-excluded"),
    pytest.param(half_open("955.605", "955.615"), closed("955.60", "955.605"), True, id="closed-bounds-touch"),
    pytest.param(closed("71", "71"), closed("72", "72"), False, id="distinct-counts"),
    pytest.param(half_open("2800", "2900"), closed("2899.99", "3000"), True, id="yu-upper-region"),
    pytest.param(half_open("2800", "2900"), closed("2900", "3000"), False, id="yu-excludes-next-step"),
])
def test_meets(a: Interval, b: Interval, meets: bool) -> None:
    assert a.meets(b) is meets
    assert b.meets(a) is meets


def test_sum_of_intervals_is_exact_and_keeps_openness() -> None:
    total = half_open("140.35", "140.45") + half_open("815.205", "815.215")
    assert total == half_open("955.555", "955.665")
    assert total.meets(half_open("955.605", "955.615"))


def test_quotient_of_counts_is_exact() -> None:
    quotient = (closed("805", "805") / closed("934", "934")).scale(100)
    assert quotient.low == Fraction(80500, 934)
    assert not quotient.meets(half_open("86.05", "86.15"))
    assert quotient.meets(half_open("86.15", "86.25"))


def test_quotient_bounds_come_from_opposite_ends() -> None:
    quotient = half_open("1.5", "2.5") / half_open("0.5", "1.5")
    assert quotient == Interval(Fraction(1), Fraction(5), low_closed=False, high_closed=False)


@pytest.mark.parametrize(("a", "b", "possible"), [
    pytest.param(closed("5", "5"), half_open("2800", "2900"), True, id="clearly-smaller"),
    pytest.param(closed("71", "71"), closed("71", "71"), True, id="equal-closed"),
    pytest.param(half_open("71", "72"), closed("70", "71"), True, id="touching-closed"),
    pytest.param(Interval(Decimal(71), Decimal(72), low_closed=False), closed("70", "71"), False,
                 id="touching-open"),
])
def test_can_be_at_most(a: Interval, b: Interval, possible: bool) -> None:
    assert a.can_be_at_most(b) is possible


# -- rule kinds ----------------------------------------------------------------------------------

def keyed(key: str, value: str, unit: str, **kw: object) -> Figure:
    return replace(figure(value, unit, integer_unit=unit in ("件", "家", "期", "人次"), **kw), key=key)  # type: ignore[arg-type]


def outcome(kind: str, *operands: tuple[str, Figure], exemption: Exemption | None = None):
    figures = MappingProxyType({f.key: f for _, f in operands})
    rule = Rule(id="r", description="说明", kind=kind, operands=tuple((role, f.key) for role, f in operands),
                location=Location("rules.yaml", 1), exemption=exemption)
    return evaluate(rule, figures)


@pytest.mark.parametrize(("kind", "operands", "holds"), [
    pytest.param("sum", [("合计", keyed("t", "71", "件")), ("部分", keyed("a", "54", "件")),
                         ("部分", keyed("b", "17", "件"))], True, id="sum-counts"),
    pytest.param("sum", [("合计", keyed("t", "72", "件")), ("部分", keyed("a", "54", "件")),
                         ("部分", keyed("b", "17", "件"))], False, id="sum-counts-off-by-one"),
    pytest.param("sum", [("合计", keyed("t", "955.61", "万元")), ("部分", keyed("a", "140.4", "万元")),
                         ("部分", keyed("b", "815.21", "万元"))], True, id="sum-rounded-amounts"),
    pytest.param("sum", [("合计", keyed("t", "955.71", "万元")), ("部分", keyed("a", "140.4", "万元")),
                         ("部分", keyed("b", "815.21", "万元"))], False, id="sum-beyond-rounding"),
    pytest.param("sum", [("合计", keyed("t", "955.66", "万元")), ("部分", keyed("a", "140.4", "万元")),
                         ("部分", keyed("b", "815.21", "万元"))], True, id="sum-within-rounding"),
    pytest.param("within", [("合计", keyed("t", "934", "家")), ("其中", keyed("a", "805", "家"))], True,
                 id="within"),
    pytest.param("within", [("合计", keyed("t", "805", "家")), ("其中", keyed("a", "934", "家"))], False,
                 id="within-exceeds"),
    pytest.param("ratio", [("比率", keyed("r", "86.2", "%")), ("分子", keyed("n", "805", "家")),
                           ("分母", keyed("d", "934", "家"))], True, id="ratio"),
    pytest.param("ratio", [("比率", keyed("r", "86.1", "%")), ("分子", keyed("n", "805", "家")),
                           ("分母", keyed("d", "934", "家"))], False, id="ratio-truncated"),
    pytest.param("ratio", [("比率", keyed("r", "100", "%")), ("分子", keyed("n", "0", "件")),
                           ("分母", keyed("d", "0", "件"))], False, id="ratio-zero-denominator"),
    pytest.param("at_most", [("较小者", keyed("a", "955.61", "万元")),
                             ("较大者", keyed("b", "1433.97", "万元"))], True, id="at-most"),
    pytest.param("at_most", [("较小者", keyed("a", "1433.97", "万元")),
                             ("较大者", keyed("b", "955.61", "万元"))], False, id="at-most-reversed"),
    pytest.param("equal", [("同一数字", keyed("a", "71", "件")), ("同一数字", keyed("b", "71", "件"))], True,
                 id="equal"),
    pytest.param("equal", [("同一数字", keyed("a", "71", "件")), ("同一数字", keyed("b", "70", "件"))], False,
                 id="equal-differs"),
    pytest.param("nonempty_base", [("比率", keyed("r", "100", "%")), ("基数", keyed("b", "0", "件"))],
                 False, id="rate-over-nothing"),
    pytest.param("nonempty_base", [("比率", keyed("r", "100", "%")), ("基数", keyed("b", "3", "件"))],
                 True, id="rate-over-something"),
    pytest.param("rate_of", [("比率", keyed("r", "95", "%")), ("基数", keyed("b", "40", "件"))], True,
                 id="rate-of-a-base-38-of-40"),
    pytest.param("rate_of", [("比率", keyed("r", "96", "%")), ("基数", keyed("b", "40", "件"))], False,
                 id="rate-of-a-base-no-whole-part"),
    pytest.param("rate_of", [("比率", keyed("r", "50", "%")), ("基数", keyed("b", "7", "家"))], False,
                 id="rate-of-a-base-half-of-seven"),
    pytest.param("rate_of", [("比率", keyed("r", "86.2", "%")), ("基数", keyed("b", "934", "家"))], True,
                 id="rate-of-a-base-rounded"),
    pytest.param("rate_of", [("比率", keyed("r", "33.3", "%")), ("基数", keyed("b", "3", "件"))], True,
                 id="rate-of-a-base-one-third"),
])
def test_rule_kinds(kind: str, operands: list[tuple[str, Figure]], holds: bool) -> None:
    assert outcome(kind, *operands).holds is holds


def test_approximate_figures_reconcile_within_their_intervals() -> None:
    parts = [("部分", keyed("a", "2800", "人次", qualifier="余")), ("部分", keyed("b", "500", "人次", qualifier="余"))]
    assert outcome("sum", ("合计", keyed("t", "3350", "人次")), *parts).holds
    assert not outcome("sum", ("合计", keyed("t", "3500", "人次")), *parts).holds
    assert outcome("sum", ("合计", keyed("t", "3400", "人次", qualifier="约", tolerance="100")), *parts).holds


# -- exceptions ----------------------------------------------------------------------------------

RATE = [("比率", keyed("r", "86.1", "%")), ("分子", keyed("n", "805", "家")), ("分母", keyed("d", "934", "家"))]
PINNED = Exemption(reason="截尾", published=MappingProxyType({"r": "86.1%", "n": "805家", "d": "934家"}),
                   computed="86.188%", location=Location("rules.yaml", 2))


def test_exception_accepts_exactly_the_declared_numbers() -> None:
    result = outcome("ratio", *RATE, exemption=PINNED)
    assert result.computed == "86.188%"
    assert result.status == "例外"


@pytest.mark.parametrize(("index", "value"), [
    pytest.param(0, "86.0", id="published-rate-changed"),
    pytest.param(1, "806", id="numerator-changed"),
    pytest.param(2, "935", id="denominator-changed-rule-now-holds"),
])
def test_exception_breaks_when_any_operand_changes(index: int, value: str) -> None:
    operands = list(RATE)
    role, old = operands[index]
    operands[index] = (role, replace(old, value=Decimal(value)))
    assert outcome("ratio", *operands, exemption=PINNED).status in ("不通过", "例外已失效")


def test_exception_breaks_when_the_computed_value_is_recorded_wrong() -> None:
    wrong = replace(PINNED, computed="86.2%")
    assert outcome("ratio", *RATE, exemption=wrong).status == "不通过"


# -- the real report -----------------------------------------------------------------------------

def test_the_report_has_its_rules_and_two_disclosed_exceptions(checked: Checked) -> None:
    assert len(checked.outcomes) > 10
    assert {o.rule.id for o in checked.exceptions} == {"dual-control-usage-rate", "litigation-appearance-rate-base"}
    assert {o.rule.id for o in checked.unverified} == {"enforcement-cases-down-on-previous-year"}
    assert all(o.status in ("通过", "例外", "未核实") for o in checked.outcomes)


def test_every_figure_in_an_equation_is_caught_when_it_slips(checked: Checked) -> None:
    """Proof that the rules bite. A figure in an equation fails some rule on every slip of at least
    the equation's resolution (smaller slips can hide in the rounding of a coarser operand: 140.4
    stands for 140.35 to 140.45). A figure bounded only by inequalities fails one on some slip, or
    is listed (coverage.uncatchable): a 0 among the parts of 其中 cannot be caught growing. The same
    proof runs over the engine's fixture reports (test_fixture_district.py)."""
    assert slips_uncaught(checked) == []


def slips_uncaught(checked: Checked) -> list[str]:
    """The figures of `checked` that a typical slip leaves unnoticed though they should be caught."""
    uncaught = []
    weak = {(f.location, f.key) for f in uncatchable(checked.catalog)}
    for report in checked.catalog.reports:
        for key in bounded(report):
            fig = report.figures[key]
            found = caught(checked.catalog, report, key)
            in_equation = any(key in rule.keys and rule.kind in EQUATIONS for rule in report.rules)
            if not (all(found) if in_equation else any(found) or (fig.location, key) in weak):
                uncaught.append(f"{fig.location}: {key}")
    return uncaught


WITHIN_ZERO = """\
a.total: {label: 合计, value: 10, unit: 件}
a.part: {label: 其中一类, value: 0, unit: 件}
a.other: {label: 其中另一类, value: 5, unit: 件}
"""


def test_a_zero_part_of_within_is_listed_as_uncatchable_not_failed(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "data" / "r" / "2020").mkdir(parents=True)
    (root / "docs" / "r" / "2020").mkdir(parents=True)
    (root / "data" / "units.yaml").write_text("件: {kind: count}\n", encoding="utf-8")
    add_kinds(root)
    folder = root / "data" / "r" / "2020"
    (folder / "report.yaml").write_text(f"body: 测试机关\ntitle: 测试报告\n{KIND}year: 2020\n", encoding="utf-8")
    (folder / "figures.yaml").write_text(WITHIN_ZERO.replace("}", ", data_only: true}"), encoding="utf-8")
    (folder / "rules.yaml").write_text("- id: parts\n  description: 其中\n"
                                       "  within: {total: a.total, parts: [a.part, a.other]}\n", encoding="utf-8")
    (root / "docs" / "r" / "2020" / "index.md").write_text("# 测试报告\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("nav:\n  - r/2020/index.md\n", encoding="utf-8")
    checked = check_project(root)
    assert [str(e) for e in checked.errors] == []
    assert [f.key for f in uncatchable(checked.catalog)] == ["a.part"]
    report = checked.catalog.reports[0]
    assert any(caught(checked.catalog, report, "a.other"))  # ten times 5 is more than the total


def test_figures_no_rule_covers_are_listed(checked: Checked) -> None:
    unchecked = {figure.key for figure in uncovered(checked.catalog)}
    assert "outreach.safety_talk.principal_duties" in unchecked
    assert "enforcement.cases.total" not in unchecked
    assert "litigation.review_cases" in unchecked


def test_rule_definition_errors_are_their_own_kind(project: Path) -> None:
    edit(project / RULES, "parts: [complaints.closed, complaints.in_progress]",
         "parts: [complaints.closd, complaints.in_progress]")
    edit(project / RULES, "- id: training-online-attendance", "- id: Training Online")
    edit(project / RULES, "larger: inspection.penalties.fines", "larger: inspection.penalties.enterprises")
    errors = check_project(project).errors
    assert sorted(codes(errors)) == ["rule-id-format", "unit-mismatch", "unknown-key"], errors
    assert all(isinstance(e, RuleError) for e in errors)
    (unknown,) = [e for e in errors if e.code == "unknown-key"]
    assert "“complaints.closd”" in unknown.message
    assert unknown.hint.startswith("是不是“complaints.closed”")


def test_stale_exception_is_an_error(project: Path) -> None:
    edit(project / FIGURES, "value: 86.1", "value: 86.2")
    correct(project, REPORT, "dual_control.usage_rate", "86.1%", "86.2%")
    (error,) = check_project(project).errors
    assert error.code == "exception-stale"
    assert "“dual-control-usage-rate”" in error.message


# -- pytest and the build report failing rules ---------------------------------------------------

def rule_items(project: Path, report: str = REPORT) -> subprocess.CompletedProcess[str]:
    """pytest run over the copy's rules, as a maintainer runs it."""
    for name in ("pyproject.toml", "tests/__init__.py", "tests/rule_items.py"):
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_bytes((ROOT / name).read_bytes())
    return subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", f"data/{report}"],
                          cwd=project, capture_output=True, text=True, check=False)


def test_pytest_lists_each_rule_and_reports_every_failure_in_chinese(project: Path) -> None:
    edit(project / FIGURES, "value: 54", "value: 55")
    edit(project / FIGURES, "value: 64", "value: 65")
    run = rule_items(project)
    out = run.stdout
    assert run.returncode == 1, out
    assert "rules.yaml::enforcement-cases-total FAILED" in out
    assert "rules.yaml::complaints-total FAILED" in out
    assert "rules.yaml::dual-control-usage-rate PASSED" in out
    assert "核对不通过：规则“enforcement-cases-total”（案件处罚数量等于行政处罚案件与事故处罚案件之和）不成立" in out
    assert out.count("[rule-sum-mismatch]") >= 2  # each failing rule, with the code of its kind
    assert "部分 enforcement.cases.administrative（" in out
    assert f"在 {FIGURES}:" in out
    assert f"引用于 docs/{REPORT}/1-achievements.md:11" in out
    assert "2 failed, 15 passed" in out


def test_pytest_reports_a_malformed_rule_as_a_failure_with_its_code(project: Path) -> None:
    edit(project / RULES, "parts: [complaints.closed, complaints.in_progress]",
         "parts: [complaints.closd, complaints.in_progress]")
    run = rule_items(project)
    assert run.returncode == 1, run.stdout
    assert "rules.yaml::规则定义错误-第" in run.stdout
    assert "规则定义错误 [unknown-key]：规则引用了不存在的数字“complaints.closd”。" in run.stdout


@pytest.mark.site
def test_build_refuses_a_failing_rule_and_lists_exceptions(project: Path, tmp_path: Path) -> None:
    ok = build(project, tmp_path / "ok")
    assert ok.returncode == 0, ok.output
    assert "核对例外（已声明，不影响发布）" in ok.output
    assert "dual-control-usage-rate" in ok.output
    edit(project / FIGURES, "value: 1553", "value: 900")
    failed = build(project, tmp_path / "failed")
    assert failed.returncode != 0
    assert "核对不通过：规则“dual-control-online-within-registered”" in failed.output
    assert "[rule-within-exceeded]" in failed.output
    assert not (tmp_path / "failed" / REPORT).exists()


def test_a_rate_of_a_base_says_the_nearest_rates() -> None:
    result = outcome("rate_of", ("比率", keyed("r", "96", "%")), ("基数", keyed("b", "40", "件")))
    assert "基数 40件 的任何整数部分都不等于 96%" in result.mismatch
    assert "38/40 = 95.0%、39/40 = 97.5%" in result.mismatch
