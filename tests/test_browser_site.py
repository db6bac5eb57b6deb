"""The public site as a reader uses it, in headless Chromium: pages open cleanly and load nothing
from another origin; search finds the report's terms, numbers and hotline; a figure leads to its
appendix entry and back, by mouse and by keyboard; axe-core finds no serious or critical problem.

The browser fixtures (`tab`, `site_url`) are tests/browser.py's, which comes with the site's
security work; until it is there, and on a machine without Chromium, these tests are skipped with
the reason shown.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytest.importorskip("tests.browser", reason="需要浏览器夹具 tests/browser.py（Playwright 与 Debian 的 chromium）")

from tests.browser import Tab
from tests.test_site import REPORT
from tests.test_vendor import AXE

CHAPTER = f"{REPORT}/1-achievements/"
APPENDIX = f"{REPORT}/appendix/"
PAGES = ["", f"{REPORT}/", CHAPTER, f"{REPORT}/2-shortcomings/", f"{REPORT}/3-next-steps/", APPENDIX,
         f"{REPORT}/print/", "corrections/"]
SERIOUS = {"serious", "critical"}


def open_page(tab: Tab, site_url: str, path: str, wait_until: str = "load") -> list[str]:
    """Open a page; return every URL the browser requested for it (until `wait_until`: "networkidle"
    also catches what its scripts request after it loaded)."""
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    tab.page.goto(site_url + path, wait_until=wait_until)  # type: ignore[arg-type]  # one of Playwright's literals
    return requested


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_cleanly_from_its_own_origin(tab: Tab, site_url: str, path: str) -> None:
    requested = open_page(tab, site_url, path, "networkidle")
    assert [url for url in requested if not url.startswith((site_url, "data:"))] == []
    assert tab.errors == []
    assert tab.page.locator("html").get_attribute("lang") == "zh"
    assert tab.page.locator("article h1").count() == 1


@pytest.mark.parametrize(("query", "page"), [
    pytest.param("双控平台", CHAPTER, id="term-from-terms-txt"),
    pytest.param("敲门行动", CHAPTER, id="quoted-action"),
    pytest.param("955.61", CHAPTER, id="amount"),
    pytest.param("86.1", CHAPTER, id="rate"),
    pytest.param("12350", CHAPTER, id="hotline"),
    pytest.param("普法力度", f"{REPORT}/2-shortcomings/", id="shortcomings"),
    pytest.param("执法培训", f"{REPORT}/3-next-steps/", id="next-steps"),
])
def test_search_finds_the_page(tab: Tab, site_url: str, query: str, page: str) -> None:
    open_page(tab, site_url, "")
    search = tab.page.locator(".md-search__input")
    search.fill(query)
    search.press("End")  # Material searches on keyup; filling the field alone types no key
    results = tab.page.locator(".md-search-result__item a")
    results.first.wait_for()
    found = {urlsplit(link.get_attribute("href") or "").path.removeprefix(urlsplit(site_url).path)
             for link in results.all()}
    assert page in found
    assert f"{REPORT}/print/" not in found  # the printable copy repeats the chapters: not indexed


def target_id(tab: Tab) -> str:
    return tab.page.evaluate("document.querySelector(':target')?.id ?? ''")


def test_a_figure_leads_to_its_entry_and_back(tab: Tab, site_url: str) -> None:
    open_page(tab, site_url, CHAPTER)
    tab.page.locator("a.fig", has_text="955.61万元").click()
    tab.page.wait_for_url(f"{site_url}{APPENDIX}#fig-enforcement-penalties-amount")
    entry = tab.page.locator("#fig-enforcement-penalties-amount")
    assert target_id(tab) == "fig-enforcement-penalties-amount"
    assert entry.is_visible()
    assert "行政处罚金额" in entry.inner_text()
    entry.get_by_role("link", name="一、工作主要做法和成效").click()
    tab.page.wait_for_url(f"{site_url}{CHAPTER}#cite-enforcement-penalties-amount-1")
    assert target_id(tab) == "cite-enforcement-penalties-amount-1"
    assert tab.page.locator("#cite-enforcement-penalties-amount-1").inner_text() == "955.61万元"
    assert tab.errors == []


def test_the_keyboard_reaches_a_figure_and_follows_it(tab: Tab, site_url: str) -> None:
    open_page(tab, site_url, CHAPTER)
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.textContent.trim()") == "跳转至"  # Material's skip link
    for _ in range(100):  # header, navigation, table of contents, then the text
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.classList.contains('fig')"):
            break
    else:
        pytest.fail("Tab never reached a figure in the text")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(re.escape(site_url + APPENDIX) + "#fig-"))


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_problem(tab: Tab, site_url: str, path: str) -> None:
    open_page(tab, site_url, path)
    assert serious_problems(tab) == []


def serious_problems(tab: Tab) -> list[str]:
    """What axe-core finds serious or critical on the open page, one line each. It is evaluated as DevTools
    evaluates a script: the page's CSP still stands for everything else."""
    tab.page.evaluate(AXE.read_text(encoding="utf-8"))
    found = tab.page.evaluate("axe.run(document).then(result => result.violations.map(v => ({id: v.id, "
                              "impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))")
    return [f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'][:5])}"
            for v in found if v["impact"] in SERIOUS]
