"""Next year's report in one command, tried as an editor would: `make new-report FROM=2022 YEAR=2023`
gives a build that fails listing every unfilled figure; filling them makes it pass; a false 下降
fails it."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from macros.check.project import check_project
from macros.commands.newreport import NewReportError, prepare
from macros.load.reports import load_catalog
from tests.conftest import ROOT, build, edit
from tests.test_fixture_district import district

# Scenario tests start from the 2022 report alone, however many reports the repository holds.
pytestmark = pytest.mark.usefixtures("only_2022")

OLD, NEW = "dongli-emergency/2022", "dongli-emergency/2023"
FIGURES = f"data/{NEW}/figures.yaml"
CLAIM = "enforcement-cases-down-on-previous-year"


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    return subprocess.run(["make", "--no-print-directory", "-C", str(project), *args, "READY=",
                           f"BIN={Path(sys.executable).parent}"], capture_output=True, text=True, check=False)


def new_report(project: Path, *args: str) -> str:
    run = make(project, "new-report", *(args or ("FROM=2022", "YEAR=2023")))
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def last_year() -> dict[str, str]:
    """The 2022 values as written in YAML."""
    (report,) = [report for report in load_catalog(ROOT).catalog.reports if report.id == OLD]
    return {key: str(figure.value) for key, figure in report.figures.items()}


def fill(path: Path, values: dict[str, str]) -> None:
    """Write each figure's value after its empty `value:`, as an editor would."""
    key, lines = None, []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if match := re.match(r"([a-z][\w.]*):\s*$", line):
            key = match.group(1)
        if line == "  value:\n" and key in values:
            line = f"  value: {values[key]}\n"
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")


# A consistent 2023: last year's figures, with fewer cases (the chapter says they fell), the usage
# rate rounded right and a lawsuit behind the 100% appearance rate (last year's exceptions are gone).
FEWER_CASES = {"enforcement.cases.total": "70", "enforcement.cases.administrative": "53",
               "enforcement.reviews": "70", "enforcement.disclosures": "70",
               "dual_control.usage_rate": "86.2", "litigation.lawsuits": "1"}


@pytest.mark.site
def test_the_new_report_fails_listing_every_unfilled_figure(project: Path) -> None:
    new_report(project)
    result = build(project, project / "site")
    assert result.returncode != 0
    unfilled = re.findall(rf"{FIGURES}:(\d+): 数据错误：数字“([\w.]+)”（[^\n]*）未填写。", result.output)
    assert sorted(key for _, key in unfilled) == sorted(last_year())
    lines = (project / FIGURES).read_text(encoding="utf-8").splitlines()
    assert all(lines[int(number) - 1] == "  value:" for number, _ in unfilled)
    assert f"发现 {len(unfilled)} 个问题" in result.output  # and nothing else
    assert "怎么改：在“value:”后写上本年度发布的数字" in result.output


@pytest.mark.site
def test_filling_the_figures_makes_it_pass_and_checks_the_claim_against_2022(project: Path) -> None:
    new_report(project)
    fill(project / FIGURES, last_year() | FEWER_CASES)
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    chapter = (project / "site" / NEW / "1-achievements" / "index.html").read_text(encoding="utf-8")
    assert ">70件</data>" in chapter
    outcomes = {(o.rule.location.path, o.rule.id): o.status for o in check_project(project).outcomes}
    assert outcomes[(f"data/{NEW}/rules.yaml", CLAIM)] == "通过"
    assert outcomes[(f"data/{OLD}/rules.yaml", CLAIM)] == "未核实"
    # copied-forward figures are noticed, not failed
    assert f"INFO    -  {FIGURES}:12: 合理性提示：数字“enforcement.penalties.amount”" in result.output


@pytest.mark.site
def test_a_false_decrease_fails_the_build(project: Path) -> None:
    new_report(project)
    fill(project / FIGURES, last_year() | FEWER_CASES | {
        "enforcement.cases.total": "72", "enforcement.cases.administrative": "55",
        "enforcement.reviews": "72", "enforcement.disclosures": "72"})
    result = build(project, project / "site")
    assert result.returncode != 0
    assert f"data/{NEW}/rules.yaml:109: 核对不通过：规则“{CLAIM}”（行政处罚案件数量比2022年度同期下降）不成立：" \
           "正文说比上年“下降”，即本年低于上年；本年发布为 72件（区间 [72]），上年发布为 71件" in result.output
    assert "发现 1 个问题" in result.output
    # each figure with the pages of its own report
    assert f"= 72件，区间 [72]，在 {FIGURES}:8；引用于 docs/{NEW}/1-achievements.md:11\n" in result.output
    assert f"= 71件，区间 [71]，在 data/{OLD}/figures.yaml:8；引用于 docs/{OLD}/1-achievements.md:11\n" in result.output


# -- what the copy holds -------------------------------------------------------------------------

def test_the_copy(project: Path) -> None:
    out = new_report(project)
    data, old_data = project / "data" / NEW, ROOT / "data" / OLD
    meta = yaml.safe_load((data / "report.yaml").read_text(encoding="utf-8"))
    assert meta["year"] == 2023
    assert meta["title"] == "东丽应急管理局2023年法治政府建设年度报告"
    assert meta["previous"] == OLD
    rules = (data / "rules.yaml").read_text(encoding="utf-8")
    assert "exception" not in yaml.safe_load(rules)[6]
    assert rules.count("\n- id:") == (old_data / "rules.yaml").read_text(encoding="utf-8").count("\n- id:")
    assert "quote: 行政处罚案件数量与2022年度同期有所下降" in rules
    allowed = [item["text"] for item in yaml.safe_load((data / "allowed-numbers.yaml").read_text(encoding="utf-8"))]
    assert {"2023年", "2023年度", "2022年度"} <= set(allowed)
    assert "《东丽区应急管理局2022年度安全生产监督检查工作计划》" in allowed  # a title keeps its year
    assert (data / "terms.txt").read_bytes() == (old_data / "terms.txt").read_bytes()
    assert not (data / "published.txt").exists()
    nav = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert list(nav[1]) == ["东丽区应急管理局 2023 年度"]
    assert nav[1]["东丽区应急管理局 2023 年度"][0] == f"{NEW}/index.md"
    assert list(nav[2]) == ["东丽区应急管理局 2022 年度"]
    assert "45 个数字的 value 已清空" in out
    assert "删除了 2 个例外" in out


@pytest.mark.parametrize("args", [
    pytest.param(("FROM=dongli-emergency/2022", "TO=dongli-emergency/2023"), id="report-ids"),
    pytest.param(("FROM=2022",), id="next-year-by-default"),
])
def test_other_ways_to_say_it(project: Path, args: tuple[str, ...]) -> None:
    new_report(project, *args)
    assert (project / "data" / NEW / "figures.yaml").is_file()


@pytest.mark.parametrize(("source", "target", "message"), [
    pytest.param("2021", None, "没有 2021 年度的报告。现有的报告：dongli-emergency/2022", id="no-such-year"),
    pytest.param("dongli-emergncy/2022", None, "是不是“dongli-emergency/2022”", id="typo"),
    pytest.param(OLD, "other-body/2023", "应与“dongli-emergency/2022”在同一个文件夹下", id="other-body"),
    pytest.param(OLD, "2022", "data/dongli-emergency/2022 已经存在", id="exists"),
])
def test_what_cannot_be_done_is_said_and_nothing_written(
    project: Path, source: str, target: str | None, message: str,
) -> None:
    before = sorted(project.rglob("*"))
    with pytest.raises(NewReportError, match=re.escape(message)):
        prepare(project, source, target)
    assert sorted(project.rglob("*")) == before


def test_a_year_that_is_no_year_is_said_and_nothing_written(project: Path) -> None:
    edit(project / f"data/{OLD}/report.yaml", "year: 2022", "year: " + "2" * 5001)  # past int()'s digit limit
    before = sorted(project.rglob("*"))
    with pytest.raises(NewReportError, match="年度 year 不是四位数的年份"):
        prepare(project, OLD, None)
    assert sorted(project.rglob("*")) == before


def test_make_new_report_without_from_says_what_to_type(project: Path) -> None:
    run = make(project, "new-report")
    assert run.returncode != 0
    assert "请写明从哪份报告开始，如 make new-report FROM=2022 YEAR=2023" in run.stderr


def test_a_nav_it_cannot_find_is_left_alone_with_instructions(project: Path) -> None:
    edit(project / "mkdocs.yml", "  - 东丽区应急管理局 2022 年度:\n", "")
    edit(project / "mkdocs.yml", "      - dongli-emergency/2022/index.md", "  - dongli-emergency/2022/index.md")
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plan = prepare(project, OLD, None)
    assert plan.nav is None
    assert any("请在 nav 中加上一节" in line and f"- {NEW}/3-next-steps.md" in line for line in plan.summary)
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_the_period_moves_on_a_year(project: Path) -> None:
    meta = project / "data" / OLD / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "period_start: 2022-01-01\nperiod_end: 2022-12-31\n",
                    encoding="utf-8")
    plan = prepare(project, OLD, None)
    text = next(content for path, content in plan.files.items() if path.name == "report.yaml")
    assert "period_start: 2023-01-01\nperiod_end: 2023-12-31\n" in text


# -- on the fixture district: what it leaves as it was, what it carries -------------------------

UNCHANGED = ("以下 {} 处年份和日期照上一年度原样保留，没有改动，请逐个核对是否仍然正确"
             "（改成本年度的，或确认本来就该是这个日期）：")


def test_every_year_and_date_left_as_it_was_is_listed_with_file_and_line(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    old = "example-a/2023"
    edit(project / f"data/{old}/report.yaml", "year: 2023\n", "year: 2023\n# 2023-05-06 报送\n")
    edit(project / f"data/{old}/figures.yaml", "  unit: 期\n", "  unit: 期\n  note: 截至2023年6月30日，另6月16日一期\n")
    edit(project / f"docs/{old}/index.md", "比2022年减少。", "比2022年减少。依照《示例区2021年度培训方案》。")
    plan = prepare(project, old, None)
    # The new year, title and previous report are new-report's own, and 2023年6月30日 is moved on
    # with its year (2023年 is in the allowlist): none of them is listed.
    assert plan.unchanged == [
        UNCHANGED.format(3),
        "  data/example-a/2024/report.yaml:6: 2023-05-06（…r: 2024 # 2023-05-06 报送 previo…）",
        "  data/example-a/2024/figures.yaml:25: 6月16日（…24年6月30日，另6月16日一期…）",
        "  docs/example-a/2024/index.md:5: 2021年度（…年减少。依照《示例区2021年度培训方案》。…）",
    ]


def test_make_new_report_prints_the_list_after_writing_the_report(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    edit(project / "docs/example-a/2023/index.md", "比2022年减少。", "比2022年减少。6月16日开展宣传。")
    out = new_report(project, "FROM=example-a/2023")
    assert (project / "docs/example-a/2024/index.md").is_file()
    assert out.endswith(f"{UNCHANGED.format(1)}\n"
                        "  docs/example-a/2024/index.md:5: 6月16日（…数比2023年减少。6月16日开展宣传。…）\n")


def test_nothing_is_listed_when_every_year_moved_on_and_the_period_with_them(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    out = new_report(project, "FROM=example-b/2023")
    assert "原样保留" not in out
    assert "data/example-b/2024/report.yaml：年度 2024，统计期限顺延，上一年度报告 previous: example-b/2023" in out
    meta = yaml.safe_load((project / "data/example-b/2024/report.yaml").read_text(encoding="utf-8"))
    assert (meta["period_start"], meta["period_end"]) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert "本报告所列数据的统计期限为{{ period() }}。" in (project / "docs/example-b/2024/index.md").read_text("utf-8")


def test_the_plausibility_settings_are_carried_into_the_new_report(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    edit(project / "data/example-a/2023/report.yaml", "year: 2023\n",
         "year: 2023\nchange_threshold: 30  # 变化超过 30% 时提示\nplausibility: fail\n")
    new_report(project, "FROM=example-a/2023")
    text = (project / "data/example-a/2024/report.yaml").read_text(encoding="utf-8")
    assert "change_threshold: 30  # 变化超过 30% 时提示\nplausibility: fail\n" in text
    (report,) = [r for r in load_catalog(project).catalog.reports if r.id == "example-a/2024"]
    assert (report.meta.change_threshold, report.meta.plausibility) == (Decimal(30), "fail")
