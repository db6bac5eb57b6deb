"""Small HTML builders for generated pages. Callers pass cells as HTML: text from data is escaped
with `text()` first (or `markdown_text()` where it goes into Markdown, as in a heading), so nothing an
editor writes in YAML can become markup, a link or template code on the public site: it shows as
written.

Generated HTML is a block on its own lines with no blank line inside, so that Python-Markdown takes
it as one raw HTML block and leaves it as it is.
"""

from __future__ import annotations

from html import escape

# Braces as entities: a page whose Markdown still holds "{{", "{%" or "{#" after its macros ran is
# handed to Jinja, so text from data must never spell them.
_BRACES = {"{": "&#123;", "}": "&#125;"}
# HTML inside a paragraph (a figure's <data title="…"> in a chapter) is read by Python-Markdown's
# inline patterns before it is kept as HTML: a link, image or emphasis in an attribute would be
# made into elements there. So text() writes what starts inline syntax as entities too, and line
# breaks, which could end the paragraph (a blank line) in the middle of a tag.
_INLINE = {char: f"&#{ord(char)};" for char in "\\`*_[]!"} | {"\n": "&#10;", "\r": "&#13;"}
_HTML = str.maketrans(_BRACES | _INLINE)
# What Python-Markdown reads as syntax and a backslash makes literal (its ESCAPED_CHARS but for ">",
# "{" and "}", which become entities; tests/test_metadata_text.py compares the two).
MARKDOWN_ESCAPED = "\\`*_[]()#+-.!"
_MARKDOWN = str.maketrans({
    **{char: "\\" + char for char in MARKDOWN_ESCAPED},
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", **_BRACES,
    "\n": " ", "\r": " ", "\t": " ",  # a line break would end the heading or list item
})


UNKNOWN = "—"  # what a generated table's cell says when nothing is known


def text(value: object) -> str:
    """Text from data as HTML text or an attribute value, in an HTML block or inside a paragraph:
    it shows as written."""
    return escape(str(value)).translate(_HTML)


def markdown_text(value: object) -> str:
    """Text from data inside a line of Markdown (a heading, a list item, a link's text): no emphasis,
    link, image, tag, entity or template code in it takes effect; it shows as written, on one line."""
    return str(value).translate(_MARKDOWN)


def link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>'


def table(caption: str, head: list[str], rows: list[tuple[str | None, list[str]]]) -> str:
    """A table with a caption, column headers and rows of HTML cells; a row may carry an anchor id.

    Each cell names its column (data-label): on a phone the stylesheet stacks a row's cells into one
    block, each under its column's name (report.css), instead of a table wider than the screen."""
    lines = ["<table>", f"<caption>{text(caption)}</caption>", "<thead><tr>"]
    lines += [f'<th scope="col">{text(name)}</th>' for name in head]
    lines += ["</tr></thead>", "<tbody>"]
    labels = [f' data-label="{text(name)}"' for name in head]
    for anchor, cells in rows:
        opening = f'<tr id="{escape(anchor)}">' if anchor else "<tr>"
        lines.append(opening + "".join(f"<td{label}{' data-empty' if cell == UNKNOWN else ''}>{cell}</td>"
                                       for label, cell in zip(labels, cells, strict=True)) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def fields(caption: str, items: list[tuple[str, str]]) -> str:
    """A two-column table of named values (name, HTML value), the names as row headers."""
    lines = ["<table>", f"<caption>{text(caption)}</caption>", "<tbody>"]
    lines += [f'<tr><th scope="row">{text(name)}</th><td>{value}</td></tr>' for name, value in items]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def paragraphs(*items: str) -> str:
    """HTML paragraphs, one block each."""
    return "\n\n".join(f"<p>{item}</p>" for item in items)
