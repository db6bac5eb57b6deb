"""Time every check of a project on one core: `python -m bench.time_checks ROOT RUNS [MODE]` prints JSON.

The checks are `macros.check.project.check_project`, as the build runs them: loading the YAML, the page
scan, the lints and the reconciliation rules. MODE says which run is timed, best of RUNS:

- `cold` (the default): the checks themselves, no cache; loading alone is timed too, to show its share;
- `fill`: one run that fills the cache (macros/check/cache.py), untimed;
- `warm`: the build's and make check's run when the input was checked before, after `fill`: hashing
  every file and reading the cached result.

Each mode is run in a process of its own, so that the peak memory the caller measures is that mode's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

from macros.check import cache
from macros.check.project import check_project
from macros.load.reports import load_catalog


def main(root: Path, runs: int, mode: str = "cold") -> dict[str, float | int | str]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if mode != "warm":
        shutil.rmtree(root / cache.CACHE, ignore_errors=True)
    if mode == "warm" and not (root / cache.CACHE / f"{cache.input_key(root, root / 'docs')}.pickle").is_file():
        raise SystemExit("warm: the cache was not filled")
    total = load = float("inf")
    for _ in range(1 if mode == "fill" else runs):
        start = time.perf_counter()
        checked = check_project(root, cached=mode != "cold")
        total = min(total, time.perf_counter() - start)
        if mode == "cold":
            start = time.perf_counter()
            load_catalog(root)
            load = min(load, time.perf_counter() - start)
    if mode != "fill":
        shutil.rmtree(root / cache.CACHE, ignore_errors=True)
    return {
        "mode": mode,
        "seconds": total,
        **({"load_seconds": load} if mode == "cold" else {}),
        "figures": sum(len(report.figures) for report in checked.catalog.reports),
        "reports": len(checked.catalog.reports),
        "pages": sum(1 for _ in (root / "docs").rglob("*.md")),
        "errors": len(checked.errors),
        **({"peak_bytes": peak} if (peak := _peak()) else {}),
    }


def _peak() -> int | None:
    """This process's peak resident memory, from its own address space (Linux): the rusage a parent
    reads counts the parent's memory too, the child being started by vfork before exec."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB$", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:4])))
