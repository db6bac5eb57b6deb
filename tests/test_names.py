"""File names and the nav: every name under docs/ and data/ is from the safe set, shown safely when it
is not; every page is in mkdocs.yml's nav and the nav names only pages that exist."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.guard.files import shown
from tests.conftest import add_to_nav, edit

REPORT = "dongli-emergency/2022"
DOCS = f"docs/{REPORT}"
DATA = f"data/{REPORT}"
HINT = "\n    怎么改："
OUTSIDE = "这个页面不在 mkdocs.yml 的目录（nav）中：网站会发布它，读者却从目录里找不到它。"


def problems(project: Path) -> list[str]:
    return [str(error).split(HINT)[0] for error in sorted(check_project(project).errors, key=lambda e: e.location)]


def found(project: Path) -> list[tuple[str, str]]:
    """Where each problem is and its code, in order."""
    return [(str(error.location), error.code) for error in sorted(check_project(project).errors,
                                                                   key=lambda e: e.location)]


CHARS = "有不能用的字符："
HIDDEN = "（名字以“.”开头）：网站不发布它，审核时却容易看漏。"
DATA_KIND = "的类型不对：data/ 下只能放 .yaml、.txt 文件。"
NOT_PUBLISHED = "类型的文件（网页、脚本、SVG 等可能在网站上运行代码）。"


def bad(name: str, message: str, shown_as: str | None = None, *, code: str = "file-name", id: str) -> object:
    """A name to create (ending in "/" for a folder), the code and the first line of the one error it gives."""
    return pytest.param(name, code, f"{shown_as or name.rstrip('/')}:1: 文件错误：{message} [{code}]", id=id)


def rule(name: str, finding: str, what: str = "文件") -> str:
    return f"{what}名“{name}”不符合规则：{finding}。"


BAD_NAMES = [
    bad(f"{DOCS}/Notes.md", rule("Notes.md", CHARS + "大写字母“N”"), id="upper-case"),
    bad("docs/notes.MD", rule("notes.MD", "后缀“.MD”要小写，写成“.md”"), id="upper-case-suffix"),
    bad(f"{DOCS}/my notes.md", rule("my notes.md", CHARS + "空格"), id="space"),
    bad(f"{DOCS}/<img src=x onerror=alert(1)>.md",
        rule("<img src=x onerror=alert(1)>.md", CHARS + "空格、“(”、“)”、“<”、“=”、“>”"), id="markup"),
    bad(f"{DOCS}/a\nb.md", rule("a\\nb.md", CHARS + "“\\n”（U+000A）"), f"{DOCS}/a\\nb.md", id="line-break"),
    bad(f"{DOCS}/x\u202egpj.md", rule("x\\u202egpj.md", CHARS + "“\\u202e”（U+202E）"), f"{DOCS}/x\\u202egpj.md",
        id="bidi-control"),
    bad(f"{DOCS}/a\tb.md", rule("a\\tb.md", CHARS + "“\\t”（U+0009）"), f"{DOCS}/a\\tb.md", id="tab"),
    bad(f"{DOCS}/说明.md", rule("说明.md", CHARS + "“明”、“说”"), id="non-ascii"),
    bad(f"{DOCS}/ｎotes.md", rule("ｎotes.md", CHARS + "“ｎ”"), id="full-width-letter"),
    bad(f"{DOCS}/{os.fsdecode(b'caf' + bytes([0xE9]))}.md", rule("caf\\udce9.md", CHARS + "“\\udce9”（U+DCE9）"),
        f"{DOCS}/caf\\udce9.md", id="not-utf8-name"),
    bad(f"{DOCS}/a.md.html", "网站不发布“.html”" + NOT_PUBLISHED, code="file-type", id="double-suffix"),
    bad(f"{DOCS}/a.png.md", rule("a.png.md", "名字里有不止一个“.”，只能有最后一个后缀"), id="two-dots"),
    bad(f"{DOCS}/readme", "网站不发布“readme”" + NOT_PUBLISHED, code="file-type", id="no-suffix"),
    bad(f"{DOCS}/-x.md", rule("-x.md", "要以小写英文字母或数字开头"), id="leading-hyphen"),
    bad("docs/.DS_Store", "“.DS_Store”是隐藏的文件" + HIDDEN, code="hidden-file", id="hidden-file"),
    bad(f"{DOCS}/.draft.md", "“.draft.md”是隐藏的文件" + HIDDEN, code="hidden-file", id="hidden-page"),
    bad("docs/Photos/", rule("Photos", CHARS + "大写字母“P”", "文件夹"), id="upper-case-folder"),
    bad("docs/v1.2/", rule("v1.2", "名字里有“.”", "文件夹"), id="folder-with-dot"),
    bad("docs/.assets/", "“.assets”是隐藏的文件夹" + HIDDEN, code="hidden-file", id="hidden-folder"),
    bad(f"{DATA}/Figures.yaml", rule("Figures.yaml", CHARS + "大写字母“F”"), id="upper-case-data"),
    bad(f"{DATA}/notes.json", "数据文件“notes.json”" + DATA_KIND, code="file-type", id="data-kind"),
    bad(f"{DATA}/extra.yml", "数据文件“extra.yml”" + DATA_KIND, code="file-type", id="data-yml"),
]


@pytest.mark.parametrize(("name", "code", "message"), BAD_NAMES)
def test_a_name_outside_the_safe_set_is_refused_and_shown_on_one_line(project: Path, name: str, code: str,
                                                                      message: str) -> None:
    path = project / name
    if name.endswith("/"):
        path.mkdir()
        (path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    else:
        path.write_text("# 标题\n", encoding="utf-8")
    (error,) = check_project(project).errors
    assert error.code == code
    assert str(error).split(HINT)[0] == message
    assert "\n" not in str(error).split(HINT)[0]


def test_the_hint_of_a_bad_name_states_the_rule(project: Path) -> None:
    (project / DOCS / "Notes.md").write_text("# 标题\n", encoding="utf-8")
    (error,) = check_project(project).errors
    assert error.hint.startswith("文件名只用小写英文字母、数字、“-”和“_”，以字母或数字开头，最后是一个小写的后缀")


def test_names_in_the_safe_set_pass(project: Path) -> None:
    (project / DOCS / "images").mkdir()
    (project / DOCS / "images" / "photo-1_a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / DOCS / "2022-annex.pdf").write_bytes(b"%PDF-1.4\n")
    (project / DOCS / "4-safe_guards.md").write_text("# 四、保障措施\n", encoding="utf-8")
    add_to_nav(project, "附录", [f"{REPORT}/4-safe_guards.md"])
    assert problems(project) == []


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("docs/a.md", "docs/a.md", id="plain"),
    pytest.param("docs/说明　报告.md", "docs/说明\\u3000报告.md", id="chinese-and-ideographic-space"),
    pytest.param("a\nb\r\tc", "a\\nb\\r\\tc", id="line-breaks"),
    pytest.param("a\\nb", "a\\\\nb", id="backslash"),
    pytest.param("\x00\x1b[31m", "\\x00\\x1b[31m", id="controls"),
    pytest.param("x\u202ey\u200b", "x\\u202ey\\u200b", id="format-characters"),
    pytest.param("\U000e0041", "\\U000e0041", id="tag-character"),
])
def test_shown_escapes_what_cannot_be_printed(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_a_page_outside_the_nav_is_refused(project: Path) -> None:
    (project / DOCS / "4-notes.md").write_text("# 四、说明\n", encoding="utf-8")
    (project / "docs" / "about.md").write_text("# 关于\n", encoding="utf-8")
    assert found(project) == [("docs/about.md:1", "page-not-in-nav"), (f"{DOCS}/4-notes.md:1", "page-not-in-nav")]
    assert problems(project)[0] == f"docs/about.md:1: 页面错误：{OUTSIDE} [page-not-in-nav]"
    hints = {error.location.path: error.hint for error in check_project(project).errors}
    assert "“- about.md”" in hints["docs/about.md"]
    assert f"“- {REPORT}/4-notes.md”" in hints[f"{DOCS}/4-notes.md"]


def test_a_nav_entry_without_its_page_is_refused(project: Path) -> None:
    edit(project / "mkdocs.yml", f"      - {REPORT}/3-next-steps.md\n", f"      - {REPORT}/3-next-step.md\n")
    line = (project / "mkdocs.yml").read_text("utf-8").split("\n").index(f"      - {REPORT}/3-next-step.md") + 1
    assert found(project) == [(f"{DOCS}/3-next-steps.md:1", "page-not-in-nav"),
                              (f"mkdocs.yml:{line}", "nav-page-missing")]
    assert problems(project)[1] == (f"mkdocs.yml:{line}: 目录错误：目录中的“{REPORT}/3-next-step.md”不存在："
                                    f"{DOCS}/3-next-step.md 没有这个文件。 [nav-page-missing]")


@pytest.mark.parametrize("title", ["打印版 &lt;script&gt;", "打印版 <b>", "A & B"])
def test_a_nav_title_that_is_not_plain_text_is_refused(project: Path, title: str) -> None:
    edit(project / "mkdocs.yml", "      - 打印版: ", f"      - \"{title}\": ")
    line = (project / "mkdocs.yml").read_text("utf-8").split("\n").index(f"      - \"{title}\": {REPORT}/print.md") + 1
    assert found(project) == [(f"mkdocs.yml:{line}", "title-markup")]
    (problem,) = problems(project)
    assert problem.startswith(f"mkdocs.yml:{line}: 目录错误：目录中的标题“{title}”有“<”“>”或“&”：标题只能是文字。")


@pytest.mark.parametrize(("old", "new"), [
    pytest.param("  - 更正说明: corrections.md\n", "  - 更正说明: corrections.md\n  - 政府网站: https://www.gov.cn/\n",
                 id="link-to-another-site"),
    pytest.param("extra:\n", "extra:\n  home: !ENV [HOME, '/']\n", id="mkdocs-tag"),
    pytest.param("nav:\n", "nav: &nav\n", id="anchor"),
])
def test_what_mkdocs_accepts_in_its_configuration_passes(project: Path, old: str, new: str) -> None:
    edit(project / "mkdocs.yml", old, new)
    assert problems(project) == []


@pytest.mark.parametrize(("config", "problem"), [
    pytest.param("site_name: x\n", ("mkdocs.yml:1", "nav-missing"), id="no-nav"),
    pytest.param("site_name: x\nnav: [\n", ("mkdocs.yml:3", "config-unreadable"), id="broken"),
    pytest.param("nav: &n\n  - a: *n\n", ("docs/corrections.md:1", "page-not-in-nav"), id="cycle"),
])
def test_a_configuration_without_a_usable_nav_is_refused(project: Path, config: str, problem: tuple[str, str]) -> None:
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert problem in found(project)
