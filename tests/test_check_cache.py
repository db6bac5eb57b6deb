"""The checks' cache (macros/check/cache.py): a warm run gives exactly the cold run's result, a failing
project fails again from the cache, and any change to the input or the engine checks afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.check import cache
from macros.check import project as checks
from macros.check.project import Checked, check_project
from tests.conftest import ROOT, edit
from tests.test_fixture_district import district

pytestmark = pytest.mark.unit

FIGURES = "data/example-a/2023/figures.yaml"
RIGHT, WRONG = "value: 25\n", "value: 30\n"  # 增长25% of cases.growth; 30% is not what the two years give


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture district (tests/fixtures/district), as a project of its own."""
    return district(tmp_path / "district")


def summary(checked: Checked) -> tuple:
    """Everything a run's result says, as plain values to compare."""
    return (
        [str(error) for error in checked.errors],
        [str(notice) for notice in checked.notices],
        [(o.rule.location, o.rule.id, o.status, o.computed, o.mismatch if not o.holds else "")
         for o in checked.outcomes],
        [(c.key, c.page, c.location) for c in checked.citations],
        [(r.id, r.meta, dict(r.figures), sorted(r.broken_keys) if isinstance(r.broken_keys, frozenset) else "*",
          r.rules) for r in checked.catalog.reports],
        sorted(checked.catalog.unloaded),
        {report: logs for report, logs in checked.corrections.items()},
    )


@pytest.fixture
def checks_run(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The projects the checks really ran on (not read from the cache), in order."""
    ran: list[Path] = []
    real = checks._check_project

    def counted(root: Path, docs: Path) -> Checked:
        ran.append(root)
        return real(root, docs)

    monkeypatch.setattr(checks, "_check_project", counted)
    return ran


def test_a_warm_run_gives_the_cold_runs_result_without_checking_again(
    project: Path, checks_run: list[Path],
) -> None:
    cold = check_project(project, cached=True)
    warm = check_project(project, cached=True)
    assert checks_run == [project]
    assert summary(warm) == summary(cold) == summary(check_project(project))
    assert warm.outcomes  # the rules were evaluated, and come back evaluated
    assert [path.suffix for path in (project / cache.CACHE).iterdir()] == [".pickle"]


def test_a_failing_project_fails_again_from_the_cache_with_the_same_errors(
    project: Path, checks_run: list[Path],
) -> None:
    edit(project / FIGURES, RIGHT, WRONG)
    cold = check_project(project, cached=True)
    warm = check_project(project, cached=True)
    assert checks_run == [project]
    assert cold.errors
    assert summary(warm) == summary(cold)


def test_any_change_to_a_file_checks_afresh(project: Path, checks_run: list[Path]) -> None:
    assert check_project(project, cached=True).errors == []
    edit(project / FIGURES, RIGHT, WRONG)
    assert check_project(project, cached=True).errors
    edit(project / FIGURES, WRONG, RIGHT)
    assert check_project(project, cached=True).errors == []  # the first state again: from the cache
    assert checks_run == [project, project]


def test_a_new_file_or_page_checks_afresh(project: Path, checks_run: list[Path]) -> None:
    assert check_project(project, cached=True).errors == []
    (project / "docs" / "example-a" / "2023" / "extra.md").write_text("# 多出的页面\n", encoding="utf-8")
    assert [error.code for error in check_project(project, cached=True).errors] == ["page-not-in-nav"]
    assert len(checks_run) == 2


def test_another_engine_version_checks_afresh(
    project: Path, checks_run: list[Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_project(project, cached=True)
    monkeypatch.setattr(cache, "engine_version", lambda: "another engine")
    check_project(project, cached=True)
    assert checks_run == [project, project]


def test_the_engine_version_is_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = tmp_path / "macros"
    engine.mkdir()
    (engine / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_ENGINE", engine)
    versions = [cache.engine_version.__wrapped__()]
    (engine / "a.py").write_text("x = 2\n", encoding="utf-8")
    versions.append(cache.engine_version.__wrapped__())
    assert versions[0] != versions[1]


def test_a_damaged_cache_is_ignored(project: Path, checks_run: list[Path]) -> None:
    cold = check_project(project, cached=True)
    for stored in (project / cache.CACHE).iterdir():
        stored.write_bytes(b"not a pickle")
    assert summary(check_project(project, cached=True)) == summary(cold)
    assert checks_run == [project, project]


def test_without_cached_nothing_is_written(project: Path) -> None:
    check_project(project)
    assert not (project / ".cache").exists()


def test_the_cache_folder_is_ignored_by_git() -> None:
    assert "/.cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
