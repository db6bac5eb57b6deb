"""The site's identity (data/site.yaml) read strictly, and what render/frame.py makes of it: each field shown
only when set, every text escaped, a mistake in the file told at its line."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.load.site import load_site
from macros.load.tree import Tree
from macros.model.site import SITE_FIELDS, Site
from macros.render import frame
from tests.conftest import ROOT


def read(tmp_path: Path, text: str | None) -> tuple[Site, list[tuple[str, str]]]:
    (tmp_path / "data").mkdir(exist_ok=True)
    if text is not None:
        (tmp_path / "data" / "site.yaml").write_text(text, encoding="utf-8")
    site, errors = load_site(Tree(tmp_path, tmp_path / "docs"))
    return site, [(str(error.location), error.code) for error in errors]


def test_the_fields_are_declared_once() -> None:
    assert [f.name for f in fields(Site)] == [f.name for f in SITE_FIELDS]


def test_the_real_sites_file_sets_nothing() -> None:
    site, errors = load_site(Tree(ROOT, ROOT / "docs"))
    assert (site, errors) == (Site(), [])
    assert frame.identity(site) == ""


@pytest.mark.parametrize("text", [None, "", "# 只有注释\n#\n# sponsor: 某单位\n"], ids=["missing", "empty", "comments"])
def test_a_missing_or_commented_out_file_sets_nothing(tmp_path: Path, text: str | None) -> None:
    assert read(tmp_path, text) == (Site(), [])


@pytest.mark.parametrize(("text", "where"), [
    pytest.param("sponser: 甲\n", ("data/site.yaml:1", "unknown-field"), id="misspelt"),
    pytest.param("sponsor: 甲\nphone: [1, 2]\n", ("data/site.yaml:2", "not-text"), id="not-text"),
    pytest.param("feedback: javascript:alert(1)\n", ("data/site.yaml:1", "link-refused"), id="script-link"),
    pytest.param("feedback: http://example.org/\n", ("data/site.yaml:1", "link-refused"), id="not-https"),
    pytest.param("- sponsor: 甲\n", ("data/site.yaml:1", "not-a-mapping"), id="a-list"),
])
def test_a_mistake_is_told_at_its_line(tmp_path: Path, text: str, where: tuple[str, str]) -> None:
    _, errors = read(tmp_path, text)
    assert errors == [where]


def test_a_mistake_fails_the_checks_in_chinese(project: Path) -> None:
    (project / "data" / "site.yaml").write_text("sponsor: 甲\nicp_no: 乙\n", encoding="utf-8")
    (error,) = check_project(project).errors
    assert error.code == "unknown-field"
    assert str(error).startswith("data/site.yaml:2: 数据错误：网站信息有未知字段“icp_no”")
    assert "icp" in error.hint


def test_only_what_is_set_is_shown(tmp_path: Path) -> None:
    site, errors = read(tmp_path, "sponsor: 示例区人民政府办公室\nicp: 示ICP备00000000号\n")
    assert errors == []
    shown = frame.identity(site)
    assert "主办单位：示例区人民政府办公室" in shown
    assert '<a href="https://beian.miit.gov.cn/">示ICP备00000000号</a>' in shown
    for name in ("承办单位", "联系电话", "地址", "邮箱", "网站标识码", "公安机关备案号", "纠错留言"):
        assert name not in shown


HOSTILE = '</p><script>alert(1)</script> & {{ x }} "引号"'


def test_every_text_is_escaped() -> None:
    site = Site(**{f.name: HOSTILE for f in SITE_FIELDS if f.name != "feedback"},
                feedback='https://example.org/?a=1&b="2"')
    for html in (frame.identity(site), frame.feedback(site, HOSTILE),
                 frame.belongs(HOSTILE, "../"), frame.contents([frame.Link(HOSTILE, "a/")]),
                 frame.pager(frame.Link(HOSTILE, "a/"), frame.Link(HOSTILE, "b/")),
                 frame.other_reports(HOSTILE, [frame.Link(HOSTILE, "c/")])):
        assert "<script>" not in html
        assert "{{" not in html
        assert '"2"' not in html


def test_without_a_channel_the_feedback_names_the_body_or_says_to_ask_it() -> None:
    assert "请联系发布机构示例区甲局。" in frame.feedback(Site(), "示例区甲局")
    assert "请联系报告的发布机构。" in frame.feedback(Site(), None)
    with_mail = frame.feedback(Site(email="a@example.org"), "示例区甲局")
    assert '发邮件至<a href="mailto:a@example.org">a@example.org</a>' in with_mail
    assert "示例区甲局" not in with_mail
