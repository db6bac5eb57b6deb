"""The code itself: ruff's checks pass, and the engine does not depend on MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run([str(ruff), "check", "macros", "tests", "bench"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_only_the_plugin_imports_mkdocs() -> None:
    offenders = sorted(
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "macros").glob("*.py") if path.name != "plugin.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if line.lstrip().startswith(("import mkdocs", "from mkdocs", "import jieba"))
    )
    assert offenders == []
