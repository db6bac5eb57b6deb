"""Metadata is plain text wherever it is shown: a report's title and body, figure labels and notes,
rule descriptions, exception and correction reasons show as written, with no Markdown, HTML, link,
image or template code taking effect (macros/tags.py text and markdown_text)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from macros.render import tags
from tests.conftest import build, correct, edit
from tests.test_links import site_markdown

REPORT = "dongli-emergency/2022"
# Every kind of markup data text could try, in a form the checks let through (tags are refused
# outright in data: see tests/test_hostile.py html-in-data).
PAYLOAD = "[链](https://e.example/) ![图](a.png) **粗** _斜_ &lt;b&gt; {{ config }} {% if 1 %} # ` <https://e.example/>"

TEXTS = [
    pytest.param(PAYLOAD, id="payload"),
    pytest.param("<b>粗</b><script>alert(1)</script>", id="tags"),
    pytest.param("第一行\n\n# 第二行\n    代码\n- 列表", id="line-breaks"),
    pytest.param("\\*不是强调\\* \\\\ 反斜杠 \\[x\\](y)", id="backslashes"),
    pytest.param("{#注释#} {{ fig(\"x\") }} }}{{", id="template-code"),
    pytest.param("&amp; &#60; &lt; & < > \" '", id="entities-and-quotes"),
    pytest.param("1. 不是编号 + 不是列表 > 不是引用 | 不是表格 |", id="block-markers"),
]


def shown(html: str) -> tuple[str, list[str]]:
    """The text a reader sees in `html`, and the elements it holds."""
    soup = BeautifulSoup(html, "html.parser")
    return soup.get_text(), [tag.name for tag in soup.find_all(True)]


def test_the_escaped_characters_are_the_ones_markdown_reads() -> None:
    escaped = set(markdown.Markdown(extensions=["toc"]).ESCAPED_CHARS) - set(">{}")
    assert set(tags.MARKDOWN_ESCAPED) == escaped


@pytest.mark.parametrize("value", TEXTS)
def test_text_in_a_markdown_heading_link_shows_as_written(value: str) -> None:
    html = site_markdown().convert(f"### [{tags.markdown_text(value)}](x.md)")
    text, elements = shown(html)
    assert text == " ".join(value.splitlines()) if "\n" in value else text == value
    assert elements == ["h3", "a"]


@pytest.mark.parametrize("value", TEXTS)
def test_text_in_a_markdown_list_item_shows_as_written(value: str) -> None:
    html = site_markdown().convert(f"- 发布机构：{tags.markdown_text(value)}\n- 年度：2022年")
    text, elements = shown(html)
    assert text.strip().split("\n")[0] == "发布机构：" + value.replace("\n", " ")
    assert elements == ["ul", "li", "li"]


@pytest.mark.parametrize("value", TEXTS)
@pytest.mark.parametrize("where", ["block", "inline"])
def test_text_in_generated_html_shows_as_written(value: str, where: str) -> None:
    """In an HTML block (the appendix's tables) and in HTML inside a paragraph (a figure in a chapter,
    whose attributes Markdown's inline patterns read too)."""
    element = f'<span title="{tags.text(value)}">{tags.text(value)}</span>'
    source = f"<p>{element}</p>" if where == "block" else f"正文{element}正文"
    soup = BeautifulSoup(site_markdown().convert(source), "html.parser")
    assert soup.span.get_text() == value
    assert soup.span["title"] == value
    assert [tag.name for tag in soup.find_all(True)] == ["p", "span"]


def test_no_text_from_data_spells_template_code() -> None:
    for value in [PAYLOAD, "{{", "{%", "{#", "}}"]:
        for escaped in (tags.text(value), tags.markdown_text(value)):
            assert not {"{{", "{%", "{#"} & {escaped[i:i + 2] for i in range(len(escaped))}


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_metadata_with_markup_shows_literally_on_every_page(project: Path, tmp_path: Path) -> None:
    data = project / "data" / REPORT
    (data / "published.txt").unlink()  # the title is changed: a text published under the old one no longer applies
    edit(data / "report.yaml", "body: 东丽区应急管理局", f"body: {quoted('东丽区应急管理局' + PAYLOAD)}")
    edit(data / "report.yaml", "title: 东丽应急管理局2022年法治政府建设年度报告",
         f"title: {quoted('东丽应急管理局2022年法治政府建设年度报告' + PAYLOAD)}")
    edit(data / "figures.yaml", "  label: 全区排查整治隐患数量", f"  label: {quoted('全区排查整治隐患数量' + PAYLOAD)}")
    edit(data / "figures.yaml", "  note: 正文表述为“区应急局无行政复议案件和行政诉讼案件”，以“无”表示，未出现数字。",
         f"  note: {quoted(PAYLOAD)}")
    edit(data / "rules.yaml", "  description: 负责人出庭应诉率要有应诉案件作基数",
         f"  description: {quoted('负责人出庭应诉率要有应诉案件作基数' + PAYLOAD)}")
    rules = (data / "rules.yaml").read_text(encoding="utf-8")
    reason = re.search(r"^    reason: .*$", rules, re.MULTILINE).group(0)  # type: ignore[union-attr]
    edit(data / "rules.yaml", reason, f"    reason: {quoted(PAYLOAD)}")
    edit(data / "figures.yaml", "value: 12383", "value: 12384")
    correct(project, REPORT, "inspection.hazards_remediated", "12383项", "12384项", reason=quoted(PAYLOAD))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    pages = ["index.html", "corrections/index.html", f"{REPORT}/index.html", f"{REPORT}/appendix/index.html",
             f"{REPORT}/print/index.html", f"{REPORT}/1-achievements/index.html"]
    for name in pages:
        article = BeautifulSoup((tmp_path / "site" / name).read_text(encoding="utf-8"), "html.parser").article
        assert PAYLOAD in article.get_text(), name  # the correction notice on the chapter, at least
        if name.endswith(("print/index.html", "1-achievements/index.html")):  # the label, as the <data>'s title
            assert article.select_one('a[href$="#fig-inspection-hazards_remediated"] data')["title"] == \
                "全区排查整治隐患数量" + PAYLOAD, name
        assert not article.select('a[href^="https://e.example"], img[src="a.png"]'), name
        assert not [tag for tag in article(["strong", "em", "code"]) if tag.get_text() in ("粗", "斜", " ")], name
        assert "{{" not in article.get_text().replace(PAYLOAD, ""), name
