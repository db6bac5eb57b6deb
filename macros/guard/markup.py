"""HTML in chapters and data: harmless formatting only, nothing that can script or redirect the site.

Python-Markdown copies raw HTML into the published page, and text from data files reaches pages
too. Editors may write <br>, <sup> and <sub> with no attributes, and autolinks such as
<https://www.gov.cn>. Any other tag, comment or declaration is refused (so script, iframe, object,
embed, base, meta, form, style, link, any `on…=` attribute), and so are `javascript:`,
`vbscript:` and `data:` URLs however they are disguised (entities, case, spaces, line breaks) and
Markdown attribute lists (`{: onclick=… }`), which add attributes to the element before them.

Headings are plain text (heading_errors): a heading is a page's title, shown in the browser's title
bar, the navigation, the header and the search results, each time by a different template, and a
template that turns `&lt;` back into `<` (as Material's `<title>` once did) makes an entity a tag.
So a heading holds no `<`, `>` or `&` at all: no tag, no character reference, escaped or not.
"""

from __future__ import annotations

import html
import re

from ..model.errors import Lines, Location, PageError, ReportError, listed

ALLOWED_TAGS = ("<br>", "<sup>", "<sub>")
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_HARMLESS = re.compile(r"<br\s*/?>|</?su[pb]>|<https?://[^\s<>\"'`]+>")
_TAG_TEXT = re.compile(r"<[^>\n]{0,40}>?")
_TOKEN = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?|.", re.DOTALL)
_SCHEMES = ("javascript", "vbscript", "data")
_SCHEME = re.compile(rf"(?<![a-z0-9+.\-])({'|'.join(_SCHEMES)}):")
_GAP = r"[\x00- \\\x7f]*"  # what _squeezed drops (spaces, controls, `\`), between two letters
# A scheme with anything _squeezed drops between its letters, in either case: spelled backwards, to
# be found in the reversed text from each ":" (what a regular expression finds fastest is a literal).
_SCHEME_BACKWARDS = re.compile(":" + _GAP + "(?:" + "|".join(
    _GAP.join(f"[{letter}{letter.upper()}]" for letter in reversed(scheme)) for scheme in _SCHEMES) + ")")
# A numeric character reference of more digits than any character needs (U+10FFFF has seven decimal
# ones): html.unescape, which the search plugin uses, fails on one of more than 4,300.
_LONG_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{10,}|[0-9]{10,})")
_ATTRIBUTES = re.compile(r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+[ \t]*=)")
HEADING_CHARACTERS = "<>&"
# What comes before a line's text in a block quote or list item, where a heading may also be.
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*[ \t]*")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")  # below a line, makes it a heading (Setext)


def markup_errors(rel: str, text: str, error: type[ReportError]) -> list[ReportError]:
    """Every tag, dangerous URL and attribute list in `text` (the file `rel`), as `error`s."""
    lines = Lines(text)

    def tag(match: re.Match[str]) -> ReportError:
        shown = _TAG_TEXT.match(text, match.start()).group(0)  # type: ignore[union-attr]
        return error(Location(rel, lines.at(match.start())), f"不允许的 HTML “{shown}”。",
                     f"只能用 {'、'.join(ALLOWED_TAGS)}（不带属性）；"
                     "其他格式用 Markdown 写，如 **加粗**、[链接](https://…)。")

    tags = (match for match in _MARKUP.finditer(text) if not _HARMLESS.match(text, match.start()))
    errors = listed(tags, tag, "不允许的 HTML")
    reference_lines = Lines(text)
    errors += listed(_LONG_REFERENCE.finditer(text), lambda match: error(
        Location(rel, reference_lines.at(match.start())),
        f"字符引用“{match.group(0)[:12]}…”太长（{len(match.group(0)):,} 个字符；最多九位数字）。",
        "直接写出要用的字符，不要用“&#…;”这样的字符引用。"), "过长的字符引用")
    if _may_hold_scheme(text):
        squeezed, source_lines = _squeezed(text)
        errors += listed(_SCHEME.finditer(squeezed), lambda match: error(
            Location(rel, source_lines[match.start()]), f"不允许的“{match.group(1)}:”链接。",
            "链接只能指向本站页面或 https:// 网址。"), "不允许的链接")
    attribute_lines = Lines(text)
    errors += listed(_ATTRIBUTES.finditer(text), lambda match: error(
        Location(rel, attribute_lines.at(match.start())), f"不允许的属性列表“{match.group(0)}…”。",
        "删除花括号里的属性；格式用 Markdown 写。"), "属性列表")
    return errors


def _may_hold_scheme(text: str) -> bool:
    """Whether `_squeezed(text)` can hold a dangerous scheme, found without going through the text
    character by character. Without entities, each letter of it is a letter of the text in either
    case (no other character has one of these letters as its lower case), with only characters
    _squeezed drops in between."""
    return "&" in text or _SCHEME_BACKWARDS.search(text[::-1]) is not None


def _decoded(reference: str) -> str:
    """A character reference as html.unescape decodes it, as browsers do. A number of more than eight
    digits (leading zeros aside) is beyond the last code point, which makes it U+FFFD: said here, for
    html.unescape would hand thousands of digits to int(), which refuses them."""
    if reference.startswith("&#"):
        semicolon = reference.endswith(";")
        body = reference[2:-1] if semicolon else reference[2:]
        base, digits = (body[0], body[1:]) if body[:1] in "xX" else ("", body)
        digits = digits.lstrip("0") or "0"
        if len(digits) > 8:
            return "\ufffd"
        reference = f"&#{base}{digits}{';' if semicolon else ''}"
    return html.unescape(reference)


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text as a browser reads a URL: entities decoded, spaces, controls, `\\` dropped, lower case.

    Returns it with the source line of each of its characters.
    """
    chars: list[str] = []
    lines: list[int] = []
    line = 1
    for token in _TOKEN.finditer(text):
        raw = token.group(0)
        for char in _decoded(raw) if len(raw) > 1 else raw:
            if char > " " and char not in "\\\x7f":
                chars.append(char.lower())
                lines.append(line)
        line += raw == "\n"
    return "".join(chars), lines


def heading_errors(rel: str, text: str) -> list[ReportError]:
    """Every heading of a page (`# …` to `###### …`, or a line underlined with `===` or `---`, also
    in a quote or a list) that holds `<`, `>` or `&`. A line that only looks like a heading (in a
    code block) is taken as one: the rule is about what a title may hold, and text may say 和."""
    if not any(char in text for char in HEADING_CHARACTERS):
        return []
    errors: list[ReportError] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not any(char in line for char in HEADING_CHARACTERS):
            continue
        content = line[_CONTAINERS.match(line).end():].strip()  # type: ignore[union-attr]
        below = lines[number].lstrip(" \t>") if number < len(lines) else ""
        if not (content.startswith("#") or (content and _UNDERLINE.fullmatch(below))):
            continue
        found = "、".join(f"“{char}”" for char in HEADING_CHARACTERS if char in content)
        shown = content if len(content) <= 60 else content[:57] + "…"
        errors.append(PageError(Location(rel, number),
                                f"标题“{shown}”里有{found}：标题是纯文字，显示在浏览器标签、目录和搜索结果中，"
                                "不能写 HTML 标签或字符实体（如 &lt;、&amp;）。",
                                "删除这些字符，或改用文字（如“和”“小于”“大于”）。"))
    return errors
