"""Pages: only literal fig() calls, every cited key exists, typed statistics are caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check.project import Checked, check_project
from macros.load.pages import MACRO_PAGES, PAGE_MACROS, macro_page
from macros.render import lineage, printable
from tests.conftest import edit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"


def errors_after(project: Path, old: str, new: str, path: str = CHAPTER) -> list[str]:
    edit(project / path, old, new)
    return [str(error) for error in check_project(project).errors]


def test_the_project_passes_every_check(checked: Checked) -> None:
    assert checked.errors == []
    assert len(checked.citations) >= 40


@pytest.mark.parametrize(("inserted", "message"), [
    pytest.param("{{ config }}", "不允许的模板代码 {{ config }}", id="variable"),
    pytest.param('{{ fig(key) }}', "不允许的模板代码", id="non-literal-argument"),
    pytest.param('{{ fig("a" ~ "b") }}', "不允许的模板代码", id="expression-argument"),
    pytest.param("{% set x = 1 %}", "不允许的模板代码", id="statement"),
    pytest.param("{# note #}", "不允许的模板代码", id="comment"),
    pytest.param("{{ lipsum.__globals__ }}", "不允许的模板代码", id="globals"),
    pytest.param("{{ fig(\"x\") ", "“{{”没有对应的结尾", id="unclosed"),
    pytest.param('{{ fig("enforcement.cases.totl") }}', "是不是“enforcement.cases.total”", id="typo"),
])
def test_template_code_is_refused_with_page_and_line(project: Path, inserted: str, message: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础。{inserted}")
    assert any(e.startswith(f"{CHAPTER}:7: 页面错误：") and message in e for e in errors), errors


@pytest.mark.parametrize("typed", [
    pytest.param("71件", id="ascii"), pytest.param("７１件", id="full-width"),
    pytest.param("86.1%", id="rate"),
])
def test_a_statistic_typed_by_hand_is_an_error(project: Path, typed: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，共{typed}。")
    assert any(e.startswith(f"{CHAPTER}:7: 页面错误：正文里直接写了数字") for e in errors), errors


def test_allowlisted_names_pass_and_stale_entries_are_reported(project: Path) -> None:
    allowlist = project / "data" / REPORT / "allowed-numbers.yaml"
    allowlist.write_text(allowlist.read_text("utf-8") + "- text: 8小时\n  reason: 测试\n", "utf-8")
    errors = [str(e) for e in check_project(project).errors]
    assert len(errors) == 1
    assert "允许项“8小时”在正文中没有出现" in errors[0]


def test_uncited_figure_is_reported_unless_data_only(project: Path) -> None:
    errors = errors_after(project, '{{ fig("enforcement.typical_cases_reported") }}', "若干篇",
                          f"docs/{REPORT}/1-achievements.md")
    assert any("“enforcement.typical_cases_reported”没有被任何页面引用" in e for e in errors), errors


def test_citing_a_data_only_figure_is_reported(project: Path) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", '夯实依法行政的基础。{{ fig("litigation.lawsuits") }}')
    assert any("“litigation.lawsuits”标记为 data_only，正文却引用了它" in e for e in errors), errors


@pytest.mark.parametrize(("path", "old", "new", "line", "message"), [
    pytest.param(CHAPTER, "夯实依法行政的基础。", "夯实依法行政的基础。{{ printable_copy() }}", 7,
                 f"“{{{{ printable_copy() }}}}”只能用在报告的打印版页（docs/{REPORT}/print.md）",
                 id="printable-in-chapter"),
    pytest.param(CHAPTER, "夯实依法行政的基础。", "夯实依法行政的基础。{{printable_copy( )}}", 7,
                 "“{{ printable_copy() }}”只能用在报告的打印版页", id="printable-spaced"),
    pytest.param(CHAPTER, "夯实依法行政的基础。", "夯实依法行政的基础。{{ data_appendix() }}", 7,
                 f"“{{{{ data_appendix() }}}}”只能用在报告的数据附录页（docs/{REPORT}/appendix.md）",
                 id="appendix-in-chapter"),
    pytest.param(CHAPTER, "夯实依法行政的基础。", "夯实依法行政的基础。{{ report_meta() }}", 7,
                 f"“{{{{ report_meta() }}}}”只能用在报告的首页（docs/{REPORT}/index.md）", id="meta-in-chapter"),
    pytest.param("docs/index.md", "{{ reports() }}", "{{ reports() }}\n\n{{ report_meta() }}", 9,
                 "“{{ report_meta() }}”只能用在报告的首页（docs/<报告>/index.md）", id="meta-on-home-page"),
    pytest.param(f"docs/{REPORT}/index.md", "{{ report_meta() }}", "{{ report_meta() }}{{ reports() }}", 3,
                 "“{{ reports() }}”只能用在网站首页（docs/index.md）", id="reports-on-report-page"),
    pytest.param(f"docs/{REPORT}/appendix.md", "{{ data_appendix() }}", "{{ data_appendix() }}\n{{ correction_log() }}",
                 4, "“{{ correction_log() }}”只能用在网站的“更正说明”页（docs/corrections.md）", id="log-in-appendix"),
    pytest.param(f"docs/{REPORT}/appendix.md", "{{ data_appendix() }}",
                 "{{ data_appendix() }}\n\n{{ data_appendix() }}", 5,
                 "“{{ data_appendix() }}”在一个页面只能用一次（第 3 行已经用过）", id="twice"),
])
def test_a_page_macro_is_refused_off_its_own_page(project: Path, path: str, old: str, new: str, line: int,
                                                  message: str) -> None:
    errors = errors_after(project, old, new, path)
    assert [e for e in errors if e.startswith(f"{path}:{line}: 页面错误：{message}")], errors


def test_every_page_macro_is_on_its_own_page_in_the_project(checked: Checked) -> None:
    """Where the project's pages use the page macros: where MACRO_PAGES says, which names the files
    the appendix and printable modules link to."""
    assert (MACRO_PAGES["data_appendix"][1], MACRO_PAGES["printable_copy"][1]) == (lineage.APPENDIX, printable.PRINT)
    report = checked.catalog.reports[0]
    assert {name: macro_page(name, report) for name in PAGE_MACROS} == {
        "reports": "index.md", "correction_log": "corrections.md", "report_meta": f"{report.id}/index.md",
        "data_appendix": f"{report.id}/appendix.md", "printable_copy": f"{report.id}/print.md"}
    assert macro_page("report_meta", None) is None
