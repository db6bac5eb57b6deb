"""Figure lineage: every figure in the text links to its entry in the report's data appendix, and
the entry links back to every place that cites it.

Anchors are derived from keys, so they stay the same from build to build: the entry of
`enforcement.cases.total` is `#fig-enforcement-cases-total`, its first citation on a page
`#cite-enforcement-cases-total-1`. Keys hold no "-" (load.KEY), so the anchors of two keys never
meet. Links are made by the caller's `href`, which turns a page under docs/ (with an optional
`#anchor`) into a URL relative to the page being rendered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..load.pages import Citation
from ..model import forms
from ..model.figures import Figure
from ..model.report import Catalog, Report
from . import tags

APPENDIX = "appendix.md"  # each report's data appendix, beside its chapters under docs/<report>/
# The first `# ` line's text without its spaces around. The possessive ` ++` never gives a space back
# for the title to try again: a line of many spaces is gone through once, not once for each space.
_HEADING = re.compile(r"^# ++(?P<title>[^\n]*[^ \n])", re.MULTILINE)

Href = Callable[[str], str]


def figure_anchor(key: str) -> str:
    return "fig-" + key.replace(".", "-")


def citation_anchor(key: str, number: int) -> str:
    """The anchor of the `number`-th citation (from 1) of `key` on one page."""
    return f"cite-{key.replace('.', '-')}-{number}"


def appendix_page(report: Report) -> str:
    return f"{report.id}/{APPENDIX}"


def entry(report: Report, key: str) -> str:
    """The appendix entry of a figure, as a link target for `href`."""
    return f"{appendix_page(report)}#{figure_anchor(key)}"


def cited(figure: Figure, href: str, anchor: str | None = None, shown: str | None = None) -> str:
    """The figure as the text shows it, as a link to its appendix entry: the visible text is the
    published form alone (or `shown`: a table's cell, its digits), so paragraphs and the search index
    read exactly as before."""
    target = f' id="{anchor}"' if anchor else ""
    return f'<a class="fig" href="{escape(href)}"{target}>{data_element(figure, shown)}</a>'


def data_element(figure: Figure, shown: str | None = None) -> str:
    """The published form (or `shown`) inside a machine-readable `<data>` element carrying the exact value."""
    return (f'<data value="{escape(forms.number(figure))}" title="{tags.text(figure.label)}">'
            f"{escape(shown if shown is not None else forms.published(figure))}</data>")


@dataclass(frozen=True)
class Place:
    """One citation of a figure: the page (path under docs/) and the anchor the fig macro gave it."""

    page: str
    anchor: str
    number: int  # the how-many-th citation of this figure on the page


def places(citations: list[Citation], catalog: Catalog) -> dict[str, dict[str, list[Place]]]:
    """Every place each figure is cited, by report id and key (reports share keys, not citations),
    numbered per page in reading order as the fig macro numbers them."""
    seen: Counter[tuple[str, str]] = Counter()
    found: dict[str, dict[str, list[Place]]] = {}
    for citation in citations:
        report = catalog.report_for_page(citation.page)
        if report is None:
            continue
        seen[citation.page, citation.key] += 1
        number = seen[citation.page, citation.key]
        found.setdefault(report.id, {}).setdefault(citation.key, []).append(
            Place(citation.page, citation_anchor(citation.key, number), number))
    return found


def page_title(docs_dir: Path, page: str) -> str:
    """A page's title as its reader sees it: its first level-one heading, else its path."""
    return title_of(page, (docs_dir / page).read_text(encoding="utf-8"))


def title_of(page: str, text: str) -> str:
    """The title of the page whose Markdown is `text` (page_title, the text already read)."""
    match = _HEADING.search(text)
    return match.group("title") if match else page
