"""Errors are data: each one knows where it happened, what was expected, what was found and the fix.

Validators yield every error they find; the caller reports them together and fails once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass
from itertools import islice
from typing import NamedTuple, TypeVar

from .codes import CODES

T = TypeVar("T")
MAX_LISTED = 100  # problems of one kind listed for one file; the rest are counted in one more error


class Location(NamedTuple):
    """A place in a file of the project, as `path:line` with a path relative to the project root.

    A named pair rather than an object with attributes: there is one for every figure, citation and
    rule, and the checks' cache (check/cache.py) stores and reads back hundreds of thousands of them."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


# "是不是…" hints: difflib compares a name with every candidate, which for a thousand unknown keys
# among twenty thousand figures would take hours. So one run of the checks compares at most this many
# names in all, and none longer than a key needs to be; past that, hints go without a suggestion.
MAX_COMPARISONS = 20_000
MAX_COMPARED_LENGTH = 100
_comparisons = [MAX_COMPARISONS]  # left in this run
_refused = [0]  # hints given without a suggestion for want of comparisons left, in this run


def new_run() -> None:
    """A new run of the checks: the budget of comparisons for hints is full again."""
    _comparisons[0] = MAX_COMPARISONS
    _refused[0] = 0


def nearest(name: str, candidates: Iterable[str]) -> list[str]:
    """The names most like `name` (a mistyped key, field, unit or report), best first."""
    if len(name) > MAX_COMPARED_LENGTH:
        return []
    compared = [candidate for candidate in candidates if len(candidate) <= MAX_COMPARED_LENGTH]
    if len(compared) > _comparisons[0]:
        _refused[0] += 1
        return []
    _comparisons[0] -= len(compared)
    return difflib.get_close_matches(name, compared, n=3, cutoff=0.6)


class Spent(NamedTuple):
    """What a piece of the checks took from the run's budget of comparisons, computed with the whole
    budget to itself (`spending`): how many, and whether it still ran out."""

    comparisons: int
    ran_out: bool

    def __reduce__(self) -> str | tuple[type[Spent], tuple[int, bool]]:
        # Most pieces spend nothing: stored as a name, and read back as the one `NOTHING`.
        return "NOTHING" if self is NOTHING else (Spent, (self.comparisons, self.ran_out))


NOTHING = Spent(0, False)


def spending(work: Callable[[], T]) -> tuple[T, Spent]:
    """`work()`, as if it were the first thing this run compared names for, and what it spent.

    The run's budget is left as it was: the piece's spending is taken from it, in the run's order,
    by `spend`. So a piece can be worked out before its turn (or in an earlier run, and kept)."""
    left, refused = _comparisons[0], _refused[0]
    _comparisons[0], _refused[0] = MAX_COMPARISONS, 0
    try:
        done = work()
        spent = Spent(MAX_COMPARISONS - _comparisons[0], _refused[0] > 0)
        return done, NOTHING if spent == NOTHING else spent
    finally:
        _comparisons[0], _refused[0] = left, refused


def spend(spent: Spent) -> bool:
    """Take what a piece spent (`spending`) from the run's budget, at the piece's turn. True if the
    piece's hints are then exactly those it would give now: it had enough comparisons then, and
    there are as many left now. Else nothing is taken, and the piece is to be worked out again now."""
    if spent.ran_out or spent.comparisons > _comparisons[0]:
        return False
    _comparisons[0] -= spent.comparisons
    return True


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """“是不是“a”或“b”？” for the names most like `name`, or "" when none is close."""
    close = nearest(name, candidates)
    return f"是不是“{'”或“'.join(close)}”？" if close else ""


class Lines:
    """The line of each offset into a text, counted on from the offset asked for before: as matches
    are found in order, the text is counted through once, not once for each match."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def at(self, offset: int) -> int:
        if offset < self._offset:  # asked out of order: count from the top again
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


@dataclass(frozen=True)
class ReportError:
    """One problem an editor can fix. `message` is Chinese and says what was expected and found;
    `code` names the problem, stable across versions (codes.CODES)."""

    location: Location
    message: str
    hint: str = ""
    _: KW_ONLY
    code: str

    kind = "错误"

    def __post_init__(self) -> None:
        assert self.code in CODES, f"error code {self.code!r} is not declared in macros/model/codes.py"

    @property
    def title(self) -> str:
        """The kind of problem with its code, as a heading or an annotation names it: 数据错误 [unknown-key]."""
        return f"{self.kind} [{self.code}]"

    def __str__(self) -> str:
        """`path:line: 数据错误：<message> [code]`, the code at the end of the message's first line
        (as mypy shows its codes), then the rest of the message and the hint."""
        first, newline, rest = self.message.partition("\n")
        text = f"{self.location}: {self.kind}：{first} [{self.code}]{newline}{rest}"
        return f"{text}\n    怎么改：{self.hint}" if self.hint else text


class DataError(ReportError):
    """A YAML file under data/ is malformed or does not fit the schema."""

    kind = "数据错误"


class PageError(ReportError):
    """A Markdown page uses a figure or template construct it may not use."""

    kind = "页面错误"



def listed(found: Iterable[T], error: Callable[[T], ReportError], what: str) -> list[ReportError]:
    """The errors of the first MAX_LISTED problems found in one file, in order, and one more error, at
    the first of the others, counting them: a file with a million of them is reported in a moment,
    and its editor reads what to fix, not a million lines. `found` is gone through to its end, but
    only the listed problems become errors."""
    found = iter(found)
    errors = [error(item) for item in islice(found, MAX_LISTED)]
    for first in found:
        rest = 1 + sum(1 for _ in found)
        example = error(first)
        errors.append(type(example)(example.location, f"这个文件还有 {rest:,} 处{what}，未一一列出。",
                                    "先改正上面列出的各处，再运行 make check 查看其余的。", code=example.code))
    return errors


class ReportErrors(Exception):
    """Every problem found in one run, raised once."""

    def __init__(self, errors: list[ReportError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.location)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"发现 {len(self.errors)} 个问题，未生成网站：", ""]
        lines += [str(error) for error in self.errors]
        return "\n".join(lines)


class FileError(ReportError):
    """A file under docs/ or data/ is of a kind, size or nature the build refuses."""

    kind = "文件错误"


class RuleError(ReportError):
    """A rule is malformed or names a figure that does not exist: fix the rule, not the data."""

    kind = "规则定义错误"


class RuleFailure(ReportError):
    """The published figures do not reconcile."""

    kind = "核对不通过"
