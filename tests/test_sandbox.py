"""The second wall: pages render in a sandbox that refuses every attack even when the page scan is bypassed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import TemplateError

from macros.guard.sandbox import PageSandbox
from tests.conftest import edit
from tests.hostile import files_containing

CHAPTER = "docs/dongli-emergency/2022/3-next-steps.md"


def fig(key: str) -> str:
    return f"<data>{key}</data>"


def reports() -> str:
    return "报告列表"


@pytest.fixture
def sandbox() -> PageSandbox:
    return PageSandbox({"fig": fig, "reports": reports})


def test_the_page_macros_render(sandbox: PageSandbox) -> None:
    page = sandbox.from_string('共{{ fig("a.b") }}；{{ reports() }}')
    assert page.render() == "共<data>a.b</data>；报告列表"


def test_variables_passed_by_the_caller_are_not_seen(sandbox: PageSandbox) -> None:
    """mkdocs-macros passes `config`, `page` and the front matter; a page sees none of them."""
    page = sandbox.from_string('{{ fig("a.b") }}')
    assert page.render(fig=lambda key: "999", config={"secret": 1}) == "<data>a.b</data>"
    with pytest.raises(TemplateError):
        sandbox.from_string("{{ config }}").render(config={"secret": 1})


@pytest.mark.parametrize("attack", [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.environ }}",
    "{{ lipsum.__globals__ }}",
    "{{ config }}", "{{ environment }}", "{{ plugin }}", "{{ git }}", "{{ macros_info() }}",
    "{{ now() }}", "{{ context() }}", "{{ page.meta }}",
    "{{ range(10) }}", "{{ dict(a=1) }}", "{{ namespace() }}", "{{ joiner() }}",
    "{{ fig.__globals__ }}", "{{ fig['__globals__'] }}", "{{ fig.__module__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ '{0.__class__}'.format(fig) }}",
    "{% set _ = figures.x.update({'value': 1}) %}", "{{ {}.update(a=1) }}",
    "{{ 'a'|upper }}", "{{ fig|attr('__globals__') }}", "{{ 1 is odd }}",
    '{% include "index.md" %}', '{% import "index.md" as page %}', '{% extends "index.md" %}',
    "{{ 'x' * 1000000000 }}", "{{ 9 ** 999999 }}", "{{ -1 }}",
    "{{ fig(fig) }}", "{{ fig(key='a') }}", "{{ fig(1) }}", "{{ fig(*'ab') }}",
    "{% for a in 'xxxxxxxxxx' %}{% for b in 'xxxxxxxxxx' %}{{ fig('k') }}{% endfor %}{% endfor %}",
    "{% macro m() %}{% endmacro %}", "{% set fig = reports %}", "{{ fig('a') if fig else 'b' }}",
])
def test_the_sandbox_refuses(sandbox: PageSandbox, attack: str) -> None:
    with pytest.raises((TemplateError, TypeError)):
        sandbox.from_string(attack).render(config={"secret": 1}, figures={"x": {}})


BYPASSED_SCAN = """
import sys
import macros.load.pages as pages
scan = pages._scan
pages._scan = lambda *args: (scan(*args)[0], [], [], [])
from mkdocs.__main__ import cli
cli(["build", "--strict", "--site-dir", sys.argv[1]])
"""


@pytest.mark.site
@pytest.mark.parametrize("attack", [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ config.site_name }}PWNED",
    "{% set _ = fig.__globals__.update({'PWNED': 1}) %}",
])
def test_a_build_with_the_page_scan_switched_off_is_still_refused(project: Path, attack: str) -> None:
    # a paragraph of its own: the published text's paragraphs stay whole, so only the scan could refuse it
    edit(project / CHAPTER, "夯实依法行政的基础。", f"夯实依法行政的基础。\n\n{attack}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", BYPASSED_SCAN, str(project / "site")], cwd=project, env=env,
                         capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "不允许的模板代码" not in output  # the scan was off: the sandbox refused it
    assert "Macro Rendering Error" in output  # in Jinja, after pages.expand left it alone
    assert not (project / "PWNED").exists()
    assert files_containing(project / "site", "PWNED") == []


@pytest.mark.parametrize(("path", "macro"), [
    pytest.param(CHAPTER, "printable_copy", id="printable-copy-in-chapter"),
    pytest.param("docs/index.md", "report_meta", id="report-meta-on-home-page"),
    pytest.param(CHAPTER, "reports", id="reports-in-chapter"),
])
def test_a_page_macro_off_its_page_fails_the_build_with_the_scan_switched_off(project: Path, path: str,
                                                                               macro: str) -> None:
    """The printable copy in a chapter would copy itself without end (a RecursionError once)."""
    text = (project / path).read_text("utf-8")
    (project / path).write_text(text + f"\n{{{{ {macro}() }}}}\n", "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", BYPASSED_SCAN, str(project / "site")], cwd=project, env=env,
                         capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert f"这个页面不能用 {{{{ {macro}() }}}}" in output
    assert "RecursionError" not in output


def test_a_period_macro_without_a_period_fails_the_build_with_the_scan_switched_off(project: Path) -> None:
    """The real report's report.yaml gives no period: the build says so, naming the page, not a traceback."""
    report = "dongli-emergency/2022"
    assert "period_start" not in (project / "data" / report / "report.yaml").read_text("utf-8")
    text = (project / CHAPTER).read_text("utf-8")
    (project / CHAPTER).write_text(text + "\n{{ period() }}\n", "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", BYPASSED_SCAN, str(project / "site")], cwd=project, env=env,
                         capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    page = CHAPTER.removeprefix("docs/")
    assert f"{page}: data/{report}/report.yaml 没有写统计期限，不能用 {{{{ period() }}}}。" in output
    assert "Traceback" not in output
