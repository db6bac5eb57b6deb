"""Checks over the pages as a whole: statistics typed into chapters, figures no page cites.

A digit (ASCII or full-width) in a chapter outside a `{{ fig() }}` call is a statistic typed by
hand, unless the text around it is in the report's reviewed allowlist (allowed-numbers.yaml:
years, dates, the hotline, names). Chinese numerals are words and are not checked.
"""

from __future__ import annotations

import re
from collections import Counter

from ..load.allowlist import ALLOWLIST, load_allowlist
from ..load.pages import TEMPLATE, Citation
from ..load.tree import Tree
from ..model.errors import DataError, Lines, Location, PageError, ReportError
from ..model.report import Library, folders

_DIGITS = re.compile(r"[0-9０-９]+")


def typed_numbers(tree: Tree, library: Library) -> list[ReportError]:
    """Every digit typed into a report's chapters that is not in its allowlist; stale entries."""
    errors: list[ReportError] = []
    for report in library.reports:
        allowed = load_allowlist(tree, report, errors)
        longest_first = sorted(allowed, key=lambda a: -len(a.text))
        used: Counter[str] = Counter()
        for path in tree.pages(tree.docs / report.id):
            text = TEMPLATE.sub(_blanked, tree.text(path))
            for entry in longest_first:
                count = text.count(entry.text)
                if count:
                    used[entry.text] += count
                    text = text.replace(entry.text, " " * len(entry.text))
            lines = Lines(text)
            for match in _DIGITS.finditer(text):
                at = Location(path.relative_to(tree.root).as_posix(), lines.at(match.start()))
                context = " ".join(text[max(0, match.start() - 8):match.end() + 8].split())
                errors.append(PageError(
                    at, f"正文里直接写了数字“{match.group(0)}”（…{context}…）。",
                    f"统计数字写进 data/{report.id}/figures.yaml，正文用 {{{{ fig(\"键\") }}}} 引用；"
                    f"年份、日期、名称等请维护者加入 data/{report.id}/{ALLOWLIST}。",
                ))
        errors += [
            DataError(entry.location, f"允许项“{entry.text}”在正文中没有出现。", "删除这一项。")
            for entry in allowed if not used[entry.text]
        ]
    return errors


def _blanked(code: re.Match[str]) -> str:
    """Template code as spaces, but for its line breaks."""
    text = code.group(0)
    return re.sub(r"[^\n]", " ", text) if "\n" in text else " " * len(text)


def citation_coverage(library: Library, citations: list[Citation]) -> list[ReportError]:
    """Every figure is cited at least once, unless it is data-only; data-only ones are not cited."""
    errors: list[ReportError] = []
    cited_in: dict[str, set[str]] = {}  # the keys cited on the pages below each folder
    for citation in citations:
        for folder in folders(citation.page):
            cited_in.setdefault(folder, set()).add(citation.key)
    for report in library.reports:
        cited = cited_in.get(report.id, set())
        for figure in report.figures.values():
            if figure.data_only and figure.key in cited:
                errors.append(DataError(figure.location,
                                        f"数字“{figure.key}”标记为 data_only，正文却引用了它。",
                                        "删除 data_only: true，或删除正文中的引用。"))
            elif not figure.data_only and figure.key not in cited:
                errors.append(DataError(figure.location, f"数字“{figure.key}”没有被任何页面引用。",
                                        "在正文中用 {{ fig(\"" + figure.key + "\") }} 引用它；"
                                        "只作数据公开、不在正文出现的，写 data_only: true。"))
    return errors
