"""data/units.yaml: the units figures are published in, each a count (件, 人: whole things, never
negative, exact when published without qualifier) or a measure (万元, %: rounded to the places published,
at most `decimals` of them, below zero only if `negative` says so), some of them multiples of another
(`of`, `factor`: 万元 is 10000 元), so that rules compare across a family.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import yaml

from ..model.errors import ReportError, did_you_mean
from ..model.intervals import MAX_DIGITS, decimals
from .yamlfile import YamlFile, clip

UNIT_KINDS = ("count", "measure")
UNIT_OPTIONAL = ("decimals", "negative", "of", "factor")
MAX_FACTOR_DIGITS = 12  # 亿 is 10^8; a family's largest unit is at most 10^12 of its smallest


@dataclass(frozen=True, kw_only=True)
class Unit:
    """A unit of data/units.yaml. A count (件, 人) counts whole things: its values are whole and not
    negative, and one published without qualifier is exact. A measure (万元, %) is rounded to the
    places published: at most `decimals` of them, and below zero only if `negative` says so."""

    name: str
    count: bool
    decimals: int
    negative: bool = False
    # A unit of a scale family: 万人次 is `of: 人次` with `factor: 10000`; rules compare across one.
    of: str | None = None
    factor: int = 1
    family: str | None = None  # what Figure.measure says of its figures, once the family is known


@dataclass(frozen=True)
class Units:
    table: Mapping[str, Unit]
    # False when units.yaml itself could not be read: its error is reported, and no figure is read.
    readable: bool = True

    def __contains__(self, unit: str) -> bool:
        return unit in self.table or not self.readable

    def get(self, unit: str) -> Unit:
        return self.table.get(unit) or Unit(name=unit, count=False, decimals=MAX_DIGITS, negative=True)


def load_units(root: Path) -> tuple[Units, list[ReportError]]:
    """The unit table (data/units.yaml) alone, and its problems."""
    errors: list[ReportError] = []
    source = YamlFile(root / "data" / "units.yaml", "data/units.yaml", lambda path: path.read_text(encoding="utf-8"))
    return read_units(source, errors), errors


def read_units(source: YamlFile, errors: list[ReportError]) -> Units:
    """Each unit once, with its properties: `件: {kind: count}`, `万元: {kind: measure, decimals: 6}`,
    and `negative: true` for a measure whose values may be below zero."""
    table: dict[str, Unit] = {}
    root = source.compose() if source.path.is_file() else None
    nodes: dict[str, yaml.Node] = {}
    if root is not None:
        for name, (key_node, node) in source.mapping(root, "单位表").items():
            table[name], nodes[name] = _unit(source, name, key_node, node), node
    elif not source.path.is_file():
        source.error(None, "缺少单位表 data/units.yaml。", "从仓库历史中恢复这个文件。", code="units-missing")
    for name, unit in table.items():
        table[name] = _in_family(source, unit, table, nodes[name])
    errors += source.errors
    return Units(MappingProxyType(table), readable=root is not None and isinstance(root, yaml.MappingNode))


def _unit(source: YamlFile, name: str, key_node: yaml.Node, node: yaml.Node) -> Unit:
    """The unit declared; one declared wrongly is reported and then refuses no figure's value."""
    lenient = Unit(name=name, count=False, decimals=MAX_DIGITS, negative=True)
    what = f"单位“{clip(name)}”"
    fields = source.fields(node, what, ("kind",), UNIT_OPTIONAL, at=key_node)
    kind = source.text(fields["kind"], "kind") if fields and "kind" in fields else None
    if fields is None or kind is None:
        return lenient
    if kind not in UNIT_KINDS:
        source.error(fields["kind"], f"{what}的 kind 只能是 count 或 measure，实际是“{clip(kind)}”。",
                     "count：数整件的东西（件、人），不带小数；measure：四舍五入后发布的量（万元、%）。",
                     code="unit-kind")
        return lenient
    if kind == "count":
        for field in (field for field in UNIT_OPTIONAL if field in fields):
            source.error(fields[field],
                         f"{what}是计数单位（count），不写 {field}：计数单位的数字都是不带小数的非负整数。",
                         f"删除 {field}；可以带小数或为负数的，kind 写 measure。", code="count-unit-option")
        return Unit(name=name, count=True, decimals=0)
    if "decimals" not in fields:
        source.error(key_node, f"{what}缺少 decimals：这个单位的数字最多有几位小数。", "如 decimals: 2。",
                     code="unit-decimals-missing")
        return lenient
    places = source.integer(fields["decimals"], "decimals", 0, MAX_DIGITS)
    negative = source.boolean(fields["negative"], "negative") if "negative" in fields else False
    if places is None or negative is None:
        return lenient
    of, factor = _scale(source, what, key_node, fields)
    return Unit(name=name, count=False, decimals=places, negative=negative, of=of, factor=factor)


def _scale(source: YamlFile, what: str, key_node: yaml.Node, fields: dict[str, yaml.Node]) -> tuple[str | None, int]:
    """`of` and `factor` together: 万元 is `of: 元`, `factor: 10000` (a power of ten)."""
    if ("of" in fields) != ("factor" in fields):
        source.error(fields.get("of") or fields["factor"], f"{what}的 of 和 factor 要一起写。",
                     "如 万人次: {kind: measure, decimals: 4, of: 人次, factor: 10000}：1万人次等于10000人次。",
                     code="unit-scale-incomplete")
        return None, 1
    if "of" not in fields:
        return None, 1
    of = source.text(fields["of"], "of")
    factor = source.integer(fields["factor"], "factor", 10, 10 ** MAX_FACTOR_DIGITS)
    if factor is not None and str(factor).rstrip("0") != "1":
        source.error(fields["factor"], f"{what}的 factor 应是 10、100、10000 这样的 10 的乘方，实际是 {factor}。",
                     "万写 10000，亿写 100000000。", code="unit-factor")
        return None, 1
    return (of, factor) if of is not None and factor is not None else (None, 1)


def _in_family(source: YamlFile, unit: Unit, table: Mapping[str, Unit], node: yaml.Node) -> Unit:
    """The unit with the family its figures measure: its own, or that of the unit it is a multiple of."""
    if unit.of is None:
        return replace(unit, family="" if unit.count else unit.name)
    base = table.get(unit.of)
    if base is None or base.of is not None or base.name == unit.name:
        found = "没有这个单位" if base is None else ("它本身" if base.name == unit.name else f"它又是“{base.of}”的倍数")
        at = next(value for key, value in node.value if key.value == "of")  # a unit with `of` was read from it
        source.error(at, f"单位“{clip(unit.name)}”写的是“{clip(unit.of)}”的倍数（of），但{found}。",
                     "of 写单位表中一个基本单位（不带 of 的单位），如 万元 写 of: 元。"
                     + (did_you_mean(unit.of, sorted(table)) if base is None else ""), code="unit-base")
        return replace(unit, of=None, factor=1, family=unit.name)
    return replace(unit, family="" if base.count else base.name)


def fits(source: YamlFile, node: yaml.Node, field: str, value: Decimal, unit: Unit) -> None:
    """A value its unit allows: not below zero unless declared so, no more places than it has."""
    if value < 0 and not unit.negative:
        source.error(node, f"“{field}”是 {value}，{negative(unit)}", _negative_hint(unit), code="negative-value")
    elif decimals(value) > unit.decimals:
        source.error(node, f"“{field}”写成了“{clip(node.value)}”，有 {decimals(value)} 位小数，{places(unit)}",
                     places_hint(unit), code="too-many-places")


def negative(unit: Unit) -> str:
    if unit.count:
        return f"但单位“{unit.name}”是计数单位，数的是整件的东西，不能是负数。"
    return f"但单位“{unit.name}”的数字不能是负数（data/units.yaml 没有声明它可以为负）。"


def _negative_hint(unit: Unit) -> str:
    return ("照发布的样子写这个数字；“下降”“减少”在正文里写，并用 change 规则与上一年度核对（见 CONTRIBUTING.md）。"
            + ("" if unit.count else "这个单位确实可以为负的，请维护者在 data/units.yaml 中给它写 negative: true。"))


def places(unit: Unit) -> str:
    if unit.count:
        return f"但单位“{unit.name}”是计数单位，数字不带小数。"
    return f"但单位“{unit.name}”的数字最多 {unit.decimals} 位小数。"


def places_hint(unit: Unit) -> str:
    if unit.count:
        return "写整数，如 71；约数写 qualifier: 约 和 tolerance，“余”数写 qualifier: 余。"
    return ("照发布的样子写（如 955.61）；确需更多位小数，请维护者修改 data/units.yaml 中这个单位的 decimals。")
