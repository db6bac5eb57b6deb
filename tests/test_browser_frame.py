"""What a reader of a Chinese government site expects around the reports (issue 16, items 1-5), in headless
Chromium on a phone and a desktop: 发布日期 from the record or report.yaml and nothing invented; the footer's
identity, each field only when set; how to report a mistake; which report a page belongs to, the report's
contents, its previous and next page, the body's other years; a Chinese 404 with a way home and to
search, under a sub-path; three text sizes and high contrast, by keyboard, remembered on the device.

The real site (one report, data/site.yaml with nothing set) and the fixture district published under a
sub-path (/sub/, site_url in its mkdocs.yml), with a record of publication for 示例区甲局 2022, a
published_on in report.yaml for 示例区甲局 2023, and its fictitious site identity (some fields left out).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

pytest.importorskip("tests.browser", reason="需要浏览器夹具 tests/browser.py（Playwright 与 Debian 的 chromium）")

from tests.browser import Tab
from tests.conftest import Build, build, edit
from tests.test_browser_site import open_page, serious_problems
from tests.test_fixture_district import district
from tests.test_site import REPORT

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
SUB = "sub"  # the district's sub-path, as a GitHub Pages project site has one


@pytest.fixture(scope="session")
def real_url(site: Build, serve: Callable[..., str]) -> str:
    """The real site at the root of its host, its 404 page for missing addresses."""
    return serve(site.site, site.site / "404.html")


@pytest.fixture(scope="session")
def published_district(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture district published at https://…/sub/: 示例区甲局 2022 recorded as published on
    2023-03-31 (make record), 示例区甲局 2023's report.yaml saying published_on: 2024-03-29."""
    project = district(tmp_path_factory.mktemp("published-district"))
    edit(project / "mkdocs.yml", "docs_dir: docs\n", f"site_url: https://example.org/{SUB}/\ndocs_dir: docs\n")
    record = subprocess.run([sys.executable, "-m", "macros.commands.record", "example-a/2022", "2023-03-31"],
                            cwd=project, capture_output=True, text=True, check=False)
    assert record.returncode == 0, record.stderr
    meta = project / "data" / "example-a" / "2023" / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "published_on: 2024-03-29\n", encoding="utf-8")
    result = build(project, project / "host" / SUB)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def district_url(published_district: Build, serve: Callable[..., str]) -> str:
    """The district's home page, under /sub/ of its host; the host answers any missing address with it."""
    return serve(published_district.site.parent, published_district.site / "404.html") + f"{SUB}/"


def failed_requests(tab: Tab) -> list[str]:
    """Record every request of the page that got no answer or an error (but the page itself)."""
    failed: list[str] = []
    tab.page.on("requestfailed", lambda request: failed.append(request.url))
    tab.page.on("response", lambda response: response.status >= 400 and response.request.resource_type != "document"
                and failed.append(f"{response.status} {response.url}"))
    return failed


def meta_rows(tab: Tab) -> dict[str, str]:
    rows = tab.page.locator("article table:has(caption:text-is('报告信息')) tr")
    return {row.locator("th").inner_text().strip(): row.locator("td").inner_text().strip() for row in rows.all()}


# -- 1. dates -----------------------------------------------------------------------------------------

def test_the_publication_date_is_the_recorded_day_or_report_yamls_and_never_invented(
    tab: Tab, district_url: str,
) -> None:
    open_page(tab, district_url, "example-a/2022/")
    assert meta_rows(tab)["发布日期"] == "2023年3月31日"  # make record … DATE=2023-03-31
    open_page(tab, district_url, "example-a/2023/")
    assert meta_rows(tab)["发布日期"] == "2024年3月29日"  # report.yaml's published_on
    open_page(tab, district_url, "example-b/2023/")
    assert not {"发布日期", "成文日期", "索引号", "文号"} & set(meta_rows(tab))  # none known: none shown
    open_page(tab, district_url, "")
    home = tab.page.locator("article").inner_text()
    assert "发布日期：2023年3月31日" in home
    assert "发布日期：2024年3月29日" in home


def test_the_real_report_shows_no_date_it_does_not_know(tab: Tab, real_url: str) -> None:
    open_page(tab, real_url, f"{REPORT}/")
    assert not {"发布日期", "成文日期", "索引号", "文号"} & set(meta_rows(tab))


# -- 2. footer and feedback ---------------------------------------------------------------------------

@pytest.mark.parametrize("screen", SCREENS)
def test_the_footer_shows_each_identity_field_only_when_set(tab: Tab, district_url: str, screen: dict) -> None:
    tab.page.set_viewport_size(screen)
    open_page(tab, district_url, "example-b/2023/")
    footer = tab.page.locator("footer.md-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    text = footer.inner_text()
    for shown in ("主办单位：示例区人民政府办公室", "联系电话：000-00000000", "邮箱：feedback@example.org",
                  "网站标识码：0000000000", "ICP备案号：示ICP备00000000号", "纠错留言"):
        assert shown in text
    for left_out in ("承办单位", "地址", "公安机关备案号"):  # not set in the district's data/site.yaml
        assert left_out not in text
    assert footer.get_by_role("link", name="示ICP备00000000号").get_attribute("href") == "https://beian.miit.gov.cn/"
    assert footer.get_by_role("link", name="纠错留言").get_attribute("href") == "https://example.org/feedback"
    assert footer.get_by_role("link", name="feedback@example.org").get_attribute("href") == \
        "mailto:feedback@example.org"


def test_with_nothing_set_the_real_site_shows_no_footer_band(tab: Tab, real_url: str) -> None:
    open_page(tab, real_url, f"{REPORT}/")
    assert not tab.page.locator("footer.md-footer").is_visible()
    assert "主办单位" not in tab.page.locator("body").inner_text()


@pytest.mark.parametrize("path", ["example-a/2022/", "example-b/2023/appendix/", "corrections/"])
def test_report_pages_and_the_corrections_page_say_where_to_report_a_wrong_number(
    tab: Tab, district_url: str, path: str,
) -> None:
    open_page(tab, district_url, path)
    said = tab.page.locator("article .report-feedback")
    assert said.is_visible()
    assert "发现报告中的数字或文字有误" in said.inner_text()
    assert said.get_by_role("link", name="纠错留言").get_attribute("href") == "https://example.org/feedback"
    assert "致电000-00000000" in said.inner_text()


@pytest.mark.parametrize("path", [f"{REPORT}/", f"{REPORT}/1-achievements/", f"{REPORT}/print/"])
def test_without_a_channel_the_report_names_its_body(tab: Tab, real_url: str, path: str) -> None:
    open_page(tab, real_url, path)
    said = tab.page.locator("article .report-feedback")
    assert said.inner_text().strip() == "发现报告中的数字或文字有误，请联系发布机构东丽区应急管理局。"


# -- 3. navigation ------------------------------------------------------------------------------------

CHAPTERS = ["一、工作主要做法和成效", "二、存在的不足和原因", "三、下一步工作计划", "数据附录", "打印版"]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_reports_first_page_lists_its_chapters(tab: Tab, real_url: str, screen: dict) -> None:
    tab.page.set_viewport_size(screen)
    open_page(tab, real_url, f"{REPORT}/")
    contents = tab.page.get_by_role("navigation", name="本报告目录")
    contents.scroll_into_view_if_needed()
    assert contents.is_visible()
    assert [link.inner_text() for link in contents.get_by_role("link").all()] == CHAPTERS
    contents.get_by_role("link", name="二、存在的不足和原因").click()
    tab.page.wait_for_url(f"{real_url}{REPORT}/2-shortcomings/")
    assert tab.errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_next_links_read_the_report_through_without_the_menu(tab: Tab, real_url: str, screen: dict) -> None:
    """On a phone the nav is behind ☰: the report is read from its first page to its last by 下一页."""
    tab.page.set_viewport_size(screen)
    open_page(tab, real_url, f"{REPORT}/")
    read = []
    for _ in range(len(CHAPTERS) + 1):
        following = tab.page.locator("article .report-pager a[rel=next]")
        if following.count() == 0:
            break
        following.scroll_into_view_if_needed()
        assert following.is_visible()
        following.click()
        tab.page.wait_for_load_state()
        read.append(tab.page.locator("article .report-pager a[rel=prev]").inner_text().split("\n")[-1])
    assert read == ["东丽应急管理局2022年法治政府建设年度报告", *CHAPTERS[:-1]]
    assert tab.page.url == f"{real_url}{REPORT}/print/"
    previous = tab.page.locator("article .report-pager a[rel=prev]")
    previous.click()
    tab.page.wait_for_url(f"{real_url}{REPORT}/appendix/")


def test_the_pager_stays_within_its_report(tab: Tab, district_url: str) -> None:
    """The nav goes on from 示例区甲局 2022's printable copy to 示例区甲局 2023: its 下一页 does not."""
    open_page(tab, district_url, "example-a/2022/print/")
    assert tab.page.locator("article .report-pager a[rel=next]").count() == 0
    open_page(tab, district_url, "example-a/2023/")
    assert tab.page.locator("article .report-pager a[rel=prev]").count() == 0


@pytest.mark.parametrize(("path", "others"), [
    ("example-a/2023/", ["示例区甲局2022年法治政府建设年度报告"]),
    ("example-a/2022/", ["示例区甲局2023年法治政府建设年度报告"]),
    ("example-b/2022/", ["示例区乙局2023年政府信息公开工作年度报告"]),
])
def test_a_bodys_other_years_are_linked_from_each_of_its_reports(
    tab: Tab, district_url: str, path: str, others: list[str],
) -> None:
    tab.page.set_viewport_size(PHONE)
    open_page(tab, district_url, path)
    listed = tab.page.locator("article .report-others")
    listed.scroll_into_view_if_needed()
    assert listed.is_visible()
    assert [link.inner_text() for link in listed.get_by_role("link").all()] == others
    listed.get_by_role("link").first.click()
    tab.page.wait_for_load_state()
    assert tab.page.locator("article h1").inner_text() == others[0]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", ["1-achievements/", "appendix/", "print/"])
def test_every_page_says_which_report_it_belongs_to(tab: Tab, real_url: str, screen: dict, path: str) -> None:
    tab.page.set_viewport_size(screen)
    open_page(tab, real_url, f"{REPORT}/{path}")
    line = tab.page.locator("article .report-of")
    assert line.is_visible()
    assert line.inner_text() == "本页属于：东丽应急管理局2022年法治政府建设年度报告"
    box = line.bounding_box()
    assert box is not None
    assert box["y"] < PHONE["height"], "the line is not in view when the page opens"
    line.get_by_role("link").click()
    tab.page.wait_for_url(f"{real_url}{REPORT}/")


# -- 4. the 404 page ----------------------------------------------------------------------------------

@pytest.mark.parametrize("screen", SCREENS)
def test_a_missing_address_under_the_sub_path_gets_a_chinese_page_home_and_to_search(
    tab: Tab, district_url: str, screen: dict,
) -> None:
    tab.page.set_viewport_size(screen)
    failed = failed_requests(tab)
    response = tab.page.goto(district_url + "example-a/2031/no/such/page/", wait_until="networkidle")
    assert response is not None
    assert response.status == 404
    assert tab.page.locator("article h1").inner_text() == "没有找到这个页面"
    assert tab.page.title().startswith("没有找到这个页面")
    assert "Not found" not in tab.page.locator("body").inner_text()
    assert failed == []  # its stylesheets and scripts are found under /sub/
    assert tab.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert tab.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]  # itself
    tab.page.get_by_role("link", name="返回首页").click()
    tab.page.wait_for_url(district_url)
    assert tab.page.locator("article").get_by_role("link", name="示例区甲局2022年法治政府建设年度报告").is_visible()


def test_the_404_pages_search_finds_a_report(tab: Tab, district_url: str) -> None:
    tab.page.goto(district_url + "no-such-page/", wait_until="networkidle")
    field = tab.page.get_by_role("searchbox", name="搜索本站")
    field.fill("示例区乙局")
    field.press("Enter")
    results = tab.page.locator(".md-search-result__item a")
    results.first.wait_for()
    assert tab.page.url.startswith(district_url)
    assert any("example-b/" in (link.get_attribute("href") or "") for link in results.all())


def test_the_real_sites_404_is_chinese(tab: Tab, real_url: str) -> None:
    failed = failed_requests(tab)
    response = tab.page.goto(real_url + "dongli-emergency/2019/", wait_until="networkidle")
    assert response is not None
    assert response.status == 404
    assert tab.page.locator("article h1").inner_text() == "没有找到这个页面"
    assert failed == []


# -- 5. 适老化 ---------------------------------------------------------------------------------------

def text_size(tab: Tab) -> float:
    return float(tab.page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"))


@pytest.mark.parametrize("screen", SCREENS)
def test_the_text_size_is_chosen_by_keyboard_and_remembered(tab: Tab, real_url: str, screen: dict) -> None:
    tab.page.set_viewport_size(screen)
    open_page(tab, real_url, f"{REPORT}/1-achievements/")
    standard = text_size(tab)
    sizes = tab.page.get_by_role("group", name="字号")
    assert [b.inner_text() for b in sizes.get_by_role("button").all()] == ["标准", "大", "特大"]
    assert sizes.get_by_role("button", name="标准").get_attribute("aria-pressed") == "true"
    for _ in range(10):  # the skip link, then the settings, before the header
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.textContent.trim()") == "特大":
            break
    else:
        pytest.fail("Tab never reached 特大")
    tab.page.keyboard.press("Enter")
    assert sizes.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    larger = text_size(tab)
    assert larger >= standard * 1.3
    open_page(tab, real_url, f"{REPORT}/2-shortcomings/")  # another page: still 特大
    assert text_size(tab) == larger
    assert tab.page.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    tab.page.reload()
    assert text_size(tab) == larger
    tab.page.get_by_role("button", name="大", exact=True).click()
    assert standard < text_size(tab) < larger
    tab.page.get_by_role("button", name="标准").click()
    assert text_size(tab) == standard
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    assert tab.errors == []
    assert tab.violations() == []


def test_the_largest_text_fits_a_phone(tab: Tab, real_url: str) -> None:
    tab.page.set_viewport_size(PHONE)
    open_page(tab, real_url, f"{REPORT}/1-achievements/")
    tab.page.get_by_role("button", name="特大").click()
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_high_contrast_is_black_and_white_remembered_and_passes_axe(tab: Tab, real_url: str, scheme: str) -> None:
    tab.page.emulate_media(color_scheme=scheme)
    open_page(tab, real_url, f"{REPORT}/1-achievements/")
    toggle = tab.page.get_by_role("button", name="高对比度")
    toggle.focus()
    tab.page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "true"
    colours = tab.page.evaluate("[getComputedStyle(document.querySelector('article p')).color, "
                                "getComputedStyle(document.body).backgroundColor]")
    assert colours == (["rgb(0, 0, 0)", "rgb(255, 255, 255)"] if scheme == "light"
                       else ["rgb(255, 255, 255)", "rgb(0, 0, 0)"])
    open_page(tab, real_url, f"{REPORT}/appendix/")
    assert tab.page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    assert serious_problems(tab) == []


def test_the_title_and_the_navigation_are_readable(tab: Tab, real_url: str) -> None:
    tab.page.set_viewport_size(DESKTOP)
    open_page(tab, real_url, f"{REPORT}/1-achievements/")
    h1 = tab.page.evaluate("(s => [s.fontWeight, s.color])(getComputedStyle(document.querySelector('article h1')))")
    assert int(h1[0]) >= 700
    assert h1[1] in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)")
    nav = tab.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-nav__link')).fontSize)")
    assert nav >= 16


# -- axe on what is new ------------------------------------------------------------------------------

@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("path", "size"), [
    ("example-a/2023/", "standard"), ("example-b/2022/", "larger"), ("corrections/", "large"),
    ("no-such-page/", "standard"),
])
def test_axe_finds_no_serious_problem_on_the_frame(tab: Tab, district_url: str, screen: dict, path: str,
                                                   size: str) -> None:
    tab.page.set_viewport_size(screen)
    tab.page.goto(district_url + path)
    if size != "standard":
        tab.page.locator(f"button[data-text-size={size}]").click()
    assert serious_problems(tab) == []
