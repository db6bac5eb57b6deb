"""The PDF edition of each report, printed from its print page in the built site (`make site`, when the
machine can; `make pdf`, which insists; commands/build.py calls it before the new site is put in place).

The tool is headless Chromium (Debian's /usr/bin/chromium, driven by Playwright, as the browser tests
drive it): it prints the very page a reader prints, with the site's own print stylesheet (report.css:
page numbers in the @page margin, the title page, the 落款, links as text), so the PDF and the paper
copy are one design and need no second layout engine. WeasyPrint would be a new dependency with its
own CSS support (no Material JavaScript, different table layout) and a second look to maintain.

On the page Chromium prints, a link to another page of the site becomes its text: in a PDF it would
lead to the local address the page was served from. Links within the page (a figure to its row of
the table of figures) stay links inside the PDF; links to other sites stay, their address printed.

Chromium writes the time of printing into the PDF (CreationDate, ModDate); both are set to
SOURCE_DATE_EPOCH, as the Makefile exports it (the last commit's time), so that the same commit
gives the same bytes: the rest of Chromium's output depends on the page alone (tests/test_pdf.py).
Chinese text needs a Chinese font on the machine: Chromium embeds it (a subset); WenQuanYi Micro Hei
(fonts-wqy-microhei), which the print stylesheet names first, is a TrueType font and embedded as one.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..load.reports import load_catalog
from ..render.printable import pdf_file, print_page

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # a test points it elsewhere
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9]{14}")
_NODES = re.compile(rb"\(node([0-9]{8})\)")
# On the page being printed: the document's title is the report's (the PDF's Title), and a link to
# another page of the site becomes its text.
_UNLINK = """(title) => {
  document.title = title;
  for (const link of document.querySelectorAll("a[href]")) {
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) continue;  // another site: printed with its address
    if (url.pathname === location.pathname && url.hash) continue;  // within the page: a link in the PDF
    link.replaceWith(...link.childNodes);
  }
}"""


def missing() -> str | None:
    """Why this machine cannot print the PDF editions, in Chinese; None when it can."""
    if not CHROMIUM.is_file():
        return f"本机没有 Chromium（{CHROMIUM}；Debian：apt-get install chromium）"
    fonts = shutil.which("fc-list")
    found = subprocess.run([fonts, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout \
        if fonts else ""
    if not found.strip():
        return "本机没有中文字体（Debian：apt-get install fonts-wqy-microhei）"
    return None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log."""


@contextmanager
def _served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _stamp() -> bytes | None:
    """SOURCE_DATE_EPOCH as a PDF date's digits (UTC), None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).strftime("%Y%m%d%H%M%S").encode()


def stable(pdf: bytes, stamp: bytes | None) -> bytes:
    """The PDF dated `stamp` (14 digits, as Chromium writes them: the same length, so no offset moves),
    its structure elements' ids (the tagged PDF's table headers: node00000222, from the browser's
    count of DOM nodes, which differs from run to run) numbered from 1 in the same order."""
    numbers = {old: f"{new:08d}".encode() for new, old in enumerate(sorted(set(_NODES.findall(pdf))), start=1)}
    pdf = _NODES.sub(lambda match: b"(node" + numbers[match[1]] + b")", pdf)
    if stamp is None:
        return pdf
    return _DATES.sub(lambda match: b"/" + match[1] + b" (D:" + stamp, pdf)


def write_pdfs(root: Path, site: Path) -> list[Path]:
    """Print every report's PDF edition from the built `site` of the project at `root`; the files written."""
    from playwright.sync_api import sync_playwright  # only where a PDF is made: the site needs no browser

    reports = load_catalog(root).catalog.reports
    written = []
    stamp = _stamp()
    with _served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS)
        try:
            for report in reports:
                page_path = print_page(report).removesuffix(".md") + "/"
                if not (site / page_path / "index.html").is_file():
                    continue
                page = browser.new_page()
                page.emulate_media(media="print")
                page.goto(base + page_path, wait_until="networkidle")
                page.evaluate(_UNLINK, report.meta.title)
                target = site / pdf_file(report)
                target.write_bytes(stable(page.pdf(format="A4", print_background=True, outline=True, tagged=True),
                                          stamp))
                page.close()
                written.append(target)
        finally:
            browser.close()
    return written
