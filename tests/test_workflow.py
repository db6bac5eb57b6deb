"""The GitHub Actions workflow and CODEOWNERS: pull requests cannot write or read secrets, actions
are pinned, only main deploys, maintainers own what runs code; zizmor finds nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.repo

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    run = subprocess.run([str(zizmor), "--offline", "--persona", "pedantic", str(WORKFLOW)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version_named() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text("utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), action


def test_pull_requests_get_a_read_only_token_and_no_secrets() -> None:
    flow = workflow()
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"] == {"branches": ["main"]}
    assert flow["permissions"] == {}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert "secrets." not in WORKFLOW.read_text("utf-8")
    checkout = flow["jobs"]["build"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False


def test_only_a_push_to_main_uploads_and_deploys() -> None:
    jobs = workflow()["jobs"]
    assert jobs["deploy"]["if"] == MAIN_PUSH
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    (upload,) = [step for step in jobs["build"]["steps"] if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["if"] == MAIN_PUSH
    assert [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]


def step_name(step: dict) -> str:
    return step.get("run") or step["uses"].split("@")[0]


def test_the_build_job_checks_first_then_diffs_tests_builds_and_uploads_a_preview() -> None:
    """The order editors rely on: the fast checks (annotations, summary) right after setting up,
    the figure diff for pull requests, the README's tests and build (with every report's PDF edition:
    make pdf, which fails rather than publish a site without them), then the pull request's preview."""
    steps = workflow()["jobs"]["build"]["steps"]
    assert [step_name(step) for step in steps] == [
        "actions/checkout", "actions/setup-python", "make check", "make diff", "bash .ci/run", "make pdf",
        "actions/upload-artifact", steps[7]["run"], "actions/upload-pages-artifact"]
    pull_request = "github.event_name == 'pull_request'"
    assert steps[3]["if"] == f"${{{{ !cancelled() && {pull_request} }}}}"  # also when the checks failed
    assert all("if" not in step for step in steps[4:6])
    assert [steps[6]["if"], steps[7]["if"]] == [pull_request, pull_request]
    assert "$GITHUB_STEP_SUMMARY" in steps[7]["run"]
    assert "site-preview" in steps[7]["run"]
    assert steps[7]["env"] == {"PREVIEW_URL": "${{ steps.preview.outputs.artifact-url }}"}


def test_pull_requests_fetch_the_history_the_diff_needs() -> None:
    checkout = workflow()["jobs"]["build"]["steps"][0]
    # '0' as a string: the number 0 is false in an expression, and `&& 0 || 1` would always be 1.
    assert checkout["with"]["fetch-depth"] == "${{ github.event_name == 'pull_request' && '0' || '1' }}"


def test_the_preview_is_an_artifact_kept_a_short_time() -> None:
    (upload,) = [step for step in workflow()["jobs"]["build"]["steps"]
                 if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["id"] == "preview"
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"] == "site"
    assert 1 <= upload["with"]["retention-days"] <= 14


def test_maintainers_own_what_runs_code_and_the_lock_file() -> None:
    owned = {line.split()[0] for line in (ROOT / ".github" / "CODEOWNERS").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    assert {"/mkdocs.yml", "/overrides/", "/macros/", "/tests/", "/.github/", "/.ci/", "/Makefile",
            "/pyproject.toml", "/requirements.lock"} <= owned
    # what editors change by themselves: the chapters, the figures, the report's metadata and terms
    assert not any(path.rstrip("/") in ("/docs", "/data", "/docs/**", "/data/**") or (path.endswith(".md") and
                   path.startswith("/docs/") and not path.endswith(("/appendix.md", "/print.md"))) or
                   path.endswith(("figures.yaml", "report.yaml", "terms.txt")) for path in owned)


def test_codeowners_covers_every_file_the_readme_gives_to_maintainers() -> None:
    """Each path of the README's 目录 table whose 谁来改 names 维护者 (maintained or reviewed) is a
    CODEOWNERS pattern, so that a pull request changing it waits for a maintainer."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## 目录", 1)[1].split("\n## ", 1)[0]
    paths = [path for row in table.splitlines() if row.startswith("| `") and "维护者" in row.split("|")[3]
             for path in re.findall(r"`([^`]+)`", row.split("|")[1])]
    assert len(paths) > 10
    owned = {line.split()[0] for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    targets = {path: "/" + path.replace("<报告>", "**") for path in paths}
    missing = sorted(path for path, target in targets.items()
                     if not any(target == pattern or (pattern.endswith("/") and target.startswith(pattern))
                                for pattern in owned))
    assert missing == []
