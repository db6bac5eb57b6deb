"""Corrections as readers see them: the notice on a page citing a corrected figure, each report's
table of corrections, and the site-wide 更正说明 page."""

from __future__ import annotations

from ..load.corrections import Correction
from ..model.report import Catalog, Report, chinese_date
from . import tags
from .lineage import Href, entry

PAGE = "corrections.md"  # the site-wide 更正说明 page, under docs/


def sentence(report: Report, correction: Correction, href: Href) -> str:
    """One correction in a reader's words, linked to the figure's appendix entry."""
    label = report.figures[correction.key].label
    return (f"{tags.link(href(entry(report, correction.key)), tags.text(label))}："
            f"原发布为 {tags.text(correction.old)}，{chinese_date(correction.date)}更正为 "
            f"{tags.text(correction.new)}。理由：{tags.text(correction.reason)}")


def notice(report: Report, keys: set[str], log: tuple[Correction, ...], href: Href) -> str:
    """The notice on a page citing corrected figures (empty when none of them was corrected)."""
    items = [f"<li>{sentence(report, c, href)}</li>" for c in log if c.key in keys]
    if not items:
        return ""
    return "\n".join([
        '<div class="admonition warning" role="note">',
        '<p class="admonition-title">更正说明</p>',
        "<p>本页的下列数字在报告发布后作了更正，正文显示的是更正后的数字。"
        f"全部更正见{tags.link(href(PAGE), '更正说明')}。</p>",
        "<ul>", *items, "</ul>", "</div>",
    ])


def with_notice(markdown: str, notice_html: str) -> str:
    """The page with the notice right below its title (or at its top when it has none)."""
    if not notice_html:
        return markdown
    head, _, rest = markdown.partition("\n")
    if head.startswith("# "):
        return f"{head}\n\n{notice_html}\n\n{rest}"
    return f"{notice_html}\n\n{markdown}"


def log_table(report: Report, log: tuple[Correction, ...], href: Href) -> str:
    rows: list[tuple[str | None, list[str]]] = [(None, [
        tags.link(href(entry(report, c.key)), tags.text(report.figures[c.key].label)),
        tags.text(c.old), tags.text(c.new), tags.text(chinese_date(c.date)), tags.text(c.reason),
    ]) for c in log]
    return tags.table(f"{report.meta.title}的更正", ["数字", "原发布", "更正为", "更正日期", "理由"], rows)


def site_page(catalog: Catalog, logs: dict[str, tuple[Correction, ...]], href: Href) -> str:
    """The 更正说明 page: every correction of every report, newest report first."""
    reports = sorted(catalog.reports, key=lambda r: (-r.meta.year, r.meta.body, r.id))
    blocks = [f"## {tags.markdown_text(r.meta.title)}\n\n{log_table(r, logs[r.id], href)}"
              for r in reports if logs.get(r.id)]
    intro = tags.paragraphs("报告发布后，如发现数字有误而作更正，在这里逐项公开：更正的数字、原发布的写法、"
                              "更正后的写法、更正日期和理由。引用更正数字的页面也会显示更正说明。")
    if not blocks:
        return intro + "\n\n" + tags.paragraphs("本站发布的报告目前没有更正。")
    return "\n\n".join([intro, *blocks])
