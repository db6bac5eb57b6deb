"""Helpers for the hostile-input tests: `make site` over a previous site, and payloads left behind."""

from __future__ import annotations

import hashlib
import os
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
    """`make site` in a copy of the project, with the test run's Python environment.

    SOURCE_DATE_EPOCH is left to the Makefile, which takes it from the copy's last commit, if any.
    """
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    env = {name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"}
    run = subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "site", "READY=",
         f"BIN={Path(sys.executable).parent}"],
        env=env, capture_output=True, text=True, check=False,
    )
    return Make(run.returncode, run.stdout + run.stderr)
