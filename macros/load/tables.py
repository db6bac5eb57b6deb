"""Filled tables: data/<report>/tables.yaml gives the cells of the tables its kind declares, a row per
line in column order, and each cell becomes a figure of the report; the identities of the kind become
the report's built-in rules, generated here for the cells as filled.

```yaml
requests:                            # a table of rows: each row's path, then its cells
  received: [12, 3, 0, 0, 1, 0, 16]
appeals: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]   # a table that is one row of cells
```

A cell is a number in its block's unit, not applicable (NOT_APPLICABLE: shown as written, never 0),
计算 for a total worked out at build time from the cells it sums, or _ while it is still to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

import yaml

from ..model.errors import DataError, Location, ReportError, did_you_mean, listed
from ..model.figures import Derivation, Figure
from ..model.intervals import decimals
from ..model.rules import Rule
from ..model.tables import (
    DERIVED,
    NOT_APPLICABLE,
    UNFILLED,
    Block,
    Cell,
    Header,
    Kind,
    Table,
    cell_key,
    leaves,
    path_label,
)
from .kinds import find
from .units import Units, fits
from .yamlfile import YamlFile, clip

TABLES = "tables.yaml"


@dataclass
class Filled:
    """What a report's tables.yaml gives: cells with numbers (derived ones still to compute), cells
    not applicable (their written form), the keys of cells with errors, and the built-in rules."""

    figures: dict[str, Figure] = field(default_factory=dict)
    pending: dict[str, Figure] = field(default_factory=dict)  # 计算 cells, computed into `figures` (reports.py)
    not_applicable: dict[str, str] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    # Every cell of the kind's tables (Kind.cells), shared by its reports.
    cells: Mapping[str, Cell] = field(default_factory=lambda: MappingProxyType({}))
    problems: list[ReportError] = field(default_factory=list)  # listed ones: missing rows, unfilled cells


def load_tables(source: YamlFile | None, kind: Kind, units: Units, report_id: str) -> Filled:
    """The cells of every table the kind declares, from tables.yaml (None: the report has none)."""
    filled = Filled(cells=kind.cells)
    if not kind.tables:
        if source is not None:
            source.error(None, f"报告类别“{kind.name}”没有表格，这份报告不用 {TABLES}。",
                         f"删除 data/{report_id}/{TABLES}。", code="tables-not-declared")
        return filled
    if source is None:
        filled.broken.update(filled.cells)
        return filled
    root = source.compose()
    if root is None:
        filled.broken.update(filled.cells)
        return filled
    entries = source.mapping(root, "表格数据")
    for table_id, (key_node, _) in entries.items():
        if table_id not in kind.tables:
            source.error(key_node, f"报告类别“{kind.name}”没有编号为“{clip(table_id)}”的表。",
                         did_you_mean(table_id, kind.tables) or f"可用的表：{'、'.join(kind.tables)}。",
                         code="unknown-table")
    for table in kind.tables.values():
        if table.id not in entries:
            source.error(root, f"缺少表“{table.title}”（{table.id}）的数据。",
                         f"运行 make new-report 生成的 {TABLES} 已列出每一行；照它补上“{table.id}:”和表中的每一行。",
                         code="table-missing")
            filled.broken.update(cell.key for cell in table.cells())
            continue
        key_node, node = entries[table.id]
        _table(source, table, key_node, node, units, filled)
    return filled


def _table(source: YamlFile, table: Table, key_node: yaml.Node, node: yaml.Node, units: Units,
           filled: Filled) -> None:
    rows = list(table.rows())
    if rows[0][1] is None:  # one row of cells, written as the table's value
        _row(source, table, rows[0][0], None, node, units, filled)
        return
    entries = source.mapping(node, f"表“{table.title}”")
    wanted = {row.path: (block, row) for block, row in rows if row is not None}
    for path, (row_key, _) in entries.items():
        if path not in wanted:
            group = next((row for block in table.blocks if (row := find(block.rows, path))), None)
            below = "、".join(leaf.path for leaf in group.leaves()) if group else ""
            hint = (f"“{path}”（{group.label}）下面分成几行，逐行填写：{below}。" if group
                    else did_you_mean(path, wanted) or "写表中一行的编号，分组下的用“.”连接。")
            source.error(row_key, f"表“{table.title}”没有“{clip(path)}”这一行。", hint, code="unknown-row")
    missing = [(block, row) for path, (block, row) in wanted.items() if path not in entries]
    for block, row in missing:
        filled.broken.update(cell_key(table.id, row, column) for column in leaves(block.columns))
    filled.problems.extend(listed(missing, lambda found: DataError(
        source.at(key_node), f"表“{table.title}”缺少“{found[1].label}”这一行（{found[1].path}）。",
        f"在“{table.id}:”下补上一行：{found[1].path}: [ … ]，照发布的表逐格填写。", code="row-missing"), "缺少的行"))
    for path, (_, value) in entries.items():
        if path in wanted:
            block, row = wanted[path]
            _row(source, table, block, row, value, units, filled)


def _row(source: YamlFile, table: Table, block: Block, row: Header | None, node: yaml.Node, units: Units,
         filled: Filled) -> None:
    columns = leaves(block.columns)
    keys = [cell_key(table.id, row, column) for column in columns]
    where = f"表“{table.title}”" + (f"“{row.label}”一行" if row else "")
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != len(columns):
        found = f"{len(node.value)} 格" if isinstance(node, yaml.SequenceNode) else "不是一行数字"
        labels = "、".join(column.label for column in columns)
        source.error(node, f"{where}应有 {len(columns)} 格，依次是：{labels}；实际是{found}。",
                     "照发布的表逐格填写，用逗号隔开，如 [3, 0, 0]；不适用的写 /，还没填的写 _。",
                     code="row-cells")
        filled.broken.update(keys)
        return
    unit = units.table.get(block.unit)
    unfilled = []
    for column, key, cell in zip(columns, keys, node.value, strict=True):
        text = cell.value if isinstance(cell, yaml.ScalarNode) and cell.tag.endswith(":str") else None
        what = f"{where}“{column.label}”一格"
        if text is not None and text not in (UNFILLED, DERIVED, *NOT_APPLICABLE) and not text.strip().isdigit():
            source.error(cell, f"{what}写成了“{clip(text)}”，应为数字、/（不适用）或 {DERIVED}（合计由程序计算）。",
                         "照发布的表写这一格的数字，不带单位；表中是“/”“—”或“不适用”的照写；还没填的写 _。",
                         code="not-a-number")
            filled.broken.add(key)
        elif text == UNFILLED:
            unfilled.append((what, cell))
            filled.broken.add(key)
        elif text in NOT_APPLICABLE:
            filled.not_applicable[key] = text
        elif text == DERIVED:
            derivation = _derivation(source, table, block, row, column, cell)
            if derivation is None:
                filled.broken.add(key)
            else:
                filled.pending[key] = _figure(source, filled.cells[key], Decimal(0), cell, units, derivation)
        else:
            before = len(source.errors)
            value = source.decimal(cell, f"{row.label}／{column.label}" if row else column.label)
            if value is not None and unit is not None:
                fits(source, cell, what, value, unit)
            if value is None or len(source.errors) > before:
                filled.broken.add(key)
            else:
                filled.figures[key] = _figure(source, filled.cells[key], value, cell, units)
    filled.problems.extend(listed(unfilled, lambda found: DataError(
        source.at(found[1]), f"{found[0]}未填写。",
        "把 _ 改成发布的数字（照发布的样子写，不带单位）；表中这一格是“/”或“不适用”的，照写。", code="unfilled"),
        "未填写的格"))


def _figure(source: YamlFile, cell: Cell, value: Decimal, node: yaml.Node, units: Units,
            derivation: Derivation | None = None) -> Figure:
    unit = units.table.get(cell.block.unit)
    return Figure(key=cell.key, label=cell.label, value=value, unit=cell.block.unit,
                  precision=decimals(value), location=source.at(node), derivation=derivation,
                  integer_unit=unit is not None and unit.count, scale=unit.factor if unit else 1,
                  family=unit.family if unit else None)


def _derivation(source: YamlFile, table: Table, block: Block, row: Header | None, column: Header,
                node: yaml.Node) -> Derivation | None:
    """A 计算 cell's sum: over its row's cells of the columns its column sums, or else over its
    column's cells of the rows its row sums."""
    if column.sums:
        parts = [cell_key(table.id, row, leaf) for leaf in _summed(block.columns, column)]
    elif row is not None and row.sums:
        parts = [cell_key(table.id, leaf, column) for leaf in _summed(block.rows, row)]
    else:
        source.error(node, f"表“{table.title}”中只有合计（总计）的格可以写“{DERIVED}”，"
                           f"“{row.label if row else ''}{column.label}”不是合计。",
                     "照发布的表写这一格的数字。", code="derived-not-total")
        return None
    return Derivation(kind="sum", operands=tuple(parts), location=source.at(node))


def _summed(headers: tuple[Header, ...], total: Header) -> list[Header]:
    """The leaves a total row or column adds up: each sibling it names, a group standing for its leaves."""
    siblings = _siblings(headers, total)
    return [leaf for name in total.sums for leaf in siblings[name].leaves()]


def _siblings(headers: tuple[Header, ...], header: Header) -> dict[str, Header]:
    if any(h is header for h in headers):
        return {h.id: h for h in headers}
    for h in headers:
        found = _siblings(h.children, header)
        if found:
            return found
    return {}


def builtin_rules(kind: Kind, filled: Filled, errors: list[ReportError]) -> list[Rule]:
    """The kind's identities as rules over the cells as filled: each total row and column in every
    column and row it crosses, each identity and each carried row in every column.

    A cell not applicable takes no part; a rule over nothing but such cells is not made; a total that
    is not applicable over parts that have numbers is an error of the table."""
    rules: list[Rule] = []
    for table in kind.tables.values():
        for block in table.blocks:
            columns, rows = leaves(block.columns), block.lines()
            for row in rows:
                for column in columns:
                    if column.sums:
                        parts = [cell_key(table.id, row, leaf) for leaf in _summed(block.columns, column)]
                        total = cell_key(table.id, row, column)
                        named = _join(table.id, column.path, *(("in", row.path) if row else ()))
                        where = f"{_where(table, block, row, None)}“{path_label(block.columns, column)}”"
                        _sum(rules, errors, filled, named, f"{where}等于各列之和", total, parts)
                    if row is not None and row.sums:
                        parts = [cell_key(table.id, leaf, column) for leaf in _summed(block.rows, row)]
                        named = _join(table.id, row.path, "in", column.path)
                        where = f"{_where(table, block, None, column)}“{path_label(block.rows, row)}”"
                        total = cell_key(table.id, row, column)
                        _sum(rules, errors, filled, named, f"{where}等于各行之和", total, parts)
            if block is table.blocks[0]:
                for column in columns:
                    for identity in table.identities:
                        left = [cell_key(table.id, find(block.rows, path), column) for path in identity.left]
                        right = [cell_key(table.id, find(block.rows, path), column) for path in identity.right]
                        operands = [("左边", key) for key in left if key in filled.figures]
                        operands += [("右边", key) for key in right if key in filled.figures]
                        if operands and not (set(left) | set(right)) & filled.broken:
                            rules.append(Rule(
                                id=_join(table.id, identity.id, "in", column.path), kind="balance",
                                description=f"{_where(table, block, None, column)}{identity.description}",
                                operands=tuple(operands), location=_line(filled, operands[0][1]), builtin=True))
                    for carried in table.previous:
                        this = cell_key(table.id, find(block.rows, carried.this), column)
                        last = cell_key(table.id, find(block.rows, carried.last), column)
                        if this in filled.figures:
                            rules.append(Rule(
                                id=_join(table.id, carried.id, "in", column.path), kind="carried",
                                description=f"{_where(table, block, None, column)}{carried.description}",
                                operands=(("本年", this),), location=_line(filled, this), carried_from=last,
                                builtin=True))
    return rules


def _sum(rules: list[Rule], errors: list[ReportError], filled: Filled, rule_id: str, description: str,
         total: str, parts: list[str]) -> None:
    if total in filled.broken or any(part in filled.broken for part in parts):
        return  # its cells' own errors are reported
    present = [part for part in parts if part not in filled.not_applicable]
    if total in filled.not_applicable:
        if present:
            cell = filled.cells[total]
            numbered = "、".join(filled.cells[part].label for part in present[:3])
            errors.append(DataError(
                _line(filled, present[0]), f"{cell.label}写的是“{filled.not_applicable[total]}”（不适用），"
                                           f"但它合计的格中有数字：{numbered}。",
                "合计不适用，它的各项也都不适用；照发布的表核对这一行（列）。", code="total-not-applicable"))
        return
    rules.append(Rule(id=rule_id, kind="sum", description=description,
                      operands=(("合计", total), *(("部分", part) for part in present)),
                      location=_line(filled, total), builtin=True))


def _line(filled: Filled, key: str) -> Location:
    return filled.figures[key].location


def _where(table: Table, block: Block, row: Header | None, column: Header | None) -> str:
    """表“…”“行”一行 / “列”一列, as a built-in rule's description begins."""
    if row is not None:
        return f"表“{table.title}”“{path_label(block.rows, row)}”一行："
    if column is not None:
        return f"表“{table.title}”“{path_label(block.columns, column)}”一列："
    return f"表“{table.title}”："


def _join(*parts: str) -> str:
    """A built-in rule's id from its table, header paths and words: requests-total-in-received."""
    return "-".join(part.replace(".", "-").replace("_", "-") for part in parts if part)
