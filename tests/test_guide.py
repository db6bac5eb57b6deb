"""The editors' guide (CONTRIBUTING.md) is followed literally: a second, unrelated report made only
from the files the guide shows builds, with no Python touched; the guide covers what editors do
and names only commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, build, edit, make_targets

GUIDE = ROOT / "CONTRIBUTING.md"
REPORT = "sample-justice/2023"


def guide_files() -> dict[str, str]:
    """The guide's code blocks that name a file (```yaml title="path"), as the editor would save them."""
    files, lines = {}, GUIDE.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if opening := re.fullmatch(r'( *)```\w+ title="([^"]+)"\n', line):
            indent, path = opening.groups()
            end = lines.index(f"{indent}```\n", number)
            files[path] = "".join(text.removeprefix(indent) for text in lines[number + 1:end])
    return files


@pytest.mark.site
def test_a_second_report_made_by_following_the_guide_builds(project: Path) -> None:
    files = guide_files()
    assert sorted(files) == ["data/sample-justice/2023/allowed-numbers.yaml", "data/sample-justice/2023/figures.yaml",
                             "data/sample-justice/2023/report.yaml", "data/sample-justice/2023/rules.yaml",
                             "data/sample-justice/2023/terms.txt", "docs/sample-justice/2023/appendix.md",
                             "docs/sample-justice/2023/index.md", "docs/sample-justice/2023/print.md", "mkdocs.yml"]
    nav = files.pop("mkdocs.yml")
    edit(project / "mkdocs.yml", "  - 首页: index.md\n", "  - 首页: index.md\n" + nav)  # where the guide says
    for path, text in files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    home = BeautifulSoup((project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", string="某区司法局2023年法治政府建设年度报告")["href"] == f"{REPORT}/"  # type: ignore[index]
    page = (project / "site" / REPORT / "index.html").read_text(encoding="utf-8")
    assert '<data value="95.8" title="人民调解成功率">95.8%</data>' in page
    assert "调解成功率95.8%" in BeautifulSoup(page, "html.parser").get_text()
    assert "mediation-success-rate" not in result.output  # its rules hold: nothing to report


def test_the_guide_covers_what_editors_do() -> None:
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == ["准备工作与本地预览", "修改一个数字", "增加一段正文", "增加一章", "增加一条核对规则",
                        "与上一年度比较的说法", "报告类别和表格", "看懂检查结果", "声明例外", "记录更正",
                        "开始下一年度的报告", "新增一份报告", "提交和审核", "拉取请求上看到什么"]
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_guide_names_only_make_targets_that_exist() -> None:
    for text in (GUIDE.read_text(encoding="utf-8"), (ROOT / "README.md").read_text(encoding="utf-8")):
        assert set(re.findall(r"make ([a-z][\w-]*)", text)) <= make_targets()
