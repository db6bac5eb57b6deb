"""`make serve REPORT=…`: a preview configuration that builds one report and the site's own pages."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from subprocess import run

import yaml

from macros.commands.preview import main, preview_config
from tests.conftest import add_data_report

NAV = """\
nav:
  - 首页: index.md
  - 甲区应急管理局:
      - 2022 年度:
          - a/2022/index.md
          - 打印版: a/2022/print.md
      - 2021 年度:
          - a/2021/index.md
  - 乙区司法局 2022 年度:
      - b/2022/index.md
  - 更正说明: corrections.md
"""


def district(root: Path) -> Path:
    for report in ("a/2022", "a/2021", "b/2022"):
        (root / "data" / report).mkdir(parents=True)
        (root / "data" / report / "report.yaml").write_text("year: 2022\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(NAV, encoding="utf-8")
    return root


def test_preview_keeps_the_report_and_the_site_pages_and_excludes_the_others(tmp_path: Path) -> None:
    config = yaml.safe_load(preview_config(district(tmp_path), "a/2021"))
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["nav"] == [{"首页": "index.md"}, {"甲区应急管理局": [{"2021 年度": ["a/2021/index.md"]}]},
                             {"更正说明": "corrections.md"}]
    # The outermost folders that hold only other reports: all of b/, only a/'s other year.
    assert config["exclude_docs"].split() == ["/a/2022/", "/b/"]


def test_a_folder_that_also_holds_a_file_of_no_report_is_not_excluded_whole(tmp_path: Path) -> None:
    district(tmp_path)
    (tmp_path / "docs" / "b").mkdir(parents=True)
    (tmp_path / "docs" / "b" / "logo.png").write_bytes(b"png")
    config = yaml.safe_load(preview_config(tmp_path, "a/2021"))
    assert config["exclude_docs"].split() == ["/a/2022/", "/b/2022/"]


def test_a_report_in_another_reports_folder_keeps_its_pages_and_excludes_the_others_file_by_file(
        tmp_path: Path) -> None:
    district(tmp_path)
    (tmp_path / "data" / "a" / "2022" / "annex").mkdir()
    (tmp_path / "data" / "a" / "2022" / "annex" / "report.yaml").write_text("year: 2022\n", encoding="utf-8")
    for page in ("a/2022/annex/index.md", "a/2022/annex/images/chart.png", "a/2022/index.md", "a/2022/tables/t.md"):
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text("x", encoding="utf-8")
    config = yaml.safe_load(preview_config(tmp_path, "a/2022/annex"))
    assert config["exclude_docs"].split() == ["/a/2021/", "/a/2022/index.md", "/a/2022/print.md", "/a/2022/tables/",
                                              "/b/"]


def test_a_province_needs_a_pattern_per_other_body_not_per_report(tmp_path: Path) -> None:
    # MkDocs matches every file against every pattern on each rebuild of the preview.
    bodies, years = [f"body{n}" for n in range(40)], ["2021", "2022", "2023"]
    for body in bodies:
        for year in years:
            (tmp_path / "data" / body / year).mkdir(parents=True)
            (tmp_path / "data" / body / year / "report.yaml").write_text("year: 2022\n", encoding="utf-8")
            (tmp_path / "docs" / body / year).mkdir(parents=True)
            (tmp_path / "docs" / body / year / "index.md").write_text("x", encoding="utf-8")
    nav = {"nav": [{body: [f"{body}/{year}/index.md" for year in years]} for body in bodies]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(nav), encoding="utf-8")
    patterns = yaml.safe_load(preview_config(tmp_path, "body7/2022"))["exclude_docs"].split()
    assert sorted(patterns) == sorted([f"/{body}/" for body in bodies if body != "body7"]
                                      + ["/body7/2021/", "/body7/2023/"])


def test_an_unknown_report_is_refused_in_chinese(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(district(tmp_path))
    assert main(["c/2022"]) == 2
    assert "没有报告“c/2022”" in capsys.readouterr().err
    assert not (tmp_path / ".preview-mkdocs.yml").exists()


def test_a_preview_of_one_report_builds_while_the_checks_cover_the_whole_site(project: Path) -> None:
    """The preview's nav holds one report and excludes the others' pages; the checks read the
    project's mkdocs.yml, where every page is in the nav, so none is reported outside it."""
    add_data_report(project, "dongli-emergency/2021", {"enforcement.cases.total": ("80", "件")})
    preview = run([sys.executable, "-m", "macros.commands.preview", "dongli-emergency/2022"], cwd=project, check=False)
    assert preview.returncode == 0
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", ".preview-mkdocs.yml", "--site-dir",
                  str(project / "preview")], cwd=project, capture_output=True, text=True, check=False,
                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "preview" / "dongli-emergency" / "2022" / "index.html").is_file()
    assert not (project / "preview" / "dongli-emergency" / "2021" / "index.html").exists()
