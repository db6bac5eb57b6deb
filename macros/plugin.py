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
last line, and `make serve` exits with an error (tests/test_serve.py). `make serve` runs `mkdocs serve
--dirty`, whose rebuilds render again only the pages a change touches (_Incremental below).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import clean_directory, get_relative_url

from .check.project import Checked, check_project
from .guard.sandbox import PageSandbox
from .load.pages import PAGE_MACROS, PERIOD_MACROS, expand, macro_page
from .model.errors import ReportErrors
from .model.report import Report
from .render import dependencies, frame, lineage, notices, opendata, preview, search, tables
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
    if _incremental is not None:
        _incremental.checked = checked
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
        files = env.variables["files"]
        # The page's path as it is a key of the site's files (get_file_from_path first makes it a
        # PurePath, most of the time of the ~60 links a page of figures has), else as MkDocs reads it.
        file = files.src_uris.get(path) or files.get_file_from_path(path)
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
    """Each report's open data, beside its pages in the built site; the search index (render/search.py).
    A rebuild of the live preview that renders only some pages writes the open data of the reports
    whose data changed, and leaves the search index as the last whole build wrote it (_Incremental)."""
    checked: Checked = env._reports
    site = Path(env.conf["site_dir"])
    serving = _incremental
    for report in checked.catalog.reports:
        if serving is None or serving.changed(report):
            opendata.write_downloads(report, site / report.id)
    navigation = env.variables["navigation"]
    if serving is None or serving.whole:
        pages = []
        for page in navigation.pages:
            if _indexed(page):
                owner = checked.catalog.report_for_page(page.file.src_uri)
                pages.append(search.Page(blocks=_search_blocks(page), url=page.url, title=page.title or "",
                                         report=owner.id if owner else ""))
        search.write_index(site, pages, (term for report in checked.catalog.reports for term in report.terms))
    if serving is not None:
        serving.built(navigation.pages)


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


def on_post_page(output: str, page, config) -> str:
    """MkDocs' hook (through hooks.py), with each page's HTML as it will be written (hooks come after
    the plugins): the blocks of text the search index holds (render/search.py), read here instead of
    from the written file. The live preview's rebuilds of some pages write no index (_Incremental)."""
    if (_incremental is None or _incremental.whole) and _indexed(page):
        page._search_blocks = search.blocks(output)
    return output


def _search_blocks(page) -> list[search.Block]:
    """The page's blocks of text as on_post_page read them; a page this build did not render (`mkdocs
    build --dirty`) as its file was written before, or none if it has no file."""
    blocks = getattr(page, "_search_blocks", None)
    if blocks is None:
        written = Path(page.file.abs_dest_path)
        blocks = search.blocks(written.read_text(encoding="utf-8")) if written.is_file() else []
    return blocks


def _indexed(page) -> bool:
    """Whether the page is in the search index: the print pages are not (the chapters are)."""
    return not (page.meta.get("search") or {}).get("exclude")


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


def on_startup(command: str, dirty: bool) -> None:
    """MkDocs' hook (through hooks.py), once, before the first build: `mkdocs serve --dirty` (as
    `make serve` runs it) rebuilds only what each change touches (_Incremental)."""
    global _incremental
    _incremental = _Incremental() if command == "serve" and dirty else None
    if _incremental is not None:
        for engine in ("mkdocs", "properdocs"):
            logging.getLogger(f"{engine}.commands.build").addFilter(_DIRTY)


def on_files(files, config):
    """MkDocs' hook (through hooks.py): in the live preview, which pages this build renders."""
    if _incremental is not None:
        _incremental.choose(files, config)
    return files


def on_nav(nav, config, files):
    """MkDocs' hook (through hooks.py): in the live preview, the pages left alone keep their titles."""
    if _incremental is not None:
        _incremental.keep(nav.pages)
    return nav


def on_env(env, config, files):
    """MkDocs' hook (through hooks.py): in the live preview, the theme's templates compiled once."""
    if _incremental is not None:
        env.bytecode_cache = _incremental.compiled
    return env


class _Compiled(BytecodeCache):
    """The theme's templates as Jinja compiled them, kept from build to build of the live preview
    (MkDocs makes a new Jinja environment for every build, which compiles every template again);
    Jinja compiles a template again when its source is not the one compiled."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _DirtyBuild(logging.Filter):
    """MkDocs' warning on every `--dirty` build, that the navigation and links of the site may be
    wrong: not so here (_Incremental). Not said, and not counted as the warning that fails a strict
    build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


_DIRTY = _DirtyBuild()


@dataclass(frozen=True)
class _Built:
    """What a good build of the live preview was made from, and the titles and meta its pages had."""

    shared: str  # the digest of what the whole site shares
    pages: dict[str, str]  # each page's digest (render/dependencies.py), by its path under docs/
    reports: dict[str, str]  # each report's digest, by id: its open data is made from it
    shown: dict[str, tuple[str | None, dict]]  # each page's title and meta, by its path under docs/


class _Incremental:
    """The live preview's rebuilds (`mkdocs serve --dirty`): only the pages whose inputs changed since
    the last good build are rendered and written again; every check still runs on the whole project.

    MkDocs' own `--dirty` renders a page again when its Markdown file is newer than its HTML: it knows
    nothing of the data the page's figures come from, and the pages it renders show the others in the
    navigation by their file names. Here each page's digest (render/dependencies.py) says what it is
    made from, and a page is modified exactly when its digest changed; the pages left alone keep the
    title and meta of the last build (the navigation reads them), and so do the theme's 404 page and
    sitemap, which show nothing else of the pages. The whole site
    is rendered, into its emptied folder as a clean build does, on the first build, after a failed one
    (whose problem page replaced every page), and when anything all pages share changed. A page
    rendered again with a new title (which the navigation of the pages left alone shows) makes the
    build be done again whole (`again`). The open data of the reports whose data changed is written
    again; the search index is written by whole builds only (reading every page again would take
    longer than rendering the pages a change touches): until the next, the preview's search finds
    the text of the last whole build.
    """

    def __init__(self) -> None:
        self.checked: Checked | None = None  # this build's checks (define_env)
        self.last: _Built | None = None  # the last good build
        self.dirty: set[str] | None = None  # this build's pages rendered again; None: every page
        self.next: _Built | None = None  # this build, once it is good
        self.again = False  # this build gave a page a new title: the site is rebuilt whole
        self.compiled = _Compiled()

    def forget(self) -> None:
        """After a failed build: the next one renders every page."""
        self.last = None

    def choose(self, files, config) -> None:
        """Which of this build's pages are rendered again: MkDocs asks each page's `is_modified`."""
        assert self.checked is not None, "define_env runs before MkDocs lists the files"
        # The first build's configuration file is as the command line named it; the rebuilds' is absolute.
        configuration = Path(config.config_file_path).resolve()
        root, docs = configuration.parent, Path(config.docs_dir).resolve()
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        sources = {file.src_uri: Path(file.abs_src_path).read_text(encoding="utf-8") for file in pages}
        theme = config.theme.custom_dir
        shared = dependencies.digest([
            dependencies.files_digest([
                *_configuration(configuration),
                *(sorted(path for path in Path(theme).resolve().rglob("*") if path.is_file()) if theme else []),
                *sorted(path for path in docs.rglob("*") if path.is_file() and path.suffix != ".md"),
                *dependencies.site_data_files(root / "data", self.checked.catalog),
            ]),
            os.environ.get(PDF_VARIABLE, ""),
        ])
        reports = dependencies.report_digests(self.checked)
        digests = dependencies.page_digests(self.checked, sources, shared, reports)
        last = self.last
        if last is None or last.shared != shared or last.pages.keys() != digests.keys():
            clean_directory(config.site_dir)
            self.dirty = None
        else:
            self.dirty = {page for page, made in digests.items() if last.pages[page] != made}
            # The theme's pages of no page (404.html, sitemap.xml) show the nav, the pages' titles and
            # addresses and what all pages share: as the last build wrote them.
            config.theme.static_templates.clear()
        for file in pages:
            changed = self.dirty is None or file.src_uri in self.dirty
            file.is_modified = (lambda: True) if changed else (lambda: False)
        self.next = _Built(shared, digests, reports, {})

    def keep(self, pages) -> None:
        """The pages left alone keep the title and meta they had (MkDocs reads them when it renders)."""
        if self.dirty is None or self.last is None:
            return
        for page in pages:
            shown = self.last.shown.get(page.file.src_uri)
            if page.file.src_uri not in self.dirty and shown is not None:
                page.title, page.meta = shown

    @property
    def whole(self) -> bool:
        """Whether this build renders every page."""
        return self.dirty is None

    def changed(self, report: Report) -> bool:
        """Whether the report's data changed since the last good build (on a whole build: yes)."""
        return (self.whole or self.last is None or self.next is None
                or self.last.reports.get(report.id) != self.next.reports.get(report.id))

    def built(self, pages) -> None:
        """The build went through: what it was made from, for the next one."""
        assert self.next is not None, "on_files runs before the build ends"
        shown = {page.file.src_uri: (page.title, page.meta) for page in pages}
        last, self.last = self.last, _Built(self.next.shared, self.next.pages, self.next.reports, shown)
        if self.dirty is not None and last is not None and any(
                shown.get(page, (None,))[0] != last.shown.get(page, (None,))[0] for page in self.dirty):
            self.again, self.last = True, None


def _configuration(path: Path) -> list[Path]:
    """The configuration file and those it inherits (`INHERIT:`), as MkDocs reads them."""
    chain = [path]
    while (inherits := _INHERIT.search(chain[-1].read_text(encoding="utf-8"))) and len(chain) < 10:
        chain.append((chain[-1].parent / inherits.group("path")).resolve())
    return chain


_INHERIT = re.compile(r"""^INHERIT:[ \t]*(["']?)(?P<path>[^"'#\n]*?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)
# The live preview's incremental rebuilds (`mkdocs serve --dirty`, on_startup), or None.
_incremental: _Incremental | None = None


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
        server waiting for a good build; either way the browsers then reload. A rebuild of only some
        pages that gave one of them a new title is done again whole (_Incremental), before the reload."""
        failure, problems = self._build()
        serving = _incremental
        if failure is None and serving is not None and serving.again:
            serving.again = False
            failure, problems = self._build()
        if failure is None:
            self.pages = _pages(self.site)
            return
        if serving is not None:
            serving.forget()  # the problem page replaces every page: the next good build renders them all
        if not isinstance(failure, SystemExit):  # not a failure MkDocs has told: an error in the program
            _log.error("生成网站时程序出错（不是报告的问题），请把下面的信息告诉维护者：", exc_info=failure)
            problems.append(f"生成网站时程序出错（不是报告的问题），请告诉维护者：{type(failure).__name__}: {failure}")
        self._show(problems or ["网站未生成，原因见运行 make serve 的终端。"])
        _log.error("网站未生成：请按上面列出的问题修改。浏览器中的预览页面也列出了这些问题，改好保存后自动刷新。")

    def _build(self) -> tuple[BaseException | None, list[str]]:
        """MkDocs' build: what went wrong, if anything, and the problems it said."""
        said = _Said()
        self.logger.addHandler(said)
        try:
            self.builder()
        except (Exception, SystemExit) as error:  # MkDocs' Abort is both; mkdocs-macros may exit()
            return error, said.problems
        finally:
            self.logger.removeHandler(said)
        return None, said.problems

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
