"""Characters that cannot be seen: bidirectional controls, zero-width and other format characters.

In a chapter or a data file they can reorder what a reader sees (the "Trojan Source" trick), hide
text from a reviewer or split a word so that a check misses it. A byte-order mark at the very
start of a file is what some editors save and is accepted.
"""

from __future__ import annotations

import unicodedata

from ..model.errors import Location, ReportError, listed

_HIDDEN = {"Cc": "控制字符", "Cf": "格式字符", "Co": "私用区字符", "Zl": "分行符", "Zp": "分段符"}
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")
_VISIBLE_CONTROLS = "\t\n\r"
_VISIBLE_SPACES = "\t\n\r\u3000"  # and the ideographic space of Chinese text


def hidden_characters(rel: str, text: str, error: type[ReportError]) -> list[ReportError]:
    """One error per line holding characters that cannot be seen."""
    body = text.removeprefix("\ufeff")
    if _printable(body):
        return []
    def line_error(found: tuple[int, list[str]]) -> ReportError:
        number, chars = found
        names = "、".join(f"U+{ord(char):04X}（{_kind(char)}）" for char in chars)
        return error(Location(rel, number), f"这一行有看不见的字符：{names}。",
                     "删除这些字符：它们在编辑器里看不见，却能改变文字的显示顺序或藏起内容。"
                     "可以在编辑器里打开“显示不可见字符”后查找。", code="hidden-characters")

    lines = ((number, _hidden(line)) for number, line in enumerate(body.split("\n"), start=1) if not _printable(line))
    return listed(((number, found) for number, found in lines if found), line_error, "有看不见的字符的行")


def _hidden(line: str) -> list[str]:
    return sorted({char for char in line if unicodedata.category(char) in _HIDDEN and char not in _VISIBLE_CONTROLS})


def _printable(text: str) -> bool:
    """Whether the text is printable but for its tabs, line breaks and ideographic spaces: then it
    holds no character of _HIDDEN, for which str.isprintable() is false (as for spaces but " ")."""
    for space in _VISIBLE_SPACES:
        if space in text:
            text = text.replace(space, "")
    return text.isprintable()


def _kind(char: str) -> str:
    if char in _BIDI:
        return "文字方向控制符"
    if char in _ZERO_WIDTH:
        return "零宽字符"
    return _HIDDEN[unicodedata.category(char)]
