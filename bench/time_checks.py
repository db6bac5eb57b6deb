"""Time every check of a project on one core: `python -m bench.time_checks ROOT RUNS` prints JSON.

The checks are `macros.check.project.check_project`, as the build runs them: loading the YAML, the page
scan, the lints and the reconciliation rules. Loading alone is timed too, to show its share.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from macros.check.project import check_project
from macros.load.reports import load_catalog


def main(root: Path, runs: int) -> dict[str, float | int]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    total = load = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        checked = check_project(root)
        total = min(total, time.perf_counter() - start)
        start = time.perf_counter()
        load_catalog(root)
        load = min(load, time.perf_counter() - start)
    return {
        "seconds": total,
        "load_seconds": load,
        "figures": sum(len(report.figures) for report in checked.catalog.reports),
        "reports": len(checked.catalog.reports),
        "pages": sum(1 for _ in (root / "docs").rglob("*.md")),
        "errors": len(checked.errors),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
