"""Year-over-year claims: each claim word over intervals, the 2022 report's 下降 against a 2021 report
that is not in the repository (unverified), and against synthetic 2021 reports that are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from macros.check.claims import compare
from macros.check.project import Checked, check_project
from macros.model.figures import Figure
from tests.conftest import Build, add_data_report, codes, edit
from tests.factories import figure

# Scenario tests start from the 2022 report alone, however many reports the repository holds.
pytestmark = pytest.mark.usefixtures("only_2022")

REPORT = "dongli-emergency/2022"
RULES = f"data/{REPORT}/rules.yaml"
RULE = "enforcement-cases-down-on-previous-year"


def count(value: str, **kw: object) -> Figure:
    return figure(value, "件", integer_unit=True, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("word", "now", "before", "holds"), [
    pytest.param("下降", count("71"), count("80"), True, id="fell"),
    pytest.param("下降", count("71"), count("71"), False, id="same-is-no-fall"),
    pytest.param("下降", count("71"), count("60"), False, id="rose-is-no-fall"),
    pytest.param("减少", count("71"), count("80"), True, id="synonym-fell"),
    pytest.param("下降", figure("140.4", "万元"), figure("140.41", "万元"), True, id="fell-within-rounding"),
    pytest.param("下降", figure("140.4", "万元"), figure("140.34", "万元"), False, id="rounding-excludes-fall"),
    pytest.param("增长", count("71"), count("60"), True, id="rose"),
    pytest.param("增长", count("71"), count("71"), False, id="same-is-no-rise"),
    pytest.param("持平", count("71"), count("71"), True, id="held"),
    pytest.param("持平", count("71"), count("72"), False, id="not-held"),
    pytest.param("持平", count("70", qualifier="约", tolerance="5"), count("72"), True, id="held-approximately"),
    pytest.param("翻番", count("40"), count("20"), True, id="doubled"),
    pytest.param("翻番", count("39"), count("20"), False, id="short-of-double"),
    pytest.param("翻番", count("45"), count("20", qualifier="余"), True, id="doubled-from-yu"),
])
def test_claims_over_intervals(word: str, now: Figure, before: Figure, holds: bool) -> None:
    assert compare(word, now, before)[0] is holds


# -- the 2022 report's claim against 2021 ----------------------------------------------------------

def test_the_2022_claim_against_2021_is_unverified_not_invented(checked: Checked) -> None:
    (outcome,) = [o for o in checked.outcomes if o.rule.id == RULE and o.rule.location.path == RULES]
    assert outcome.status == "未核实"
    assert outcome.mismatch == "上一年度报告“dongli-emergency/2021”不在仓库中，无法核对“下降”。"
    assert [f.key for _, f in outcome.figures] == ["enforcement.cases.total"]
    assert not any(r.id.startswith("dongli-emergency/2021") for r in checked.catalog.reports)


def test_the_build_says_the_claim_is_unverified(site: Build) -> None:
    assert f"未核实（不影响发布）：{RULES}:" in site.output
    assert f"{RULE}（行政处罚案件数量比2021年度同期下降）" in site.output


def add_2021(project: Path, cases: str, key: str = "enforcement.cases.total") -> None:
    """A synthetic 2021 report with only the figure the claim needs."""
    add_data_report(project, "dongli-emergency/2021", {key: (cases, "件")})


def outcome_of(project: Path):
    checked = check_project(project)
    (outcome,) = [o for o in checked.outcomes if o.rule.id == RULE]
    return checked, outcome


def test_the_claim_holds_when_2021_had_more_cases(project: Path) -> None:
    add_2021(project, "80")
    checked, outcome = outcome_of(project)
    assert checked.errors == []
    assert outcome.status == "通过"
    assert outcome.computed == "80件 → 71件"


@pytest.mark.parametrize("cases", [pytest.param("60", id="fewer"), pytest.param("71", id="as-many")])
def test_the_claim_fails_when_2021_had_no_more_cases(project: Path, cases: str) -> None:
    add_2021(project, cases)
    checked, outcome = outcome_of(project)
    assert outcome.status == "不通过"
    assert codes(checked.errors) == ["rule-change-mismatch"]
    error = str(checked.errors[0])
    assert error.startswith(f"{RULES}:")
    assert f"核对不通过：规则“{RULE}”" in error
    assert f"正文说比上年“下降”，即本年低于上年；本年发布为 71件（区间 [71]），上年发布为 {cases}件" in error
    assert f"上年 dongli-emergency/2021:enforcement.cases.total（enforcement.cases.total）= {cases}件" in error
    assert "在 data/dongli-emergency/2021/figures.yaml:1" in error


def test_a_2021_report_without_the_figure_leaves_the_claim_unverified(project: Path) -> None:
    add_2021(project, "80", key="enforcement.case.total")
    checked, outcome = outcome_of(project)
    assert checked.errors == []
    assert outcome.status == "未核实"
    assert "中没有数字“enforcement.cases.total”（是不是“enforcement.case.total”？）" in outcome.mismatch


def test_an_exception_on_a_claim_pins_both_years(project: Path) -> None:
    add_2021(project, "60")
    with (project / RULES).open("a", encoding="utf-8") as rules:
        rules.write("  exception:\n    reason: 原文已发布。\n    published:\n"
                    "      enforcement.cases.total: 71件\n"
                    "      dongli-emergency/2021:enforcement.cases.total: 60件\n"
                    "    computed: 60件 → 71件\n")
    checked, outcome = outcome_of(project)
    assert checked.errors == []
    assert outcome.status == "例外"


@pytest.mark.parametrize(("old", "new", "code", "message"), [
    pytest.param("previous: dongli-emergency/2021\n", "", "previous-not-named", "报告信息没有写明上一年度报告",
                 id="no-previous-report"),
    pytest.param("quote: 行政处罚案件数量与2021年度同期有所下降", "quote: 行政处罚案件数量有所下降",
                 "claim-quote-not-found", "“行政处罚案件数量有所下降”在 docs/dongli-emergency/2022/ 的正文中找不到",
                 id="quote-gone"),
    pytest.param("    claim: 下降", "    claim: 降低", "unknown-claim", "claim 写成了“降低”，可用的说法是：下降、减少",
                 id="unknown-claim"),
    pytest.param("    claim: 下降\n", "", "missing-field", "“claim”", id="missing-claim"),
    pytest.param("figure: enforcement.cases.total", "figure: enforcement.cases.totl", "unknown-key",
                 "“enforcement.cases.totl”", id="unknown-figure"),
])
def test_malformed_claims_are_rule_definition_errors(project: Path, old: str, new: str, code: str,
                                                     message: str) -> None:
    path = project / (f"data/{REPORT}/report.yaml" if old.startswith("previous") else RULES)
    edit(path, old, new)
    (error,) = check_project(project).errors
    assert error.code == code
    assert str(error).startswith(f"{RULES}:")
    assert "规则定义错误" in str(error)
    assert message in error.message


def test_years_in_different_units_are_not_compared(project: Path) -> None:
    add_2021(project, "80")
    edit(project / "data/dongli-emergency/2021/figures.yaml", "unit: 件", "unit: 万元")
    (error,) = check_project(project).errors
    assert error.code == "unit-mismatch"
    assert "本年 件，上年 万元" in error.message


def test_counts_in_different_count_units_are_compared() -> None:
    assert compare("下降", count("71"), replace(count("80"), unit="起"))[0]


def test_a_year_in_another_unit_of_the_family_is_compared_in_this_years_unit() -> None:
    """Last year 1.2亿元, this year 9000万元: 下降 by 25%, not a fall from 1.2 to 9000."""
    then = replace(figure("1.2", "亿元"), scale=10**8, family="元")
    now = replace(figure("9000", "万元"), scale=10**4, family="元")
    assert compare("下降", now, then)[0]
    assert not compare("增长", now, then)[0]
    assert compare("下降", now, then, percent("25"))[0]
    assert not compare("下降", now, then, percent("20"))[0]


def percent(value: str) -> Figure:
    return figure(value, "%")


@pytest.mark.parametrize(("word", "now", "before", "by", "holds"), [
    pytest.param("增长", count("54"), count("40"), percent("35"), True, id="rose-35-percent"),
    pytest.param("增长", count("54"), count("40"), percent("36"), False, id="rose-but-not-36"),
    pytest.param("增长", count("112"), count("40"), percent("180"), True, id="rose-180-percent"),
    pytest.param("下降", count("35"), count("40"), percent("12.5"), True, id="fell-12.5-percent"),
    pytest.param("下降", count("35"), count("40"), percent("12.6"), False, id="fell-not-12.6"),
    pytest.param("下降", count("54"), count("40"), percent("35"), False, id="rose-said-fell"),
    pytest.param("增长", figure("140.4", "万元"), figure("104", "万元"), percent("35"), True, id="within-rounding"),
    pytest.param("增长", count("5"), count("0"), percent("100"), False, id="from-zero"),
])
def test_a_percentage_claim_is_checked_over_intervals(word: str, now: Figure, before: Figure, by: Figure,
                                                     holds: bool) -> None:
    assert compare(word, now, before, by)[0] is holds


def test_a_failing_percentage_claim_says_the_computed_change() -> None:
    holds, computed, explain = compare("增长", count("54"), count("40"), percent("36"))
    assert not holds
    assert computed == "40件 → 54件，增长35.0%"
    assert "增长幅度为 35.0%" in explain()
    assert "与 36%" in explain()


def test_a_percentage_goes_only_with_a_rise_or_a_fall(project: Path) -> None:
    add_data_report(project, "dongli-emergency/2021", {"enforcement.cases.total": ("80", "件")})
    text = (project / RULES).read_text(encoding="utf-8")
    rate = next(line.split(":")[0] for line in (project / "data" / REPORT / "figures.yaml").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith(" ") and "rate" in line)
    edit(project / RULES, "    claim: 下降", f"    claim: 持平\n    by: {rate}")
    assert text != (project / RULES).read_text(encoding="utf-8")
    errors = check_project(project).errors
    assert "claim-by" in codes(errors), errors
