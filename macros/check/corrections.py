"""The corrections replayed: no published number changes without an entry in corrections.yaml.

The check replays each report's log over its record (load/corrections.py), figure by figure: each
entry's `old` must be what was published until then, and the result must be what the site publishes
now. A changed figure without an entry, an entry whose `old` is wrong, an entry for an unknown
figure: each is an error. A report without a record is not published yet and may change freely.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..load.corrections import GUIDE, LOG, RECORD, Correction, read_log, read_record
from ..load.tree import Tree
from ..model.errors import DataError, Location, ReportError, did_you_mean
from ..model.forms import published
from ..model.report import Report


@dataclass(frozen=True)
class Corrections:
    """A report's corrections (in the order they were made) and the problems found."""

    log: tuple[Correction, ...]
    errors: list[ReportError]
    # What each figure was first published as: its record, else its first correction's `old` (a
    # report without a record is not published yet: it has none).
    first_published: dict[str, str] = field(default_factory=dict)
    # The day the report was published, as its record says (make record), if it says.
    recorded_on: datetime.date | None = None


def check_corrections(tree: Tree, report: Report) -> Corrections:
    """The report's correction log, replayed over its record of what was published."""
    errors: list[ReportError] = []
    first: dict[str, str] = {}
    recorded = None
    folder = tree.root / "data" / report.id
    log = read_log(tree, folder / LOG, errors) if (folder / LOG).is_file() else []
    if (folder / RECORD).is_file():
        read = read_record(tree, folder / RECORD, errors)
        record = read.values
        recorded = read.published_on
        if not errors:  # a record or log that could not be read in full is not replayed:
            errors += _replay(report, record, log)  # each figure would seem changed without a correction
        first = {key: value for key, (value, _) in record.items()}
    elif log:
        errors.append(DataError(log[0].location, f"报告“{report.id}”还没有发布记录 {RECORD}，不能记录更正。",
                                f"报告发布时，由维护者运行 make record REPORT={report.id} 生成发布记录；"
                                f"发布前修改数字不需要更正记录，删除 {LOG} 中的条目。",
                                code="correction-without-record"))
    for correction in log:
        first.setdefault(correction.key, correction.old)
    return Corrections(tuple(log), errors, first, recorded)


def _replay(report: Report, record: dict[str, tuple[str, Location]], log: list[Correction]) -> list[ReportError]:
    """The log applied to the record must give every figure's published form today."""
    errors: list[ReportError] = []
    current = {key: value for key, (value, _) in record.items()}
    last: dict[str, Correction] = {}
    for correction in log:
        key = correction.key
        if key not in report.figures:
            if key not in report.broken_keys:
                errors.append(DataError(correction.location, f"更正的数字“{key}”不存在。",
                                        did_you_mean(key, report.figures) or
                                        f"key 写 data/{report.id}/figures.yaml 中数字的键。", code="unknown-key"))
            continue
        if key not in current:
            continue  # the figure itself is reported below as missing from the record
        if correction.old != current[key]:
            before = f"上一条更正（{last[key].location}）改成的" if key in last else "发布记录中的"
            errors.append(DataError(correction.location,
                                    f"“{key}”的更正写原值 old: {correction.old}，但{before}是 {current[key]}。",
                                    f"old 写更正前发布的写法：old: {current[key]}。", code="correction-old-mismatch"))
        elif correction.new == correction.old:
            errors.append(DataError(correction.location, f"“{key}”的更正前后相同（{correction.new}）。",
                                    "删除这一条，或写明更正后的写法 new。", code="correction-unchanged"))
        elif key in last and correction.date < last[key].date:
            errors.append(DataError(correction.location,
                                    f"“{key}”的更正日期 {correction.date} 早于上一条更正（{last[key].location}）。",
                                    "按更正的先后顺序记录，后一条的日期不早于前一条。", code="correction-out-of-order"))
        current[key] = correction.new
        last[key] = correction
    for key, figure in report.figures.items():
        now = published(figure)
        if key not in current:
            errors.append(DataError(figure.location,
                                    f"数字“{key}”不在发布记录 data/{report.id}/{RECORD} 中：报告发布后新增了这个数字。",
                                    f"已发布的报告不宜新增数字；确需新增，请维护者在发布记录中补上“{key}: {now}”"
                                    f"并在正文或数据说明中说明。", code="figure-not-recorded"))
        elif current[key] != now:
            errors.append(DataError(
                figure.location,
                f"数字“{key}”（{figure.label}）已经发布为 {current[key]}，现在是 {now}，但没有更正记录。",
                f"如果是改正已发布的数字：在 data/{report.id}/{LOG} 中加一条更正（key: {key}，old: {current[key]}，"
                f"new: {now}，date: 更正日期，reason: 更正理由），网站会在引用它的页面和“更正说明”页公开这项更正"
                f"（{GUIDE}）；如果是误改，把 value 改回去。", code="figure-changed-uncorrected"))
    errors += [DataError(location, f"发布记录中的数字“{key}”在 figures.yaml 中不存在了。",
                         "已发布的数字不能删除：恢复这个数字；确需撤回，请维护者处理并在数据说明中说明。",
                         code="record-figure-removed")
               for key, (_, location) in record.items()
               if key not in report.figures and key not in report.broken_keys]
    return errors
