"""HTML and links in chapters and data: harmless formatting only, nothing that can script or redirect
the site, and nothing that leaves it but a link to an https:// address.

Python-Markdown copies raw HTML into the published page, and text from data files reaches pages
too. Editors may write <br>, <sup> and <sub> with no attributes, and autolinks such as
<https://www.gov.cn>. Any other tag, comment or declaration is refused (so script, iframe, object,
embed, base, meta, form, style, link, any `on…=` attribute), and so are `javascript:`,
`vbscript:` and `data:` URLs however they are disguised (entities, case, spaces, line breaks) and
Markdown attribute lists (`{: onclick=… }`), which add attributes to the element before them.

Links (`[text](address)`, `[name]: address`, `<https://…>`) go to a page or file of the site by a
relative address, or to another site by an `https://` address; images (`![text](address)`, and the
definitions an image reference uses) only to a file of the site. `http://`, `//host`, `/path`,
other schemes are refused, in either case and through entities, line breaks or backslashes as a
browser reads them. Every scan is one pass over the text, with no pattern that backtracks.

Headings are plain text (heading_errors): a heading is a page's title, shown in the browser's title
bar, the navigation, the header and the search results, each time by a different template, and a
template that turns `&lt;` back into `<` (as Material's `<title>` once did) makes an entity a tag.
So a heading holds no `<`, `>` or `&` at all: no tag, no character reference, escaped or not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..model.errors import DataError, Lines, Location, PageError, ReportError, listed

ALLOWED_TAGS = ("<br>", "<sup>", "<sub>")
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_HARMLESS = re.compile(r"<br\s*/?>|</?su[pb]>|<https://[^\s<>\"'`]+>")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:")  # what Markdown would take for a link: <http://…>
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
        if _AUTOLINK.match(text, match.start()):
            return error(Location(rel, lines.at(match.start())), f"不允许的链接“{shown}”。", _LINK_HINT,
                         code="link-refused")
        return error(Location(rel, lines.at(match.start())), f"不允许的 HTML “{shown}”。",
                     f"只能用 {'、'.join(ALLOWED_TAGS)}（不带属性）；"
                     "其他格式用 Markdown 写，如 **加粗**、[链接](https://…)。", code="html-refused")

    tags = (match for match in _MARKUP.finditer(text) if not _HARMLESS.match(text, match.start()))
    errors = listed(tags, tag, "不允许的 HTML")
    reference_lines = Lines(text)
    errors += listed(_LONG_REFERENCE.finditer(text), lambda match: error(
        Location(rel, reference_lines.at(match.start())),
        f"字符引用“{match.group(0)[:12]}…”太长（{len(match.group(0)):,} 个字符；最多九位数字）。",
        "直接写出要用的字符，不要用“&#…;”这样的字符引用。", code="long-character-reference"), "过长的字符引用")
    if _may_hold_scheme(text):
        squeezed, source_lines = _squeezed(text)
        errors += listed(_SCHEME.finditer(squeezed), lambda match: error(
            Location(rel, source_lines[match.start()]), f"不允许的“{match.group(1)}:”链接。",
            "链接只能指向本站页面或 https:// 网址。", code="script-link"), "不允许的链接")
    attribute_lines = Lines(text)
    errors += listed(_ATTRIBUTES.finditer(text), lambda match: error(
        Location(rel, attribute_lines.at(match.start())), f"不允许的属性列表“{match.group(0)}…”。",
        "删除花括号里的属性；格式用 Markdown 写。", code="attribute-list"), "属性列表")
    if "](" in text or "]:" in text:
        errors += link_errors(rel, text, error, by_line=issubclass(error, DataError))
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
                                "删除这些字符，或改用文字（如“和”“小于”“大于”）。", code="title-markup"))
    return errors


# -- links and images ------------------------------------------------------------------------------

_LINK_HINT = "链接只能指向本站的页面或文件（写相对路径，如 [首页](../../index.md)）或 https:// 网址。"
_IMAGE_HINT = "图片只能用本站的文件：把图片放进 docs/ 下报告的文件夹，写相对路径，如 ![说明](photo.png)。"
# What the link scan stops at: a backslash escape (skipped, as Markdown skips it), the opening and
# closing brackets of links and images, a backtick (a code span hides brackets from Markdown) and a
# blank line (a paragraph ends there: no link or image spans one).
_LINK_TOKEN = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]|!?\[|\]|`|\n[ \t]*\n")
_LINK_TOKEN_BY_LINE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]|!?\[|\]|`|\n")
_LEAD = re.compile(r"[\s<>]*")  # before an address: spaces, a line break, quote markers, "<"
_SHOWN = re.compile(r"[^\s()<>\"']{1,60}")
_URL_TOKEN = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!]|" + _TOKEN.pattern, re.DOTALL)
_WORD = re.compile(r"[A-Za-z0-9+.\-]*")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")
RELATIVE, HTTPS = "relative", "https"  # the two kinds of address a link may have; an image only the first
# A link inside an inline address, before its scheme ends: Markdown puts the inner link's text in
# its place, so `[x]([ht](a)tp://e.example)` links to http://e.example.
NESTED = "nested"


def link_errors(rel: str, text: str, error: type[ReportError], by_line: bool = False) -> list[ReportError]:
    """Every link whose address is neither relative nor https://, every image whose address is not
    relative: inline (`[x](…)`, `![x](…)`), as definitions (`[x]: …`) and as the definitions that
    image references (`![x][y]`, `![y][]`, `![y]`) use.

    One pass, pairing brackets as Markdown does. Where that pairing could differ from Markdown's
    (an image's bracket closed by something other than its `](`, or a code span in a paragraph with
    an image), every address after the image in the paragraph is held to the image rule: stricter,
    never looser. In data (`by_line`), each line is a paragraph of its own: data text is never read
    as Markdown (it is shown as plain text), the rules hold there so that the README can say so.
    """
    errors: list[ReportError] = []
    lines = Lines(text)
    definitions: dict[str, tuple[int, str, str]] = {}  # label: (line, kind of address, address shown)
    image_labels: dict[str, int] = {}  # a label an image may refer to: the line of the image
    stack: list[tuple[bool, int]] = []  # the open brackets: (an image's, offset after "[")
    images = 0  # images opened in this paragraph and not closed by their own "]("
    seen_image = seen_tick = sticky = False
    innermost = -1  # the offset after the last "[" while no bracket came after it
    for token in (_LINK_TOKEN_BY_LINE if by_line else _LINK_TOKEN).finditer(text):
        found = token.group(0)
        if found[0] == "\\":
            continue
        if found[0] == "\n":
            stack.clear()
            images, seen_image, seen_tick, sticky, innermost = 0, False, False, False, -1
        elif found == "`":
            seen_tick, sticky = True, sticky or seen_image
        elif found != "]":
            image = found == "!["
            stack.append((image, token.end()))
            innermost = token.end()
            if image:
                images, seen_image, sticky = images + 1, True, sticky or seen_tick
        else:
            opened = stack.pop() if stack else None
            label = text[innermost:token.start()] if opened is not None and opened[1] == innermost else None
            innermost = -1
            in_image = images > 0 or sticky
            after = text[token.end():token.end() + 1]
            if label is not None and in_image:  # also before "(": `![x](` that is no link is a reference
                image_labels.setdefault(_label(label), lines.at(token.start()))
            if after == "(":
                start, kind, shown = _address(text, token.end() + 1, escapes=True)
                errors += _address_errors(Location(rel, lines.at(start)), kind, shown, in_image, error)
                if opened is not None and opened[0]:
                    images -= 1
            elif after == ":" and label is not None:
                start, kind, shown = _address(text, token.end() + 1, escapes=False)
                if definitions.get(name := _label(label), (0, RELATIVE))[1] == RELATIVE:  # a later one wins
                    definitions[name] = (lines.at(start), kind, shown)
                errors += _address_errors(Location(rel, lines.at(start)), kind, shown, False, error)
    for label, used in image_labels.items():
        line, kind, shown = definitions.get(label, (0, RELATIVE, ""))
        if kind != RELATIVE:
            errors.append(error(Location(rel, line), f"不允许的图片地址“{shown}”：第 {used} 行的图片引用了它，"
                                "图片只能用本站的文件。", _IMAGE_HINT, code="image-refused"))
    return errors


def _address_errors(location: Location, kind: str, shown: str, image: bool,
                    error: type[ReportError]) -> list[ReportError]:
    """The address of a link or, if `image`, of an image, as _address read it."""
    if kind == RELATIVE or (kind == HTTPS and not image) or kind.removesuffix(":") in _SCHEMES:
        return []  # javascript:, vbscript:, data: are found, however disguised, by markup_errors
    if kind == NESTED:
        return [error(location, f"不允许的{'图片' if image else '链接'}地址“{shown}”：地址里不能再写链接。",
                      _IMAGE_HINT if image else _LINK_HINT, code="nested-link")]
    if image:
        return [error(location, f"不允许的图片地址“{shown}”：图片只能用本站的文件。", _IMAGE_HINT,
                      code="image-refused")]
    return [error(location, f"不允许的链接地址“{shown}”。", _LINK_HINT, code="link-refused")]


def _address(text: str, offset: int, escapes: bool) -> tuple[int, str, str]:
    """What a browser makes of the address after `offset` (and its spaces, line breaks and "<"):
    where it starts; RELATIVE, HTTPS (https://…), "path" (/…), "host" (//…, another site) or a
    scheme ("http:"); and the address as written.

    Read as a browser reads it: entities decoded, spaces and controls dropped, either case, "\\" as "/";
    with `escapes` (inline links, whose addresses Markdown unescapes; not definitions), `\\x` as `x`.
    """
    start = _LEAD.match(text, offset).end()  # type: ignore[union-attr]
    lead = text[start:start + 1]
    if lead > " " and lead != "\x7f" and not (lead.isascii() and (lead.isalpha() or lead in "/\\&`[")):
        return start, RELATIVE, lead  # what most addresses after "](" are not: no scheme, no "/", no entity
    if lead.isascii() and lead.isalpha():  # a word, then what ends any scheme as a browser reads it
        word_end = _WORD.match(text, start).end()  # type: ignore[union-attr]
        stop = text[word_end:word_end + 1]
        ends = " \t" if escapes else " \t\n"  # a browser keeps a space, drops a line break; a definition ends
        if stop and (stop > " " or stop in ends) and stop not in "\x7f:&\\`[":
            return start, RELATIVE, lead
    shown = match.group(0) if (match := _SHOWN.match(text, start)) else lead
    chars = _url_chars(text, start, escapes)
    first = next(chars, "")
    if first == "/":
        return start, ("host" if next(chars, "") == "/" else "path"), shown
    if first == "[" and escapes:
        return start, NESTED, shown
    if not ("a" <= first <= "z"):
        return start, RELATIVE, shown
    scheme = [first]
    for char in chars:
        if char == ":":
            break
        if char not in _SCHEME_CHARS:
            return start, NESTED if char == "[" and escapes else RELATIVE, shown
        if len(scheme) < 20:
            scheme.append(char)
    else:
        return start, RELATIVE, shown
    name = "".join(scheme)
    if name == "https" and next(chars, "") == "/" and next(chars, "") == "/":
        return start, HTTPS, shown
    return start, f"{name}:", shown


def _url_chars(text: str, start: int, escapes: bool) -> Iterator[str]:
    """The characters from `start` as a browser gets a URL from Markdown (see _address), one at a
    time: Markdown drops the backticks of a code span and, if `escapes`, the backslash of an escape."""
    for token in (_URL_TOKEN if escapes else _TOKEN).finditer(text, start):
        raw = token.group(0)
        for char in raw if len(raw) == 1 else raw[1] if raw[0] == "\\" else _decoded(raw):
            if char > " " and char not in "`\x7f":
                yield "/" if char == "\\" else char.lower()


def _label(label: str) -> str:
    """A reference's label as Markdown compares them (coarser: whitespace collapsed on both sides)."""
    return " ".join(label.split()).lower()
