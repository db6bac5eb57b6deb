"""Reading the report kinds declared in data/kinds/<kind>/<version>.yaml: their sections, tables and
identities (model/tables.py), checked as strictly as any data file, every problem with its line.

Kinds are the maintainers' (like data/units.yaml): a report names one in report.yaml (`kind`, and
`format` for its version), and everything the kind declares applies to it without the editor
writing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from ..model.errors import DataError, ReportError, did_you_mean
from ..model.tables import Block, Carried, Continuity, Header, Identity, Kind, Section, Table, leaves
from .yamlfile import YamlFile, clip

KINDS_FOLDER = "kinds"  # data/kinds/: the only folder of data/ that holds no report
ID = re.compile(r"[a-z][a-z0-9_]*")
RULE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PAGE = re.compile(r"[a-z0-9][a-z0-9_-]*")
KIND_FIELDS = ("name", "version", "basis")
KIND_OPTIONAL = ("period", "sections", "tables")
PERIODS = ("calendar-year",)
TABLE_OPTIONAL = ("corner", "heading", "unit", "columns", "rows", "blocks", "identities", "previous")
BLOCK_FIELDS = ("heading", "unit", "columns", "rows", "continuity")
MAX_HEADERS = 500  # rows or columns of one block: the national tables have tens


@dataclass(frozen=True)
class Kinds:
    """Every declared kind, by (name, version)."""

    table: Mapping[tuple[str, str], Kind]

    def names(self) -> list[str]:
        return sorted({name for name, _ in self.table})

    def versions(self, name: str) -> list[str]:
        return sorted(version for kind, version in self.table if kind == name)


def load_kinds(files: list[YamlFile], known_unit: Callable[[str], bool]) -> Kinds:
    """The kinds of the given files; their problems are left in each file's `errors`."""
    found: dict[tuple[str, str], Kind] = {}
    for source in files:
        kind = _kind(source, known_unit)
        if kind is None:
            continue
        if (kind.name, kind.version) in found:
            first = found[kind.name, kind.version].location
            source.error(None, f"报告类别“{kind.name}”的 {kind.version} 年格式重复声明（第一次在 {first}）。",
                         "每个类别的每个格式版本只在一个文件里声明。", code="kind-duplicate")
            continue
        found[kind.name, kind.version] = kind
    return Kinds(MappingProxyType(found))


def read_kinds(root: Path, known_unit: Callable[[str], bool]) -> tuple[Kinds, list[ReportError]]:
    """The kinds of data/kinds/ alone, and their problems (for tools beside the checks: the schemas)."""
    data = root / "data"
    paths = kind_files(data, sorted(data.rglob("*.yaml"))) if data.is_dir() else []
    sources = [YamlFile(path, path.relative_to(root).as_posix(), lambda p: p.read_text(encoding="utf-8"))
               for path in paths]
    kinds = load_kinds(sources, known_unit)
    return kinds, [error for source in sources for error in source.errors]


def kind_files(data: Path, files: list[Path]) -> list[Path]:
    """The kind declarations among the files of data/."""
    folder = data / KINDS_FOLDER
    return [path for path in files if path.parent.parent == folder and path.suffix == ".yaml"]


def _kind(source: YamlFile, known_unit: Callable[[str], bool]) -> Kind | None:
    root = source.compose()
    fields = source.fields(root, "报告类别", KIND_FIELDS, KIND_OPTIONAL) if root is not None else None
    if fields is None or any(name not in fields for name in KIND_FIELDS):
        return None
    before = len(source.errors)
    name = source.text(fields["name"], "name")
    version = version_text(source, fields["version"], "version")
    basis = source.text(fields["basis"], "basis")
    period = source.text(fields["period"], "period") if "period" in fields else None
    if period is not None and period not in PERIODS:
        source.error(fields["period"], f"period 只能是 {'、'.join(PERIODS)}，实际是“{clip(period)}”。",
                     "calendar-year：统计期限为一个自然年（1月1日至12月31日）；统计期限不固定的类别不写 period。",
                     code="kind-period")
    tables: dict[str, Table] = {}
    if "tables" in fields:
        for table_id, (key_node, node) in source.mapping(fields["tables"], "tables").items():
            if not ID.fullmatch(table_id):
                source.error(key_node, f"表的编号“{clip(table_id)}”不合规范。",
                             "只用小写英文字母、数字和下划线，以字母开头，如 requests。", code="kind-id")
                continue
            table = _table(source, table_id, key_node, node, known_unit)
            if table is not None:
                tables[table_id] = table
    sections = _sections(source, fields["sections"], tables) if "sections" in fields else ()
    if len(source.errors) > before or name is None or version is None or basis is None:
        return None
    return Kind(name=name, version=version, basis=basis, location=source.at(root),  # type: ignore[arg-type]
                sections=sections, tables=MappingProxyType(tables), period=period)  # type: ignore[arg-type]


def version_text(source: YamlFile, node: yaml.Node, field: str) -> str | None:
    """A format's version (a kind's `version`, a report's `format`): the year of the format, 2021."""
    if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"[0-9A-Za-z.-]{1,20}", node.value):
        return node.value
    source.error(node, f"{field} 应为格式的版本，如 2021，实际是“{clip(str(node.value))}”。",
                 f"写发布这个格式的年份，如 {field}: 2021。", code="kind-version")
    return None


def _sections(source: YamlFile, node: yaml.Node, tables: dict[str, Table]) -> tuple[Section, ...]:
    if not isinstance(node, yaml.SequenceNode):
        source.error(node, "sections 应为列表，每项写 page 和 title。", "如 - {page: 1-overview, title: 一、总体情况}",
                     code="not-a-list")
        return ()
    sections = []
    for item in node.value:
        fields = source.fields(item, "部分", ("page", "title"), ("tables",))
        if fields is None or "page" not in fields or "title" not in fields:
            continue
        page, title = source.text(fields["page"], "page"), source.text(fields["title"], "title")
        if page is not None and not PAGE.fullmatch(page):
            source.error(fields["page"], f"page 是正文的文件名（不带 .md），实际是“{clip(page)}”。",
                         "只用小写英文字母、数字、“-”和“_”，如 1-overview。", code="kind-id")
        named = [text for text, _ in source.text_list(fields["tables"], "tables")] if "tables" in fields else []
        for table_id in named:
            if table_id not in tables:
                source.error(fields["tables"], f"部分“{title}”列出的表“{clip(table_id)}”没有声明。",
                             did_you_mean(table_id, tables) or "在 tables 中声明这张表。", code="kind-unknown-table")
        if page is not None and title is not None:
            sections.append(Section(page=page, title=title, tables=tuple(named)))
    return tuple(sections)


def _table(source: YamlFile, table_id: str, key_node: yaml.Node, node: yaml.Node,
           known_unit: Callable[[str], bool]) -> Table | None:
    what = f"表“{table_id}”"
    fields = source.fields(node, what, ("title",), TABLE_OPTIONAL, at=key_node)
    if fields is None or "title" not in fields:
        return None
    before = len(source.errors)
    texts = {name: source.text(fields[name], name) for name in ("title", "corner", "heading") if name in fields}
    if "blocks" in fields:
        for name in ("unit", "columns", "rows"):
            if name in fields:
                source.error(fields[name], f"{what}分成了几块（blocks），{name} 写在每一块里。",
                             f"把 {name} 移进 blocks 的各项。", code="kind-table-shape")
        items = fields["blocks"].value if isinstance(fields["blocks"], yaml.SequenceNode) else []
        if not items:
            source.error(fields["blocks"], f"{what}的 blocks 应为非空列表。", "每块写 unit、columns 和 rows。",
                         code="not-a-list")
        blocks = [_block(source, what, item, source.fields(item, f"{what}的一块", (), BLOCK_FIELDS), known_unit)
                  for item in items]
    else:
        blocks = [_block(source, what, node, fields, known_unit, own_heading=False)]
    found = [block for block in blocks if block is not None]
    paths: dict[str, int] = {}
    for block in found:
        for row in leaves(block.rows):
            if row.path in paths:
                source.errors.append(DataError(
                    row.location, f"{what}的行“{row.path}”（{row.label}）在几块中重复，行的编号在整张表中要唯一。",
                    "给其中一行换一个编号。", code="kind-duplicate-header"))
            paths[row.path] = 1
    # A table's rows are filled by their paths, a table of no rows as one list: the two do not mix; and
    # a relation between rows holds in each column of the block they are in, so the table is one block.
    if len(found) > 1 and any(not block.rows for block in found):
        source.error(fields["blocks"], f"{what}分成了几块，每一块都要有 rows。", "没有行的表只能是一块。",
                     code="kind-table-shape")
    if len(found) > 1 and ("identities" in fields or "previous" in fields):
        source.error(fields.get("identities") or fields["previous"], f"{what}分成了几块，不能写行之间的关系。",
                     "identities 和 previous 只用于一块的表；各块自己的关系写 continuity。", code="kind-table-shape")
    if len(source.errors) > before or len(found) != len(blocks):
        return None
    rows = tuple(row for block in found for row in block.rows)
    identities = _identities(source, what, fields.get("identities"), rows)
    previous = _previous(source, what, fields.get("previous"), rows)
    if len(source.errors) > before:
        return None
    return Table(id=table_id, title=texts["title"], blocks=tuple(found), location=source.at(key_node),  # type: ignore[arg-type]
                 corner=texts.get("corner"), heading=texts.get("heading"), identities=identities, previous=previous)


def _block(source: YamlFile, what: str, node: yaml.Node, fields: dict[str, yaml.Node] | None,
           known_unit: Callable[[str], bool], own_heading: bool = True) -> Block | None:
    """A block of a table: from a `blocks` item, or from the table's own fields, whose `heading` is
    the header over every column, not a block's (`own_heading` false)."""
    if fields is None:
        return None
    for name in ("unit", "columns"):
        if name not in fields:
            source.error(node, f"{what}缺少“{name}”。", f"补上“{name}: …”。", code="missing-field")
            return None
    unit = source.text(fields["unit"], "unit")
    if unit is not None and not known_unit(unit):
        source.error(fields["unit"], f"{what}的单位“{clip(unit)}”不在 data/units.yaml 中。", "用单位表中的单位。",
                     code="unknown-unit")
    columns = _headers(source, fields["columns"], "columns", "")
    rows = _headers(source, fields["rows"], "rows", "") if "rows" in fields else ()
    if "continuity" in fields and not own_heading:
        source.error(fields["continuity"], f"{what}的 continuity 写在 blocks 的一块里。", "把表分成 blocks。",
                     code="kind-table-shape")
    heading = source.text(fields["heading"], "heading") if own_heading and "heading" in fields else None
    if unit is None or columns is None or rows is None:
        return None
    continuity = _continuity(source, what, fields.get("continuity"), columns)
    return Block(heading=heading, unit=unit, columns=columns, rows=rows, continuity=continuity)


def _headers(source: YamlFile, node: yaml.Node, kind: str, above: str) -> tuple[Header, ...] | None:
    """The rows or columns of a level: `id: 标签`, or `id: {label: 标签, rows|columns: …, sum: [id, …]}`."""
    entries = source.mapping(node, kind)
    if not entries:
        if isinstance(node, yaml.MappingNode):
            source.error(node, f"{kind} 是空的。", "至少写一项，如 total: 总计。", code="kind-table-shape")
        return None
    if len(entries) > MAX_HEADERS:
        source.error(node, f"{kind} 有 {len(entries):,} 项，超过了 {MAX_HEADERS} 项的上限。", "检查是否误粘贴。",
                     code="kind-table-shape")
        return None
    headers = []
    for header_id, (key_node, value) in entries.items():
        path = f"{above}.{header_id}" if above else header_id
        if not ID.fullmatch(header_id):
            source.error(key_node, f"{kind} 的编号“{clip(header_id)}”不合规范。",
                         "只用小写英文字母、数字和下划线，以字母开头，如 carried_over。", code="kind-id")
            return None
        if isinstance(value, yaml.ScalarNode):
            label = source.text(value, "label")
            if label is None:
                return None
            headers.append(Header(id=header_id, label=label, path=path, location=source.at(key_node)))
            continue
        fields = source.fields(value, f"{kind} 的“{header_id}”", ("label",), (kind, "sum"), at=key_node)
        if fields is None or "label" not in fields:
            return None
        label = source.text(fields["label"], "label")
        children = _headers(source, fields[kind], kind, path) if kind in fields else ()
        sums = tuple(text for text, _ in source.text_list(fields["sum"], "sum")) if "sum" in fields else ()
        if label is None or children is None:
            return None
        if sums and children:
            source.error(fields["sum"], f"“{header_id}”下面还有分项，合计行（列）不能再分。",
                         "把 sum 写在不分项的一行（列）上。", code="kind-table-shape")
        headers.append(Header(id=header_id, label=label, path=path, location=source.at(key_node), children=children,
                              sums=sums))
    siblings = {header.id: header for header in headers}
    for header in headers:
        for name in header.sums:
            if name not in siblings or name == header.id:
                source.error(None, f"“{header.id}”的 sum 写了“{clip(name)}”，它不是同一层的另一项。",
                             did_you_mean(name, [h for h in siblings if h != header.id]) or
                             "sum 只能写同一层的其他行（列）的编号。", code="kind-unknown-header")
    return tuple(headers)


def find(headers: tuple[Header, ...], path: str) -> Header | None:
    """The header of that path (ids joined by dots), at any level."""
    for header in headers:
        if header.path == path:
            return header
        if path.startswith(header.path + "."):
            return find(header.children, path)
    return None


def _paths(source: YamlFile, node: yaml.Node, field: str, headers: tuple[Header, ...], what: str) -> tuple[str, ...]:
    """A list of row or column paths, each of which must be in `headers`."""
    return tuple(_path(source, item, field, headers, what) for _, item in source.text_list(node, field))


def _path(source: YamlFile, node: yaml.Node, field: str, headers: tuple[Header, ...], what: str) -> str:
    """One row or column path that must be in `headers`."""
    path = source.text(node, field)
    if path is not None and find(headers, path) is None:
        every = [leaf.path for leaf in leaves(headers)]
        source.error(node, f"{what}的“{clip(path)}”不是表中的一行（列）。",
                     did_you_mean(path, every) or "写行（列）的编号，分组下的用“.”连接，如 results.total。",
                     code="kind-unknown-header")
    return path or ""


def _rules_of(source: YamlFile, node: yaml.Node | None, what: str,
              needed: tuple[str, ...]) -> list[dict[str, yaml.Node]]:
    """The entries of an identities / previous / continuity list, each with id, description and `needed`."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        source.error(node, f"{what}应为列表。", "每项以“- id: …”开头。", code="not-a-list")
        return []
    found = []
    for item in node.value:
        fields = source.fields(item, what, ("id", "description", *needed), ())
        if fields is None or any(name not in fields for name in ("id", "description", *needed)):
            continue
        rule_id = source.text(fields["id"], "id")
        if rule_id is not None and not RULE_ID.fullmatch(rule_id):
            source.error(fields["id"], f"编号“{clip(rule_id)}”不合规范。", "只用小写英文字母、数字和“-”，如 balance。",
                         code="rule-id-format")
        found.append(fields)
    return found


def _identities(source: YamlFile, what: str, node: yaml.Node | None, rows: tuple[Header, ...]) -> tuple[Identity, ...]:
    found = []
    for fields in _rules_of(source, node, f"{what}的勾稽关系", ("left", "right")):
        found.append(Identity(
            id=source.text(fields["id"], "id") or "",
            description=source.text(fields["description"], "description") or "",
            left=_paths(source, fields["left"], "left", rows, what),
            right=_paths(source, fields["right"], "right", rows, what), location=source.at(fields["id"])))
    return tuple(found)


def _previous(source: YamlFile, what: str, node: yaml.Node | None, rows: tuple[Header, ...]) -> tuple[Carried, ...]:
    found = []
    for fields in _rules_of(source, node, f"{what}与上一年度的衔接", ("this", "last")):
        found.append(Carried(id=source.text(fields["id"], "id") or "",
                             description=source.text(fields["description"], "description") or "",
                             this=_path(source, fields["this"], "this", rows, what),
                             last=_path(source, fields["last"], "last", rows, what), location=source.at(fields["id"])))
    return tuple(found)


def _continuity(source: YamlFile, what: str, node: yaml.Node | None,
                columns: tuple[Header, ...]) -> tuple[Continuity, ...]:
    found = []
    for fields in _rules_of(source, node, f"{what}的逐年延续", ("now", "plus", "minus")):
        found.append(Continuity(id=source.text(fields["id"], "id") or "",
                                description=source.text(fields["description"], "description") or "",
                                now=_path(source, fields["now"], "now", columns, what),
                                plus=_path(source, fields["plus"], "plus", columns, what),
                                minus=_path(source, fields["minus"], "minus", columns, what),
                                location=source.at(fields["id"])))
    return tuple(found)
