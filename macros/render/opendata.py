"""Open data: each report's figures as CSV and JSON, described by a Frictionless Data Package.

Values go from the YAML text to the files without ever being a float: the CSV holds each value's
exact decimal text (955.61, 0.50), the JSON the same digits as a JSON number (read it with
`parse_float=decimal.Decimal` to keep them exact). The CSV is UTF-8 with a byte order mark, so that
Excel opens the Chinese correctly. Everything is in data order and carries no build time, so two
builds write the same bytes.

No cell of the CSV is a spreadsheet formula (CSV injection: a cell that begins with = + - @, a tab
or a carriage return is run by Excel, WPS and LibreOffice as a formula, and =HYPERLINK or DDE can
send a reader elsewhere or run a command). The text an editor writes (label, source, note) is
refused at load when it begins so (formula_start; the loader says where): the downloads then hold
exactly the YAML's text, and no reader of the data gets a quote mark they must know to strip, as
OWASP's other remedy (a leading ') would give them. The full-width ＝＋－＠ are refused too, since
spreadsheets in Chinese and Japanese locales can take them for their ASCII forms. Numbers stay bare
numbers: a value of -3.5 is read as the number -3.5, never as a formula, and the data package
declares the column a number. What the engine writes itself and may begin with a minus, the
published form of a negative figure (-3.5%), gets the leading ' that makes it text; so does, as a
last guard, any text cell that would still begin so.

The CSV files are for spreadsheet users: their header rows are the columns' Chinese titles (键, 名称,
数值, …), while figures.json keeps the field names (key, label, value, …); the data package gives each
field both, its name and, as its title, the header of its column. A published form is text, but a
spreadsheet re-reads some as numbers or dates when it opens the file (86.1% becomes 0.861, 0.50
becomes 0.5, 1/2 a date): those get the same leading ' and stay as published.

A report of a kind with figure tables (政府信息公开) also gets, for each table, two CSV files: the
table as it is printed (`table-<id>.csv`: its header rows, corner and row labels where the national
layout puts them, each merged cell's text in its first cell and blanks for the rest, as a spreadsheet
shows a merged cell), and the table in long form (`table-<id>-long.csv`: one line per cell, with its
row and column named by their label paths), the second a tabular resource of the data package.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from ..model.figures import Figure
from ..model.forms import formula_start, number, published
from ..model.report import Report
from ..model.tables import Block, Table, ancestors, cell_key, depth, leaves, path_label

CSV, JSON, PACKAGE = "figures.csv", "figures.json", "datapackage.json"

# The columns of figures.csv: name, Frictionless type, Chinese title, description.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("key", "string", "键", "数字在数据文件中的键，正文用它引用数字"),
    ("label", "string", "名称", "这个数字统计的是什么"),
    ("value", "number", "数值", "按发布单位的精确数值，照发布的写法（保留末尾的 0）"),
    ("unit", "string", "单位", "发布单位，如 件、万元、%"),
    ("precision", "integer", "小数位数", "发布的小数位数"),
    ("qualifier", "string", "限定词", "“余”（不少于这个数，不到下一档）或“约”（约数），精确数为空"),
    ("tolerance", "number", "误差", "“约”数允许的误差，其他为空"),
    ("published", "string", "发布形式",
     "正文中的写法，如 955.61万元、2800余人次；电子表格会当作数字或日期读的写法（如 86.1%）和负数的写法"
     "前加“'”，打开时照发布的写法显示，不会变成别的数或公式"),
    ("source", "string", "来源", "数据来源，未知为空"),
    ("as_of", "date", "截至日期", "数据截至日期，未知为空"),
    ("data_only", "boolean", "只作数据公开", "true 表示正文没有引用、只在数据中公开"),
    ("note", "string", "说明", "关于这个数字的说明"),
)


# The columns of table-<id>-long.csv, as COLUMNS.
LONG_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("table", "string", "表", "表的标题"),
    ("row", "string", "行", "行的标签，自上而下用“／”连接分组和行；表分几部分的，"
                          "前面是部分的标题（如 第二十条第（一）项）；表只有一行数字的为空"),
    ("column", "string", "列", "列的标签，自上而下用“／”连接分组和列"
                             "（各列之上的总标题，如 申请人情况，不重复）"),
    ("key", "string", "键", "这一格在数据中的键（<表>.<行>.<列>），与 figures.csv 的键相同"),
    ("value", "number", "数值", "按表中单位的精确数值，照发布的写法；不适用的格为空"),
    ("unit", "string", "单位", "表中这一部分的单位，如 件、万元"),
    ("published", "string", "发布形式", "发布的写法，如 3件；不适用的格照表中的写法，如 /；"
                                       "电子表格会当作数字或日期读的写法前加“'”"),
)
LINE = "\r\n"
# Text a spreadsheet opening a CSV would take for a number, a percentage, a date, a time or a fraction
# and show otherwise than written (Excel, WPS and LibreOffice alike).
_REREAD = re.compile(r"""[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*%?
                     |[0-9]{1,4}\s*[-/.年月]\s*[0-9]{1,2}(?:\s*[-/.月]\s*[0-9]{1,4})?\s*日?
                     |[0-9]+\s+[0-9]+/[0-9]+|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?""", re.VERBOSE)


def row(figure: Figure) -> dict[str, str | int | bool | Decimal | None]:
    """A figure as one record with the columns above; None where a field is not known."""
    return {
        "key": figure.key, "label": figure.label, "value": figure.value, "unit": figure.unit,
        "precision": figure.precision, "qualifier": figure.qualifier, "tolerance": figure.tolerance,
        "published": published(figure), "source": figure.source,
        "as_of": figure.as_of.isoformat() if figure.as_of else None, "data_only": figure.data_only,
        "note": figure.note,
    }


def as_text(text: str) -> str:
    """A published form in a CSV cell: as written, or with the leading ' when a spreadsheet would read
    it as something else (a number, a date) or run it as a formula."""
    return f"'{text}" if _REREAD.fullmatch(text.strip()) or formula_start(text) else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"  # a number, negative or not, is a number to a spreadsheet
    text = str(value)
    return f"'{text}" if formula_start(text) else text


def _csv(rows: list[list[str]]) -> bytes:
    """Rows of text as CSV: UTF-8 with a byte order mark, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=LINE)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def figures_csv(report: Report) -> bytes:
    """The figures, one line each, under their columns' Chinese titles."""
    lines = [[title for _, _, title, _ in COLUMNS]]
    lines += [[_csv_cell(name, value) for name, value in row(figure).items()] for figure in report.figures.values()]
    return _csv(lines)


def _csv_cell(name: str, value: object) -> str:
    return as_text(value) if name == "published" and isinstance(value, str) else _cell(value)


def tables(report: Report) -> list[Table]:
    """The figure tables of the report's kind, in the order the kind declares them."""
    return list(report.kind.tables.values()) if report.kind is not None else []


def table_file(table: Table, long: bool = False) -> str:
    return f"table-{table.id}{'-long' if long else ''}.csv"


def _resource_name(table: Table, long: bool = False) -> str:
    """A Frictionless resource name (lower case, digits, - . _ /) for the table's file."""
    return table_file(table, long).removesuffix(".csv").replace("_", "-")


def table_layout(report: Report, table: Table) -> list[list[str]]:
    """The table as printed (render/tables.py): a grid of text, one list per printed row, as wide as
    its row labels and its widest block; a merged cell's text in its first cell, blanks for the rest."""
    width = max(len(leaves(block.columns)) for block in table.blocks)
    row_depth = max(depth(block.rows) for block in table.blocks)
    grid: list[list[str]] = []
    for block in table.blocks:
        grid += _block_layout(report, table, block, width, row_depth)
    return [[_cell(text) for text in line] for line in grid]


def _block_layout(report: Report, table: Table, block: Block, width: int, row_depth: int) -> list[list[str]]:
    columns = leaves(block.columns)
    column_depth = depth(block.columns)
    lines: list[list[str]] = []
    blank = [""] * (row_depth + width)
    if block.heading is not None:
        lines.append([block.heading, *blank[1:]])
    headers: list[list[str]] = []
    if table.heading:
        headers.append([table.heading, *[""] * (width - 1)])
    for level in range(column_depth):
        line: list[str] = []
        for column in columns:
            chain = ancestors(block.columns, column)
            header = chain[level] if level < len(chain) else None
            first = header is not None and next(header.leaves()) is column
            line.append(header.label if header is not None and first else "")
        line += [""] * (width - len(columns))  # a block of fewer columns: its last one spans the rest
        headers.append(line)
    for index, line in enumerate(headers):
        corner = (table.corner or "") if index == 0 else ""
        lines.append(([corner] + [""] * (row_depth - 1) if row_depth else []) + line)
    rows = block.lines()
    for row in rows:
        labels = [""] * row_depth
        if row is not None:
            for level, header in enumerate(ancestors(block.rows, row)):
                if next(header.leaves()) is row:  # a group's label on its first row, blanks below
                    labels[level] = header.label
        cells = [_printed(report, cell_key(table.id, row, column)) for column in columns]
        lines.append(labels + cells + [""] * (width - len(columns)))
    return lines


def _printed(report: Report, key: str) -> str:
    """A cell as the table prints it: its digits, or the not-applicable form as written."""
    figure = report.figures.get(key)
    if figure is not None:
        return number(figure)
    return report.not_applicable.get(key, "")


def table_csv(report: Report, table: Table) -> bytes:
    return _csv(table_layout(report, table))


def table_long(report: Report, table: Table) -> list[dict[str, str | Decimal | None]]:
    """One record per cell with the columns of LONG_COLUMNS, block by block, row by row."""
    records: list[dict[str, str | Decimal | None]] = []
    for cell in table.cells():
        block = cell.block
        row = [part for part in (block.heading, path_label(block.rows, cell.row) if cell.row else None) if part]
        figure = report.figures.get(cell.key)
        records.append({
            "table": table.title, "row": "／".join(row), "column": path_label(block.columns, cell.column),
            "key": cell.key, "value": figure.value if figure else None, "unit": block.unit,
            "published": published(figure) if figure else report.not_applicable.get(cell.key),
        })
    return records


def table_long_csv(report: Report, table: Table) -> bytes:
    lines = [[title for _, _, title, _ in LONG_COLUMNS]]
    lines += [[_csv_cell(name, value) for name, value in record.items()] for record in table_long(report, table)]
    return _csv(lines)


def table_downloads(report: Report) -> list[tuple[str, str]]:
    """Each table's files and what they are, as the data appendix lists them."""
    items = []
    for table in tables(report):
        items.append((table_file(table), f"表“{table.title}”：照发布的表格式排列"
                                         "（表头、行标签和各格的位置与原表相同），UTF-8 编码（带 BOM）"))
        items.append((table_file(table, long=True), f"表“{table.title}”：每格一行"
                                                    "（表、行、列、键、数值、单位、发布形式），便于筛选和统计"))
    return items


def _json(value: object, indent: str = "") -> str:
    """JSON text in which a Decimal is a number with exactly its digits (json.dumps has no way)."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" if items else "{}"
    if isinstance(value, list | tuple):
        items = [f"{inner}{_json(v, inner)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]" if items else "[]"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return json.dumps(value, ensure_ascii=False)


def figures_json(report: Report) -> str:
    meta = report.meta
    about = {"id": report.id, "title": meta.title, "body": meta.body, "kind": meta.kind, "year": meta.year,
             "written_on": meta.written_on.isoformat() if meta.written_on else None,
             "published_on": meta.published_on.isoformat() if meta.published_on else None,
             "index_no": meta.index_no, "doc_no": meta.doc_no}
    known = {name: value for name, value in about.items() if value is not None}
    return _json({"report": known, "figures": [row(f) for f in report.figures.values()]}) + "\n"


def _fields(columns: tuple[tuple[str, str, str, str], ...], key: str) -> list[dict[str, object]]:
    """A Frictionless table schema's fields; `key` the unique one."""
    fields = []
    for name, kind, title, description in columns:
        field: dict[str, object] = {"name": name, "type": kind, "title": title, "description": description}
        if kind == "number":
            field |= {"decimalChar": ".", "bareNumber": True}
        if kind == "boolean":
            field |= {"trueValues": ["true"], "falseValues": ["false"]}
        if name == key:
            field["constraints"] = {"required": True, "unique": True}
        fields.append(field)
    return fields


DIALECT = {"delimiter": ",", "lineTerminator": LINE, "quoteChar": "\"", "doubleQuote": True, "header": True}


def _table_resources(report: Report) -> list[dict[str, object]]:
    resources: list[dict[str, object]] = []
    for table in tables(report):
        resources.append({
            "profile": "data-resource", "name": _resource_name(table), "path": table_file(table), "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": f"{table.title}（原表格式）",
            "description": f"表“{table.title}”照发布的表格式排列：前几行是表头（分组的标签写在它所跨的第一列，"
                           "其余留空），左边是行标签（分组的标签写在它的第一行，下面留空），其余各格是数值，"
                           "照发布的写法；不适用的格照表中的写法（如 /）。表头不止一行，不是每行一条记录的数据表。",
        })
        resources.append({
            "profile": "tabular-data-resource", "name": _resource_name(table, long=True),
            "path": table_file(table, long=True), "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "title": f"{table.title}（每格一行）",
            "description": f"表“{table.title}”的每一格一行：所在的行和列、键、精确数值、单位和发布形式；"
                           "不适用的格数值为空，发布形式照表中的写法。",
            "dialect": dict(DIALECT),
            "schema": {"fields": _fields(LONG_COLUMNS, "key"), "primaryKey": ["key"], "missingValues": [""]},
        })
    return resources


def datapackage(report: Report) -> str:
    """A Frictionless Data Package (v1) descriptor: the CSV as a tabular resource with its schema."""
    fields = _fields(COLUMNS, "key")
    descriptor = {
        "profile": "data-package",
        "name": report.id.replace("/", "-"),
        "title": f"{report.meta.title}：数字",
        "description": f"{report.meta.title}正文引用的全部数字及只作数据公开的数字，数值照发布的写法精确记录。",
        "resources": [
            {
                "profile": "tabular-data-resource", "name": "figures", "path": CSV, "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "title": "数字（表格）",
                "description": "每个数字一行。第一行是各列的中文标题（各字段的 title）；figures.json 中同样的"
                               "字段用英文名（各字段的 name）。发布形式中电子表格会当作数字或日期读的写法前加“'”。",
                "dialect": dict(DIALECT),
                "schema": {"fields": fields, "primaryKey": ["key"], "missingValues": [""]},
            },
            {"profile": "data-resource", "name": "figures-json", "path": JSON, "format": "json",
             "mediatype": "application/json", "encoding": "utf-8", "title": "数字（JSON）",
             "description": "报告信息和全部数字；每个数字的字段名是 figures 资源各字段的 name，含义见其 title 和 "
                            "description，数值为精确的十进制数。"},
            *_table_resources(report),
        ],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def write_downloads(report: Report, folder: Path) -> None:
    """The report's downloads, into its folder of the built site."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CSV).write_bytes(figures_csv(report))
    (folder / JSON).write_text(figures_json(report), encoding="utf-8")
    for table in tables(report):
        (folder / table_file(table)).write_bytes(table_csv(report, table))
        (folder / table_file(table, long=True)).write_bytes(table_long_csv(report, table))
    (folder / PACKAGE).write_text(datapackage(report), encoding="utf-8")
