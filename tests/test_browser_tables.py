"""A report's tables as a reader uses them, in headless Chromium, on the fixture district's 示例区乙局
2023 政府信息公开 report: on a phone the wide 表三 scrolls inside its own region (by touch or by the
keyboard) while the page does not, its row labels staying in view; a cell leads to its appendix entry;
axe-core finds no serious problem on the report's page and its appendix, on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("tests.browser", reason="需要浏览器夹具 tests/browser.py（Playwright 与 Debian 的 chromium）")

from tests.browser import Tab
from tests.conftest import Build
from tests.test_browser_site import open_page, serious_problems
from tests.test_fixture_district import district_site  # noqa: F401  (fixture)

REPORT = "example-b/2023"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def district_url(district_site: Build, serve: Callable[[Path], str]) -> str:  # noqa: F811
    return serve(district_site.site)


def test_on_a_phone_the_table_scrolls_in_its_region_with_its_row_labels_in_view(tab: Tab, district_url: str) -> None:
    tab.page.set_viewport_size(PHONE)
    open_page(tab, district_url, f"{REPORT}/")
    region = tab.page.locator("#table-requests").locator("xpath=..")
    assert region.get_attribute("role") == "region"
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert sizes[0] > sizes[1], "表三 fits a phone's width: nothing to scroll"
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the page stays put
    label = tab.page.locator("#table-requests th[scope=row]", has_text="（一）予以公开")
    label.scroll_into_view_if_needed()
    before = label.bounding_box()
    region.focus()
    tab.page.keyboard.press("End")  # a focused scrolling region takes the keyboard: to its right end
    for _ in range(20):
        tab.page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly: the region moves a moment later, on a slow machine later still.
    tab.page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    after = label.bounding_box()
    box = region.bounding_box()
    assert before is not None
    assert after is not None
    assert box is not None
    assert box["x"] <= after["x"] < box["x"] + box["width"] / 2, "the row label scrolled out of view"
    total = tab.page.locator("#table-requests td").filter(has_text="13").first
    assert total.is_visible()  # the far right column is in view beside the label
    assert tab.errors == []


def test_a_cell_leads_to_its_appendix_entry(tab: Tab, district_url: str) -> None:
    open_page(tab, district_url, f"{REPORT}/")
    tab.page.locator("#table-requests a.fig[href$='#fig-requests-received-total']").click()
    tab.page.wait_for_url(f"{district_url}{REPORT}/appendix/#fig-requests-received-total")
    entry = tab.page.locator("#fig-requests-received-total")
    assert "一、本年新收政府信息公开申请数量；总计" in entry.inner_text()
    assert tab.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", [f"{REPORT}/", f"{REPORT}/appendix/", f"{REPORT}/print/"])
def test_axe_finds_no_serious_problem_in_the_tables(tab: Tab, district_url: str, path: str,
                                                    viewport: dict[str, int]) -> None:
    tab.page.set_viewport_size(viewport)
    open_page(tab, district_url, path)
    assert serious_problems(tab) == []
