"""GitHub Actions: problems on the lines of a pull request's diff, and the job summary.

Under GitHub Actions (GITHUB_ACTIONS=true) a command prints each problem as a workflow command,
`::error file=…,line=…,title=…::message` (`::notice` for what does not fail), which GitHub shows on
that line of the pull request's changed files, and appends Chinese Markdown to the job summary, the
file named by GITHUB_STEP_SUMMARY.

Everything shown here quotes text an editor controls (file names, keys, words of a page), so:
- in a workflow command, data and properties are escaped as GitHub's toolkit escapes them (`%`, CR
  and LF; in properties also `:` and `,`), so a message is one command and never starts another;
- the commands' readable output, which prints the same text unescaped, is printed while workflow
  commands are stopped (`::stop-commands::<token>` … `::<token>::`, the token random), so no line
  of it is ever taken for a command;
- in the summary, every ASCII punctuation character of such text is backslash-escaped, which
  CommonMark reads as the character itself: no heading, link, image, table cell or HTML can come
  out of it. Line breaks become `<br>`, and control and format characters (bidi overrides,
  zero-width characters) are shown as their code points.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Literal, TextIO

from ..model.errors import ReportError

ACTIONS = "GITHUB_ACTIONS"
SUMMARY = "GITHUB_STEP_SUMMARY"
# GitHub drops a step's whole summary beyond 1 MiB; keep well inside it.
SUMMARY_BYTES = 900_000
# GitHub shows at most this many annotations of each level per step (the rest only in the log).
SHOWN_PER_LEVEL = 10

Level = Literal["error", "warning", "notice"]

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character


def active(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this runs as a step of GitHub Actions."""
    return environ.get(ACTIONS) == "true"


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped, so that it stays one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): also `:` and `,`, which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: Level, problem: ReportError) -> str:
    """The workflow command that puts `problem` on its line in the pull request's diff."""
    location = problem.location
    message = f"{problem.message}\n怎么改：{problem.hint}" if problem.hint else problem.message
    return (f"::{level} file={escape_property(location.path)},line={max(location.line, 1)},"
            f"title={escape_property(problem.title)}::{escape_data(message)}")


@contextmanager
def commands_stopped(out: TextIO | None = None) -> Iterator[None]:
    """Meanwhile, nothing printed to `out` (stdout) is taken for a workflow command."""
    stream = out or sys.stdout
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", file=stream, flush=True)
    try:
        yield
    finally:
        print(f"::{token}::", file=stream, flush=True)


def text(value: object) -> str:
    """Text an editor controls, as literal Markdown: nothing in it becomes markup."""
    shown = "".join(_visible(char) for char in str(value).replace("\r\n", "\n"))
    return _PUNCTUATION.sub(lambda match: "\\" + match.group(0), shown).replace("\n", "<br>")


def _visible(char: str) -> str:
    if char == "\n" or unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
        return char
    return f"U+{ord(char):04X}"


def table(head: list[str], rows: Iterable[list[str]]) -> str:
    """A Markdown table; `head` is trusted, the cells are Markdown already (escaped with `text`)."""
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def by_file(problems: Iterable[ReportError]) -> list[str]:
    """The problems as Markdown blocks, one per file: its name as a heading, an item per problem
    with its line, kind and code, and hint."""
    ordered = sorted(problems, key=lambda problem: problem.location)
    blocks = []
    for path, group in groupby(ordered, key=lambda problem: problem.location.path):
        items = [f"- 第 {problem.location.line} 行，{text(problem.title)}：{text(problem.message)}"
                 + (f"<br>怎么改：{text(problem.hint)}" if problem.hint else "") for problem in group]
        blocks.append(f"#### {text(path)}\n\n" + "\n".join(items))
    return blocks


def append_summary(blocks: list[str], environ: Mapping[str, str] = os.environ) -> str | None:
    """Append Markdown blocks to the job summary; None, or what went wrong in Chinese.

    Blocks that would take the summary past GitHub's size limit are left out, and it says so."""
    target = environ.get(SUMMARY, "")
    if not target:
        return None
    kept, size = [], 0
    for number, block in enumerate(blocks):
        size += len(block.encode("utf-8")) + 2
        if size > SUMMARY_BYTES:
            kept.append(f"……摘要超过 GitHub 的大小上限，其余 {len(blocks) - number} 部分从略，完整内容见这一步的日志。")
            break
        kept.append(block)
    try:
        with Path(target).open("a", encoding="utf-8") as summary:
            summary.write("\n\n".join(kept) + "\n\n")
    except OSError as error:
        return f"无法写入 GitHub 的摘要文件（{SUMMARY}）：{error.strerror or error}。日志中的内容不受影响。"
    return None
