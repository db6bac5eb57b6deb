"""The fast checks from the command line: `python -m macros.check` (make check, the pre-commit hook).

Everything the build checks before it renders a page (checks.check_project): the YAML, the rules,
the pages' references and typed digits, without building the site. Every problem is printed in
Chinese and the exit code is 1 if there is any; unverified claims and plausibility notices are
printed too, and do not fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..check.project import check_project


def main(root: Path) -> int:
    checked = check_project(root)
    for outcome in checked.unverified:
        rule = outcome.rule
        print(f"{rule.location}: 未核实（不影响发布）：{rule.id}（{rule.description}）：{outcome.mismatch}")
    for notice in checked.notices:
        print(notice)
    if checked.errors:
        print(f"发现 {len(checked.errors)} 个问题：", file=sys.stderr)
        for error in sorted(checked.errors, key=lambda e: e.location):
            print(error, file=sys.stderr)
        return 1
    print(f"检查通过：{len(checked.catalog.reports)} 份报告，{len(checked.outcomes)} 条核对规则。")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
