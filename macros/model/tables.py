"""Report kinds and their fixed tables, as declared in data/kinds/: the sections a report of the kind
has, its tables (rows and columns, nested into groups, with their exact Chinese labels and units) and
the identities that hold in every report of the kind.

A table is made of blocks, each with its own columns, rows and unit (the national 政府信息公开 table
二 has four, one for each item of article 20); most tables are one block. A cell of a block is a
figure of the report like any other, keyed `<table>.<row path>.<column path>` (or
`<table>.<column path>` in a block without rows): its row and column paths are the ids of the headers
above it, joined by dots, so the key says where the cell is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from .errors import Location

# What a cell of a filled table may say instead of a number: the quantity does not exist for this
# body (规章 for a body that makes none), or the published table left the cell blank (""). It is shown
# as written and is not 0: it takes no part in a sum, and a total over nothing but such cells is not
# applicable itself.
NOT_APPLICABLE = ("/", "／", "—", "不适用", "")
UNFILLED = "_"  # a cell still to fill in: what make new-report writes in every cell
DERIVED = "计算"  # a total computed at build time from the cells it sums


@dataclass(frozen=True, kw_only=True)
class Header:
    """A row or column of a block: a leaf has cells, a group has headers below it. `sums` names the
    siblings (ids, groups standing for all their leaves) whose cells a total row or column adds up."""

    id: str
    label: str
    path: str  # the ids from the block's top down to this header, joined by dots
    location: Location
    children: tuple[Header, ...] = ()
    sums: tuple[str, ...] = ()

    def leaves(self) -> Iterator[Header]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


def leaves(headers: tuple[Header, ...]) -> list[Header]:
    return [leaf for header in headers for leaf in header.leaves()]


def depth(headers: tuple[Header, ...]) -> int:
    """How many levels of headers there are (1 for a flat list)."""
    return max((1 + depth(header.children) for header in headers), default=0)


def ancestors(headers: tuple[Header, ...], leaf: Header) -> list[Header]:
    """The headers from the top down to `leaf`, itself included."""
    for header in headers:
        if header is leaf:
            return [header]
        below = ancestors(header.children, leaf)
        if below:
            return [header, *below]
    return []


def path_label(headers: tuple[Header, ...], leaf: Header) -> str:
    """A header as its labels from the top down: 行政复议／总计."""
    return "／".join(header.label for header in ancestors(headers, leaf))


@dataclass(frozen=True, kw_only=True)
class Identity:
    """A relation between rows that holds in each column of a table (一 + 二 = 三（七） + 四):
    the sum of the `left` rows equals the sum of the `right` rows, per leaf column."""

    id: str
    description: str
    left: tuple[str, ...]  # row paths
    right: tuple[str, ...]
    location: Location


@dataclass(frozen=True, kw_only=True)
class Carried:
    """A row that carries on from the previous report of the same body, per column: this year's
    `this` (上年结转) equals last year's `last` (结转下年度继续办理)."""

    id: str
    description: str
    this: str  # row path
    last: str
    location: Location


@dataclass(frozen=True, kw_only=True)
class Continuity:
    """A column that goes on from last year's, per row of its block, as a plausibility notice:
    now = last year's now + plus - minus (现行有效 = 上年现行有效 + 本年制发 - 本年废止)."""

    id: str
    description: str
    now: str  # column paths
    plus: str
    minus: str
    location: Location


@dataclass(frozen=True, kw_only=True)
class Block:
    heading: str | None  # 第二十条第（一）项; None in a table of one block
    unit: str
    columns: tuple[Header, ...]
    rows: tuple[Header, ...]  # empty: the block is one row of cells with no row header
    continuity: tuple[Continuity, ...] = ()

    def lines(self) -> list[Header | None]:
        """Its rows of cells, each by its leaf row; a block without rows is one line, of no row."""
        return list(leaves(self.rows)) or [None]


@dataclass(frozen=True, kw_only=True)
class Cell:
    """A cell of a table: its key (a figure's), where it is, and its unit."""

    key: str
    table: Table
    block: Block
    row: Header | None
    column: Header

    @cached_property
    def label(self) -> str:
        """What the cell counts, as the appendix and messages name it: 表“…”：行；列 (made once: the
        kind's cells are shared by its reports, Kind.cells)."""
        row = path_label(self.block.rows, self.row) if self.row else ""
        column = path_label(self.block.columns, self.column)
        where = f"{row}；{column}" if row else column
        return f"表“{self.table.title}”：{where}"


@dataclass(frozen=True, kw_only=True)
class Table:
    id: str
    title: str  # the caption: 收到和处理政府信息公开申请情况
    blocks: tuple[Block, ...]
    location: Location
    corner: str | None = None  # the top left cell (信息内容; 本列数据的勾稽关系为…)
    heading: str | None = None  # a header over every column (申请人情况)
    identities: tuple[Identity, ...] = ()
    previous: tuple[Carried, ...] = ()

    def cells(self) -> Iterator[Cell]:
        """Every cell, block by block, row by row, in column order."""
        for block in self.blocks:
            for row in block.lines():
                for column in leaves(block.columns):
                    yield Cell(key=cell_key(self.id, row, column), table=self, block=block, row=row, column=column)

    def rows(self) -> Iterator[tuple[Block, Header | None]]:
        """Every row of cells, as the fill block lists them: a block without rows is one row."""
        for block in self.blocks:
            for row in block.lines():
                yield block, row


def cell_key(table: str, row: Header | None, column: Header) -> str:
    return f"{table}.{row.path}.{column.path}" if row else f"{table}.{column.path}"


@dataclass(frozen=True, kw_only=True)
class Section:
    page: str  # the chapter's file under docs/<report>/, without .md
    title: str
    tables: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Kind:
    """A kind of report in one version of its format (data/kinds/<kind>/<version>.yaml)."""

    name: str  # 政府信息公开工作年度报告, as report.yaml's `kind` says it
    version: str  # as report.yaml's `format` says it
    basis: str  # the document that fixes the format: 国办公开办函〔2021〕30号
    location: Location
    sections: tuple[Section, ...] = ()
    tables: Mapping[str, Table] = field(default_factory=lambda: MappingProxyType({}))
    period: Literal["calendar-year"] | None = None

    @cached_property
    def cells(self) -> Mapping[str, Cell]:
        """Every cell of its tables, by key: the same for each report of the kind, made once."""
        return MappingProxyType({cell.key: cell for table in self.tables.values() for cell in table.cells()})

    @property
    def title(self) -> str:
        return f"{self.name}（{self.version} 年格式，{self.basis}）"
