"""Corrections: no published figure changes without a public entry in the correction log."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.check.project import Checked, check_project
from macros.commands.record import record_text
from macros.model.errors import ReportError
from macros.render import listing
from tests.conftest import ROOT, Build, build, correct, edit
from tests.test_site import REPORT, page

FIGURES = f"data/{REPORT}/figures.yaml"
LOG = f"data/{REPORT}/corrections.yaml"
RECORD = f"data/{REPORT}/published-values.yaml"


def errors(project: Path) -> list[ReportError]:
    return check_project(project).errors


def test_each_record_is_what_the_site_publishes(checked: Checked) -> None:
    recorded = [report for report in checked.catalog.reports
                if (ROOT / "data" / report.id / "published-values.yaml").is_file()]
    assert recorded, "no published report to hold to its record"
    for report in recorded:
        assert (ROOT / "data" / report.id / "published-values.yaml").read_text(encoding="utf-8") == \
            record_text(report), report.id


def test_a_changed_figure_without_a_correction_fails_with_what_to_do(project: Path) -> None:
    edit(project / FIGURES, "value: 12383", "value: 12384")
    (error,) = errors(project)
    assert error.code == "figure-changed-uncorrected"
    assert str(error).startswith(f"{FIGURES}:164: 数据错误：数字“inspection.hazards_remediated”（全区排查整治隐患数量）"
                                 "已经发布为 12383项，现在是 12384项，但没有更正记录。 [figure-changed-uncorrected]\n")
    assert f"在 {LOG} 中加一条更正（key: inspection.hazards_remediated，old: 12383项，new: 12384项" in error.hint
    assert "如果是误改，把 value 改回去" in error.hint


def test_a_recorded_correction_passes(project: Path) -> None:
    edit(project / FIGURES, "value: 12383", "value: 12384")
    correct(project, REPORT, "inspection.hazards_remediated", "12383项", "12384项")
    assert errors(project) == []


def test_corrections_chain_in_order(project: Path) -> None:
    edit(project / FIGURES, "value: 12383", "value: 12385")
    correct(project, REPORT, "inspection.hazards_remediated", "12383项", "12384项", date="2023-04-10")
    correct(project, REPORT, "inspection.hazards_remediated", "12384项", "12385项", date="2023-05-01")
    assert errors(project) == []


def test_a_correction_from_the_wrong_value_fails(project: Path) -> None:
    edit(project / FIGURES, "value: 12383", "value: 12384")
    correct(project, REPORT, "inspection.hazards_remediated", "12380项", "12384项")
    (error,) = errors(project)
    assert (str(error.location), error.code) == (f"{LOG}:9", "correction-old-mismatch")
    assert error.message == "“inspection.hazards_remediated”的更正写原值 old: 12380项，但发布记录中的是 12383项。"
    assert "old: 12383项" in error.hint


def test_a_correction_of_an_unknown_figure_fails_with_the_nearest_key(project: Path) -> None:
    correct(project, REPORT, "inspection.hazards_remediate", "12383项", "12384项")
    (error,) = errors(project)
    assert error.code == "unknown-key"
    assert "“inspection.hazards_remediate”" in error.message
    assert "是不是“inspection.hazards_remediated”" in error.hint


def test_a_report_without_a_record_takes_no_corrections(project: Path) -> None:
    (project / RECORD).unlink()
    (project / RECORD).with_name("published.txt").unlink()  # nor its published text: it is not published
    edit(project / FIGURES, "value: 12383", "value: 12384")
    assert errors(project) == []  # not published yet: figures may change freely
    correct(project, REPORT, "inspection.hazards_remediated", "12383项", "12384项")
    (error,) = errors(project)
    assert error.code == "correction-without-record"


def test_a_figure_added_after_publication_is_reported(project: Path) -> None:
    figures = project / FIGURES
    figures.write_text(figures.read_text(encoding="utf-8") + "extra.count:\n  label: 新增\n  value: 1\n  unit: 件\n"
                       "  data_only: true\n", encoding="utf-8")
    (error,) = errors(project)
    assert error.code == "figure-not-recorded"
    assert "“extra.count”" in error.message


def _record(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "macros.commands.record", REPORT, *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


def _without_day(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("_published_on:", "# 发布日期")))


def test_record_command_writes_the_record_once_with_the_day_given(project: Path) -> None:
    (project / RECORD).unlink()
    first = _record(project, "2023-03-31")
    assert first.returncode == 0, first.stderr
    written = (project / RECORD).read_text(encoding="utf-8")
    assert "\n_published_on: 2023-03-31\n" in written
    assert _without_day(written) == (ROOT / RECORD).read_text(encoding="utf-8")  # the figures as before
    second = _record(project, "2023-03-31")
    assert second.returncode == 1
    assert "已经存在" in second.stderr


def test_record_command_records_today_when_no_day_is_given(project: Path) -> None:
    (project / RECORD).unlink()
    before = datetime.date.today()
    run = _record(project, "")  # make record without DATE= passes an empty DATE
    assert run.returncode == 0, run.stderr
    day = re.search(r"^_published_on: (\S+)$", (project / RECORD).read_text(encoding="utf-8"), re.MULTILINE)
    assert day is not None
    assert before <= datetime.date.fromisoformat(day.group(1)) <= datetime.date.today()


@pytest.mark.parametrize(("given", "said"), [
    pytest.param("2023-02-30", "DATE 应为发布日期（年-月-日），实际是“2023-02-30”", id="no-such-day"),
    pytest.param("31/03/2023", "DATE 应为发布日期（年-月-日），实际是“31/03/2023”", id="not-iso"),
    pytest.param("2999-01-01", "发布日期 2999-01-01 晚于今天", id="to-come"),
])
def test_record_command_refuses_a_day_that_is_not_one(project: Path, given: str, said: str) -> None:
    (project / RECORD).unlink()
    run = _record(project, given)
    assert run.returncode == 2
    assert said in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / RECORD).exists()


def test_the_recorded_day_is_the_reports_publication_date_unless_report_yaml_says(project: Path) -> None:
    record = project / RECORD
    lines = record.read_text(encoding="utf-8").split("\n", 2)
    record.write_text(f"{lines[0]}\n{lines[1]}\n_published_on: 2023-03-31\n{lines[2]}", encoding="utf-8")
    checked = check_project(project)
    assert checked.errors == []
    report = checked.catalog.find(REPORT)
    assert report is not None
    assert checked.published_on(report) == datetime.date(2023, 3, 31)
    assert dict(listing.meta_items(report.meta, checked.published_on(report)))["发布日期"] == "2023年3月31日"
    meta = project / "data" / REPORT / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "published_on: 2023-04-02\n", encoding="utf-8")
    checked = check_project(project)
    report = checked.catalog.find(REPORT)
    assert report is not None
    assert dict(listing.meta_items(report.meta, checked.published_on(report)))["发布日期"] == "2023年4月2日"


def test_a_record_without_a_day_shows_no_publication_date(checked: Checked) -> None:
    """The real 2022 report's record predates the day being stored, and its day is not known: none shown."""
    report = checked.catalog.find(REPORT)
    assert report is not None
    assert checked.published_on(report) is None
    assert "发布日期" not in dict(listing.meta_items(report.meta, checked.published_on(report)))


def test_a_recorded_day_that_is_no_date_fails_at_its_line(project: Path) -> None:
    record = project / RECORD
    lines = record.read_text(encoding="utf-8").split("\n", 2)
    record.write_text(f"{lines[0]}\n{lines[1]}\n_published_on: 2023-3-31\n{lines[2]}", encoding="utf-8")
    (error,) = errors(project)
    assert (str(error.location), error.code) == (f"{RECORD}:3", "not-date")


@pytest.mark.site
def test_a_correction_is_shown_on_its_page_the_appendix_and_the_corrections_page(
    project: Path, tmp_path: Path,
) -> None:
    edit(project / FIGURES, "value: 12383", "value: 12384")
    correct(project, REPORT, "inspection.hazards_remediated", "12383项", "12384项", reason="台账复核后更正。")
    site = build(project, tmp_path / "site").site
    sentence = "全区排查整治隐患数量：原发布为 12383项，2023年4月10日更正为 12384项。理由：台账复核后更正。"
    chapter = page(site, f"{REPORT}/1-achievements/index.html").select_one("article")
    notice = chapter.select_one(".admonition")
    assert notice.find_previous_sibling().name == "h1"  # right below the title
    assert sentence in notice.get_text()
    assert page(site, f"{REPORT}/2-shortcomings/index.html").select_one(".admonition") is None  # not cited there
    for shown in ("corrections/index.html", f"{REPORT}/appendix/index.html", f"{REPORT}/print/index.html"):
        cells = [td.get_text() for td in page(site, shown).select("article table td")]
        assert cells[cells.index("全区排查整治隐患数量"):][:5] == \
            ["全区排查整治隐患数量", "12383项", "12384项", "2023年4月10日", "台账复核后更正。"], shown


def test_the_corrections_page_says_when_there_are_none(site: Build) -> None:
    text = page(site.site, "corrections/index.html").select_one("article").get_text()
    assert "本站发布的报告目前没有更正。" in text
