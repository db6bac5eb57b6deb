"""Pages: only literal fig() calls, every cited key exists, typed statistics are caught."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from macros.check.lint import NUMBER_PLANES, is_number
from macros.check.project import Checked, check_project
from macros.load.pages import MACRO_PAGES, PAGE_MACROS, macro_page
from macros.model.errors import Location, ReportError
from macros.render import lineage, printable
from tests.conftest import codes, edit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"


PUBLISHED_TEXT = ("published-title-missing", "published-paragraph-missing")
TYPED = "digits-in-text"


def errors_after(project: Path, old: str, new: str, path: str = CHAPTER) -> list[ReportError]:
    """The errors after an edit, but for the published text's (the edit changes a published paragraph:
    tests/test_faithful.py is about that)."""
    edit(project / path, old, new)
    return [error for error in check_project(project).errors if error.code not in PUBLISHED_TEXT]


def typed_on(errors: list[ReportError], location: Location) -> list[str]:
    """The messages of the typed statistics found at `location`."""
    return [error.message for error in errors if error.code == TYPED and error.location == location]


def test_the_project_passes_every_check(checked: Checked) -> None:
    assert checked.errors == []
    assert len(checked.citations) >= 40


@pytest.mark.parametrize(("inserted", "code", "shown"), [
    pytest.param("{{ config }}", "template-code", "不允许的模板代码 {{ config }}", id="variable"),
    pytest.param('{{ fig(key) }}', "template-code", "{{ fig(key) }}", id="non-literal-argument"),
    pytest.param('{{ fig("a" ~ "b") }}', "template-code", '{{ fig("a" ~ "b") }}', id="expression-argument"),
    pytest.param("{% set x = 1 %}", "template-code", "{% set x = 1 %}", id="statement"),
    pytest.param("{# note #}", "template-code", "{# note #}", id="comment"),
    pytest.param("{{ lipsum.__globals__ }}", "template-code", "{{ lipsum.__globals__ }}", id="globals"),
    pytest.param("{{ fig(\"x\") ", "template-unclosed", "“{{”没有对应的结尾", id="unclosed"),
    pytest.param('{{ fig("enforcement.cases.totl") }}', "unknown-key", "是不是“enforcement.cases.total”", id="typo"),
])
def test_template_code_is_refused_with_page_and_line(project: Path, inserted: str, code: str, shown: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础。{inserted}")
    found = [e for e in errors if e.location == Location(CHAPTER, 7) and e.code == code]
    assert found, errors
    assert any(shown in str(e) and str(e).startswith(f"{CHAPTER}:7: 页面错误：") for e in found), found


@pytest.mark.parametrize("typed", [
    pytest.param("71件", id="ascii"), pytest.param("７１件", id="full-width"),
    pytest.param("86.1%", id="rate"),
])
def test_a_statistic_typed_by_hand_is_an_error(project: Path, typed: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，共{typed}。")
    assert typed_on(errors, Location(CHAPTER, 7)), errors


def test_allowlisted_names_pass_and_stale_entries_are_reported(project: Path) -> None:
    allowlist = project / "data" / REPORT / "allowed-numbers.yaml"
    allowlist.write_text(allowlist.read_text("utf-8") + "- text: 8小时\n  reason: 测试\n", "utf-8")
    errors = check_project(project).errors
    assert codes(errors) == ["allowed-unused"]
    assert "“8小时”" in errors[0].message


def test_uncited_figure_is_reported_unless_data_only(project: Path) -> None:
    errors = errors_after(project, '{{ fig("enforcement.typical_cases_reported") }}', "若干篇",
                          f"docs/{REPORT}/1-achievements.md")
    assert any(e.code == "figure-not-cited" and "“enforcement.typical_cases_reported”" in e.message
               for e in errors), errors


def test_citing_a_data_only_figure_is_reported(project: Path) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", '夯实依法行政的基础。{{ fig("litigation.lawsuits") }}')
    assert any(e.code == "data-only-cited" and "“litigation.lawsuits”" in e.message for e in errors), errors


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
    (error,) = [e for e in errors if e.location == Location(path, line)]
    assert error.code == ("macro-repeated" if "只能用一次" in message else "macro-misplaced")
    assert str(error).startswith(f"{path}:{line}: 页面错误：{message}")


def test_every_page_macro_is_on_its_own_page_in_the_project(checked: Checked) -> None:
    """Where the project's pages use the page macros: where MACRO_PAGES says, which names the files
    the appendix and printable modules link to."""
    assert (MACRO_PAGES["data_appendix"][1], MACRO_PAGES["printable_copy"][1]) == (lineage.APPENDIX, printable.PRINT)
    report = checked.catalog.reports[0]
    assert {name: macro_page(name, report.id) for name in PAGE_MACROS} == {
        "reports": "index.md", "correction_log": "corrections.md", "report_meta": f"{report.id}/index.md",
        "data_appendix": f"{report.id}/appendix.md", "printable_copy": f"{report.id}/print.md"}
    assert macro_page("report_meta", None) is None


@pytest.mark.parametrize(("typed", "named"), [
    pytest.param("𝟗𝟗件", "“𝟗”（U+1D7D7，数学粗体数字，即 9）", id="mathematical-bold"),
    pytest.param("١٢٣万元", "“١”（U+0661，阿拉伯-印度数字，即 1）", id="arabic-indic"),
    pytest.param("²⁵场次", "“²”（U+00B2，上标数字，即 2）、“⁵”（U+2075，上标数字，即 5）", id="superscript"),
    pytest.param("①件", "“①”（U+2460，带圈数字，即 1）", id="circled"),
    pytest.param("⑴件", "“⑴”（U+2474，带括号数字，即 1）", id="parenthesized"),
    pytest.param("½", "“½”（U+00BD，分数，即 0.5）", id="fraction"),
    pytest.param("Ⅻ起", "“Ⅻ”（U+216B，罗马数字，即 12）", id="roman"),
    pytest.param("〢〣件", "“〢”（U+3022，苏州码子，即 2）", id="suzhou"),
    pytest.param("๗๑件", "“๗”（U+0E57，泰文数字，即 7）", id="thai"),
    pytest.param("𝟳𝟭件", "“𝟳”（U+1D7F3，数学无衬线粗体数字，即 7）", id="sans-serif-bold"),
])
def test_a_look_alike_digit_is_a_typed_statistic_and_is_named(project: Path, typed: str, named: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，共{typed}。")
    assert any(named in message for message in typed_on(errors, Location(CHAPTER, 7))), errors


@pytest.mark.parametrize("words", [
    pytest.param("共七十一件", id="chinese-numerals"), pytest.param("二〇二二年", id="chinese-zero"),
    pytest.param("㈠㈡", id="enclosed-chinese-numerals"), pytest.param("壹佰件", id="financial-numerals"),
])
def test_chinese_numerals_are_words(project: Path, words: str) -> None:
    assert errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，{words}。") == []


def test_every_number_character_lies_in_the_planes_scanned() -> None:
    assert [hex(code) for code in range(NUMBER_PLANES, sys.maxunicode + 1) if is_number(chr(code))] == []


@pytest.mark.parametrize(("page", "old"), [
    pytest.param("docs/index.md", "经过自动核对。", id="home"),
    pytest.param("docs/corrections.md", "# 更正说明\n", id="corrections"),
])
def test_site_pages_are_linted_without_an_allowlist(project: Path, page: str, old: str) -> None:
    errors = errors_after(project, old, f"{old}2022年共办理71件，热线12350。", page)  # a year is a date
    assert codes(errors) == [TYPED, TYPED], errors
    assert [re.search("直接写了数字“(.*?)”", e.message).group(1) for e in errors] == ["71", "12350"]  # type: ignore[union-attr]
    assert all(e.location.path == page and "这个页面不属于任何报告" in e.hint for e in errors), errors


def test_a_page_outside_every_report_is_linted(project: Path) -> None:
    (project / "docs" / "about.md").write_text("# 关于\n\n本站有𝟗份报告。\n", encoding="utf-8")
    errors = check_project(project).errors
    assert any(message.startswith("正文里直接写了数字“𝟗”（")
               for message in typed_on(errors, Location("docs/about.md", 3))), errors


def test_the_allowlist_matches_the_text_as_written(project: Path) -> None:
    """“2022年” is allowed; its full-width twin “２０２２年” is not the same text."""
    errors = errors_after(project, "夯实依法行政的基础。", "夯实依法行政的基础，２０２２年。")
    assert any(message.startswith("正文里直接写了数字“２０２２”")
               for message in typed_on(errors, Location(CHAPTER, 7))), errors


def test_the_allowlist_still_applies_when_the_report_cannot_be_loaded(project: Path) -> None:
    errors = errors_after(project, "year: 2022", "year: 1900", f"data/{REPORT}/report.yaml")
    assert [str(error) for error in errors] == [
        f"data/{REPORT}/report.yaml:7: 数据错误：“year”应在 1949 到 2999 之间，实际是“1900”。 [out-of-range]\n"
        "    怎么改：写 1949 到 2999 之间的整数。"]


def test_an_allowlist_with_errors_is_its_only_error(project: Path) -> None:
    allowlist = f"data/{REPORT}/allowed-numbers.yaml"
    errors = errors_after(project, "- text: 2022年\n", "- text: 2022年\n---\n", allowlist)
    assert [(error.location, error.code) for error in errors] == [(Location(allowlist, 11), "yaml-syntax")]



def test_an_allowlist_entry_missing_a_field_is_an_error_not_a_traceback(project: Path) -> None:
    allowlist = f"data/{REPORT}/allowed-numbers.yaml"
    errors = errors_after(project, "- text: 2022年\n  reason:", "- text: 2022年\n  reasons:", allowlist)
    assert codes(errors) == ["unknown-field", "missing-field"]

@pytest.mark.parametrize("written", [
    pytest.param("2024-01-23", id="iso-date"),
    pytest.param("2023年1月1日", id="full-date"),
    pytest.param("12月31日", id="month-day"),
    pytest.param("6月16日", id="short-month-day"),
    pytest.param("2023年1月1日至12月31日", id="period"),
    pytest.param("2023年度", id="year-of-report"),
    pytest.param("2023年12月", id="year-month"),
    pytest.param("第3届", id="ordinal-in-a-name"),
])
def test_dates_periods_and_ordinals_need_no_allowlist_entry(project: Path, written: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，时间为{written}。")
    assert [e for e in errors if e.code == TYPED] == []


@pytest.mark.parametrize(("written", "typed"), [
    pytest.param("13月5日", "13", id="no-thirteenth-month"),
    pytest.param("2023年共12件", "12", id="a-count-after-a-year"),
    pytest.param("第3名获奖者共25人", "25", id="a-count-after-an-ordinal"),
    pytest.param("12345年", "12345", id="not-a-year"),
])
def test_numbers_near_dates_are_still_typed_statistics(project: Path, written: str, typed: str) -> None:
    errors = errors_after(project, "夯实依法行政的基础。", f"夯实依法行政的基础，{written}。")
    assert any(f"直接写了数字“{typed}”" in e.message for e in errors if e.code == TYPED), errors
