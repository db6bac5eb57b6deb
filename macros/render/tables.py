"""A filled table of a report as an accessible HTML table, in the layout of its kind's declaration (the
national layout for 政府信息公开 reports): a caption, header cells with their scope and id, groups of
columns and rows spanning what they group, and each data cell naming its headers (WCAG H43), so that
a screen reader reads 自然人, 三、本年度办理结果, （一）予以公开 with its number.

A cell with a number is a figure like any other: a link to its entry in the data appendix holding a
`<data value>` element (lineage.cited), its published digits as the table prints them, without the
unit the caption's table states once. A cell not applicable shows what the report wrote (/ or 不适用).

The table sits in a focusable region that scrolls sideways on a narrow screen, its row labels kept in
view (overrides/stylesheets/report.css).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import forms
from ..model.figures import Figure
from ..model.report import Report
from ..model.tables import Block, Header, Table, ancestors, cell_key, depth, leaves
from . import tags
from .lineage import cited

# A cell's figure as a link: (figure, shown text) -> HTML, numbered and linked by the caller.
CellLink = Callable[[Figure, str], str]


def table_html(report: Report, table: Table, link: CellLink) -> str:
    """The table, one HTML block (no blank line inside, so Markdown keeps it as it is)."""
    width = max(len(leaves(block.columns)) for block in table.blocks)
    row_depth = max(depth(block.rows) for block in table.blocks)
    region = f"table-{table.id.replace('_', '-')}"
    lines = [f'<div class="figure-table" role="region" aria-labelledby="{region}-caption" tabindex="0">',
             f'<table id="{region}" class="figure-table__grid">',
             f'<caption id="{region}-caption">{tags.text(table.title)}</caption>']
    for number, block in enumerate(table.blocks):
        lines += _block(report, table, block, number, width, row_depth, link)
    lines += ["</table>", "</div>"]
    return "\n".join(lines)


def _id(table: Table, kind: str, path: str, block: int = 0) -> str:
    return f"{table.id}-{kind}{block}-{path}".replace("_", "-").replace(".", "-")


def _block(report: Report, table: Table, block: Block, number: int, width: int, row_depth: int,
           link: CellLink) -> list[str]:
    columns = leaves(block.columns)
    column_depth = depth(block.columns)
    extra = width - len(columns)  # a block of fewer columns: its last one spans the rest
    lines = ["<thead>" if len(table.blocks) == 1 else "<tbody>"]
    top: list[str] = []
    heading_ids: list[str] = []
    if block.heading is not None:
        heading_id = _id(table, "b", "heading", number)
        heading_ids.append(heading_id)
        lines.append(f'<tr><th id="{heading_id}" colspan="{row_depth + width}" scope="colgroup" '
                     f'class="block-heading">{tags.text(block.heading)}</th></tr>')
    header_rows = column_depth + (1 if table.heading else 0)
    if row_depth:
        corner = tags.text(table.corner) if table.corner else ""
        cell = "th" if corner else "td"
        spans = f' rowspan="{header_rows}"' if header_rows > 1 else ""
        spans += f' colspan="{row_depth}"' if row_depth > 1 else ""
        top.append(f'<{cell}{spans} class="corner">{corner}</{cell}>')
    if table.heading:
        heading_id = _id(table, "h", "heading", number)
        heading_ids.append(heading_id)
        lines.append("<tr>" + "".join(top) + f'<th id="{heading_id}" colspan="{width}" scope="colgroup">'
                     f"{tags.text(table.heading)}</th></tr>")
        top = []
    for level in range(column_depth):
        cells = list(top)
        top = []
        for header in _at_level(block.columns, level):
            span = len(list(header.leaves()))
            if header is columns[-1]:
                span += extra
            attributes = f'id="{_id(table, "c", header.path, number)}"'
            if header.children:
                attributes += f' colspan="{span}" scope="colgroup"'
            else:
                rows = column_depth - level
                attributes += (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{span}"' if span > 1 else "")
                attributes += ' scope="col"'
            cells.append(f"<th {attributes}>{tags.text(header.label)}</th>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    if len(table.blocks) == 1:
        lines += ["</thead>", "<tbody>"]
    for row in block.lines():
        cells = []
        row_ids: list[str] = []
        if row is not None:
            chain = ancestors(block.rows, row)
            for level, header in enumerate(chain):
                header_id = _id(table, "r", header.path, number)
                row_ids.append(header_id)
                if header is row:
                    span = row_depth - level
                    colspan = f' colspan="{span}"' if span > 1 else ""
                    cells.append(f'<th id="{header_id}"{colspan} scope="row">{tags.text(header.label)}</th>')
                elif next(header.leaves()) is row:  # a group's label, on its first row
                    rowspan = len(list(header.leaves()))
                    cells.append(f'<th id="{header_id}" rowspan="{rowspan}" scope="rowgroup" class="group">'
                                 f"{tags.text(header.label)}</th>")
        for column in columns:
            key = cell_key(table.id, row, column)
            named = [*heading_ids, *(_id(table, "c", h.path, number) for h in ancestors(block.columns, column)),
                     *row_ids]
            wide = f' colspan="{1 + extra}"' if column is columns[-1] and extra else ""
            cells.append(f'<td headers="{" ".join(named)}"{wide}>{_cell(report, key, link)}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody>")
    return lines


def _at_level(headers: tuple[Header, ...], level: int) -> list[Header]:
    if level == 0:
        return list(headers)
    return [child for header in headers for child in _at_level(header.children, level - 1)]


def _cell(report: Report, key: str, link: CellLink) -> str:
    figure = report.figures.get(key)
    if figure is not None:
        return link(figure, forms.number(figure))
    return tags.text(report.not_applicable.get(key, ""))


def cell_link(href: Callable[[str], str], anchor: Callable[[str], str | None]) -> CellLink:
    """Cells linked as fig() links figures: `href(key)` the appendix entry, `anchor(key)` the citation's id."""
    return lambda figure, shown: cited(figure, href(figure.key), anchor(figure.key), shown)

