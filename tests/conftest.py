"""Shared fixtures: the project's checked data, and sites built from it or from altered copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.checks import Checked, check_project

pytest_plugins = ["tests.browser"]  # browser fixtures: Chromium, a local HTTP server

ROOT = Path(__file__).resolve().parents[1]
# What a build needs; copies of the project for "what if an editor changed this" tests.
PROJECT_FILES = ("mkdocs.yml", "data", "docs", "macros", "overrides")


@dataclass(frozen=True)
class Build:
    """One `mkdocs build --strict` run: its exit code, everything it printed, and its output."""

    returncode: int
    output: str
    site: Path


def build(project: Path, site: Path) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    return Build(run.returncode, run.stdout + run.stderr, site)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of `old`, which must be there: an edit that misses is a test bug."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def checked() -> Checked:
    result = check_project(ROOT)
    assert not result.errors, "\n".join(map(str, result.errors))
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test session."""
    result = build(ROOT, tmp_path_factory.mktemp("built") / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project to alter."""
    return copy_project(tmp_path / "project")
