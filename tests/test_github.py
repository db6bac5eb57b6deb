"""`make check` under GitHub Actions: each problem as an annotation on its line, the job summary grouped
by file, and nothing an editor writes turned into a workflow command or into Markdown markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.commands import check, github
from macros.model.errors import Location, PageError
from tests.conftest import edit

pytestmark = pytest.mark.unit

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/1-achievements.md"
FIGURES = f"data/{REPORT}/figures.yaml"


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def on_github(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, str]:
    """`make check` in `project` as a step of GitHub Actions: exit code, stdout, stderr, summary."""
    summary = tmp_path / "step-summary.md"
    summary.write_text("# 上一步的摘要\n", encoding="utf-8")
    code = check.main(project, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    out, err = capsys.readouterr()
    return code, out, err, summary.read_text(encoding="utf-8")


def commands(out: str) -> list[str]:
    """The lines of `out` that GitHub takes for workflow commands: every line outside the stopped
    stretch (`::stop-commands::token` … `::token::`)."""
    lines, found, stopped = out.splitlines(), [], None
    for line in lines:
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        if start := re.fullmatch(r"::stop-commands::(\w+)", line):
            stopped = start.group(1)
            continue
        found.append(line)
    assert stopped is None, "workflow commands are never resumed"
    return found


@pytest.mark.parametrize(("text", "data", "prop"), [
    pytest.param("plain 文字", "plain 文字", "plain 文字", id="plain"),
    pytest.param("100%", "100%25", "100%25", id="percent"),
    pytest.param("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac", id="line-breaks"),
    pytest.param("docs/a,b:c.md", "docs/a,b:c.md", "docs/a%2Cb%3Ac.md", id="comma-colon"),
    pytest.param("%0A", "%250A", "%250A", id="escape-looking-text"),
])
def test_workflow_command_escapes(text: str, data: str, prop: str) -> None:
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop


def test_an_annotation_is_one_line_with_the_hint_on_a_second_line_of_the_message() -> None:
    problem = PageError(Location("docs/a,b.md", 7), "引用了不存在的数字“x”。\n::error::假的", "改成“y”。",
                        code="unknown-key")
    line = github.annotation("error", problem)
    assert "\n" not in line
    assert line == ("::error file=docs/a%2Cb.md,line=7,title=页面错误 [unknown-key]::"
                    "引用了不存在的数字“x”。%0A::error::假的%0A怎么改：改成“y”。")


@pytest.mark.parametrize(("text", "markdown"), [
    pytest.param("数字“a.b”", "数字“a\\.b”", id="dot"),
    pytest.param("![x](https://e.example/p.png)", "\\!\\[x\\]\\(https\\:\\/\\/e\\.example\\/p\\.png\\)", id="image"),
    pytest.param("<img src=x onerror=alert(1)>", "\\<img src\\=x onerror\\=alert\\(1\\)\\>", id="html"),
    pytest.param("| a | b |", "\\| a \\| b \\|", id="table-cell"),
    pytest.param("# 标题\n- 项", "\\# 标题<br>\\- 项", id="block-markup-across-lines"),
    pytest.param("&lt;", "\\&lt\\;", id="entity"),
    pytest.param("a\u202eb\u200bc", "aU\\+202EbU\\+200Bc", id="invisible-characters"),
])
def test_summary_text_is_literal(text: str, markdown: str) -> None:
    assert github.text(text) == markdown


def test_a_broken_reference_is_an_error_on_its_page_and_line(project: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / CHAPTER, 'fig("enforcement.cases.total")', 'fig("enforcement.case.total")')
    edit(project / FIGURES, "value: 955.61", "value: 955.61万元")
    line = line_of(project / CHAPTER, "enforcement.case.total")
    code, out, err, summary = on_github(project, tmp_path, capsys)
    assert code == 1
    assert err == ""
    annotations = commands(out)
    errors = [a for a in annotations if a.startswith("::error ")]
    assert len(errors) == 3  # the wrong key, the uncited figure it was meant to be, the value with a unit
    (page,) = [a for a in errors if a.startswith(f"::error file={CHAPTER},")]
    assert page.startswith(f"::error file={CHAPTER},line={line},title=页面错误 [unknown-key]::"
                           "引用了不存在的数字“enforcement.case.total”。%0A怎么改：是不是“enforcement.cases.total”")
    titles = sorted(re.search(r",title=([^:]+)::", a).group(1) for a in errors)  # type: ignore[union-attr]
    assert titles == ["数据错误 [figure-not-cited]", "数据错误 [not-a-number]", "页面错误 [unknown-key]"]
    assert all(a.startswith("::notice file=") for a in annotations if a not in errors)
    assert any("title=未核实（不影响发布） [claim-unverified]" in a for a in annotations)
    # The readable output is all there too, while commands are stopped.
    assert f"{CHAPTER}:{line}: 页面错误：引用了不存在的数字“enforcement.case.total”。 [unknown-key]\n" in out
    # The summary: appended, Chinese, grouped by file, each problem with its line and hint.
    assert summary.startswith("# 上一步的摘要\n")
    assert "## 报告检查：发现 3 个问题" in summary
    chapter = github.text(CHAPTER)
    assert f"#### {chapter}\n\n- 第 {line} 行，页面错误 \\[unknown\\-key\\]：" \
        "引用了不存在的数字“enforcement\\.case\\.total”。<br>怎么改：" in summary
    assert f"#### {github.text(FIGURES)}\n\n- 第 " in summary
    assert summary.index(f"#### {github.text(FIGURES)}") < summary.index(f"#### {chapter}")  # files in order
    assert "### 不影响发布的提示" in summary


def test_a_clean_project_passes_with_notices_in_the_summary(project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _, summary = on_github(project, tmp_path, capsys)
    assert code == 0
    annotations = commands(out)
    assert annotations
    assert all(a.startswith("::notice file=data/") for a in annotations)
    assert "## 报告检查通过" in summary
    assert "核对例外（已声明，不影响发布）" in summary


def test_text_from_a_page_never_becomes_a_command_or_markup(project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    hostile = '{{ fig("x](https://e.example/p.png) <img src=y>") }}{{ x\n::warning::伪造\n## 假标题 }}'
    edit(project / CHAPTER, "二是不断提高执法力度", hostile + "二是不断提高执法力度")
    code, out, _, summary = on_github(project, tmp_path, capsys)
    assert code == 1
    annotations = commands(out)
    assert all(re.match(r"::(error|notice) file=[^:]+,line=\d+,title=[^:]+::", a) for a in annotations), annotations
    assert not any("伪造" in a and a.startswith("::warning") for a in annotations)
    assert "::warning::伪造" in out  # printed, but only while commands are stopped
    assert "](https://" not in summary
    assert not re.search(r"(?<!\\)<img", summary)  # only as the escaped, literal \<img
    assert "\\<img src\\=y\\>" in summary
    assert "\n## 假标题" not in summary


def test_without_github_actions_nothing_but_the_readable_output(project: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "step-summary.md"
    edit(project / CHAPTER, 'fig("enforcement.cases.total")', 'fig("enforcement.case.total")')
    assert check.main(project, {"GITHUB_STEP_SUMMARY": str(summary)}) == 1
    out, err = capsys.readouterr()
    assert "::" not in out + err
    assert err.startswith("发现 2 个问题：\n")
    assert not summary.exists()


def test_a_summary_past_githubs_limit_is_cut_and_says_so(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    block = "- " + "字" * 1000
    blocks = [block] * (github.SUMMARY_BYTES // len(block.encode()) + 10)
    assert github.append_summary(blocks, {"GITHUB_STEP_SUMMARY": str(summary)}) is None
    written = summary.read_text(encoding="utf-8")
    assert len(written.encode("utf-8")) <= github.SUMMARY_BYTES + 1000
    assert re.search(r"其余 \d+ 部分从略", written)


def test_an_unwritable_summary_is_a_chinese_message(tmp_path: Path) -> None:
    message = github.append_summary(["x"], {"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "such" / "file")})
    assert message is not None
    assert message.startswith("无法写入 GitHub 的摘要文件")
