"""`make site` in one checkout: one build at a time, a site always whole, a damaged environment
rebuilt. The build itself is macros/commands/build.py; the environment check environment.py."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from macros.commands import build, environment
from tests.conftest import ROOT
from tests.hostile import make_site, snapshot

pytestmark = pytest.mark.site


def test_two_builds_at_once_leave_one_whole_site(project: Path) -> None:
    alone = make_site(project)
    assert alone.returncode == 0, alone.output
    whole = sorted(snapshot(project / "site"))
    results = []
    runs = [threading.Thread(target=lambda: results.append(make_site(project))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert [result.returncode for result in results] == [0, 0], [result.output for result in results]
    assert sorted(snapshot(project / "site")) == whole
    assert not (project / build.NEW).exists()
    assert not (project / build.OLD).exists()


def test_a_build_killed_between_the_renames_is_recovered_by_the_next(project: Path) -> None:
    assert make_site(project).returncode == 0
    before = snapshot(project / "site")
    (project / "site").rename(project / build.OLD)  # killed after the first rename, before the second
    (project / "docs" / "index.md").write_text("{{ broken\n", encoding="utf-8")  # and the next build fails
    failed = make_site(project)
    assert failed.returncode != 0
    assert "已恢复上一次生成的网站" in failed.output
    assert snapshot(project / "site") == before  # the last good site, not lost to the failing build


def test_a_damaged_environment_is_told_apart_in_chinese(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("pyyaml==0.0.1 \\\n    --hash=sha256:00\nno-such-package-here==1.0 \\\n    --hash=sha256:00\n",
                    encoding="utf-8")
    found = environment.problems(lock)
    assert any(problem.startswith("pyyaml 是 ") and problem.endswith("应为 0.0.1") for problem in found), found
    assert "没有安装 no-such-package-here" in found


def test_the_environment_of_this_run_matches_the_lock() -> None:
    assert environment.problems(ROOT / "requirements.lock") == []
    run = subprocess.run([sys.executable, "-m", "macros.commands.environment"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stderr
