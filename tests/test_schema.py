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

from macros.load.allowlist import ALLOWLIST
from macros.load.reports import FIGURE_FIELDS, FIGURE_OPTIONAL, KEY, META_FIELDS, META_OPTIONAL, PLAUSIBILITY, YEARS
from macros.load.rules import RULE_ID
from macros.model.claims import CLAIM_FIELDS, CLAIMS
from macros.model.figures import Qualifier
from macros.model.intervals import MAX_DIGITS
from macros.model.rules import KINDS
from tests.conftest import ROOT

SCHEMAS = {"figures.yaml": "figures.schema.json", "rules.yaml": "rules.schema.json",
           "report.yaml": "report.schema.json", ALLOWLIST: "allowed-numbers.schema.json"}


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


def test_the_figure_schema_follows_the_loader() -> None:
    figures = schema("figures.schema.json")
    figure = figures["$defs"]["figure"]
    assert list(figure["properties"]) == [*FIGURE_FIELDS, *FIGURE_OPTIONAL]
    assert figure["required"] == list(FIGURE_FIELDS)
    assert figure["properties"]["qualifier"]["enum"] == list(get_args(Qualifier))
    assert figures["propertyNames"]["pattern"] == f"^{KEY.pattern}$"
    assert figure["properties"]["precision"]["maximum"] == MAX_DIGITS


def test_the_figure_schema_has_the_units_of_the_unit_table() -> None:
    """Every unit of data/units.yaml, in its order; the counts and the units that may not be negative
    are the ones the table declares so."""
    units = yaml.safe_load((ROOT / "data" / "units.yaml").read_text(encoding="utf-8"))
    figure = schema("figures.schema.json")["$defs"]["figure"]
    assert figure["properties"]["unit"]["enum"] == list(units)
    counts, not_negative = (condition["if"]["properties"]["unit"]["enum"] for condition in figure["allOf"][2:])
    assert counts == [name for name, unit in units.items() if unit["kind"] == "count"]
    assert not_negative == [name for name, unit in units.items()
                            if unit["kind"] == "measure" and not unit.get("negative", False)]


def test_the_report_schema_follows_the_loader() -> None:
    report = schema("report.schema.json")
    assert list(report["properties"]) == [*META_FIELDS, *META_OPTIONAL]
    assert report["required"] == list(META_FIELDS)
    assert report["properties"]["plausibility"]["enum"] == list(PLAUSIBILITY)
    year = report["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == YEARS


def test_the_rules_schema_follows_the_rule_kinds() -> None:
    rule = schema("rules.schema.json")["$defs"]["rule"]
    assert list(rule["properties"]) == ["id", "description", *KINDS, "exception"]
    assert [option["required"] for option in rule["oneOf"]] == [[kind] for kind in KINDS]
    for name, kind in KINDS.items():
        fields = rule["properties"][name]["properties"]
        assert list(fields) == [role.field for role in kind.roles] + (list(CLAIM_FIELDS) if name == "change" else [])
        assert [fields[role.field]["$ref"].endswith("/keys") for role in kind.roles] == [r.many for r in kind.roles]
        assert rule["properties"][name]["description"].startswith(kind.title)
    assert rule["properties"]["change"]["properties"]["claim"]["enum"] == list(CLAIMS)
    assert rule["properties"]["id"]["pattern"] == f"^{RULE_ID.pattern}$"


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
    for name, kind in KINDS.items():
        assert name in rows, f"CONTRIBUTING.md: no row for the rule kind {name}"
        _, _, written, meaning, _ = rows[name].split("|")
        assert [field.split(":")[0].strip(" `{[") for field in written.split(",") if ":" in field] == \
            [role.field for role in kind.roles] + (list(CLAIM_FIELDS) if name == "change" else [])
        assert meaning.strip().startswith(kind.title.split("（")[0])
