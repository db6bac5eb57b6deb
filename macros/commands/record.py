"""`make record REPORT=<report> [DATE=<yyyy-mm-dd>]`: when a report is published, record every figure
as published, and the day (today unless DATE says).

The record (data/<report>/published-values.yaml) is written once; from then on a changed figure
needs an entry in data/<report>/corrections.yaml (check/corrections.py replays the log over it). The
site shows the recorded day as the report's 发布日期, unless report.yaml's `published_on` says
otherwise (check/project.py Checked.published_on).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import sys
from pathlib import Path

from ..load.corrections import GUIDE, LOG, PUBLISHED_ON, RECORD
from ..load.reports import load_catalog
from ..model.forms import published
from ..model.report import Report

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def record_text(report: Report, published_on: datetime.date | None = None) -> str:
    """The record of a report as published now: the day it was published (when given), then every
    figure's published form, in data order."""
    lines = [
        "# 发布记录：报告发布时每个数字的发布写法，由 make record 生成，此后不再修改。",
        f"# 发布后修改数字，须在 {LOG} 中记录更正（{GUIDE}）。",
    ]
    if published_on is not None:
        lines += ["# 发布日期：网站上的“发布日期”取自这里；report.yaml 写了 published_on 的，以 report.yaml 为准。",
                  f"{PUBLISHED_ON}: {published_on.isoformat()}"]
    lines += [f"{key}: {json.dumps(published(figure), ensure_ascii=False)}"
              for key, figure in report.figures.items()]
    return "\n".join(lines) + "\n"


def publication_day(text: str, today: datetime.date) -> datetime.date | str:
    """The day given to make record (DATE=…), or today when none is given; a problem in words if the
    text is no date, or a day still to come."""
    if not text.strip():
        return today
    day = None
    if _DATE.fullmatch(text.strip()):
        with contextlib.suppress(ValueError):  # 2023-02-30
            day = datetime.date.fromisoformat(text.strip())
    if day is None:
        return f"DATE 应为发布日期（年-月-日），实际是“{text}”。如 make record REPORT=… DATE=2023-03-31。"
    if day > today:
        return f"发布日期 {day.isoformat()} 晚于今天（{today.isoformat()}）：报告发布时才生成发布记录。"
    return day


def write_record(root: Path, report_id: str, published_on: datetime.date | None = None) -> str:
    """Write a report's record; refuse when the data has errors or the report already has one."""
    loaded = load_catalog(root)
    report = loaded.catalog.find(report_id)
    path = root / "data" / report_id / RECORD
    if report is None:
        known = "、".join(r.id for r in loaded.catalog.reports)
        return f"没有报告“{report_id}”（现有：{known}）。"
    if loaded.errors:
        return "数据有错误，先改正再生成发布记录：\n" + "\n".join(map(str, loaded.errors))
    if path.exists():
        return f"{path.relative_to(root)} 已经存在：发布记录生成后不再修改，发布后的改动记入 {LOG}。"
    path.write_text(record_text(report, published_on), encoding="utf-8")
    return ""


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("用法：make record REPORT=<报告> [DATE=<发布日期>]，如 make record REPORT=dongli-emergency/2022 "
              "DATE=2023-03-31（不写 DATE 就是今天）", file=sys.stderr)
        return 2
    day = publication_day(argv[1] if len(argv) == 2 else "", datetime.date.today())
    if isinstance(day, str):
        print(day, file=sys.stderr)
        return 2
    problem = write_record(Path.cwd(), argv[0], day)
    done = f"已生成 data/{argv[0]}/{RECORD}（发布日期 {day.isoformat()}）"
    print(problem or done, file=sys.stderr if problem else sys.stdout)
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
