"""The district benchmark: its synthetic reports pass every check, and a tiny run reports every measure.

No timing is asserted: the numbers belong to `make bench` on a known machine, not to the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import district
from macros.check.project import Checked, check_project
from tests.conftest import ROOT


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
         "--serve-timeout", "120"],
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
    assert view["with_search_bytes"] > view["bytes"]
    assert view["external"] == []
    assert [c["figures"] >= n for c, n in zip(results["checks"], (100, 200), strict=True)] == [True, True]
    assert [c["errors"] for c in results["checks"]] == [0, 0]
    # None would mean the edited figure never showed up in mkdocs serve
    assert results["serve"]["edit_seconds"] is not None
    assert results["serve"]["site_edit_seconds"] is not None
    assert len(results["targets"]) == 7
    assert "| target | measured | goal | result |" in run.stdout
