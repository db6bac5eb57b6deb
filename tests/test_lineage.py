"""Figure lineage in the built site: from every number to its appendix entry and back, every link
resolves, and the text and the search index read as the published report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from macros.check.project import Checked, check_project
from macros.model.forms import published
from macros.plugin import _tokens_safe, html_blocks, put_blocks
from macros.render import lineage
from macros.render.lineage import figure_anchor
from tests.conftest import Build, add_to_nav
from tests.test_site import REPORT, page, published_paragraphs, sample_report

APPENDIX = f"{REPORT}/appendix/index.html"
CHAPTERS = [f"{REPORT}/index.html",
            *(f"{REPORT}/{name}/index.html" for name in ("1-achievements", "2-shortcomings", "3-next-steps"))]


def target(site: Path, html: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link of a built page leads to."""
    url = urljoin("/" + html.relative_to(site).as_posix(), href)
    parts = urlsplit(url)
    path = site / unquote(parts.path).lstrip("/")
    return (path / "index.html" if parts.path.endswith("/") else path), unquote(parts.fragment)


def follow(site: Path, html: Path, link: Tag) -> tuple[Path, Tag | None]:
    """The page a link leads to and the element its fragment names (None if there is none)."""
    file, fragment = target(site, html, str(link["href"]))
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return file, soup.find(id=fragment) if fragment else soup


def test_every_link_of_the_site_resolves(site: Build) -> None:
    pages = {html: page(site.site, str(html.relative_to(site.site))) for html in sorted(site.site.rglob("*.html"))}
    ids = {html: {str(element["id"]) for element in soup.find_all(id=True)} for html, soup in pages.items()}
    broken = []
    for html, soup in pages.items():
        for link in soup("a", href=True):
            href = str(link["href"])
            if re.match(r"(?i)[a-z][a-z0-9+.-]*:|//", href):
                continue
            file, fragment = target(site.site, html, href)
            if not file.is_file():
                broken.append(f"{html.relative_to(site.site)}: {href} (no file)")
            elif fragment and file.suffix == ".html" and fragment not in ids[file]:
                broken.append(f"{html.relative_to(site.site)}: {href} (no #{fragment})")
    assert broken == []


def test_each_figure_links_to_its_entry_and_the_entry_links_back(site: Build, checked: Checked) -> None:
    report = sample_report(checked)
    seen = set()
    for chapter in CHAPTERS:
        html = site.site / chapter
        for data in page(site.site, chapter)("data"):
            link = data.parent
            assert link.name == "a", chapter
            assert "fig" in link["class"]
            file, row = follow(site.site, html, link)
            assert file == site.site / APPENDIX
            assert row is not None, link["href"]
            key = row.find("code").get_text()
            assert row["id"] == figure_anchor(key)
            assert data.get_text() == published(report.figures[key])
            assert data["value"] == f"{report.figures[key].value:f}"
            backs = [a for a in row("a") if target(site.site, file, a["href"])[0] == html]
            assert any(target(site.site, file, a["href"])[1] == link["id"] for a in backs), link["id"]
            seen.add(key)
    cited = {key for key, figure in report.figures.items() if not figure.data_only}
    assert seen == cited


def test_every_back_link_lands_on_a_figure_that_links_to_the_same_entry(site: Build) -> None:
    appendix = site.site / APPENDIX
    rows = page(site.site, APPENDIX).select("tr[id^=fig-]")
    assert rows
    for row in rows:
        for link in row("a"):
            file, cited = follow(site.site, appendix, link)
            if file == appendix:
                continue  # a rule of the same appendix
            assert cited is not None
            assert "fig" in cited["class"]
            assert target(site.site, file, cited["href"]) == (appendix, row["id"])


def test_appendix_entry_carries_the_figures_facts(site: Build, checked: Checked) -> None:
    report = sample_report(checked)
    appendix = page(site.site, APPENDIX)
    cells = {row["id"]: row("td") for row in appendix.select("tr[id^=fig-]")}
    assert list(cells) == [figure_anchor(key) for key in report.figures]
    rows = {anchor: [cell.get_text(" ") for cell in row] for anchor, row in cells.items()}
    label, form, value, origin, _, places = rows["fig-enforcement-penalties-amount"]
    rules = [span.get_text() for span in cells["fig-enforcement-penalties-amount"][4]("span")]
    assert "行政处罚金额" in label
    assert form == "955.61万元"
    assert value.startswith("955.61 万元")
    assert "955.605≤实际值<955.615" in value
    assert origin == "—"  # no source or date is known: none is made up
    assert rules == ["第2条：通过", "第17条：通过"]
    assert places == "一、工作主要做法和成效"
    assert "“余”数：2800≤实际值<2900" in rows["fig-training-online-attendance"][2]
    assert rows["fig-litigation-lawsuits"][5] == "正文未引用（只作数据公开）"


def test_appendix_lists_every_rule_with_its_result_and_the_disclosed_discrepancy(
    site: Build, checked: Checked,
) -> None:
    appendix = page(site.site, APPENDIX)
    results = {row["id"].removeprefix("rule-"): row("td")[3].get_text() for row in appendix.select("tr[id^=rule-]")}
    assert results == {outcome.rule.id: outcome.status for outcome in checked.outcomes}
    assert results["dual-control-usage-rate"] == "例外"
    assert results["complaints-total"] == "通过"
    notes = appendix.get_text()
    assert "正常使用率为86.1%，按原文的正常使用企业805家、实际上线企业934家计算为86.188%" in notes
    assert "按规则计算：86.188%" in notes
    assert "本年度没有应诉案件，这个100%没有可计算的基数" in notes
    assert "正文表述为“区应急局无行政复议案件和行政诉讼案件”" in notes  # a data-only figure's note


def test_search_index_holds_the_text_and_nothing_of_the_links(site: Build, checked: Checked) -> None:
    meta = json.loads((site.site / "search" / "pages.json").read_text(encoding="utf-8"))
    pages = [(n, url, title) for n, (url, title, *_) in enumerate(meta["pages"][:-1]) if url.startswith(REPORT)]
    text = "".join(title + "".join(block for _, _, block in json.loads(
        (site.site / "search" / "text" / f"{n}.json").read_text(encoding="utf-8"))) for n, _, title in pages)
    text = re.sub(r"\s", "", text)
    report = sample_report(checked)
    missing = [p for p in published_paragraphs(report.id, report.meta.title)[1:] if re.sub(r"\s", "", p) not in text]
    assert missing == []
    assert not re.search(r"cite-|fig-|appendix", text)
    assert not [url for _, url, _ in pages if url.startswith(f"{REPORT}/print/")]


def test_each_report_lists_only_its_own_citations(project: Path) -> None:
    """Reports share keys, never citations: a copy of the report must not show up in its appendix."""
    for kind in ("data", "docs"):
        shutil.copytree(project / kind / "dongli-emergency" / "2022", project / kind / "copy-office" / "2022")
    (project / "data" / "copy-office" / "2022" / "published-values.yaml").unlink()
    add_to_nav(project, "复制的报告", sorted(f"copy-office/2022/{path.name}"
                                        for path in (project / "docs" / "copy-office" / "2022").glob("*.md")))
    checked = check_project(project)
    assert checked.errors == []
    found = lineage.places(checked.citations, checked.catalog)
    assert {"dongli-emergency/2022", "copy-office/2022"} <= set(found)
    for report_id, by_key in found.items():
        assert all(place.page.startswith(report_id + "/") for places in by_key.values() for place in places)


def test_no_figure_or_block_token_is_left_on_any_page(site: Build) -> None:
    """Figures and blocks of HTML go into pages after Markdown (plugin.on_page_content): none stays a token."""
    left = [str(path.relative_to(site.site)) for path in site.site.rglob("*.html")
            if any(mark in path.read_text(encoding="utf-8") for mark in "\ue000\ue001\ue002\ue003")]
    assert left == []


@pytest.mark.parametrize("text", [
    '<table class="figures">\n<tr><td>1</td></tr>\n</table>',
    '## 数字\n\n<div class="x">\n<p>甲</p>\n</div>\n\n文字\n\n<ul>\n<li>乙</li>\n</ul>\n\n## 核对\n\n<p>丙</p>',
    "<p>甲</p>\n\n<p>乙</p>\n\n<p>丙</p>\n",
    '<div>\n\n<p>空行分开的</p>\n\n</div>',
    "<span>行内元素</span>\n\n<ol>\n<li>丁</li>\n</ol>",
    "```\n<div>代码里的 HTML</div>\n```\n\n<div>戊</div>",
])
def test_a_block_of_html_put_in_after_markdown_gives_what_markdown_gives(text: str) -> None:
    """What a page macro or a table writes: its paragraphs of HTML go past Markdown as tokens and come
    back as Markdown would have passed them through, byte for byte (mkdocs.yml's Markdown extensions)."""
    blocks: list[str] = []
    tokens = html_blocks(text, blocks)
    assert put_blocks(markdown.markdown(tokens, extensions=["toc"]), blocks) == \
        markdown.markdown(text, extensions=["toc"])


@pytest.mark.parametrize(("markdown", "safe"), [
    ("段落中的数字\ue0000\ue001，列表：\n\n- 第\ue0001\ue001项\n", True),
    ("| 表 | 格 |\n| --- | --- |\n| 数 | \ue0000\ue001 |\n", True),
    ("# 标题里的\ue0000\ue001\n", False),
    ("标题里的\ue0000\ue001\n---\n", False),
    ("标题里的\ue0000\ue001\n===\n", False),
    ("代码里的`\ue0000\ue001`\n", False),
    ("```\n\ue0000\ue001\n```\n", False),
    ("    缩进的\ue0000\ue001\n", False),
    ("上标<sup>\ue0000\ue001</sup>\n", False),
])
def test_a_figure_goes_in_after_markdown_only_in_running_text(markdown: str, safe: bool) -> None:
    assert _tokens_safe(markdown) is safe
