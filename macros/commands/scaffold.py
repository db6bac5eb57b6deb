"""Start a report of a declared kind: `make new-report KIND=政府信息公开工作年度报告 BODY=<folder> YEAR=<year>`
(python -m macros.commands.scaffold --kind … --body … --year … [--format …]; without KIND, make new-report
runs newreport.py).

The kind (data/kinds/<slug>/<version>.yaml) fixes the report's structure; the scaffold writes it out
and invents nothing else:

- data/<BODY>/<YEAR>/report.yaml: kind, format (the kind's newest version unless one is asked for),
  year, and the period when the kind declares one (calendar-year: YEAR-01-01 to YEAR-12-31, a fact
  of the format). body and title come from the same body's other reports in the repository, the
  title as the body + YEAR年 + the kind's name; with no other report they are left empty, and the
  build lists them as unfilled, with their line, until the editor writes them.
- tables.yaml: every table of the kind, every cell `_` (unfilled), laid out like the table: a
  comment per table and block with its title and the column labels in order, a row per line with
  its label as a trailing comment. The build lists every `_` cell with its line.
- figures.yaml: no figure (the report's figures outside its tables are the editor's to add).
- docs/<BODY>/<YEAR>/: index.md (the title, the report's metadata), a page per section of the kind
  with its title and the `{{ table() }}` of each of its tables, appendix.md and print.md; and the
  pages as a section of mkdocs.yml's nav.

No date of publication, no number, no allowlist entry (the pages hold no digit but years, which
need none) and no search term is written.

When the body already has an earlier report of the same kind and format, the new report starts from
the latest of them as `make new-report FROM=…` does (newreport.py), its tables reset to `_`.
Nothing is written unless everything could be prepared.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..guard.files import NAME_RULE, _badly_named
from ..load.kinds import KINDS_FOLDER, Kinds, read_kinds
from ..load.tables import TABLES
from ..load.yamlfile import clip
from ..model.errors import Location, did_you_mean
from ..model.report import YEARS
from ..model.tables import UNFILLED, Block, Header, Kind, Table, ancestors, leaves
from .newreport import NewReportError, Plan, _nav_pages, _reports, carry_out
from .newreport import prepare as prepare_from

_YEAR = re.compile(r"[0-9]{4}")
_CORRECTIONS = re.compile(r"  - [^\n]*corrections\.md\s*")


@dataclass(frozen=True)
class Other:
    """Another report of the same body, as its report.yaml says (fields it lacks are None)."""

    id: str
    body: str | None
    kind: str | None
    format: str | None
    year: int | None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.commands.scaffold", description="按报告类别开始一份报告。")
    parser.add_argument("--kind", default="", help="报告类别，如 政府信息公开工作年度报告（data/kinds/ 中声明的一个）")
    parser.add_argument("--body", default="", help="机构的文件夹，如 sample-justice")
    parser.add_argument("--year", default="", help="报告年度，如 2024")
    parser.add_argument("--format", default="", help="类别的格式版本，不写就用最新的")
    args = parser.parse_args(argv)
    root = Path.cwd()
    return carry_out(root, lambda: prepare(root, args.kind, args.body, args.year, args.format or None))


def prepare(root: Path, kind_name: str, body: str, year: str, version: str | None = None) -> Plan:
    """Everything the new report needs, computed before anything is written."""
    kinds, slugs = _kinds(root)
    kind = _kind(kinds, slugs, kind_name.strip(), (version or "").strip() or None)
    body = body.strip().strip("/")
    _check_body(root, body)
    if not _YEAR.fullmatch(year.strip()) or not YEARS[0] <= int(year) <= YEARS[1]:
        raise NewReportError(f"年度 YEAR 应为 {YEARS[0]} 到 {YEARS[1]} 之间的四位数年份，实际是“{clip(year)}”。"
                             "如 YEAR=2024。")
    number = int(year)
    new = f"{body}/{number}"
    for folder in (root / "data" / new, root / "docs" / new):
        if folder.exists():
            raise NewReportError(f"{folder.relative_to(root).as_posix()} 已经存在。要重新开始，先删除它。")
    others = _others(root, body)
    earlier = [other for other in others if other.kind == kind.name and other.year is not None
               and other.year < number]
    same_format = [other for other in earlier if other.format == kind.version]
    if same_format:
        source = max(same_format, key=lambda other: other.year or 0)
        plan = prepare_from(root, source.id, new)
        lead = (f"{source.id} 是同一机构上一份“{kind.name}”（{kind.version} 年格式），"
                f"新报告照 make new-report FROM={source.id} 从它开始。")
        return Plan(plan.files, plan.copies, plan.nav, [lead, *plan.summary], plan.unchanged)
    named = next((other for other in sorted(others, key=lambda o: -(o.year or 0)) if other.body), None)
    previous = max(earlier, key=lambda other: other.year or 0).id if earlier else None
    return _fresh(root, kind, body, number, named, previous)


def _fresh(root: Path, kind: Kind, body: str, year: int, named: Other | None, previous: str | None) -> Plan:
    new = f"{body}/{year}"
    data, docs = root / "data" / new, root / "docs" / new
    name = named.body if named else None
    title = f"{name}{year}年{kind.name}" if name else None
    pages = {"index.md": _index(title, year, kind)}
    for section in kind.sections:
        pages[f"{section.page}.md"] = f"# {section.title}\n" + "".join(
            f"\n{{{{ table(\"{table}\") }}}}\n" for table in section.tables)
    pages["appendix.md"] = "# 数据附录\n\n{{ data_appendix() }}\n"
    pages["print.md"] = "{{ printable_copy() }}\n"
    files = {data / "report.yaml": _meta(kind, year, name, title, previous),
             data / "figures.yaml": FIGURES_TEXT}
    if kind.tables:
        files[data / TABLES] = blank_tables(kind)
    files.update({docs / page: text for page, text in pages.items()})
    nav_pages = [f"{new}/{page}" for page in pages]
    heading = f"{name or body} {year} 年度"
    nav, nav_note = _nav((root / "mkdocs.yml").read_text(encoding="utf-8"), heading, nav_pages)
    cells = sum(1 for table in kind.tables.values() for _ in table.cells())
    period = f"，统计期限 {year}-01-01 至 {year}-12-31" if kind.period == "calendar-year" else ""
    who = (f"发布机构“{name}”和标题“{title}”照 {named.id} 写上，请核对" if named and title
           else "发布机构 body 和标题 title 待填写")
    summary = [
        f"已按报告类别“{kind.name}”（{kind.version} 年格式，{kind.basis}）建立 {new}：",
        f"  data/{new}/report.yaml：类别、格式、年度 {year}{period}；{who}"
        + (f"；上一年度报告 previous: {previous}" if previous else ""),
        f"  data/{new}/{TABLES}：{len(kind.tables)} 张表、{cells} 格，每格都是 {UNFILLED}（未填写）"
        if kind.tables else "",
        f"  data/{new}/figures.yaml：还没有数字；表格以外、正文要引用的数字写在这里",
        f"  docs/{new}/：{len(pages)} 个页面（首页、{len(kind.sections)} 个部分、数据附录、打印版）",
        nav_note,
        "下一步：",
        "  1. 运行 make check：它列出每个未填写的格" + ("" if title else "和报告信息") + "（文件:行号）。"
        f"照发布的表逐格填写 data/{new}/{TABLES}，把 {UNFILLED} 改成数字；表中是“/”或“不适用”的照写，"
        "合计（总计）一格也可以写“计算”。再运行，直到通过。" if kind.tables else
        "  1. 运行 make check：它列出未填写的报告信息（文件:行号）。",
        "" if title else f"     在 data/{new}/report.yaml 写上 body（发布机构）和 title（报告标题，与发布的一字不差），"
                         f"docs/{new}/index.md 第一行的标题和 mkdocs.yml 中这一节的名称也照改。",
        f"  2. 在 docs/{new}/ 各部分的页面写正文；正文中的数字先写进 figures.yaml，正文用 {{{{ fig(\"键\") }}}} 引用。",
        "  详见 CONTRIBUTING.md“按报告类别开始一份报告”。",
    ]
    return Plan(files, {}, nav, [line for line in summary if line], [])


FIGURES_TEXT = """\
# 本报告表格以外的数字：正文中提到、又不在 tables.yaml 的表格里的统计数字，每个写成
#   键:
#     label: 这个数字统计的是什么
#     value: 照发布的样子写的数字
#     unit: 单位（data/units.yaml 中的一个）
# 写法见 CONTRIBUTING.md“修改一个数字”。表格中的数字只写在 tables.yaml，不写在这里。
{}
"""


def _index(title: str | None, year: int, kind: Kind) -> str:
    # Without the body's name the heading holds what is known of the title; the summary says to complete it.
    return f"# {title or f'{year}年{kind.name}'}\n\n{{{{ report_meta() }}}}\n"


def _meta(kind: Kind, year: int, body: str | None, title: str | None, previous: str | None) -> str:
    lines = [f"# 报告信息（make new-report 按报告类别“{kind.name}”建立）。",
             "# 成文日期（written_on）、发布日期（published_on）、索引号（index_no）、文号（doc_no）等",
             "# 只在确实知道时填写，不知道就不写（见 CONTRIBUTING.md“新增一份报告”）。",
             f"body: {body}" if body else "body:   # 未填写：写发布机构的全称，如 某区司法局",
             f"title: {title}" if title else
             f"title:   # 未填写：写报告的标题，与发布的标题一字不差，如 某区司法局{year}年{kind.name}",
             f"kind: {kind.name}",
             f"format: {kind.version}  # 报告类别的格式版本（{kind.basis}）",
             f"year: {year}"]
    if kind.period == "calendar-year":
        lines += ["# 统计期限：这个类别的报告统计一个自然年。",
                  f"period_start: {year}-01-01", f"period_end: {year}-12-31"]
    if previous:
        lines += ["# 上一年度报告：与上年比较的规则和表格的衔接（上年结转）用它的数字。", f"previous: {previous}"]
    return "\n".join(lines) + "\n"


# -- tables.yaml ---------------------------------------------------------------------------------

TABLES_HEAD = f"""\
# 本报告的表格：每张表照发布的表逐格填写。每行的格依次对应这一行上方注释列出的各列；
# {UNFILLED} 是还没有填写的格（make check 逐格列出），改成发布的数字（照发布的样子写，不带单位）；
# 表中是“/”或“不适用”的格照写；合计（总计）一格可以写“计算”，生成网站时由各项算出。
"""


def blank_tables(kind: Kind) -> str:
    """tables.yaml for the kind, every cell unfilled, laid out like the tables."""
    parts = [TABLES_HEAD]
    for table in kind.tables.values():
        parts.append(_blank_table(table))
    return "".join(parts)


def _blank_table(table: Table) -> str:
    lines = [f"# 表“{table.title}”"]
    rows = list(table.rows())
    if rows[0][1] is None:  # a table that is one row of cells
        block = rows[0][0]
        lines += [_columns(block), f"{table.id}: {_cells(block)}"]
        return "\n".join(lines) + "\n"
    lines.append(f"{table.id}:")
    written = [(f"  {row.path}: {_cells(block)}", _labels(block.rows, row)) for block, row in rows if row]
    width = max(len(text) for text, _ in written)
    index = 0
    for block in table.blocks:
        lines.append("  " + _columns(block))
        for _ in leaves(block.rows):
            text, label = written[index]
            lines.append(f"{text.ljust(width)}  # {label}")
            index += 1
    return "\n".join(lines) + "\n"


def _columns(block: Block) -> str:
    heading = f"{block.heading}，" if block.heading else ""
    count = len(leaves(block.columns))
    return f"# {heading}单位：{block.unit}；{count} 格依次为：{_grouped(block.columns)}"


def _grouped(headers: tuple[Header, ...]) -> str:
    """The column labels in order, a group's columns in brackets after its label: 行政复议（结果维持、…）."""
    return "、".join(f"{header.label}（{_grouped(header.children)}）" if header.children else header.label
                    for header in headers)


def _cells(block: Block) -> str:
    return "[" + ", ".join(UNFILLED for _ in leaves(block.columns)) + "]"


def _labels(headers: tuple[Header, ...], leaf: Header) -> str:
    return "／".join(header.label for header in ancestors(headers, leaf))


# -- which kind, which body ----------------------------------------------------------------------

def _kinds(root: Path) -> tuple[Kinds, dict[str, str]]:
    """The declared kinds (units are the build's to check), and each kind's folder name (its slug)."""
    try:
        kinds, errors = read_kinds(root, lambda _: True)
    except (OSError, UnicodeDecodeError) as error:
        raise NewReportError(f"无法读取 data/{KINDS_FOLDER}/ 中的报告类别（{error}）。请维护者检查。") from error
    if errors:
        broken = "、".join(dict.fromkeys(error.location.path for error in errors))
        raise NewReportError(f"报告类别的声明有错误：{broken}。先运行 make check 看问题，请维护者改正。")
    slugs = {Path(kind.location.path).parent.name: kind.name for kind in kinds.table.values()}
    return kinds, slugs


def _kind(kinds: Kinds, slugs: dict[str, str], name: str, version: str | None) -> Kind:
    names = kinds.names()
    if not name:
        raise NewReportError(f"请写明报告类别 KIND，如 KIND={names[0] if names else '政府信息公开工作年度报告'}。"
                             f"声明的报告类别：{'、'.join(names) or '没有'}。")
    name = slugs.get(name, name)
    if name not in names:
        raise NewReportError(f"没有报告类别“{clip(name)}”。{did_you_mean(name, names)}"
                             f"data/{KINDS_FOLDER}/ 中声明的报告类别：{'、'.join(names) or '没有'}"
                             "（照它的名称一字不差地写；新的类别由维护者声明）。")
    versions = sorted(kinds.versions(name), key=lambda v: (len(v), v))
    chosen = version or versions[-1]
    if chosen not in versions:
        raise NewReportError(f"报告类别“{name}”没有 {clip(chosen)} 年的格式，有：{'、'.join(versions)}。"
                             f"FORMAT 写其中之一，不写就用最新的 {versions[-1]} 年格式。")
    return kinds.table[name, chosen]


def _check_body(root: Path, body: str) -> None:
    if not body:
        raise NewReportError("请写明机构的文件夹 BODY，如 BODY=sample-justice（小写英文字母、数字和“-”）。")
    for part in body.split("/"):
        if part in ("", ".", ".."):
            raise NewReportError(f"BODY=“{clip(body)}”：机构的文件夹写在 data/ 之下，如 BODY=sample-justice，"
                                 "不写“.”“..”或空的一级。")
        problem = _badly_named(part, None, Location(f"data/{body}", 1))
        if problem is not None:
            raise NewReportError(f"BODY=“{clip(body)}”：{problem.message}{NAME_RULE}")
    if body.split("/")[0] == KINDS_FOLDER:
        raise NewReportError(f"data/{KINDS_FOLDER}/ 存放报告类别的声明，不能用作机构的文件夹。请换一个 BODY。")
    if _YEAR.fullmatch(body.rsplit("/", 1)[-1]):
        raise NewReportError(f"BODY=“{body}”的最后一级是年份：BODY 只写机构的文件夹，年份写在 YEAR，"
                             f"如 BODY={body.rsplit('/', 1)[0] or 'sample-justice'} YEAR={body.rsplit('/', 1)[-1]}。")
    parts = body.split("/")
    for depth in range(1, len(parts) + 1):
        above = "/".join(parts[:depth])
        if (root / "data" / above / "report.yaml").is_file():
            raise NewReportError(f"data/{above}/ 是一份报告的文件夹，不能在它下面再建报告。请换一个 BODY。")


def _others(root: Path, body: str) -> list[Other]:
    """The body's reports in the repository (data/<body>/<year>/report.yaml), as far as they can be read."""
    found = []
    for report in _reports(root):
        if report.rpartition("/")[0] != body:
            continue
        try:
            meta = yaml.safe_load((root / "data" / report / "report.yaml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            meta = None
        meta = meta if isinstance(meta, dict) else {}

        def text(field: str, meta: dict[object, object] = meta) -> str | None:
            value = meta.get(field)
            return str(value).strip() or None if isinstance(value, str | int) and not isinstance(value, bool) else None

        year = meta.get("year")
        found.append(Other(id=report, body=text("body"), kind=text("kind"), format=text("format"),
                           year=year if isinstance(year, int) and not isinstance(year, bool) else None))
    return found


# -- mkdocs.yml ----------------------------------------------------------------------------------

def _nav(text: str, section: str, pages: list[str]) -> tuple[str | None, str]:
    """mkdocs.yml with the new report's section before the corrections page (or at the end of the
    nav), and what was done; when the nav is not laid out so, the editor is told what to add."""
    block = f"  - {section}:\n" + "".join(
        f"      - {'打印版: ' if page.endswith('/print.md') else ''}{page}\n" for page in pages)
    lines = text.splitlines(keepends=True)
    start = next((number for number, line in enumerate(lines) if line.rstrip() == "nav:"), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        at = next((n for n in range(start + 1, end) if _CORRECTIONS.fullmatch(lines[n])), end)
        result = "".join([*lines[:at], block, *lines[at:]])
        if _nav_pages(result) == sorted(_nav_pages(text) + pages):
            return result, f"  mkdocs.yml：nav 中加入了“{section}”一节，{len(pages)} 个页面"
    wanted = "".join(f"\n      - {page}" for page in pages)
    return None, f"没有找到 mkdocs.yml 的 nav，mkdocs.yml 没有修改。请在 nav 中加上一节：\n  - {section}:{wanted}"


if __name__ == "__main__":
    sys.exit(main())
