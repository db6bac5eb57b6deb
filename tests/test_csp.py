"""The Content-Security-Policy: it comes first, it allows exactly the site's own script files and
Material's inline scripts, the site works under it in Chromium (pages, search, palette) and it
blocks what an editor might slip into a page; and every page's <title> is text."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser import Tab
from tests.conftest import ROOT, Build, build, copy_project, edit

CHAPTER = "dongli-emergency/2022/1-achievements/"
POLICY = "Content-Security-Policy"
# The one script element that is not a script: Material's configuration, a JSON data block. A
# browser runs a <script> only if its type is empty or a JavaScript type (or "module"); with any
# other type it is data, and the policy does not apply to it. Exactly this one is accepted, with
# exactly these attributes and JSON inside; any other type= (module, text/javascript, …) fails.
DATA_BLOCK = {"id": "__config", "type": "application/json"}
_META_POLICY = re.compile(rf'<meta http-equiv="{POLICY}" content="([^"]*)">')


# The query is read on input and keyup (javascripts/search.js); a keyup is sent again until results
# show, as a reader would go on typing.
_RESULTS_SHOWN = """() => {
    document.querySelector(".md-search__input").dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
    return document.querySelector(".md-search-result__item") !== null;
}"""


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def pages(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


class _Head(HTMLParser):
    """A page's first element in <head>, its policy, and every <script>: attributes and content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.first: tuple[str, dict[str, str]] | None = None  # the first element in <head>
        self.in_head = False
        self.policy: str | None = None
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._code: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.in_head and self.first is None:
            self.first = (tag, values)
        self.in_head = self.in_head or tag == "head"
        if tag == "meta" and values.get("http-equiv", "").lower() == POLICY.lower() and self.policy is None:
            self.policy = values.get("content", "")
        if tag == "script":
            self._script, self._code = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._code.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._code)))
            self._script = None


def script_problems(name: str, text: str, site: Path | None = None) -> tuple[list[str], set[str]]:
    """What is wrong with the page's policy and scripts, and the hashes its inline scripts need.

    Each <script> must be a file of the site (`src` relative to the page, with nothing inline; the
    file must exist when `site` is given), the JSON data block, or an inline script with no
    attributes whose hash the policy lists. The policy must be the first element of <head>.
    """
    head = _Head()
    head.feed(text)
    head.close()
    problems: list[str] = []
    if head.policy is None or head.first is None or head.first[0] != "meta" or "http-equiv" not in head.first[1]:
        return [f"{name}: the first element of <head> is {head.first}, not the {POLICY}"], set()
    if len(re.findall(r"<script", text, re.IGNORECASE)) != len(head.scripts):
        problems.append(f"{name}: a <script> the parser did not read as one")
    allowed = {value for value in directives(head.policy).get("script-src", []) if value.startswith("'sha256-")}
    needed: set[str] = set()
    for attrs, code in head.scripts:
        shown = f"{name}: <script {attrs}>{code[:60]}"
        if "src" in attrs:
            url = urlsplit(attrs["src"])
            if set(attrs) != {"src"} or code.strip() or url.scheme or url.netloc or attrs["src"].startswith("/" * 2):
                problems.append(shown + " (not a plain file of the site)")
            elif site is not None:
                target = urlsplit(urljoin(f"http://site/{name}", attrs["src"])).path.lstrip("/")
                if not (site / target).is_file():
                    problems.append(shown + " (no such file in the site)")
        elif attrs == DATA_BLOCK:
            try:
                json.loads(code)
            except ValueError:
                problems.append(shown + " (the data block is not JSON)")
        elif attrs:
            problems.append(shown + " (an inline script with attributes)")
        else:
            needed.add(sha256(code))
            if sha256(code) not in allowed:
                problems.append(shown + " (its hash is not in the policy)")
    return problems, needed


def title_problems(name: str, text: str) -> list[str]:
    """The page has one <title>, after the policy, and it is text: no markup at all (a tag that
    Material's striptags made of entities is markup here). A browser ends the title at the first
    `</title`, so a second one means a title that closed early."""
    titles = re.findall(r"<title>(.*?)</title", text, re.IGNORECASE | re.DOTALL)
    if len(re.findall(r"</?title", text, re.IGNORECASE)) != 2 or len(titles) != 1:
        return [f"{name}: not exactly one <title>"]
    problems = []
    if re.search(r"[<>]", titles[0]):
        problems.append(f"{name}: <title>{titles[0][:80]}")
    if text.find(POLICY) > text.lower().find("<title"):
        problems.append(f"{name}: <title> before the {POLICY}")
    return problems


def test_the_policy_is_the_first_element_of_every_page_and_the_charset_is_within_1024_bytes(site: Build) -> None:
    for name in pages(site.site):
        data = (site.site / name).read_bytes()
        head = _Head()
        head.feed(data.decode("utf-8"))
        assert head.first is not None, name
        assert head.first[0] == "meta", name
        assert head.first[1].get("http-equiv") == POLICY, name
        assert b'<meta charset="utf-8">' in data[:1024], name


def test_every_script_is_a_file_of_the_site_or_one_of_the_policys_hashes(site: Build) -> None:
    problems: list[str] = []
    allowed: set[str] = set()
    needed: set[str] = set()
    for name in pages(site.site):
        text = (site.site / name).read_text("utf-8")
        found, hashes = script_problems(name, text, site.site)
        problems += found
        needed |= hashes
        policy = _META_POLICY.search(text)
        assert policy is not None, name
        allowed |= {v for v in directives(policy.group(1))["script-src"] if v.startswith("'sha256-")}
    assert problems == [], (
        "\n".join(problems) + "\n\nIf Material's inline scripts changed: in overrides/main.html, set "
        f"script-src to 'self' {' '.join(sorted(needed))} after checking what the new scripts do.")
    assert allowed == needed, f"hashes in the policy no page needs: {sorted(allowed - needed)}"


def test_every_title_is_text(site: Build) -> None:
    texts = {name: (site.site / name).read_text("utf-8") for name in pages(site.site)}
    assert [problem for name, text in texts.items() for problem in title_problems(name, text)] == []
    # The checks refuse <, > and & in headings and nav titles: no title shows them even as text.
    shown = {name: html.unescape(re.search(r"<title>(.*?)</title>", text).group(1))  # type: ignore[union-attr]
             for name, text in texts.items()}
    assert [name for name, title in shown.items() if re.search("[<>&]", title)] == []
    # Nor the search index (its titles are shown as text all the same: search.js sets textContent).
    index = json.loads((site.site / "search" / "pages.json").read_text(encoding="utf-8"))
    assert [title for _, title, _, _ in index["pages"] if re.search("[<>&]", title)] == []
    # Nor the header, the nav and the table of contents, where Material writes titles as HTML.
    shown_in_nav = {name: re.findall(r'<span class="md-ellipsis">(.*?)</span>', text, re.DOTALL)
                    for name, text in texts.items()}
    assert "一、工作主要做法和成效" in [title.strip() for title in shown_in_nav[f"{CHAPTER}index.html"]]
    assert [(name, title) for name, titles in shown_in_nav.items() for title in titles if re.search("[<>&]", title)] \
        == []
    chapter = (site.site / CHAPTER / "index.html").read_text("utf-8")
    assert "<title>一、工作主要做法和成效 - 法治政府建设年度报告</title>" in chapter


_PAGE = ('<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="script-src \'self\' '
         f"{sha256('ok()')}\"><meta charset=\"utf-8\"><title>标题 - 网站</title>{{}}</head><body></body></html>")


@pytest.mark.parametrize("scripts", [
    pytest.param("<script>evil()</script>", id="inline-not-hashed"),
    pytest.param('<script type="module">ok()</script>', id="type-module"),
    pytest.param('<script type="text/javascript">ok()</script>', id="type-javascript"),
    pytest.param('<script type="text/plain">ok()</script>', id="type-other"),
    pytest.param('<script nonce="x">ok()</script>', id="other-attribute"),
    pytest.param('<SCRIPT>evil()</SCRIPT>', id="upper-case"),
    pytest.param('<script src="https://example.org/x.js"></script>', id="other-origin"),
    pytest.param('<script src="//example.org/x.js"></script>', id="scheme-relative"),
    pytest.param('<script src="x.js">evil()</script>', id="file-with-inline-code"),
    pytest.param('<script id="__config" type="application/json">evil()</script>', id="data-block-not-json"),
    pytest.param('<script id="__config" type="application/json" onload="x">{}</script>', id="data-block-attributes"),
])
def test_the_script_check_fails_on_any_other_script(scripts: str) -> None:
    assert script_problems("x.html", _PAGE.format("<script>ok()</script>" + scripts))[0] != []


def test_the_script_check_passes_the_hashed_script_a_file_and_the_data_block() -> None:
    scripts = ('<script>ok()</script><script src="x.js"></script>'
               '<script id="__config" type="application/json">{}</script>')
    assert script_problems("x.html", _PAGE.format(scripts)) == ([], {sha256("ok()")})


@pytest.mark.parametrize("page", [
    pytest.param(_PAGE.replace("标题", "说明 </title><script>alert(1)</script>"), id="script-in-title"),
    pytest.param(_PAGE.replace("标题", "说明 <script>alert(1)</script>"), id="script-inside-title"),
    pytest.param(_PAGE.replace("标题", "<b>标题</b>"), id="markup-in-title"),
    pytest.param(_PAGE.replace("<title>标题 - 网站</title>", ""), id="no-title"),
    pytest.param(_PAGE.replace("<meta http-equiv", "<title>x</title><meta http-equiv"), id="title-before-policy"),
])
def test_the_title_check_fails_on_markup_in_the_title(page: str) -> None:
    assert title_problems("x.html", page.format("")) != []


def test_titles_stay_text_even_with_the_checks_bypassed(tmp_path: Path) -> None:
    """The site's templates, without the macros plugin and so without the checks, given titles with
    entities and markup in a heading, a nav title and a file name: each <title> is still text (the
    markup of the file name does reach the nav and the page's <h1>, as Material writes titles
    there: the file name rule stops it)."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"  - macros:\n(      .*\n)+", "", config.read_text("utf-8")), "utf-8")
    report = project / "docs" / "dongli-emergency" / "2022"
    edit(report / "3-next-steps.md", "# 三、下一步工作计划",
         "# 说明 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &#60;/title&#62; &amp;lt;")
    (report / "<img src=x onerror=alert(1)>.md").write_text("正文\n", "utf-8")
    edit(config, "      - 打印版: ", "      - \"&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\": ")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    problems: list[str] = []
    for name in pages(result.site):
        problems += title_problems(name, (result.site / name).read_text("utf-8"))
    assert problems == []
    chapter = (result.site / "dongli-emergency/2022/3-next-steps/index.html").read_text("utf-8")
    assert "<title>说明 &amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;#60;" \
        in chapter
    named = (result.site / "dongli-emergency/2022/<img src=x onerror=alert(1)>/index.html").read_text("utf-8")
    assert "<title>&lt;img src=x onerror=alert(1)&gt; - 法治政府建设年度报告</title>" in named
    printed = (result.site / "dongli-emergency/2022/print/index.html").read_text("utf-8")
    assert "<title>&amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; - " in printed


def test_the_policy_allows_nothing_from_another_origin_and_no_inline_code(site: Build) -> None:
    meta = _META_POLICY.search((site.site / "index.html").read_text("utf-8"))
    assert meta is not None
    policy = directives(meta.group(1))
    assert policy["default-src"] == ["'none'"]
    for name, values in policy.items():
        assert set(values) <= {"'self'", "'none'", "data:"} | {v for v in values if v.startswith("'sha256-")}, name
    assert "data:" in policy["img-src"]  # the icons in Material's stylesheets
    assert "data:" not in policy["script-src"] + policy["style-src"]


def test_the_override_is_where_the_policy_comes_from() -> None:
    assert "Content-Security-Policy" in (ROOT / "overrides" / "main.html").read_text("utf-8")


@pytest.mark.parametrize("name", ["index.html", "404.html", f"{CHAPTER}index.html",
                                  "dongli-emergency/2022/index.html"])
def test_pages_load_under_the_policy_without_violations(tab: Tab, site_url: str, name: str) -> None:
    tab.page.goto(site_url + name)
    tab.page.wait_for_load_state("networkidle")
    if tab.page.locator("article data").count():
        tab.page.locator("article data").first.hover()  # Material's tooltips
    # javascripts/scope.js gives the scope Material's inline script gave: the site's root.
    assert tab.page.evaluate("__md_scope.href") == site_url
    assert tab.violations() == []
    assert tab.errors == []


def test_search_finds_chinese_words_under_the_policy(tab: Tab, site_url: str) -> None:
    tab.page.goto(site_url + CHAPTER)
    tab.page.click("input.md-search__input")
    tab.page.keyboard.type("行政处罚")
    tab.page.wait_for_function(_RESULTS_SHOWN, polling=200)
    assert tab.page.locator(".md-search-result__item").count() >= 1
    assert "行政处罚" in tab.page.locator(".md-search-result__list").inner_text()
    assert tab.violations() == []
    assert tab.errors == []


def test_the_palette_toggle_switches_and_is_remembered_under_the_policy(tab: Tab, site_url: str) -> None:
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    tab.page.emulate_media(color_scheme="light")
    tab.page.goto(site_url + CHAPTER)
    assert tab.page.evaluate(scheme) == "default"
    tab.page.click("label[for='__palette_1']")
    assert tab.page.evaluate(scheme) == "slate"
    tab.page.reload()
    assert tab.page.evaluate(scheme) == "slate"  # Material's inline palette script ran
    assert tab.violations() == []
    assert tab.errors == []


def test_the_policy_blocks_code_and_foreign_loads_slipped_into_a_page(
    tab: Tab, site: Build, serve: Callable[[Path], str], tmp_path: Path,
) -> None:
    """Were the build's guards bypassed, the browser still runs none of it."""
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "pixel.gif").write_bytes(base64.b64decode("R0lGODlhAQABAAAAACwAAAAAAQABAAACAA=="))
    other_origin = serve(foreign)
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    chapter = copy / CHAPTER / "index.html"
    injected = (
        "<script>document.title='PWNED'</script>"
        "<img id=handler src=missing.png onerror=\"document.title='PWNED'\">"
        "<a id=link href=\"javascript:document.title='PWNED'\">x</a>"
        f"<img id=foreign src='{other_origin}pixel.gif'>"
    )
    chapter.write_text(chapter.read_text("utf-8").replace("</article>", injected + "</article>", 1), "utf-8")
    tab.page.goto(serve(copy) + CHAPTER)
    tab.page.wait_for_load_state("networkidle")
    tab.page.click("#link")
    assert tab.page.title() != "PWNED"
    assert tab.page.evaluate("document.getElementById('foreign').naturalWidth") == 0
    blocked = " ".join(tab.violations())
    assert "script-src-elem blocked inline" in blocked
    assert "script-src-attr blocked inline" in blocked
    assert f"img-src blocked {other_origin}pixel.gif" in blocked
