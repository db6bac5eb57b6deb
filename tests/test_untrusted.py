"""What editors may still do: the harmless HTML, links and files the guards let through."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.checks import check_project
from tests.conftest import edit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"


def errors_with(project: Path, inserted: str) -> list[str]:
    edit(project / CHAPTER, "夯实依法行政的基础。", f"夯实依法行政的基础。{inserted}")
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


def test_images_and_hidden_files_pass(project: Path) -> None:
    (project / "docs" / REPORT / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "docs" / ".DS_Store").write_bytes(b"\0")
    assert check_project(project).errors == []


def test_a_docs_folder_that_is_a_link_is_refused(project: Path) -> None:
    shutil.move(project / "docs", project.parent / "elsewhere")
    (project / "docs").symlink_to(project.parent / "elsewhere")
    errors = [str(error) for error in check_project(project).errors]
    assert errors == ["docs:1: 文件错误：“docs”是符号链接或在仓库之外。\n    怎么改：把它改回仓库里的普通文件夹。"]
