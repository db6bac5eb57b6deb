"""The code itself: ruff and mypy find nothing (tests/test_layers.py keeps the imports one way)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.repo


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    run = subprocess.run([str(ruff), "check", "macros", "tests", "bench"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing() -> None:
    """The engine's types hold (pyproject.toml [tool.mypy]); every `type: ignore` left is still needed."""
    mypy = Path(sys.executable).parent / "mypy"
    run = subprocess.run([str(mypy)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
