"""Reports and the catalog of reports: what the home page, the checks and every page look up."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from .errors import Location
from .fields import DATE, Field
from .figures import Figure
from .rules import Rule
from .tables import Cell, Kind

YEARS = (1949, 2999)  # the years a report can be of
PLAUSIBILITY = ("info", "fail")

# report.yaml, field by field: the four a report must have, then a disclosure catalogue entry's
# (政府信息公开目录), written only when known, and the settings of the checks across years.
META_FIELDS = (
    Field(name="body", title="发布机构，如 东丽区应急管理局", required=True),
    Field(name="title", title="报告标题，与发布的标题一字不差", required=True),
    Field(name="kind", title="报告类别，如 法治政府建设年度报告（data/kinds/ 中声明的一个类别）", required=True),
    Field(name="format", title="报告格式的版本，如 2021（data/kinds/ 中这个类别的一个版本）", required=True,
          value={"type": ["integer", "string"]}),
    Field(name="year", title="报告年度，如 2023", required=True,
          value={"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}),
    Field(name="written_on", title="成文日期，如 2023-03-20", value=DATE),
    Field(name="published_on", title="发布日期，如 2023-03-31", value=DATE),
    Field(name="index_no", title="索引号"),
    Field(name="doc_no", title="文号；没有文号的写“无”"),
    Field(name="topic", title="主题分类（政府信息公开目录）"),
    Field(name="disclosure", title="公开方式，如“主动公开”"),
    Field(name="disclosure_term", title="公开时限，如“长期公开”"),
    Field(name="validity", title="有效性，如“有效”"),
    Field(name="period_start", title="统计期限的开始，年-月-日；正文用 {{ period() }}、{{ period_start() }} 写出",
          value=DATE),
    Field(name="period_end", title="统计期限的结束，年-月-日（与 period_start 一起写）；正文用 {{ period_end() }} 写出",
          value=DATE),
    Field(name="previous",
          title="上一年度报告的文件夹，如 dongli-emergency/2022：与上年比较的规则和合理性检查用它的数字"),
    Field(name="change_threshold", title="与上一年度相比变化超过这个百分比、又没有写 note 的数字，生成网站时提示",
          value={"type": "number", "exclusiveMinimum": 0}),
    Field(name="plausibility", title="合理性检查：info 只提示（默认），fail 阻止发布",
          value={"enum": list(PLAUSIBILITY)}),
)


@dataclass(frozen=True, kw_only=True)
class ReportMeta:
    """What the home page and the report's metadata block say about a report.

    Optional fields stay None when unknown: they are never invented.
    """

    body: str
    title: str
    kind: str
    year: int
    location: Location
    format: str = ""  # the version of the kind's format (data/kinds/<kind>/<version>.yaml)
    written_on: datetime.date | None = None
    published_on: datetime.date | None = None
    index_no: str | None = None
    doc_no: str | None = None  # 文号, or “无” as the catalogue entry says when there is none
    # The rest of a disclosure catalogue entry (政府信息公开目录): 主题分类, 公开方式, 公开时限, 有效性.
    topic: str | None = None
    disclosure: str | None = None
    disclosure_term: str | None = None
    validity: str | None = None
    # The period the report covers (统计期限), both ends included.
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    # The report this one follows (its id), for year-over-year rules and plausibility (years.py).
    previous: str | None = None
    # Plausibility (plausibility.py): the change in % beyond which a figure needs a note, and
    # whether implausible figures fail the build ("fail") or are only reported ("info").
    change_threshold: Decimal | None = None
    plausibility: Literal["info", "fail"] = "info"

    @property
    def period(self) -> str | None:
        """The period in the report's words, 2023年1月1日至2023年12月31日; None when not known."""
        if self.period_start is None or self.period_end is None:
            return None
        return f"{chinese_date(self.period_start)}至{chinese_date(self.period_end)}"


def chinese_date(day: datetime.date | None) -> str | None:
    """A date in the report's words: 2023年1月1日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else None


class EveryKey(frozenset[str]):
    """The broken keys of a figures file that could not be read at all: any key may have been in it,
    so no page, rule or record citing one is told that it does not exist (the file's own error says
    what is wrong)."""

    def __contains__(self, key: object) -> bool:
        return True


@dataclass(frozen=True, kw_only=True)
class Report:
    """One report: its id is its folder under data/ and under docs/ (e.g. 'dongli-emergency/2022')."""

    id: str
    meta: ReportMeta
    figures: MappingProxyType[str, Figure]
    # Keys declared in the YAML whose entry had errors: pages citing them are not told twice.
    broken_keys: frozenset[str] = frozenset()
    # The report's own words for Chinese search segmentation (data/<report>/terms.txt).
    terms: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    kind: Kind | None = None  # its kind, as data/kinds/ declares it
    # The cells of its kind's tables (load/tables.py), by key: those with numbers are figures too,
    # those written not applicable (/) are only here, with the form they are written in.
    cells: Mapping[str, Cell] = field(default_factory=lambda: MappingProxyType({}))
    not_applicable: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """Every report of the site."""

    reports: tuple[Report, ...] = field(default_factory=tuple)
    # Report folders under data/ whose report.yaml or figures.yaml could not be loaded: their pages
    # belong to a report all the same (its own errors say what is wrong).
    unloaded: frozenset[str] = frozenset()

    def unloaded_owner(self, src_uri: str) -> str | None:
        """The report folder a page belongs to among those that could not be loaded, if any."""
        return next((folder for folder in folders(src_uri) if folder in self.unloaded), None)

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Where each report id first appears in `reports`: one look-up, however many reports."""
        positions: dict[str, int] = {}
        for position, report in enumerate(self.reports):
            positions.setdefault(report.id, position)
        return positions

    def find(self, report_id: str) -> Report | None:
        """The report of that id (the first, should two share it)."""
        position = self._positions.get(report_id)
        return None if position is None else self.reports[position]

    def previous(self, report: Report) -> Report | None:
        """The report `report` follows (report.yaml's `previous`), if it is in the repository."""
        return self.find(report.meta.previous) if report.meta.previous else None

    def report_for_page(self, src_uri: str) -> Report | None:
        """The report a page under docs/ belongs to: the first one whose folder contains it."""
        owners = [self._positions[folder] for folder in folders(src_uri) if folder in self._positions]
        return self.reports[min(owners)] if owners else None


def folders(path: str) -> list[str]:
    """Every folder a path lies in, outermost first: 'a/b/c.md' -> ['a', 'a/b']."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]
