"""Strict loading: every kind of bad YAML is an error in Chinese with file and line, all at once."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from macros.check.rules import evaluate
from macros.load.reports import load_catalog
from macros.model.errors import Location
from tests.conftest import KIND, ROOT, add_kinds, codes

GOOD = """\
a.total:
  label: 合计
  value: 955.61
  unit: 万元
a.part:
  label: 部分
  value: 0.678
  unit: 万元
"""


def make_report(root: Path, figures: str, meta: str | None = None) -> Path:
    (root / "data" / "r" / "2020").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "units.yaml", root / "data" / "units.yaml")
    add_kinds(root)
    folder = root / "data" / "r" / "2020"
    (folder / "report.yaml").write_text(
        meta or f"body: 某局\ntitle: 某局2020年报告\n{KIND}year: 2020\n", encoding="utf-8")
    (folder / "figures.yaml").write_text(figures, encoding="utf-8")
    return folder / "figures.yaml"


def errors_of(tmp_path: Path, figures: str, meta: str | None = None) -> list[str]:
    make_report(tmp_path, figures, meta)
    return [str(error) for error in load_catalog(tmp_path).errors]


def test_good_file_loads_exact_decimals(tmp_path: Path) -> None:
    make_report(tmp_path, GOOD)
    loaded = load_catalog(tmp_path)
    assert loaded.errors == []
    (report,) = loaded.catalog.reports
    assert report.id == "r/2020"
    total = report.figures["a.total"]
    assert total.value == Decimal("955.61")
    assert type(total.value) is Decimal
    assert total.precision == 2
    assert total.location.line == 1  # the line of its key
    assert report.figures["a.part"].value == Decimal("0.678")


FIG = "x.y:\n  label: 数\n"


@pytest.mark.parametrize(("figures", "line", "code", "message"), [
    pytest.param(GOOD + "a.total:\n  label: 又一个\n  value: 1\n  unit: 件\n", 9,
                 "duplicate-key", "键“a.total”重复（第一次出现在第 1 行）", id="duplicate-key"),
    pytest.param(FIG + "  value: 955.61万元\n  unit: 万元\n", 3,
                 "not-a-number", "“value”应为数字，实际是文字“955.61万元”",
                 id="unit-in-value"),
    pytest.param(FIG + "  value: 71\n", 1, "missing-field", "缺少必填字段“unit”", id="missing-unit"),
    pytest.param(FIG + "  value: 71\n  unit: 件\n  valeu: 2\n", 5, "unknown-field", "是不是“value”",
                 id="unknown-field-nearest"),
    pytest.param(FIG + "  value: 1.0e+3\n  unit: 件\n", 3, "number-form", None, id="exponent-float"),
    pytest.param(FIG + "  value: 1e3\n  unit: 件\n", 3, "not-a-number", "实际是文字“1e3”", id="exponent-text"),
    pytest.param(FIG + "  value: .inf\n  unit: 件\n", 3, "number-form", None, id="infinity"),
    pytest.param(FIG + "  value: 0071\n  unit: 件\n", 3, "number-form", None, id="octal-looking"),
    pytest.param(FIG + "  value: 1_000\n  unit: 件\n", 3, "number-form", None, id="underscore"),
    pytest.param(FIG + "  value: '71'\n  unit: 件\n", 3, "quoted-number", "带引号的文字“71”", id="quoted-number"),
    pytest.param(FIG + "  value: 71\n  unit: 件\n  data_only: yes\n", 5, "not-boolean", None, id="yaml11-boolean"),
    pytest.param(FIG + "  value: 71\n  unit: 辆次\n", 4, "unknown-unit", "未知单位“辆次”", id="unknown-unit"),
    pytest.param(FIG + "  value: 70\n  unit: 人\n  qualifier: 约\n", 1, "tolerance-missing", None,
                 id="yue-without-tolerance"),
    pytest.param(FIG + "  value: 70\n  unit: 人\n  qualifier: 多\n", 5, "unknown-qualifier", None, id="bad-qualifier"),
    pytest.param(FIG + "  value: 70\n  unit: 人\n  precision: 2\n", 5, "precision-on-value", None,
                 id="precision-on-value"),
    pytest.param(FIG + "  unit: 件\n", 1, "value-or-derive", None, id="no-value"),
    pytest.param(FIG + "  value:\n  unit: 件\n", 3,
                 "unfilled", "数据错误：数字“x.y”（数）未填写。 [unfilled]\n    怎么改：在“value:”后写上",
                 id="unfilled-value"),
    pytest.param(FIG + "  value: 1\n  unit: 件\n  as_of:\n", 5, "unfilled", "数字“x.y”的截止日期 as_of 未填写",
                 id="unfilled-as-of"),
    pytest.param(FIG + "  value: 71\n  unit: 件\n  as_of: 2022-13-01\n", 5, "not-date", None, id="bad-date"),
    pytest.param("X.Y:\n  label: 数\n  value: 1\n  unit: 件\n", 1, "key-format", "键“X.Y”不合规范", id="key-style"),
    pytest.param("a:\n  label: 数\n value: 1\n", 3, "yaml-syntax", None, id="malformed"),
    pytest.param("a:\n\tlabel: 数\n", 2, "yaml-syntax", "Tab", id="tab-indent"),
    pytest.param("a: !!python/object:os.system {}\n", 1, "yaml-tag", None, id="python-tag"),
    pytest.param("a: &x {label: 数, value: 1, unit: 件}\nb: *x\n", 1, "yaml-anchor", None, id="alias"),
    pytest.param("a:\n  label: &x 数\n  value: 1\n  unit: *x\n", 2, "yaml-anchor", None, id="scalar-alias"),
    pytest.param("a: &x [*x]\n", 1, "yaml-anchor", None, id="recursive-alias"),
    pytest.param("a:\n  label: 数\n  value: =\n", 3, "yaml-tag", "不允许的 YAML 标签 tag:yaml.org,2002:value",
                 id="value-tag"),
    pytest.param("", 1, "empty-file", None, id="empty"),
    pytest.param(FIG + "  value: -71\n  unit: 件\n", 3,
                 "negative-value", "“value”是 -71，但单位“件”是计数单位，数的是整件的东西，不能是负数",
                 id="negative-count"),
    pytest.param(FIG + "  value: -1.5\n  unit: 万元\n", 3, "negative-value", "但单位“万元”的数字不能是负数",
                 id="negative-amount"),
    pytest.param(FIG + "  value: -0\n  unit: 件\n", 3, "minus-zero", "“value”写成了“-0”：零不带负号", id="minus-zero"),
    pytest.param(FIG + "  value: -0.00\n  unit: 万元\n", 3, "minus-zero", None, id="minus-zero-with-places"),
    pytest.param(FIG + "  value: +71\n  unit: 件\n", 3, "plus-sign", None, id="plus-sign"),
    pytest.param(FIG + "  value: 71.5\n  unit: 件\n", 3,
                 "too-many-places", "有 1 位小数，但单位“件”是计数单位，数字不带小数",
                 id="count-with-decimals"),
    pytest.param(FIG + "  value: 71." + "0" * 20 + "\n  unit: 件\n", 3, "too-many-places", "有 20 位小数",
                 id="count-with-zeros"),
    pytest.param(FIG + "  value: 1.2345678\n  unit: 万元\n", 3,
                 "too-many-places", "有 7 位小数，但单位“万元”的数字最多 6 位小数",
                 id="too-many-places"),
    pytest.param(FIG + "  value: " + "9" * 29 + "\n  unit: 件\n", 3,
                 "too-many-digits", "有 29 位有效数字，最多只能有 28 位",
                 id="29-digits"),
    pytest.param(FIG + "  value: " + "1" * 33 + "\n  unit: 件\n", 3, "too-many-digits", "有 33 位有效数字",
                 id="33-digits"),
    pytest.param(FIG + "  value: 1" + "0" * 1_900_000 + "\n  unit: 件\n", 3,
                 "too-many-digits", "（共 1,900,001 个字符）”，有 1,900,001 位有效数字", id="1.9-MB-number"),
    pytest.param(FIG + "  value: 70\n  unit: 人\n  qualifier: 约\n  tolerance: 0\n", 6,
                 "tolerance-not-positive", None, id="zero-tolerance"),
    pytest.param(FIG + "  value: 70\n  unit: 人\n  qualifier: 约\n  tolerance: 0.5\n", 6,
                 "too-many-places", "但单位“人”是计数单位",
                 id="count-tolerance-with-places"),
    pytest.param(FIG + "  derive: {sum: [a]}\n  precision: 2\n  unit: 件\na: {label: 甲, value: 1, unit: 件}\n", 4,
                 "too-many-places", "precision 是 2，但单位“件”是计数单位", id="count-precision"),
    pytest.param(FIG + "  derive: {sum: [a]}\n  precision: " + "9" * 5001 + "\n  unit: 件\n", 4,
                 "out-of-range", "“precision”应在 0 到 28 之间", id="5001-digit-precision"),
    pytest.param(FIG + "  value: &n 71\n  unit: 件\n", 3, "yaml-anchor", "不支持 YAML 锚点“&n”",
                 id="anchor-without-alias"),
    pytest.param(FIG + "  value: !!float 71\n  unit: 件\n", 3, "yaml-tag", "不允许的 YAML 标签 tag:yaml.org,2002:float",
                 id="explicit-standard-tag"),
    pytest.param(FIG + "  value: 71\n  unit: 件\n---\nb: 1\n", 5,
                 "yaml-syntax", "YAML 格式错误：一个文件里只能有一个 YAML 文档，这一行的“---”开始了第二个",
                 id="second-document"),
    pytest.param("- 1\n- 2\n", 1, "not-a-mapping", None, id="list-not-mapping"),
])
def test_bad_figures(tmp_path: Path, figures: str, line: int, code: str, message: str | None) -> None:
    """Each problem found with its code on its line; the message is checked where it quotes what was found."""
    make_report(tmp_path, figures)
    errors = load_catalog(tmp_path).errors
    assert (Location("data/r/2020/figures.yaml", line), code) in [(e.location, e.code) for e in errors], errors
    if message is not None:
        assert any(e.location.line == line and message in str(e) for e in errors), errors


@pytest.mark.parametrize("figures", [
    pytest.param("a.b: {label: R&D 投入, value: 1, unit: 件}\n", id="ampersand-in-text"),
    pytest.param("a.b: {label: '&是文字', value: 1, unit: 件}\n", id="quoted-ampersand"),
    pytest.param("a.b: {label: 数, value: 0, unit: 件}\n", id="zero"),
    pytest.param("a.b: {label: 数, value: 0.000001, unit: 万元}\n", id="as-many-places-as-allowed"),
    pytest.param("a.b: {label: 数, value: " + "9" * 28 + ", unit: 件}\n", id="28-digits"),
])
def test_values_at_the_limits_load(tmp_path: Path, figures: str) -> None:
    assert errors_of(tmp_path, figures) == []


@pytest.mark.parametrize(("figures", "message"), [
    pytest.param("a: {label: 甲, value: " + "9" * 28 + ", unit: 件}\nb: {label: 乙, value: 1, unit: 件}\n"
                 "s: {label: 和, derive: {sum: [a, b]}, precision: 0, unit: 件}\n",
                 "“s”的计算结果有 29 位有效数字，最多只能有 28 位", id="sum-beyond-28-digits"),
    pytest.param("a: {label: 甲, value: " + "9" * 28 + ", unit: 件}\nb: {label: 乙, value: 0.01, unit: 万元}\n"
                 "r: {label: 率, derive: {ratio: [a, b]}, precision: 2, unit: '%'}\n",
                 "“r”的计算结果有 34 位有效数字", id="ratio-beyond-28-digits"),
])
def test_derived_values_beyond_what_digits_can_hold_are_errors(tmp_path: Path, figures: str, message: str) -> None:
    make_report(tmp_path, figures)
    errors = load_catalog(tmp_path).errors
    assert any(error.code == "too-many-digits" and message in error.message for error in errors), errors


NEGATIVE_UNITS = "件: {kind: count}\n增长率: {kind: measure, decimals: 1, negative: true}\n"


def test_a_unit_declared_negative_takes_negative_values(tmp_path: Path) -> None:
    make_report(tmp_path, "a.b: {label: 增长, value: -3.5, unit: 增长率}\n"
                          "a.c: {label: 合计, derive: {sum: [a.b, a.b]}, precision: 1, unit: 增长率}\n")
    (tmp_path / "data" / "units.yaml").write_text(NEGATIVE_UNITS, encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert loaded.errors == []
    figures = loaded.catalog.reports[0].figures
    assert (figures["a.b"].value, figures["a.c"].value) == (Decimal("-3.5"), Decimal("-7.0"))


@pytest.mark.parametrize(("units", "code", "message"), [
    pytest.param("件: {kind: count, decimals: 2}\n", "count-unit-option", "单位“件”是计数单位（count），不写 decimals",
                 id="count-decimals"),
    pytest.param("件: {kind: count, negative: true}\n", "count-unit-option", "不写 negative", id="count-negative"),
    pytest.param("万元: {kind: measure}\n", "unit-decimals-missing", "单位“万元”缺少 decimals",
                 id="measure-without-decimals"),
    pytest.param("万元: {kind: amount, decimals: 2}\n", "unit-kind", "实际是“amount”", id="unknown-kind"),
    pytest.param("万元: {kind: measure, decimals: 99}\n", "out-of-range", "“decimals”应在 0 到 28 之间",
                 id="decimals-beyond-digits"),
    pytest.param("万元: {kind: measure, decimals: 2, negative: 1}\n", "not-boolean", "“negative”",
                 id="negative-not-boolean"),
    pytest.param("count: [件, 人]\nmeasure: [万元]\n", "not-a-mapping", "单位“count”", id="old-format"),
])
def test_bad_unit_tables(tmp_path: Path, units: str, code: str, message: str) -> None:
    make_report(tmp_path, GOOD)
    (tmp_path / "data" / "units.yaml").write_text(units, encoding="utf-8")
    errors = load_catalog(tmp_path).errors
    assert any(e.location == Location("data/units.yaml", 1) and e.code == code and message in e.message
               for e in errors), errors


def test_an_unreadable_unit_table_is_one_error(tmp_path: Path) -> None:
    make_report(tmp_path, GOOD)
    (tmp_path / "data" / "units.yaml").write_text("件: {kind: count\n", encoding="utf-8")
    (error,) = load_catalog(tmp_path).errors
    assert (error.location, error.code) == (Location("data/units.yaml", 2), "yaml-syntax")
    assert str(error).startswith("data/units.yaml:2: 数据错误：YAML 格式错误：花括号“{”没有对应的“}”")


@pytest.mark.parametrize(("meta", "line", "code", "message"), [
    pytest.param("year: " + "1" * 5001, 5, "out-of-range", "“year”应在 1949 到 2999 之间，实际是“1111",
                 id="5001-digit-year"),
    pytest.param("year: 1900", 5, "out-of-range", "实际是“1900”", id="year-too-early"),
    pytest.param("year: 99999", 5, "out-of-range", "实际是“99999”", id="year-too-late"),
    pytest.param("year: 2020\nwritten_on: 99999-01-01", 6, "not-date", "“written_on”", id="five-digit-date"),
    pytest.param("year: 2020\nchange_threshold: " + "9" * 40, 6, "too-many-digits", "有 40 位有效数字",
                 id="huge-threshold"),
    pytest.param("year: 2020\nchange_threshold: -5", 6, "threshold-not-positive", "实际是 -5",
                 id="negative-threshold"),
    pytest.param("year: 2020\nchange_threshold: -0", 6, "minus-zero", "“change_threshold”",
                 id="minus-zero-threshold"),
])
def test_bad_report_metadata(tmp_path: Path, meta: str, line: int, code: str, message: str) -> None:
    make_report(tmp_path, GOOD, meta=f"body: 某局\ntitle: 标题\n{KIND}{meta}\n")
    errors = load_catalog(tmp_path).errors
    assert any(e.location == Location("data/r/2020/report.yaml", line) and e.code == code and message in e.message
               for e in errors), errors


def test_every_error_of_a_run_is_reported(tmp_path: Path) -> None:
    figures = (FIG + "  value: 955.61万元\n  unit: 万元\n"
               "b:\n  label: 数\n  value: 1\n"
               "c:\n  label: 数\n  value: 1\n  unit: 件\n  colour: red\n")
    make_report(tmp_path, figures, meta="body: 某局\ntitle: 标题\nyear: 二〇二〇\n")
    errors = load_catalog(tmp_path).errors
    assert sorted((e.location.path.rsplit("/", 1)[1], e.location.line, e.code) for e in errors) == [
        ("figures.yaml", 3, "not-a-number"), ("figures.yaml", 5, "missing-field"),
        ("figures.yaml", 12, "unknown-field"), ("report.yaml", 1, "missing-field"), ("report.yaml", 1, "missing-field"),
        ("report.yaml", 3, "not-integer"),
    ]


def test_derived_sum_and_ratio_are_computed_exactly(tmp_path: Path) -> None:
    make_report(tmp_path, """\
cases.a: {label: 甲, value: 805, unit: 家}
cases.b: {label: 乙, value: 934, unit: 家}
cases.sum: {label: 合计, derive: {sum: [cases.a, cases.b]}, precision: 0, unit: 家}
cases.rate: {label: 比率, derive: {ratio: [cases.a, cases.b]}, precision: 1, unit: "%"}
money.a: {label: 甲, value: 82.72, unit: 万元}
money.b: {label: 乙, value: 334.33, unit: 万元}
money.sum: {label: 合计, derive: {sum: [money.a, money.b]}, precision: 2, unit: 万元}
""")
    loaded = load_catalog(tmp_path)
    assert loaded.errors == []
    figures = loaded.catalog.reports[0].figures
    assert figures["cases.sum"].value == Decimal(1739)
    assert figures["cases.rate"].value == Decimal("86.2")  # 805/934 = 86.188…%
    assert figures["money.sum"].value == Decimal("417.05")  # a float sum would not be


@pytest.mark.parametrize(("figures", "code"), [
    pytest.param("a: {label: 甲, derive: {sum: [b]}, precision: 0, unit: 件}\n"
                 "b: {label: 乙, derive: {sum: [a]}, precision: 0, unit: 件}\n", "derive-cycle", id="cycle"),
    pytest.param("a: {label: 甲, derive: {sum: [nope]}, precision: 0, unit: 件}\n", "derive-operand-missing",
                 id="unknown-operand"),
    pytest.param("a: {label: 甲, value: 1, unit: 件}\nb: {label: 乙, value: 0, unit: 件}\n"
                 "r: {label: 率, derive: {ratio: [a, b]}, precision: 1, unit: '%'}\n", "zero-denominator",
                 id="zero-denominator"),
    pytest.param("a: {label: 甲, value: 1, unit: 件}\nb: {label: 乙, value: 1, unit: 万元}\n"
                 "s: {label: 和, derive: {sum: [a, b]}, precision: 0, unit: 件}\n", "unit-mismatch",
                 id="mixed-units"),
    pytest.param("a: {label: 甲, derive: {sum: [b]}, unit: 件}\nb: {label: 乙, value: 1, unit: 件}\n",
                 "precision-missing", id="derived-without-precision"),
    pytest.param("a: {label: 甲, derive: {mean: [b]}, precision: 0, unit: 件}\n", "derive-form",
                 id="unknown-derivation"),
])
def test_bad_derivations(tmp_path: Path, figures: str, code: str) -> None:
    make_report(tmp_path, figures)
    assert code in codes(load_catalog(tmp_path).errors)


def test_report_metadata_unknown_fields_are_absent_not_invented(tmp_path: Path) -> None:
    make_report(tmp_path, GOOD)
    meta = load_catalog(tmp_path).catalog.reports[0].meta
    assert (meta.written_on, meta.published_on, meta.index_no, meta.doc_no, meta.previous) == (None,) * 5
    assert (meta.change_threshold, meta.plausibility) == (None, "info")


def test_report_links_and_plausibility_settings(tmp_path: Path) -> None:
    make_report(tmp_path, GOOD, meta=f"body: 某局\ntitle: 标题\n{KIND}year: 2020\n"
                                     "previous: r/2019\nchange_threshold: 30\nplausibility: fail\n")
    meta = load_catalog(tmp_path).catalog.reports[0].meta
    assert (meta.previous, meta.change_threshold, meta.plausibility) == ("r/2019", Decimal(30), "fail")


def test_plausibility_is_info_or_fail(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, GOOD, meta=f"body: 某局\ntitle: 标题\n{KIND}year: 2020\n"
                                            "plausibility: warn\n")
    assert errors == ["data/r/2020/report.yaml:6: 数据错误：plausibility 只能是 info 或 fail，实际是“warn”。"
                      " [plausibility-setting]\n    怎么改：info：合理性问题只提示；fail：合理性问题也阻止发布。"]



SCALED = """\
visits.total: {label: 接待群众, value: 1.2, unit: 万人次}
visits.online: {label: 网上接待, value: 8000, unit: 人次}
visits.offline: {label: 现场接待, value: 4000, unit: 人次}
funds.total: {label: 经费, value: 1.5, unit: 亿元}
funds.part: {label: 其中培训经费, value: 3000, unit: 万元}
share: {label: 网上接待占比, value: 66.7, unit: "%"}
"""


def _scaled_outcomes(tmp_path: Path, rules: str) -> dict[str, bool]:
    make_report(tmp_path, SCALED)
    (tmp_path / "data" / "r" / "2020" / "rules.yaml").write_text(rules, encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert [str(error) for error in loaded.errors] == []
    report = loaded.catalog.reports[0]
    return {rule.id: evaluate(rule, report.figures).holds for rule in report.rules}


def test_units_of_one_family_reconcile_in_rules(tmp_path: Path) -> None:
    """1.2万人次 is 12000人次 and 1.5亿元 is 15000万元 (data/units.yaml `of` and `factor`): rules add and
    compare across a family, within the intervals each published form allows."""
    outcomes = _scaled_outcomes(tmp_path, """\
- {id: visits, description: 合计, sum: {total: visits.total, parts: [visits.online, visits.offline]}}
- {id: funds, description: 其中, within: {total: funds.total, parts: [funds.part]}}
- {id: bigger, description: 大小, at_most: {smaller: funds.part, larger: funds.total}}
- {id: same, description: 同一数字, equal: {same: [visits.total, visits.online]}}
- {id: share, description: 占比, ratio: {rate: share, numerator: visits.online, denominator: visits.total}}
""")
    # 8000 + 4000 = 12000 lies in [11500, 12500); 8000人次 is not 1.2万人次; 8000 / 12000 = 66.67%.
    assert outcomes == {"visits": True, "funds": True, "bigger": True, "same": False, "share": True}


def test_a_family_is_compared_in_the_unit_of_the_total(tmp_path: Path) -> None:
    outcomes = _scaled_outcomes(tmp_path, """\
- {id: visits, description: 合计, sum: {total: visits.online, parts: [visits.total, visits.offline]}}
- {id: bigger, description: 大小, at_most: {smaller: funds.total, larger: funds.part}}
""")
    assert outcomes == {"visits": False, "bigger": False}


def test_units_of_different_measures_still_do_not_mix(tmp_path: Path) -> None:
    make_report(tmp_path, SCALED)
    (tmp_path / "data" / "r" / "2020" / "rules.yaml").write_text(
        "- {id: mixed, description: 合计, sum: {total: funds.total, parts: [visits.online]}}\n", encoding="utf-8")
    errors = [str(error) for error in load_catalog(tmp_path).errors]
    assert any("规则比较的数字单位不一致：funds.total（亿元）、visits.online（人次）" in e for e in errors), errors


@pytest.mark.parametrize(("units", "line", "message"), [
    pytest.param("元: {kind: measure, decimals: 2}\n万元: {kind: measure, decimals: 6, of: 元}\n", 2,
                 "单位“万元”的 of 和 factor 要一起写", id="of-without-factor"),
    pytest.param("元: {kind: measure, decimals: 2}\n万元: {kind: measure, decimals: 6, of: 元, factor: 12000}\n", 2,
                 "factor 应是 10、100、10000 这样的 10 的乘方，实际是 12000", id="factor-not-a-power-of-ten"),
    pytest.param("万元: {kind: measure, decimals: 6, of: 园, factor: 10000}\n元: {kind: measure, decimals: 2}\n", 1,
                 "单位“万元”写的是“园”的倍数（of），但没有这个单位", id="of-unknown"),
    pytest.param("元: {kind: measure, decimals: 2, of: 万元, factor: 10}\n"
                 "万元: {kind: measure, decimals: 6, of: 元, factor: 10000}\n", 1,
                 "单位“元”写的是“万元”的倍数（of），但它又是“元”的倍数", id="of-a-multiple"),
    pytest.param("人次: {kind: count, of: 人, factor: 10}\n", 1, "不写 of", id="count-of"),
])
def test_bad_unit_families(tmp_path: Path, units: str, line: int, message: str) -> None:
    make_report(tmp_path, GOOD)
    (tmp_path / "data" / "units.yaml").write_text(units, encoding="utf-8")
    errors = [str(error) for error in load_catalog(tmp_path).errors]
    assert any(e.startswith(f"data/units.yaml:{line}: ") and message in e for e in errors), errors
