"""The checks' cache (macros/check/cache.py): a warm run, and a run after an edit, give exactly the
result of checking the project afresh; an edit checks again only the report folder it is in (and binds
again the reports that follow it); a failing project fails again from the cache, with the same errors;
and no cache, damaged or not, can make a failing project pass."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.check import cache
from macros.check import project as checks
from macros.check.project import Checked, check_project
from macros.load import tree
from macros.model import errors as hints
from tests.conftest import ROOT, codes, edit
from tests.test_fixture_district import district

pytestmark = pytest.mark.unit

FIGURES = "data/example-a/2023/figures.yaml"
RIGHT, WRONG = "value: 25\n", "value: 30\n"  # 增长25% of cases.growth; 30% is not what the two years give
PREVIOUS = "data/example-a/2022/figures.yaml"  # the report example-a/2023 follows
SESSIONS, FEWER = "value: 6\n  unit: 期", "value: 2\n  unit: 期"  # 2023's 3 sessions are then no 减少


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture district (tests/fixtures/district), as a project of its own."""
    return district(tmp_path / "district")


def summary(checked: Checked) -> tuple:
    """Everything a run's result says, as plain values to compare."""
    return (
        [(type(error), str(error)) for error in checked.errors],
        [str(notice) for notice in checked.notices],
        [(o.rule.location, o.rule.id, o.status, o.computed, o.mismatch, o.figures) for o in checked.outcomes],
        checked.citations,
        [(r.id, r.meta, dict(r.figures), sorted(r.broken_keys) if type(r.broken_keys) is frozenset else "*",
          r.rules, r.terms, r.kind, dict(r.cells), dict(r.not_applicable), [o.rule.id for o in checked.outcomes_of(r)])
         for r in checked.catalog.reports],
        sorted(checked.catalog.unloaded),
        checked.corrections,
        checked.recorded_on,
        checked.site,
    )


class Ran:
    """What the checks worked out afresh in a run: report folders (None: the site's own files), and
    reports bound to the report they follow."""

    def __init__(self) -> None:
        self.folders: list[str | None] = []
        self.bound: list[str] = []

    def clear(self) -> tuple[list[str | None], list[str]]:
        done = (self.folders, self.bound)
        self.folders, self.bound = [], []
        return done

    def afresh(self, project: Path) -> Checked:
        """The project checked without the cache (not counted): what any cached run must give."""
        done = list(self.folders), list(self.bound)
        checked = check_project(project)
        self.folders, self.bound = done
        return checked


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> Ran:
    found = Ran()
    check_folder, reconcile = checks.check_folder, checks.reconcile

    def folder(tree: tree.Tree, folder_id: str | None, *args: object) -> object:
        found.folders.append(folder_id)
        return check_folder(tree, folder_id, *args)  # type: ignore[arg-type]

    def bind(catalog: object, report: checks.Report, *args: object) -> object:
        found.bound.append(report.id)
        return reconcile(catalog, report, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "check_folder", folder)
    monkeypatch.setattr(checks, "reconcile", bind)
    return found


EVERY_FOLDER = ["example-a/2022", "example-a/2023", "example-b/2022", "example-b/2023", None]
EVERY_REPORT = ["example-a/2022", "example-a/2023", "example-b/2022", "example-b/2023"]


def test_a_warm_run_gives_the_cold_runs_result_without_checking_again(project: Path, ran: Ran) -> None:
    cold = check_project(project, cached=True)
    assert ran.clear() == (EVERY_FOLDER, EVERY_REPORT)
    warm = check_project(project, cached=True)
    assert ran.clear() == ([], [])
    assert summary(warm) == summary(cold) == summary(ran.afresh(project))
    assert warm.outcomes  # the rules were evaluated, and come back evaluated
    assert warm.outcomes_of(warm.catalog.reports[1]) == [o for o in warm.outcomes
                                                         if o.rule.location.path.startswith("data/example-a/2023/")]


def test_one_edited_file_checks_again_only_its_folder_and_fails_as_a_fresh_run(project: Path, ran: Ran) -> None:
    check_project(project, cached=True)
    ran.clear()
    edit(project / FIGURES, RIGHT, WRONG)
    failing = check_project(project, cached=True)
    assert ran.clear() == (["example-a/2023"], ["example-a/2023"])
    assert "rule-change-mismatch" in codes(failing.errors)
    assert summary(failing) == summary(ran.afresh(project))
    assert summary(check_project(project, cached=True)) == summary(failing)  # and again from the cache
    assert ran.clear() == ([], [])
    edit(project / FIGURES, WRONG, RIGHT)
    passing = check_project(project, cached=True)
    assert passing.errors == []
    assert ran.clear() == ([], [])  # the state before: still kept
    assert summary(passing) == summary(ran.afresh(project))


def test_an_edit_of_the_previous_year_binds_again_the_report_that_follows_it(project: Path, ran: Ran) -> None:
    check_project(project, cached=True)
    ran.clear()
    edit(project / PREVIOUS, SESSIONS, FEWER)
    checked = check_project(project, cached=True)
    assert ran.clear() == (["example-a/2022"], ["example-a/2022", "example-a/2023"])
    failed = [error for error in checked.errors if error.code == "rule-change-mismatch"]
    assert [error.location.path for error in failed] == ["data/example-a/2023/rules.yaml"]
    assert summary(checked) == summary(ran.afresh(project))


def test_a_new_page_checks_again_its_folder(project: Path, ran: Ran) -> None:
    check_project(project, cached=True)
    ran.clear()
    (project / "docs" / "example-a" / "2023" / "extra.md").write_text("# 多出的页面\n", encoding="utf-8")
    checked = check_project(project, cached=True)
    assert codes(checked.errors) == ["page-not-in-nav"]
    assert ran.clear() == (["example-a/2023"], ["example-a/2023"])
    assert summary(checked) == summary(ran.afresh(project))


def test_a_file_changed_to_the_same_size_and_time_is_read_again(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 ran: Ran) -> None:
    """A file's digest is taken from the run before only while its status is the same: a write moves
    its change time, which no program can set back, even when the size and modification time are."""
    monkeypatch.setattr(tree, "SETTLED_NS", -10**12)  # every digest as if read long after the change
    check_project(project, cached=True)
    ran.clear()
    path = project / FIGURES
    before = path.stat()
    edit(path, RIGHT, "value: 52\n")  # as many bytes as before
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    checked = check_project(project, cached=True)
    assert ran.clear() == (["example-a/2023"], ["example-a/2023"])
    assert "rule-change-mismatch" in codes(checked.errors)
    assert summary(checked) == summary(ran.afresh(project))


def test_hints_are_those_of_a_fresh_run_when_the_budget_of_comparisons_runs_out(
    project: Path, monkeypatch: pytest.MonkeyPatch, ran: Ran,
) -> None:
    """Hints compare a mistyped key with every key, within one budget per run (errors.MAX_COMPARISONS):
    a folder's hints depend on what the folders before it spent. Kept ones are used only where they
    are exactly what a fresh run gives."""
    monkeypatch.setattr(hints, "MAX_COMPARISONS", 200)  # example-a/2023 has 6 figures, example-b/2023 198
    for report, mistyped in (("example-a/2023", "cases.totl"), ("example-b/2023", "website.itmes")):
        page = project / "docs" / report / "index.md"
        page.write_text(page.read_text("utf-8") + f'\n{{{{ fig("{mistyped}") }}}}\n', encoding="utf-8")
    first = check_project(project, cached=True)
    hinted = [error.hint for error in first.errors if error.code == "unknown-key"]
    assert len(hinted) == 2
    assert "是不是" in hinted[0]
    assert "是不是" not in hinted[1]  # the budget ran out
    assert summary(first) == summary(ran.afresh(project))
    ran.clear()
    edit(project / "docs" / "example-a" / "2023" / "index.md", '{{ fig("cases.totl") }}', "")
    edited = check_project(project, cached=True)  # example-b/2023 is kept, but its hint is a fresh run's
    assert ran.clear()[0] == ["example-a/2023"]
    assert "是不是" in next(error.hint for error in edited.errors if error.code == "unknown-key")
    assert summary(edited) == summary(ran.afresh(project))
    assert summary(check_project(project, cached=True)) == summary(edited)


def test_report_folders_inside_another_are_checked_with_it(project: Path, ran: Ran) -> None:
    for top in ("data", "docs"):
        shutil.copytree(project / top / "example-b" / "2023", project / top / "example-b" / "2023" / "inner")
    cold = check_project(project, cached=True)
    assert "example-b/2023/inner" in [report.id for report in cold.catalog.reports]
    assert ran.clear()[0] == EVERY_FOLDER
    assert summary(cold) == summary(ran.afresh(project))
    edit(project / "data" / "example-b" / "2023" / "inner" / "figures.yaml", "value: ", "value: 1")
    edited = check_project(project, cached=True)
    assert ran.clear()[0] == ["example-b/2023"]
    assert summary(edited) == summary(ran.afresh(project))


def test_another_engine_version_checks_afresh(project: Path, monkeypatch: pytest.MonkeyPatch, ran: Ran) -> None:
    check_project(project, cached=True)
    monkeypatch.setattr(cache, "engine_version", lambda: "another engine")
    check_project(project, cached=True)
    assert ran.clear() == (EVERY_FOLDER * 2, EVERY_REPORT * 2)


def test_the_engine_version_is_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = tmp_path / "macros"
    engine.mkdir()
    (engine / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_ENGINE", engine)
    versions = [cache.engine_version.__wrapped__()]
    (engine / "a.py").write_text("x = 2\n", encoding="utf-8")
    versions.append(cache.engine_version.__wrapped__())
    assert versions[0] != versions[1]


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"not a piece", id="garbage"),
    pytest.param(lambda data: data[:len(data) // 2], id="truncated"),
    pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one-bit"),
])
def test_a_damaged_cache_is_ignored(project: Path, ran: Ran, damage: object) -> None:
    edit(project / FIGURES, RIGHT, WRONG)
    cold = check_project(project, cached=True)
    for stored in (project / cache.CACHE).iterdir():
        stored.write_bytes(damage(stored.read_bytes()))  # type: ignore[operator]
    ran.clear()
    again = check_project(project, cached=True)
    assert ran.clear() == (EVERY_FOLDER, EVERY_REPORT)
    assert again.errors
    assert summary(again) == summary(cold) == summary(ran.afresh(project))


def test_a_piece_altered_so_that_it_still_reads_is_ignored(project: Path, ran: Ran) -> None:
    """Each piece carries the digest of its bytes: damage that leaves a piece readable (here, a
    figure's key) is found, and the folder checked again."""
    cold = check_project(project, cached=True)
    altered = []
    for stored in (project / cache.CACHE).iterdir():
        data = stored.read_bytes()
        if b"cases.total" in data:
            stored.write_bytes(data.replace(b"cases.total", b"cases.totam"))
            altered.append(stored)
    assert altered
    ran.clear()
    again = check_project(project, cached=True)
    assert ran.clear()[0] == ["example-a/2022", "example-a/2023"]
    assert summary(again) == summary(cold) == summary(ran.afresh(project))


@pytest.mark.parametrize("root", [".", "../district"])
def test_a_root_given_relative_to_the_working_folder_gives_the_same_result(
    project: Path, monkeypatch: pytest.MonkeyPatch, root: str,
) -> None:
    edit(project / FIGURES, RIGHT, WRONG)
    absolute = check_project(project)
    monkeypatch.chdir(project)
    assert summary(check_project(Path(root), cached=True)) == summary(absolute)
    assert summary(check_project(Path(root), cached=True)) == summary(absolute)


def test_a_committed_cache_is_neither_read_nor_written(project: Path, ran: Ran) -> None:
    """A clone (CI's) of a repository whose .cache/ was committed would read pieces it did not write:
    someone else's, which could be made to pass what fails."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project,
                       check=True, capture_output=True)

    git("init", "-q")
    check_project(project, cached=True)
    git("add", "--force", ".cache")
    git("commit", "-q", "-m", "a cache committed")
    kept = {path: path.read_bytes() for path in (project / cache.CACHE).iterdir()}
    ran.clear()
    edit(project / FIGURES, RIGHT, WRONG)
    checked = check_project(project, cached=True)
    assert ran.clear() == (EVERY_FOLDER, EVERY_REPORT)
    assert summary(checked) == summary(ran.afresh(project))
    assert {path: path.read_bytes() for path in (project / cache.CACHE).iterdir()} == kept


def test_without_cached_nothing_is_written(project: Path) -> None:
    check_project(project)
    assert not (project / ".cache").exists()


def test_the_cache_keeps_a_few_states_and_drops_the_rest(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_KEEP", 1)
    for value in range(40, 60):
        edit(project / FIGURES, "value: 50\n" if value == 40 else f"value: {value - 1}\n", f"value: {value}\n")
        check_project(project, cached=True)
    kept = list((project / cache.CACHE).iterdir())
    used = len(EVERY_FOLDER) + 2  # and the nav's and the files' digests
    assert used < len(kept) <= 2 * used


def test_the_cache_folder_is_ignored_by_git() -> None:
    assert "/.cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
