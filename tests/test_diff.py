"""`make diff`: a fixture git repository of a small published report, and a second commit that changes
one figure without its correction (turning a rule from 通过 to 不通过), one with its correction,
adds one figure and removes another; the base found from main, and the Chinese messages when there
is no base."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.commands import diff, github
from tests.conftest import KIND, ROOT, add_kinds

pytestmark = pytest.mark.unit

REPORT = "sample-bureau/2023"
GIT = ("git", "-c", "user.name=编辑", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false",
       "-c", "init.defaultBranch=main")

FIGURES = """\
cases.total:
  label: 受理案件总数
  value: 10
  unit: 件
cases.mediated:
  label: 调解结案数
  value: 6
  unit: 件
cases.judged:
  label: 裁决结案数
  value: 4
  unit: 件
fund.amount:
  label: 专项经费
  value: 12.5
  unit: 万元
training.sessions:
  label: 培训期数
  value: 3
  unit: 期
"""
RULES = """\
- id: cases-total
  description: 受理案件总数等于调解与裁决结案数之和
  sum:
    total: cases.total
    parts: [cases.mediated, cases.judged]
"""
RECORD = ('cases.total: "10件"\ncases.mediated: "6件"\ncases.judged: "4件"\nfund.amount: "12.5万元"\n'
          'training.sessions: "3期"\n')
CHAPTER = """\
# 某局2023年工作报告

全年受理案件{{ fig("cases.total") }}，其中调解结案{{ fig("cases.mediated") }}，裁决结案{{ fig("cases.judged") }}。

投入专项经费{{ fig("fund.amount") }}。

举办培训{{ fig("training.sessions") }}。
"""
CORRECTION = ("- key: fund.amount\n  old: 12.5万元\n  new: 12.6万元\n  date: 2024-03-01\n"
              "  reason: 核对财务凭证时发现漏记一笔。\n")


def git(repo: Path, *args: str) -> str:
    run = subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True)
    return run.stdout.strip()


def write(repo: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main holds a published report, and a branch `edit` with one more commit."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "units.yaml", root / "data" / "units.yaml")
    add_kinds(root)
    write(root, {
        f"data/{REPORT}/report.yaml": f"body: 某局\ntitle: 某局2023年工作报告\n{KIND}year: 2023\n",
        f"data/{REPORT}/figures.yaml": FIGURES,
        f"data/{REPORT}/rules.yaml": RULES,
        f"data/{REPORT}/published-values.yaml": RECORD,
        f"data/{REPORT}/corrections.yaml": "[]\n",
        f"data/{REPORT}/allowed-numbers.yaml": "- text: 2023年\n  reason: 报告年度\n",
        f"docs/{REPORT}/index.md": CHAPTER,
        f"docs/{REPORT}/appendix.md": "# 数据附录\n\n{{ data_appendix() }}\n",
        "mkdocs.yml": f"nav:\n  - 报告:\n      - {REPORT}/index.md\n      - {REPORT}/appendix.md\n",
    })
    assert check_project(root).errors == []
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "报告发布")
    git(root, "checkout", "-qb", "edit")
    figures = (FIGURES.replace("  value: 6\n", "  value: 7\n")            # no correction: cases-total fails
               .replace("  value: 12.5\n", "  value: 12.6\n")           # with its correction
               .replace("training.sessions:\n  label: 培训期数\n  value: 3\n  unit: 期\n", "")  # removed
               + "training.attendance:\n  label: 培训人次\n  value: 120\n  unit: 人次\n")  # added
    write(root, {
        f"data/{REPORT}/figures.yaml": figures,
        f"data/{REPORT}/corrections.yaml": CORRECTION,
        f"docs/{REPORT}/index.md": CHAPTER.replace("training.sessions", "training.attendance")
                                          .replace("举办培训", "培训"),
    })
    git(root, "commit", "-qam", "改数字")
    return root


def run(root: Path, ref: str | None, capsys: pytest.CaptureFixture[str],
        environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    code = diff.main(root, ref, environ or {})
    out, err = capsys.readouterr()
    return code, out, err


def test_the_diff_names_every_change_of_the_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(repo, "HEAD~1", capsys)
    assert (code, err) == (0, "")
    head = git(repo, "rev-parse", "HEAD~1")[:12]
    assert out.startswith(f"比较的版本：HEAD~1（{head}）；")
    assert "注意：现在的文件有" in out  # the figure added to a published report, the uncorrected change
    assert f"  {REPORT} cases.mediated（调解结案数）：6件 → 7件，在 data/{REPORT}/figures.yaml:5\n" \
           f"    没有更正记录：报告已经发布，改动已发布的数字要在 data/{REPORT}/corrections.yaml 中加一条更正" in out
    assert "    核对规则：cases-total（受理案件总数等于调解与裁决结案数之和）通过 → 不通过\n" \
           f"    引用于 docs/{REPORT}/index.md:3\n" in out
    assert f"  {REPORT} fund.amount（专项经费）：12.5万元 → 12.6万元，在 data/{REPORT}/figures.yaml:13\n" \
           f"    更正记录：data/{REPORT}/corrections.yaml:1" \
           "（12.5万元 → 12.6万元，2024-03-01：核对财务凭证时发现漏记一笔。）\n" \
           "    核对规则：没有核对规则\n" in out
    assert "新增的数字（1 个）：\n" \
           f"  {REPORT} training.attendance（培训人次）= 120人次，在 data/{REPORT}/figures.yaml:" in out
    assert "删除的数字（1 个）：\n" \
           f"  {REPORT} training.sessions（培训期数）= 3期，在 data/{REPORT}/figures.yaml:17；" \
           f"引用于 docs/{REPORT}/index.md:7" in out
    assert "核对规则的改变（1 条）：\n" \
           f"  {REPORT} cases-total（受理案件总数等于调解与裁决结案数之和）：通过 → 不通过，" \
           f"在 data/{REPORT}/rules.yaml:1" in out
    assert f"  docs/{REPORT}/index.md:3 改变：\n" \
           "    全年受理案件10件，其中调解结案[-6-]{+7+}件，裁决结案4件。\n" in out
    assert "投入专项经费[-12.5-]{+12.6+}万元。" in out
    assert "    [-举办-]培训[-3期-]{+120人次+}。\n" in out


def test_in_ci_the_same_goes_into_the_summary_as_tables(repo: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "summary.md"
    code, out, _ = run(repo, "HEAD~1", capsys, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 0
    assert out.startswith("::stop-commands::")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## 数字和正文的改变\n")
    t = github.text
    assert "| 报告 | 键 | 名称 | 改前 | 改后 | 更正记录 | 核对规则 | 引用于 |" in written
    assert f"| {t(REPORT)} | {t('cases.mediated')} | 调解结案数 | 6件 | 7件 | 没有更正记录" in written
    assert f"{t('cases-total')}：通过 → 不通过 |" in written
    assert f"| {t(REPORT)} | {t('cases-total')} | 受理案件总数等于调解与裁决结案数之和 | 通过 | 不通过 |" in written
    assert "### 新增的数字（1 个）" in written
    assert "### 删除的数字（1 个）" in written
    assert "其中调解结案<del>6</del><ins>7</ins>件" in written


def test_without_base_the_merge_base_with_main(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "main 上的另一个提交")
    git(repo, "checkout", "-q", "edit")
    code, out, _ = run(repo, None, capsys)
    assert code == 0
    base = git(repo, "merge-base", "main", "edit")
    assert out.startswith(f"比较的版本：main 分支与当前提交的合并基础（{base[:12]}）")
    assert "cases.mediated（调解结案数）：6件 → 7件" in out


def test_uncommitted_edits_count_and_no_change_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, "HEAD", capsys)
    assert code == 0
    assert out.rstrip().endswith("没有数字、核对规则或正文段落的改变。")
    page = repo / "docs" / REPORT / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    code, out, _ = run(repo, "HEAD", capsys)
    assert f"  docs/{REPORT}/index.md:9 新增：\n    新的一段。" in out


@pytest.mark.parametrize(("setup", "ref", "message"), [
    pytest.param("no-main", None, "这个仓库没有 main 分支，不知道从哪个版本比较起。请用 make diff BASE=", id="no-main"),
    pytest.param("none", "no-such-branch", "找不到要比较的版本“no-such-branch”。", id="unknown-ref"),
    pytest.param("none", "--output=x", "找不到要比较的版本“--output=x”。", id="option-as-ref"),
    pytest.param("not-git", None, "这个文件夹不是 git 仓库，没有可以比较的版本。", id="not-a-repository"),
])
def test_no_base_is_a_chinese_message(repo: Path, capsys: pytest.CaptureFixture[str], setup: str, ref: str | None,
                                      message: str) -> None:
    if setup == "no-main":
        git(repo, "branch", "-qD", "main")
    if setup == "not-git":
        shutil.rmtree(repo / ".git")
    code, out, err = run(repo, ref, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert not (repo / "x").exists()


def test_make_diff_passes_base_from_the_command_line(repo: Path) -> None:
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    env = {name: value for name, value in os.environ.items() if not name.startswith("GITHUB_")}
    made = subprocess.run(["make", "--no-print-directory", "diff", "READY=", f"BIN={Path(sys.executable).parent}",
                           "BASE=HEAD~1"], cwd=repo, env={**env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    assert "cases.mediated（调解结案数）：6件 → 7件" in made.stdout


def test_a_report_added_as_a_whole_is_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(repo / "data" / REPORT, repo / "data" / "sample-bureau" / "2024")
    shutil.copytree(repo / "docs" / REPORT, repo / "docs" / "sample-bureau" / "2024")
    code, out, _ = run(repo, "HEAD", capsys)
    assert code == 0
    assert "新增报告 sample-bureau/2024（某局2023年工作报告）：5 个数字、1 条核对规则、2 个页面，" \
           "全部是新内容，不逐项列出。" in out
    assert "docs/sample-bureau/2024/" not in out


def test_files_the_checks_refuse_stop_the_comparison(repo: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "outside.md").write_text("仓库之外的文件\n", encoding="utf-8")
    (repo / "docs" / REPORT / "leak.md").symlink_to(tmp_path / "outside.md")
    code, out, _ = run(repo, "HEAD", capsys)
    assert code == 1
    assert "现在的文件中有检查拒绝的文件（符号链接、设备文件或过大的文件），无法比较。运行 make check 查看。" in out


def test_a_figure_names_the_following_years_claims_about_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "checkout", "-q", "main")
    following = "sample-bureau/2024"
    shutil.copytree(repo / "data" / REPORT, repo / "data" / following)
    shutil.copytree(repo / "docs" / REPORT, repo / "docs" / following)
    for name in ("published-values.yaml", "corrections.yaml"):
        (repo / "data" / following / name).unlink()
    write(repo, {
        f"data/{following}/report.yaml": f"body: 某局\ntitle: 某局2024年工作报告\n{KIND}year: 2024\n"
                                         f"previous: {REPORT}\n",
        f"data/{following}/rules.yaml": RULES + "- id: cases-held\n  description: 受理案件与上年持平\n  change:\n"
                                        "    figure: cases.total\n    previous: cases.total\n    claim: 持平\n"
                                        "    quote: 全年受理案件\n",
        f"data/{following}/allowed-numbers.yaml": "- text: 2024年\n  reason: 报告年度\n",
    })
    nav = repo / "mkdocs.yml"  # its pages in the nav, as every report's
    nav.write_text(nav.read_text(encoding="utf-8") + f"  - 下一年度:\n      - {following}/index.md\n"
                   f"      - {following}/appendix.md\n", encoding="utf-8")
    page = repo / "docs" / following / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("2023年", "2024年"), encoding="utf-8")
    assert check_project(repo).errors == []
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "下一年度")
    figures = repo / "data" / REPORT / "figures.yaml"
    figures.write_text(FIGURES.replace("  value: 10\n", "  value: 9\n"), encoding="utf-8")
    code, out, _ = run(repo, "HEAD", capsys)
    assert code == 0
    assert f"  {REPORT} cases.total（受理案件总数）：10件 → 9件" in out
    assert "    核对规则：cases-total（受理案件总数等于调解与裁决结案数之和）通过 → 不通过；" \
           f"{following} cases-held（受理案件与上年持平）通过 → 不通过\n" in out
