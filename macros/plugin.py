"""The only module that knows MkDocs and mkdocs-macros: loads and checks everything, then renders.

Everything is checked before the first page is rendered: all YAML, every page's template code and
every key it cites. Any problem stops the build with one Chinese message listing all of them, so
no page of an inconsistent report is ever written.

The live preview (`make serve`, on_serve below) shows the same list in the browser. When a rebuild
fails, the served site is replaced by one problem page, written at the address of every page the
last good build had, and the rebuild then ends as a good one does: the browsers reload, whatever
page the editor is looking at becomes the list, and the next good build turns it back into the
page. This is MkDocs' own reload doing all the work, with plain pages and no script but the reload.
(The other way, a reload script that fetches a file of problems and draws them over the old page,
needs a second script and a page that keeps showing a report that no longer builds; and MkDocs'
server, left alone, answers no request at all after a failed rebuild: it waits for a good one.) The
first build of `mkdocs serve` has no server yet: MkDocs stops on it with the same list and a Chinese
last line, and `make serve` exits with an error (tests/test_serve.py).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections import Counter
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils import get_relative_url

from .check.project import Checked, check_project
from .guard.sandbox import PageSandbox
from .load.pages import PAGE_MACROS, PERIOD_MACROS, expand, macro_page
from .model.errors import ReportErrors
from .model.report import Report
from .render import frame, lineage, notices, opendata, preview, search, tables
from .render.generated import Generated
from .render.printable import PDF_VARIABLE

_log = logging.getLogger("mkdocs.plugins.reports")
_TEMPLATE_CODE = re.compile(r"\{\{|\{%|\{#")
# A figure's place in the Markdown until Python-Markdown is done with the page (on_page_content): two
# private-use characters around its number, which Markdown passes through as text.
_TOKEN = re.compile("\ue000([0-9]+)\ue001")
# Lines where a figure's HTML must be in the Markdown itself, as before: headings (Markdown makes their
# ids and the table of contents from their text), code (which shows the HTML as text), raw HTML, and
# lines indented enough to be code. A page with any such figure, or with a code fence, keeps every
# figure's HTML in its Markdown.
_TOKEN_UNSAFE = re.compile("^(?:#|=+ *$|-+ *$|\t| {4}).*|^.*[`<].*$", re.MULTILINE)
# The HTML block of a page macro or a table, alike until Markdown is done: a paragraph of its own, which
# Markdown makes <p>token</p>, replaced by the block as Markdown would have passed it through.
_BLOCK = re.compile("\ue002([0-9]+)\ue003")
_BLOCK_PARAGRAPH = re.compile("<p>\ue002([0-9]+)\ue003</p>")
# A paragraph of HTML Markdown passes through as it is: it opens with a block-level element and closes
# one. Only in what the program writes (the page macros and tables) and never where code may be (the
# printable copy holds the chapters' Markdown: a code block shows HTML as text).
_HTML_PARAGRAPH = re.compile(
    r"<(div|table|ul|ol|dl|section|figure|details|nav|aside|p|h[1-6]|blockquote)[\s>].*</\1>", re.DOTALL)
_CODE = re.compile(r"```|~~~|^(?: {4}|\t)", re.MULTILINE)

# MkDocs ends a failed build with one English line of its own ("Aborted with a BuildError!"),
# printed by click after the Chinese list of problems: it is said in Chinese instead.
_ABORTED = (
    (re.compile(r"Aborted with a BuildError!"), "网站未生成：请按上面列出的问题修改后重试。"),
    (re.compile(r"Aborted with (\d+) warnings? in strict mode!"), r"网站未生成：有 \1 个警告，请按提示修改。"),
    (re.compile(r"Aborted with a configuration error!"), "网站未生成：mkdocs.yml 有错误，请维护者按上面的提示修改。"),
)
_english_abort = Abort.format_message


def _chinese_abort(self: Abort) -> str:
    message = _english_abort(self)
    for pattern, said in _ABORTED:
        if pattern.fullmatch(message):
            return pattern.sub(said, message)
    return message


Abort.format_message = _chinese_abort  # type: ignore[method-assign,assignment]  # click calls it to print the line


def define_env(env) -> None:
    root, docs = Path(env.project_dir), Path(env.conf["docs_dir"])
    checked = check_project(root, docs, cached=True)
    if checked.errors:
        raise PluginError(str(ReportErrors(checked.errors)))
    catalog = checked.catalog
    for outcome in checked.exceptions:
        rule = outcome.rule
        _log.info("核对例外（已声明，不影响发布）：%s：%s（%s）", rule.location, rule.id, rule.description)
    for outcome in checked.unverified:
        rule = outcome.rule
        _log.info("未核实（不影响发布）：%s：%s（%s）：%s", rule.location, rule.id, rule.description, outcome.mismatch)
    for notice in checked.notices:  # INFO, not WARNING: --strict would fail the build on a warning
        _log.info("%s", notice)
    env._reports = checked  # for the page and build hooks below
    # `make site` sets REPORT_PDF=1 when it will print each report's PDF edition after the build
    # (commands/build.py, commands/pdf.py): the reports' first pages then link to it.
    generated = Generated(checked, docs, pdf=os.environ.get(PDF_VARIABLE) == "1")
    env._generated = generated
    # The site's identity for the footer (overrides/partials/copyright.html): escaped HTML, or "".
    env.conf["extra"]["site_identity"] = frame.identity(checked.site)
    numbered: dict[str, Counter[str]] = {}  # the page being rendered: how often it cited each key so far
    link = partial(href, env)

    def this_report() -> Report:
        report = catalog.report_for_page(env.page.file.src_uri)
        if report is None:
            raise PluginError(f"{env.page.file.src_uri}: 这个页面不在任何报告的文件夹里，不能使用报告的宏。")
        return report

    def anchor(key: str) -> str:
        """The id of this citation of `key` on the page being rendered: citations are numbered from 1
        on each page, in reading order, as lineage.places numbers them."""
        page = env.page.file.src_uri
        if page not in numbered:
            numbered.clear()
            numbered[page] = Counter()
        numbered[page][key] += 1
        return lineage.citation_anchor(key, numbered[page][key])

    @env.macro
    def fig(key: str) -> str:
        """A figure of the page's report, in its published form, linked to its appendix entry."""
        page = env.page.file.src_uri
        report = catalog.report_for_page(page)
        if report is None or key not in report.figures:
            raise PluginError(f"{page}: 引用了不存在的数字“{key}”。")
        return lineage.cited(report.figures[key], link(lineage.entry(report, key)), anchor(key))

    @env.macro
    def table(table_id: str) -> str:
        """A table of the page's report, each cell with a number linked to its appendix entry."""
        report = this_report()
        if report.kind is None or table_id not in report.kind.tables:
            raise PluginError(f"{env.page.file.src_uri}: 报告类别没有编号为“{table_id}”的表。")
        return generated.table(report, table_id, tables.cell_link(lambda key: link(lineage.entry(report, key)), anchor))

    # The page macros: their bodies are render/generated.py's, which the benchmark's twin shares.
    env.macro(generated.reports, "reports")
    env.macro(lambda: generated.correction_log(link), "correction_log")
    env.macro(lambda: generated.report_meta(this_report(), link), "report_meta")
    env.macro(lambda: generated.data_appendix(this_report(), link), "data_appendix")

    def period(name: str) -> str:
        """A period macro: the report's period in its words (the page scan made sure it has one)."""
        report = this_report()
        text = generated.stated(report, name)
        if text is None:
            raise PluginError(f"{env.page.file.src_uri}: data/{report.id}/report.yaml 没有写统计期限，"
                              f"不能用 {{{{ {name}() }}}}。\n    怎么改：在 data/{report.id}/report.yaml 中写上"
                              " period_start 和 period_end，或删除这一处。")
        return text

    for name in PERIOD_MACROS:
        env.macro(partial(period, name), name)

    @env.macro
    def printable_copy() -> str:
        """The page's report on one page, for printing."""
        report = this_report()
        env.page.meta["search"] = {"exclude": True}  # not in the search index: the chapters are indexed already
        return generated.printable_copy(report, link, _nav_pages(env))


def _nav_pages(env) -> list[str]:
    """The site's pages in nav order (paths under docs/): listed once per build, not once for each page."""
    navigation = env.variables["navigation"]
    listed = getattr(env, "_nav_pages", None)
    if listed is None or listed[0] is not navigation:
        env._nav_pages = (navigation, [page.file.src_uri for page in navigation.pages])
    return env._nav_pages[1]


def href(env, target: str) -> str:
    """A page under docs/ (`x/y.md#anchor`) or a file of the built site, as a URL from the current page."""
    path, _, anchor = target.partition("#")
    url = path
    if path.endswith(".md"):
        file = env.variables["files"].get_file_from_path(path)
        if file is None:
            raise PluginError(f"{env.page.file.src_uri}: 要链接的页面 docs/{path} 不存在。"
                              f"\n    怎么改：每份报告需要数据附录页和打印页，参照现有报告建立 docs/{path}。")
        url = file.url
    if url == env.page.url and anchor:
        return f"#{anchor}"
    relative = get_relative_url(url, env.page.url)
    return f"{relative}#{anchor}" if anchor else relative


def on_post_page_macros(env) -> None:
    """A page citing a corrected figure says so below its title. Around a report's page and the
    corrections page, the theme shows what render/frame.py makes (overrides/main.html), passed in the
    page's meta."""
    checked: Checked = env._reports
    page = env.page.file.src_uri
    report = checked.catalog.report_for_page(page)
    if report is None:
        if page == macro_page("correction_log", None):
            env.page.meta["report_frame"] = {"before": "", "after": frame.feedback(checked.site, None)}
        return
    before, after = env._generated.page_frame(report, page, partial(href, env), _nav_pages(env))
    env.page.meta["report_frame"] = {"before": before, "after": after}
    keys = {c.key for c in checked.citations_by_page.get(env.page.file.src_uri, ())}
    notice = notices.notice(report, keys, checked.corrections[report.id], partial(href, env))
    env.markdown = notices.with_notice(env.markdown, notice)


def on_post_build(env) -> None:
    """Each report's open data, beside its pages in the built site; the search index (render/search.py)."""
    checked: Checked = env._reports
    site = Path(env.conf["site_dir"])
    for report in checked.catalog.reports:
        opendata.write_downloads(report, site / report.id)
    pages = []
    for page in env.variables["navigation"].pages:
        if (page.meta.get("search") or {}).get("exclude"):
            continue
        owner = checked.catalog.report_for_page(page.file.src_uri)
        pages.append(search.Page(html=Path(page.file.abs_dest_path), url=page.url, title=page.title or "",
                                 report=owner.id if owner else ""))
    search.write_index(site, pages, (term for report in checked.catalog.reports for term in report.terms))


def _page_macro(env, name: str) -> str:
    """A page macro, called on the page it belongs on (the page scan refused it anywhere else), or a
    period macro."""
    page = env.page.file.src_uri
    report = env._reports.catalog.report_for_page(page)
    if name in PAGE_MACROS and macro_page(name, report.id if report else None) != page:
        raise PluginError(f"{page}: 这个页面不能用 {{{{ {name}() }}}}。")
    return env.macros[name]()


def on_pre_page_macros(env) -> None:
    """Expand the page's checked macro calls, and render what is left in the sandbox (sandbox.py),
    which sees the macros (fig, the page macros, the period macros) and nothing else.

    Every page passed the scan (pages.py) before the build began, so its template code is exactly
    `fig("key")` calls, page macros and period macros: calling them here, in reading order, gives
    what Jinja would, without compiling each page as a template (the data layer's main cost per
    page). Jinja then renders text with no template code left, in the sandbox all the same, in case
    anything ever slipped past the scan; a page with nothing left is not handed to Jinja at all.
    mkdocs-macros builds its plain Jinja environment after define_env and keeps it in the private
    `_env`; tests/test_sandbox.py checks that the sandbox is the one used.
    """
    if not isinstance(env.env, PageSandbox):
        env._env = PageSandbox({name: env.macros[name] for name in ("fig", "table", *PAGE_MACROS, *PERIOD_MACROS)})
    figures: list[str] = []  # the HTML of each figure cited, in reading order
    blocks: list[str] = []  # the HTML of each page macro's block and each table, in reading order

    def figure(key: str) -> str:
        figures.append(env.macros["fig"](key))
        return f"\ue000{len(figures) - 1}\ue001"

    def macro(name: str) -> str:
        text = _page_macro(env, name)
        return html_blocks(text, blocks) if name in PAGE_MACROS else text

    markdown = expand(env.markdown, figure, macro, lambda table_id: html_blocks(env.macros["table"](table_id), blocks))
    if figures and not _tokens_safe(markdown):
        markdown = _TOKEN.sub(lambda token: figures[int(token.group(1))], markdown)
        figures = []
    if blocks and not _blocks_alone(markdown):
        markdown = _BLOCK.sub(lambda token: blocks[int(token.group(1))], markdown)
        blocks = []
    env.page._figures, env.page._blocks = figures, blocks  # for on_page_content, after Markdown
    env.markdown = markdown
    if not _TEMPLATE_CODE.search(env.markdown):
        # Nothing is left for Jinja: tell mkdocs-macros not to compile the page (its main cost).
        env.variables["page"].meta["render_macros"] = False


def _tokens_safe(markdown: str) -> bool:
    """Whether every figure's token is in plain running text (a paragraph, a list item, a table cell):
    where Markdown passes it through as it would pass the figure's inline HTML."""
    if "```" in markdown or "~~~" in markdown:
        return False
    return not any(_TOKEN.search(line.group(0)) for line in _TOKEN_UNSAFE.finditer(markdown)) \
        and not any(_TOKEN.search(line) and next_line.strip(" ").strip("=-") == "" and next_line.strip()
                    for line, next_line in zip(markdown.split("\n"), markdown.split("\n")[1:], strict=False))


def html_blocks(text: str, blocks: list[str]) -> str:
    """What the program wrote for a page, each paragraph of HTML in it as a token, its HTML added to
    `blocks`; text that may hold code is left as it is."""
    if _CODE.search(text):
        return text

    def block(html: str) -> str:
        blocks.append(html)
        return f"\ue002{len(blocks) - 1}\ue003"

    return "\n\n".join(block(part) if _HTML_PARAGRAPH.fullmatch(part) else part for part in text.split("\n\n"))


def put_blocks(html: str, blocks: list[str]) -> str:
    """The page's HTML, from Markdown, with each block's HTML where its token is, as Markdown would
    have given it: a paragraph of its own is followed by a blank line but at the page's end; a token
    inside another block of HTML, which Markdown passed through, is put back as it is."""
    end = len(html)
    html = _BLOCK_PARAGRAPH.sub(lambda token: blocks[int(token.group(1))] + ("\n" if token.end() < end else ""), html)
    return _BLOCK.sub(lambda token: blocks[int(token.group(1))], html)


def _blocks_alone(markdown: str) -> bool:
    """Whether every block's token is a paragraph of its own: alone on its line, not indented, with a
    blank line (or the page's start or end) before and after, where Markdown makes it <p>token</p>."""
    lines = markdown.split("\n")
    for at, line in enumerate(lines):
        if _BLOCK.search(line) and not (
            _BLOCK.fullmatch(line) and (at == 0 or not lines[at - 1].strip())
            and (at == len(lines) - 1 or not lines[at + 1].strip())
        ):
            return False
    return True


def on_page_content(html: str, page, config, files) -> str:
    """MkDocs' hook (through hooks.py), after Markdown: each figure's HTML where its token is, each
    block's where its paragraph is.

    Markdown gives a figure's inline HTML and a block of HTML back as they were written; putting them
    in after Markdown instead spares Python-Markdown parsing every tag of them (its raw HTML handling
    is the data layer's main cost per page), for the same page, byte for byte."""
    figures: list[str] = getattr(page, "_figures", [])
    blocks: list[str] = getattr(page, "_blocks", [])
    page._figures, page._blocks = [], []
    if blocks:
        html = put_blocks(html, blocks)
    if figures:
        html = _TOKEN.sub(lambda token: figures[int(token.group(1))], html)
    return html


def on_serve(server, config, builder):
    """`mkdocs serve` (MkDocs' hook, through hooks.py), after its first build: the served pages
    reload under the site's Content-Security-Policy, and a failed rebuild shows its problems.

    MkDocs writes its reload script inline into each page it serves, where the policy, which runs no
    inline script, blocks it; here each page gets the same script as a file of the preview instead
    (render/preview.js), so the published site is as strict as ever and holds no reload script.
    The two replaced are the server's (MkDocs 1.6.1's and ProperDocs 1.6.7's LiveReloadServer, not
    a documented interface): tests/test_serve.py runs a real preview and fails if they change.
    """
    served = _Preview(server, builder, Path(config["site_dir"]), urlsplit(config["site_url"]).path)
    server._inject_js_into_html = served.with_script  # MkDocs' own does `self._inject_js_into_html(page, epoch)`
    server.builder = served.rebuild  # MkDocs' loop calls `self.builder()` after each change
    return server


class _Preview:
    """The site being served: its pages' addresses after the last good build, and its rebuilds."""

    def __init__(self, server, builder, site: Path, base: str) -> None:
        self.builder, self.site, self.base = builder, site, base
        # The engine's logger (mkdocs, or properdocs), whose handler shows the editor every line.
        self.logger = logging.getLogger(type(server).__module__.split(".")[0])
        self.pages = _pages(site)
        preview.write_files(site)

    def with_script(self, page: bytes, epoch: int) -> bytes:
        """A served page with the reload script's element, where MkDocs puts its own: before </body>."""
        end = page.rfind(b"</body>")
        end = len(page) if end < 0 else end
        return page[:end] + preview.script(self.base, epoch).encode() + page[end:]

    def rebuild(self) -> None:
        """A rebuild that, when it fails, shows its problems at every address instead of leaving the
        server waiting for a good build; either way the browsers then reload."""
        said = _Said()
        self.logger.addHandler(said)
        try:
            self.builder()
        except (Exception, SystemExit) as error:  # MkDocs' Abort is both; mkdocs-macros may exit()
            failure: BaseException | None = error
        else:
            failure = None
        finally:
            self.logger.removeHandler(said)
        if failure is None:
            self.pages = _pages(self.site)
            return
        problems = said.problems
        if not isinstance(failure, SystemExit):  # not a failure MkDocs has told: an error in the program
            _log.error("生成网站时程序出错（不是报告的问题），请把下面的信息告诉维护者：", exc_info=failure)
            problems.append(f"生成网站时程序出错（不是报告的问题），请告诉维护者：{type(failure).__name__}: {failure}")
        self._show(problems or ["网站未生成，原因见运行 make serve 的终端。"])
        _log.error("网站未生成：请按上面列出的问题修改。浏览器中的预览页面也列出了这些问题，改好保存后自动刷新。")

    def _show(self, problems: list[str]) -> None:
        """The problem page at the address of every page of the last good site, and as its 404 page."""
        for entry in self.site.iterdir():
            if entry.name.startswith("."):  # the preview's files, which MkDocs' cleaning keeps too
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        page = preview.problem_page(problems, self.base)
        for address in {*self.pages, "404.html"}:
            (self.site / address).parent.mkdir(parents=True, exist_ok=True)
            (self.site / address).write_text(page, encoding="utf-8")


class _Said(logging.Handler):
    """What the build said at WARNING and above, in the build's own thread (not the server's request
    lines): the problems, as the terminal shows them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.problems.append(record.getMessage())


def _pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
