"""A report's own pages: the metadata block, the printable copy and the print stylesheet."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from macros.check.project import Checked, check_project
from macros.model.report import Catalog
from macros.render import appendix, listing
from macros.render.lineage import Place
from tests.conftest import Build, build, codes, edit
from tests.test_site import REPORT, page, published_paragraphs, sample_report

PRINT = f"{REPORT}/print/index.html"
CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer")


def metadata(site: Path) -> dict[str, str]:
    table = page(site, f"{REPORT}/index.html").select_one("article table")
    assert table.caption.get_text() == "报告信息"
    return {row.th.get_text(): row.td.get_text() for row in table("tr")}


def test_metadata_block_shows_what_is_known_and_nothing_else(site: Build) -> None:
    assert metadata(site.site) == {"发布机构": "东丽区应急管理局", "报告类别": "法治政府建设年度报告", "年度": "2022年"}


@pytest.mark.site
def test_metadata_block_shows_dates_and_numbers_once_known(project: Path, tmp_path: Path) -> None:
    edit(project / f"data/{REPORT}/report.yaml", "year: 2022\n",
         "year: 2022\nwritten_on: 2023-03-20\npublished_on: 2023-03-28\nindex_no: 11120110MB1D27842X/2023-00012\n")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    shown = metadata(tmp_path / "site")
    assert list(shown) == ["发布机构", "报告类别", "年度", "成文日期", "发布日期", "索引号"]  # no 文号: unknown
    assert shown["成文日期"] == "2023年3月20日"
    assert shown["索引号"] == "11120110MB1D27842X/2023-00012"


def test_printable_copy_holds_the_whole_report_and_its_notes(site: Build, checked: Checked) -> None:
    report = sample_report(checked)
    article = page(site.site, PRINT).select_one("article")
    blocks = {tag.get_text() for tag in article(["h1", "h2", "h3", "p", "li"])}
    missing = [p for p in published_paragraphs(report.id, report.meta.title) if p not in blocks]
    assert missing == []
    assert [h1.get_text() for h1 in article("h1")] == [report.meta.title]  # one document, one title
    assert [h2.get_text() for h2 in article("h2")][-2:] == ["数据说明", "更正记录"]
    assert "按规则计算：86.188%" in article.get_text()
    assert len(article("data")) == sum(not f.data_only for f in report.figures.values())


def test_printing_hides_the_site_around_the_document(site: Build) -> None:
    for html in (PRINT, f"{REPORT}/1-achievements/index.html", f"{REPORT}/appendix/index.html"):
        sheets = [link["href"] for link in page(site.site, html)("link", rel="stylesheet")]
        assert any(href.endswith("stylesheets/report.css") for href in sheets), html
    css = (site.site / "stylesheets" / "report.css").read_text(encoding="utf-8")
    rules = "\n".join(re.findall(r"@media print \{(.*?)\n\}", css, re.DOTALL))  # the site's, the report's own
    hidden = re.search(r"([^{}]*)\{\s*display: none !important;", rules)
    assert hidden is not None
    selectors = {selector.strip() for selector in hidden.group(1).split(",")}
    assert set(CHROME) <= selectors


HOSTILE_TITLE = "说明 </title><script>alert(1)</script> &amp; 甲"


def test_generated_pages_show_titles_as_escaped_text(checked: Checked) -> None:
    """The home page's list and the appendix's links back to the text show a title as its text,
    whatever it holds (the checks refuse such titles: this is the second wall)."""
    report = checked.catalog.reports[0]
    hostile = replace(report, meta=replace(report.meta, title=HOSTILE_TITLE))
    heading = listing.report_list(Catalog(reports=(hostile,))).split("\n")[0]
    assert heading == (f"### [说明 &lt;/title&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp;amp; 甲]"
                       f"({report.id}/index.md)")
    place = Place(f"{report.id}/1-achievements.md", "cite-a-1", 1)
    figure = next(iter(report.figures.values()))
    link = appendix.citing(replace(figure, data_only=False), [place], lambda target: target,
                           lambda page: HOSTILE_TITLE)
    assert link == (f'<a href="{report.id}/1-achievements.md#cite-a-1">'
                    "说明 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; 甲</a>")


DISCLOSURE = """\
index_no: 000000000/2024-00001
doc_no: 无
topic: 综合政务
disclosure: 主动公开
disclosure_term: 长期公开
validity: 有效
period_start: 2023-01-01
period_end: 2023-12-31
"""


def test_the_catalogue_fields_are_shown_when_known_and_only_then(project: Path) -> None:
    """The fields of a disclosure catalogue entry, from a synthetic report.yaml: shown with their Chinese
    names when written, left out when not (nothing is invented)."""
    meta = next((project / "data").rglob("report.yaml"))
    original = meta.read_text(encoding="utf-8")
    meta.write_text(original + DISCLOSURE, encoding="utf-8")
    checked = check_project(project)
    assert [str(e) for e in checked.errors if e.location.path.endswith("report.yaml")] == []
    report = next(r for r in checked.catalog.reports if (project / "data" / r.id / "report.yaml") == meta)
    shown = dict(listing.meta_items(report.meta))
    names = ("索引号", "文号", "主题分类", "公开方式", "公开时限", "有效性", "统计期限")
    assert {name: shown.get(name) for name in names} == {
        "索引号": "000000000/2024-00001", "文号": "无", "主题分类": "综合政务", "公开方式": "主动公开",
        "公开时限": "长期公开", "有效性": "有效", "统计期限": "2023年1月1日至2023年12月31日"}
    meta.write_text(original, encoding="utf-8")
    bare = dict(listing.meta_items(check_project(project).catalog.find(report.id).meta))
    assert not {"主题分类", "公开方式", "公开时限", "有效性", "统计期限"} & set(bare)


@pytest.mark.parametrize(("extra", "code"), [
    pytest.param("period_start: 2023-01-01\n", "period-incomplete", id="start-only"),
    pytest.param("period_start: 2023-12-31\nperiod_end: 2023-01-01\n", "period-reversed", id="reversed"),
])
def test_a_period_has_both_ends_in_order(project: Path, extra: str, code: str) -> None:
    meta = next((project / "data").rglob("report.yaml"))
    meta.write_text(meta.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert code in codes(check_project(project).errors)
