"""What the site shows around a report's pages, beside the page's own text: the report a page belongs
to, the report's contents on its first page, the previous and next page of the report, the body's other
reports, how to report a mistake; and the site's identity in the footer (data/site.yaml).

The theme writes these blocks around the article (overrides/main.html) and in the footer
(overrides/partials/copyright.html), so they are not part of the page's text: not in the search index,
not compared with the published text. Every text from data is escaped (tags.text); a block with nothing
known is empty, and nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.site import Site
from . import tags

# The ministry's register of ICP filings, where an ICP number is looked up (as Chinese sites link it).
ICP_REGISTER = "https://beian.miit.gov.cn/"


def _link(href: str, inner: str) -> str:
    """A link whose address is written as text from data is (tags.text: no brace or markup survives)."""
    return f'<a href="{tags.text(href)}">{inner}</a>'


@dataclass(frozen=True)
class Link:
    title: str  # text, escaped when written
    href: str


def belongs(report_title: str, first_page: str) -> str:
    """The line above a page's title: which report it is part of, linked to the report's first page."""
    return (f'<p class="report-of">本页属于：{_link(first_page, tags.text(report_title))}</p>')


def contents(pages: list[Link]) -> str:
    """The report's pages after its first, in reading order: its chapters, data appendix, printable copy."""
    if not pages:
        return ""
    items = "".join(f"<li>{_link(page.href, tags.text(page.title))}</li>" for page in pages)
    return (f'<nav class="report-contents" aria-labelledby="report-contents">'
            f'<h2 id="report-contents">本报告目录</h2><ol>{items}</ol></nav>')


def pager(previous: Link | None, following: Link | None) -> str:
    """The previous and next page of the report, where there is one."""
    links = []
    if previous is not None:
        links.append(f'<a class="report-pager__prev" rel="prev" href="{tags.text(previous.href)}">'
                     f'<span>上一页</span>{tags.text(previous.title)}</a>')
    if following is not None:
        links.append(f'<a class="report-pager__next" rel="next" href="{tags.text(following.href)}">'
                     f'<span>下一页</span>{tags.text(following.title)}</a>')
    if not links:
        return ""
    return f'<nav class="report-pager" aria-label="本报告的上一页和下一页">{"".join(links)}</nav>'


def other_reports(body: str, reports: list[Link]) -> str:
    """The body's other reports (other years, other kinds), newest first."""
    if not reports:
        return ""
    items = "".join(f"<li>{_link(report.href, tags.text(report.title))}</li>" for report in reports)
    return (f'<nav class="report-others" aria-labelledby="report-others">'
            f'<h2 id="report-others">{tags.text(body)}的其他报告</h2><ul>{items}</ul></nav>')


def feedback(site: Site, body: str | None) -> str:
    """How a reader reports a wrong number: the site's channel (data/site.yaml), its telephone and e-mail
    where known; without any, the body that published the report (on a report's page)."""
    ways = []
    if site.feedback:
        ways.append(f"通过{_link(site.feedback, '纠错留言')}告诉我们")
    if site.phone:
        ways.append(f"致电{tags.text(site.phone)}")
    if site.email:
        ways.append(f"发邮件至{_link('mailto:' + site.email, tags.text(site.email))}")
    if ways:
        how = "，或".join(ways)
        said = f"发现报告中的数字或文字有误，请{how}，写明报告、页面和有误之处。"
    elif body:
        said = f"发现报告中的数字或文字有误，请联系发布机构{tags.text(body)}。"
    else:
        said = "发现报告中的数字或文字有误，请联系报告的发布机构。"
    return f'<aside class="report-feedback" aria-label="报告纠错"><p>{said}</p></aside>'


def identity(site: Site) -> str:
    """The footer's lines: the site's organiser, contacts and registrations, those that are known."""

    def shown(value: str | None) -> str | None:
        return tags.text(value) if value else None

    rows = [
        [("主办单位", shown(site.sponsor)), ("承办单位", shown(site.organizer))],
        [("联系电话", shown(site.phone)), ("地址", shown(site.address)),
         ("邮箱", _link("mailto:" + site.email, tags.text(site.email)) if site.email else None)],
        [("网站标识码", shown(site.site_code)),
         ("ICP备案号", _link(ICP_REGISTER, tags.text(site.icp)) if site.icp else None),
         ("公安机关备案号", shown(site.police))],
    ]
    lines = ["<p>" + "".join(f'<span class="site-identity__item">{name}：{value}</span>' for name, value in row
                             if value) + "</p>"
             for row in rows if any(value for _, value in row)]
    if site.feedback:
        lines.append(f"<p>{_link(site.feedback, '纠错留言')}</p>")
    if not lines:
        return ""
    return f'<div class="site-identity">{"".join(lines)}</div>'
