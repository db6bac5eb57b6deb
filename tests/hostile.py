"""Helpers for the hostile-input tests: `make site` over a previous site, and payloads left behind."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT


def files_containing(tree: Path, needle: str) -> list[str]:
    """Every file below `tree` whose bytes contain `needle` (none if `tree` does not exist)."""
    data = needle.encode("utf-8")
    return sorted(str(path.relative_to(tree)) for path in tree.rglob("*")
                  if path.is_file() and data in path.read_bytes())


def snapshot(tree: Path) -> dict[str, str]:
    """Each file below `tree` with the SHA-256 of its bytes."""
    return {str(path.relative_to(tree)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(tree.rglob("*")) if path.is_file()}


@dataclass(frozen=True)
class Make:
    returncode: int
    output: str


def make_site(project: Path) -> Make:
    """`make site` in a copy of the project, with the test run's Python environment."""
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    run = subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "site", "READY=",
         f"BIN={Path(sys.executable).parent}", "SOURCE_DATE_EPOCH=0"],
        capture_output=True, text=True, check=False,
    )
    return Make(run.returncode, run.stdout + run.stderr)
