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
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from ..model.figures import Figure
from ..model.forms import formula_start, published
from ..model.report import Report

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
     "正文中的写法，如 955.61万元、2800余人次；负数的写法前加“'”，电子表格就不会把它当作公式"),
    ("source", "string", "来源", "数据来源，未知为空"),
    ("as_of", "date", "截至日期", "数据截至日期，未知为空"),
    ("data_only", "boolean", "只作数据公开", "true 表示正文没有引用、只在数据中公开"),
    ("note", "string", "说明", "关于这个数字的说明"),
)


def row(figure: Figure) -> dict[str, str | int | bool | Decimal | None]:
    """A figure as one record with the columns above; None where a field is not known."""
    return {
        "key": figure.key, "label": figure.label, "value": figure.value, "unit": figure.unit,
        "precision": figure.precision, "qualifier": figure.qualifier, "tolerance": figure.tolerance,
        "published": published(figure), "source": figure.source,
        "as_of": figure.as_of.isoformat() if figure.as_of else None, "data_only": figure.data_only,
        "note": figure.note,
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"  # a number, negative or not, is a number to a spreadsheet
    text = str(value)
    return f"'{text}" if formula_start(text) else text


def figures_csv(report: Report) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, *_ in COLUMNS])
    for figure in report.figures.values():
        writer.writerow([_cell(value) for value in row(figure).values()])
    return out.getvalue().encode("utf-8-sig")


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


def datapackage(report: Report) -> str:
    """A Frictionless Data Package (v1) descriptor: the CSV as a tabular resource with its schema."""
    fields = []
    for name, kind, title, description in COLUMNS:
        field: dict[str, object] = {"name": name, "type": kind, "title": title, "description": description}
        if kind == "number":
            field |= {"decimalChar": ".", "bareNumber": True}
        if kind == "boolean":
            field |= {"trueValues": ["true"], "falseValues": ["false"]}
        fields.append(field)
    fields[0]["constraints"] = {"required": True, "unique": True}
    descriptor = {
        "profile": "data-package",
        "name": report.id.replace("/", "-"),
        "title": f"{report.meta.title}：数字",
        "description": f"{report.meta.title}正文引用的全部数字及只作数据公开的数字，数值照发布的写法精确记录。",
        "resources": [
            {
                "profile": "tabular-data-resource", "name": "figures", "path": CSV, "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"",
                            "doubleQuote": True, "header": True},
                "schema": {"fields": fields, "primaryKey": ["key"], "missingValues": [""]},
            },
            {"profile": "data-resource", "name": "figures-json", "path": JSON, "format": "json",
             "mediatype": "application/json", "encoding": "utf-8"},
        ],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def write_downloads(report: Report, folder: Path) -> None:
    """The report's downloads, into its folder of the built site."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CSV).write_bytes(figures_csv(report))
    (folder / JSON).write_text(figures_json(report), encoding="utf-8")
    (folder / PACKAGE).write_text(datapackage(report), encoding="utf-8")
