"""The only module that knows MkDocs and mkdocs-macros: loads and checks everything, then renders.

Everything is checked before the first page is rendered: all YAML, every page's template code and
every key it cites. Any problem stops the build with one Chinese message listing all of them, so
no page of an inconsistent report is ever written.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError

from . import fmt, listing
from .checks import check_project
from .errors import ReportErrors
from .pages import PAGE_MACROS
from .sandbox import PageSandbox


def define_env(env) -> None:
    checked = check_project(Path(env.project_dir), Path(env.conf["docs_dir"]))
    if checked.errors:
        raise PluginError(str(ReportErrors(checked.errors)))
    library = checked.library

    jieba.setLogLevel(logging.WARNING)  # its four lines of start-up chatter
    for report in library.reports:
        for term in report.terms:
            jieba.add_word(term)

    @env.macro
    def fig(key: str) -> str:
        """A figure of the page's report, in its published form."""
        report = library.report_for_page(env.page.file.src_uri)
        if report is None or key not in report.figures:
            raise PluginError(f"{env.page.file.src_uri}: 引用了不存在的数字“{key}”。")
        return fmt.html(report.figures[key])

    @env.macro
    def reports() -> str:
        """The home page's list of reports."""
        return listing.report_list(library)


def on_pre_page_macros(env) -> None:
    """Render pages in the sandbox (sandbox.py), which sees the page macros and nothing else.

    mkdocs-macros builds its plain Jinja environment after define_env, keeps it in the private
    `_env` and calls this hook before each page is rendered; tests/test_sandbox.py checks that the
    sandbox is the one used.
    """
    if not isinstance(env.env, PageSandbox):
        env._env = PageSandbox({name: env.macros[name] for name in ("fig", *PAGE_MACROS)})
