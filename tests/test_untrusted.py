"""What editors may still do: the harmless HTML, links and files the guards let through."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.guard.characters import hidden_characters
from macros.guard.markup import heading_errors, markup_errors
from macros.model.errors import DataError, PageError
from tests.conftest import edit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"


def errors_with(project: Path, inserted: str) -> list[str]:
    edit(project / CHAPTER, "夯实依法行政的基础。", f"夯实依法行政的基础。\n\n{inserted}")  # a paragraph of its own
    return [str(error) for error in check_project(project).errors]


@pytest.mark.parametrize("inserted", [
    pytest.param("第一行<br>第二行<br/>第三行<br />", id="line-breaks"),
    pytest.param("m<sup>二</sup>、H<sub>二</sub>O", id="superscript-subscript"),
    pytest.param("详见<https://www.gov.cn/>和[天津市政府](https://www.tj.gov.cn/)", id="links"),
    pytest.param("[首页](../../index.md)", id="relative-link"),
    pytest.param("写作 &lt;script&gt; 的文字只是文字", id="escaped-text"),
    pytest.param("这是　全角空格和metadata:字样", id="ideographic-space-and-words"),
])
def test_harmless_html_and_links_pass(project: Path, inserted: str) -> None:
    assert errors_with(project, inserted) == []


def test_a_byte_order_mark_at_the_start_of_a_file_passes(project: Path) -> None:
    path = project / CHAPTER
    path.write_text("\ufeff" + path.read_text("utf-8"), "utf-8")
    assert check_project(project).errors == []


def test_images_and_attachments_pass(project: Path) -> None:
    (project / "docs" / REPORT / "photo-1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "docs" / REPORT / "annex_2022.pdf").write_bytes(b"%PDF-1.4\n")
    assert check_project(project).errors == []


def test_a_docs_folder_that_is_a_link_is_refused(project: Path) -> None:
    shutil.move(project / "docs", project.parent / "elsewhere")
    (project / "docs").symlink_to(project.parent / "elsewhere")
    errors = [str(error) for error in check_project(project).errors]
    assert errors == ["docs:1: 文件错误：“docs”是符号链接或在仓库之外。 [symlink]\n"
                      "    怎么改：把它改回仓库里的普通文件夹。"]


def test_every_character_that_cannot_be_seen_is_unprintable() -> None:
    """What the quick test of hidden_characters relies on: it only looks closer at unprintable text."""
    hidden = [code for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in ("Cc", "Cf", "Co", "Zl", "Zp")]
    assert hidden
    assert not [code for code in hidden if chr(code).isprintable()]


def test_only_ascii_letters_have_the_letters_of_a_script_link_as_their_lower_case() -> None:
    """What the quick test of markup_errors relies on: it looks for such links letter by letter in either case."""
    lower = {chr(code).lower() for code in range(0x80, sys.maxunicode + 1)}
    assert not lower & set("javascriptvbd")


@pytest.mark.parametrize(("char", "kind"), [
    ("\x0b", "控制字符"), ("\x85", "控制字符"), ("\u00ad", "格式字符"), ("\ue000", "私用区字符"),
    ("\u2028", "分行符"), ("\u2029", "分段符"), ("\u202e", "文字方向控制符"), ("\ufeff", "零宽字符"),
])
def test_a_character_that_cannot_be_seen_is_found_among_chinese_text(char: str, kind: str) -> None:
    text = f"\ufeff# 标题\n\n第一段，全角　空格。\n第二段{char}文字。\n"
    (error,) = hidden_characters("docs/x.md", text, PageError)
    assert (error.location.line, error.code) == (4, "hidden-characters")
    assert error.message == f"这一行有看不见的字符：U+{ord(char):04X}（{kind}）。"


@pytest.mark.parametrize(("text", "line"), [
    pytest.param("正文\n[点此](JaVaScRiPt:alert(1))", 2, id="case"),
    pytest.param("正文\n[点此](java\\\tscript:alert(1))", 2, id="backslash-tab"),
    pytest.param("正文\n[点此](java\nscript:alert(1))", 2, id="line-break"),
    pytest.param("正文\n[点此](&#106;avascript:alert(1))", 2, id="entity"),
    pytest.param("正文&amp;\n\n[点此](javascript&colon;alert(1))", 3, id="entity-elsewhere"),
])
def test_a_disguised_script_link_is_found(text: str, line: int) -> None:
    (error,) = markup_errors("docs/x.md", text, PageError)
    assert (error.location.line, error.code) == (line, "script-link")
    assert str(error) == (f"docs/x.md:{line}: 页面错误：不允许的“javascript:”链接。 [script-link]\n"
                          "    怎么改：链接只能指向本站页面或 https:// 网址。")


@pytest.mark.parametrize("text", ["metadata: 字样", "data_only: true", "A&amp;B 的 data_source:"])
def test_words_that_only_look_like_a_scheme_pass(text: str) -> None:
    assert markup_errors("data/x.yaml", text, DataError) == []


@pytest.mark.parametrize(("text", "line"), [
    pytest.param("# 说明 &lt;/title&gt;", 1, id="entity"),
    pytest.param("正文\n\n## 小节 &#60;b&#62;", 3, id="numeric-entity-in-sub-heading"),
    pytest.param("###### 甲 & 乙", 1, id="ampersand"),
    pytest.param("#甲<乙", 1, id="no-space-after-hashes"),
    pytest.param("   # 甲 > 乙", 1, id="indented"),
    pytest.param("甲 &amp; 乙\n===", 1, id="underlined"),
    pytest.param("正文\n\n甲 &amp; 乙\n---\n", 3, id="underlined-with-hyphens"),
    pytest.param("> # 甲 &amp; 乙", 1, id="in-quote"),
    pytest.param("- # 甲 &amp; 乙", 1, id="in-list"),
    pytest.param("1. 项目\n   > 甲 &amp; 乙\n   > ---", 2, id="underlined-in-quote-in-list"),
])
def test_a_heading_with_markup_or_entities_is_refused(text: str, line: int) -> None:
    (error,) = heading_errors("docs/x.md", text)
    assert (error.location.line, error.code) == (line, "title-markup")


@pytest.mark.parametrize("text", [
    pytest.param("# 一、工作主要做法和成效\n\n正文 A&B、1<2、第一行<br>第二行。", id="text-below-a-heading"),
    pytest.param("正文 &amp;\n\n---\n", id="rule-after-a-blank-line"),
    pytest.param("| 甲 & 乙 | 丙 |\n| --- | --- |\n", id="table"),
    pytest.param("- 甲 & 乙\n- - -\n", id="list-then-rule"),
    pytest.param("# 一、标题\n", id="plain-heading"),
])
def test_text_that_is_not_a_heading_may_hold_them(text: str) -> None:
    assert heading_errors("docs/x.md", text) == []
