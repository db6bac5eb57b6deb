"""Errors are data: each one knows where it happened, what was expected, what was found and the fix.

Validators yield every error they find; the caller reports them together and fails once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file of the project, as `path:line` with a path relative to the project root."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def nearest(name: str, candidates: Iterable[str]) -> list[str]:
    """The names most like `name` (a mistyped key, field, unit or report), best first."""
    return difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)


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
    """One problem an editor can fix. `message` is Chinese and says what was expected and found."""

    location: Location
    message: str
    hint: str = ""

    kind = "错误"

    def __str__(self) -> str:
        text = f"{self.location}: {self.kind}：{self.message}"
        return f"{text}\n    怎么改：{self.hint}" if self.hint else text


class DataError(ReportError):
    """A YAML file under data/ is malformed or does not fit the schema."""

    kind = "数据错误"


class PageError(ReportError):
    """A Markdown page uses a figure or template construct it may not use."""

    kind = "页面错误"


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
