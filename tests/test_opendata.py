"""Open data: the downloads read back equal the YAML exactly, and the package descriptor fits them."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from macros.check.project import Checked, check_project
from macros.load.reports import load_catalog
from macros.model.errors import Location
from macros.model.figures import Figure
from macros.model.forms import FORMULA_STARTS, published
from macros.render.opendata import COLUMNS, as_text, figures_csv
from tests.conftest import ROOT, Build, add_kinds, build, correct, edit
from tests.test_site import REPORT, page, sample_report


def yaml_values(report_id: str) -> dict[str, str]:
    """Each figure's `value` exactly as typed in figures.yaml, read without the engine."""
    root = yaml.compose((ROOT / "data" / report_id / "figures.yaml").read_text(encoding="utf-8"))
    return {key.value: field.value for key, node in root.value for name, field in node.value
            if name.value == "value"}


NAMES = {title: name for name, _, title, _ in COLUMNS}  # a column's Chinese header: its field's name


def read_csv(site: Path) -> list[dict[str, str]]:
    """figures.csv's records, by field name (the file's header row is the columns' Chinese titles)."""
    raw = (site / REPORT / "figures.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # so that Excel takes it as UTF-8
    return [{NAMES[title]: cell for title, cell in record.items()} for record in records(raw)]


def records(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def expected(figure: Figure) -> dict[str, str]:
    """A figure's CSV record, written out by hand from the model."""
    return {
        "key": figure.key, "label": figure.label, "value": str(figure.value), "unit": figure.unit,
        "precision": str(figure.precision), "qualifier": figure.qualifier or "",
        "tolerance": str(figure.tolerance or ""), "published": as_text(published(figure)),
        "source": figure.source or "",
        "as_of": str(figure.as_of or ""), "data_only": str(figure.data_only).lower(), "note": figure.note or "",
    }


def test_csv_equals_the_yaml_exactly(site: Build, checked: Checked) -> None:
    report = sample_report(checked)
    rows = read_csv(site.site)
    assert [row["key"] for row in rows] == list(report.figures)
    assert {row["key"]: row["value"] for row in rows} == yaml_values(REPORT)  # the very text typed
    assert rows == [expected(figure) for figure in report.figures.values()]
    assert next(row for row in rows if row["key"] == "training.online.attendance")["published"] == "2800余人次"


def test_json_equals_the_yaml_exactly(site: Build, checked: Checked) -> None:
    report = sample_report(checked)
    data = json.loads((site.site / REPORT / "figures.json").read_text(encoding="utf-8"),
                      parse_float=Decimal, parse_int=Decimal)
    typed = yaml_values(REPORT)
    for item, figure in zip(data["figures"], report.figures.values(), strict=True):
        assert item["key"] == figure.key
        assert type(item["value"]) is Decimal
        assert item["value"].as_tuple() == Decimal(typed[figure.key]).as_tuple()  # same digits, same places
        assert item["published"] == published(figure)
        assert item["source"] is None  # unknown stays unknown
    assert data["report"] == {"id": REPORT, "title": report.meta.title, "body": report.meta.body,
                              "kind": report.meta.kind, "year": report.meta.year}


@pytest.mark.site
def test_a_trailing_zero_survives(project: Path, tmp_path: Path) -> None:
    """0.50 is not 0.5: what was typed is what is downloaded."""
    edit(project / f"data/{REPORT}/figures.yaml", "value: 0.678", "value: 0.670")
    correct(project, REPORT, "inspection.penalties.confiscated", "0.678万元", "0.670万元")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    row = next(r for r in read_csv(tmp_path / "site") if r["key"] == "inspection.penalties.confiscated")
    assert row["value"] == "0.670"
    data = json.loads((tmp_path / "site" / REPORT / "figures.json").read_text(encoding="utf-8"),
                      parse_float=Decimal)
    assert str(next(f for f in data["figures"] if f["key"] == "inspection.penalties.confiscated")["value"]) == "0.670"


PARSE = {
    "string": str,
    "number": Decimal,
    "integer": int,
    "date": datetime.date.fromisoformat,
    "boolean": {"true": True, "false": False}.__getitem__,
}


def test_datapackage_describes_the_csv(site: Build) -> None:
    package = json.loads((site.site / REPORT / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "data-package"
    resources = {resource["name"]: resource for resource in package["resources"]}
    for resource in resources.values():
        assert (site.site / REPORT / resource["path"]).is_file()
    schema = resources["figures"]["schema"]
    fields = schema["fields"]
    rows = read_csv(site.site)
    assert [field["name"] for field in fields] == list(rows[0]) == [name for name, *_ in COLUMNS]
    header = next(csv.reader(io.StringIO((site.site / REPORT / "figures.csv").read_text(encoding="utf-8-sig"))))
    assert header == [field["title"] for field in fields]
    assert header == ["键", "名称", "数值", "单位", "小数位数", "限定词", "误差", "发布形式", "来源", "截至日期",
                      "只作数据公开", "说明"]
    for row in rows:
        for field in fields:
            cell = row[field["name"]]
            if cell not in schema["missingValues"]:
                PARSE[field["type"]](cell)  # raises if a cell does not fit its declared type
    keys = [row[key] for row in rows for key in schema["primaryKey"]]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", ["figures.csv", "figures.json", "datapackage.json"])
def test_the_appendix_links_each_download(site: Build, name: str) -> None:
    appendix = page(site.site, f"{REPORT}/appendix/index.html")
    assert appendix.find("a", href=f"../{name}", string=name) is not None


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def formula_cells(raw: bytes) -> list[str]:
    """The cells a spreadsheet opening the CSV would run as formulas: read as Excel and WPS read it
    (UTF-8 with BOM, RFC 4180 quoting), every cell whose first character starts a formula, but for
    plain decimal numbers (-3.5 is the number -3.5)."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return [f"row {number} column {rows[0][column]}: {cell!r}" for number, cells in enumerate(rows)
            for column, cell in enumerate(cells)
            if cell and cell[0] in FORMULA_STARTS and not NUMBER.fullmatch(cell)]


def test_no_cell_of_the_sites_csv_is_a_formula(site: Build) -> None:
    assert formula_cells((site.site / REPORT / "figures.csv").read_bytes()) == []


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\\t", "\\r", "＝", "＋", "－", "＠", " =", "\\u3000@"])
@pytest.mark.parametrize("field", ["label", "source", "note"])
def test_text_that_a_spreadsheet_would_run_is_refused_at_load(project: Path, field: str, start: str) -> None:
    payload = f'"{start}HYPERLINK(""https://example.org"",""点此"")"'.replace('""', '\\"')
    figures = project / f"data/{REPORT}/figures.yaml"
    edit(figures, "  label: 行政处罚案件数量（行政处罚与事故处罚合计）\n",
         "  label: 行政处罚案件数量（行政处罚与事故处罚合计）\n" if field != "label" else "")
    edit(figures, "  value: 71\n", f"  value: 71\n  {field}: {payload}\n")
    errors = check_project(project).errors
    line = 10 if field == "label" else 11
    assert any((e.location, e.code) == (Location(f"data/{REPORT}/figures.yaml", line), "formula-text")
               and e.message.startswith(f"“{field}”以“") for e in errors), errors


def test_a_negative_figure_stays_a_number_and_its_published_form_is_text(tmp_path: Path) -> None:
    """A unit declared negative: the value cell is the number -3.5, the published cell '-3.5%."""
    (tmp_path / "data" / "r" / "2020").mkdir(parents=True)
    (tmp_path / "data" / "units.yaml").write_text("变化率: {kind: measure, decimals: 1, negative: true}\n",
                                                  encoding="utf-8")
    add_kinds(tmp_path)
    (tmp_path / "data" / "r" / "2020" / "report.yaml").write_text(
        "body: 某局\ntitle: 某局2020年报告\nkind: 法治政府建设年度报告\nformat: 2019\nyear: 2020\n", encoding="utf-8")
    (tmp_path / "data" / "r" / "2020" / "figures.yaml").write_text(
        "a.change: {label: 变化, value: -3.5, unit: 变化率}\n", encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert loaded.errors == []
    raw = figures_csv(loaded.catalog.reports[0])
    assert formula_cells(raw) == []
    (record,) = records(raw)
    assert (record["数值"], record["发布形式"]) == ("-3.5", "'-3.5变化率")
    assert Decimal(record["数值"]) == Decimal("-3.5")


def test_the_formula_check_is_not_vacuous() -> None:
    raw = "\ufeffkey,label\r\na,=1+1\r\nb,-3.5\r\nc,@x\r\n".encode()
    assert formula_cells(raw) == ["row 1 column label: '=1+1'", "row 3 column label: '@x'"]


@pytest.mark.parametrize(("form", "kept"), [
    ("86.1%", "'86.1%"), ("0.50", "'0.50"), ("1,234", "'1,234"), ("1/2", "'1/2"), ("2023-03", "'2023-03"),
    ("3月5日", "'3月5日"), ("12:30", "'12:30"), ("1e5", "'1e5"), ("-3.5%", "'-3.5%"),
    ("955.61万元", "955.61万元"), ("2800余人次", "2800余人次"), ("约70人", "约70人"), ("/", "/"), ("3件", "3件"),
])
def test_a_published_form_a_spreadsheet_would_read_otherwise_stays_text(form: str, kept: str) -> None:
    assert as_text(form) == kept


def test_the_published_percent_is_text_in_the_sites_csv(site: Build) -> None:
    rows = read_csv(site.site)
    rates = [row for row in rows if row["unit"] == "%"]
    assert rates
    assert all(row["published"] == f"'{row['value']}%" for row in rates), rates
