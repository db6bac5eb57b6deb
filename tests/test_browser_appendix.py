"""The data appendix, its charts and the PDF link as a reader sees them in headless Chromium on a phone
and a desktop, on the fixture district: the data appendix on a phone is one block per figure, nothing
scrolls sideways, a figure's link lands on its row in view; the charts are there with their tables,
their bars as the table says; the report's page links to its PDF edition when the build printed one;
axe finds nothing serious on the appendix with its charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("tests.browser", reason="需要浏览器夹具 tests/browser.py（Playwright 与 Debian 的 chromium）")

from tests.browser import Tab
from tests.conftest import Build
from tests.test_browser_site import open_page, serious_problems
from tests.test_browser_tables import DESKTOP, PHONE
from tests.test_fixture_district import district_site  # noqa: F401  (fixture)

TABLES = "example-b/2023"
RULES = "example-a/2023"


@pytest.fixture(scope="session")
def district_url(district_site: Build, serve: Callable[[Path], str]) -> str:  # noqa: F811
    return serve(district_site.site)


@pytest.mark.parametrize("report", [TABLES, RULES])
def test_on_a_phone_the_appendix_is_a_block_per_figure_and_does_not_scroll_sideways(
        tab: Tab, district_url: str, report: str) -> None:
    tab.page.set_viewport_size(PHONE)
    open_page(tab, district_url, f"{report}/appendix/")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = tab.page.locator("tr[id^='fig-']").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cells = row.locator("td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first is not None
    assert second is not None
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, the name first
    key = cells.nth(0).locator("code.key")
    assert key.evaluate("k => parseFloat(getComputedStyle(k).fontSize)") < cells.nth(0).evaluate(
        "c => parseFloat(getComputedStyle(c).fontSize)")  # the key de-emphasised
    label = cells.nth(1).evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"发布形式："'
    assert tab.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_figure_link_lands_on_its_row_in_view(tab: Tab, district_url: str, viewport: dict[str, int]) -> None:
    tab.page.set_viewport_size(viewport)
    open_page(tab, district_url, f"{TABLES}/")
    tab.page.locator("#table-requests a.fig[href$='#fig-requests-results-total-total']").click()
    tab.page.wait_for_url(f"{district_url}{TABLES}/appendix/#fig-requests-results-total-total")
    box = tab.page.locator("#fig-requests-results-total-total").bounding_box()
    header = tab.page.locator(".md-header").bounding_box()
    assert box is not None
    assert header is not None
    assert box["y"] >= header["y"] + header["height"] - 1, "the row is under the header"
    assert box["y"] < viewport["height"] / 2
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    assert tab.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_charts_are_there_with_their_tables(tab: Tab, district_url: str, viewport: dict[str, int]) -> None:
    tab.page.set_viewport_size(viewport)
    open_page(tab, district_url, f"{TABLES}/appendix/")
    charts = tab.page.locator("figure.chart")
    assert charts.count() >= 3
    for index in range(charts.count()):
        chart = charts.nth(index)
        svg = chart.locator("svg[role=img]")
        assert svg.is_visible()
        assert svg.evaluate("s => s.getBoundingClientRect().width") <= viewport["width"]
        assert chart.locator("table caption").inner_text().startswith("图中的数字")
        assert chart.locator("table tbody tr").count() >= 2
    assert tab.violations() == []
    assert tab.errors == []


def test_a_bar_is_divided_as_its_table_says(tab: Tab, district_url: str) -> None:
    """表三's 总计 by result: each part's bar is its share of the total, as the table beside it says."""
    open_page(tab, district_url, f"{TABLES}/appendix/")
    chart = tab.page.locator("figure.chart", has=tab.page.locator("svg[aria-label*='（七）总计']"))
    chart = chart.filter(has_text="予以公开").first
    widths = chart.locator("svg rect").evaluate_all("rs => rs.map(r => r.width.baseVal.value)")
    shares = [float(text.rstrip("%")) for text in chart.locator("tbody td:nth-child(3)").all_inner_texts()[1:]]
    drawn = [width / 600 * 100 for width in widths]
    assert len(drawn) == len([s for s in shares if s > 0]) or len(drawn) == len(shares)
    assert sum(drawn) == pytest.approx(100, abs=0.5)
    for share in shares:
        assert any(abs(share - d) < 0.2 for d in drawn) or share == 0, (share, drawn)


def test_a_figure_across_years_is_a_line(tab: Tab, district_url: str) -> None:
    open_page(tab, district_url, f"{TABLES}/appendix/")
    line = tab.page.locator("figure.chart", has=tab.page.locator("polyline")).first
    assert line.is_visible()
    years = line.locator("tbody tr td:first-child").all_inner_texts()
    assert years == ["2022年", "2023年"]
    assert line.locator("circle").count() == 2


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_problem_on_the_appendix_with_charts(tab: Tab, district_url: str,
                                                                  viewport: dict[str, int]) -> None:
    tab.page.set_viewport_size(viewport)
    open_page(tab, district_url, f"{TABLES}/appendix/")
    assert serious_problems(tab) == []
