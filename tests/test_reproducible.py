"""Reproducible builds: the same commit built in two directories gives byte-identical sites, dated
by the commit and holding no path of the machine that built them."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, Build, copy_project, shared
from tests.hostile import files_containing, make_site, snapshot

COMMITTED = "2023-03-31T10:00:00+08:00"
COMMITTED_DAY = 1680220800  # 2023-03-31 00:00 UTC: MkDocs dates its output by the day


def committed_copy(dest: Path) -> Path:
    """A copy of the project as a fresh repository with one commit made at COMMITTED."""
    project = copy_project(dest)
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED,
           "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "报告"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)
    return project


def _committed_site(folder: Path) -> Build:
    project = committed_copy(folder / "project")
    made = make_site(project)
    return Build(made.returncode, made.output, project / "site")


@pytest.fixture(scope="session")
def committed_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """`make site` in a committed copy of the project, made once per test run: the tests of this
    module read it (one of the two directories compared, the date, the paths)."""
    result = shared(tmp_path_factory, "committed-site", _committed_site)
    assert result.returncode == 0, result.output
    return result


@pytest.mark.site
def test_the_same_commit_builds_byte_identical_sites_in_two_directories(tmp_path: Path, committed_site: Build) -> None:
    first = committed_site.site.parent
    second = committed_copy(tmp_path / "somewhere" / "else" / "b")
    result = make_site(second)
    assert result.returncode == 0, result.output
    files = snapshot(first / "site")
    assert len(files) > 20
    assert snapshot(second / "site") == files


@pytest.mark.site
def test_the_build_date_is_the_last_commits(committed_site: Build) -> None:
    with gzip.open(committed_site.site / "sitemap.xml.gz") as sitemap:
        sitemap.read()
        assert sitemap.mtime == COMMITTED_DAY  # the only date in the site


@pytest.mark.site
def test_the_site_holds_no_path_of_the_build_machine(committed_site: Build) -> None:
    project = committed_site.site.parent
    for path in {str(project), str(project.parent), str(ROOT), sys.prefix, str(Path.home())}:
        assert files_containing(project / "site", path) == [], path


@pytest.mark.site
def test_without_git_two_builds_at_different_times_are_byte_identical(tmp_path: Path) -> None:
    """A copy of the project without .git (as an archive of a commit is): the build date comes from
    the files' own times, not from the clock, sitemap.xml.gz's gzip header included."""
    project = copy_project(tmp_path / "archive")
    stamp = 1_700_000_000
    for path in project.rglob("*"):
        os.utime(path, (stamp, stamp))  # as an archive of a commit carries its time
    first = make_site(project)
    assert first.returncode == 0, first.output
    before = snapshot(project / "site")
    time.sleep(1.1)
    (project / "site").rename(project / "first-site")
    second = make_site(project)
    assert second.returncode == 0, second.output
    assert snapshot(project / "site") == before
    with gzip.open(project / "site" / "sitemap.xml.gz") as sitemap:
        sitemap.read()
    day = stamp - stamp % 86_400  # MkDocs writes the day of the newest page, at midnight UTC
    assert (project / "site" / "sitemap.xml.gz").read_bytes()[4:8] == day.to_bytes(4, "little")
