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
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'


def test_the_search_partial_is_materials_own_with_a_name_for_the_dialog() -> None:
    """When Material changes its partial, copy it again into overrides/partials/ with the aria-label."""
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    assert _COMMENT.sub("", ours) == _COMMENT.sub("", theirs).replace(
        _DIALOG, _DIALOG + " aria-label=\"{{ lang.t('search') }}\"")


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
