"""Strict YAML -> model: every report under data/, with every problem of the run reported together.

A report is a folder under data/ holding report.yaml (metadata), figures.yaml (figures) and
optionally rules.yaml (reconciliation rules) and terms.txt (search terms); its
path below data/ is its id and the folder of its chapters under docs/. Units are shared, in
data/units.yaml, which says of each whether it counts whole things, how many decimal places its
values may have and whether they may be negative.

No value can make the engine fail: numbers are read from their text with at most
yamlnodes.MAX_DIGITS significant digits, whole numbers within stated bounds, and every value that
does not fit its unit is an error with its file and line.
"""

from __future__ import annotations

import datetime
import gc
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from pathlib import Path
from types import MappingProxyType

import yaml

from ..model.errors import DataError, Location, ReportError, did_you_mean, listed, new_run
from ..model.fields import optional_names, required_names
from ..model.figures import FIGURE_FIELDS, Derivation, Figure
from ..model.forms import formula_start, round_published
from ..model.intervals import EXACT, MAX_DIGITS, decimals
from ..model.report import META_FIELDS, PLAUSIBILITY, YEARS, Catalog, EveryKey, Report, ReportMeta
from ..model.tables import Kind
from .kinds import KINDS_FOLDER, Kinds, kind_files, load_kinds, version_text
from .rules import parse_rules
from .tables import TABLES, Filled, builtin_rules, load_tables
from .tree import Tree
from .units import Unit, Units, fits, negative, places, places_hint, read_units
from .yamlfile import YamlFile, clip, is_empty

KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")
TERM = re.compile(r"\S+")
# A report's search terms, each added to the word segmenter (jieba), whose work for a term grows with
# the square of its length: a real term has a few characters, a real report some forty.
MAX_TERM = 30
MAX_TERMS = 1_000


@dataclass(frozen=True)
class Loaded:
    catalog: Catalog  # every report of the site
    errors: list[ReportError]


def load_catalog(root: Path, tree: Tree | None = None) -> Loaded:
    """Read every report below root/data (through the checks' `tree`, if given). Figures with errors
    are left out and listed as broken."""
    new_run()
    with without_gc():
        return _load_catalog(root, tree or Tree(root, root / "docs"))


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile. Loading and checking make millions of objects and drop
    few: each collection of the oldest generation would go through all of them again for nothing.

    Afterwards what was made goes straight to the oldest generation (frozen and unfrozen), where a
    first collection would have put what lives on, the catalog and the results, after going through
    all of it once more.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _load_catalog(root: Path, tree: Tree) -> Loaded:
    errors: list[ReportError] = []
    shared = load_shared(tree, errors)
    reports = []
    unloaded = set()
    for folder in report_folders(tree):
        report = load_report(tree, folder, shared, errors)
        if report is None:
            unloaded.add(folder.relative_to(root / "data").as_posix())
        else:
            reports.append(report)
    return Loaded(Catalog(reports=tuple(reports), unloaded=frozenset(unloaded)), errors)


@dataclass(frozen=True)
class Shared:
    """What every report is read with: the unit table and the report kinds."""

    units: Units
    kinds: Kinds


def load_shared(tree: Tree, errors: list[ReportError]) -> Shared:
    """The unit table (data/units.yaml) and the kinds (data/kinds/), their problems added to `errors`."""
    data = tree.root / "data"
    units = read_units(_file(tree, data / "units.yaml"), errors)
    kind_sources = [_file(tree, path) for path in kind_files(data, tree.files(data / KINDS_FOLDER, data))]
    kinds = load_kinds(kind_sources, units.__contains__)
    for source in kind_sources:
        errors += source.errors
    return Shared(units, kinds)


def report_folders(tree: Tree) -> list[Path]:
    """Every folder below data/ with a report.yaml, in the order of its files."""
    data = tree.root / "data"
    return [path.parent for path in tree.files(data, data) if path.name == "report.yaml"]


def load_report(tree: Tree, folder: Path, shared: Shared, errors: list[ReportError]) -> Report | None:
    """The report of a folder of data/ (None if it cannot be loaded), its problems added to `errors`."""
    root, units, kinds = tree.root, shared.units, shared.kinds
    report_id = folder.relative_to(root / "data").as_posix()
    meta_path = folder / "report.yaml"
    meta, kind = _load_meta(_file(tree, meta_path), errors, kinds)
    figures_path = folder / "figures.yaml"
    if not figures_path.is_file():
        errors.append(DataError(Location(_rel(root, meta_path), 1),
                                f"报告“{report_id}”缺少 figures.yaml。",
                                "在 report.yaml 旁边建立 figures.yaml，写入报告的数字。", code="figures-missing"))
        return None
    # Without the unit table no figure can be read right (every unit would seem wrong): its error
    # is the one to fix first.
    figures, broken = _load_figures(_file(tree, figures_path), units, errors) if units.readable \
        else ({}, EveryKey())
    filled = _tables(tree, folder, kind, units, figures, broken, errors) if kind is not None else Filled()
    terms = _load_terms(tree, folder / "terms.txt", errors)
    frozen = MappingProxyType(figures)
    # Without its kind, its tables cannot be read: any key may be one of their cells.
    broken_keys = EveryKey() if kind is None else broken if isinstance(broken, EveryKey) else frozenset(broken)
    rules_path = folder / "rules.yaml"
    builtin = tuple(builtin_rules(kind, filled, errors)) if kind is not None else ()
    rules = parse_rules(_file(tree, rules_path) if rules_path.is_file() else None, frozen, broken_keys, errors,
                        builtin)
    if meta is None or kind is None:
        return None
    return Report(id=report_id, meta=meta, figures=frozen, broken_keys=broken_keys, terms=terms, rules=rules,
                  kind=kind, not_applicable=MappingProxyType(filled.not_applicable), cells=filled.cells)


def _tables(tree: Tree, folder: Path, kind: Kind, units: Units, figures: dict[str, Figure],
            broken: set[str] | EveryKey, errors: list[ReportError]) -> Filled:
    """The report's tables (tables.yaml), their cells added to `figures` (and their broken ones to
    `broken`); a cell key that figures.yaml uses as well is an error there."""
    path = folder / TABLES
    source = _file(tree, path) if path.is_file() else None
    if source is None and kind.tables:
        errors.append(DataError(Location(_rel(tree.root, folder / "report.yaml"), 1),
                                f"报告类别“{kind.name}”的报告要有表格数据 {TABLES}，这份报告没有。",
                                "运行 make new-report 建立报告时会生成它；也可以照同类报告的 tables.yaml 建立。",
                                code="tables-missing"))
    filled = load_tables(source, kind, units, folder.relative_to(tree.root / "data").as_posix())
    taken = [key for key in (*filled.figures, *filled.pending, *filled.not_applicable) if key in figures]
    for key in taken:
        figure = figures[key]
        errors.append(DataError(figure.location, f"键“{key}”是表中一格的键（{filled.cells[key].label}），"
                                                 "figures.yaml 不能再用它。",
                                "给这个数字换一个键；正文要引用表中这一格，直接用 fig() 引用这个键。",
                                code="key-taken-by-table"))
    figures.update(filled.figures)
    # A 计算 total over cells still unfilled (or wrong) waits for them: their own errors are listed.
    for key, figure in list(filled.pending.items()):
        if figure.derivation is not None and any(part in filled.broken for part in figure.derivation.operands):
            del filled.pending[key]
            filled.broken.add(key)
    derived = list(filled.pending)
    if source is not None:
        _derive_all(source, figures, filled.pending, filled.broken, units)
        errors += source.errors
    errors += filled.problems
    filled.figures.update({key: figures[key] for key in derived if key in figures})
    if not isinstance(broken, EveryKey):
        broken.update(filled.broken)
    return filled


def _file(tree: Tree, path: Path) -> YamlFile:
    return YamlFile(path, _rel(tree.root, path), tree.text)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _load_terms(tree: Tree, path: Path, errors: list[ReportError]) -> tuple[str, ...]:
    """The report's search terms (one a line; `#` starts a comment line)."""
    if not path.is_file():
        return ()
    rel = _rel(tree.root, path)
    terms, wrong = [], []
    for number, line in enumerate(tree.text(path).splitlines(), start=1):
        if TERM.fullmatch(line) and len(line) <= MAX_TERM:
            terms.append(line)
        elif line.strip() and not line.startswith("#"):
            wrong.append((number, line))
    if len(terms) > MAX_TERMS:
        errors.append(DataError(Location(rel, 1),
                                f"有 {len(terms):,} 个检索词，超过了每份报告 {MAX_TERMS:,} 个的上限。",
                                "只收读者可能搜索、而中文分词可能切开的专有名词，一份报告通常几十个。",
                                code="too-many-terms"))
        terms = []

    def error(found: tuple[int, str]) -> DataError:
        number, line = found
        if TERM.fullmatch(line):
            return DataError(Location(rel, number), f"检索词“{line[:MAX_TERM]}…”有 {len(line):,} 个字，"
                                                    f"超过了 {MAX_TERM} 个字的上限。",
                             "检索词是读者会搜索的专有名词，如“双控平台”；每行写一个。", code="term-too-long")
        shown = line if len(line) <= MAX_TERM else line[:MAX_TERM] + "…"
        return DataError(Location(rel, number), f"检索词“{shown}”的格式不对。",
                         "每行写一个词，词中不要有空格，如“双控平台”。", code="term-format")

    errors += listed(wrong, error, "格式不对的检索词")
    return tuple(terms)


def _load_meta(source: YamlFile, errors: list[ReportError],
               kinds: Kinds) -> tuple[ReportMeta | None, Kind | None]:
    """The report's metadata, and its kind (data/kinds/) as report.yaml's `kind` and `format` name it."""
    root = source.compose()
    fields = source.fields(root, "报告信息", required_names(META_FIELDS), optional_names(META_FIELDS)) if root else None
    meta, kind = None, None
    if fields is not None:
        values: dict[str, object] = {
            name: _required_text(source, fields[name], name)
            for name in ("body", "title", "kind") if name in fields
        }
        if "year" in fields:
            values["year"] = source.integer(fields["year"], "year", *YEARS)
        if "format" in fields:
            values["format"] = version_text(source, fields["format"], "format")
        for name in ("written_on", "published_on", "period_start", "period_end"):
            if name in fields:
                values[name] = source.date(fields[name], name)
        for name in ("index_no", "doc_no", "topic", "disclosure", "disclosure_term", "validity", "previous",
                     "plausibility"):
            if name in fields:
                values[name] = source.text(fields[name], name)
        if "change_threshold" in fields:
            threshold = source.decimal(fields["change_threshold"], "change_threshold")
            if threshold is not None and threshold <= 0:
                source.error(fields["change_threshold"],
                             f"change_threshold 是变化的百分数，应大于 0，实际是 {threshold}。",
                             "如 change_threshold: 50（变化超过 50% 时提示）。", code="threshold-not-positive")
            values["change_threshold"] = threshold
        start, end = values.get("period_start"), values.get("period_end")
        if ("period_start" in fields) != ("period_end" in fields):
            source.error(fields.get("period_start") or fields["period_end"],
                         "统计期限要同时写开始和结束：period_start 和 period_end。",
                         "如 period_start: 2023-01-01 和 period_end: 2023-12-31；不知道就两个都不写。",
                         code="period-incomplete")
        elif isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            source.error(fields["period_end"], f"统计期限的结束 {end} 早于开始 {start}。", "核对这两个日期。",
                         code="period-reversed")
        if values.get("plausibility") not in (None, *PLAUSIBILITY):
            source.error(fields["plausibility"],
                         f"plausibility 只能是 info 或 fail，实际是“{values['plausibility']}”。",
                         "info：合理性问题只提示；fail：合理性问题也阻止发布。", code="plausibility-setting")
        kind = _kind(source, fields, values, kinds)
        if not source.errors:
            meta = ReportMeta(location=source.at(root), **values)  # type: ignore[arg-type]
    errors += source.errors
    # The kind even when the metadata has errors: a new report's tables are listed cell by cell while
    # its body and title are still unfilled.
    return meta, kind


def _required_text(source: YamlFile, node: yaml.Node, name: str) -> str | None:
    """A required text of report.yaml; left empty (`body:`, as make new-report leaves what it cannot
    know), it is unfilled, with what to write."""
    if is_empty(node):
        title = next(field.title for field in META_FIELDS if field.name == name)
        source.error(node, f"报告信息的“{name}”（{title.split('，')[0]}）未填写。",
                     f"在“{name}:”后写上{title}。", code="unfilled")
        return None
    return source.text(node, name)


def _kind(source: YamlFile, fields: dict[str, yaml.Node], values: dict[str, object], kinds: Kinds) -> Kind | None:
    """The declared kind the report names, or None with the error of what it names instead."""
    name, version = values.get("kind"), values.get("format")
    if not isinstance(name, str) or not isinstance(version, str):
        return None
    if name not in kinds.names():
        declared = "、".join(kinds.names()) or "没有"
        source.error(fields["kind"], f"没有报告类别“{clip(name)}”（data/kinds/ 中声明的类别：{declared}）。",
                     did_you_mean(name, kinds.names())
                     or "照 data/kinds/ 中类别的 name 一字不差地写；新的类别由维护者声明。",
                     code="unknown-kind")
        return None
    found = kinds.table.get((name, version))
    if found is None:
        versions = "、".join(kinds.versions(name))
        source.error(fields["format"], f"报告类别“{name}”没有 {clip(version)} 年的格式（有：{versions}）。",
                     "format 写报告所用格式的版本，如 2021。", code="unknown-format")
    return found


def _load_figures(
    source: YamlFile, units: Units, errors: list[ReportError],
) -> tuple[dict[str, Figure], set[str] | EveryKey]:
    """The file's figures, and the keys of those with errors (all of them, if it cannot be read)."""
    root = source.compose()
    if root is None:
        errors += source.errors
        return {}, EveryKey()
    entries = source.mapping(root, "数据文件")
    figures: dict[str, Figure] = {}
    pending: dict[str, Figure] = {}
    broken: set[str] = set()
    for key, (key_node, node) in entries.items():
        before = len(source.errors)
        if not KEY.fullmatch(key):
            source.error(key_node, f"键“{clip(key)}”不合规范。",
                         "键只用小写英文字母、数字和下划线，用“.”分组，如 enforcement.cases.total。", code="key-format")
        figure = _figure(source, key, key_node, node, units)
        if figure is None or len(source.errors) > before:
            broken.add(key)
        elif figure.derivation is not None:
            pending[key] = figure
        else:
            figures[key] = figure
    _derive_all(source, figures, pending, broken, units)
    errors += source.errors
    return figures, broken


def _figure(
    source: YamlFile, key: str, key_node: yaml.Node, node: yaml.Node, units: Units,
) -> Figure | None:
    what = f"数字“{key}”"
    fields = source.fields(node, what, required_names(FIGURE_FIELDS), optional_names(FIGURE_FIELDS), at=key_node)
    if fields is None:
        return None
    label = source.text(fields["label"], "label") if "label" in fields else None
    unit = source.text(fields["unit"], "unit") if "unit" in fields else None
    if _unfilled(source, what, label, fields):
        return None
    if unit is not None and unit not in units:
        source.error(fields["unit"], f"未知单位“{clip(unit)}”。",
                     f"使用 data/units.yaml 中的单位；确需新单位，请维护者加入单位表。"
                     f"{did_you_mean(unit, sorted(units.table))}", code="unknown-unit")
    declared = units.table.get(unit) if unit is not None else None  # None: unknown, reported above
    has_value, has_derive = "value" in fields, "derive" in fields
    if has_value == has_derive:
        source.error(key_node, f"{what}应当有且只有 value（发布的数字）或 derive（由其他数字计算）之一。",
                     "直接发布的数字写 value；计算得出的数字写 derive 和 precision。", code="value-or-derive")
        return None
    value = source.decimal(fields["value"], "value") if has_value else Decimal(0)
    if has_value and value is not None and declared is not None:
        fits(source, fields["value"], "value", value, declared)
    derivation = _derivation(source, fields["derive"]) if has_derive else None
    precision = decimals(value) if value is not None else 0
    if "precision" in fields:
        if has_value:
            source.error(fields["precision"], "直接写出的数字不用写 precision：小数位数就是写出的位数。",
                         "删除 precision，按发布的样子写 value（如 140.4）。", code="precision-on-value")
        precision = source.integer(fields["precision"], "precision", 0, MAX_DIGITS) or 0
        if declared is not None and precision > declared.decimals:
            source.error(fields["precision"], f"precision 是 {precision}，{places(declared)}",
                         places_hint(declared), code="too-many-places")
    elif has_derive:
        source.error(key_node, f"{what}由计算得出，需要写明发布的小数位数 precision。", "如 precision: 1。",
                     code="precision-missing")
    qualifier = None
    if "qualifier" in fields:
        qualifier = source.text(fields["qualifier"], "qualifier")
        if qualifier not in ("余", "约"):
            source.error(fields["qualifier"], f"qualifier 只能是“余”或“约”，实际是“{qualifier}”。",
                         "“2800余人次”写 qualifier: 余；“约70人”写 qualifier: 约。", code="unknown-qualifier")
    tolerance = None
    if "tolerance" in fields:
        tolerance = source.decimal(fields["tolerance"], "tolerance")
        if qualifier != "约":
            source.error(fields["tolerance"], "只有“约”数需要 tolerance。", "删除 tolerance。",
                         code="tolerance-without-yue")
        elif tolerance is not None and tolerance <= 0:
            source.error(fields["tolerance"], f"tolerance 是允许的误差，应大于 0，实际是 {tolerance}。",
                         "如“约70人”可能是 65 到 75 人，写 tolerance: 5。", code="tolerance-not-positive")
        elif tolerance is not None and declared is not None:
            fits(source, fields["tolerance"], "tolerance", tolerance, declared)
    elif qualifier == "约":
        source.error(key_node, f"{what}是“约”数，需要写明允许的误差 tolerance。",
                     "如“约70人”可能是 65 到 75 人，写 tolerance: 5。", code="tolerance-missing")
    optional = {
        "source": source.text(fields["source"], "source") if "source" in fields else None,
        "as_of": source.date(fields["as_of"], "as_of") if "as_of" in fields else None,
        "data_only": source.boolean(fields["data_only"], "data_only") if "data_only" in fields
        else False,
        "note": source.text(fields["note"], "note") if "note" in fields else None,
    }
    for name, text in (("label", label), ("source", optional["source"]), ("note", optional["note"])):
        if isinstance(text, str):
            _no_formula(source, fields[name], name, text)
    if label is None or unit is None or value is None:
        return None
    # Keys and units as one string each, however many reports, pages and rules name them (sys.intern):
    # a province's reports of one kind use the same keys year after year.
    return Figure(
        key=sys.intern(key), label=label, value=value, unit=sys.intern(unit), precision=precision,
        location=source.at(key_node), integer_unit=declared is not None and declared.count,
        scale=declared.factor if declared is not None else 1, family=declared.family if declared is not None else None,
        qualifier=qualifier, tolerance=tolerance,  # type: ignore[arg-type]
        derivation=derivation, **optional,  # type: ignore[arg-type]
    )


def _no_formula(source: YamlFile, node: yaml.Node, field: str, text: str) -> None:
    """Text that a spreadsheet opening the open data (figures.csv) would run as a formula."""
    char = formula_start(text)
    if char is not None:
        shown = {"\t": "Tab（制表符）", "\r": "回车符"}.get(char, char)
        source.error(node, f"“{field}”以“{shown}”开头：电子表格（Excel、WPS）打开开放数据 figures.csv 时，"
                           f"会把这样开头的文字当作公式执行。",
                     "改写这段文字，让它以文字开头，如“其中：…”；数字写在 value 字段。", code="formula-text")


def _unfilled(source: YamlFile, what: str, label: str | None, fields: dict[str, yaml.Node]) -> bool:
    """Fields left empty for the editor to fill in (a new report starts so): each is one error."""
    empty = [name for name in ("value", "as_of") if name in fields and is_empty(fields[name])]
    if "value" in empty:
        source.error(fields["value"], f"{what}（{label or '未写说明'}）未填写。",
                     "在“value:”后写上本年度发布的数字：照发布的样子写，不加引号、不带单位，如 value: 71。",
                     code="unfilled")
    if "as_of" in empty:
        source.error(fields["as_of"], f"{what}的截止日期 as_of 未填写。",
                     "写上数据的截止日期，如 as_of: 2023-12-31；不知道就删除这一行。", code="unfilled")
    return bool(empty)


def _derivation(source: YamlFile, node: yaml.Node) -> Derivation | None:
    fields = source.mapping(node, "derive")
    if len(fields) != 1 or next(iter(fields)) not in ("sum", "ratio"):
        source.error(node, "derive 应写成 sum: [键, …]（求和）或 ratio: [分子键, 分母键]（比率）之一。",
                     "如 derive: {sum: [enforcement.cases.administrative, enforcement.cases.accident]}",
                     code="derive-form")
        return None
    kind, (_, operands_node) = next(iter(fields.items()))
    operands = tuple(value for value, _ in source.text_list(operands_node, kind))
    if kind == "ratio" and len(operands) != 2:
        source.error(operands_node, f"ratio 需要两个键（分子、分母），实际有 {len(operands)} 个。",
                     "写成 ratio: [分子键, 分母键]。", code="ratio-operands")
        return None
    return Derivation(kind=kind, operands=operands, location=source.at(node))  # type: ignore[arg-type]


def _derive_all(
    source: YamlFile, figures: dict[str, Figure], pending: dict[str, Figure], broken: set[str], units: Units,
) -> None:
    """Compute derived figures in dependency order; cycles and bad operands are errors."""
    deriving = _Deriving(source, figures, pending, broken, units)
    for key in list(pending):
        deriving.resolve(key)
        pending.pop(key, None)


@dataclass
class _Deriving:
    """The derived figures of one file being computed (an object, not a closure calling itself: that
    would be a reference cycle, holding the file's figures until the next garbage collection)."""

    source: YamlFile
    figures: dict[str, Figure]
    pending: dict[str, Figure]
    broken: set[str]
    units: Units
    visiting: set[str] = field(default_factory=set)

    def resolve(self, key: str) -> Figure | None:
        source, figures = self.source, self.figures
        if key in figures:
            return figures[key]
        if key in self.broken or key not in self.pending:
            return None
        figure = self.pending[key]
        derivation = figure.derivation
        assert derivation is not None
        if key in self.visiting:
            source.error(None, f"数字“{key}”的计算引用了它自己（循环）。", "检查 derive 中的键。", code="derive-cycle")
            self.broken.add(key)
            return None
        self.visiting.add(key)
        operands = [self.resolve(name) for name in derivation.operands]
        self.visiting.discard(key)
        value = _compute(source, figure, operands)
        rounded = None if value is None else _derived_value(source, figure, value, self.units.get(figure.unit))
        if rounded is None:
            self.broken.add(key)
            return None
        figures[key] = replace(figure, value=rounded)
        return figures[key]


def _derived_value(source: YamlFile, figure: Figure, value: Decimal, unit: Unit) -> Decimal | None:
    """A computed value rounded as published, if it is one its unit allows and digits can hold."""
    at = Location(source.rel, figure.derivation.location.line if figure.derivation else figure.location.line)
    rounded = round_published(value, figure.precision)
    if len(rounded.as_tuple().digits) > MAX_DIGITS:
        source.errors.append(DataError(at, f"“{figure.key}”的计算结果有 {len(rounded.as_tuple().digits)} 位有效数字，"
                                           f"最多只能有 {MAX_DIGITS} 位。", "检查参与计算的数字。",
                                       code="too-many-digits"))
        return None
    if rounded < 0 and not unit.negative:
        source.errors.append(DataError(at, f"“{figure.key}”的计算结果是 {rounded}，{negative(unit)}",
                                       "检查参与计算的数字。", code="negative-value"))
        return None
    return rounded.copy_abs() if rounded.is_zero() else rounded  # a computed zero is 0, never -0


def _compute(source: YamlFile, figure: Figure, operands: list[Figure | None]) -> Decimal | None:
    derivation = figure.derivation
    assert derivation is not None
    at = Location(source.rel, derivation.location.line)
    missing = [name for name, found in zip(derivation.operands, operands, strict=True) if not found]
    if missing:
        source.errors.append(DataError(at, f"“{figure.key}”的计算用到不存在或有错误的数字：{'、'.join(missing)}。",
                                       "检查 derive 中的键是否写对。", code="derive-operand-missing"))
        return None
    values = [operand.value for operand in operands if operand is not None]
    if derivation.kind == "sum":
        wrong = [op.key for op in operands if op is not None and op.unit != figure.unit]
        if wrong:
            source.errors.append(DataError(at, f"“{figure.key}”（{figure.unit}）的求和项单位不同：{'、'.join(wrong)}。",
                                           "只能把同一单位的数字相加。", code="unit-mismatch"))
            return None
        with localcontext(EXACT) as context:
            context.prec += len(values)  # each operand can add a carry
            return sum(values, Decimal(0))
    numerator, denominator = values
    if denominator == 0:
        source.errors.append(DataError(at, f"“{figure.key}”的分母是 0，无法计算比率。",
                                       "检查分母；分母为 0 时不应发布比率。", code="zero-denominator"))
        return None
    with localcontext(EXACT):
        ratio = numerator / denominator
        return ratio * 100 if figure.unit == "%" else ratio
