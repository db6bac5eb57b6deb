"""Start next year's report from this year's: `python -m macros.newreport FROM [TO]` (make new-report).

FROM is a report (dongli-emergency/2022), or its year when only one report has it; TO is the new
report or its year (the same body's folder), by default the year after FROM.

What is copied, and what is not:
- figures.yaml with every `value` (and `as_of`) emptied: the build fails, listing each figure still
  to fill in, until the editor has filled them all, so no number of last year's is published by
  mistake. Labels, units, qualifiers, notes and derivations stay.
- tables.yaml (the cells of the kind's tables) with every number and not-applicable cell reset to
  `_`, unfilled, which the build lists cell by cell; `计算` totals stay.
- rules.yaml without its declared exceptions, which pinned last year's numbers. Its `change` rules
  now compare with FROM, which report.yaml names as `previous`.
- report.yaml with the new year and title, the period (period_start, period_end) moved on by the
  same years, without the dates and numbers of last year's publication (written_on, published_on,
  index_no, doc_no), which are never invented. The rest stays: the plausibility settings
  (change_threshold, plausibility) and the catalogue fields.
- terms.txt, allowed-numbers.yaml and the chapters under docs/. The allowlist's year entries
  (2022年, 2021年度 ...) move on by the years between the reports, in the allowlist, the chapters
  and the rules alike, so that the copy is consistent; titles and names that contain a year stay as
  they are. The chapters are still last year's words: the editor rewrites them.
- not published.txt: the new report has not been published.
- mkdocs.yml gets the new report's pages in its nav, before FROM's.

Every year or date the new report's files still hold as FROM had them (lint.YEARS_AND_DATES: a year
in a title, 6月16日, a date in a note...) is listed with its file and line once the report is
written, so that nothing stale goes unread: the editor checks each one.

YAML files are edited as text at the places the parsed nodes give, so comments and layout stay.
Nothing is written unless everything could be prepared.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.lint import YEARS_AND_DATES
from ..load.allowlist import ALLOWLIST
from ..load.nav import nav_pages
from ..load.tables import TABLES
from ..load.yamlfile import clip
from ..model.errors import Lines, did_you_mean
from ..model.tables import DERIVED, UNFILLED

REPORT_FILES = ("report.yaml", "figures.yaml", TABLES, "rules.yaml", "terms.txt", ALLOWLIST)
DROPPED_META = ("written_on", "published_on", "index_no", "doc_no")
EMPTIED_FIGURE_FIELDS = ("value", "as_of")
YEAR_ENTRY = re.compile(r"(?P<year>[0-9]{4})(?P<rest>年度?)")
YEAR = re.compile(r"[0-9]{4}")
Span = tuple[int, int]  # where in a new file's text new-report wrote something of its own
_CONTEXT = 10  # characters either side of an unchanged year or date in the list


class NewReportError(Exception):
    """Why the new report cannot be made, in Chinese; nothing has been written."""


@dataclass(frozen=True)
class Plan:
    """Every file of the new report, ready to be written, and what to tell the editor."""

    files: dict[Path, str]
    copies: dict[Path, Path]
    nav: str | None
    summary: list[str]
    unchanged: list[str]  # the years and dates left as they were, `path:line: …`, under a heading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m macros.newreport", description="从已有的报告开始下一年度的报告。")
    parser.add_argument("source", metavar="FROM", help="已有的报告，如 dongli-emergency/2022，或只写年份 2022")
    parser.add_argument("target", metavar="TO", nargs="?", help="新报告，如 dongli-emergency/2023，或只写年份 2023；"
                                                               "不写就是 FROM 的下一年")
    args = parser.parse_args(argv)
    root = Path.cwd()
    return carry_out(root, lambda: prepare(root, args.source, args.target))


def carry_out(root: Path, planned: Callable[[], Plan]) -> int:
    """Prepare the new report and write it, or write nothing and say why; what make new-report returns."""
    try:
        plan = planned()
    except NewReportError as error:
        print(f"没有建立新报告：{error}", file=sys.stderr)
        return 1
    write(root, plan)
    print("\n".join(plan.summary + plan.unchanged))
    return 0


def prepare(root: Path, source: str, target: str | None) -> Plan:
    """Everything the new report needs, computed before anything is written."""
    old = _resolve_source(root, source)
    new = _resolve_target(old, target)
    for folder in (root / "data" / new, root / "docs" / new):
        if folder.exists():
            raise NewReportError(f"{folder.relative_to(root)} 已经存在。要重新开始，先删除它。")
    meta_text = (root / "data" / old / "report.yaml").read_text(encoding="utf-8")
    meta_root = _compose(meta_text, f"data/{old}/report.yaml")
    year = _field(meta_root, "year").value
    if not isinstance(year, str) or not YEAR.fullmatch(year):  # never int() of a 5,001-digit text
        raise NewReportError(f"data/{old}/report.yaml 的年度 year 不是四位数的年份，"
                             "先修好原报告（make check 会指出问题）。")
    years = (int(year), int(new.rsplit("/", 1)[1]))
    allowed = _allowed(root / "data", old)
    moved = {text: f"{int(m['year']) + years[1] - years[0]}{m['rest']}"
             for text in allowed if (m := YEAR_ENTRY.fullmatch(text))}

    files: dict[Path, str] = {}
    written: dict[Path, list[Span]] = {}

    def put(path: Path, text: str) -> None:
        """A file of the new report, its years moved on."""
        files[path], written[path] = _shift(text, allowed, moved)

    meta = root / "data" / new / "report.yaml"
    files[meta], written[meta] = _meta(meta_text, old, years)
    period = "，统计期限顺延" if any(key.value == "period_start" for key, _ in _entries(meta_root)) else ""
    summary = [f"已从 {old} 建立 {new}：",
               f"  data/{new}/report.yaml：年度 {years[1]}{period}，上一年度报告 previous: {old}"]
    notes = _data_files(root / "data", old, new, put, summary)
    copies, pages = _pages(root / "docs", old, new, put)
    summary.append(f"  docs/{new}/：{len(pages)} 个页面，仍是上一年度的正文，年份已顺延"
                   f"（{'、'.join(f'{a}→{b}' for a, b in moved.items()) or '没有'}），请改写")
    nav, nav_note = _nav((root / "mkdocs.yml").read_text(encoding="utf-8"), old, new, years, pages)
    left = sorted(path.name for path in (root / "data" / old).iterdir() if path.name not in REPORT_FILES)
    summary += [nav_note,
                f"没有复制：{'、'.join(left)}（新报告还没有发布，或是上一年度专有的内容）" if left else "",
                "下一步：",
                "  1. 运行 make site：它列出每个未填写的数字（文件:行号），逐个填写后再运行，直到通过。",
                f"  2. 改写 docs/{new}/ 中的正文；与上一年度比较的说法（下降、增长……）"
                "由 rules.yaml 中的 change 规则核对。",
                f"  3. 保留了 {notes} 条 note（说明），逐条确认是否仍然适用。" if notes else "",
                "  详见 CONTRIBUTING.md“开始下一年度的报告”。"]
    return Plan(files, copies, nav, [line for line in summary if line], _unchanged(root, files, written))


def _data_files(data: Path, old: str, new: str, put: Callable[[Path, str], None], summary: list[str]) -> int:
    """figures.yaml emptied, rules.yaml without exceptions, the allowlist and terms: each to `put`.
    Returns how many notes the figures keep."""
    figures, emptied, notes = _figures((data / old / "figures.yaml").read_text(encoding="utf-8"), old)
    put(data / new / "figures.yaml", figures)
    summary.append(f"  data/{new}/figures.yaml：{emptied} 个数字的 value 已清空，等待填写")
    if (data / old / TABLES).is_file():
        tables, reset = _tables((data / old / TABLES).read_text(encoding="utf-8"), old)
        put(data / new / TABLES, tables)
        summary.append(f"  data/{new}/{TABLES}：{reset} 格已改为 {UNFILLED}（未填写），等待填写；"
                       f"写“{DERIVED}”的合计照旧")
    if (data / old / "rules.yaml").is_file():
        rules, dropped = _rules((data / old / "rules.yaml").read_text(encoding="utf-8"), old)
        put(data / new / "rules.yaml", rules)
        summary.append(f"  data/{new}/rules.yaml：删除了 {dropped} 个例外（它们记录的是上一年度的数字）")
    for name in (ALLOWLIST, "terms.txt"):
        if (data / old / name).is_file():
            put(data / new / name, (data / old / name).read_text(encoding="utf-8"))
            summary.append(f"  data/{new}/{name}")
    return notes


def _pages(docs: Path, old: str, new: str, put: Callable[[Path, str], None]) -> tuple[dict[Path, Path], list[str]]:
    """The chapters (years moved on) to `put`; other files to copy as they are; the new pages."""
    copies: dict[Path, Path] = {}
    pages = []
    for path in sorted(path for path in (docs / old).rglob("*") if path.is_file()):
        destination = docs / new / path.relative_to(docs / old)
        if path.suffix == ".md":
            put(destination, path.read_text(encoding="utf-8"))
            pages.append(destination.relative_to(docs).as_posix())
        else:
            copies[destination] = path
    return copies, pages


def _unchanged(root: Path, files: dict[Path, str], written: dict[Path, list[Span]]) -> list[str]:
    """Every year and date in the new files that new-report did not write (`written`): each as
    `path:line: the date（…its context…）`, under a heading; nothing when there are none."""
    found = []
    for path, text in files.items():
        lines, spans = Lines(text), written.get(path, [])
        for match in YEARS_AND_DATES.finditer(text):
            start, end = match.span()
            if any(low < end and start < high for low, high in spans):
                continue
            context = " ".join(text[max(0, start - _CONTEXT):end + _CONTEXT].split())
            found.append(f"  {path.relative_to(root).as_posix()}:{lines.at(start)}: {match.group(0)}"
                         f"（…{clip(context)}…）")
    heading = (f"以下 {len(found)} 处年份和日期照上一年度原样保留，没有改动，请逐个核对是否仍然正确"
               "（改成本年度的，或确认本来就该是这个日期）：")
    return [heading, *found] if found else []


def write(root: Path, plan: Plan) -> None:
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for destination, source in plan.copies.items():
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    if plan.nav is not None:
        (root / "mkdocs.yml").write_text(plan.nav, encoding="utf-8")


# -- which reports -------------------------------------------------------------------------------

def _reports(root: Path) -> list[str]:
    data = root / "data"
    return sorted(path.parent.relative_to(data).as_posix() for path in data.rglob("report.yaml"))


def _resolve_source(root: Path, source: str) -> str:
    reports = _reports(root)
    if YEAR.fullmatch(source):
        matches = [report for report in reports if report.endswith(f"/{source}")]
        if len(matches) == 1:
            return matches[0]
        raise NewReportError(
            f"有多份 {source} 年度的报告：{'、'.join(matches)}。请写完整，如 FROM={matches[0]}。" if matches
            else f"没有 {source} 年度的报告。现有的报告：{'、'.join(reports)}。")
    if source not in reports:
        raise NewReportError(f"没有报告“{source}”（data/{source}/report.yaml）。"
                             + (did_you_mean(source, reports) or f"现有的报告：{'、'.join(reports)}。"))
    return source


def _resolve_target(old: str, target: str | None) -> str:
    body, _, year = old.rpartition("/")
    if not YEAR.fullmatch(year):
        raise NewReportError(f"报告文件夹“{old}”的最后一级不是年份，请写明新报告，如 TO={old}-next/2023。")
    if target is None:
        return f"{body}/{int(year) + 1}"
    if YEAR.fullmatch(target):
        return f"{body}/{target}"
    new_body, _, new_year = target.rpartition("/")
    if new_body != body or not YEAR.fullmatch(new_year):
        raise NewReportError(f"新报告应与“{old}”在同一个文件夹下、以年份命名，如 {body}/{int(year) + 1}。"
                             "为另一个机构新建报告，见 CONTRIBUTING.md“新增一份报告”。")
    return target


# -- the YAML files, edited as text --------------------------------------------------------------

class Edits:
    """Replacements at character offsets of one text, applied together."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.changes: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> None:
        self.changes.append((start, end, new))

    def delete_entry(self, key: yaml.Node, value: yaml.Node, where: str) -> None:
        """Delete a `key: value` entry of a block mapping, with every line it takes."""
        start = self.text.rfind("\n", 0, key.start_mark.index) + 1
        if self.text[start:key.start_mark.index].strip():
            raise NewReportError(f"{where}:{key.start_mark.line + 1}: 无法自动删除“{key.value}”"
                                 "（它和别的内容写在同一行）。请把它改成单独一行的写法后重试。")
        end = self.text.find("\n", _last_index(value))
        self.replace(start, len(self.text) if end < 0 else end + 1, "")

    def apply(self) -> str:
        text = self.text
        for start, end, new in sorted(self.changes, reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def written(self) -> list[Span]:
        """Where the replacements are in the applied text."""
        spans, moved = [], 0
        for start, end, new in sorted(self.changes):
            spans.append((start + moved, start + moved + len(new)))
            moved += len(new) - (end - start)
        return spans


def _last_index(node: yaml.Node) -> int:
    """Where the node's content ends: its last scalar (a block's own end mark lies past comments)."""
    if isinstance(node, yaml.ScalarNode):
        return node.end_mark.index
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
    return max((_last_index(child) for child in children), default=node.end_mark.index)


def _compose(text: str, where: str) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure loader: marks count characters
    except yaml.YAMLError as error:
        raise NewReportError(f"{where} 不是有效的 YAML，先修好它（make site 会指出问题）：{error}") from error
    if root is None:
        raise NewReportError(f"{where} 是空的。")
    return root


def _entries(node: yaml.Node) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        yield from node.value


def _field(node: yaml.Node, name: str) -> yaml.Node:
    for key, value in _entries(node):
        if key.value == name:
            return value
    raise NewReportError(f"报告信息缺少“{name}”，先修好原报告（make site 会指出问题）。")


def _meta(text: str, old: str, years: tuple[int, int]) -> tuple[str, list[Span]]:
    """The new report.yaml, and where in it new-report wrote the year, the period and `previous`."""
    where = f"data/{old}/report.yaml"
    root = _compose(text, where)
    edits = Edits(text)
    has_previous = False
    for key, value in _entries(root):
        if key.value == "year":
            edits.replace(value.start_mark.index, value.end_mark.index, str(years[1]))
        elif key.value == "title":  # the year wherever it is: another year in the title stays, and is listed
            start = value.start_mark.index
            for year in re.finditer(rf"(?<![0-9]){years[0]}(?![0-9])", text[start:value.end_mark.index]):
                edits.replace(start + year.start(), start + year.end(), str(years[1]))
        elif key.value in ("period_start", "period_end"):  # the period one year on: 2023-01-01 -> 2024-01-01
            span = text[value.start_mark.index:value.end_mark.index]
            moved = re.sub(r"^[0-9]{4}", lambda year: str(int(year.group(0)) + years[1] - years[0]), span)
            if moved != span:  # a date written otherwise ("2023-01-01") stays, and is listed
                edits.replace(value.start_mark.index, value.end_mark.index, moved)
        elif key.value == "format":  # the version of the kind's format, a year that stays: not listed
            start, end = value.start_mark.index, value.end_mark.index
            edits.replace(start, end, text[start:end])
        elif key.value == "previous":
            has_previous = True
            edits.replace(value.start_mark.index, value.end_mark.index, old)
        elif key.value in DROPPED_META:
            edits.delete_entry(key, value, where)
    result, spans = edits.apply(), edits.written()
    if not has_previous:
        result += "" if result.endswith("\n") else "\n"
        added = f"# 上一年度报告：与上年比较的规则（change）和合理性检查用它的数字。\nprevious: {old}\n"
        spans.append((len(result), len(result) + len(added)))
        result += added
    return result, spans


def _figures(text: str, old: str) -> tuple[str, int, int]:
    """The figures with every value emptied; how many were emptied, how many notes stay."""
    edits = Edits(text)
    emptied = notes = 0
    for _, figure in _entries(_compose(text, f"data/{old}/figures.yaml")):
        for key, value in _entries(figure):
            if key.value in EMPTIED_FIGURE_FIELDS:
                edits.replace(key.end_mark.index, value.end_mark.index, ":")
                emptied += key.value == "value"
            notes += key.value == "note"
    return edits.apply(), emptied, notes


def _tables(text: str, old: str) -> tuple[str, int]:
    """The filled tables with every cell that is not `计算` (a number, not applicable) reset to `_`;
    how many were reset. Comments and layout stay."""
    edits = Edits(text)
    rows: list[yaml.Node] = []
    for _, table in _entries(_compose(text, f"data/{old}/{TABLES}")):
        rows += [row for _, row in _entries(table)] if isinstance(table, yaml.MappingNode) else [table]
    for row in rows:
        for cell in row.value if isinstance(row, yaml.SequenceNode) else []:
            if isinstance(cell, yaml.ScalarNode) and cell.value not in (UNFILLED, DERIVED):
                edits.replace(cell.start_mark.index, cell.end_mark.index, UNFILLED)
    return edits.apply(), len(edits.changes)


def _rules(text: str, old: str) -> tuple[str, int]:
    """The rules without their declared exceptions; how many were dropped."""
    where = f"data/{old}/rules.yaml"
    root = _compose(text, where)
    edits = Edits(text)
    rules = root.value if isinstance(root, yaml.SequenceNode) else []
    for rule in rules:
        for key, value in _entries(rule):
            if key.value == "exception":
                edits.delete_entry(key, value, where)
    return edits.apply(), len(edits.changes)


def _allowed(data: Path, old: str) -> list[str]:
    """The texts of the report's allowlist (the build checks the rest of it)."""
    path = data / old / ALLOWLIST
    if not path.is_file():
        return []
    root = _compose(path.read_text(encoding="utf-8"), f"data/{old}/{ALLOWLIST}")
    items = root.value if isinstance(root, yaml.SequenceNode) else []
    return [value.value for item in items for key, value in _entries(item)
            if key.value == "text" and isinstance(value, yaml.ScalarNode)]


def _shift(text: str, allowed: list[str], years: dict[str, str]) -> tuple[str, list[Span]]:
    """Move the allowlist's year entries on; longest entries first, as the lint reads them, so a
    year inside an allowed title or name is left as it is. Also where the moved years are."""
    if not years:
        return text, []
    pattern = re.compile("|".join(re.escape(entry) for entry in sorted(allowed, key=len, reverse=True)))
    parts: list[str] = []
    spans: list[Span] = []
    end = length = 0
    for match in pattern.finditer(text):
        if match.group(0) not in years:
            continue
        before = text[end:match.start()]
        parts += [before, years[match.group(0)]]
        length += len(before)
        spans.append((length, length + len(parts[-1])))
        length += len(parts[-1])
        end = match.end()
    return "".join(parts) + text[end:], spans


# -- mkdocs.yml ----------------------------------------------------------------------------------

def _nav(text: str, old: str, new: str, years: tuple[int, int], pages: list[str]) -> tuple[str | None, str]:
    """mkdocs.yml with the new report's pages before the old report's section, and what was done.

    The old report's pages must be one section of the nav (a `- 标题:` line and its page lines);
    otherwise the editor is told exactly what to add.
    """
    lines = text.splitlines(keepends=True)
    page = re.compile(rf"\s*- (?:[^\n]*: )?{re.escape(old)}/\S+\s*")
    rows = [number for number, line in enumerate(lines) if page.fullmatch(line)]
    header = rows[0] - 1 if rows else -1
    indent = len(lines[rows[0]]) - len(lines[rows[0]].lstrip()) if rows else 0
    if rows and rows == list(range(rows[0], rows[-1] + 1)) and header >= 0 \
            and re.fullmatch(r"\s*- [^\n]+:\s*", lines[header]) \
            and len(lines[header]) - len(lines[header].lstrip()) < indent:
        section = [lines[header].replace(str(years[0]), str(years[1]))]
        section += [line.replace(f"{old}/", f"{new}/") for line in lines[rows[0]:rows[-1] + 1]]
        result = "".join(lines[:header] + section + lines[header:])
        if _nav_pages(result) == sorted(_nav_pages(text) + [line.split()[-1] for line in section[1:]]):
            return result, f"  mkdocs.yml：nav 中加入了 {len(rows)} 个页面（在 {old} 之前）"
    wanted = "".join(f"\n      - {page}" for page in pages)
    return None, (f"没有找到 {old} 在 mkdocs.yml 的 nav 中的一节，mkdocs.yml 没有修改。请在 nav 中加上一节：\n"
                  f"  - 报告的名称:{wanted}")


def _nav_pages(text: str) -> list[str]:
    """Every page path in the nav, sorted (mkdocs.yml of this project uses no YAML tags)."""
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    return sorted(nav_pages(config.get("nav", []))) if isinstance(config, dict) else []


if __name__ == "__main__":
    sys.exit(main())
