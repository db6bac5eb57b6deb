"""The district benchmark (issue 7): one run prints every number and whether each target is met.

    python -m bench.run                # about 100 reports, 1,000 pages (make bench)
    python -m bench.run --scale=10     # ten times that (make bench ARGS=--scale=10)
    python -m bench.run --hostile      # the hostile corpus alone (make bench ARGS=--hostile)
    python -m bench.run --serve-only   # the one-figure edit in make serve alone, --runs times

It times `make check` on the repository itself (the editor's loop), generates a synthetic district
from the real 2022 report into a temporary folder, then measures: the strict build of the
data-checked site against the same pages with the numbers typed in, built by plain MkDocs +
Material; peak memory of both; every check (`check_project`) on one core at growing numbers of
figures; the search index; a chapter page's first view; and how long a one-figure edit takes to
show in `mkdocs serve`. Then, as a section of its own, the hostile corpus (bench/hostile.py):
pathological pages and data files, each refused or built within its budget.
Progress goes to stderr; the tables and then the results as one line of JSON go to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import http.client
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bench import district, hostile, time_checks
from bench import search as search_bench
from bench.time_checks import EDIT_KEY, set_value
from macros.check import cache
from macros.check.project import Checked, check_project
from macros.commands import preview
from macros.render import lineage

ROOT = district.ROOT
REPORTS_PER_SCALE = 100
PAGES_PER_REPORT = 10
CHECK_FIGURES = (10_000, 50_000, 100_000)  # the sizes at which the checks are timed
GZIP_LEVEL = 6  # what web servers commonly use
KB = 1000

RATIO_TARGET = 1.10
MAKE_CHECK_TARGET = 1.0  # seconds: the editor's loop (issue 12)
CHECKS_TARGET = 2.0  # seconds, for CHECKS_FIGURES figures
CHECKS_FIGURES = 100_000
CHECKS_MEMORY_TARGET = 300 * 1000 * 1000  # bytes, peak of the checks at CHECKS_FIGURES
# From this many reports on (scale 10: a province), each build is run once and the whole-site serve is
# not timed: three builds each way of 10,000 pages alone would take most of half an hour on 2 cores.
PROVINCE = 1_000
LINEAR_SLACK = 1.5  # time per figure at the largest size over the smallest: linear within this
FIRST_VIEW_TARGET = 150 * KB
FIRST_SEARCH_TARGET = 150 * KB  # issue 15: the first search at district scale
EDIT_TARGET = 2.0  # seconds
SITE_EDIT_TARGET = 5.0  # seconds, the same edit previewing the whole site (1,000 pages)
SERVE_TIMEOUT = 300.0  # seconds for mkdocs serve to start, and for an edit to show (--serve-only)
VERSIONS = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "jieba", "Jinja2", "PyYAML")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    results: dict = {}
    if args.serve_only or args.checks:
        with _workdir(args.workdir) as work:
            if args.serve_only:
                results = measure_serve(args, work)
                print(serve_table(results) + "\n")
            else:
                results = {"command": " ".join(["python -m bench.run", *args.argv]), "machine": machine(),
                           "checks": time_all_checks(args, work)}
                print(checks_table(results))
        print(json.dumps(results, ensure_ascii=False))
        return 0
    if not args.hostile:
        with _workdir(args.workdir) as work:
            results = measure(args, work)
        print(table(results) + "\n")
    _progress("the hostile corpus")
    results["hostile"] = hostile.run_cases(args.hostile_cases, args.hostile_fraction)
    print(hostile.table(results["hostile"], hostile.BUDGET, hostile.TIMEOUT))
    print(json.dumps(results, ensure_ascii=False))
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1,
                        help=f"{REPORTS_PER_SCALE} reports of {PAGES_PER_REPORT} pages per unit (default 1)")
    parser.add_argument("--reports", type=int, help="number of reports, instead of --scale")
    parser.add_argument("--runs", type=int,
                        help=f"runs of each timing; the best counts (default 3; builds once from {PROVINCE:,} reports)")
    parser.add_argument("--check-figures", default=",".join(map(str, CHECK_FIGURES)),
                        help="figure counts at which to time the checks (default %(default)s)")
    parser.add_argument("--serve-timeout", type=float,
                        help="seconds to wait for mkdocs serve to start, and for an edit to show "
                             "(default: a minute more than three full builds)")
    parser.add_argument("--hostile", action="store_true", help="run the hostile corpus only")
    parser.add_argument("--serve-only", action="store_true",
                        help="time only the one-figure edit in make serve (the report's preview, the whole site), "
                             "--runs times each")
    parser.add_argument("--checks", action="store_true",
                        help="time the checks only (cold, warm, one figure changed), at --check-figures")
    parser.add_argument("--hostile-cases", type=lambda names: names.split(","),
                        help="comma-separated cases of the hostile corpus (default: all; "
                             "python -m bench.hostile --list lists them)")
    parser.add_argument("--hostile-fraction", type=float, default=1.0,
                        help="scale the sizes of the hostile corpus by this (default 1)")
    parser.add_argument("--workdir", type=Path,
                        help="an empty or new folder to generate into and keep (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.workdir is not None and args.workdir.exists() and any(args.workdir.iterdir()):
        parser.error(f"--workdir {args.workdir} is not empty")
    args.argv = sys.argv[1:] if argv is None else argv
    args.reports = args.reports or args.scale * REPORTS_PER_SCALE
    args.build_runs = args.runs or (1 if args.reports >= PROVINCE else 3)
    args.runs = args.runs or 3
    args.check_figures = sorted(int(n) for n in args.check_figures.split(","))
    return args


@contextlib.contextmanager
def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as work:
            yield Path(work)


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- measuring ---------------------------------------------------------------------------------


def measure(args: argparse.Namespace, work: Path) -> dict:
    results: dict = {"command": " ".join(["python -m bench.run", *args.argv]), "machine": machine()}
    _progress("make check on this repository")
    results["make_check"] = make_check(ROOT, args.runs)

    project = work / "data-site"
    reports, checked = _district(args, project, results)
    typed = work / "typed-site"
    district.twin(project, typed, checked)
    bare = work / "typed-bare-site"  # the twin without Material's search: the time that search takes
    district.twin(project, bare, checked, search=False)

    data_runs, typed_runs, bare_runs = [], [], []
    for run in range(1, args.build_runs + 1):
        _progress(f"building, run {run} of {args.build_runs}: data-checked")
        data_runs.append(_build(project, work / "out-data"))
        _progress(f"building, run {run} of {args.build_runs}: typed-in")
        typed_runs.append(_build(typed, work / "out-typed"))
        _progress(f"building, run {run} of {args.build_runs}: typed-in, without search")
        bare_runs.append(_build(bare, work / "out-bare"))
    build = results["build"] = {
        "data_seconds": min(r.seconds for r in data_runs),
        "typed_seconds": min(r.seconds for r in typed_runs),
        # CPU time (user + system) varies less than wall-clock time on a machine others also use.
        "data_cpu_seconds": min(r.cpu_seconds for r in data_runs),
        "typed_cpu_seconds": min(r.cpu_seconds for r in typed_runs),
        "data_peak_bytes": max(r.peak_bytes for r in data_runs),
        "typed_peak_bytes": max(r.peak_bytes for r in typed_runs),
    }
    build["ratio"] = build["data_seconds"] / build["typed_seconds"]
    build["cpu_ratio"] = build["data_cpu_seconds"] / build["typed_cpu_seconds"]
    # The typed-in twin keeps Material's search, slower than the site's own (issue 15): against the twin
    # without any search, the data layer's own cost is not hidden behind that difference.
    build["bare_seconds"] = min(r.seconds for r in bare_runs)
    build["bare_cpu_seconds"] = min(r.cpu_seconds for r in bare_runs)
    build["bare_ratio"] = build["data_seconds"] / build["bare_seconds"]
    build["data_site_bytes"], build["data_site_files"] = _size(work / "out-data")
    build["typed_site_bytes"], build["typed_site_files"] = _size(work / "out-typed")

    edited = reports[0]
    _progress("search: bytes on page open and on the first search, indexing time")
    index = [path.read_bytes() for path in sorted((work / "out-data" / "search").rglob("*.json"))]
    results["search_index"] = {"bytes": sum(map(len, index)), "gzip_bytes": sum(map(_gzipped, index))}
    typed_config = _References()
    typed_config.feed((work / "out-typed" / "index.html").read_text("utf-8"))
    results["search"] = {
        "ours": search_bench.ours(work / "out-data", edited.id, args.runs),
        "material": search_bench.material(work / "out-typed", json.loads(typed_config.config)["search"],
                                          build["typed_seconds"], min(r.seconds for r in bare_runs)),
    }
    chapter = _page_citing(project, edited, EDIT_KEY)
    results["first_view"] = first_view(work / "out-data", f"{_url(edited.id, chapter)}index.html")

    results["checks"] = time_all_checks(args, work)

    results["serve"] = serve_latency(project, edited, chapter, args.serve_timeout or 60 + 3 * build["data_seconds"],
                                     args.build_runs, whole=len(reports) < PROVINCE)
    results["targets"] = targets(results)
    return results


def measure_serve(args: argparse.Namespace, work: Path) -> dict:
    """The one-figure edit in `make serve` alone (--serve-only): the report's preview and the whole site."""
    results: dict = {"command": " ".join(["python -m bench.run", *args.argv]), "machine": machine()}
    project = work / "data-site"
    reports, _ = _district(args, project, results)
    edited = reports[0]
    results["serve"] = serve_latency(project, edited, _page_citing(project, edited, EDIT_KEY),
                                     args.serve_timeout or SERVE_TIMEOUT, args.runs, whole=True)
    return results


def _district(args: argparse.Namespace, project: Path, results: dict) -> tuple[list[district.Synthetic], Checked]:
    """The synthetic district, which must pass its checks; its size goes into the results."""
    _progress(f"generating {args.reports} reports")
    reports = district.generate(project, args.reports, pages_per_report=PAGES_PER_REPORT)
    checked = check_project(project)
    if checked.errors:
        raise SystemExit("the synthetic district does not pass the checks:\n" + "\n".join(map(str, checked.errors)))
    results["site"] = {
        "reports": len(reports),
        "pages": sum(1 for _ in (project / "docs").rglob("*.md")),
        "figures": sum(len(report.figures) for report in checked.catalog.reports),
        "citations": len(checked.citations),
    }
    return reports, checked


def serve_latency(project: Path, edited: district.Synthetic, chapter: str, timeout: float, runs: int, *,
                  whole: bool) -> dict:
    """The one-figure edit in `make serve REPORT=…` and, if `whole`, in `make serve` of the whole site:
    each run's seconds (None: timed out), the CPU time the preview spent on it and the load average;
    the best run of each counts."""
    _progress(f"make serve REPORT={edited.id}: one-figure edit, the report's preview, {runs} run(s)")
    (project / preview.PREVIEW).write_text(preview.preview_config(project, edited.id), encoding="utf-8")
    serve: dict = {"edit_runs": [edit_latency(project, edited.id, chapter, timeout, preview.PREVIEW)
                                 for _ in range(runs)]}
    serve["edit_seconds"] = _best(serve["edit_runs"])
    if whole:
        _progress(f"make serve: the same edit, the whole site, {runs} run(s)")
        serve["site_edit_runs"] = [edit_latency(project, edited.id, chapter, timeout, "mkdocs.yml")
                                   for _ in range(runs)]
        serve["site_edit_seconds"] = _best(serve["site_edit_runs"])
    else:
        serve["site_edit_seconds"] = None
        serve["site_edit_skipped"] = True
    return serve


def _best(runs: list[dict]) -> float | None:
    """The fastest run, or None if any timed out."""
    return None if any(run["seconds"] is None for run in runs) else min(run["seconds"] for run in runs)


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        model = found.group(1) if found else ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": cores, "cpu": model or platform.processor(), "system": platform.platform(),
        "python": platform.python_version(),
        "versions": {name: metadata.version(name) for name in VERSIONS},
    }


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_bytes: int
    output: str


def make_check(root: Path, runs: int) -> dict:
    """The editor's loop on the repository's own reports: `make check` exactly as an editor runs it
    (the environment checked against the lock, every check of every report, the faithfulness of each
    paragraph to its published text), best of runs."""
    done = []
    for _ in range(runs):
        shutil.rmtree(root / cache.CACHE, ignore_errors=True)  # an edit was just made: nothing cached
        done.append(run_process(["make", "--no-print-directory", "check"], root))
    return {"seconds": min(run.seconds for run in done), "reports": len(check_project(root).catalog.reports)}


def run_process(command: list[str], cwd: Path) -> Run:
    """Run to the end; wall-clock time, CPU time and peak resident memory of that process alone."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{output}")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak, output)


def _build(project: Path, site: Path) -> Run:
    """A full build as CI makes it, from a fresh clone: the checks' cache (macros/check/cache.py) emptied
    first, so that every run checks everything."""
    shutil.rmtree(project / cache.CACHE, ignore_errors=True)
    return run_process([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project)


def _size(site: Path) -> tuple[int, int]:
    """Bytes and files of a built site."""
    files = [path for path in site.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _page_citing(project: Path, report: district.Synthetic, key: str) -> str:
    """The first page of the report that cites the figure."""
    for name in report.pages:
        if f'fig("{key}")' in (project / "docs" / report.id / name).read_text("utf-8"):
            return name
    raise ValueError(f"no page of {report.id} cites {key}")


def _url(report_id: str, page: str) -> str:
    """The page's URL path below the site root, with use_directory_urls: a/b/index.md -> a/b/."""
    stem = page.removesuffix(".md")
    return f"{report_id}/" if stem == "index" else f"{report_id}/{stem}/"


# -- a page's first view -----------------------------------------------------------------------


class _References(HTMLParser):
    """The stylesheets, scripts and icons a page references, and Material's JSON configuration."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self.other: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        rel = attributes.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.css.append(attributes["href"])
        elif tag == "link" and ({"icon", "preload", "modulepreload"} & set(rel)):
            self.other.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.js.append(attributes["src"])
        elif tag in ("img", "iframe", "video", "audio", "source", "embed") and attributes.get("src"):
            self.other.append(attributes["src"])
        self._in_config = tag == "script" and attributes.get("id") == "__config"

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


def first_view(site: Path, page: str) -> dict:
    """gzip bytes of a page and what it loads, resolved within the built site; external references.

    `bytes` is the page's HTML with the CSS and JS it references. Material's script then fetches
    more at once, whether or not the reader searches, when the page has Material's search: its search
    worker and the whole search index (the site's own search fetches nothing before the reader types);
    `with_search_bytes` adds those and the icon.
    """
    html = (site / page).read_bytes()
    refs = _References()
    refs.feed(html.decode("utf-8"))
    config = json.loads(refs.config) if refs.config else {}
    # Material's script fetches its search worker and index when the page has its search form.
    on_load = [config["search"], config["base"].rstrip("/") + "/search/search_index.json"] \
        if config and b'name="search"' in html else []
    base = f"/{page}"
    external = [ref for ref in [*refs.css, *refs.js, *refs.other] if urlsplit(ref).scheme or ref.startswith("//")]

    def weight(refs_: list[str]) -> int:
        return sum(_gzipped((site / urljoin(base, ref).lstrip("/")).read_bytes())
                   for ref in refs_ if ref not in external)

    for css in refs.css:
        if css not in external:
            text = (site / urljoin(base, css).lstrip("/")).read_text("utf-8")
            external += re.findall(r"(?i)(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text)
    html_bytes, css_bytes, js_bytes = _gzipped(html), weight(refs.css), weight(refs.js)
    return {
        "page": page,
        "html_bytes": html_bytes, "css_bytes": css_bytes, "js_bytes": js_bytes,
        "bytes": html_bytes + css_bytes + js_bytes,
        "with_search_bytes": html_bytes + css_bytes + js_bytes + weight(on_load) + weight(refs.other),
        "html_raw_bytes": len(html),
        "external": external,
    }


# -- the checks at scale -----------------------------------------------------------------------


def time_all_checks(args: argparse.Namespace, work: Path) -> list[dict]:
    """The checks timed at each of --check-figures, on districts of the template report's copies."""
    template = check_project(ROOT).catalog.find(district.TEMPLATE)  # copied into each report of the district
    assert template is not None, f"no {district.TEMPLATE} in {ROOT}"
    per_report = len(template.figures)
    return [_time_checks(work / "checks", math.ceil(figures / per_report), args.runs) for figures in args.check_figures]


def _time_checks(project: Path, reports: int, runs: int) -> dict:
    """check_project on one core, for a district of that many reports: cold (the checks themselves),
    warm (the project checked before, unchanged: the cache of macros/check/cache.py) and after one
    figure changed in one report (the cache of the state before), each in its own process."""
    _progress(f"checks: {reports} reports")
    # Twelve years per body, to reach 100,000 figures; the real chapters only (no annex pages).
    district.generate(project, reports, years=12, pages_per_report=0)
    found = {}
    for mode in time_checks.MODES:
        run = run_process([sys.executable, "-m", "bench.time_checks", str(project), str(runs), mode], ROOT)
        # Its own peak where the system tells it (time_checks._peak), else the rusage, which counts ours too.
        found[mode] = {"peak_bytes": run.peak_bytes, **json.loads(run.output.strip().splitlines()[-1])}
        if found[mode]["errors"]:
            raise SystemExit(f"the checks set of {reports} reports does not pass the checks ({mode})")
    cold = found["cold"]  # "fill" only made the cache warm
    for mode in ("warm", "edit"):
        if found[mode]["figures"] != cold["figures"]:
            raise SystemExit(f"the cached checks of {reports} reports differ from the checks: {found[mode]} {cold}")
    return {**cold, **{f"{mode}_{measure}": found[mode][measure] for mode in ("warm", "edit")
                       for measure in ("seconds", "cpu_seconds", "peak_bytes")}}


# -- mkdocs serve ------------------------------------------------------------------------------


def edit_latency(project: Path, report_id: str, page: str, timeout: float, config: str) -> dict:
    """Seconds from saving a one-figure edit to `mkdocs serve -f config --dirty` (`make serve`'s
    command) serving the page with the new value, the CPU time (user + system) the preview spent
    meanwhile, and the load average then.

    Seconds None if the page did not show it within `timeout` seconds. The figure file is restored after.
    The checks' cache is emptied first: the edited project is checked as new, as an editor's edit is.
    """
    checked = check_project(project)
    report = next(r for r in checked.catalog.reports if r.id == report_id)
    figure = report.figures[EDIT_KEY]
    changed = dataclasses.replace(figure, value=figure.value + Decimal(1))
    path = project / "data" / report_id / "figures.yaml"
    original = path.read_text("utf-8")

    def changed_value(written: str) -> str:
        if written != str(figure.value):
            raise ValueError(f"{path}: no `value: {figure.value}` under {EDIT_KEY}")
        return str(changed.value)

    edited = set_value(original, EDIT_KEY, changed_value)

    shutil.rmtree(project / cache.CACHE, ignore_errors=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{_url(report_id, page)}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", config, "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log, subprocess.Popen(
        command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    ) as server:
        try:
            before = _wait_for(url, lineage.data_element(figure), timeout, server)
            if before is None or lineage.data_element(changed) in before:
                log.seek(0)
                raise SystemExit(f"mkdocs serve did not serve {url} with {figure.value} only:\n"
                                 + log.read().decode("utf-8", "replace"))
            cpu, start = _cpu_seconds(server.pid), time.perf_counter()
            path.write_text(edited, encoding="utf-8")
            after = _wait_for(url, lineage.data_element(changed), timeout, server)
            seconds = None if after is None else time.perf_counter() - start
            spent = _cpu_seconds(server.pid)
            return {"seconds": seconds, "cpu_seconds": None if spent is None or cpu is None else spent - cpu,
                    "load": os.getloadavg()[0]}
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            path.write_text(original, encoding="utf-8")


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time (user + system) a running process has spent so far (Linux; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float, server: subprocess.Popen) -> str | None:
    """Poll until the page contains text, and return the page; None after timeout or if the server stopped."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and server.poll() is None:
        with contextlib.suppress(urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError), \
                urllib.request.urlopen(url, timeout=5) as response:
            page = response.read().decode("utf-8")
            if text in page:
                return page
        time.sleep(0.05)
    return None


# -- targets and the table ---------------------------------------------------------------------


def targets(results: dict) -> list[dict]:
    build, checks, view, serve = results["build"], results["checks"], results["first_view"], results["serve"]
    ours = results["search"]["ours"]
    largest, smallest = checks[-1], checks[0]
    # 2 s for 100,000 figures, growing linearly: the same budget per figure at any size.
    budget = CHECKS_TARGET * largest["figures"] / CHECKS_FIGURES
    memory = CHECKS_MEMORY_TARGET * max(1, largest["figures"] / CHECKS_FIGURES)
    rows = [
        {"name": "data layer / typed-in build", "value": f"{build['ratio']:.2f}×",
         "target": f"≤ {RATIO_TARGET:.2f}×", "pass": build["ratio"] <= RATIO_TARGET},
        {"name": "data layer (with its own search) / typed-in build without any search",
         "value": f"{build['bare_ratio']:.2f}×", "target": f"≤ {RATIO_TARGET:.2f}×",
         "pass": build["bare_ratio"] <= RATIO_TARGET},
        {"name": f"all checks, {largest['figures']:,} figures, one core, cold (no cache)",
         "value": f"{largest['seconds']:.2f} s",
         "target": f"≤ {budget:.2f} s ({CHECKS_TARGET:.0f} s per {CHECKS_FIGURES:,})",
         "pass": largest["seconds"] <= budget},
        {"name": f"all checks, {largest['figures']:,} figures, one core, warm (input checked before)",
         "value": f"{largest['warm_seconds']:.2f} s",
         "target": f"≤ {budget:.2f} s", "pass": largest["warm_seconds"] <= budget},
    ]
    rows += edit_targets(checks, memory)
    if len(checks) > 1:
        growth = (largest["seconds"] / largest["figures"]) / (smallest["seconds"] / smallest["figures"])
        rows.append({"name": f"checks growth per figure, {smallest['figures']:,} → {largest['figures']:,}",
                     "value": f"{growth:.2f}×", "target": f"≤ {LINEAR_SLACK}× (linear)",
                     "pass": growth <= LINEAR_SLACK})
    return [
        {"name": f"make check on this repository ({results['make_check']['reports']} reports)",
         "value": f"{results['make_check']['seconds']:.2f} s", "target": f"< {MAKE_CHECK_TARGET:.0f} s",
         "pass": results["make_check"]["seconds"] < MAKE_CHECK_TARGET},
        *rows,
        {"name": "chapter first view, HTML+CSS+JS, gzip", "value": _kb(view["bytes"]),
         "target": f"≤ {_kb(FIRST_VIEW_TARGET)}", "pass": view["bytes"] <= FIRST_VIEW_TARGET},
        {"name": "… with what Material fetches at load (search index)", "value": _kb(view["with_search_bytes"]),
         "target": f"≤ {_kb(FIRST_VIEW_TARGET)}", "pass": view["with_search_bytes"] <= FIRST_VIEW_TARGET},
        {"name": "search files fetched when a page opens, gzip", "value": _kb(ours["open_bytes"]),
         "target": "0 kB", "pass": ours["open_bytes"] == 0},
        {"name": f"first search, the largest of {len(ours['per_query_bytes'])} queries, gzip",
         "value": f"{_kb(ours['first_search_bytes'])} ({ours['first_search_query']})",
         "target": f"≤ {_kb(FIRST_SEARCH_TARGET)}", "pass": ours["first_search_bytes"] <= FIRST_SEARCH_TARGET},
        {"name": "external requests on first view", "value": str(len(view["external"])),
         "target": "0", "pass": not view["external"]},
        *serve_targets(results["site"], serve),
    ]


def serve_targets(site: dict, serve: dict) -> list[dict]:
    """The two rows of `make serve`: the report's preview, and the whole site unless not timed."""
    edit, whole = serve["edit_seconds"], serve["site_edit_seconds"]
    return [
        {"name": "one-figure edit visible in make serve REPORT=…",
         "value": "timeout" if edit is None else f"{edit:.1f} s",
         "target": f"< {EDIT_TARGET:.0f} s", "pass": edit is not None and edit < EDIT_TARGET},
        *([] if serve.get("site_edit_skipped") else [
            {"name": f"one-figure edit visible in make serve, the whole site ({site['pages']:,} pages)",
             "value": "timeout" if whole is None else f"{whole:.1f} s",
             "target": f"< {SITE_EDIT_TARGET:.0f} s", "pass": whole is not None and whole < SITE_EDIT_TARGET}]),
    ]


def edit_targets(checks: list[dict], memory: float) -> list[dict]:
    """At each size, the editor's case (one figure changed, the cache of the state before) against
    the checks' target, and the peak memory of each way of checking against `memory`."""
    rows = []
    for size in checks:
        peaks = (size["peak_bytes"], size["warm_peak_bytes"], size["edit_peak_bytes"])
        rows += [
            {"name": f"all checks, {size['figures']:,} figures, one core, one figure changed in one report "
                     "(cache of the state before)",
             "value": f"{size['edit_seconds']:.2f} s (CPU {size['edit_cpu_seconds']:.2f} s)",
             "target": f"≤ {CHECKS_TARGET:.0f} s", "pass": size["edit_seconds"] <= CHECKS_TARGET},
            {"name": f"peak memory of the checks, {size['figures']:,} figures, cold / warm / one figure changed",
             "value": " / ".join(_mb(peak) for peak in peaks), "target": f"≤ {_mb(int(memory))}",
             "pass": max(peaks) <= memory},
        ]
    return rows


def checks_table(results: dict) -> str:
    """What --checks measures: each size's times and peaks, and its targets."""
    checks, machine = results["checks"], results["machine"]
    memory = CHECKS_MEMORY_TARGET * max(1, checks[-1]["figures"] / CHECKS_FIGURES)
    return "\n".join([
        f"Machine: {machine['cores']} cores, {machine['cpu']}, {machine['system']}, Python {machine['python']}",
        f"Command: {results['command']}", "",
        *_grid(("measure", "value"), _checks_rows(checks)), "",
        *_grid(("target", "measured", "goal", "result"),
               [(t["name"], t["value"], t["target"], "PASS" if t["pass"] else "FAIL")
                for t in edit_targets(checks, memory)]),
    ])


def _checks_rows(checks: list[dict]) -> list[tuple[str, str]]:
    return [(f"all checks, {c['figures']:,} figures ({c['pages']:,} pages), one core: wall (CPU) time, peak memory",
             f"cold {c['seconds']:.2f} s ({c['cpu_seconds']:.2f} s; loading YAML {c['load_seconds']:.2f} s), "
             f"{_mb(c['peak_bytes'])}; warm {c['warm_seconds']:.2f} s ({c['warm_cpu_seconds']:.2f} s), "
             f"{_mb(c['warm_peak_bytes'])}; one figure changed {c['edit_seconds']:.2f} s "
             f"({c['edit_cpu_seconds']:.2f} s), {_mb(c['edit_peak_bytes'])}") for c in checks]


def _kb(count: int) -> str:
    return f"{count / KB:,.0f} kB"


def _mb(count: int) -> str:
    return f"{count / KB / KB:,.1f} MB"


def table(results: dict) -> str:
    site, build, view, serve = results["site"], results["build"], results["first_view"], results["serve"]
    index = results["search_index"]
    ours, material = results["search"]["ours"], results["search"]["material"]
    whole = serve["site_edit_seconds"]
    rows = [
        ("build, data-checked (mkdocs-macros), best", f"{build['data_seconds']:.1f} s"),
        ("build, numbers typed in (plain MkDocs + Material), best", f"{build['typed_seconds']:.1f} s"),
        ("build CPU time (user + system), data-checked / typed-in",
         f"{build['data_cpu_seconds']:.1f} s / {build['typed_cpu_seconds']:.1f} s = {build['cpu_ratio']:.2f}×"),
        ("build, typed in without any search, best; CPU time",
         f"{build['bare_seconds']:.1f} s; {build['bare_cpu_seconds']:.1f} s"),
        ("peak memory, data-checked build", _mb(build["data_peak_bytes"])),
        ("peak memory, typed-in build", _mb(build["typed_peak_bytes"])),
        ("site size, data-checked / typed-in",
         f"{_mb(build['data_site_bytes'])} in {build['data_site_files']:,} files / "
         f"{_mb(build['typed_site_bytes'])} in {build['typed_site_files']:,} files"),
        *_checks_rows(results["checks"]),
        ("search index (all files)", f"{_mb(index['bytes'])} ({_kb(index['gzip_bytes'])} gzip)"),
        ("search, Material + jieba (typed-in twin): on page open / first search, gzip",
         f"{_kb(material['open_bytes'])} / {_kb(material['first_search_bytes'])}"),
        ("search, the site's own: on page open / first search (largest), gzip",
         f"{_kb(ours['open_bytes'])} (+ search.js {_kb(ours['script_bytes'])}) / "
         f"{_kb(ours['first_search_bytes'])} ({ours['first_search_query']})"),
        ("search indexing time, Material + jieba / the site's own",
         f"{material['index_seconds']:.1f} s / {ours['index_seconds']:.1f} s"),
        ("chapter page HTML", f"{_kb(view['html_raw_bytes'])} ({_kb(view['html_bytes'])} gzip)"),
        ("chapter first view: HTML + CSS + JS, gzip",
         f"{_kb(view['html_bytes'])} + {_kb(view['css_bytes'])} + {_kb(view['js_bytes'])}"),
        (f"one-figure edit visible in make serve (the whole site, {site['pages']:,} pages)",
         "not timed at this scale" if serve.get("site_edit_skipped") else "timeout" if whole is None
         else f"{whole:.1f} s"),
    ]
    machine = results["machine"]
    lines = [
        f"Site: {site['reports']:,} reports, {site['pages']:,} pages, {site['figures']:,} figures, "
        f"{site['citations']:,} fig() calls",
        f"Machine: {machine['cores']} cores, {machine['cpu']}, {machine['system']}, Python {machine['python']}",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in machine["versions"].items()),
        f"Command: {results['command']}",
        "",
        *_grid(("measure", "value"), rows),
        "",
        *_grid(("target", "measured", "goal", "result"),
               [(t["name"], t["value"], t["target"], "PASS" if t["pass"] else "FAIL") for t in results["targets"]]),
    ]
    return "\n".join(lines)


def serve_table(results: dict) -> str:
    """--serve-only: each run of the edit in `make serve`, and the two rows against their targets."""
    site, serve, machine = results["site"], results["serve"], results["machine"]
    rows = [(f"{name}, run {number}", "timeout" if run["seconds"] is None else f"{run['seconds']:.2f} s",
             "—" if run["cpu_seconds"] is None else f"{run['cpu_seconds']:.2f} s", f"{run['load']:.2f}")
            for name, key in (("make serve REPORT=…", "edit_runs"), ("make serve, the whole site", "site_edit_runs"))
            for number, run in enumerate(serve.get(key, []), start=1)]
    return "\n".join([
        f"Site: {site['reports']:,} reports, {site['pages']:,} pages, {site['figures']:,} figures",
        f"Machine: {machine['cores']} cores, {machine['cpu']}, {machine['system']}, Python {machine['python']}",
        f"Command: {results['command']}",
        "",
        *_grid(("one-figure edit", "save to new value shown", "CPU time of the preview", "load average"), rows),
        "",
        *_grid(("target", "measured (best)", "goal", "result"),
               [(t["name"], t["value"], t["target"], "PASS" if t["pass"] else "FAIL")
                for t in serve_targets(site, serve)]),
    ])


def _grid(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


if __name__ == "__main__":
    sys.exit(main())
