"""Search as a reader uses it, in headless Chromium: the query typed with real key events (Chinese
through an input method's composition, digits and signs key by key), the first result opened; it
must land on the paragraph (or appendix row) that holds the term, with the whole term highlighted
and in view. Opening a page fetches no search file; the first search fetches only from the site.

The selectors are Material's result classes, which the site's own search keeps, so these tests run
against either engine: against Material + jieba (the site before issue 15) they fail.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

pytest.importorskip("tests.browser", reason="需要浏览器夹具 tests/browser.py（Playwright 与 Debian 的 chromium）")

from tests.browser import Tab
from tests.test_site import REPORT
from tests.test_vendor import AXE

CHAPTER = f"{REPORT}/1-achievements/"
# The queries and more: terms of the text, terms of terms.txt, figures in their published form.
QUERIES = ["持证", "合同审核", "自建房", "没收违法所得", "专项应急预案", "值班值守", "1553", "23111", "处罚金额",
           "86.1%", "行政处罚", "法律顾问", "夜间电话点名", "防汛", "应急预案", "955.61万元", "双控平台", "12350",
           "敲门行动", "普法责任清单"]
# A block the reader lands on: a paragraph, list item, heading, or the figure's row in the appendix.
_LANDED = """() => {
    const marks = [...document.querySelectorAll("article mark")];
    const first = marks[0];
    if (!first) return null;
    const block = first.closest("p, li, tr, dt, dd, h1, h2, h3, h4, h5, h6");
    const box = first.getBoundingClientRect();
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
    return {
        tag: block ? block.tagName.toLowerCase() : "",
        text: block ? block.textContent : "",
        marks: block ? [...block.querySelectorAll("mark")].map(mark => mark.textContent) : [],
        elsewhere: marks.filter(mark => !block || !block.contains(mark)).length,
        inView: box.top >= header && box.bottom <= window.innerHeight && box.width > 0,
    };
}"""


_IME_KEY = {"key": "Process", "code": "KeyX", "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229}
_COMMIT_KEY = {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "nativeVirtualKeyCode": 32}


def type_as_reader(tab: Tab, text: str) -> None:
    """Type into the focused field as a reader does: digits, Latin letters and signs as key presses;
    each run of Chinese through an input method: composed from its pinyin, then committed."""
    session = tab.page.context.new_cdp_session(tab.page)
    for run in re.findall(r"[\u3000-\u9fff\uff00-\uffef]+|[^\u3000-\u9fff\uff00-\uffef]+", text):
        if re.match(r"[\u3000-\u9fff\uff00-\uffef]", run):
            pinyin = "".join("x" for _ in run)  # what the input method shows while composing
            for n in range(1, len(pinyin) + 1):  # a key of the input method: "Process", key code 229
                session.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **_IME_KEY})
                session.send("Input.imeSetComposition",
                             {"text": pinyin[:n], "selectionStart": n, "selectionEnd": n})
                session.send("Input.dispatchKeyEvent", {"type": "keyUp", **_IME_KEY})
            # The reader picks the words with the space bar: the input method commits them.
            session.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **_IME_KEY})
            session.send("Input.insertText", {"text": run})
            session.send("Input.dispatchKeyEvent", {"type": "keyUp", **_COMMIT_KEY})
        else:
            tab.page.keyboard.type(run, delay=20)
    session.detach()


def open_search(tab: Tab, site_url: str, path: str) -> None:
    tab.page.goto(site_url + path)
    tab.page.locator(".md-search__input").click()


def first_result(tab: Tab, query: str):
    """The first result for the whole query (not for the part typed when a slow machine paused)."""
    type_as_reader(tab, query)
    answering = f".md-search-result__list[data-query={json.dumps(query, ensure_ascii=False)}]"
    results = tab.page.locator(f"{answering} .md-search-result__item a")
    results.first.wait_for()
    return results.first


@pytest.mark.parametrize("query", QUERIES)
def test_the_first_result_lands_on_the_block_with_the_whole_term_highlighted(
        tab: Tab, site_url: str, query: str) -> None:
    open_search(tab, site_url, CHAPTER)
    link = first_result(tab, query)
    href = link.get_attribute("href") or ""
    assert urlsplit(href).path.startswith(urlsplit(site_url).path + REPORT), href
    link.click()
    tab.page.locator("article mark").first.wait_for()
    tab.page.wait_for_timeout(300)  # not an assertion: let the landing scroll settle before measuring
    landed = tab.page.evaluate(_LANDED)
    assert landed is not None, f"{query}: nothing highlighted at {tab.page.url}"
    assert landed["tag"] in {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}, landed
    assert query in re.sub(r"\s", "", landed["text"]), landed
    # The whole term, not a character or a word of it: the marks read as the term, as often as it occurs.
    occurrences = re.sub(r"\s", "", landed["text"]).count(query)
    assert "".join(landed["marks"]) == query * occurrences, landed["marks"]
    assert landed["elsewhere"] == 0
    assert landed["inView"], f"{query}: the highlight is out of view"
    assert tab.errors == []


@pytest.mark.parametrize("query", ["行政处罚", "86.1%", "夜间电话点名"])
def test_snippets_are_readable_chinese_without_keys_or_english(tab: Tab, site_url: str, query: str) -> None:
    open_search(tab, site_url, CHAPTER)
    first_result(tab, query)
    items = tab.page.locator(".md-search-result__item").all_inner_texts()
    assert items
    text = "\n".join(items)
    assert re.findall(r"[A-Za-z_]{2,}", text) == []  # no figure key, no English word
    assert "缺少" not in text  # Material's "missing: …" for a term it could not match
    assert query in re.sub(r"\s", "", items[0])
    marks = tab.page.locator(".md-search-result__item mark").all_inner_texts()
    assert marks
    assert {re.sub(r"\s", "", mark) for mark in marks} == {query}  # 86.1 % in the appendix is 86.1%


def test_opening_a_page_fetches_no_search_file_and_the_first_search_stays_on_the_site(
        tab: Tab, site_url: str) -> None:
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    tab.page.goto(site_url + CHAPTER, wait_until="networkidle")
    opened = list(requested)
    assert [url for url in opened if "search" in urlsplit(url).path and not url.endswith(".js")] == []
    tab.page.locator(".md-search__input").click()
    first_result(tab, "双控平台")
    searched = requested[len(opened):]
    assert any("/search/" in url for url in searched)
    assert [url for url in requested if not url.startswith((site_url, "data:"))] == []
    assert tab.violations() == []
    assert tab.errors == []


def test_the_keyboard_reaches_a_result_and_opens_it(tab: Tab, site_url: str) -> None:
    open_search(tab, site_url, "")
    first_result(tab, "值班值守")
    tab.page.keyboard.press("ArrowDown")
    assert tab.page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    tab.page.keyboard.press("Enter")
    tab.page.locator("article mark").first.wait_for()
    assert "值班值守" in tab.page.evaluate("document.activeElement.textContent")  # focus is on the block


def test_tabbing_past_the_search_field_closes_the_dialog_and_keeps_the_focus(tab: Tab, site_url: str) -> None:
    """A keyboard reader tabs through the header: the field opens the dialog on focus; tabbing on out of
    it closes the dialog, and the focus stays where the reader put it (not pulled back to the field)."""
    tab.page.goto(site_url + CHAPTER, wait_until="networkidle")
    for _ in range(30):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.matches('.md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search field")
    assert tab.page.locator("#__search").is_checked()
    for _ in range(30):
        tab.page.keyboard.press("Tab")
        if not tab.page.evaluate("document.querySelector('.md-search').contains(document.activeElement)"):
            break
    else:
        pytest.fail("Tab never left the search dialog")
    left_to = tab.page.evaluate("document.activeElement.outerHTML")
    tab.page.wait_for_timeout(500)  # longer than the dialog takes to show the field
    assert not tab.page.locator("#__search").is_checked()
    assert tab.page.evaluate("document.activeElement.outerHTML") == left_to


def test_a_query_no_paragraph_holds_whole_finds_the_terms_it_is_made_of(tab: Tab, site_url: str) -> None:
    """双控平台网格员: two search terms (terms.txt) that no block holds side by side."""
    open_search(tab, site_url, CHAPTER)
    first_result(tab, "双控平台网格员")
    marks = set(tab.page.locator(".md-search-result__item").first.locator("mark").all_inner_texts())
    assert marks
    assert marks <= {"双控平台", "网格员"}


def test_axe_finds_no_violation_in_the_open_search_with_results(tab: Tab, site_url: str) -> None:
    open_search(tab, site_url, CHAPTER)
    first_result(tab, "行政处罚")
    tab.page.evaluate(AXE.read_text(encoding="utf-8"))
    found = tab.page.evaluate(
        "axe.run(document.querySelector('.md-search')).then(result => "
        "result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))")
    assert found == []
