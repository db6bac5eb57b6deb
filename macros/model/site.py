"""The site's own identity, as the maintainers configure it (data/site.yaml): who runs the site, how to
reach them, its registrations, and where readers report a mistake. Every field is optional and shown
only when written: the site never invents an organiser, a number or an address."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import Field

SITE = "site.yaml"  # under data/, beside units.yaml

# data/site.yaml, field by field, in the order the footer shows them.
SITE_FIELDS = (
    Field(name="sponsor", title="主办单位，如 某区人民政府办公室"),
    Field(name="organizer", title="承办单位"),
    Field(name="phone", title="联系电话"),
    Field(name="address", title="联系地址"),
    Field(name="email", title="联系邮箱"),
    Field(name="site_code", title="网站标识码"),
    Field(name="icp", title="ICP备案号，如 津ICP备00000000号"),
    Field(name="police", title="公安机关备案号，如 津公网安备 00000000000000号"),
    Field(name="feedback", title="纠错和留言的网址（https:// 开头），或邮箱（mailto: 开头）"),
)
# The links a reader may follow to report a mistake: a page on the web, or an e-mail.
FEEDBACK_SCHEMES = ("https://", "mailto:")


@dataclass(frozen=True, kw_only=True)
class Site:
    """The site's identity: None where data/site.yaml does not say."""

    sponsor: str | None = None
    organizer: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None
    site_code: str | None = None
    icp: str | None = None
    police: str | None = None
    feedback: str | None = None
