"""Shared fixtures: the project's checked data, and sites built from it or from altered copies."""

from __future__ import annotations

import compileall
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.check.project import Checked
from macros.model.errors import ReportError
from tests.rule_items import project_checks

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
    """A copy of what a build needs, with the program's bytecode: each command the tests run in a copy
    (make site, mkdocs build, make check) would otherwise compile the whole package again (nothing
    writes bytecode where PYTHONDONTWRITEBYTECODE is set, as on CI's machines). The bytecode is
    checked against its source's time and size, so a test that edits the program's code in its copy
    runs the edited code."""
    compile_program()
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


@functools.cache
def compile_program() -> None:
    """macros/__pycache__, once per test process (each file written whole: workers may race)."""
    compileall.compile_dir(ROOT / "macros", quiet=1)


def only_report(project: Path, report_id: str) -> Path:
    """Leave one report in a copy of the project (its folders and its nav section): scenario tests
    that add reports start from the same place, however many reports the repository holds."""
    data = project / "data"
    others = [meta.parent.relative_to(data).as_posix() for meta in data.rglob("report.yaml")]
    for other in others:
        if other != report_id:
            shutil.rmtree(data / other)
            shutil.rmtree(project / "docs" / other, ignore_errors=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    sections = re.findall(r"^  - [^\n]+:\n(?:      - [^\n]+\n)+", text, re.MULTILINE)
    for section in sections:
        if f" {report_id}/" not in section:
            text = text.replace(section, "")
    config.write_text(text, encoding="utf-8")
    return project


def add_kinds(project: Path, *kinds: str) -> None:
    """The product's report kinds (data/kinds/<kind>/) in a test project: the rule-of-law kind, which
    needs no unit, unless others are named."""
    for kind in kinds or ("rule-of-law",):
        shutil.copytree(ROOT / "data" / "kinds" / kind, project / "data" / "kinds" / kind)


# A report.yaml's kind and format in test projects (data/kinds/rule-of-law/2019.yaml, by add_kinds).
KIND = "kind: 法治政府建设年度报告\nformat: 2019\n"


def make_targets() -> set[str]:
    """The Makefile's commands (its .PHONY targets), which docs and hooks may name."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split())  # type: ignore[union-attr]


def add_to_nav(project: Path, section: str, pages: list[str]) -> None:
    """A section of pages in a copy's nav, before its last entry (the corrections page), as a
    maintainer would add it to mkdocs.yml."""
    edit(project / "mkdocs.yml", "  - 更正说明: corrections.md\n",
         f"  - {section}:\n" + "".join(f"      - {page}\n" for page in pages) + "  - 更正说明: corrections.md\n")


def edit(path: Path, old: str, new: str) -> None:
    """Replace one occurrence of `old`, which must be there: an edit that misses is a test bug."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(errors: Iterable[ReportError]) -> list[str]:
    """The codes of the errors, in their order: which problems were found, whatever their wording."""
    return [error.code for error in errors]


DONGLI_2021 = ("body: 东丽区应急管理局\ntitle: 东丽应急管理局2021年法治政府建设年度报告\n"
               f"{KIND}year: 2021\n")


def add_data_report(project: Path, report_id: str, figures: dict[str, tuple[str, str]],
                    meta: str = DONGLI_2021) -> Path:
    """A report of data only (every figure data_only; its one page, in the nav, has no figure): a
    previous year's."""
    folder = project / "data" / report_id
    folder.mkdir(parents=True)
    (project / "docs" / report_id).mkdir(parents=True)
    (project / "docs" / report_id / "index.md").write_text("# 上一年度的数字\n", encoding="utf-8")
    add_to_nav(project, report_id, [f"{report_id}/index.md"])
    (folder / "report.yaml").write_text(meta, encoding="utf-8")
    (folder / "figures.yaml").write_text("".join(
        f"{key}:\n  label: {key}\n  value: {value}\n  unit: {unit}\n  data_only: true\n"
        for key, (value, unit) in figures.items()), encoding="utf-8")
    return folder


def correct(project: Path, report: str, key: str, old: str, new: str, date: str = "2023-04-10",
            reason: str = "核对原始台账时发现录入错误。") -> None:
    """Record a correction of a published figure in a copy, as an editor would in corrections.yaml."""
    log = project / "data" / report / "corrections.yaml"
    text = log.read_text(encoding="utf-8").removesuffix("[]\n")
    log.write_text(text + f"- key: {key}\n  old: {old}\n  new: {new}\n  date: {date}\n  reason: {reason}\n",
                   encoding="utf-8")


TIERS = ("unit", "project", "site", "browser", "repo")  # pyproject.toml's markers, cheapest first
_BROWSER_FIXTURES = {"tab", "chromium", "site_url"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test's cost tier: its own marker if it has one (tests that build a site themselves are
    marked `site`), else read from what it uses: Chromium, the built site, the project's checks."""
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        used = set(getattr(item, "fixturenames", ()))
        if used & _BROWSER_FIXTURES:
            tier = "browser"
        elif "site" in used:
            tier = "site"
        elif "checked" in used or item.path.is_relative_to(ROOT / "data"):  # rule items are project checks
            tier = "project"
        else:
            tier = "unit"
        item.add_marker(tier)


@pytest.fixture(scope="session")
def checked() -> Checked:
    result = project_checks()
    assert not result.errors, "\n".join(map(str, result.errors))
    return result


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Build]) -> Build:
    """A build made once per test run, `make(folder)` into its own folder, and shared by every worker.

    With pytest-xdist (make test runs on every core) each worker has its own session, so a
    session-scoped fixture would build the same site once per worker. The first worker to ask
    builds it into the run's common temporary folder, under a lock; the others wait for it and
    read the same build. Without xdist this is a plain build in the session's folder.
    """
    base = tmp_path_factory.getbasetemp()
    common = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, record = common / f"shared-{name}", common / f"shared-{name}.json"
    with (common / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also if make() fails
        if record.is_file():
            made = json.loads(record.read_text(encoding="utf-8"))
            return Build(made["returncode"], made["output"], Path(made["site"]))
        folder.mkdir()
        result = make(folder)
        record.write_text(json.dumps({"returncode": result.returncode, "output": result.output,
                                      "site": str(result.site)}), encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once per test run (shared by the workers)."""
    result = shared(tmp_path_factory, "site", lambda folder: build(ROOT, folder / "site"))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project to alter."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def only_2022(project: Path) -> None:
    """The project copy with only the 2022 report (see only_report)."""
    only_report(project, "dongli-emergency/2022")
