"""Editor aids: the checks from the command line, the pre-commit hooks that run them, and the
pull-request template's steps, which must name commands that exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, edit, make_targets

FIGURES = "data/dongli-emergency/2022/figures.yaml"


def check(project: Path) -> subprocess.CompletedProcess[str]:
    """`make check` as on an editor's computer, also when the tests themselves run on GitHub Actions."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GITHUB_")}
    return subprocess.run([sys.executable, "-m", "macros.commands.check"], cwd=project, capture_output=True, text=True,
                          check=False, env=env)


def test_the_check_command_passes_on_the_repository(project: Path) -> None:
    run = check(project)
    assert run.returncode == 0, run.stderr
    assert "检查通过：" in run.stdout
    assert "未核实（不影响发布）：enforcement-cases-down-on-previous-year" in run.stdout


def test_the_check_command_lists_every_problem_and_fails(project: Path) -> None:
    edit(project / FIGURES, "value: 955.61", "value: 955.61万元")
    edit(project / FIGURES, "  unit: 篇\n", "")
    run = check(project)
    assert run.returncode == 1
    assert run.stderr.startswith("发现 2 个问题：\n")
    assert f"{FIGURES}:14: 数据错误：“value”应为数字，实际是文字“955.61万元”。" in run.stderr


def test_pre_commit_hooks_run_commands_that_exist() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert set(hooks) == {"report-checks", "ruff"}
    assert hooks["report-checks"]["entry"].split()[-1] in make_targets()
    for path in (FIGURES, "docs/dongli-emergency/2022/index.md", "macros/rules.py", "mkdocs.yml"):
        assert re.search(hooks["report-checks"]["files"], path), path
    assert not re.search(hooks["report-checks"]["files"], "README.md")
    tool = hooks["ruff"]["entry"].split()[0]
    assert tool == ".venv/bin/ruff"  # the Makefile's environment; the lock pins ruff
    assert re.search(r"^ruff==", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.MULTILINE)


def test_the_pull_request_template_names_commands_that_exist() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`make (\w[\w-]*)`", template))
    assert named == {"check", "diff", "site", "serve"}
    assert named <= make_targets()
    assert "CONTRIBUTING.md" in template
