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

_log = logging.getLogger("mkdocs.plugins.reports")


def define_env(env) -> None:
    checked = check_project(Path(env.project_dir), Path(env.conf["docs_dir"]))
    if checked.errors:
        raise PluginError(str(ReportErrors(checked.errors)))
    library = checked.library
    for outcome in checked.exceptions:
        rule = outcome.rule
        _log.info("核对例外（已声明，不影响发布）：%s：%s（%s）", rule.location, rule.id, rule.description)
    for outcome in checked.unverified:
        rule = outcome.rule
        _log.info("未核实（不影响发布）：%s：%s（%s）：%s", rule.location, rule.id, rule.description, outcome.mismatch)
    for notice in checked.notices:  # INFO, not WARNING: --strict would fail the build on a warning
        _log.info("%s", notice)

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
