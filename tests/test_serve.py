"""`make serve`: the live preview of a copy of the fixture district in a real `mkdocs serve --dirty`,
MkDocs' own command as the Makefile runs it. Each served page reloads itself under the site's
Content-Security-Policy; a save that breaks the report turns every page into the Chinese list of
problems, and the next save that fixes it turns it back; the terminal speaks Chinese throughout.
A save renders again only the pages it touches (plugin.py _Incremental): the others are not written
again, and the served site is then what `mkdocs build` makes of the project, file for file.
The problem page alone is checked in memory (its text escaped, its own policy)."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from macros.check.project import check_project
from macros.commands import preview as preview_config
from macros.model import forms
from macros.plugin import _Preview
from macros.render import lineage, preview, search
from tests.browser import Tab
from tests.conftest import ROOT, Build, edit
from tests.test_dependencies import CHAPTERS, REPORT, with_chapters
from tests.test_fixture_district import district

PAGE = "example-a/2022/"
FIGURES = Path("data/example-a/2022/figures.yaml")
# A figure's label with HTML in it: the checks refuse it, and the problem page must show it as text.
LABEL, HOSTILE = "  label: 举办执法培训期数\n", "  label: 举办执法培训期数<script>alert(1)</script>\n"
PROBLEM = "网站未生成：请按下面列出的问题修改"
CJK = re.compile(r"[\u4e00-\u9fff]")
WAIT = 60  # seconds for a build of the fixture district to show, on a slow machine
CHANGED = "发现文件改动，重新生成……"  # MkDocs' "Detected file changes", as a rebuild starts
RELOADED = "刷新浏览器中的页面。"  # MkDocs' "Reloading browsers", once a rebuild has ended (good or not)
SERVE = "serve -f mkdocs.yml --dirty"  # the Makefile's `make serve`
# The same day for every build of a test (MkDocs dates the pages and the sitemap with it).
DATED = {"SOURCE_DATE_EPOCH": "1700000000"}


@dataclass
class Preview:
    """A running `mkdocs serve`: its address and every line it has printed so far."""

    url: str
    process: subprocess.Popen[str]
    temp: Path  # the preview's temporary folder, which holds the site it serves
    lines: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        """The folder of the served site (MkDocs makes it in the temporary folder)."""
        (folder,) = self.temp.glob("mkdocs_*")
        return folder

    def rebuilt(self, save: Callable[[], None]) -> None:
        """Save, then wait until the rebuild it starts has ended and no other has started since."""
        reloads = self.said(RELOADED)
        save()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "mkdocs serve ended:\n" + "\n".join(self.lines)
            if self.said(RELOADED) > reloads and self.said(CHANGED) == self.said(RELOADED):
                time.sleep(1)  # a late event of the same save would have started another rebuild by now
                if self.said(CHANGED) == self.said(RELOADED):
                    return
            time.sleep(0.2)
        raise AssertionError("the rebuild never ended; mkdocs serve said:\n" + "\n".join(self.lines))

    def said(self, text: str) -> int:
        """How many lines so far end with the text."""
        return sum(line.endswith(text) for line in list(self.lines))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=WAIT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def until(self, path: str, shown: Callable[[str], bool]) -> str:
        """The page once it shows what is expected (the preview rebuilds after a save)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "mkdocs serve ended:\n" + "\n".join(self.lines)
            try:
                _, page = self.get(path)
            except OSError:  # not listening yet
                page = ""
            if shown(page):
                return page
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed what was expected; mkdocs serve said:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:  # where it hangs: faulthandler prints every thread's stack on SIGABRT
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(timeout=WAIT)
            time.sleep(1)  # the reader thread takes the last lines
            raise AssertionError("mkdocs serve did not end on Ctrl+C; it said:\n" + "\n".join(self.lines)) from None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_serve(project: Path, port: int, temp: Path) -> subprocess.Popen[str]:
    """`make serve`'s command: the environment's mkdocs script (not `python -m`, which would put the
    project on the import path that hooks.py has to set up itself)."""
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), *SERVE.split(), "-a", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONFAULTHANDLER": "1", "TMPDIR": str(temp),
                          **DATED}, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@contextmanager
def serving(project: Path) -> Iterator[Preview]:
    port = free_port()
    temp = project.with_name(project.name + "-temp")
    temp.mkdir()
    running = Preview(f"http://127.0.0.1:{port}/", mkdocs_serve(project, port, temp), temp)
    reader = threading.Thread(target=lambda: running.lines.extend(line.rstrip("\n") for line in running.process.stdout))
    reader.start()
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
        running.process.wait(timeout=WAIT)
        reader.join(timeout=WAIT)
        running.process.stdout.close()  # type: ignore[union-attr]  # a pipe, opened above


def address(page: str) -> str:
    """A page's address below the site's (use_directory_urls): a/b/index.md -> a/b/, a/b/c.md -> a/b/c/."""
    stem = page.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else f"{stem}/"


def written(site: Path) -> dict[str, tuple[int, int]]:
    """Each page of a site: its file's inode and modification time, which writing the file changes."""
    return {path.relative_to(site).as_posix(): (stat.st_ino, stat.st_mtime_ns)
            for path in sorted(site.rglob("*.html")) if (stat := path.stat())}


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(page for page, stamp in after.items() if before.get(page) != stamp)


def unlike_build(project: Path, served: Preview, dest: Path, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The files of the served site that differ from what `mkdocs build` makes of the project now, for the
    address it is served at (the preview's own files aside, and the folders in `skip`): none, when
    every page of the preview is right."""
    config = project / ".built-mkdocs.yml"  # in no folder the preview watches
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {served.url}\n", encoding="utf-8")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    run = subprocess.run(
        [mkdocs, "build", "--strict", "-f", config.name, "--site-dir", str(dest)], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **DATED}, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr

    def files(site: Path) -> set[str]:
        return {path.relative_to(site).as_posix() for path in site.rglob("*")
                if path.is_file() and path.relative_to(site).parts[0] not in (preview.FOLDER, *skip)}

    shown, built = files(served.site), files(dest)
    return sorted(shown ^ built) + sorted(name for name in shown & built
                                          if (served.site / name).read_bytes() != (dest / name).read_bytes())


def english(lines: list[str]) -> list[str]:
    """The lines with no Chinese in them (MkDocs' and mkdocs-macros' own, untranslated)."""
    return [line for line in lines if line.strip() and not CJK.search(line)]


def is_page(page: str) -> bool:
    return 'class="md-content"' in page and PROBLEM not in page


@pytest.mark.site
def test_a_broken_save_shows_the_problems_at_every_page_and_the_fixed_one_the_site(tmp_path: Path) -> None:
    project = district(tmp_path / "project")
    with serving(project) as served:
        page = served.until(PAGE, is_page)
        assert "livereload(" not in page  # MkDocs' inline script, which the site's policy blocks
        assert re.search(r'<script src="/\.preview/preview\.js" data-epoch="\d+"></script></body>', page)
        assert served.get(".preview/preview.js")[0] == 200

        edit(project / FIGURES, LABEL, HOSTILE)
        problems = served.until(PAGE, lambda text: PROBLEM in text)
        assert "data/example-a/2022/figures.yaml:14: 数据错误：不允许的 HTML “&lt;script&gt;”" in problems
        assert "<script>alert" not in problems
        assert re.search(r'<script src="/\.preview/preview\.js" data-epoch="\d+"></script></body>', problems)
        assert PROBLEM in served.get("corrections/")[1]  # every page of the site
        missing, shown = served.get("no-such-page/")  # MkDocs' 404 page, which it serves without a script
        assert (missing, PROBLEM in shown) == (404, True)

        served.rebuilt(lambda: edit(project / FIGURES, HOSTILE, LABEL))
        assert is_page(served.get(PAGE)[1])
        # every page is right again, not only those the fix touches: the problem page had replaced them all
        assert unlike_build(project, served, tmp_path / "built") == []
        assert served.stop() == 0
    said = "\n".join(served.lines)
    assert "网站未生成：请按上面列出的问题修改。浏览器中的预览页面也列出了这些问题" in said
    assert said.count("网站生成完毕") == 2
    assert "预览已结束" in said
    assert english(served.lines) == []


@pytest.mark.site
def test_a_save_renders_again_the_pages_it_touches_and_the_preview_is_then_the_built_site(tmp_path: Path) -> None:
    """A report with two chapters (tests/test_dependencies.py): a figure's new value is on every page
    citing it and on the data appendix, and the chapter citing another figure and the other body's
    reports are not written again; a chapter's text likewise; a chapter's new title, which the
    navigation of every page shows, renders the whole site again. After each save the served site is
    what `mkdocs build` makes of the project (but for the search index, which only whole builds
    write: checked after the last)."""
    project = with_chapters(tmp_path / "project")
    checked = check_project(project)
    figure = next(report for report in checked.catalog.reports if report.id == REPORT).figures["complaints.online"]
    now = dataclasses.replace(figure, value=figure.value - 1)
    citing = sorted({c.page for c in checked.citations if c.key == figure.key and c.page.startswith(REPORT)})
    assert citing == [f"{REPORT}/1-complaints.md", f"{REPORT}/index.md"]
    complaints, training = (f"{page.removesuffix('.md')}/index.html" for page in CHAPTERS)
    with serving(project) as served:
        served.until(address(citing[0]), is_page)
        before = written(served.site)
        served.rebuilt(lambda: edit(project / "data" / REPORT / "figures.yaml", "  value: 6\n", "  value: 5\n"))
        for page in citing:
            shown = served.get(address(page))[1]
            assert lineage.data_element(now) in shown
            assert lineage.data_element(figure) not in shown
        row = re.search(r'<tr id="fig-complaints-online">.*?</tr>', served.get(f"{REPORT}/appendix/")[1])
        assert row is not None
        assert f">{forms.published(now)}<" in row.group(0)
        touched = rewritten(before, written(served.site))
        assert {complaints, f"{REPORT}/index.html", f"{REPORT}/appendix/index.html"} <= set(touched)
        assert training not in touched
        assert [page for page in touched if page.startswith("example-b/")] == []
        assert unlike_build(project, served, tmp_path / "built-1", skip=(search.FOLDER,)) == []

        before = written(served.site)
        served.rebuilt(lambda: edit(project / "docs" / REPORT / "2-training.md", "举办执法培训", "全年举办执法培训"))
        assert "全年举办执法培训" in served.get(f"{REPORT}/2-training/")[1]
        assert "全年举办执法培训" in served.get(f"{REPORT}/print/")[1]
        touched = rewritten(before, written(served.site))
        assert training in touched
        assert complaints not in touched
        assert [page for page in touched if page.startswith("example-b/")] == []
        assert unlike_build(project, served, tmp_path / "built-2", skip=(search.FOLDER,)) == []

        before = written(served.site)
        served.rebuilt(lambda: edit(project / "docs" / REPORT / "2-training.md", "# 执法培训", "# 培训工作"))
        assert "培训工作" in served.get("example-b/2023/")[1]  # in its navigation
        assert rewritten(before, written(served.site)) == sorted(before)
        assert unlike_build(project, served, tmp_path / "built-3") == []
    assert english(served.lines) == []


def test_make_serve_runs_the_command_tested_here() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"$(BIN)/$(ENGINE) {SERVE}\n" in makefile
    assert f"$(BIN)/$(ENGINE) {SERVE.replace('mkdocs.yml', preview_config.PREVIEW)}\n" in makefile


@pytest.mark.site
def test_a_first_build_that_fails_ends_the_preview_in_chinese(tmp_path: Path) -> None:
    project = district(tmp_path / "project")
    edit(project / FIGURES, LABEL, HOSTILE)
    with serving(project) as served:
        assert served.process.wait(timeout=WAIT) == 1
    said = "\n".join(served.lines)
    assert "data/example-a/2022/figures.yaml:14: 数据错误：不允许的 HTML “<script>”" in said
    assert said.rstrip().endswith("网站未生成：请按上面列出的问题修改后重试。")
    assert english(served.lines) == []


def test_the_served_page_reloads_by_itself_into_the_problems_and_back_under_its_policy(tmp_path: Path,
                                                                                     tab: Tab) -> None:
    project = district(tmp_path / "project")
    with serving(project) as served:
        served.until(PAGE, is_page)
        tab.page.goto(served.url + PAGE)
        tab.page.wait_for_function("window.__violations !== undefined && document.readyState === 'complete'")
        seen = [tab.violations()]

        edit(project / FIGURES, LABEL, HOSTILE)  # no reload asked for: the page's script does it
        tab.page.wait_for_selector("main > h1", timeout=WAIT * 1000)  # the problem page's heading
        tab.page.wait_for_load_state("load")
        assert tab.page.inner_text("main > h1") == PROBLEM
        assert "不允许的 HTML “<script>”" in tab.page.inner_text("main")  # as text, not run
        seen.append(tab.violations())

        edit(project / FIGURES, HOSTILE, LABEL)
        tab.page.wait_for_selector(".md-content", timeout=WAIT * 1000)
        tab.page.wait_for_load_state("load")
        seen.append(tab.violations())
    assert seen == [[], [], []]
    assert tab.errors == []


def test_the_published_site_has_no_reload_script(site: Build) -> None:
    assert not (site.site / preview.FOLDER).exists()
    pages = sorted(site.site.rglob("*.html"))
    assert pages
    assert [page for page in pages if re.search(r"livereload|data-epoch|\.preview/", page.read_text("utf-8"))] == []


def test_the_problem_page_shows_the_problems_as_text_under_its_own_policy() -> None:
    problem = "a.yaml:3: 数据错误：<img src=x onerror=alert(1)> {{ x }}\n    怎么改：删去。"
    page = preview.problem_page([problem], "/sub/")
    head = page[page.index("<head>"):]
    assert head.split("\n")[1] == f'<meta http-equiv="Content-Security-Policy" content="{preview.POLICY}">'
    assert "<img" not in page
    assert "{{" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<link rel="stylesheet" href="/sub/.preview/preview.css">' in page
    assert "<script" not in page  # the server adds the reload script, with the page's epoch
    assert preview.script("/sub/", 42) == '<script src="/sub/.preview/preview.js" data-epoch="42"></script>'


class _Server:
    """What the preview reads of MkDocs' server: the module of its class, whose package names the
    engine's logger."""


_Server.__module__ = "mkdocs.livereload"


def test_a_failed_rebuild_puts_the_problem_page_at_the_last_good_pages(tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """What the rebuild said in its own thread is the list (not the server's request lines); an
    exception MkDocs has not told (an error in the program) is listed and shown to the maintainer."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<body></body>", encoding="utf-8")

    def good() -> None:
        (site / "b").mkdir()
        (site / "b" / "index.html").write_text("<body></body>", encoding="utf-8")

    def bad(error: BaseException) -> Callable[[], None]:
        def build() -> None:
            logging.getLogger("mkdocs.commands.build").error("a.yaml:1: 数据错误：<b>")
            request = threading.Thread(target=logging.getLogger("mkdocs.livereload").warning, args=("请求",))
            request.start()
            request.join()
            raise error
        return build

    builds = iter([good, bad(SystemExit(1)), bad(KeyError("k"))])
    served = _Preview(_Server(), lambda: next(builds)(), site, "/")
    assert (site / ".preview" / preview.SCRIPT).is_file()
    served.rebuild()
    served.rebuild()  # fails as MkDocs' Abort does: it has logged the problems
    page = (site / "b" / "index.html").read_text(encoding="utf-8")
    assert page == preview.problem_page(["a.yaml:1: 数据错误：<b>"], "/")
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()) == [
        ".preview/preview.css", ".preview/preview.js", "404.html", "a/index.html", "b/index.html"]
    assert "程序出错" not in caplog.text
    served.rebuild()  # fails with an error of the program
    assert "KeyError: &#x27;k&#x27;</pre>" in (site / "a" / "index.html").read_text(encoding="utf-8")
    assert "生成网站时程序出错（不是报告的问题），请把下面的信息告诉维护者" in caplog.text
