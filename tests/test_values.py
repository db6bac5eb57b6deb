"""Odd values through every check: each is a Chinese error with file and line, never a Python error.

A little fuzzing over a copy of the project: values too large, negative, with too many places,
infinite, not numbers at all, keys too long, nesting too deep, in each field that takes a number or
a date; and the YAML forms that are refused (a second document, an anchor) in each data file, which
must be exactly one error each, not the first of a cascade.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.check.project import check_project
from tests.conftest import edit

REPORT = "dongli-emergency/2022"
FIGURES = f"data/{REPORT}/figures.yaml"
META = f"data/{REPORT}/report.yaml"
VALUE = "  value: 71\n"  # enforcement.cases.total, line 10 of figures.yaml
CJK = re.compile(r"[\u4e00-\u9fff]")


def nested(depth: int) -> str:
    return "".join(f"{'  ' * (level + 1)}k{level}:\n" for level in range(depth)) + f"{'  ' * (depth + 1)}x: 1\n"


ODD_VALUES = {
    "1.9-MB-number": "1" * 1_900_000, "33-digits": "1" * 33, "negative": "-71", "minus-zero": "-0",
    "minus-zero-point-zero": "-0.0", "30-places": "71." + "0" * 30, "1e400": "1e400", "1.0e+400": "1.0e+400",
    "infinity": ".inf", "minus-infinity": "-.inf", "nan": ".nan", "NaN": ".NaN", "hexadecimal": "0x47",
    "octal": "0o107", "underscore": "1_000", "plus": "+71", "leading-zero": "071", "quoted": "'71'",
    "list": "[71]", "mapping": "{a: 1}", "null": "~", "boolean": "true", "date": "2022-01-01",
    "int-tag": "!!int 71", "undefined-alias": "*a", "arabic-indic": "٧١", "escaped-digits": '"\\u0037\\u0031"',
}
YEARS = {"5001-digits": "1" * 5001, "negative": "-2022", "places": "2022.5", "zero": "0", "1e4": "1e4",
         "chinese": "二〇二二", "far-future": "99999"}
PRECISIONS = {"5001-digits": "9" * 5001, "negative": "-1", "beyond-digits": "99", "places": "1.5", "count-places": "2"}
TOLERANCES = {"negative": "-5", "zero": "0", "1e400": "1e400", "1-MB": "9" * 1_000_000, "nan": ".nan",
              "places": "0.5"}
THRESHOLDS = {"huge": "9" * 40, "minus-zero": "-0", "nan": ".nan", "negative": "-5", "text": "五十"}
DATES = {"five-digit-year": "99999-01-01", "no-such-day": "2022-02-30", "year-zero": "0000-01-01",
         "short": "2022-1-1", "number": "20221231"}

CASES = [
    *(pytest.param(FIGURES, VALUE, f"  value: {text}\n", id=f"value-{name}") for name, text in ODD_VALUES.items()),
    *(pytest.param(META, "year: 2022", f"year: {text}", id=f"year-{name}") for name, text in YEARS.items()),
    *(pytest.param(FIGURES, VALUE, "  derive: {sum: [enforcement.cases.administrative, enforcement.cases.accident]}\n"
                   f"  precision: {text}\n", id=f"precision-{name}") for name, text in PRECISIONS.items()),
    *(pytest.param(FIGURES, VALUE, f"  value: 70\n  qualifier: 约\n  tolerance: {text}\n", id=f"tolerance-{name}")
      for name, text in TOLERANCES.items()),
    *(pytest.param(META, "change_threshold: 50", f"change_threshold: {text}", id=f"threshold-{name}")
      for name, text in THRESHOLDS.items()),
    *(pytest.param(FIGURES, VALUE, f"{VALUE}  as_of: {text}\n", id=f"as-of-{name}") for name, text in DATES.items()),
    *(pytest.param(META, "year: 2022", f"year: 2022\nwritten_on: {text}", id=f"written-on-{name}")
      for name, text in DATES.items()),
    pytest.param(FIGURES, "enforcement.cases.total:", "a" * 100_000 + ":", id="100k-character-key"),
    pytest.param(FIGURES, "enforcement.cases.total:", "enforcement.cases.total" + ".x" * 50_000 + ":",
                 id="100k-character-dotted-key"),
    pytest.param(FIGURES, VALUE, "  value:\n" + nested(300), id="deep-block-nesting"),
    pytest.param(FIGURES, VALUE, "  value: " + "[" * 3000 + "]" * 3000 + "\n", id="deep-flow-nesting"),
    pytest.param(FIGURES, VALUE, "  value: !!float 71\n", id="explicit-standard-tag"),
    pytest.param(FIGURES, "  label: 行政处罚案件数量（行政处罚与事故处罚合计）", "  label: !!str 行政处罚",
                 id="str-tag"),
    pytest.param("data/units.yaml", "件: {kind: count}", "件: {kind: count, decimals: 99999999999999999999999}",
                 id="unit-decimals"),
    pytest.param("data/units.yaml", "万元: {kind: measure, decimals: 6,", "万元: {kind: measure, decimals: -1,",
                 id="unit-negative-decimals"),
]


def errors_after(project: Path, path: str, old: str, new: str) -> list[str]:
    edit(project / path, old, new)
    return [str(error) for error in check_project(project).errors]


@pytest.mark.parametrize(("path", "old", "new"), CASES)
def test_an_odd_value_is_a_chinese_error_with_file_and_line(project: Path, path: str, old: str, new: str) -> None:
    line = (project / path).read_text(encoding="utf-8").split(old, 1)[0].count("\n") + 1
    errors = errors_after(project, path, old, new)  # raises if any check fails with a Python error
    assert errors, "accepted"
    assert all(CJK.search(error.split("\n")[0]) for error in errors), errors
    assert all(len(error) < 2_000 for error in errors), [error[:200] for error in errors]  # values are clipped
    near = range(line, line + new.count("\n") + 2)
    assert any(error.startswith(f"{path}:") and int(error.split(":")[1]) in near for error in errors), \
        [error[:200] for error in errors]


SECOND_DOCUMENT = [
    pytest.param(FIGURES, VALUE, f"{VALUE}---\nx: 1\n", id="figures"),
    pytest.param(META, "year: 2022\n", "year: 2022\n---\nyear: 2023\n", id="report"),
    pytest.param(f"data/{REPORT}/rules.yaml", "- id: enforcement-penalties-total\n",
                 "---\n- id: enforcement-penalties-total\n", id="rules"),
    pytest.param(f"data/{REPORT}/allowed-numbers.yaml", "  reason: 报告年度\n", "  reason: 报告年度\n---\n",
                 id="allowlist"),
    pytest.param(f"data/{REPORT}/corrections.yaml", "[]\n", "[]\n---\n[]\n", id="corrections"),
    pytest.param(f"data/{REPORT}/published-values.yaml", 'enforcement.cases.total: "71件"\n',
                 'enforcement.cases.total: "71件"\n---\n', id="record"),
    pytest.param("data/units.yaml", "件: {kind: count}\n", "件: {kind: count}\n---\n", id="units"),
]
ANCHOR = [
    pytest.param(FIGURES, VALUE, "  value: &n 71\n", id="figures"),
    pytest.param(META, "year: 2022", "year: &y 2022", id="report"),
    pytest.param(f"data/{REPORT}/rules.yaml", "- id: ", "- &r id: ", id="rules"),
    pytest.param(f"data/{REPORT}/allowed-numbers.yaml", "- text: 2022年\n", "- text: &t 2022年\n", id="allowlist"),
    pytest.param(f"data/{REPORT}/corrections.yaml", "[]\n", "&c []\n", id="corrections"),
    pytest.param(f"data/{REPORT}/published-values.yaml", 'enforcement.cases.total: "71件"',
                 'enforcement.cases.total: &p "71件"', id="record"),
    pytest.param("data/units.yaml", "件: {kind: count}", "件: &u {kind: count}", id="units"),
]


@pytest.mark.parametrize(("path", "old", "new"), SECOND_DOCUMENT)
def test_a_second_yaml_document_is_one_error(project: Path, path: str, old: str, new: str) -> None:
    errors = errors_after(project, path, old, new)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:"), errors
    assert " [yaml-syntax]\n" in errors[0], errors
    assert "一个文件里只能有一个 YAML 文档" in errors[0], errors


@pytest.mark.parametrize(("path", "old", "new"), ANCHOR)
def test_an_anchor_without_alias_is_one_error(project: Path, path: str, old: str, new: str) -> None:
    errors = errors_after(project, path, old, new)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:"), errors
    assert "[yaml-anchor]" in errors[0], errors


@pytest.mark.parametrize(("path", "old", "new"), [
    pytest.param(FIGURES, "enforcement.cases.total:\n  label", "enforcement.cases.total:\n label", id="figures"),
    pytest.param(META, "year: 2022", "year: 2022年", id="report-year"),
    pytest.param(META, "title: 东丽", "title:\n  - 东丽", id="report-title"),
    pytest.param(FIGURES, "enforcement.cases.total:", "enforcement.cases.total: [", id="figures-unclosed"),
])
def test_a_data_file_that_cannot_be_read_is_its_only_error(project: Path, path: str, old: str, new: str) -> None:
    """Pages, rules and the record citing its figures are not told that they do not exist."""
    errors = errors_after(project, path, old, new)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}:"), errors
