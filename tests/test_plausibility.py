"""Plausibility against the previous report: copy-forward and large unexplained changes are noticed,
reported without failing, and fail the build only where the report asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check.project import check_project
from tests.conftest import add_data_report, build, codes, edit

# Scenario tests start from the 2022 report alone, however many reports the repository holds.
pytestmark = pytest.mark.usefixtures("only_2022")

REPORT = "dongli-emergency/2022"
META = f"data/{REPORT}/report.yaml"
FIGURES = f"data/{REPORT}/figures.yaml"
LAST_YEAR = {
    "enforcement.penalties.amount": ("955.61", "万元"),  # 2022: 955.61万元, the same
    "inspection.groups": ("3000", "组次"),  # 2022: 9566组次, +218.9%
    "inspection.inspectors": ("20000", "人次"),  # 2022: 23111人次, +15.6%
    "litigation.review_cases": ("0", "件"),  # 2022: 0件, the same, but explained by a note
    "dual_control.registered": ("1553", "个"),  # 2022: 1553家, another unit
}


def notices_of(project: Path) -> list[str]:
    add_data_report(project, "dongli-emergency/2021", LAST_YEAR)
    checked = check_project(project)
    assert checked.errors == []
    return [str(notice) for notice in checked.notices]


def test_copy_forward_and_large_changes_are_noticed(project: Path) -> None:
    notices = notices_of(project)
    assert len(notices) == 2, notices
    assert notices[0].startswith(f"{FIGURES}:")
    assert "合理性提示：数字“enforcement.penalties.amount”（行政处罚金额（行政处罚与事故处罚合计））" \
           "与上一年度报告“dongli-emergency/2021”完全相同：955.61万元。 [same-as-last-year]\n" in notices[0]
    assert "确认不是把上一年度的数字照抄过来" in notices[0]
    assert "数字“inspection.groups”（全区出动检查组组次）比上一年度报告“dongli-emergency/2021”变化 +218.9%" \
           "（3000组次 → 9566组次），超过报告设定的 50%。 [change-over-threshold]\n" in notices[1]


def test_a_note_explains_a_figure(project: Path) -> None:
    edit(project / FIGURES, "  value: 9566\n", "  value: 9566\n  note: 2022年起检查组按组次统计。\n")
    assert not any("inspection.groups" in notice for notice in notices_of(project))


def test_without_a_threshold_only_copy_forward_is_noticed(project: Path) -> None:
    edit(project / META, "change_threshold: 50\n", "")
    notices = notices_of(project)
    assert len(notices) == 1, notices
    assert "enforcement.penalties.amount" in notices[0]
    assert "[same-as-last-year]" in notices[0]


def test_a_lower_threshold_notices_smaller_changes(project: Path) -> None:
    edit(project / META, "change_threshold: 50", "change_threshold: 10")
    assert any("inspection.inspectors" in notice and "+15.6%" in notice for notice in notices_of(project))


@pytest.mark.site
def test_notices_are_info_lines_of_a_passing_build(project: Path) -> None:
    add_data_report(project, "dongli-emergency/2021", LAST_YEAR)
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    lines = [line for line in result.output.splitlines() if "合理性提示" in line]
    assert len(lines) == 2, result.output
    assert all(line.startswith("INFO") for line in lines)


@pytest.mark.site
def test_plausibility_fail_makes_them_errors(project: Path) -> None:
    edit(project / META, "plausibility: info", "plausibility: fail")
    add_data_report(project, "dongli-emergency/2021", LAST_YEAR)
    checked = check_project(project)
    assert checked.notices == []
    assert codes(checked.errors) == ["same-as-last-year", "change-over-threshold"], checked.errors
    assert all("合理性检查不通过" in str(error) for error in checked.errors)
    result = build(project, project / "site")
    assert result.returncode != 0
    assert "合理性检查不通过：数字“inspection.groups”" in result.output


def test_no_previous_report_no_notices(project: Path) -> None:
    assert check_project(project).notices == []


def test_a_zero_the_same_as_last_year_is_not_noticed(project: Path) -> None:
    """No lawsuits this year and none last year is normal; the same non-zero count is worth a look."""
    text = (project / FIGURES).read_text(encoding="utf-8")
    start = text.index("litigation.lawsuits:")
    note = text.index("  note:", start)
    (project / FIGURES).write_text(text[:note] + text[text.index("\n", note) + 1:], encoding="utf-8")  # no note
    add_data_report(project, "dongli-emergency/2021", {"litigation.lawsuits": ("0", "件"),
                                                      "enforcement.cases.total": ("71", "件")})
    notices = [str(notice) for notice in check_project(project).notices]
    assert not any("litigation.lawsuits" in notice for notice in notices), notices
    assert any("enforcement.cases.total" in notice for notice in notices), notices
