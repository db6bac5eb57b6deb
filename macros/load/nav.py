"""mkdocs.yml's nav as data: the pages it names, in reading order.

The nav is a list whose items are a page ("x/y.md"), a titled page ({"标题": "x/y.md"}), or a titled
section ({"标题": [items…]}). The preview, the next year's report and the benchmark read it through
this one walker; guard/nav.py checks it against docs/ with its lines.
"""

from __future__ import annotations

from collections.abc import Iterator


def nav_pages(item: object) -> list[str]:
    """Every page the nav (or a part of it) names, in reading order."""
    return list(_walk(item))


def _walk(item: object) -> Iterator[str]:
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict):
        for value in item.values():
            yield from _walk(value)
    elif isinstance(item, list):
        for value in item:
            yield from _walk(value)
