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
    assert config["exclude_docs"].split() == ["/a/2022/", "/b/2022/"]


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
