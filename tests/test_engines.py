"""The site is portable: ProperDocs, the maintained fork of MkDocs 1.x, builds the same site from the
same mkdocs.yml as MkDocs 1.6.1, through `make site ENGINE=properdocs`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The one difference by design: each engine names itself in every page's generator meta tag.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def make_site(project: Path, engine: str) -> tuple[Path, str]:
    run = subprocess.run(["make", "--no-print-directory", "-C", str(project), "site", f"ENGINE={engine}", "READY=",
                          f"BIN={Path(sys.executable).parent}", "SOURCE_DATE_EPOCH=1700000000"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return (project / "site").rename(project / engine), run.stdout + run.stderr


def normalized(path: Path) -> bytes:
    return GENERATOR.sub(b'<meta name="generator">', path.read_bytes())


@pytest.mark.site
def test_properdocs_builds_the_same_site_as_mkdocs(project: Path) -> None:
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    mkdocs, _ = make_site(project, "mkdocs")
    properdocs, output = make_site(project, "properdocs")
    files = sorted(p.relative_to(mkdocs) for p in mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs) for p in properdocs.rglob("*") if p.is_file())
    assert [f for f in files if normalized(mkdocs / f) != normalized(properdocs / f)] == []
    assert b"ProperDocs" in (properdocs / "index.html").read_bytes()  # the engine that was asked for
    assert [line for line in output.splitlines() if "WARNING" in line] == []
