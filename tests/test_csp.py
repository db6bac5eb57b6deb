"""The Content-Security-Policy: it allows exactly Material's inline scripts, the site works under it
in Chromium (pages, search, palette) and it blocks what an editor might slip into a page."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser import Tab
from tests.conftest import ROOT, Build

CHAPTER = "dongli-emergency/2022/1-achievements/"
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">')
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(?P<code>.*?)</script>", re.DOTALL)


# Material reads the query on keyup once its search index is ready; typed before that, it is
# asked again until results show.
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


def test_every_page_has_the_policy_and_it_allows_exactly_materials_inline_scripts(site: Build) -> None:
    allowed: set[str] = set()
    needed: set[str] = set()
    for name in pages(site.site):
        text = (site.site / name).read_text("utf-8")
        meta = _META.search(text)
        assert meta is not None, f"{name}: no Content-Security-Policy"
        policy = directives(meta.group("policy"))
        allowed |= {value for value in policy["script-src"] if value.startswith("'sha256-")}
        for script in _INLINE_SCRIPT.finditer(text):
            if script.start() < meta.start():  # runs before the policy: only Material's __md_scope
                assert script.group("code").startswith("__md_scope="), f"{name}: {script.group(0)[:80]}"
            else:
                needed.add(sha256(script.group("code")))
    assert allowed == needed, (
        "Material's inline scripts changed: in overrides/main.html, set script-src to\n"
        f"'self' {' '.join(sorted(needed))}\nafter checking what the new scripts do."
    )


def test_the_policy_allows_nothing_from_another_origin_and_no_inline_code(site: Build) -> None:
    meta = _META.search((site.site / "index.html").read_text("utf-8"))
    assert meta is not None
    policy = directives(meta.group("policy"))
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
    assert tab.violations() == []
    assert tab.errors == []


def test_search_finds_chinese_words_under_the_policy(tab: Tab, site_url: str) -> None:
    tab.page.goto(site_url + CHAPTER)
    tab.page.click("input.md-search__input")
    tab.page.keyboard.type("行政处罚")
    tab.page.wait_for_function(_RESULTS_SHOWN, polling=200)
    assert tab.page.locator(".md-search-result__item").count() >= 1
    assert "行政处罚" in tab.page.locator(".md-search-result__list").inner_text().replace("\u200b", "")
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
