"""The JSON Schemas of the editors' data files (schema/*.schema.json), generated from the fields
declared in the model, the rule kinds and the unit table (data/units.yaml): editors' tools (the YAML
extension of VS Code, .vscode/settings.json) hint and check what the loader reads, and a new unit in
the table reaches them with `make check`, which writes these files when they differ.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..load.allowlist import ALLOWED_FIELDS, ALLOWLIST
from ..load.kinds import Kinds
from ..load.reports import KEY
from ..load.rules import RULE_ID
from ..load.tables import TABLES
from ..load.units import Units
from ..model.claims import CLAIM_FIELDS
from ..model.fields import Field, required_names
from ..model.figures import FIGURE_FIELDS
from ..model.report import META_FIELDS
from ..model.rules import WRITTEN
from ..model.tables import DERIVED, NOT_APPLICABLE, UNFILLED, leaves, path_label

DRAFT = "https://json-schema.org/draft/2020-12/schema"
GENERATED = ("由 macros/render/schemas.py 生成（make check）：不要直接修改，"
             "改字段的声明、data/units.yaml 或 data/kinds/。")
# Each data file's schema, by the name of the file it describes.
SCHEMA_FILES = {"figures.yaml": "figures.schema.json", "rules.yaml": "rules.schema.json",
                "report.yaml": "report.schema.json", ALLOWLIST: "allowed-numbers.schema.json",
                TABLES: "tables.schema.json"}
_KEY = {"description": "figures.yaml 中的键", "type": "string", "pattern": f"^{KEY.pattern}$"}


def schemas(units: Units, kinds: Kinds) -> dict[str, str]:
    """Each schema file's name and its text."""
    texts = {"figures.schema.json": _figures(units), "rules.schema.json": _rules(),
             "tables.schema.json": _tables(kinds),
             "report.schema.json": _record("报告信息（data/<报告>/report.yaml）",
                                           "成文日期、发布日期、索引号、文号只在确实知道时填写，网站不会显示未填写的项目。",
                                           META_FIELDS),
             "allowed-numbers.schema.json": {
                 "$schema": DRAFT, "title": "正文中允许直接出现的数字（data/<报告>/allowed-numbers.yaml）",
                 "description": "年份、日期、名称、文件标题、热线号码等不是统计数字的写法；"
                                "每项写明理由，由维护者审核。",
                 "type": "array", "items": _object(ALLOWED_FIELDS)}}
    return {name: json.dumps({"$comment": GENERATED, **schema}, ensure_ascii=False, indent=2) + "\n"
            for name, schema in texts.items()}


def _tables(kinds: Kinds) -> dict[str, Any]:
    """tables.yaml: each table of a declared kind, a row per line with as many cells as the table has
    columns, each a number, not applicable, 计算 or _ (still to fill in); the row's label as its hint."""
    cell = {"anyOf": [{"type": "number", "minimum": 0}, {"enum": [UNFILLED, DERIVED, *NOT_APPLICABLE]}]}
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds.table.values():
        for table in kind.tables.values():
            rows: dict[str, Any] = {}
            for block, row in table.rows():
                columns = leaves(block.columns)
                named = "、".join(path_label(block.columns, column) for column in columns)
                cells = {"type": "array", "items": cell, "minItems": len(columns), "maxItems": len(columns),
                         "description": f"{len(columns)} 格依次为：{named}"}
                if row is None:
                    rows = cells
                else:
                    rows[row.path] = {**cells, "description": f"{path_label(block.rows, row)}：{named}"}
            shape = rows if "type" in rows else {"type": "object", "additionalProperties": False, "properties": rows}
            tables.setdefault(table.id, []).append({"description": f"表“{table.title}”（{kind.title}）", **shape})
    return {"$schema": DRAFT, "title": "报告的表格（data/<报告>/tables.yaml）",
            "description": "报告类别规定的表格，照发布的表一行一行地填：每一格是数字、/（不适用）、"
                           "计算（合计由程序算出）或 _（还没填写）。",
            "type": "object", "additionalProperties": False,
            "properties": {name: shapes[0] if len(shapes) == 1 else {"anyOf": shapes}
                           for name, shapes in tables.items()}}


def _object(fields: tuple[Field, ...], **properties: Mapping[str, Any]) -> dict[str, Any]:
    """A record of these fields and no other."""
    return {"type": "object", "required": list(required_names(fields)), "additionalProperties": False,
            "properties": {f.name: {"description": f.title, **f.value, **properties.get(f.name, {})} for f in fields}}


def _record(title: str, description: str, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title, "description": description, **_object(fields)}


def _figures(units: Units) -> dict[str, Any]:
    table = units.table.values()
    counts = [unit.name for unit in table if unit.count]
    not_negative = [unit.name for unit in table if not unit.count and not unit.negative]
    figure = _object(FIGURE_FIELDS, unit={"enum": [unit.name for unit in table]})
    figure["oneOf"] = [{"required": ["value"]}, {"required": ["derive"]}]
    figure["allOf"] = [
        {"if": {"required": ["derive"]}, "then": {"required": ["precision"]},
         "else": {"not": {"required": ["precision"]}}},
        {"if": {"required": ["qualifier"], "properties": {"qualifier": {"const": "约"}}},
         "then": {"required": ["tolerance"]}, "else": {"not": {"required": ["tolerance"]}}},
        {"description": "计数单位（data/units.yaml 中 kind: count）：不带小数的非负整数",
         "if": {"required": ["unit"], "properties": {"unit": {"enum": counts}}},
         "then": {"properties": {"value": {"type": "integer", "minimum": 0}, "tolerance": {"type": "integer"},
                                 "precision": {"const": 0}}}},
        {"description": "不能为负数的计量单位（data/units.yaml 中没有 negative: true 的 measure）",
         "if": {"required": ["unit"], "properties": {"unit": {"enum": not_negative}}},
         "then": {"properties": {"value": {"minimum": 0}}}},
    ]
    return {"$schema": DRAFT, "title": "报告的数字（data/<报告>/figures.yaml）",
            "description": "每个键是一个数字（小写英文、数字和下划线，用“.”分组），正文用 {{ fig(\"键\") }} 引用它。",
            "type": "object", "propertyNames": {"pattern": f"^{KEY.pattern}$"},
            "additionalProperties": {"$ref": "#/$defs/figure"}, "$defs": {"figure": figure}}


def _rules() -> dict[str, Any]:
    kinds = {}
    for name, kind in WRITTEN.items():
        roles = {role.field: {"description": role.name + ("（只在正文写了时写）" if role.optional else ""),
                              "$ref": "#/$defs/keys" if role.many else "#/$defs/key",
                              **({"minItems": kind.minimum} if role.many and kind.minimum > 1 else {})}
                 for role in kind.roles}
        claim = CLAIM_FIELDS if name == "change" else ()
        needed = [role.field for role in kind.roles if not role.optional] + list(required_names(claim))
        kinds[name] = {"description": kind.title, "type": "object", "required": needed,
                       "additionalProperties": False,
                       "properties": {**roles, **{f.name: {"description": f.title, **f.value} for f in claim}}}
    exception = {"description": "原文确实如此、无法改正时声明的例外：理由、发布的数字和计算值",
                 "type": "object", "required": ["reason", "published", "computed"], "additionalProperties": False,
                 "properties": {"reason": {"type": "string", "minLength": 1},
                                "published": {"type": "object", "minProperties": 1,
                                              "additionalProperties": {"type": "string", "minLength": 1}},
                                "computed": {"type": "string", "minLength": 1}}}
    rule_id = {"description": "规则编号：小写英文、数字和“-”，如 cases-total", "type": "string",
               "pattern": f"^{RULE_ID.pattern}$"}
    rule = {"type": "object", "required": ["id", "description"], "additionalProperties": False,
            "properties": {"id": rule_id,
                           "description": {"description": "一句中文说明", "type": "string", "minLength": 1},
                           **kinds, "exception": exception},
            "oneOf": [{"required": [name]} for name in WRITTEN]}
    # The exception of a rule the report's kind makes (a table's identity): its id and exception only.
    builtin = {"description": "为报告类别自动核对的一条规则（如表中的勾稽关系）声明例外：写它的编号和例外",
               "type": "object", "required": ["id", "exception"], "additionalProperties": False,
               "properties": {"id": rule_id, "exception": exception}}
    return {"$schema": DRAFT, "title": "核对规则（data/<报告>/rules.yaml）",
            "description": "数字之间必须成立的关系。每条规则有编号 id、中文说明 description 和一种关系。",
            "type": "array", "items": {"anyOf": [{"$ref": "#/$defs/rule"}, {"$ref": "#/$defs/builtin"}]},
            "$defs": {"key": _KEY, "keys": {"type": "array", "items": {"$ref": "#/$defs/key"}, "minItems": 1},
                      "rule": rule, "builtin": builtin}}
