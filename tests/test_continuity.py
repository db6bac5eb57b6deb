"""Continuity of a table's column from last year's report (check/plausibility.py): on the fixture
district's example-b, 2022 → 2023, the 2021 kind's 现行有效件数 = 上年现行有效件数 + 本年制发件数 −
本年废止件数 for 第二十条第（一）项 (2022: 规范性文件 14 in force; 2023: 2 issued, 1 repealed, 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check.project import Checked, check_project
from macros.model.errors import Location, ReportError
from tests.conftest import edit
from tests.test_fixture_district import district, district_checked  # noqa: F401  (a fixture)

THIS = "data/example-b/2023"
LAST = "data/example-b/2022"
CODE = "continuity-mismatch"


def continuity(found: list[ReportError]) -> list[ReportError]:
    return [problem for problem in found if problem.code == CODE]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return district(tmp_path / "district")


def test_a_consistent_pair_gives_no_notice(district_checked: Checked) -> None:  # noqa: F811
    assert district_checked.errors == []
    assert continuity(district_checked.notices) == []
    this = district_checked.catalog.find("example-b/2023")
    assert this is not None
    assert this.meta.previous == "example-b/2022"  # so the check did run over the pair
    assert [str(this.figures[f"proactive.normative.{c}"].value) for c in ("issued", "repealed", "in_force")] == \
        ["2", "1", "15"]


@pytest.mark.parametrize(("folder", "old", "new", "said"), [
    pytest.param(THIS, "normative: [2, 1, 15]", "normative: [2, 1, 16]",
                 "表“主动公开政府信息情况”第二十条第（一）项“行政规范性文件”一行：上一年度报告“example-b/2022”的"
                 "现行有效件数14件，加本年制发件数2件、减本年废止件数1件，应为15件；本报告“example-b/2023”的现行有效件数是16件。",
                 id="this-year"),
    pytest.param(LAST, "normative: [3, 0, 14]", "normative: [3, 0, 13]",
                 "表“主动公开政府信息情况”第二十条第（一）项“行政规范性文件”一行：上一年度报告“example-b/2022”的"
                 "现行有效件数13件，加本年制发件数2件、减本年废止件数1件，应为14件；本报告“example-b/2023”的现行有效件数是15件。",
                 id="last-year"),
])
def test_a_count_off_by_one_is_noticed_at_this_years_cell(project: Path, folder: str, old: str, new: str,
                                                          said: str) -> None:
    edit(project / f"{folder}/tables.yaml", old, new)
    checked = check_project(project)
    assert checked.errors == []
    (notice,) = continuity(checked.notices)
    assert notice.location == Location(f"{THIS}/tables.yaml", 4)
    assert notice.kind == "合理性提示"
    assert notice.message == said
    assert "修改、失效" in notice.hint
    assert "“二、主动公开政府信息情况”一章的正文中写明原因" in notice.hint
    assert str(notice).startswith(f"{THIS}/tables.yaml:4: 合理性提示：")


def test_a_report_that_asks_for_it_fails_on_it(project: Path) -> None:
    edit(project / f"{THIS}/report.yaml", "previous: example-b/2022\n",
         "previous: example-b/2022\nplausibility: fail\n")
    edit(project / f"{THIS}/tables.yaml", "normative: [2, 1, 15]", "normative: [2, 0, 15]")
    checked = check_project(project)
    (error,) = continuity(checked.errors)
    assert error.kind == "合理性检查不通过"
    assert error.location == Location(f"{THIS}/tables.yaml", 4)
    assert "减本年废止件数0件，应为16件；" in error.message
    assert continuity(checked.notices) == []


@pytest.mark.parametrize(("folder", "row", "written"), [
    (THIS, "normative: [2, 1, 15]", "normative: [2, /, 15]"),  # this year's 废止 not applicable
    (THIS, "normative: [2, 1, 15]", "normative: [2, 1, /]"),  # this year's 现行有效 not applicable
    (LAST, "normative: [3, 0, 14]", "normative: [3, 0, /]"),  # last year's 现行有效 not applicable
])
def test_a_cell_not_applicable_skips_the_row(project: Path, folder: str, row: str, written: str) -> None:
    edit(project / f"{folder}/tables.yaml", row, written)
    checked = check_project(project)
    assert checked.errors == []
    assert continuity(checked.notices) == []


def test_the_skip_is_not_vacuous(project: Path) -> None:
    """The first edit above with 0 where the / was: 14 + 2 - 0 is not 15, noticed."""
    edit(project / f"{THIS}/tables.yaml", "normative: [2, 1, 15]", "normative: [2, 0, 15]")
    assert len(continuity(check_project(project).notices)) == 1


@pytest.mark.parametrize("previous", ["", "previous: example-a/2022\n", "previous: example-b/2021\n"],
                         ids=["none", "another-kind", "not-in-the-repository"])
def test_no_previous_report_of_the_kind_no_notice(project: Path, previous: str) -> None:
    edit(project / f"{THIS}/report.yaml", "previous: example-b/2022\n", previous)
    edit(project / f"{THIS}/tables.yaml", "normative: [2, 1, 15]", "normative: [2, 1, 16]")
    checked = check_project(project)
    assert continuity([*checked.errors, *checked.notices]) == []
