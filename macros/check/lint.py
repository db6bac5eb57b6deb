r"""Checks over the pages as a whole: statistics typed into pages, figures no page cites.

A digit on any page of the site outside a `{{ fig() }}` call is a statistic typed by hand, unless
the text around it is in the reviewed allowlist of the report the page belongs to
(allowed-numbers.yaml: years, dates, the hotline, names). Pages of no report (the home page, the
corrections page) have no figures and no allowlist: a digit there is always an error.

A digit is any character Unicode gives a number value to (`\d` and the other number characters,
see number_characters): ASCII and full-width digits, the digits of other scripts (١٢٣),
mathematical (𝟗), superscript (²), circled (①) and Roman (Ⅻ) ones. Chinese numerals are words
and are not checked, nor are their enclosed forms (㈠) or 〇.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ..load.allowlist import ALLOWLIST, Allowed, load_allowlist
from ..load.pages import blanked
from ..load.tree import Tree
from ..load.yamlfile import clip
from ..model.errors import DataError, Lines, Location, PageError, ReportError, listed
from ..model.report import Report

_NUMBER_CATEGORIES = ("Nd", "Nl", "No")  # decimal digits, letter numbers (Ⅻ), other numbers (², ①)
_NAMED = 5  # look-alike digits a message names at most
_CHINESE_ZERO = "\u3007"  # 〇, as in 二〇二二年: a Chinese numeral, though Unicode files it as Nl
# What a look-alike digit is, in Chinese, by the words of its Unicode name (first match wins).
_KINDS = (
    ("FULLWIDTH", "全角数字"), ("MATHEMATICAL BOLD", "数学粗体数字"),
    ("MATHEMATICAL DOUBLE-STRUCK", "数学双线体数字"), ("MATHEMATICAL SANS-SERIF BOLD", "数学无衬线粗体数字"),
    ("MATHEMATICAL SANS-SERIF", "数学无衬线数字"), ("MATHEMATICAL MONOSPACE", "数学等宽数字"),
    ("SEGMENTED", "七段显示数字"), ("SUPERSCRIPT", "上标数字"), ("SUBSCRIPT", "下标数字"),
    ("CIRCLED", "带圈数字"), ("PARENTHESIZED", "带括号数字"), ("FULL STOP", "带点数字"), ("COMMA", "带逗号数字"),
    ("FRACTION", "分数"), ("ROMAN NUMERAL", "罗马数字"), ("EXTENDED ARABIC-INDIC", "扩展阿拉伯-印度数字"),
    ("ARABIC-INDIC", "阿拉伯-印度数字"), ("DEVANAGARI", "天城文数字"), ("BENGALI", "孟加拉文数字"),
    ("THAI", "泰文数字"), ("TIBETAN", "藏文数字"), ("MONGOLIAN", "蒙古文数字"), ("HANGZHOU", "苏州码子"),
)


# Number characters all lie in the first two planes: above them are ideographs (Lo), unassigned
# planes, tags and private use (tests/test_pages.py checks this against the whole of unicodedata).
NUMBER_PLANES = 0x20000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def is_number(char: str) -> bool:
    """A character Unicode gives a number value to, but for Chinese numerals and their enclosed forms."""
    return (char.isnumeric() and unicodedata.category(char) in _NUMBER_CATEGORIES and char != _CHINESE_ZERO
            and not any(unicodedata.category(part) == "Lo" for part in unicodedata.normalize("NFKC", char)))


@cache
def number_characters(planes: int = NUMBER_PLANES) -> re.Pattern[str]:
    """Runs of number characters (is_number) below `planes`, as one class of ranges: built once per run."""
    runs: list[list[int]] = []
    for code in (ord(char) for char in filter(str.isnumeric, map(chr, range(planes))) if is_number(char)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile("[" + "".join(re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
                                    for low, high in runs) + "]+")


def numbers_in(text: str) -> Iterator[re.Match[str]]:
    """The runs of number characters in a text. A class with characters beyond the first plane is
    tested range by range, six times slower on Chinese text than one within it (a bitmap), so that
    one is used unless the text holds such characters at all."""
    return number_characters(NUMBER_PLANES if _ASTRAL.search(text) else 0x10000).finditer(text)


def look_alike(char: str) -> str | None:
    """What a digit that is not 0-9 is, for a message: “𝟗”（U+1D7D7，数学粗体数字，即 9）."""
    if "0" <= char <= "9":
        return None
    name = unicodedata.name(char, "")
    kind = next((chinese for words, chinese in _KINDS if words in name),
                "其他文字的数字" if unicodedata.category(char) == "Nd" else "数字符号")
    return f"“{char}”（U+{ord(char):04X}，{kind}，即 {unicodedata.numeric(char):.12g}）"




def typed_numbers(tree: Tree, owner: str | None, pages: list[Path]) -> list[ReportError]:
    """Every digit typed into the pages of one owner that is not in its allowlist; stale allowlist entries.

    Every page of the site is read, with its owner's allowlist: a report's (also when the report
    itself could not be loaded), and none for the site's own pages (owner None). A report whose
    allowlist has errors is not linted (those are its errors): every year on its pages would seem
    typed by hand.
    """
    errors: list[ReportError] = []
    allowed = load_allowlist(tree, owner, errors) if owner is not None else []
    if errors:
        return errors
    longest_first = sorted(allowed, key=lambda a: -len(a.text))
    used: Counter[str] = Counter()
    for path in pages:
        errors += _typed(tree, path, owner, longest_first, used)
    errors += [
        DataError(entry.location, f"允许项“{entry.text}”在正文中没有出现。", "删除这一项。", code="allowed-unused")
        for entry in allowed if not used[entry.text]
    ]
    return errors


_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_DATE = rf"{_YEAR}-{_MONTH}-{_DAY}|{_YEAR}年(?:度|{_MONTH}月(?:{_DAY}日)?)?|{_MONTH}月{_DAY}日"
# Dates, periods and ordinals in names are not statistics: 2024-01-23, 2023年, 2023年度, 2023年12月,
# 2023年1月1日, 12月31日, 6月16日, 2023年1月1日至12月31日 (two dates), 第3届 / 第2期 / 第5批 / 第1号.
DATES = re.compile(rf"(?<![0-9])(?:{_DATE}|(?<=第)[0-9]{{1,3}}(?=[届期批号]))(?![0-9])")
# What may be a year or a date, for `make new-report` to list those it left as they were: the dates
# above, and a bare year (2022, as in dongli-emergency/2022) not inside a longer number.
YEARS_AND_DATES = re.compile(rf"(?<![0-9])(?:{_DATE}|{_YEAR})(?![0-9])")


def _typed(tree: Tree, path: Path, owner: str | None, longest_first: list[Allowed],
           used: Counter[str]) -> list[ReportError]:
    text = blanked(tree.text(path))
    for entry in longest_first:
        count = text.count(entry.text)
        if count:
            used[entry.text] += count
            text = text.replace(entry.text, " " * len(entry.text))
    text = DATES.sub(lambda date: " " * len(date.group(0)), text)
    lines = Lines(text)
    rel = path.relative_to(tree.root).as_posix()

    def error(match: re.Match[str]) -> PageError:
        context = " ".join(text[max(0, match.start() - 8):match.end() + 8].split())
        typed = match.group(0)
        strange = [shown for char in dict.fromkeys(typed) if (shown := look_alike(char))][:_NAMED]
        disguise = f"其中 {'、'.join(strange)} 不是普通的数字，但同样是数字。" if strange else ""
        return PageError(Location(rel, lines.at(match.start())),
                         f"正文里直接写了数字“{clip(typed)}”（…{clip(context)}…）。{disguise}", _hint(owner),
                         code="digits-in-text")

    return listed(numbers_in(text), error, "直接写出的数字")


def _hint(owner: str | None) -> str:
    if owner is None:
        return ("这个页面不属于任何报告，没有数据文件，也没有允许列表：删除这个数字，"
                "或把这段内容移到报告的正文中，用 {{ fig(\"键\") }} 引用报告的数字。")
    return (f"统计数字写进 data/{owner}/figures.yaml，正文用 {{{{ fig(\"键\") }}}} 引用；"
            f"日期（2024-01-23、2023年1月1日、12月31日）不用登记；热线号码、带数字的名称等"
            f"请维护者加入 data/{owner}/{ALLOWLIST}。")


def _tables_placed(report: Report, cited: set[str]) -> list[ReportError]:
    """Every table of the report's kind is on a page: one error a table whose cells are not all cited."""
    if report.kind is None:
        return []
    errors: list[ReportError] = []
    for table in report.kind.tables.values():
        missing = [cell.key for cell in table.cells() if cell.key in report.figures and cell.key not in cited]
        if missing:
            section = next((s.title for s in report.kind.sections if table.id in s.tables), None)
            where = f"“{section}”部分的页面" if section else "报告的页面"
            errors.append(DataError(report.figures[missing[0]].location,
                                    f"表“{table.title}”没有放在任何页面上（{len(missing)} 格数字没有被引用）。",
                                    f"在{where}中写 {{{{ table(\"{table.id}\") }}}}，网站就在那里显示整张表。",
                                    code="table-not-placed"))
    return errors


def citation_coverage(report: Report, cited: set[str]) -> list[ReportError]:
    """Every figure of the report is cited (`cited`: the keys cited on the pages below its folder) at
    least once, unless it is data-only; data-only ones are not cited."""
    errors = _tables_placed(report, cited)
    for figure in report.figures.values():
        if figure.key in report.cells:
            continue  # a table's cells are cited by the table, told of above
        if figure.data_only and figure.key in cited:
            errors.append(DataError(figure.location,
                                    f"数字“{figure.key}”标记为 data_only，正文却引用了它。",
                                    "删除 data_only: true，或删除正文中的引用。", code="data-only-cited"))
        elif not figure.data_only and figure.key not in cited:
            errors.append(DataError(figure.location, f"数字“{figure.key}”没有被任何页面引用。",
                                    "在正文中用 {{ fig(\"" + figure.key + "\") }} 引用它；"
                                    "只作数据公开、不在正文出现的，写 data_only: true。", code="figure-not-cited"))
    return errors
