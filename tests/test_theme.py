"""The theme and the page structure assistive technology relies on, checked on the built HTML (the
browser tests add axe-core in Chromium)."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import material
import yaml

from tests.conftest import ROOT, Build
from tests.test_site import page

_COMMENT = re.compile(r"\{#-?.*?-?#\}\n?", re.DOTALL)
_SEARCH_BUTTON = re.compile(r'    \{% if "material/search" in config\.plugins %\}\n.*?\n    \{% endif %\}\n', re.DOTALL)


_OWN_SEARCH = """    <label class="md-header__button md-icon" for="__search">
      {% set icon = config.theme.icon.search or "material/magnify" %}
      {% include ".icons/" ~ icon ~ ".svg" %}
    </label>
    {% include "partials/search.html" %}
"""


def test_the_header_is_materials_own_with_the_sites_search() -> None:
    """When Material changes its header, copy it again into overrides/partials/ with the site's search
    in place of the part that shows Material's search plugin."""
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    (part,) = _SEARCH_BUTTON.findall(theirs)
    assert _COMMENT.sub("", ours) == _COMMENT.sub("", theirs).replace(part, _OWN_SEARCH)


def test_the_search_dialog_speaks_chinese_and_is_not_materials_form() -> None:
    """Material's script downloads its whole index when the page has a form named "search"."""
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    assert 'name="search"' not in ours
    assert 'role="dialog" aria-label="站内搜索"' in ours
    assert re.findall(r'(?:aria-label|placeholder|title)="([^"]*)"', ours) == [
        "站内搜索", "搜索本站的报告", "搜索", "搜索选项", "清空", "清空搜索内容", "搜索结果"]


def test_the_scope_script_is_materials_inline_script_with_the_root_from_its_own_address() -> None:
    """When Material changes partials/javascripts/base.html, read what the new script does and copy
    it again into overrides/javascripts/scope.js, the scope found from the file's address."""
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "base.html").read_text(
        encoding="utf-8")
    (script,) = re.findall(r"<script>(.*)</script>", _COMMENT.sub("", theirs))
    ours = (ROOT / "overrides" / "javascripts" / "scope.js").read_text(encoding="utf-8")
    code = re.sub(r"^/\*.*?\*/\n", "", ours, flags=re.DOTALL).strip()
    assert code == script.replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                  'new URL("..",document.currentScript.src)')
    assert code != script
    # Material would take the scope from extra.scope; scope.js knows only the site's root.
    assert "scope" not in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]


def test_pages_have_a_language_one_title_ordered_headings_and_headed_tables(site: Build) -> None:
    problems = []
    for html in sorted(site.site.rglob("*.html")):
        name = str(html.relative_to(site.site))
        soup = page(site.site, name)
        if soup.html.get("lang") != "zh":
            problems.append(f"{name}: lang={soup.html.get('lang')}")
        article = soup.select_one("article")
        if article is None:
            continue
        levels = [int(h.name[1]) for h in article(re.compile(r"^h[1-6]$"))]
        if levels[:1] != [1] or levels.count(1) != 1:
            problems.append(f"{name}: headings {levels}")
        problems += [f"{name}: h{b} after h{a}" for a, b in pairwise(levels) if b > a + 1]
        for table in article("table"):
            if table.caption is None or not table("th") or any(th.get("scope") is None for th in table("th")):
                problems.append(f"{name}: a table without caption or scoped headers")
    assert problems == []
