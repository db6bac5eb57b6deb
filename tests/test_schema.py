"""The editors' JSON Schemas (schema/): valid, satisfied by the repository's data files, strict
where the loader is strict, in step with the loader's field lists, and mapped for editors."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import get_args

import pytest
import yaml
from jsonschema import Draft202012Validator

from macros.commands.check import write_schemas
from macros.load.kinds import read_kinds
from macros.load.rules import RULE_ID
from macros.load.units import load_units
from macros.model.claims import CLAIM_FIELDS, CLAIMS
from macros.model.fields import required_names
from macros.model.figures import FIGURE_FIELDS, Qualifier
from macros.model.intervals import MAX_DIGITS
from macros.model.report import META_FIELDS, PLAUSIBILITY, YEARS
from macros.model.rules import WRITTEN
from macros.render.schemas import SCHEMA_FILES, schemas
from tests.conftest import ROOT

SCHEMAS = SCHEMA_FILES


def schema(name: str) -> dict:
    return json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))


def as_json(value: object) -> object:
    """YAML as an editor's YAML server sees it: dates are text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def problems(schema_name: str, text: str) -> list[str]:
    validator = Draft202012Validator(schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{error.json_path}: {error.message}" for error in
                  validator.iter_errors(as_json(yaml.safe_load(text))))


@pytest.mark.parametrize("name", sorted(SCHEMAS.values()))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(schema(name))


def test_the_repositorys_data_files_fit_the_schemas() -> None:
    offenders = [f"{path.relative_to(ROOT)}: {problem}"
                 for file_name, schema_name in SCHEMAS.items()
                 for path in sorted((ROOT / "data").rglob(file_name))
                 for problem in problems(schema_name, path.read_text(encoding="utf-8"))]
    assert offenders == []


FIG = "a.b:\n  label: 数\n  unit: 件\n"


@pytest.mark.parametrize(("schema_name", "text"), [
    pytest.param("figures.schema.json", FIG + "  value: 955.61万元\n", id="unit-in-value"),
    pytest.param("figures.schema.json", FIG + "  value:\n", id="unfilled-value"),
    pytest.param("figures.schema.json", FIG, id="no-value"),
    pytest.param("figures.schema.json", FIG + "  value: 1\n  derive: {sum: [x]}\n", id="value-and-derive"),
    pytest.param("figures.schema.json", FIG + "  value: 1\n  precision: 0\n", id="precision-on-value"),
    pytest.param("figures.schema.json", FIG + "  derive: {sum: [x]}\n", id="derive-without-precision"),
    pytest.param("figures.schema.json", FIG + "  value: 1\n  valeu: 2\n", id="unknown-field"),
    pytest.param("figures.schema.json", "a.b:\n  label: 数\n  unit: 辆次\n  value: 1\n", id="unknown-unit"),
    pytest.param("figures.schema.json", FIG + "  value: 70\n  qualifier: 约\n", id="yue-without-tolerance"),
    pytest.param("figures.schema.json", FIG + "  value: 1\n  as_of: '2023-13-01'\n", id="bad-date"),
    pytest.param("figures.schema.json", "A.B:\n  label: 数\n  unit: 件\n  value: 1\n", id="key-style"),
    pytest.param("figures.schema.json", FIG + "  value: -71\n", id="negative-count"),
    pytest.param("figures.schema.json", FIG + "  value: 71.5\n", id="count-with-decimals"),
    pytest.param("figures.schema.json", "a.b:\n  label: 数\n  unit: 万元\n  value: -1.5\n", id="negative-amount"),
    pytest.param("figures.schema.json", FIG + "  value: 70\n  qualifier: 约\n  tolerance: 0\n", id="zero-tolerance"),
    pytest.param("figures.schema.json", "a.b: {label: 数, unit: 件, derive: {sum: [x]}, precision: 2}\n",
                 id="count-derived-with-decimals"),
    pytest.param("figures.schema.json", "a.b: {label: 数, unit: '%', derive: {ratio: [x, y]}, precision: 29}\n",
                 id="precision-beyond-digits"),
    pytest.param("rules.schema.json", "- id: r\n  description: 说明\n", id="no-relation"),
    pytest.param("rules.schema.json", "- id: R 1\n  description: 说明\n  equal: {same: [a, b]}\n", id="rule-id"),
    pytest.param("rules.schema.json", "- id: r\n  description: 说明\n  equal: {same: [a]}\n", id="equal-one"),
    pytest.param("rules.schema.json", "- id: r\n  description: 说明\n"
                 "  change: {figure: a, previous: a, claim: 降低, quote: 原话}\n", id="unknown-claim"),
    pytest.param("report.schema.json", "body: 局\ntitle: 题\nkind: 类\nyear: 2023\nplausibility: warn\n",
                 id="plausibility"),
    pytest.param("report.schema.json", "body: 局\ntitle: 题\nkind: 类\n", id="no-year"),
    pytest.param("report.schema.json", "body: 局\ntitle: 题\nkind: 类\nyear: 1900\n", id="year-too-early"),
    pytest.param("report.schema.json", "body: 局\ntitle: 题\nkind: 类\nyear: 20230\n", id="year-too-late"),
    pytest.param("report.schema.json", "body: 局\ntitle: 题\nkind: 类\nyear: 2023\nchange_threshold: -5\n",
                 id="negative-threshold"),
    pytest.param("allowed-numbers.schema.json", "- text: 2023年\n", id="no-reason"),
])
def test_the_schemas_reject_what_the_engine_rejects(schema_name: str, text: str) -> None:
    assert problems(schema_name, text) != []


@pytest.mark.parametrize("text", [
    pytest.param("a.b: {label: 数, unit: 件, derive: {sum: [x, y]}, precision: 0}\n", id="derived"),
    pytest.param(FIG + "  value: 70\n  qualifier: 约\n  tolerance: 5\n", id="approximate"),
    pytest.param(FIG + "  value: 2800\n  qualifier: 余\n  as_of: 2023-12-31\n  note: 说明\n", id="at-least"),
])
def test_the_figure_schema_accepts_every_form_the_loader_accepts(text: str) -> None:
    assert problems("figures.schema.json", text) == []


def test_the_schema_files_are_generated_from_the_declarations() -> None:
    """schema/ holds exactly what the field declarations, the rule kinds and the unit table make."""
    units, errors = load_units(ROOT)
    kinds, kind_errors = read_kinds(ROOT, units.__contains__)
    assert errors == kind_errors == []
    for name, text in schemas(units, kinds).items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, \
            f"schema/{name} 与声明不一致：运行 make check 重新生成，并提交"
    assert sorted(path.name for path in (ROOT / "schema").iterdir()) == sorted(SCHEMA_FILES.values())


def test_the_schemas_say_what_the_declarations_say() -> None:
    figure = schema("figures.schema.json")["$defs"]["figure"]
    assert list(figure["properties"]) == [field.name for field in FIGURE_FIELDS]
    assert figure["required"] == list(required_names(FIGURE_FIELDS)) == ["label", "unit"]
    assert figure["properties"]["qualifier"]["enum"] == list(get_args(Qualifier))
    assert figure["properties"]["precision"]["maximum"] == MAX_DIGITS
    report = schema("report.schema.json")
    assert [report["properties"][field.name]["description"] for field in META_FIELDS] == \
        [field.title for field in META_FIELDS]
    assert report["properties"]["plausibility"]["enum"] == list(PLAUSIBILITY)
    assert (report["properties"]["year"]["minimum"], report["properties"]["year"]["maximum"]) == YEARS


def test_a_unit_added_to_the_table_reaches_the_figure_schema(tmp_path: Path) -> None:
    """An editor's new unit needs no maintainer to edit schema/: make check writes it, counts and units
    that may not be negative in the conditions the table declares."""
    (tmp_path / "data").mkdir()
    (tmp_path / "schema").mkdir()
    (tmp_path / "data" / "units.yaml").write_text(
        "件: {kind: count}\n条: {kind: count}\n元: {kind: measure, decimals: 2}\n"
        "万元: {kind: measure, decimals: 6, of: 元, factor: 10000}\n"
        "增幅: {kind: measure, decimals: 1, negative: true}\n",
        encoding="utf-8")
    assert sorted(write_schemas(tmp_path)) == sorted(f"schema/{name}" for name in SCHEMA_FILES.values())
    figure = json.loads((tmp_path / "schema" / "figures.schema.json").read_text("utf-8"))["$defs"]["figure"]
    assert figure["properties"]["unit"]["enum"] == ["件", "条", "元", "万元", "增幅"]
    counts, not_negative = (condition["if"]["properties"]["unit"]["enum"] for condition in figure["allOf"][2:])
    assert (counts, not_negative) == (["件", "条"], ["元", "万元"])
    assert write_schemas(tmp_path) == []  # written once; unchanged afterwards
    validator = Draft202012Validator(json.loads((tmp_path / "schema" / "figures.schema.json").read_text("utf-8")))
    assert list(validator.iter_errors({"a.b": {"label": "数", "unit": "条", "value": 3}})) == []
    assert list(validator.iter_errors({"a.b": {"label": "数", "unit": "条", "value": 3.5}})) != []


def test_a_unit_table_with_errors_writes_no_schema(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "schema").mkdir()
    (tmp_path / "data" / "units.yaml").write_text("件: {kind: piece}\n", encoding="utf-8")
    assert write_schemas(tmp_path) == []
    assert list((tmp_path / "schema").iterdir()) == []


def test_the_rules_schema_follows_the_rule_kinds() -> None:
    rule = schema("rules.schema.json")["$defs"]["rule"]
    assert list(rule["properties"]) == ["id", "description", *WRITTEN, "exception"]
    assert [option["required"] for option in rule["oneOf"]] == [[kind] for kind in WRITTEN]
    for name, kind in WRITTEN.items():
        fields = rule["properties"][name]["properties"]
        assert list(fields) == [role.field for role in kind.roles] + (_claim_fields() if name == "change" else [])
        assert [fields[role.field]["$ref"].endswith("/keys") for role in kind.roles] == [r.many for r in kind.roles]
        assert rule["properties"][name]["description"].startswith(kind.title)
    assert rule["properties"]["change"]["properties"]["claim"]["enum"] == list(CLAIMS)
    assert rule["properties"]["id"]["pattern"] == f"^{RULE_ID.pattern}$"


def _claim_fields() -> list[str]:
    return [field.name for field in CLAIM_FIELDS]


def _guide_rows() -> dict[str, str]:
    """The guide's table rows by their first cell's field names (`a`、`b` gives a and b)."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = guide.index("\n### 错误代码\n")  # its table lists codes, not fields
    guide = guide[:start] + guide[guide.index("\n## ", start):]
    rows = {}
    for row in (line.strip() for line in guide.splitlines()):
        if row.startswith("| `"):
            for name in row.split("|")[1].split("、"):
                rows[name.strip(" `")] = row
    return rows


def test_the_guide_explains_every_field_of_a_figure_and_of_report_yaml() -> None:
    """The guide's tables of fields list each declared field (the required ones of report.yaml are in its
    example), and no field the loader does not read."""
    rows = _guide_rows()
    for field in (*FIGURE_FIELDS, *(f for f in META_FIELDS if not f.required)):
        assert field.name in rows, f"CONTRIBUTING.md: no row for the field {field.name}"
    assert not {name for name in rows if name.isidentifier() and name.islower()} - \
        {f.name for f in (*FIGURE_FIELDS, *META_FIELDS)} - set(WRITTEN), "a row for a field that is not declared"


def test_editors_map_every_data_file_to_its_schema() -> None:
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert sorted(Path(path).name for path in mapping) == sorted(SCHEMAS.values())
    for path, pattern in mapping.items():
        file_name = pattern.rsplit("/", 1)[1]
        assert SCHEMAS[file_name] == Path(path).name
        assert sorted(ROOT.glob(pattern)) == sorted((ROOT / "data").rglob(file_name))


def test_the_guide_lists_every_rule_kind_with_its_fields() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = {row.split("|")[1].strip(" `"): row for row in guide.splitlines() if row.startswith("| `")}
    for name, kind in WRITTEN.items():
        assert name in rows, f"CONTRIBUTING.md: no row for the rule kind {name}"
        _, _, written, meaning, _ = rows[name].split("|")
        assert [field.split(":")[0].strip(" `{[") for field in written.split(",") if ":" in field] == \
            [role.field for role in kind.roles] + (_claim_fields() if name == "change" else [])
        assert meaning.strip().startswith(kind.title.split("（")[0])


DISTRICT_TABLES = sorted((ROOT / "tests" / "fixtures" / "district" / "data").rglob("tables.yaml"))


@pytest.mark.parametrize("path", DISTRICT_TABLES, ids=lambda path: path.parent.relative_to(ROOT / "tests").as_posix())
def test_filled_tables_fit_the_tables_schema(path: Path) -> None:
    assert problems("tables.schema.json", path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("old", "new"), [
    pytest.param("  received: [10, 2, 0, 0, 1, 0, 13]", "  received: [10, 2, 0, 0, 1, 13]", id="a-cell-short"),
    pytest.param("  received: [10, 2, 0, 0, 1, 0, 13]", "  received: [10, 2, 0, 0, 1, 0, 十三]", id="a-word"),
    pytest.param("  received: [10, 2, 0, 0, 1, 0, 13]", "  recieved: [10, 2, 0, 0, 1, 0, 13]", id="a-row-misspelt"),
    pytest.param("appeals: [", "appeal: [", id="a-table-misspelt"),
])
def test_the_tables_schema_tells_an_editor_of_a_wrong_row(old: str, new: str) -> None:
    text = (ROOT / "tests" / "fixtures" / "district" / "data" / "example-b" / "2023" / "tables.yaml").read_text("utf-8")
    assert old in text
    assert problems("tables.schema.json", text.replace(old, new)) != []
