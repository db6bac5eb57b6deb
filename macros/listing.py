"""Generated Markdown: the home page's list of reports with the metadata that is known."""

from __future__ import annotations

import datetime

from .model import Library, ReportMeta


def report_list(library: Library) -> str:
    """Every report, newest first, with only the metadata that is known: nothing is made up."""
    blocks = []
    for report in sorted(library.reports, key=lambda r: (-r.meta.year, r.meta.body, r.id)):
        lines = [f"### [{report.meta.title}]({report.id}/index.md)", ""]
        lines += [f"- {name}：{value}" for name, value in meta_items(report.meta)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def meta_items(meta: ReportMeta) -> list[tuple[str, str]]:
    """The report's metadata as (Chinese name, value), leaving out what is not known."""
    items = [
        ("发布机构", meta.body),
        ("报告类别", meta.kind),
        ("年度", f"{meta.year}年"),
        ("成文日期", _date(meta.written_on)),
        ("发布日期", _date(meta.published_on)),
        ("索引号", meta.index_no),
        ("文号", meta.doc_no),
    ]
    return [(name, value) for name, value in items if value]


def _date(day: datetime.date | None) -> str | None:
    return f"{day.year}年{day.month}月{day.day}日" if day else None
