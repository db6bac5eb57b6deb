"""Corrections of published reports: the record of what was published, and the log of every change.

When a report is published, `make record REPORT=<report>` writes data/<report>/published-values.yaml:
the published form of each figure at that moment. The record is not edited afterwards. Every later
change of a published form needs an entry in data/<report>/corrections.yaml (figure, old, new, date,
reason). The check replays the log over the record, figure by figure: each entry's `old` must be
what was published until then, and the result must be what the site publishes now. A changed figure
without an entry, an entry whose `old` is wrong, an entry for an unknown figure: each is an error,
so no published number changes silently. A report without a record is not published yet and may
change freely.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import tags
from .errors import DataError, Location, ReportError
from .files import Tree
from .fmt import published
from .lineage import Href, entry
from .listing import chinese_date
from .load import load_library
from .model import Library, Report
from .yamlnodes import YamlFile, nearest

RECORD = "published-values.yaml"
LOG = "corrections.yaml"
PAGE = "corrections.md"  # the site-wide 更正说明 page, under docs/
FIELDS = ("key", "old", "new", "date", "reason")
_HOW = "见 README“更正已发布的数字”"


@dataclass(frozen=True)
class Correction:
    key: str
    old: str  # the published form before, e.g. 955.61万元
    new: str  # the published form after
    date: datetime.date
    reason: str
    location: Location


@dataclass(frozen=True)
class Corrections:
    """Every report's corrections (by report id, in the order they were made) and the problems found."""

    logs: dict[str, tuple[Correction, ...]]
    errors: list[ReportError]


def load_corrections(tree: Tree, library: Library) -> Corrections:
    logs: dict[str, tuple[Correction, ...]] = {}
    errors: list[ReportError] = []
    for report in library.reports:
        folder = tree.root / "data" / report.id
        log = _read_log(tree, folder / LOG, errors) if (folder / LOG).is_file() else []
        if (folder / RECORD).is_file():
            record = _read_record(tree, folder / RECORD, errors)
            errors += _replay(report, record, log)
        elif log:
            errors.append(DataError(log[0].location, f"报告“{report.id}”还没有发布记录 {RECORD}，不能记录更正。",
                                    f"报告发布时，由维护者运行 make record REPORT={report.id} 生成发布记录；"
                                    f"发布前修改数字不需要更正记录，删除 {LOG} 中的条目。"))
        logs[report.id] = tuple(log)
    return Corrections(logs, errors)


def _read_record(tree: Tree, path: Path, errors: list[ReportError]) -> dict[str, tuple[str, Location]]:
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    record = {}
    if node is not None:
        for key, (key_node, value_node) in source.mapping(node, "发布记录").items():
            value = source.text(value_node, key)
            if value is not None:
                record[key] = (value, source.at(key_node))
    errors += source.errors
    return record


def _read_log(tree: Tree, path: Path, errors: list[ReportError]) -> list[Correction]:
    source = YamlFile(path, path.relative_to(tree.root).as_posix(), tree.text)
    node = source.compose()
    log = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            fields = source.fields(item, "更正", FIELDS, ())
            if fields is None or len(fields) < len(FIELDS):
                continue
            values = {name: source.text(fields[name], name) for name in ("key", "old", "new", "reason")}
            day = source.date(fields["date"], "date")
            if day is not None and all(values.values()):
                log.append(Correction(date=day, location=source.at(item), **values))  # type: ignore[arg-type]
    elif node is not None:
        source.error(node, "更正记录应为列表，每项写 key、old、new、date、reason。", "参照文件开头的说明。")
    errors += source.errors
    return log


def _replay(report: Report, record: dict[str, tuple[str, Location]], log: list[Correction]) -> list[ReportError]:
    """The log applied to the record must give every figure's published form today."""
    errors: list[ReportError] = []
    current = {key: value for key, (value, _) in record.items()}
    last: dict[str, Correction] = {}
    for correction in log:
        key = correction.key
        if key not in report.figures:
            if key not in report.broken_keys:
                close = nearest(key, report.figures)
                errors.append(DataError(correction.location, f"更正的数字“{key}”不存在。",
                                        f"是不是“{'”或“'.join(close)}”？" if close else
                                        f"key 写 data/{report.id}/figures.yaml 中数字的键。"))
            continue
        if key not in current:
            continue  # the figure itself is reported below as missing from the record
        if correction.old != current[key]:
            before = f"上一条更正（{last[key].location}）改成的" if key in last else "发布记录中的"
            errors.append(DataError(correction.location,
                                    f"“{key}”的更正写原值 old: {correction.old}，但{before}是 {current[key]}。",
                                    f"old 写更正前发布的写法：old: {current[key]}。"))
        elif correction.new == correction.old:
            errors.append(DataError(correction.location, f"“{key}”的更正前后相同（{correction.new}）。",
                                    "删除这一条，或写明更正后的写法 new。"))
        elif key in last and correction.date < last[key].date:
            errors.append(DataError(correction.location,
                                    f"“{key}”的更正日期 {correction.date} 早于上一条更正（{last[key].location}）。",
                                    "按更正的先后顺序记录，后一条的日期不早于前一条。"))
        current[key] = correction.new
        last[key] = correction
    for key, figure in report.figures.items():
        now = published(figure)
        if key not in current:
            errors.append(DataError(figure.location,
                                    f"数字“{key}”不在发布记录 data/{report.id}/{RECORD} 中：报告发布后新增了这个数字。",
                                    f"已发布的报告不宜新增数字；确需新增，请维护者在发布记录中补上“{key}: {now}”"
                                    f"并在正文或数据说明中说明。"))
        elif current[key] != now:
            errors.append(DataError(
                figure.location,
                f"数字“{key}”（{figure.label}）已经发布为 {current[key]}，现在是 {now}，但没有更正记录。",
                f"如果是改正已发布的数字：在 data/{report.id}/{LOG} 中加一条更正（key: {key}，old: {current[key]}，"
                f"new: {now}，date: 更正日期，reason: 更正理由），网站会在引用它的页面和“更正说明”页公开这项更正"
                f"（{_HOW}）；如果是误改，把 value 改回去。"))
    errors += [DataError(location, f"发布记录中的数字“{key}”在 figures.yaml 中不存在了。",
                         "已发布的数字不能删除：恢复这个数字；确需撤回，请维护者处理并在数据说明中说明。")
               for key, (_, location) in record.items()
               if key not in report.figures and key not in report.broken_keys]
    return errors


# -- the record --------------------------------------------------------------------------------


def record_text(report: Report) -> str:
    """The record of a report as published now: every figure's published form, in data order."""
    lines = [
        f"# 发布记录：报告发布时每个数字的发布写法，由 make record REPORT={report.id} 生成，此后不再修改。",
        f"# 发布后修改数字，须在 {LOG} 中记录更正（{_HOW}）。",
    ]
    lines += [f"{key}: {json.dumps(published(figure), ensure_ascii=False)}"
              for key, figure in report.figures.items()]
    return "\n".join(lines) + "\n"


def write_record(root: Path, report_id: str) -> str:
    """Write a report's record; refuse when the data has errors or the report already has one."""
    loaded = load_library(root)
    report = loaded.catalog.find(report_id)
    path = root / "data" / report_id / RECORD
    if report is None:
        known = "、".join(r.id for r in loaded.catalog.reports)
        return f"没有报告“{report_id}”（现有：{known}）。"
    if loaded.errors:
        return "数据有错误，先改正再生成发布记录：\n" + "\n".join(map(str, loaded.errors))
    if path.exists():
        return f"{path.relative_to(root)} 已经存在：发布记录生成后不再修改，发布后的改动记入 {LOG}。"
    path.write_text(record_text(report), encoding="utf-8")
    return ""


# -- what readers see --------------------------------------------------------------------------


def sentence(report: Report, correction: Correction, href: Href) -> str:
    """One correction in a reader's words, linked to the figure's appendix entry."""
    label = report.figures[correction.key].label
    return (f"{tags.link(href(entry(report, correction.key)), tags.text(label))}："
            f"原发布为 {tags.text(correction.old)}，{chinese_date(correction.date)}更正为 "
            f"{tags.text(correction.new)}。理由：{tags.text(correction.reason)}")


def notice(report: Report, keys: set[str], log: tuple[Correction, ...], href: Href) -> str:
    """The notice on a page citing corrected figures (empty when none of them was corrected)."""
    items = [f"<li>{sentence(report, c, href)}</li>" for c in log if c.key in keys]
    if not items:
        return ""
    return "\n".join([
        '<div class="admonition warning" role="note">',
        '<p class="admonition-title">更正说明</p>',
        "<p>本页的下列数字在报告发布后作了更正，正文显示的是更正后的数字。"
        f"全部更正见{tags.link(href(PAGE), '更正说明')}。</p>",
        "<ul>", *items, "</ul>", "</div>",
    ])


def with_notice(markdown: str, notice_html: str) -> str:
    """The page with the notice right below its title (or at its top when it has none)."""
    if not notice_html:
        return markdown
    head, _, rest = markdown.partition("\n")
    if head.startswith("# "):
        return f"{head}\n\n{notice_html}\n\n{rest}"
    return f"{notice_html}\n\n{markdown}"


def log_table(report: Report, log: tuple[Correction, ...], href: Href) -> str:
    rows: list[tuple[str | None, list[str]]] = [(None, [
        tags.link(href(entry(report, c.key)), tags.text(report.figures[c.key].label)),
        tags.text(c.old), tags.text(c.new), tags.text(chinese_date(c.date)), tags.text(c.reason),
    ]) for c in log]
    return tags.table(f"{report.meta.title}的更正", ["数字", "原发布", "更正为", "更正日期", "理由"], rows)


def site_page(library: Library, logs: dict[str, tuple[Correction, ...]], href: Href) -> str:
    """The 更正说明 page: every correction of every report, newest report first."""
    reports = sorted(library.reports, key=lambda r: (-r.meta.year, r.meta.body, r.id))
    blocks = [f"## {tags.markdown_text(r.meta.title)}\n\n{log_table(r, logs[r.id], href)}"
              for r in reports if logs.get(r.id)]
    intro = tags.paragraphs("报告发布后，如发现数字有误而作更正，在这里逐项公开：更正的数字、原发布的写法、"
                              "更正后的写法、更正日期和理由。引用更正数字的页面也会显示更正说明。")
    if not blocks:
        return intro + "\n\n" + tags.paragraphs("本站发布的报告目前没有更正。")
    return "\n\n".join([intro, *blocks])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m macros.corrections <报告>，如 dongli-emergency/2022", file=sys.stderr)
        return 2
    problem = write_record(Path.cwd(), argv[0])
    print(problem or f"已生成 data/{argv[0]}/{RECORD}", file=sys.stderr if problem else sys.stdout)
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
