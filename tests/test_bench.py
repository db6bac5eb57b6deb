"""The benchmarks: the district's synthetic reports pass every check, a tiny run reports every measure,
and the hostile corpus makes what it says and reports each case.

No timing is asserted: the numbers belong to `make bench` on a known machine, not to the tests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import district, hostile
from macros.check.project import Checked, check_project
from macros.guard.files import MAX_PAGE_BYTES
from tests.conftest import ROOT
from tests.hostile import snapshot


def test_synthetic_reports_pass_every_check_with_their_own_body_and_year(tmp_path: Path, checked: Checked) -> None:
    reports = district.generate(tmp_path, 7, years=3, pages_per_report=6)
    result = check_project(tmp_path)
    assert result.errors == []
    template = checked.catalog.reports[0]
    assert [len(report.figures) for report in result.catalog.reports] == [len(template.figures)] * 7
    assert len({(report.meta.body, report.meta.year) for report in result.catalog.reports}) == 7
    assert {report.meta.year for report in result.catalog.reports} == {2022, 2021, 2020}
    assert all(len(report.pages) == 6 for report in reports)


def test_typed_in_twin_has_the_published_numbers_and_no_template_code(tmp_path: Path) -> None:
    project, typed = tmp_path / "project", tmp_path / "typed"
    district.generate(project, 2)
    district.twin(project, typed, check_project(project))
    chapter = (typed / "docs" / district.TEMPLATE / "1-achievements.md").read_text("utf-8")
    assert "处罚金额955.61万元" in chapter
    pages = [path.read_text("utf-8") for path in (typed / "docs").rglob("*.md")]
    assert len(pages) == len(list((project / "docs").rglob("*.md")))
    assert not [page for page in pages if "{{" in page or "{%" in page]
    assert "macros" not in (typed / "mkdocs.yml").read_text("utf-8")


@pytest.mark.site
def test_a_tiny_benchmark_run_reports_every_measure() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--reports", "2", "--runs", "1", "--check-figures", "100,200",
         "--serve-timeout", "120", "--hostile-cases", "brace-1mb", "--hostile-fraction", "0.001"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout.splitlines()[-1])
    assert results["site"]["reports"] == 2
    assert results["site"]["pages"] == 2 * 10 + len(district.SITE_PAGES)
    build = results["build"]
    assert min(build["data_seconds"], build["typed_seconds"], build["data_cpu_seconds"], build["typed_cpu_seconds"],
               build["data_peak_bytes"], build["typed_peak_bytes"]) > 0
    assert 0 < results["search_index"]["gzip_bytes"] < results["search_index"]["bytes"]
    view = results["first_view"]
    assert min(view["html_bytes"], view["css_bytes"], view["js_bytes"]) > 0
    assert view["with_search_bytes"] >= view["bytes"]
    assert view["external"] == []
    assert [c["figures"] >= n for c, n in zip(results["checks"], (100, 200), strict=True)] == [True, True]
    assert [c["errors"] for c in results["checks"]] == [0, 0]
    assert min(min(c["seconds"], c["warm_seconds"], c["edit_seconds"], c["cpu_seconds"], c["edit_cpu_seconds"],
                   c["peak_bytes"], c["warm_peak_bytes"], c["edit_peak_bytes"]) for c in results["checks"]) > 0
    assert min(build["data_site_bytes"], build["typed_site_bytes"], build["data_site_files"]) > 0
    assert min(build["bare_seconds"], build["bare_cpu_seconds"], build["bare_ratio"]) > 0
    # None would mean the edited figure never showed up in mkdocs serve
    assert results["serve"]["edit_seconds"] is not None
    assert results["serve"]["site_edit_seconds"] is not None
    assert results["make_check"]["seconds"] > 0
    assert results["make_check"]["reports"] == len(list((ROOT / "data").glob("*/*/report.yaml")))
    ours, material = results["search"]["ours"], results["search"]["material"]
    assert ours["open_bytes"] == 0  # the site's own search fetches nothing when a page opens
    assert ours["first_search_bytes"] > 0  # against Material's open_bytes only at district scale: two reports are small
    assert material["open_bytes"] > 0
    assert ours["index_seconds"] > 0
    assert material["first_search_bytes"] == 0  # Material has fetched everything on page open
    assert len(results["targets"]) == 17
    assert sum("one figure changed in one report" in target["name"] for target in results["targets"]) == 2
    assert "| target | measured | goal | result |" in run.stdout
    assert [case["name"] for case in results["hostile"]] == ["brace-1mb"]
    assert "| case | make check | build | result | first message |" in run.stdout


@pytest.mark.site
def test_the_serve_only_run_times_each_edit_in_make_serve() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--serve-only", "--reports", "2", "--runs", "2", "--serve-timeout", "120"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    serve = json.loads(run.stdout.splitlines()[-1])["serve"]
    for runs in (serve["edit_runs"], serve["site_edit_runs"]):
        assert len(runs) == 2
        # None would mean the edited figure never showed up in mkdocs serve
        assert min(min(run["seconds"], run["cpu_seconds"]) for run in runs) > 0
    assert serve["edit_seconds"] == min(run["seconds"] for run in serve["edit_runs"])
    assert "| one-figure edit visible in make serve REPORT=… |" in run.stdout
    assert "| one-figure edit visible in make serve, the whole site (22 pages) |" in run.stdout


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda case: case.name)
def test_each_hostile_case_at_a_tiny_size_alters_the_project_and_is_checked_with_file_and_line(
    tmp_path: Path, case: hostile.Case,
) -> None:
    project = hostile.prepare(case, tmp_path / "project", fraction=0.001)
    assert {**snapshot(project / "docs"), **snapshot(project / "data")} != \
        {**snapshot(ROOT / "docs"), **snapshot(ROOT / "data")}
    checked = check_project(project)  # no traceback, whatever the case
    assert [str(error) for error in checked.errors if not re.match(r"\S+:\d+: \S+：", str(error))] == []


@pytest.mark.parametrize("name", ["brace-1mb", "brackets-1mb", "chinese-1mb", "marks-at-cap"])
def test_a_full_size_page_case_stays_just_under_the_page_cap(tmp_path: Path, name: str) -> None:
    case = next(case for case in hostile.CASES if case.name == name)
    size = (hostile.prepare(case, tmp_path / "project") / hostile.CHAPTER).stat().st_size
    assert MAX_PAGE_BYTES * 0.99 < size <= MAX_PAGE_BYTES


def test_the_hostile_corpus_reports_each_case_refused_or_built() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.hostile", "--fraction", "0.001", "--only", "brace-1mb,fig-2000"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = {case["name"]: case for case in json.loads(run.stdout.splitlines()[-1])}
    assert results["brace-1mb"]["check"]["exit"] == 1
    assert results["brace-1mb"]["check"]["first"].startswith(f"{hostile.CHAPTER}:9: 页面错误：“{{{{”没有对应的结尾")
    assert results["brace-1mb"]["build"] is None
    assert results["fig-2000"]["check"]["exit"] == 0
    assert results["fig-2000"]["build"]["exit"] == 0
    assert not results["fig-2000"]["build"]["traceback"]
    assert "| brace-1mb |" in run.stdout
