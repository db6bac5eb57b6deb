"""The fast checks from the command line: `python -m macros.commands.check` (make check, the
pre-commit hook, the first step of CI).

Everything the build checks before it renders a page (check_project): the YAML, the rules,
the pages' references and typed digits, without building the site. Every problem is printed in
Chinese and the exit code is 1 if there is any; declared exceptions, unverified claims and
plausibility notices are printed too, and do not fail.

Under GitHub Actions the same also goes on the pull request's lines, as annotations, and into the
job summary, grouped by file (github.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from contextlib import nullcontext
from pathlib import Path

from ..check.coverage import coverage_notes
from ..check.project import Checked, check_project
from ..load.kinds import read_kinds
from ..load.units import load_units
from ..model.errors import ReportError
from ..render.schemas import schemas
from . import github


class Exempted(ReportError):
    kind = "核对例外（已声明，不影响发布）"


class Unverified(ReportError):
    kind = "未核实（不影响发布）"


def informational(checked: Checked) -> list[ReportError]:
    """What does not fail but an editor should read: declared exceptions, unverified claims,
    plausibility notices."""
    found: list[ReportError] = []
    for outcome in checked.exceptions:
        rule = outcome.rule
        reason = f"：{rule.exemption.reason}" if rule.exemption else ""
        found.append(Exempted(rule.location, f"{rule.id}（{rule.description}）{reason}", code="rule-exception"))
    for outcome in checked.unverified:
        rule = outcome.rule
        found.append(Unverified(rule.location, f"{rule.id}（{rule.description}）：{outcome.mismatch}",
                                code="claim-unverified"))
    return found + list(checked.notices) + coverage_notes(checked.catalog)


def write_schemas(root: Path) -> list[str]:
    """schema/*.schema.json as the declarations and the unit table make them, written where they
    differ (not while the unit table has errors: they are reported by the checks, nor in a project
    without schema/); the files written."""
    if not (root / "schema").is_dir():
        return []
    units, errors = load_units(root)
    kinds, kind_errors = read_kinds(root, units.__contains__)
    if errors or kind_errors or not units.readable:
        return []
    written = []
    for name, text in schemas(units, kinds).items():
        path = root / "schema" / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(f"schema/{name}")
    return written


def main(root: Path, environ: Mapping[str, str] = os.environ) -> int:
    written = write_schemas(root)
    checked = check_project(root, cached=True)
    errors = sorted(checked.errors, key=lambda e: e.location)
    notes = informational(checked)
    on_github = github.active(environ)
    # On GitHub the readable output goes to stdout only, between the markers that stop workflow
    # commands: two streams could reach the log out of order with the markers.
    problems = sys.stdout if on_github else sys.stderr
    with github.commands_stopped() if on_github else nullcontext():
        for name in written:
            print(f"已按 data/units.yaml 和字段的声明更新 {name}（编辑器据此提示写法），请一并提交。")
        for note in notes:
            print(note)
        if errors:
            print(f"发现 {len(errors)} 个问题：", file=problems)
            for error in errors:
                print(error, file=problems)
        else:
            print(f"检查通过：{len(checked.catalog.reports)} 份报告，{len(checked.outcomes)} 条核对规则。")
        sys.stdout.flush()
    if on_github:
        for error in errors:
            print(github.annotation("error", error))
        for note in notes:
            print(github.annotation("notice", note))
        trouble = github.append_summary(summary(checked, errors, notes), environ)
        if trouble:
            print(trouble, file=sys.stderr)
    return 1 if errors else 0


def summary(checked: Checked, errors: list[ReportError], notes: list[ReportError]) -> list[str]:
    """The job summary's blocks: every problem grouped by file, then what does not fail."""
    if errors:
        blocks = [f"## 报告检查：发现 {len(errors)} 个问题\n\n"
                  "网站没有生成。请按每条的“怎么改”修改后重新提交；问题也标在拉取请求“Files changed”"
                  f"页的对应行上（GitHub 每类最多标 {github.SHOWN_PER_LEVEL} 条，全部问题都在下面）。",
                  *github.by_file(errors)]
    else:
        blocks = [f"## 报告检查通过\n\n{len(checked.catalog.reports)} 份报告，{len(checked.outcomes)} 条核对规则，"
                  "没有发现问题。"]
    if notes:
        blocks += [f"### 不影响发布的提示（{len(notes)} 条）\n\n请逐条看过：核对例外会在网站上公开说明；"
                   "未核实的说法缺少上一年度的数字；合理性提示要核实后写 note（见 CONTRIBUTING.md“看懂检查结果”）。",
                   *github.by_file(notes)]
    return blocks


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
