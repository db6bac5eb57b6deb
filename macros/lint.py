"""Checks over the pages as a whole: statistics typed into chapters, figures no page cites.

A digit (ASCII or full-width) in a chapter outside a `{{ fig() }}` call is a statistic typed by
hand, unless the text around it is in the report's reviewed allowlist (allowed-numbers.yaml:
years, dates, the hotline, names). Chinese numerals are words and are not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .errors import DataError, Lines, Location, PageError, ReportError, listed
from .files import Tree
from .model import Library, Report, folders
from .pages import Citation, blanked
from .yamlnodes import YamlFile

_DIGITS = re.compile(r"[0-9０-９]+")
ALLOWLIST = "allowed-numbers.yaml"
# Entries of one report's allowlist (a real one has about ten): each is looked for in every chapter.
MAX_ALLOWED = 1_000


@dataclass(frozen=True)
class Allowed:
    text: str
    reason: str
    location: Location


def load_allowlist(tree: Tree, report: Report, errors: list[ReportError]) -> list[Allowed]:
    path = tree.root / "data" / report.id / ALLOWLIST
    if not path.is_file():
        return []
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    allowed = []
    if node is not None and node.tag.endswith(":seq") and len(node.value) > MAX_ALLOWED:
        source.error(node.value[MAX_ALLOWED],
                     f"允许列表有 {len(node.value):,} 项，超过了每份报告 {MAX_ALLOWED:,} 项的上限。",
                     "允许列表只收正文中确实出现的年份、日期、名称；统计数字写进 figures.yaml。")
    elif node is not None and node.tag.endswith(":seq"):
        for item in node.value:
            fields = source.fields(item, "允许项", ("text", "reason"), ())
            if fields:
                text = source.text(fields["text"], "text")
                reason = source.text(fields["reason"], "reason")
                if text and reason:
                    allowed.append(Allowed(text, reason, source.at(item)))
    elif node is not None:
        source.error(node, "允许列表应为列表，每项写 text 和 reason。", "参照文件开头的说明。")
    errors += source.errors
    return allowed


def typed_numbers(tree: Tree, library: Library) -> list[ReportError]:
    """Every digit typed into a report's chapters that is not in its allowlist; stale entries."""
    errors: list[ReportError] = []
    for report in library.reports:
        allowed = load_allowlist(tree, report, errors)
        longest_first = sorted(allowed, key=lambda a: -len(a.text))
        used: Counter[str] = Counter()
        for path in tree.pages(tree.docs / report.id):
            text = blanked(tree.text(path))
            for entry in longest_first:
                count = text.count(entry.text)
                if count:
                    used[entry.text] += count
                    text = text.replace(entry.text, " " * len(entry.text))
            errors += _typed(path.relative_to(tree.root).as_posix(), text, report)
        errors += [
            DataError(entry.location, f"允许项“{entry.text}”在正文中没有出现。", "删除这一项。")
            for entry in allowed if not used[entry.text]
        ]
    return errors


def _typed(rel: str, text: str, report: Report) -> list[ReportError]:
    """The digits left in a chapter's text (its template code and allowlisted words blanked out)."""
    lines = Lines(text)

    def error(match: re.Match[str]) -> PageError:
        context = " ".join(text[max(0, match.start() - 8):match.end() + 8].split())
        return PageError(
            Location(rel, lines.at(match.start())), f"正文里直接写了数字“{match.group(0)}”（…{context}…）。",
            f"统计数字写进 data/{report.id}/figures.yaml，正文用 {{{{ fig(\"键\") }}}} 引用；"
            f"年份、日期、名称等请维护者加入 data/{report.id}/{ALLOWLIST}。",
        )

    return listed(_DIGITS.finditer(text), error, "直接写出的数字")


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
