"""The built site: the published text verbatim, quiet strict builds, Chinese search, one origin."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.check import faithful
from macros.check.project import Checked
from macros.model.report import Report
from tests.conftest import ROOT, Build, build, correct, edit
from tests.hostile import make_site

REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/1-achievements.md"
FIGURES = f"data/{REPORT}/figures.yaml"


def sample_report(checked: Checked) -> Report:
    """The real report the site tests read as sample input, whichever other reports data/ holds."""
    report = checked.catalog.find(REPORT)
    assert report is not None, f"no {REPORT} in data/"
    return report


def page(site: Path, path: str) -> BeautifulSoup:
    """A built page, parsed once while the file stays the same (tests read the same pages again and again;
    none changes what it is given)."""
    file = site / path
    status = file.stat()
    return _parsed(file, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=256)
def _parsed(file: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def published_paragraphs(report_id: str, title: str) -> list[str]:
    """The published text's paragraphs (check/faithful.py reads them the same way for make check)."""
    text = (ROOT / "data" / report_id / "published.txt").read_text(encoding="utf-8")
    paragraphs = faithful.published_paragraphs(text, title)
    assert paragraphs is not None, f"the published text does not start with the title {title!r}"
    return [paragraph for _, paragraph in paragraphs]


def rendered_blocks(site: Path, report_id: str) -> set[str]:
    blocks = set()
    for html in (site / report_id).rglob("*.html"):
        article = page(site, str(html.relative_to(site))).select_one("article")
        assert article is not None, html
        blocks |= {tag.get_text() for tag in article.find_all(["h1", "h2", "h3", "p", "li"])}
    return blocks


def published_reports(checked: Checked) -> list[Report]:
    """Reports with their published text; one still being written has none yet."""
    return [report for report in checked.catalog.reports
            if (ROOT / "data" / report.id / "published.txt").is_file()]


def test_every_published_paragraph_appears_verbatim(site: Build, checked: Checked) -> None:
    for report in published_reports(checked):
        blocks = rendered_blocks(site.site, report.id)
        missing = [p for p in published_paragraphs(report.id, report.meta.title) if p not in blocks]
        assert missing == [], f"{report.id}: not on the site verbatim:\n" + "\n".join(missing)


def test_every_statistic_of_the_published_text_is_a_figure_in_data(checked: Checked) -> None:
    """Each number of the source (outside reviewed names and dates) is some figure's value."""
    from macros.load.allowlist import load_allowlist
    from macros.load.tree import Tree

    for report in published_reports(checked):
        text = (ROOT / "data" / report.id / "published.txt").read_text(encoding="utf-8")
        for entry in sorted(load_allowlist(Tree(ROOT, ROOT / "docs"), report.id, []), key=lambda a: -len(a.text)):
            text = text.replace(entry.text, " ")
        numbers = sorted(re.findall(r"[0-9]+(?:\.[0-9]+)?", text.replace(report.meta.title, " ")))
        values = sorted(str(f.value) for f in report.figures.values() if not f.data_only)
        assert numbers == values


def test_build_is_quiet(site: Build) -> None:
    noise = [line for line in site.output.splitlines()
             if re.search(r"WARNING|end of life|NO_MKDOCS_2_WARNING|prefix dict|Loading model", line)]
    assert noise == []


def english_lines(output: str) -> list[str]:
    """Lines of a build's output with Latin words and no Chinese: MkDocs or a plugin talking English."""
    return [line for line in output.splitlines()
            if re.search(r"[A-Za-z]{3,}", line.removeprefix("INFO    -  ").removeprefix("ERROR   -  "))
            and not re.search(r"[\u4e00-\u9fff]", line)]


def test_a_passing_build_speaks_chinese(site: Build) -> None:
    assert english_lines(site.output) == []
    assert "网站生成完毕" in site.output


def _indexed_texts(site: Build) -> dict[str, list[str]]:
    """The search index's text of each page (macros/render/search.py), by the page's address."""
    meta = json.loads((site.site / "search" / "pages.json").read_text(encoding="utf-8"))
    return {url: [text for _, _, text in json.loads((site.site / "search" / "text" / f"{n}.json").read_text("utf-8"))]
            for n, (url, *_) in enumerate(meta["pages"][:-1])}


def test_search_index_holds_every_page_but_the_printable_copy_and_the_reports_terms(site: Build) -> None:
    meta = json.loads((site.site / "search" / "pages.json").read_text(encoding="utf-8"))
    urls = [url for url, *_ in meta["pages"][:-1]]
    assert f"{REPORT}/1-achievements/" in urls
    assert f"{REPORT}/appendix/" in urls
    assert f"{REPORT}/print/" not in urls  # the printable copy repeats the chapters
    assert {"双控平台", "敲门行动", "行政处罚"} <= set(meta["terms"])  # terms.txt, for queries no block holds whole
    texts = _indexed_texts(site)
    assert any("处罚金额955.61万元" in text for text in texts[f"{REPORT}/1-achievements/"])


def test_search_index_is_utf8_and_holds_no_figure_key(site: Build) -> None:
    files = sorted((site.site / "search").rglob("*.json"))
    text = "".join(path.read_text(encoding="utf-8") for path in files)
    assert re.search(r"(?<!\\)\\u[0-9a-fA-F]{4}", text) is None  # no JSON \uXXXX escape
    assert "行政处罚" in text
    blocks = "".join(text for texts in _indexed_texts(site).values() for text in texts)
    assert "enforcement.penalties" not in blocks  # keys are <code> in the appendix: not indexed


ORIGIN_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                     "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}


def test_pages_load_nothing_from_another_origin(site: Build) -> None:
    foreign = []
    for html in site.site.rglob("*.html"):
        soup = page(site.site, str(html.relative_to(site.site)))
        for tag, attribute in ORIGIN_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if re.match(r"(?i)([a-z][a-z0-9+.-]*:)?//", url):
                    foreign.append(f"{html.relative_to(site.site)}: <{tag} {attribute}={url}>")
        for style in soup.find_all(style=True):
            if re.search(r"(?i)url\(\s*['\"]?(https?:)?//", style["style"]):
                foreign.append(f"{html.relative_to(site.site)}: style={style['style']}")
    for css in site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"(?i)(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            foreign.append(f"{css.relative_to(site.site)}: {url}")
    assert foreign == []


def test_home_page_lists_each_report_with_known_metadata_only(site: Build, checked: Checked) -> None:
    home = page(site.site, "index.html").select_one("article")
    assert home is not None
    for report in checked.catalog.reports:  # two bodies' reports may share a title: each is found by its link
        link = home.find("a", href=f"{report.id}/")
        assert link is not None, report.id
        assert link.get_text() == report.meta.title
    heading = home.find("a", href=f"{REPORT}/").find_parent("h3")  # type: ignore[union-attr]
    items = [li.get_text() for li in heading.find_next_sibling("ul").find_all("li")]  # type: ignore[union-attr]
    assert items == ["发布机构：东丽区应急管理局", "报告类别：法治政府建设年度报告", "年度：2022年"]


def test_figures_are_machine_readable(site: Build) -> None:
    chapter = page(site.site, f"{REPORT}/1-achievements/index.html")
    amount = chapter.find("data", string="955.61万元")
    assert amount is not None
    assert amount["value"] == "955.61"


@pytest.mark.site
def test_changing_a_figure_in_yaml_changes_the_page(project: Path) -> None:
    # A total and one of its parts, changed together so that the numbers still reconcile.
    edit(project / FIGURES, "value: 955.61", "value: 955.62")
    edit(project / FIGURES, "value: 815.21", "value: 815.22")
    correct(project, REPORT, "enforcement.penalties.amount", "955.61万元", "955.62万元")
    correct(project, REPORT, "enforcement.penalties.accident_amount", "815.21万元", "815.22万元")
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    shown = {data.get_text() for data in page(project / "site", f"{REPORT}/1-achievements/index.html")("data")}
    assert {"955.62万元", "815.22万元"} <= shown
    assert "955.61万元" not in shown  # (it is in the correction notice: see test_corrections.py)


@pytest.mark.site
def test_typo_in_key_fails_naming_page_line_and_nearest_key(project: Path) -> None:
    edit(project / CHAPTER, 'fig("enforcement.cases.total")', 'fig("enforcement.case.total")')
    result = build(project, project / "site")
    assert result.returncode != 0
    assert f"{CHAPTER}:11: 页面错误：引用了不存在的数字“enforcement.case.total”" in result.output
    assert "是不是“enforcement.cases.total”" in result.output
    assert not (project / "site" / REPORT).exists()
    assert english_lines(result.output) == []  # no "Aborted with a BuildError!"
    assert "网站未生成：请按上面列出的问题修改后重试。" in result.output


@pytest.mark.site
@pytest.mark.parametrize(("path", "old", "new", "message"), [
    pytest.param(FIGURES, "value: 955.61", "value: 955.61万元", "实际是文字“955.61万元”", id="unit-in-value"),
    pytest.param(FIGURES, "  unit: 篇\n", "", "缺少必填字段“unit”", id="missing-unit"),
    pytest.param(FIGURES, "enforcement.reviews:", "enforcement.disclosures:", "重复", id="duplicate-key"),
    pytest.param(FIGURES, "  label: 持证人员执法率", " label: 持证人员执法率", "YAML 格式错误", id="malformed"),
    pytest.param(CHAPTER, "主要做法和成效", "主要做法和成效{{ config }}", "不允许的模板代码", id="template-code"),
])
def test_bad_input_fails_make_site_and_keeps_the_previous_site(
    project: Path, site: Build, path: str, old: str, new: str, message: str,
) -> None:
    shutil.copytree(site.site, project / "site")  # the site a good make site left
    before = sorted(p.relative_to(project) for p in (project / "site").rglob("*"))
    edit(project / path, old, new)
    second = make_site(project)
    assert second.returncode != 0
    assert message in second.output
    assert "网站未更新" in second.output
    assert sorted(p.relative_to(project) for p in (project / "site").rglob("*")) == before
    assert not (project / ".site-new").exists()
