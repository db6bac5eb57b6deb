"""Report kinds and their figure tables (load/kinds.py, load/tables.py, render/tables.py) on the fixture
district's 示例区乙局, whose 政府信息公开 reports of 2022 and 2023 fill every table of the national
format and add up: each mistake an editor can make in tables.yaml is refused at its line, each built-in
identity fails when its cells disagree and names the table, the row, the column and the line, any
cell of 表三 or 表四 changed by one fails the build, and the tables render in the national layout."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest
from bs4 import BeautifulSoup

from macros.check.project import Checked, check_project
from macros.check.rules import Status, evaluate
from macros.check.years import previous_of
from macros.load.kinds import kind_files, load_kinds
from macros.load.units import load_units
from macros.load.yamlfile import YamlFile
from macros.model.report import Report
from macros.model.tables import leaves
from macros.render import tables
from tests.conftest import ROOT, edit
from tests.test_fixture_district import district, district_checked  # noqa: F401  (fixture)
from tests.test_rules import rule_items

REPORT = "example-b/2023"
TABLES = f"data/{REPORT}/tables.yaml"
RECEIVED = "  received: [10, 2, 0, 0, 1, 0, 13]\n"
CARRIED_OVER = "  carried_over: [1, 0, 0, 0, 0, 0, 1]\n"
CARRIED_FORWARD = "  carried_forward: [2, 0, 0, 0, 0, 0, 2]\n"


def problems(tmp_path: Path, *edits: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    """(where, code, text) of each problem of a fresh district with the edits made (file, old, new)."""
    project = district(tmp_path / "district")
    for file, old, new in edits:
        edit(project / file, old, new)
    return [(str(e.location), e.code, str(e)) for e in check_project(project).errors]


def report_after(tmp_path: Path, *edits: tuple[str, str]) -> Report:
    """The report after edits of its tables.yaml (old, new) that leave its checks passing."""
    project = district(tmp_path / "district")
    for old, new in edits:
        edit(project / TABLES, old, new)
    checked = check_project(project)
    assert [str(e) for e in checked.errors] == []
    report = checked.catalog.find(REPORT)
    assert report is not None
    return report


def where_and_code(found: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [(where, code) for where, code, _ in found]


# -- the kinds as declared -------------------------------------------------------------------------

def test_the_national_format_is_declared_with_its_tables_and_identities() -> None:
    units, errors = load_units(ROOT)
    files = [YamlFile(path, path.relative_to(ROOT).as_posix(), lambda p: p.read_text(encoding="utf-8"))
             for path in kind_files(ROOT / "data", sorted((ROOT / "data").rglob("*.yaml")))]
    kinds = load_kinds(files, units.__contains__)
    assert errors == []
    assert [e for f in files for e in f.errors] == []
    assert kinds.names() == ["政府信息公开工作年度报告", "法治政府建设年度报告"]
    kind = kinds.table["政府信息公开工作年度报告", "2021"]
    assert kind.basis == "国办公开办函〔2021〕30号"
    assert [s.title[:2] for s in kind.sections] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    requests, appeals, proactive = kind.tables["requests"], kind.tables["appeals"], kind.tables["proactive"]
    assert [c.label for c in leaves(requests.blocks[0].columns)] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(leaves(requests.blocks[0].rows)) == 25
    assert requests.corner == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [len(leaves(b.columns)) for b in proactive.blocks] == [3, 1, 1, 1]
    assert len(leaves(appeals.blocks[0].columns)) == 15
    assert appeals.blocks[0].rows == ()


@pytest.mark.parametrize(("text", "code"), [
    pytest.param("name: 甲\nversion: 2021\nbasis: 某文\ntables:\n  t:\n    title: 表\n    unit: 斤\n"
                 "    columns: {a: 甲}\n", "unknown-unit", id="unknown-unit"),
    pytest.param("name: 甲\nversion: 2021\nbasis: 某文\ntables:\n  t:\n    title: 表\n    unit: 件\n"
                 "    columns: {a: 甲, b: {label: 合计, sum: [a, c]}}\n", "kind-unknown-header", id="sum-of-nothing"),
    pytest.param("name: 甲\nversion: 2021\nbasis: 某文\ntables:\n  T:\n    title: 表\n    unit: 件\n"
                 "    columns: {a: 甲}\n", "kind-id", id="table-id"),
    pytest.param("name: 甲\nversion: 2021\nbasis: 某文\nsections:\n  - {page: 1-a, title: 一、, tables: [x]}\n",
                 "kind-unknown-table", id="section-table"),
    pytest.param("name: 甲\nversion: 2021\nbasis: 某文\ntables:\n  t:\n    title: 表\n    unit: 件\n"
                 "    columns: {a: 甲}\n    rows: {r: 行}\n    identities:\n      - {id: x, description: 说明, "
                 "left: [r], right: [s]}\n", "kind-unknown-header", id="identity-row"),
    pytest.param("name: 甲\nversion: 二〇二一\nbasis: 某文\n", "kind-version", id="version"),
])
def test_a_kind_declared_wrong_is_refused_at_its_line(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "kind.yaml"
    path.write_text(text, encoding="utf-8")
    source = YamlFile(path, "data/kinds/x/2021.yaml", lambda p: p.read_text(encoding="utf-8"))
    units, _ = load_units(ROOT)
    kinds = load_kinds([source], units.__contains__)
    assert code in [error.code for error in source.errors], source.errors
    assert kinds.table == {}


# -- report.yaml names its kind ----------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "code", "said"), [
    pytest.param("kind: 政府信息公开工作年度报告", "kind: 政府信息公开年度报告", 3, "unknown-kind",
                 "是不是“政府信息公开工作年度报告”", id="kind"),
    pytest.param("format: 2021", "format: 2019", 4, "unknown-format", "没有 2019 年的格式（有：2021）", id="format"),
])
def test_a_report_names_a_declared_kind_and_format(tmp_path: Path, old: str, new: str, line: int, code: str,
                                                   said: str) -> None:
    found = problems(tmp_path, (f"data/{REPORT}/report.yaml", old, new))
    assert where_and_code(found) == [(f"data/{REPORT}/report.yaml:{line}", code)]
    assert said in found[0][2]


# -- tables.yaml ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "code", "said"), [
    pytest.param(RECEIVED, "  received: [10, 2, 0]\n", 12, "row-cells",
                 "“一、本年新收政府信息公开申请数量”一行应有 7 格，依次是：自然人、商业企业", id="too-few-cells"),
    pytest.param(RECEIVED, "  received: 13\n", 12, "row-cells", "实际是不是一行数字", id="not-a-row"),
    pytest.param(RECEIVED, RECEIVED + "  results.foo: [0, 0, 0, 0, 0, 0, 0]\n", 13, "unknown-row",
                 "没有“results.foo”这一行", id="unknown-row"),
    pytest.param(RECEIVED, RECEIVED + "  results.withheld: [0, 0, 0, 0, 0, 0, 0]\n", 13, "unknown-row",
                 "没有“results.withheld”这一行", id="a-group-is-no-row"),
    pytest.param(CARRIED_OVER, "", 11, "row-missing", "缺少“二、上年结转政府信息公开申请数量”这一行", id="missing-row"),
    pytest.param(RECEIVED, "  received: [10, 2, 0, 0, 1, 0, _]\n", 12, "unfilled",
                 "表“收到和处理政府信息公开申请情况”“一、本年新收政府信息公开申请数量”一行“总计”一格未填写",
                 id="unfilled"),
    pytest.param(RECEIVED, "  received: [10, 二, 0, 0, 1, 0, 13]\n", 12, "not-a-number",
                 "“商业企业”一格写成了“二”，应为数字、/（不适用）或 计算",
                 id="not-a-number"),
    pytest.param(RECEIVED, "  received: [10, 2, 0, 0, 1, -1, 12]\n", 12, "negative-value", "不能是负数",
                 id="negative"),
    pytest.param(RECEIVED, "  received: [10, 2, 0, 0, 1.5, 0, 13]\n", 12, "too-many-places", "数字不带小数",
                 id="decimals-in-a-count"),
    pytest.param(RECEIVED, "  received: [计算, 2, 0, 0, 1, 0, 13]\n", 12, "derived-not-total", "不是合计",
                 id="derived-not-a-total"),
    pytest.param(RECEIVED, "  received: [10, 2, 0, 0, 1, 0, /]\n", 12, "total-not-applicable",
                 "写的是“/”（不适用），但它合计的格中有数字", id="total-not-applicable"),
    pytest.param("appeals: [", "surplus: [0]\nappeals: [", 39, "unknown-table", "没有编号为“surplus”的表",
                 id="unknown-table"),
])
def test_a_wrong_table_is_refused_at_its_line(tmp_path: Path, old: str, new: str, line: int, code: str,
                                              said: str) -> None:
    found = problems(tmp_path, (TABLES, old, new))
    assert (f"{TABLES}:{line}", code) in where_and_code(found), found
    assert any(said in message for where, c, message in found if c == code), found


def test_a_missing_table_leaves_its_cells_unread(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    text = (project / TABLES).read_text(encoding="utf-8")
    (project / TABLES).write_text(re.sub(r"(?m)^appeals: .*\n", "", text), encoding="utf-8")
    assert [(str(e.location), e.code) for e in check_project(project).errors] == [(f"{TABLES}:2", "table-missing")]


def test_tables_yaml_is_needed_by_a_kind_with_tables_and_refused_by_one_without(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    (project / TABLES).rename(project / "data" / "example-a" / "2023" / "tables.yaml")
    errors = check_project(project).errors
    found = [(str(e.location), e.code) for e in errors]
    assert ("data/example-a/2023/tables.yaml:1", "tables-not-declared") in found
    assert "删除 data/example-a/2023/tables.yaml" in next(str(e) for e in errors if e.code == "tables-not-declared")
    assert (f"data/{REPORT}/report.yaml:1", "tables-missing") in found


def test_a_figure_may_not_take_a_cells_key(tmp_path: Path) -> None:
    found = problems(tmp_path, (f"data/{REPORT}/figures.yaml", "website.items:",
                                "requests.received.total:\n  label: 收到的申请\n  value: 13\n  unit: 件\n"
                                "  data_only: true\nwebsite.items:"))
    assert (f"data/{REPORT}/figures.yaml:1", "key-taken-by-table") in where_and_code(found)


@pytest.mark.parametrize(("page_text", "code"), [
    pytest.param('{{ fig("proactive.regulations.issued") }}', "cell-not-applicable", id="fig-of-a-slash"),
    pytest.param('{{ table("request") }}', "unknown-table", id="unknown-table"),
])
def test_a_page_cites_only_cells_with_numbers_and_tables_of_its_kind(tmp_path: Path, page_text: str,
                                                                     code: str) -> None:
    found = problems(tmp_path, (f"docs/{REPORT}/index.md", "无。\n", f"无。{page_text}\n"))
    assert [(where, c) for where, c, _ in found] == [(f"docs/{REPORT}/index.md:29", code)]


# -- the identities --------------------------------------------------------------------------------

def test_a_row_that_does_not_add_up_is_refused_with_table_row_column_and_line(tmp_path: Path) -> None:
    found = problems(tmp_path, (TABLES, RECEIVED, "  received: [10, 2, 0, 0, 1, 0, 14]\n"))
    rules = [(where, code) for where, code, _ in found]
    assert rules == [(f"{TABLES}:12", "rule-sum-mismatch"), (f"{TABLES}:12", "rule-balance-mismatch")]
    message = found[0][2]
    assert "表“收到和处理政府信息公开申请情况”“一、本年新收政府信息公开申请数量”一行：“总计”等于各列之和" in message
    assert "合计发布为 14件（区间 [14]），各部分之和为 13件" in message
    assert f"requests.received.legal.business（表“收到和处理政府信息公开申请情况”：一、本年新收政府信息公开申请数量；" \
           f"法人或其他组织／商业企业）= 2件，区间 [2]，在 {TABLES}:12" in message


def test_a_column_whose_total_row_does_not_add_up_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, (TABLES, "  results.partly: [1, 0, 0, 0, 0, 0, 1]\n",
                                "  results.partly: [1, 0, 0, 0, 0, 1, 2]\n"))
    assert (f"{TABLES}:35", "rule-sum-mismatch") in where_and_code(found)
    (column,) = [m for w, c, m in found if "requests-results-total-in-legal-other" in m]
    assert "“法人或其他组织／其他”一列：“三、本年度办理结果／（七）总计”等于各行之和" in column


def test_received_and_carried_over_must_equal_handled_and_carried_forward(tmp_path: Path) -> None:
    """一 + 二 = 三（七） + 四 in each column: 结转下年度 one more, in its row and its total, breaks only that."""
    found = problems(tmp_path, (TABLES, CARRIED_FORWARD, "  carried_forward: [3, 0, 0, 0, 0, 0, 3]\n"))
    assert where_and_code(found) == [(f"{TABLES}:12", "rule-balance-mismatch")] * 2
    assert "“自然人”一列：第一项加第二项之和，等于第三项加第四项之和" in found[0][2]
    assert "左边之和为 11件（10件＋1件），右边之和为 12件（9件＋3件），两边不相等" in found[0][2]


def test_carried_over_must_be_last_years_carried_forward(tmp_path: Path) -> None:
    found = problems(tmp_path,
                     (TABLES, CARRIED_OVER, "  carried_over: [2, 0, 0, 0, 0, 0, 2]\n"),
                     (TABLES, CARRIED_FORWARD, "  carried_forward: [3, 0, 0, 0, 0, 0, 3]\n"))
    assert where_and_code(found) == [(f"{TABLES}:13", "rule-carried-mismatch")] * 2
    assert "上一年度报告“example-b/2022”的“表“收到和处理政府信息公开申请情况”：四、结转下年度继续办理；自然人”为 1件" \
           in found[0][2]


def test_a_group_of_appeals_must_add_up_to_its_total(tmp_path: Path) -> None:
    found = problems(tmp_path, (TABLES, "appeals: [0, 1, 0, 0, 1,", "appeals: [0, 1, 0, 0, 2,"))
    assert where_and_code(found) == [(f"{TABLES}:39", "rule-sum-mismatch")]
    assert "“行政复议／总计”等于各列之和" in found[0][2]


def test_any_cell_of_the_requests_and_appeals_tables_changed_by_one_fails(district_checked: Checked) -> None:  # noqa: F811
    """Every cell of 表三 and 表四 takes part in an identity that a change of one breaks."""
    catalog = district_checked.catalog
    report = catalog.find(REPORT)
    assert report is not None
    previous = previous_of(catalog, report)
    builtin = [rule for rule in report.rules if rule.builtin]
    keys = [key for key in report.figures if key.startswith(("requests.", "appeals."))]
    assert len(keys) == 7 * 25 + 15
    unnoticed = []
    for key in keys:
        figure = report.figures[key]
        for step in (1, -1):
            if figure.value + step < 0:
                continue
            figures = MappingProxyType({**report.figures, key: dataclasses.replace(figure, value=figure.value + step)})
            if all(evaluate(rule, figures, previous).holds for rule in builtin if key in rule.keys):
                unnoticed.append(f"{key} {step:+}")
    assert unnoticed == []


def test_a_built_in_rule_takes_an_exception_like_any_rule(tmp_path: Path) -> None:
    broken = (TABLES, CARRIED_FORWARD, "  carried_forward: [3, 0, 0, 0, 0, 0, 3]\n")
    exception = ("- id: requests-balance-in-{column}\n  exception:\n    reason: 原文如此。\n    published:\n"
                 "      requests.received.{column}: 1{a}件\n      requests.carried_over.{column}: 1件\n"
                 "      requests.results.total.{column}: {b}件\n      requests.carried_forward.{column}: 3件\n"
                 "    computed: {left}件 = {right}件\n")
    rules = f"data/{REPORT}/rules.yaml"
    text = exception.format(column="natural", a="0", b="9", left="11", right="12") + \
        exception.format(column="total", a="3", b="12", left="14", right="15")
    project = district(tmp_path / "district")
    edit(project / broken[0], broken[1], broken[2])
    (project / rules).write_text((project / rules).read_text(encoding="utf-8") + text, encoding="utf-8")
    checked = check_project(project)
    assert [str(e) for e in checked.errors] == []
    assert sorted(o.rule.id for o in checked.exceptions) == ["requests-balance-in-natural", "requests-balance-in-total"]
    # an exception for a rule the kind does not make
    (project / rules).write_text((project / rules).read_text(encoding="utf-8").replace(
        "requests-balance-in-natural", "requests-balance-in-nature"), encoding="utf-8")
    found = [(str(e.location), e.code) for e in check_project(project).errors]
    assert (f"{rules}:6", "unknown-rule") in found, found


def test_a_cell_not_applicable_takes_no_part_and_is_not_zero(tmp_path: Path) -> None:
    report = report_after(
        tmp_path, ("  results.other.other: [0, 0, 0, 0, 0, 0, 0]\n", "  results.other.other: [0, /, /, /, /, /, 0]\n"),
        ("  results.other.unpaid: [0, 0, 0, 0, 0, 0, 0]\n", "  results.other.unpaid: [/, /, /, /, /, /, /]\n"))
    assert report.not_applicable["requests.results.other.unpaid.total"] == "/"
    assert "requests.results.other.unpaid.total" not in report.figures
    ids = {rule.id for rule in report.rules}
    assert "requests-total-in-results-other-unpaid" not in ids  # a row of nothing but /: no rule
    column = next(r for r in report.rules if r.id == "requests-results-total-in-legal-business")
    assert "requests.results.other.other.legal.business" not in column.keys


def test_a_derived_total_is_computed_and_checked_like_a_published_one(district_checked: Checked) -> None:  # noqa: F811
    report = district_checked.catalog.find(REPORT)
    assert report is not None
    total = report.figures["requests.results.total.total"]
    assert total.value == Decimal(12)
    assert total.derivation is not None
    assert any(o.rule.id == "requests-results-total-in-total" and o.status is Status.HOLDS
               for o in district_checked.outcomes)


# -- rendering --------------------------------------------------------------------------------------

def test_a_table_renders_in_the_national_layout_with_headers_for_every_cell(district_checked: Checked) -> None:  # noqa: F811
    report = district_checked.catalog.find(REPORT)
    assert report is not None
    assert report.kind is not None
    html = tables.table_html(report, report.kind.tables["requests"], lambda figure, shown: f"<data>{shown}</data>")
    soup = BeautifulSoup(html, "html.parser")
    region = soup.find("div", class_="figure-table")
    assert (region["role"], region["tabindex"]) == ("region", "0")
    assert soup.find("caption").get_text() == "收到和处理政府信息公开申请情况"
    head = soup.find("thead").find_all("tr")
    assert [[cell.get_text() for cell in row.find_all("th")] for row in head] == [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    corner = head[0].find("th")
    assert (corner["rowspan"], corner["colspan"]) == ("3", "3")
    ids = {th["id"] for th in soup.find_all("th") if th.has_attr("id")}
    body = soup.find("tbody").find_all("tr")
    assert len(body) == 25
    for cell in soup.find_all("td"):
        assert set(cell["headers"]) <= ids
    first = body[2]  # （一）予以公开, under 三、本年度办理结果
    assert [th.get_text() for th in first.find_all("th")] == ["三、本年度办理结果", "（一）予以公开"]
    assert (first.find("th")["rowspan"], first.find("th")["scope"]) == ("22", "rowgroup")
    assert [td.get_text() for td in first.find_all("td")] == ["5", "1", "0", "0", "1", "0", "7"]
    named = first.find_all("td")[1]["headers"]
    assert [soup.find(id=i).get_text() for i in named] == [
        "申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（一）予以公开"]


def test_a_cell_not_applicable_shows_as_written(district_checked: Checked) -> None:  # noqa: F811
    report = district_checked.catalog.find(REPORT)
    assert report is not None
    assert report.kind is not None
    html = tables.table_html(report, report.kind.tables["proactive"], lambda figure, shown: shown)
    soup = BeautifulSoup(html, "html.parser")
    rows = {row.find("th").get_text(): [td.get_text() for td in row.find_all("td")]
            for row in soup.find_all("tr") if row.find("td")}
    assert rows["规章"] == ["/", "/", "/"]
    assert rows["行政规范性文件"] == ["2", "1", "15"]
    assert [th.get_text() for th in soup.find_all("th", class_="block-heading")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


# -- pytest ------------------------------------------------------------------------------------------

def test_pytest_lists_each_built_in_rule_of_a_table_and_its_failure_in_chinese(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    edit(project / TABLES, CARRIED_FORWARD, "  carried_forward: [3, 0, 0, 0, 0, 0, 3]\n")
    run = rule_items(project, REPORT)
    assert run.returncode == 1, run.stdout
    assert "tables.yaml::requests-balance-in-natural FAILED" in run.stdout
    assert "tables.yaml::requests-total-in-received PASSED" in run.stdout
    assert "tables.yaml::requests-carried-over-in-natural PASSED" in run.stdout
    assert "核对不通过：规则“requests-balance-in-natural”（表“收到和处理政府信息公开申请情况”“自然人”一列：" \
        in run.stdout
    assert "2 failed, 48 passed" in run.stdout  # the natural and the total column; and rules.yaml's own rule


def test_a_table_left_off_every_page_is_one_error(tmp_path: Path) -> None:
    found = problems(tmp_path, (f"docs/{REPORT}/index.md", '{{ table("appeals") }}', ""))
    assert where_and_code(found) == [(f"{TABLES}:39", "table-not-placed")]
    assert '在“四、政府信息公开行政复议、行政诉讼情况”部分的页面中写 {{ table("appeals") }}' in found[0][2]


def test_a_cell_left_blank_in_the_published_table_stays_blank(tmp_path: Path) -> None:
    """Many published tables leave their zeros blank: written '' the cell shows blank, as published, and
    takes no part in the sums; nothing is made 0."""
    report = report_after(tmp_path, ("  results.withheld.inquiry: [0, 0, 0, 0, 0, 0, 0]\n",
                                     "  results.withheld.inquiry: ['', '', '', '', '', '', 0]\n"))
    assert report.kind is not None
    assert report.not_applicable["requests.results.withheld.inquiry.natural"] == ""
    html = tables.table_html(report, report.kind.tables["requests"], lambda figure, shown: shown)
    row = next(tr for tr in BeautifulSoup(html, "html.parser").find_all("tr") if "8.属于行政查询事项" in tr.get_text())
    assert [td.get_text() for td in row.find_all("td")] == ["", "", "", "", "", "", "0"]


def test_a_report_gets_the_tables_of_the_format_version_it_names(tmp_path: Path) -> None:
    """Formats have versions (the 2019 trial format differs from 2021's): a second version of the kind,
    made up here with one column label changed, is what a report naming it is read and checked by."""
    project = district(tmp_path / "district")
    kinds = project / "data" / "kinds" / "gov-info-disclosure"
    text = (kinds / "2021.yaml").read_text(encoding="utf-8")
    (kinds / "2099.yaml").write_text(text.replace("version: 2021", "version: 2099")
                                     .replace("natural: 自然人", "natural: 自然人（测试用的格式）"), encoding="utf-8")
    edit(project / f"data/{REPORT}/report.yaml", "format: 2021", "format: 2099")
    checked = check_project(project)
    assert [str(e) for e in checked.errors] == []
    new, old = checked.catalog.find(REPORT), checked.catalog.find("example-b/2022")
    assert new is not None
    assert old is not None
    assert (new.kind.version, old.kind.version) == ("2099", "2021")  # type: ignore[union-attr]
    assert new.cells["requests.received.natural"].label.endswith("；自然人（测试用的格式）")
    assert old.cells["requests.received.natural"].label.endswith("；自然人")


@pytest.mark.parametrize("text", [
    pytest.param("    blocks:\n      - {unit: 件, columns: {a: 甲}, rows: {r: 行}}\n"
                 "      - {unit: 件, columns: {a: 甲}}\n", id="a-block-without-rows"),
    pytest.param("    blocks:\n      - {unit: 件, columns: {a: 甲}, rows: {r: 行}}\n"
                 "      - {unit: 件, columns: {a: 甲}, rows: {s: 行}}\n"
                 "    identities:\n      - {id: x, description: 说明, left: [r], right: [s]}\n",
                 id="identities-of-blocks"),
    pytest.param("    blocks:\n      - {unit: 件, columns: {a: 甲}, rows: {r: 行}}\n"
                 "      - {unit: 件, columns: {a: 甲}, rows: {r: 另一行}}\n", id="a-row-in-two-blocks"),
])
def test_a_table_of_blocks_is_declared_so_that_its_rows_can_be_filled(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kind.yaml"
    path.write_text("name: 甲\nversion: 2021\nbasis: 某文\ntables:\n  t:\n    title: 表\n" + text, encoding="utf-8")
    source = YamlFile(path, "data/kinds/x/2021.yaml", lambda p: p.read_text(encoding="utf-8"))
    units, _ = load_units(ROOT)
    assert load_kinds([source], units.__contains__).table == {}
    assert {error.code for error in source.errors} & {"kind-table-shape", "kind-duplicate-header"}, source.errors
