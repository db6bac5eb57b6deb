"""`make check` holds the site to the text as published: each paragraph of published.txt, character
by character, with the first difference named (look-alikes told apart), at published.txt's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check.faithful import published_paragraphs
from macros.check.project import check_project
from macros.model.errors import Location, ReportError
from tests.conftest import codes, edit

PUBLISHED = "published.txt"


def published_reports(project: Path) -> list[str]:
    return sorted(path.parent.relative_to(project / "data").as_posix()
                  for path in (project / "data").rglob(PUBLISHED))


def faithfulness_errors(project: Path) -> list[ReportError]:
    return [e for e in check_project(project).errors
            if e.code in ("published-title-missing", "published-paragraph-missing")]


def first_chapter(project: Path, report: str) -> Path:
    return sorted(p for p in (project / "docs" / report).glob("*.md") if p.name[0].isdigit())[0]


def test_every_report_with_a_published_text_is_faithful_to_it(project: Path) -> None:
    assert published_reports(project), "no report with a published text to hold the site to"
    assert faithfulness_errors(project) == []


@pytest.mark.parametrize(("old", "new", "names"), [
    pytest.param("，", ",", ("U+FF0C，全角", "U+002C，半角"), id="comma"),
    pytest.param("（", "(", ("U+FF08，全角", "U+0028，半角"), id="parenthesis"),
    pytest.param("。", ".", ("U+3002", "U+002E，半角"), id="full-stop"),
])
def test_a_look_alike_character_is_named_with_where_it_differs(project: Path, old: str, new: str,
                                                               names: tuple[str, str]) -> None:
    for report in published_reports(project):
        chapter = first_chapter(project, report)
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace(old, new, 1), encoding="utf-8")
        errors = [e for e in faithfulness_errors(project) if e.location.path == f"data/{report}/{PUBLISHED}"]
        assert [e.code for e in errors] == ["published-paragraph-missing"], errors
        assert f"最接近的是 {chapter.relative_to(project).as_posix()}:" in errors[0].hint
        assert all(name in errors[0].hint for name in names), errors[0]


def test_a_paragraph_left_out_is_found_at_its_line_of_the_published_text(project: Path) -> None:
    for report in published_reports(project):
        chapter = first_chapter(project, report)
        lines = chapter.read_text(encoding="utf-8").split("\n")
        # the longest paragraph citing no figure (leaving a figure uncited would be an error of its own)
        dropped = max((n for n in range(len(lines)) if "{{" not in lines[n]), key=lambda n: len(lines[n]))
        text = lines.pop(dropped)
        chapter.write_text("\n".join(lines), encoding="utf-8")
        published = (project / "data" / report / PUBLISHED).read_text(encoding="utf-8").split("\n")
        start = text[:12]
        line = next(n for n, row in enumerate(published, 1) if row.startswith(start))
        assert Location(f"data/{report}/{PUBLISHED}", line) in [e.location for e in faithfulness_errors(project)]


def test_the_published_text_must_start_with_the_title(project: Path) -> None:
    for report in published_reports(project):
        edit(project / "data" / report / "report.yaml", "title: ", "title: 另一个")
        assert "published-title-missing" in codes(faithfulness_errors(project))


def test_a_report_without_a_published_text_is_not_held_to_one(project: Path) -> None:
    for report in published_reports(project):
        (project / "data" / report / PUBLISHED).unlink()
    assert faithfulness_errors(project) == []


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("标题一\n\n标题二\n\n第一段\n第二段\n", [(1, "标题一标题二"), (5, "第一段"), (6, "第二段")],
                 id="title-over-lines"),
    pytest.param("标题一标题二\n第一段\n", [(1, "标题一标题二"), (2, "第一段")], id="title-on-one-line"),
    pytest.param("别的标题\n第一段\n", None, id="other-title"),
])
def test_published_paragraphs(text: str, expected: list[tuple[int, str]] | None) -> None:
    assert published_paragraphs(text, "标题一标题二") == expected
