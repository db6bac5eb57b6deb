"""`make serve REPORT=…`: a preview configuration that builds one report and the site's own pages."""

from __future__ import annotations

from pathlib import Path

import yaml

from macros.commands.preview import main, preview_config

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
