"""Small HTML builders for generated pages. Callers pass cells as HTML: text from data is escaped
with `text()` first, so nothing an editor writes in YAML can become markup on the public site.

Generated HTML is a block on its own lines with no blank line inside, so that Python-Markdown takes
it as one raw HTML block and leaves it as it is.
"""

from __future__ import annotations

from html import escape


def text(value: object) -> str:
    return escape(str(value))


def link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>'


def table(caption: str, head: list[str], rows: list[tuple[str | None, list[str]]]) -> str:
    """A table with a caption, column headers and rows of HTML cells; a row may carry an anchor id."""
    lines = ["<table>", f"<caption>{text(caption)}</caption>", "<thead><tr>"]
    lines += [f'<th scope="col">{text(name)}</th>' for name in head]
    lines += ["</tr></thead>", "<tbody>"]
    for anchor, cells in rows:
        opening = f'<tr id="{escape(anchor)}">' if anchor else "<tr>"
        lines.append(opening + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
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
