"""`make record REPORT=<report>`: when a report is published, record every figure as published.

The record (data/<report>/published-values.yaml) is written once; from then on a changed figure
needs an entry in data/<report>/corrections.yaml (check/corrections.py replays the log over it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..load.corrections import GUIDE, LOG, RECORD
from ..load.reports import load_catalog
from ..model.forms import published
from ..model.report import Report


def record_text(report: Report) -> str:
    """The record of a report as published now: every figure's published form, in data order."""
    lines = [
        "# 发布记录：报告发布时每个数字的发布写法，由 make record 生成，此后不再修改。",
        f"# 发布后修改数字，须在 {LOG} 中记录更正（{GUIDE}）。",
    ]
    lines += [f"{key}: {json.dumps(published(figure), ensure_ascii=False)}"
              for key, figure in report.figures.items()]
    return "\n".join(lines) + "\n"


def write_record(root: Path, report_id: str) -> str:
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
    path.write_text(record_text(report), encoding="utf-8")
    return ""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：make record REPORT=<报告>，如 dongli-emergency/2022", file=sys.stderr)
        return 2
    problem = write_record(Path.cwd(), argv[0])
    print(problem or f"已生成 data/{argv[0]}/{RECORD}", file=sys.stderr if problem else sys.stdout)
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
