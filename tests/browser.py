"""Browser fixtures, shared by every browser test (pytest plugin, loaded from conftest.py).

Headless Chromium from Debian (/usr/bin/chromium; .ci/run installs it) driven by Playwright,
looking at a site served over HTTP on 127.0.0.1. Without Chromium the browser tests are skipped
with the reason shown. Each tab records Content-Security-Policy violations, console errors and
uncaught exceptions, so a test can assert there were none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Every CSP violation of the page, as the browser reports it, kept on the page for the test to read.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`));
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static host, as GitHub Pages is one: with a `not_found` page, an address it does not have gets it."""

    not_found: Path | None = None

    def log_message(self, format: str, *args: object) -> None:
        """No access log in the test output."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found is None or not self.not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[..., str]]:
    """Serve a folder over HTTP on a free port of 127.0.0.1 (a missing address answered with the page
    `not_found`, if given); returns its base URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path, not_found: Path | None = None) -> str:
        handler = type("Handler", (_QuietHandler,), {"not_found": not_found})
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site: Build, serve: Callable[[Path], str]) -> str:
    """The real site, built once per session, over HTTP."""
    return serve(site.site)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM}: the browser tests need Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Tab:
    """One page in a fresh browser context, with what went wrong in it."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    """A fresh page in a fresh browser context (no storage, cookies or cache of an earlier test)."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    opened = Tab(page)
    page.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()
