"""Generated Markdown: the home page's list of reports, and each report's metadata block, with the
metadata that is known. Metadata is plain text wherever it is shown: escaped for Markdown in the
list (tags.markdown_text), for HTML in the block (tags.text)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from ..model.report import Catalog, Report, ReportMeta, chinese_date
from . import tags

Published = Callable[[Report], datetime.date | None]  # a report's 发布日期 (check/project.py Checked.published_on)


def report_list(catalog: Catalog, published_on: Published = lambda report: report.meta.published_on) -> str:
    """Every report, newest first, with only the metadata that is known: nothing is made up."""
    blocks = []
    for report in sorted(catalog.reports, key=lambda r: (-r.meta.year, r.meta.body, r.id)):
        lines = [f"### [{tags.markdown_text(report.meta.title)}]({report.id}/index.md)", ""]  # a title is text
        lines += [f"- {name}：{tags.markdown_text(value)}"
                  for name, value in meta_items(report.meta, published_on(report))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def meta_table(report: Report, published_on: datetime.date | None = None) -> str:
    """The metadata block at the top of a report: only what is known."""
    items = meta_items(report.meta, published_on)
    return tags.fields("报告信息", [(name, tags.text(value)) for name, value in items])


def guide(appendix_href: str, print_href: str, pdf_href: str | None = None) -> str:
    """Where a reader of a report finds its data, its printable copy and, when built, its PDF edition."""
    appendix, printable = tags.link(appendix_href, "数据附录"), tags.link(print_href, "打印版")
    pdf = f"，或下载{tags.link(pdf_href, 'PDF 版')}（带页码，附数字一览）" if pdf_href else ""
    return tags.paragraphs(f"本报告的{appendix}列出正文中每个数字的名称、来源、核对规则和结果，并提供开放数据下载；"
                           f"需要打印或存档时，请用{printable}{pdf}。")


def meta_items(meta: ReportMeta, published_on: datetime.date | None = None) -> list[tuple[str, str]]:
    """The report's metadata as (Chinese name, value), leaving out what is not known. `published_on` is
    the 发布日期 when known from elsewhere than report.yaml (the record of make record); report.yaml's
    own `published_on` comes first."""
    items = [
        ("发布机构", meta.body),
        ("报告类别", meta.kind),
        ("年度", f"{meta.year}年"),
        ("成文日期", chinese_date(meta.written_on)),
        ("发布日期", chinese_date(meta.published_on or published_on)),
        ("索引号", meta.index_no),
        ("文号", meta.doc_no),
        ("主题分类", meta.topic),
        ("公开方式", meta.disclosure),
        ("公开时限", meta.disclosure_term),
        ("有效性", meta.validity),
        ("统计期限", meta.period),
    ]
    return [(name, value) for name, value in items if value]
