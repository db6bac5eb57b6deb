"""Open data of figure tables (render/opendata.py): each table of a 政府信息公开 report as printed
(table-<id>.csv, the national layout) and one line per cell (table-<id>-long.csv), both described in
the report's data package, on the fixture district's example-b/2023."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import Tag

from macros.check.project import Checked
from macros.model.forms import number, published
from macros.model.report import Report
from macros.model.tables import Header, ancestors, cell_key, depth, leaves
from macros.render import opendata
from tests.conftest import Build
from tests.test_fixture_district import district_checked, district_site  # noqa: F401  (fixtures)
from tests.test_opendata import PARSE, formula_cells
from tests.test_site import page

REPORT = "example-b/2023"
TABLES = ("proactive", "requests", "appeals")


def grid(raw: bytes) -> list[list[str]]:
    assert raw.startswith(codecs.BOM_UTF8)  # so that Excel takes it as UTF-8
    text = raw.decode("utf-8-sig")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF, as figures.csv
    return list(csv.reader(io.StringIO(text, newline="")))


def records(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def report(district_checked: Checked) -> Report:  # noqa: F811
    assert district_checked.errors == []
    found = district_checked.catalog.find(REPORT)
    assert found is not None
    assert found.kind is not None
    assert [table.id for table in opendata.tables(found)] == list(TABLES)
    return found


def layout(report: Report, table_id: str) -> list[list[str]]:
    assert report.kind is not None
    return grid(opendata.table_csv(report, report.kind.tables[table_id]))


def test_the_proactive_table_is_laid_out_block_by_block(report: Report) -> None:
    """Four blocks, each its heading row, its column headers under the corner, its rows; / as written."""
    assert layout(report, "proactive") == [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "/", "/", "/"],
        ["行政规范性文件", "2", "1", "15"],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "120", "", ""],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", "35", "", ""],
        ["行政强制", "0", "", ""],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", "0", "", ""],
    ]


def test_the_appeals_table_has_three_header_rows_and_no_row_labels(report: Report) -> None:
    result = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert layout(report, "appeals") == [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*result, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", *result, *result],
        ["0", "1", "0", "0", "1", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"],
    ]


def test_the_requests_table_has_the_national_layout(report: Report) -> None:
    lines = layout(report, "requests")
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert lines[:3] == [
        [corner, "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    body = lines[3:]
    assert len(body) == 25
    assert all(len(line) == 10 for line in lines)
    assert body[0] == ["一、本年新收政府信息公开申请数量", "", "", "10", "2", "0", "0", "1", "0", "13"]
    assert body[2] == ["三、本年度办理结果", "（一）予以公开", "", "5", "1", "0", "0", "1", "0", "7"]
    assert body[4][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert body[5][:3] == ["", "", "2.其他法律行政法规禁止公开"]
    assert body[12] == ["", "（四）无法提供", "1.本机关不掌握相关政府信息", "2", "1", "0", "0", "0", "0", "3"]
    assert body[23] == ["", "（七）总计", "", "9", "2", "0", "0", "1", "0", "12"]  # 12 computed (计算)
    assert body[24] == ["四、结转下年度继续办理", "", "", "2", "0", "0", "0", "0", "0", "2"]


def test_every_cell_is_where_the_table_prints_it(report: Report) -> None:
    """Each number at its row's line and its column's place (read from the model, not the writer),
    each not-applicable cell as written, and each row's group labels on the group's first row only."""
    assert report.kind is not None
    seen = set()
    for table in report.kind.tables.values():
        lines = layout(report, table.id)
        row_depth = max(depth(block.rows) for block in table.blocks)
        at = 0
        for block in table.blocks:
            at += (block.heading is not None) + depth(block.columns) + (table.heading is not None)
            rows: list[Header | None] = [*leaves(block.rows)] or [None]
            for row in rows:
                line = lines[at]
                if row is not None:
                    chain = ancestors(block.rows, row)
                    for level in range(row_depth):
                        header = chain[level] if level < len(chain) else None
                        shown = header.label if header and next(header.leaves()) is row else ""
                        assert line[level] == shown, (table.id, row.path, level)
                for place, column in enumerate(leaves(block.columns)):
                    key = cell_key(table.id, row, column)
                    figure = report.figures.get(key)
                    shown = number(figure) if figure else report.not_applicable[key]
                    assert line[row_depth + place] == shown, key
                    seen.add(key)
                at += 1
        assert at == len(lines)
    assert seen == set(report.cells)
    assert report.not_applicable  # the fixture has / cells, so their case is tested


def test_the_long_form_is_one_line_per_cell_and_matches_the_figures(report: Report) -> None:
    assert report.kind is not None
    keys = []
    for table in report.kind.tables.values():
        raw = opendata.table_long_csv(report, table)
        grid(raw)  # BOM, CRLF
        rows = records(raw)
        assert list(rows[0]) == ["表", "行", "列", "键", "数值", "单位", "发布形式"]
        assert [row["键"] for row in rows] == [cell.key for cell in table.cells()]
        for row in rows:
            key = row["键"]
            cell = report.cells[key]
            assert row["表"] == table.title
            rows_above = [h.label for h in ancestors(cell.block.rows, cell.row)] if cell.row else []
            assert row["行"] == "／".join(([cell.block.heading] if cell.block.heading else []) + rows_above)
            assert row["列"] == "／".join(h.label for h in ancestors(cell.block.columns, cell.column))
            figure = report.figures.get(key)
            if figure is None:
                assert (row["数值"], row["单位"], row["发布形式"]) == ("", cell.block.unit, report.not_applicable[key])
            else:
                assert (row["数值"], row["单位"]) == (f"{figure.value:f}", figure.unit)
                assert row["发布形式"] == published(figure)
                assert Decimal(row["数值"]) == figure.value
        keys += [row["键"] for row in rows]
    assert len(keys) == len(set(keys))
    assert {key for key in keys if key in report.figures} == {key for key in report.figures if key in report.cells}
    assert {key for key in keys if key not in report.figures} == set(report.not_applicable)
    one = next(row for row in records(opendata.table_long_csv(report, report.kind.tables["requests"]))
               if row["键"] == "requests.results.withheld.state_secret.legal.business")
    assert (one["行"], one["列"]) == ("三、本年度办理结果／（三）不予公开／1.属于国家秘密", "法人或其他组织／商业企业")
    na = next(row for row in records(opendata.table_long_csv(report, report.kind.tables["proactive"]))
              if row["键"] == "proactive.regulations.issued")
    assert (na["行"], na["列"], na["数值"], na["发布形式"]) == ("第二十条第（一）项／规章", "本年制发件数", "", "/")


def test_the_downloads_and_their_package(report: Report, tmp_path: Path) -> None:
    """The files written, listed in the package; the long form's schema fits its CSV; two writes agree."""
    opendata.write_downloads(report, tmp_path / "one")
    opendata.write_downloads(report, tmp_path / "two")
    names = sorted(path.name for path in (tmp_path / "one").iterdir())
    assert names == sorted(["figures.csv", "figures.json", "datapackage.json",
                            *(f"table-{t}.csv" for t in TABLES), *(f"table-{t}-long.csv" for t in TABLES)])
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
        if name.endswith(".csv"):
            assert formula_cells((tmp_path / "one" / name).read_bytes()) == [], name
    package = json.loads((tmp_path / "one" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert sorted(resource["path"] for resource in resources.values()) == [n for n in names if n != "datapackage.json"]
    for table in TABLES:
        printed, long = resources[f"table-{table}"], resources[f"table-{table}-long"]
        assert (printed["profile"], printed["format"]) == ("data-resource", "csv")
        assert printed["path"] == f"table-{table}.csv"
        assert "原表格式" in printed["title"]
        assert "表头" in printed["description"]
        assert (long["profile"], long["format"], long["path"]) == ("tabular-data-resource", "csv",
                                                                    f"table-{table}-long.csv")
        schema = long["schema"]
        rows = records((tmp_path / "one" / long["path"]).read_bytes())
        assert [field["title"] for field in schema["fields"]] == list(rows[0])
        assert [field["name"] for field in schema["fields"]] == [
            "table", "row", "column", "key", "value", "unit", "published"]
        assert schema["primaryKey"] == ["key"]
        for row in rows:
            for field in schema["fields"]:
                text = row[field["title"]]
                if text not in schema["missingValues"]:
                    PARSE[field["type"]](text)  # raises if a cell does not fit its declared type


def test_a_label_that_starts_like_a_formula_is_made_text(report: Report) -> None:
    """The last guard: text from a kind that would begin a formula gets the leading '."""
    assert report.kind is not None
    table = dataclasses.replace(report.kind.tables["requests"], corner="=HYPERLINK(\"https://example.org\")",
                                heading="@申请人情况", title="-表")
    raw = opendata.table_csv(report, table)
    assert formula_cells(raw) == []
    assert grid(raw)[0][:4] == ["'=HYPERLINK(\"https://example.org\")", "", "", "'@申请人情况"]
    assert formula_cells(opendata.table_long_csv(report, table)) == []
    assert "row 0" in formula_cells(raw.replace(b"'=", b"="))[0]  # the check would see it


@pytest.mark.site
def test_the_built_district_publishes_the_table_files(district_site: Build) -> None:  # noqa: F811
    folder = district_site.site / REPORT
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = [resource["path"] for resource in package["resources"]]
    for table in TABLES:
        assert f"table-{table}.csv" in paths
        assert f"table-{table}-long.csv" in paths
    for path in paths:
        assert (folder / path).is_file(), path
    assert grid((folder / "table-proactive.csv").read_bytes())[2] == ["规章", "/", "/", "/"]
    appendix = page(district_site.site, f"{REPORT}/appendix/index.html")
    for table in TABLES:
        for name in (f"table-{table}.csv", f"table-{table}-long.csv"):
            assert appendix.find("a", href=f"../{name}", string=name) is not None, name
    other = json.loads((district_site.site / "example-a/2023/datapackage.json").read_text(encoding="utf-8"))
    assert [resource["name"] for resource in other["resources"]] == ["figures", "figures-json"]  # a kind without tables


def printed_grid(table: Tag) -> list[list[str]]:
    """An HTML table as a spreadsheet shows it: each cell's text in the first cell it spans, blanks in
    the rest (rowspan and colspan expanded)."""
    grid: dict[tuple[int, int], str] = {}
    for y, tr in enumerate(table.find_all("tr")):
        x = 0
        for cell in tr.find_all(["th", "td"]):
            while (y, x) in grid:
                x += 1
            rows, columns = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dy in range(rows):
                for dx in range(columns):
                    grid[(y + dy, x + dx)] = cell.get_text(strip=True) if (dy, dx) == (0, 0) else ""
            x += columns
    height, width = max(y for y, _ in grid) + 1, max(x for _, x in grid) + 1
    return [[grid.get((y, x), "") for x in range(width)] for y in range(height)]


@pytest.mark.site
def test_the_layout_is_the_rendered_table(district_site: Build) -> None:  # noqa: F811
    """Each table-<id>.csv, cell for cell, is the table on the report's page with its merged cells expanded."""
    html = page(district_site.site, f"{REPORT}/index.html")
    for table in TABLES:
        rendered = html.find("table", id=f"table-{table}")
        assert isinstance(rendered, Tag), table
        assert grid((district_site.site / REPORT / f"table-{table}.csv").read_bytes()) == printed_grid(rendered)
