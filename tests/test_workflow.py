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


def test_the_build_job_runs_the_tests_and_the_site_build_of_the_readme() -> None:
    runs = [step["run"] for step in workflow()["jobs"]["build"]["steps"] if "run" in step]
    assert runs == ["bash .ci/run", "make site"]


def test_maintainers_own_what_runs_code_and_the_lock_file() -> None:
    owned = {line.split()[0] for line in (ROOT / ".github" / "CODEOWNERS").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    assert {"/mkdocs.yml", "/overrides/", "/macros/", "/tests/", "/.github/", "/.ci/", "/Makefile",
            "/pyproject.toml", "/requirements.lock"} <= owned
    assert not any(path.startswith(("/docs", "/data/**/figures")) for path in owned)
