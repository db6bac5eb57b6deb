"""The engine on a district of reports that differ on purpose (tests/fixtures/district/, bodies that do
not exist): two bodies, one of them with two consecutive years; a change claim verified against the
previous year, one with its size (`by`), one whose previous report is not there (未核实); a 0 among the
parts of 其中; a published text for one report, none for the others; a report of another kind.

And the repository's own reports copied to a new body, as an editor would add one: the checks, the
site and the project tier of the tests pass on the copy with no change to the program."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.district import twin
from macros.check.coverage import coverage_notes, uncatchable, uncovered
from macros.check.project import Checked, check_project
from macros.check.rules import Status
from macros.commands.changes import read_version, rendered
from macros.load.pages import PERIOD_MACROS, stated
from macros.render import listing, search
from tests.conftest import PROJECT_FILES, ROOT, Build, add_to_nav, build, compile_program, edit, shared
from tests.html_tree import tree_blocks
from tests.test_editor_aids import check
from tests.test_rules import slips_uncaught

FIXTURE = ROOT / "tests" / "fixtures" / "district"
FIXTURE_REPORTS = sorted(meta.parent.relative_to(FIXTURE / "data").as_posix()
                         for meta in (FIXTURE / "data").rglob("report.yaml"))
REAL_REPORTS = sorted(meta.parent.relative_to(ROOT / "data").as_posix()
                      for meta in (ROOT / "data").rglob("report.yaml"))
_NAV = re.compile(r"^nav:\n(?:  [^\n]*\n)+", re.MULTILINE)


def district(dest: Path) -> Path:
    """The fixture district as a project: its data, docs and nav; the real program, theme and the rest
    of the real mkdocs.yml."""
    compile_program()
    for name in PROJECT_FILES:
        source = FIXTURE / name if name in ("data", "docs") else ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
    shutil.copytree(ROOT / "data" / "kinds", dest / "data" / "kinds")  # the product's report kinds
    nav = _NAV.search((FIXTURE / "mkdocs.yml").read_text(encoding="utf-8"))
    assert nav, "no nav in the fixture's mkdocs.yml"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(_NAV.sub(lambda _: nav.group(0), config, count=1), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def district_checked(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return check_project(district(tmp_path_factory.mktemp("district")))


@pytest.fixture(scope="session")
def district_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The district's site, built once per test run (shared by the workers)."""
    result = shared(tmp_path_factory, "district-site", lambda folder: build(district(folder), folder / "site"))
    assert result.returncode == 0, result.output
    return result


def test_the_district_passes_its_checks(district_checked: Checked) -> None:
    assert [str(error) for error in district_checked.errors] == []
    assert [report.id for report in district_checked.catalog.reports] == FIXTURE_REPORTS
    kinds = {report.meta.kind for report in district_checked.catalog.reports}
    assert kinds == {"法治政府建设年度报告", "政府信息公开工作年度报告"}
    status = {(o.rule.location.path, o.rule.id): o.status for o in district_checked.outcomes if not o.rule.builtin}
    assert status == {
        ("data/example-a/2022/rules.yaml", "cases-total"): Status.HOLDS,
        ("data/example-a/2022/rules.yaml", "cases-up-on-previous-year"): Status.UNVERIFIED,
        ("data/example-a/2023/rules.yaml", "cases-up-on-previous-year"): Status.HOLDS,
        ("data/example-a/2023/rules.yaml", "training-down-on-previous-year"): Status.HOLDS,
        ("data/example-a/2023/rules.yaml", "complaints-parts"): Status.HOLDS,
        ("data/example-b/2023/rules.yaml", "website-items-cover-normative-documents"): Status.HOLDS,
    }
    unverified = [o for o in district_checked.unverified if not o.rule.builtin]
    assert len(unverified) == 1
    assert "上一年度报告“example-a/2021”不在仓库中" in unverified[0].mismatch


def test_the_tables_built_in_rules_hold_and_carry_on_from_the_previous_year(district_checked: Checked) -> None:
    """Every identity of the 政府信息公开 kind holds in the tables that add up; 上年结转 is checked against
    last year's 结转下年度继续办理 where that report is here, and is 未核实 in the first year."""
    builtin = [o for o in district_checked.outcomes if o.rule.builtin]
    by_report: dict[str, dict[str, Status]] = {}
    for outcome in builtin:
        by_report.setdefault(outcome.rule.location.path.split("/tables.yaml")[0], {})[outcome.rule.id] = outcome.status
    for report in ("data/example-b/2022", "data/example-b/2023"):
        kinds = {rule_id.split("-in-")[0] for rule_id in by_report[report]}
        assert {"requests-total", "requests-results-total", "requests-balance", "requests-carried-over",
                "appeals-review-total", "appeals-litigation-direct-total",
                "appeals-litigation-after-review-total"} <= kinds, kinds
    # seven columns of 表三: the total column in each of its 25 rows, the (七)总计 row, the balance and
    # the carry-over in each of its 7 columns; the three totals of 表四
    assert len(by_report["data/example-b/2023"]) == 25 + 7 + 7 + 7 + 3
    assert set(by_report["data/example-b/2023"].values()) == {Status.HOLDS}
    carried = {rule_id: status for rule_id, status in by_report["data/example-b/2022"].items()
               if rule_id.startswith("requests-carried-over-in-")}
    assert set(carried.values()) == {Status.UNVERIFIED}
    assert set(by_report["data/example-b/2022"].values()) - {Status.UNVERIFIED} == {Status.HOLDS}


def test_what_no_rule_can_catch_is_listed_not_failed(district_checked: Checked) -> None:
    catalog = district_checked.catalog
    assert [(str(f.location), f.key) for f in uncatchable(catalog)] == [
        ("data/example-a/2023/figures.yaml:13", "complaints.anonymous")]
    # 表二 has no identity: its cells are listed as no rule's, like any figure
    cells = {key for report in catalog.reports for key in report.cells}
    assert sorted(f.key for f in uncovered(catalog) if f.key not in cells) == ["training.sessions", "website.items"]
    assert {f.key for f in uncovered(catalog) if f.key in cells} == {
        "proactive.normative.issued", "proactive.normative.repealed", "proactive.normative.in_force",
        "proactive.licensing.decisions", "proactive.penalty.decisions", "proactive.coercion.decisions",
        "proactive.fees.amount"}
    notes = [(str(note.location), note.code) for note in coverage_notes(catalog)]
    assert ("data/example-a/2023/figures.yaml:13", "slip-uncaught") in notes, notes


def test_the_check_command_lists_them_as_information(tmp_path: Path) -> None:
    run = check(district(tmp_path / "district"))
    assert run.returncode == 0, run.stderr
    assert "检查通过：4 份报告" in run.stdout
    assert "data/example-a/2023/figures.yaml:13: 规则发现不了常见的录入错误" in run.stdout
    assert "[slip-uncaught]" in run.stdout
    assert "data/example-b/2022/figures.yaml:1: 没有规则核对" in run.stdout
    assert "[figure-unchecked]" in run.stdout
    assert "未核实（不影响发布）：cases-up-on-previous-year" in run.stdout


def test_the_rules_bite_in_every_fixture_report(district_checked: Checked) -> None:
    """The mutation test of test_rules.py over the district: every slip caught, or listed."""
    assert slips_uncaught(district_checked) == []


def _errors_after_edit(tmp_path: Path, file: str, old: str, new: str) -> list[tuple[str, str]]:
    """Where each problem of a fresh district with one edit made in one of its files is, and its code."""
    project = district(tmp_path / "district")
    edit(project / file, old, new)
    return [(str(error.location), error.code) for error in check_project(project).errors]


def test_a_wrong_change_size_fails_against_the_previous_year(tmp_path: Path) -> None:
    errors = _errors_after_edit(tmp_path, "data/example-a/2023/figures.yaml", "value: 25\n", "value: 30\n")
    assert errors == [("data/example-a/2023/rules.yaml:1", "rule-change-mismatch")]


def test_the_published_text_is_held_where_there_is_one(tmp_path: Path) -> None:
    errors = _errors_after_edit(tmp_path, "docs/example-a/2022/index.md", "全年举办", "全年共举办")
    assert errors == [("data/example-a/2022/published.txt:8", "published-paragraph-missing")]


@pytest.mark.parametrize("report_id", FIXTURE_REPORTS)
def test_a_broken_figure_fails_at_its_own_report(tmp_path: Path, report_id: str) -> None:
    project = district(tmp_path / "district")
    figures = project / "data" / report_id / "figures.yaml"
    lines = figures.read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("  value: "))
    lines[line - 1] = "  value: 许多"
    figures.write_text("\n".join(lines), encoding="utf-8")
    errors = check_project(project).errors
    assert errors, report_id
    assert (str(errors[0].location), errors[0].code) == (f"data/{report_id}/figures.yaml:{line}", "not-a-number")
    assert errors[0].message.startswith("“value”应为数字，实际是文字“许多”")


@pytest.mark.site
def test_every_fixture_report_builds(district_site: Build) -> None:
    home = (district_site.site / "index.html").read_text(encoding="utf-8")
    for report_id in FIXTURE_REPORTS:
        for page in ("", "appendix/", "print/"):
            assert (district_site.site / report_id / page / "index.html").is_file(), (report_id, page)
        assert f'href="{report_id}/"' in home, report_id
    appendix = (district_site.site / "example-a" / "2022" / "appendix" / "index.html").read_text(encoding="utf-8")
    assert "未核实" in appendix


def test_the_search_reads_every_page_of_the_district_as_pythons_html_parser_does(district_site: Build) -> None:
    pages = sorted(district_site.site.rglob("*.html"))  # the national tables, charts, appendices, print pages
    assert len(pages) >= 3 * len(FIXTURE_REPORTS)
    for page in pages:
        html = page.read_text("utf-8")
        assert search.blocks(html) == tree_blocks(html), page.relative_to(district_site.site)


def _copy_repository(dest: Path) -> Path:
    """The repository as a checkout holds it, without git, environments and built sites."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".venv-lock", "site", ".site-*", "__pycache__", ".pytest_cache", ".ruff_cache", ".tmp"))
    return dest


@pytest.mark.site
@pytest.mark.parametrize("report_id", REAL_REPORTS)
def test_a_report_copied_to_a_new_body_needs_no_program_change(tmp_path: Path, report_id: str) -> None:
    """The two folders copied whole (the publication record too, which names no report), the body's
    name, one section of the nav: nothing else, and no program change."""
    project = _copy_repository(tmp_path / "project")
    old_body, year = report_id.split("/")
    new_id = f"copy-{old_body}/{year}"
    for kind in ("data", "docs"):
        shutil.copytree(project / kind / report_id, project / kind / new_id)
    meta = project / "data" / new_id / "report.yaml"
    text = re.sub(r"^body: .*$", "body: 复制测试机关", meta.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    meta.write_text(text.replace(f"previous: {old_body}/", f"previous: copy-{old_body}/"), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    section = next(s for s in re.findall(r"^  - [^\n]+:\n(?:      - [^\n]+\n)+", config, re.MULTILINE)
                   if f" {report_id}/" in s)
    pages = [line.removeprefix("      - ").replace(f"{report_id}/", f"{new_id}/") for line in section.splitlines()[1:]]
    add_to_nav(project, f"复制测试机关 {year} 年度", pages)

    checked = check(project)
    assert checked.returncode == 0, checked.stderr
    assert f"检查通过：{len(REAL_REPORTS) + 1} 份报告" in checked.stdout
    site = build(project, tmp_path / "site")
    assert site.returncode == 0, site.output
    assert (tmp_path / "site" / new_id / "appendix" / "index.html").is_file()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-m", "project", "-v", "-p", "no:cacheprovider"],
                           cwd=project, capture_output=True, text=True, check=False)
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr
    if (project / "data" / new_id / "rules.yaml").is_file():
        assert f"data/{new_id}/rules.yaml::" in tests.stdout


# -- the period (统计期限), stated by example-b's text with {{ period() }} --------------------------

PERIOD_REPORT = "example-b/2023"
PERIOD_SENTENCE = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"


def test_the_period_macros_say_the_period_in_the_reports_words(district_checked: Checked) -> None:
    catalog = district_checked.catalog
    report = catalog.find(PERIOD_REPORT)
    assert report is not None
    assert {name: stated(report, name) for name in PERIOD_MACROS} == {
        "period": "2023年1月1日至2023年12月31日", "period_start": "2023年1月1日", "period_end": "2023年12月31日"}
    assert dict(listing.meta_items(report.meta))["统计期限"] == stated(report, "period")  # one way to say it
    without = catalog.find("example-a/2023")
    assert without is not None
    assert {name: stated(without, name) for name in PERIOD_MACROS} == dict.fromkeys(PERIOD_MACROS)
    assert stated(report, "report_meta") is None  # a page macro is no period macro


@pytest.mark.parametrize(("page", "line", "message"), [
    pytest.param("docs/example-a/2023/index.md", 5,
                 "“{{ period_start() }}”写出报告的统计期限，但 data/example-a/2023/report.yaml 没有写统计期限。"
                 " [period-unknown]\n    怎么改：在 data/example-a/2023/report.yaml 中写上统计期限的开始和结束，"
                 "如 period_start: 2023-01-01 和 period_end: 2023-12-31", id="report-without-a-period"),
    pytest.param("docs/index.md", 1, "这个页面不在任何报告的文件夹里，不能用“{{ period_start() }}”",
                 id="page-of-no-report"),
])
def test_a_period_macro_with_no_period_to_say_fails_make_check(tmp_path: Path, page: str, line: int,
                                                               message: str) -> None:
    project = district(tmp_path / "district")
    lines = (project / page).read_text(encoding="utf-8").split("\n")
    lines[line - 1] += "统计期限自{{ period_start() }}起。"
    (project / page).write_text("\n".join(lines), encoding="utf-8")
    run = check(project)
    assert run.returncode != 0
    assert f"{page}:{line}: 页面错误：{message}" in run.stdout + run.stderr


def test_the_published_text_is_held_to_the_period_as_the_site_says_it(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    (project / "data" / PERIOD_REPORT / "published.txt").write_text(
        "示例区乙局2023年政府信息公开工作年度报告\n"
        "2023年，示例区乙局在门户网站主动公开政府信息230件，收到政府信息公开申请13件。\n"
        f"{PERIOD_SENTENCE}\n", encoding="utf-8")
    assert [str(error) for error in check_project(project).errors] == []
    edit(project / "data" / PERIOD_REPORT / "report.yaml", "period_end: 2023-12-31", "period_end: 2023-06-30")
    errors = [str(error) for error in check_project(project).errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"data/{PERIOD_REPORT}/published.txt:3: 与原文不符")
    assert "原文是“1”（U+0031，半角），网站上是“6”（U+0036，半角）" in errors[0]


@pytest.mark.site
def test_the_site_states_the_period_where_the_text_does(district_site: Build) -> None:
    for page in ("", "print/"):
        html = (district_site.site / PERIOD_REPORT / page / "index.html").read_text(encoding="utf-8")
        assert f"<p>{PERIOD_SENTENCE}</p>" in html, page
    first = (district_site.site / PERIOD_REPORT / "index.html").read_text(encoding="utf-8")
    assert '<th scope="row">统计期限</th><td>2023年1月1日至2023年12月31日</td>' in first


def test_the_benchmarks_typed_in_twin_states_the_period_as_the_site_does(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    twin(project, tmp_path / "typed", check_project(project))
    page = (tmp_path / "typed" / "docs" / PERIOD_REPORT / "index.md").read_text(encoding="utf-8")
    assert PERIOD_SENTENCE in page.split("\n")


def test_make_diff_reads_the_period_as_the_site_says_it(tmp_path: Path) -> None:
    """A changed period is a changed paragraph in `make diff`: its words, not the macro call."""
    version = read_version(district(tmp_path / "district"))
    paragraphs = [text for _, text in rendered(version, f"{PERIOD_REPORT}/index.md")]
    assert PERIOD_SENTENCE in paragraphs
    assert "{{ report_meta() }}" in paragraphs  # a page macro stays as it is written
