"""Time every check of a project on one core: `python -m bench.time_checks ROOT RUNS [MODE]` prints JSON.

The checks are `macros.check.project.check_project`, as the build and make check run them: loading
the YAML, the page scan, the lints and the reconciliation rules. MODE says which run is timed, best
of RUNS (wall-clock time, and the CPU time of this process):

- `cold` (the default): the checks themselves, no cache; loading alone is timed too, to show its share;
- `fill`: one run that fills the cache (macros/check/cache.py), untimed;
- `warm`: the build's and make check's run when the project was checked before, unchanged, after `fill`;
- `edit`: the editor's case, after `fill`: one figure changed in one report (EDITED's EDIT_KEY, a report
  another follows), the cache of the state before; each run changes it again. The figure is put back after.

Each mode is run in a process of its own, so that the peak memory it reads is that mode's: the
highest resident memory of the process (Linux), read after the timed runs, before loading is timed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from macros.check import cache
from macros.check.project import Checked, check_project
from macros.load.reports import load_catalog

EDITED = 1  # the report edited: the second, which the first follows (its previous year)
# A figure of the synthetic district that is cited on a chapter page and is no operand of any other figure.
EDIT_KEY = "legal_adviser.contracts_reviewed"
MODES = ("cold", "fill", "warm", "edit")


def main(root: Path, runs: int, mode: str = "cold") -> dict[str, float | int | str]:
    if mode not in MODES:
        raise SystemExit(f"mode: one of {', '.join(MODES)}")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if mode in ("cold", "fill"):
        shutil.rmtree(root / cache.CACHE, ignore_errors=True)
    elif not (root / cache.CACHE).is_dir():
        raise SystemExit(f"{mode}: the cache was not filled")
    edited = _figures(root)
    original = edited.read_text(encoding="utf-8")
    seconds = cpu_seconds = float("inf")
    summary: dict[str, int] = {}
    try:
        for run in range(1 if mode == "fill" else runs):
            if mode == "edit":
                edited.write_text(set_value(original, EDIT_KEY, lambda value, step=run + 1: str(Decimal(value) + step)),
                                  encoding="utf-8")
            start, cpu = time.perf_counter(), time.process_time()
            checked = check_project(root, cached=mode != "cold")
            seconds = min(seconds, time.perf_counter() - start)
            cpu_seconds = min(cpu_seconds, time.process_time() - cpu)
            summary = _summary(root, checked)
            del checked  # one run's result at a time: the peak is that of one run
    finally:
        edited.write_text(original, encoding="utf-8")
    peak = _peak()
    load = float("inf")
    if mode == "cold":
        for _ in range(runs):
            start = time.perf_counter()
            load_catalog(root)
            load = min(load, time.perf_counter() - start)
    if mode == "cold":
        shutil.rmtree(root / cache.CACHE, ignore_errors=True)
    return {"mode": mode, "seconds": seconds, "cpu_seconds": cpu_seconds,
            **({"load_seconds": load} if mode == "cold" else {}), **summary,
            **({"peak_bytes": peak} if peak else {})}


def set_value(text: str, key: str, value: Callable[[str], str]) -> str:
    """figures.yaml's text with the value of the figure `key` written anew: `value(as written)`."""
    block = re.search(rf"(?m)^{re.escape(key)}:\n(?:[ \t]+.*\n)*?[ \t]+value: (\S+)", text)
    if block is None:
        raise ValueError(f"no `value:` under {key}")
    return text[:block.start(1)] + value(block.group(1)) + text[block.end(1):]


def _figures(root: Path) -> Path:
    """The figures.yaml of the edited report (the reports in the order of data/)."""
    reports = sorted((path.parent for path in (root / "data").rglob("report.yaml")), key=lambda path: path.parts)
    return reports[min(EDITED, len(reports) - 1)] / "figures.yaml"


def _summary(root: Path, checked: Checked) -> dict[str, int]:
    return {"figures": sum(len(report.figures) for report in checked.catalog.reports),
            "reports": len(checked.catalog.reports), "pages": sum(1 for _ in (root / "docs").rglob("*.md")),
            "errors": len(checked.errors)}


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
