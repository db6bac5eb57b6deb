"""Linear time (issue 10): template code in one pass, patterns that do not backtrack, and a cap, with a
Chinese message naming file and limit, on everything whose size would make the checks or the build slow.

No timing is asserted here: the hostile corpus in bench/hostile.py times the pathological cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.guard import files
from macros.guard.files import MAX_PAGE_BYTES
from macros.guard.shape import MAX_BRACKETS, MAX_DEPTH, MAX_LINES, MAX_MARKS, MAX_REPORT_BYTES, MAX_REPORT_LINES
from macros.load.allowlist import MAX_ALLOWED
from macros.load.pages import MAX_CITATIONS, blanked, expand, template_code
from macros.load.reports import MAX_TERM, MAX_TERMS
from macros.load.rules import MAX_RULES
from macros.model import errors as hints
from macros.model.errors import MAX_LISTED, Location, ReportError
from macros.render import lineage
from tests.conftest import ROOT, codes, edit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"
LAST_LINE = 9  # the line an appended paragraph starts on (after a blank line)
FIG = '{{ fig("enforcement.cases.total") }}'


def append(project: Path, text: str, page: str = CHAPTER) -> None:
    path = project / page
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def errors(project: Path) -> list[ReportError]:
    return check_project(project).errors


def printed(found: list[ReportError]) -> str:
    """The errors as the checks print them."""
    return "\n".join(map(str, found))


# -- template code in one pass -------------------------------------------------------------------

# (text, the template code found: its text, and whether it is closed)
TOKENS = [
    pytest.param("正文", [], id="none"),
    pytest.param(f"甲{FIG}乙", [(FIG, True)], id="one-call"),
    pytest.param("{{ a }}{% b %}{# c #}", [("{{ a }}", True), ("{% b %}", True), ("{# c #}", True)], id="each-kind"),
    pytest.param("{{ a", [("{{", False)], id="unclosed"),
    pytest.param("{{{{", [("{{", False), ("{{", False)], id="openers-do-not-overlap"),
    pytest.param("{{ a {% b %}", [("{{", False), ("{% b %}", True)], id="unclosed-then-closed"),
    pytest.param("{% a }} {{ b }}", [("{%", False), ("{{ b }}", True)], id="closer-of-another-kind"),
    pytest.param("{{ a {{ b }}", [("{{ a {{ b }}", True)], id="first-closer-ends-it"),
    pytest.param("{{ a }} }}", [("{{ a }}", True)], id="stray-closer"),
    pytest.param("{{\n多行\n}}", [("{{\n多行\n}}", True)], id="across-lines"),
    pytest.param("{" * 7, [("{{", False)] * 3, id="braces"),
]


@pytest.mark.parametrize(("text", "expected"), TOKENS)
def test_template_code_is_found_in_one_pass(text: str, expected: list[tuple[str, bool]]) -> None:
    found = [(text[code.start:code.end], code.closed) for code in template_code(text)]
    assert found == expected


# The pattern the one pass replaces (with DOTALL); on every page the scan accepts they agree.
OLD_TEMPLATE = re.compile(r"\{\{(?P<expr>.*?)\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


@pytest.mark.parametrize("text", [
    pytest.param(f"# 标题\n\n共{FIG}，其中{FIG}。\n", id="calls"),
    pytest.param('{{ report_meta() }}\n\n{{fig("a.b")}}{{ fig( "c" ) }}', id="macros-and-spacing"),
    pytest.param('{{ table("requests") }}\n\n{{ table( "appeals" ) }}', id="tables"),
    pytest.param("{ 单个花括号 } 与 }} 和 %} 都不是模板代码", id="braces-that-are-not-code"),
    pytest.param("", id="empty"),
])
def test_expanding_and_blanking_agree_with_the_pattern_they_replace(text: str) -> None:
    def fig(key: str) -> str:
        return f"<{key}>"

    def macro(name: str) -> str:
        return f"[{name}]"

    def table(name: str) -> str:
        return f"|{name}|"

    def old_call(match: re.Match[str]) -> str:
        call = re.fullmatch(r"\s*(fig|table)\(\s*\"([^\"]*)\"\s*\)\s*", match.group("expr") or "")
        named = re.fullmatch(r"\s*([a-z_]+)\(\s*\)\s*", match.group("expr") or "")
        if call:
            return (fig if call.group(1) == "fig" else table)(call.group(2))
        return macro(named.group(1)) if named else match.group(0)

    assert expand(text, fig, macro, table) == OLD_TEMPLATE.sub(old_call, text)
    assert blanked(text) == OLD_TEMPLATE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def test_a_page_of_unclosed_openers_lists_a_hundred_and_counts_the_rest(project: Path) -> None:
    append(project, "{{ 没有结尾\n" * (MAX_LISTED + 50))
    found = [e for e in errors(project) if e.location.path == CHAPTER]
    assert codes(found) == ["template-unclosed"] * (MAX_LISTED + 1)  # the count of the rest too
    assert str(found[0]).startswith(f"{CHAPTER}:{LAST_LINE}: 页面错误：“{{{{”没有对应的结尾。")
    assert str(found[-1]).startswith(f"{CHAPTER}:{LAST_LINE + MAX_LISTED}: 页面错误："
                                     "这个文件还有 50 处不允许或没有结尾的模板代码")


def test_more_fig_calls_on_a_page_than_the_cap_are_refused(project: Path) -> None:
    append(project, "\n\n".join([" ".join([FIG] * 10)] * (MAX_CITATIONS // 10 + 1)))
    line = LAST_LINE + 2 * (MAX_CITATIONS // 10)  # the paragraph of the first citation past the cap
    found = errors(project)
    assert (Location(CHAPTER, line), "too-many-citations") in [(e.location, e.code) for e in found]
    assert (f"{CHAPTER}:{line}: 页面错误：这个页面引用了 {MAX_CITATIONS + 10:,} 处数字，"
            f"超过了每页 {MAX_CITATIONS:,} 处的上限。") in printed(found)


def test_typed_digits_are_listed_a_hundred_to_a_page(project: Path) -> None:
    append(project, "共1件 " * (MAX_LISTED + 5))
    typed = [e for e in errors(project) if e.code == "digits-in-text"]
    assert len(typed) == MAX_LISTED + 1
    assert typed[-1].message == "这个文件还有 5 处直接写出的数字，未一一列出。"


# -- patterns that do not backtrack --------------------------------------------------------------

@pytest.mark.parametrize(("first_line", "title"), [
    pytest.param("# 三、下一步工作计划", "三、下一步工作计划", id="plain"),
    pytest.param("#   三、下一步工作计划   ", "三、下一步工作计划", id="spaces-around"),
    pytest.param("# 三、" + " " * 200_000 + "计划", "三、" + " " * 200_000 + "计划", id="200k-spaces-inside"),
    pytest.param("# " + " " * 200_000, "dongli-emergency/2022/3-next-steps.md", id="only-spaces"),
])
def test_the_page_title_is_its_first_heading_without_the_spaces_around(project: Path, first_line: str,
                                                                        title: str) -> None:
    path = project / CHAPTER
    rest = path.read_text("utf-8").partition("\n")[2]
    path.write_text(first_line + "\n" + rest.replace("\n# ", "\n## "), "utf-8")
    assert lineage.page_title(project / "docs", f"{REPORT}/3-next-steps.md") == title


def test_a_character_reference_of_thousands_of_digits_is_an_error_not_a_traceback(project: Path) -> None:
    append(project, "&#" + "9" * 5_000 + ";")
    found = errors(project)
    assert "long-character-reference" in codes(found)
    assert f"{CHAPTER}:{LAST_LINE}: 页面错误：字符引用“&#9999999999…”太长（5,002 个字符；最多九位数字）。" \
        in printed(found)


def test_hints_stop_suggesting_when_the_run_has_compared_enough_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hints, "MAX_COMPARISONS", 3)
    hints.new_run()
    keys = ["enforcement.cases.total", "litigation.lawsuits"]
    assert hints.nearest("enforcement.cases.totl", keys) == ["enforcement.cases.total"]
    assert hints.nearest("enforcement.cases.totl", keys) == []  # 2 + 2 > 3
    hints.new_run()
    assert hints.nearest("enforcement.cases.totl", keys) == ["enforcement.cases.total"]
    assert hints.nearest("x" * 101, keys) == []


# -- caps ----------------------------------------------------------------------------------------

def paragraph(unit: str, count: int) -> str:
    return unit * count + "坚持依法行政。"


SHAPES = [
    pytest.param("之\n" * MAX_LINES, "page-too-many-lines",
                 f"{CHAPTER}:{MAX_LINES + 1}: 页面错误：页面有 {MAX_LINES + LAST_LINE + 1:,} 行，"
                 f"超过了每页 {MAX_LINES:,} 行的上限。", id="lines"),
    pytest.param(paragraph("[", MAX_BRACKETS + 1), "too-many-brackets",
                 f"{CHAPTER}:{LAST_LINE}: 页面错误：这一段有 {MAX_BRACKETS + 1} 个“[”"
                 f"（链接和图片），超过了每段 {MAX_BRACKETS} 个的上限。", id="brackets"),
    pytest.param(paragraph("\\*", MAX_MARKS // 2 + 1), "too-many-marks",
                 f"{CHAPTER}:{LAST_LINE}: 页面错误：这一段有 {MAX_MARKS + 2} 个 Markdown 标记", id="marks"),
    pytest.param(paragraph("<br>", MAX_MARKS + 1), "too-many-marks", f"超过了每段 {MAX_MARKS} 个的上限",
                 id="allowed-tags-are-marks"),
    pytest.param(paragraph("&amp;", MAX_MARKS + 1), "too-many-marks", f"超过了每段 {MAX_MARKS} 个的上限",
                 id="entities-are-marks"),
    pytest.param("- " * (MAX_DEPTH + 1) + "项", "too-deeply-nested",
                 f"{CHAPTER}:{LAST_LINE}: 页面错误：这一行嵌套了 {MAX_DEPTH + 1} 层列表或引用",
                 id="list-markers-on-one-line"),
    pytest.param("".join(f"{'    ' * level}- 项\n" for level in range(MAX_DEPTH + 1)), "too-deeply-nested",
                 f"{CHAPTER}:{LAST_LINE + MAX_DEPTH}: 页面错误：这一行嵌套了 {MAX_DEPTH + 1} 层", id="nested-list"),
    pytest.param("> " * (MAX_DEPTH + 1) + "引文", "too-deeply-nested", f"这一行嵌套了 {MAX_DEPTH + 1} 层",
                 id="nested-quotes"),
    pytest.param("1. " * (MAX_DEPTH + 1) + "项", "too-deeply-nested", f"这一行嵌套了 {MAX_DEPTH + 1} 层",
                 id="numbered-markers"),
]
SHAPE_CODES = {"page-too-many-lines", "too-many-brackets", "too-many-marks", "too-deeply-nested"}


@pytest.mark.parametrize(("text", "code", "message"), SHAPES)
def test_a_page_too_long_for_markdown_is_refused_with_its_line(project: Path, text: str, code: str,
                                                               message: str) -> None:
    append(project, text)
    found = errors(project)
    assert code in codes(found), found
    assert message in printed(found)


@pytest.mark.parametrize("text", [
    pytest.param("\n\n".join([paragraph("[", MAX_BRACKETS)] * 3), id="brackets-at-the-cap-in-each-paragraph"),
    pytest.param("\n\n".join([paragraph("**", MAX_MARKS // 2)] * 3), id="marks-at-the-cap-in-each-paragraph"),
    pytest.param("".join(f"{'    ' * level}- 第{level}层\n" for level in range(MAX_DEPTH)), id="lists-at-the-cap"),
    pytest.param("\n\n".join(["[链接](https://www.gov.cn/)"] * 200), id="many-links-each-in-a-paragraph"),
    pytest.param("a" * 100_000 + "坚持依法行政。", id="a-long-line"),
])
def test_shapes_within_the_caps_pass(project: Path, text: str) -> None:
    append(project, text)
    assert [e for e in errors(project) if e.code in SHAPE_CODES] == []


def test_a_report_whose_pages_are_together_too_large_is_refused(project: Path) -> None:
    filler = "坚持依法行政。" * (MAX_PAGE_BYTES // 21 - 100)  # just under the page cap each (21 bytes a time)
    for number in range(MAX_REPORT_BYTES // MAX_PAGE_BYTES + 1):
        (project / "docs" / REPORT / f"{number}-extra.md").write_text(filler, "utf-8")
    found = errors(project)
    assert (Location(f"docs/{REPORT}", 1), "report-too-large") in [(e.location, e.code) for e in found]
    assert f"docs/{REPORT}:1: 页面错误：报告“{REPORT}”的正文共" in printed(found)
    assert f"超过了每份报告 {MAX_REPORT_BYTES:,} 字节的上限（打印版把全部正文放在一页上）" in printed(found)


def test_a_report_whose_pages_have_together_too_many_lines_is_refused(project: Path) -> None:
    for number in range(MAX_REPORT_LINES // (MAX_LINES - 10) + 1):
        (project / "docs" / REPORT / f"{number}-extra.md").write_text("之\n" * (MAX_LINES - 10), "utf-8")
    problems = errors(project)
    assert "report-too-many-lines" in codes(problems)
    found = printed(problems)
    assert f"docs/{REPORT}:1: 页面错误：报告“{REPORT}”的正文共" in found
    assert f"超过了每份报告 {MAX_REPORT_LINES:,} 行的上限" in found


def rules_copies(count: int) -> str:
    return "".join(f"- id: copy-{n}\n  description: 复制{n}\n  equal:\n    same: [enforcement.cases.total, "
                   "enforcement.reviews]\n" for n in range(count))


def allowlist_copies(count: int) -> str:
    return "".join(f"- text: 第{n}号\n  reason: 编号\n" for n in range(count))


def term_copies(count: int) -> str:
    return "".join(f"专名{n}\n" for n in range(count))


DATA_CAPS = [
    pytest.param("rules.yaml", rules_copies(MAX_RULES + 1 - 18), "too-many-rules",
                 f"规则定义错误：规则文件有 {MAX_RULES + 1:,} 条规则，超过了每份报告 {MAX_RULES:,} 条的上限。",
                 id="rules"),
    pytest.param("allowed-numbers.yaml", allowlist_copies(MAX_ALLOWED + 1 - 10), "too-many-allowed",
                 f"数据错误：允许列表有 {MAX_ALLOWED + 1:,} 项，超过了每份报告 {MAX_ALLOWED:,} 项的上限。",
                 id="allowlist"),
    pytest.param("terms.txt", term_copies(MAX_TERMS), "too-many-terms",
                 f"data/{REPORT}/terms.txt:1: 数据错误：有 {MAX_TERMS + 40:,} 个检索词，"
                 f"超过了每份报告 {MAX_TERMS:,} 个的上限。", id="terms"),
    pytest.param("terms.txt", "词" * (MAX_TERM + 1) + "\n", "term-too-long",
                 f"data/{REPORT}/terms.txt:42: 数据错误：检索词“{'词' * MAX_TERM}…”有 {MAX_TERM + 1} 个字，"
                 f"超过了 {MAX_TERM} 个字的上限。", id="term-length"),
]


@pytest.mark.parametrize(("name", "added", "code", "message"), DATA_CAPS)
def test_data_beyond_its_cap_is_refused(project: Path, name: str, added: str, code: str, message: str) -> None:
    path = project / "data" / REPORT / name
    path.write_text(path.read_text("utf-8") + added, "utf-8")
    found = errors(project)
    assert code in codes(found), found
    assert message in printed(found)


TREE_CAPS = [
    pytest.param("MAX_ENTRIES", 5, "docs", "too-many-files", "docs:1: 文件错误：“docs/”下有",
                 "个文件和文件夹，超过了 5 个的上限。", id="entries-docs"),
    pytest.param("MAX_ENTRIES", 5, "data", "too-many-files", "data:1: 文件错误：“data/”下有",
                 "个文件和文件夹，超过了 5 个的上限。", id="entries-data"),
    pytest.param("MAX_TEXT_BYTES", 10_000, "docs", "text-too-large", "docs:1: 文件错误：“docs/”下的正文共",
                 "字节，超过了 10,000 字节的上限。", id="pages"),
    pytest.param("MAX_TEXT_BYTES", 20_000, "data", "text-too-large", "data:1: 文件错误：“data/”下的数据文件共",
                 "字节，超过了 20,000 字节的上限。", id="data"),
    pytest.param("MAX_SITE_BYTES", 20_000, "docs", "site-too-large", "docs:1: 文件错误：“docs/”下的文件共",
                 "（GitHub Pages 发布的网站最大 1 GB）", id="site"),
]


@pytest.mark.parametrize(("cap", "value", "top", "code", "start", "end"), TREE_CAPS)
def test_a_tree_beyond_its_cap_is_refused_before_anything_is_read(
    project: Path, monkeypatch: pytest.MonkeyPatch, cap: str, value: int, top: str, code: str, start: str, end: str,
) -> None:
    """The caps are far above a province's thousand reports; here they are lowered to the copy's size."""
    monkeypatch.setattr(files, cap, value)
    (project / "docs" / "photo.png").write_bytes(b"\x89PNG" + bytes(30_000))
    checked = check_project(project)
    (error,) = [error for error in checked.errors if error.location.path == top]
    assert error.code == code
    assert str(error).startswith(start)
    assert end in error.message
    assert checked.catalog.reports == ()  # nothing was read


def test_the_real_project_is_far_within_every_cap(project: Path) -> None:
    assert errors(project) == []
    links = "[链接](https://www.gov.cn/)" * MAX_BRACKETS
    edit(project / CHAPTER, "夯实依法行政的基础。", "夯实依法行政的基础。\n\n" + links)  # a paragraph of its own
    assert errors(project) == []


def test_the_readme_states_the_caps_the_code_enforces() -> None:
    security = (ROOT / "README.md").read_text("utf-8").split("## 安全", 1)[1].split("\n## ", 1)[0]
    stated = " ".join(security.split())
    caps = [
        f"每页最多 {MAX_LINES:,} 行、{MAX_CITATIONS:,} 处",
        f"最多 {MAX_BRACKETS} 个“[”",
        f"{MAX_MARKS} 个 Markdown 标记",
        f"最多嵌套 {MAX_DEPTH} 层",
        f"合计最多 {MAX_REPORT_BYTES // 10**6} MB",
        f"{MAX_REPORT_LINES:,} 行",
        f"核对规则、允许列表各最多 {MAX_RULES:,} 条",
        f"检索词最多 {MAX_TERMS:,} 个、每个最多 {MAX_TERM} 个字",
        f"各最多 {files.MAX_ENTRIES:,} 个文件和文件夹",
        f"{files.MAX_TEXT_BYTES // 10**6} MB 的正文或数据",
        f"合计最多 {files.MAX_SITE_BYTES // 10**9} GB",
    ]
    assert MAX_RULES == MAX_ALLOWED  # the README names them together
    assert [cap for cap in caps if cap not in stated] == []
