"""The hostile corpus (issue 10): pathological pages and data files, each refused or built within a budget.

    python -m bench.hostile                      # every case at full size (make bench ARGS=--hostile)
    python -m bench.hostile --only=brackets-1mb  # some cases (names as listed by --list)
    python -m bench.hostile --fraction=0.001     # every case at a thousandth of its size (the tests)

Each case alters a fresh copy of the project (mkdocs.yml, data/, docs/, macros/, overrides/): most
add a payload to the end of a chapter, up to just under the page cap, some replace a data file.
Then it runs the checks (`python -m macros.commands.check`, as `make check`) and, where they pass, the strict
build (`mkdocs build --strict`, as `make site`). Each of the two must finish within the budget
(10 s by default); a run still going at the timeout is stopped and fails. A Python traceback in
either fails the case too: every bad input is to be a Chinese error with file:line. Progress goes to
stderr; the table and then the results as one line of JSON go to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from macros.guard.files import MAX_PAGE_BYTES
from macros.load.rules import MAX_RULES
from macros.load.yamlfile import MAX_BYTES as MAX_DATA_BYTES

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("mkdocs.yml", "data", "docs", "macros", "overrides")
REPORT = "dongli-emergency/2022"
CHAPTER = f"docs/{REPORT}/3-next-steps.md"  # the last chapter: a payload at its end disturbs no quote
CITING = f"docs/{REPORT}/1-achievements.md"  # a chapter that cites figures, so the appendix names it
RULES = f"data/{REPORT}/rules.yaml"
FIGURES = f"data/{REPORT}/figures.yaml"
ALLOWLIST = f"data/{REPORT}/allowed-numbers.yaml"
RECORD = f"data/{REPORT}/published-values.yaml"
TERMS = f"data/{REPORT}/terms.txt"
KEY = "enforcement.cases.total"
OTHER_KEY = "enforcement.reviews"  # the same number as KEY (71)
BUDGET = 10.0  # seconds, for the checks and for the build of each case
TIMEOUT = 60.0  # seconds after which a run is stopped (and fails)
TEXT = "坚持依法行政，推进严格规范公正文明执法。"  # plain Chinese text, 20 characters, 60 bytes


@dataclass(frozen=True)
class Case:
    """One hostile input: a name, what it is, and how it alters a project copy (sizes times `fraction`)."""

    name: str
    what: str
    write: Callable[[Path, float], None]


def _room(project: Path, fraction: float) -> int:
    """Bytes a payload may add to the chapter so that the page stays just under the page cap."""
    used = len((project / CHAPTER).read_bytes())
    return max(1, int((MAX_PAGE_BYTES - used - 64) * fraction))


def _append(project: Path, text: str, page: str = CHAPTER) -> None:
    path = project / page
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def fill(unit: str) -> Callable[[Path, float], None]:
    """The chapter filled up to the page cap with `unit` repeated (on one line)."""
    def write(project: Path, fraction: float) -> None:
        _append(project, unit * max(1, _room(project, fraction) // len(unit.encode("utf-8"))))
    return write


def repeat(unit: str, count: int) -> Callable[[Path, float], None]:
    """`unit` repeated `count` times at the end of the chapter."""
    return lambda project, fraction: _append(project, unit * max(1, int(count * fraction)))


def heading_spaces(project: Path, fraction: float) -> None:
    """The first heading of a chapter that cites figures, with 200k spaces before its last character."""
    path = project / CITING
    head, _, rest = path.read_text("utf-8").partition("\n")
    path.write_text(head + " " * max(1, int(200_000 * fraction)) + "成\n" + rest, "utf-8")


def fig_calls(count: int, per_line: int = 10) -> Callable[[Path, float], None]:
    """`count` citations of one figure, `per_line` to a paragraph."""
    def write(project: Path, fraction: float) -> None:
        total = max(1, int(count * fraction))
        call = f'{{{{ fig("{KEY}") }}}}'
        lines = [" ".join([call] * min(per_line, total - start)) for start in range(0, total, per_line)]
        _append(project, "\n\n".join(lines))
    return write


def many_rules(count: int, in_all: bool = False) -> Callable[[Path, float], None]:
    """The report's rules.yaml with `count` more rules (or, `in_all`, as many more as make `count`),
    written compactly (to stay under the data file cap), each of which holds."""
    def write(project: Path, fraction: float) -> None:
        more = count - len(re.findall(r"^- ", (project / RULES).read_text("utf-8"), re.MULTILINE)) if in_all else count
        with (project / RULES).open("a", encoding="utf-8") as rules:
            rules.writelines(f"- {{id: r{n}, description: 同一数字{n}, equal: {{same: [{KEY}, {OTHER_KEY}]}}}}\n"
                             for n in range(max(1, int(more * fraction))))
    return write


def nested_list(depth: int) -> Callable[[Path, float], None]:
    """A list nested `depth` levels deep, four spaces a level."""
    def write(project: Path, fraction: float) -> None:
        levels = max(2, int(depth * fraction))
        _append(project, "".join(f"{'    ' * level}- 第{'一' if level % 2 else '二'}层\n" for level in range(levels)))
    return write


def yaml_line(prefix: str, unit: str, suffix: str = "") -> Callable[[Path, float], None]:
    """One line of about 1 MB added to figures.yaml: `prefix`, `unit` repeated, `suffix`."""
    def write(project: Path, fraction: float) -> None:
        path = project / FIGURES
        text = path.read_text("utf-8")
        room = int((min(1_000_000, MAX_DATA_BYTES - len(text.encode("utf-8")) - 64)) * fraction)
        path.write_text(text + prefix + unit * max(1, room // len(unit)) + suffix + "\n", "utf-8")
    return write


def wide_allowlist(project: Path, fraction: float) -> None:
    """An allowlist near the data cap (about 20,000 entries, one of them used) and a chapter of plain
    text near the page cap: every entry is looked for in every chapter."""
    path = project / ALLOWLIST
    text = path.read_text("utf-8")
    entries = max(1, int(MAX_DATA_BYTES * 0.9 / 90 * fraction))
    path.write_text(text + "".join(f"- text: 第{number}号文件附件\n  reason: 文件编号\n"
                                   for number in range(entries)), "utf-8")
    fill(TEXT)(project, fraction)
    _append(project, "见第0号文件附件。")


def unknown_keys(project: Path, fraction: float) -> None:
    """A figures.yaml near the data cap (about 20,000 figures, none cited) and 2,000 citations of keys
    that do not exist: each unknown key is compared with every key for a suggestion."""
    path = project / FIGURES
    text = path.read_text("utf-8")
    count = max(1, int(MAX_DATA_BYTES * 0.9 / 90 * fraction))
    path.write_text(text + "".join(f"hostile.group_{number}.figure:\n  label: 第{number}项\n  value: 1\n  unit: 件\n"
                                   "  data_only: true\n" for number in range(count)), "utf-8")
    calls = [f'{{{{ fig("hostile.group_{n}.figur") }}}}' for n in range(max(1, int(2_000 * fraction)))]
    _append(project, "\n\n".join(" ".join(calls[start:start + 10]) for start in range(0, len(calls), 10)))


def many_figures(count: int) -> Callable[[Path, float], None]:
    """`count` more figures, data-only and in the record of published values: a valid report whose
    data appendix has that many rows."""
    def write(project: Path, fraction: float) -> None:
        total = max(1, int(count * fraction))
        keys = [f"hostile.group_{number}.figure" for number in range(total)]
        with (project / FIGURES).open("a", encoding="utf-8") as figures:
            figures.writelines(f"{key}:\n  label: 第{n}项\n  value: {n}\n  unit: 件\n  data_only: true\n"
                               for n, key in enumerate(keys))
        with (project / RECORD).open("a", encoding="utf-8") as record:
            record.writelines(f'{key}: "{n}件"\n' for n, key in enumerate(keys))
    return write


def many_quotes(count: int) -> Callable[[Path, float], None]:
    """`count` year-over-year rules, each quoting words the chapters do not hold, and a chapter of
    text up to the page cap: each quote is looked for in every chapter."""
    def write(project: Path, fraction: float) -> None:
        total = max(1, int(count * fraction))
        with (project / RULES).open("a", encoding="utf-8") as rules:
            rules.writelines(f"- id: hostile-claim-{n}\n  description: 比较{n}\n  change:\n    figure: {KEY}\n"
                             f"    previous: {KEY}\n    claim: 下降\n    quote: 第{n}项比上年下降\n"
                             for n in range(total))
        fill(TEXT)(project, fraction)
    return write


def paragraphs_of(unit: str, count: int, filler: str = TEXT) -> Callable[[Path, float], None]:
    """Paragraphs of `unit` × `count` and then text, up to the page cap: the most of `unit` a
    paragraph may hold, in as many paragraphs as fit."""
    def write(project: Path, fraction: float) -> None:
        paragraph = unit * count + filler * 20 + "\n\n"
        _append(project, paragraph * max(1, _room(project, fraction) // len(paragraph.encode("utf-8"))))
    return write


def long_term(project: Path, fraction: float) -> None:
    """A search term of 500,000 characters: jieba's work for a term grows with its length squared."""
    with (project / TERMS).open("a", encoding="utf-8") as terms:
        terms.write("词" * max(1, int(500_000 * fraction)) + "\n")


def many_terms(project: Path, fraction: float) -> None:
    """100,000 search terms."""
    with (project / TERMS).open("a", encoding="utf-8") as terms:
        terms.writelines(f"专名{n}\n" for n in range(max(1, int(100_000 * fraction))))


def many_files(count: int) -> Callable[[Path, float], None]:
    """`count` small pages in a folder of their own under docs/."""
    def write(project: Path, fraction: float) -> None:
        folder = project / "docs" / "hostile-pages"
        folder.mkdir()
        for number in range(max(1, int(count * fraction))):
            (folder / f"p{number}.md").write_text(f"# 第{number}页\n", "utf-8")
    return write


CASES = (
    Case("brace-1mb", "a chapter of `{` up to the page cap", fill("{")),
    Case("unclosed-20k", "20,000 unclosed `{{`, one a line", repeat("{{ 没有结尾\n", 20_000)),
    Case("open-then-1mb", "`{{` and then text up to the page cap, never closed",
         lambda project, fraction: (_append(project, "{{"), fill(TEXT)(project, fraction))),
    Case("fig-25k", "25,000 fig() calls in one paragraph", fig_calls(25_000, per_line=25_000)),
    Case("fig-2000", "2,000 fig() calls, ten to a paragraph", fig_calls(2_000)),
    Case("fig-2000-one-paragraph", "2,000 fig() calls in one paragraph", fig_calls(2_000, per_line=2_000)),
    Case("heading-spaces", "a chapter's heading with 200,000 spaces before its last character", heading_spaces),
    Case("rules-10k", "10,000 rules in one report", many_rules(10_000)),
    Case("rules-1000", "1,000 rules in one report, the most a report may have", many_rules(MAX_RULES, in_all=True)),
    Case("chinese-1mb", "a chapter of plain Chinese text up to the page cap, one line",
         fill(TEXT)),
    Case("chinese-paragraphs-1mb", "a chapter of plain Chinese paragraphs up to the page cap",
         fill(TEXT * 20 + "\n\n")),
    Case("brackets-1mb", "`[` up to the page cap (Markdown's link parsing)", fill("[")),
    Case("image-openers-1mb", "`![` up to the page cap", fill("![")),
    Case("link-openers-1mb", "`[a](` up to the page cap", fill("[a](")),
    Case("lt-1mb", "`<` up to the page cap", fill("<")),
    Case("tag-openers-1mb", "`<a` up to the page cap, never closed", fill("<a")),
    Case("autolink-openers-1mb", "`<https://a` up to the page cap, never closed", fill("<https://a")),
    Case("amp-1mb", "`&` up to the page cap", fill("&")),
    Case("entity-digits", "`&#` and 5,000 digits (a number too long for Python's int)",
         repeat("&#" + "9" * 5_000 + ";", 1)),
    Case("stars-1mb", "`*a` up to the page cap, one line (emphasis)", fill("*a")),
    Case("underscores-1mb", "`_a` up to the page cap, one line (emphasis)", fill("_a")),
    Case("backticks-1mb", "`` `a `` up to the page cap, one line (code spans)", fill("`a")),
    Case("backslashes-1mb", "`\\` up to the page cap (escapes)", fill("\\")),
    Case("paragraphs-1mb", "one-character paragraphs up to the page cap", fill("之\n\n")),
    Case("headings-1mb", "headings up to the page cap", fill("## 标题\n\n")),
    Case("blockquote-1mb", "`>` up to the page cap (a blockquote nested as deep)", fill(">")),
    Case("nested-list", "a list nested 400 levels deep", nested_list(400)),
    Case("digits-1mb", "typed digits up to the page cap, 500,000 of them", fill("1 ")),
    Case("yaml-flow-nested", "figures.yaml with a 1 MB line of `[`", yaml_line("hostile: ", "[")),
    Case("yaml-flow-wide", "figures.yaml with a 1 MB one-line flow list",
         yaml_line("hostile: [", "a, ", "a]")),
    Case("allowlist-20k", "20,000 allowlist entries and a chapter of text up to the page cap", wide_allowlist),
    Case("unknown-keys", "20,000 figures and 2,000 citations of unknown keys", unknown_keys),
    Case("sup-1mb", "`<sup>` up to the page cap (an allowed tag, never closed)", fill("<sup>")),
    Case("line-breaks-1mb", "`<br>` up to the page cap (an allowed tag)", fill("<br>")),
    Case("list-markers-line", "`- ` 200,000 times on one line (a list in a list in a list …)", repeat("- ", 200_000)),
    Case("numbered-markers-line", "`1. ` 100,000 times on one line", repeat("1. ", 100_000)),
    Case("lines-20k", "a page of just under 20,000 lines, one-character paragraphs", repeat("之\n\n", 9_900)),
    Case("brackets-at-cap", "paragraphs of 10 unclosed `[` and text, up to the page cap", paragraphs_of("[", 10)),
    Case("marks-at-cap", "paragraphs of 250 escapes `\\*` (500 marks) and text, up to the page cap",
         paragraphs_of("\\*", 250)),
    Case("ascii-brackets-at-cap", "paragraphs of 10 unclosed `[` and ASCII text, up to the page cap",
         paragraphs_of("[", 10, "abcdefghijklmnopqrstuvwxyz " * 3)),
    Case("figures-20k", "20,000 data-only figures in one report (its appendix has as many rows)", many_figures(20_000)),
    Case("figures-2000", "2,000 data-only figures in one report", many_figures(2_000)),
    Case("quotes-1000", "1,000 year-over-year rules quoting words not in the chapters, and a chapter of text",
         many_quotes(1_000)),
    Case("term-500k", "a search term of 500,000 characters", long_term),
    Case("terms-100k", "100,000 search terms", many_terms),
    Case("docs-files-60k", "60,000 pages under docs/", many_files(60_000)),
    Case("docs-files-110k", "110,000 pages under docs/", many_files(110_000)),
)


# -- running -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int | None  # None: stopped at the timeout
    output: str


def run(command: list[str], cwd: Path, timeout: float) -> Run:
    """Run to the end or to the timeout (then the process group is stopped)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            returncode = None
        seconds = time.perf_counter() - start
        log.seek(0)
        return Run(seconds, returncode, log.read().decode("utf-8", "replace"))


def prepare(case: Case, dest: Path, fraction: float = 1.0) -> Path:
    """A fresh copy of the project in `dest`, altered by the case."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    case.write(dest, fraction)
    return dest


def measure(case: Case, work: Path, fraction: float, budget: float, timeout: float) -> dict:
    project = prepare(case, work / case.name / "project", fraction)
    checks = run([sys.executable, "-m", "macros.commands.check"], project, timeout)
    result: dict = {"name": case.name, "what": case.what, "check": _outcome(checks), "build": None}
    if checks.returncode == 0:
        build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / case.name / "site")],
                    project, timeout)
        result["build"] = _outcome(build)
    runs = [result["check"], *([result["build"]] if result["build"] else [])]
    result["pass"] = all(r["seconds"] <= budget and r["finished"] and not r["traceback"] for r in runs) and \
        (result["build"] is None or result["build"]["exit"] == 0)
    shutil.rmtree(work / case.name, ignore_errors=True)
    return result


_PROBLEM = re.compile(r"\S+:\d+: \S*(?:错误|不通过)：")  # an error as the checks print it (errors.py)


def _outcome(done: Run) -> dict:
    problems = [line for line in done.output.splitlines() if _PROBLEM.match(line)]
    return {
        "seconds": round(done.seconds, 2),
        "finished": done.returncode is not None,
        "exit": done.returncode,
        "traceback": "Traceback (most recent call last)" in done.output,
        "problems": len(problems),
        "first": (problems or done.output.strip().splitlines()[-1:] or [""])[0][:160],
    }


def table(results: list[dict], budget: float, timeout: float) -> str:
    lines = [f"Hostile corpus: budget {budget:.0f} s for the checks and for the build of each case; "
             f"runs stopped at {timeout:.0f} s.", "",
             "| case | make check | build | result | first message |", "| --- | --- | --- | --- | --- |"]
    return "\n".join(lines + [_row(result) for result in results])


def _row(result: dict) -> str:
    check, build = result["check"], result["build"]
    return (f"| {result['name']} | {_shown(check, refused=True)} | {_shown(build) if build else '—'} | "
            f"{'PASS' if result['pass'] else 'FAIL'} | {check['first'] if check['exit'] else ''} |")


def _shown(outcome: dict, refused: bool = False) -> str:
    if not outcome["finished"]:
        return f"> {outcome['seconds']:.0f} s, stopped"
    if outcome["traceback"]:
        return f"{outcome['seconds']:.2f} s, traceback"
    what = ("refused" if refused else "failed") if outcome["exit"] else "passed"
    return f"{outcome['seconds']:.2f} s, {what}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated case names (default: every case)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--fraction", type=float, default=1.0, help="scale every size by this (default 1)")
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds per run (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds before a run is stopped "
                        "(default %(default)s)")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(f"{case.name}: {case.what}" for case in CASES))
        return 0
    results = run_cases(args.only.split(",") if args.only else None, args.fraction, args.budget, args.timeout)
    print(table(results, args.budget, args.timeout))
    print(json.dumps(results, ensure_ascii=False))
    return 0


def run_cases(names: list[str] | None, fraction: float = 1.0, budget: float = BUDGET,
              timeout: float = TIMEOUT) -> list[dict]:
    chosen = [case for case in CASES if names is None or case.name in names]
    unknown = set(names or ()) - {case.name for case in CASES}
    if unknown:
        raise SystemExit(f"unknown cases: {', '.join(sorted(unknown))} (see --list)")
    results = []
    with _workdir() as work:
        for case in chosen:
            print(f"[hostile] {case.name}: {case.what}", file=sys.stderr, flush=True)
            results.append(measure(case, work, fraction, budget, timeout))
            print(f"[hostile]   {_row(results[-1])}", file=sys.stderr, flush=True)
    return results


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as work:
        yield Path(work)


if __name__ == "__main__":
    sys.exit(main())
