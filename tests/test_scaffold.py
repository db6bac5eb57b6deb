"""A new report of a declared kind in one command, tried as an editor would, on the fixture district:
`make new-report KIND=政府信息公开工作年度报告 BODY=<folder> YEAR=<year>` writes the kind's structure with every
cell of its tables unfilled; the checks fail listing each unfilled cell and field with its line;
filling every cell with numbers that add up (and the body and title) makes the build pass."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from macros.check.project import check_project
from macros.commands.newreport import NewReportError, write
from macros.commands.newreport import prepare as prepare_from
from macros.commands.scaffold import _kinds, prepare
from macros.load.tables import _summed
from macros.model.tables import Kind, cell_key, leaves
from tests.conftest import build, edit
from tests.test_fixture_district import district
from tests.test_newreport import make

GOV = "政府信息公开工作年度报告"
NEW = "sample-c/2024"
BODY, TITLE = "示例区丙局", f"示例区丙局2024年{GOV}"


def scaffold(project: Path, body: str = "sample-c", year: str = "2024", kind: str = GOV) -> str:
    """The new report written as make new-report writes it; what it prints."""
    plan = prepare(project, kind, body, year)
    write(project, plan)
    return "\n".join(plan.summary + plan.unchanged)


def gov_kind(project: Path) -> Kind:
    return _kinds(project)[0].table[GOV, "2021"]


def problems(project: Path) -> list[tuple[str, str]]:
    """Where each problem of the checks is, and its code, sorted."""
    return sorted((str(error.location), error.code) for error in check_project(project).errors)


def unfilled_cells(path: Path, rel: str) -> list[tuple[str, str]]:
    """Each `_` of a tables.yaml as the checks should list it: its file:line, and `unfilled`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(f"{rel}:{number}", "unfilled") for number, line in enumerate(lines, start=1)
            for _ in re.findall(r"(?<=[\[ ])_(?=[,\]])", line.split("#")[0])]


# -- numbers that add up -------------------------------------------------------------------------

def consistent(kind: Kind) -> dict[str, str]:
    """A number for every cell of the kind's tables, by key, such that every total, identity and
    sum holds: parts first, then each identity's last row as the balance, then the totals."""
    values: dict[str, int] = {}
    for table in kind.tables.values():
        for block in table.blocks:
            rows, columns = leaves(block.rows) or [None], leaves(block.columns)
            parts = [column for column in columns if not column.sums]
            balances = {identity.right[-1]: identity for identity in table.identities}
            for number, row in enumerate(rows):
                for place, column in enumerate(parts):
                    if row is None or not (row.sums or row.path in balances):
                        values[cell_key(table.id, row, column)] = 1 + (number * 7 + place * 3) % 4 + (
                            100 if row is not None and row.path == "received" else 0)
            for row in rows:
                if row is not None and row.sums:
                    for column in parts:
                        values[cell_key(table.id, row, column)] = sum(
                            values[cell_key(table.id, leaf, column)] for leaf in _summed(block.rows, row))
            for path, identity in balances.items():
                row = next(leaf for leaf in rows if leaf is not None and leaf.path == path)
                for column in parts:
                    left = sum(values[f"{table.id}.{path}.{column.path}"] for path in identity.left)
                    right = sum(values[f"{table.id}.{path}.{column.path}"] for path in identity.right[:-1])
                    values[cell_key(table.id, row, column)] = left - right
            for row in rows:
                for column in columns:
                    if column.sums:
                        values[cell_key(table.id, row, column)] = sum(
                            values[cell_key(table.id, row, leaf)] for leaf in _summed(block.columns, column))
    assert min(values.values()) >= 0
    return {key: str(value) for key, value in values.items()}


def fill(path: Path, kind: Kind, values: dict[str, str], derived: tuple[str, ...] = ()) -> None:
    """Write each cell's number over its `_` in tables.yaml, as an editor would; `derived` cells get 计算."""
    table, lines = None, []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if match := re.fullmatch(r"([a-z_]+):\s*", line):
            table = match.group(1)
        if match := re.match(r"( *)([a-z_.]+): (\[[_, ]+\])", line):
            indent, name, cells = match.groups()
            where = kind.tables[name if not indent else table]  # type: ignore[index]
            row = None if not indent else name
            block = next(b for b in where.blocks if not b.rows or any(leaf.path == row for leaf in leaves(b.rows)))
            keys = [f"{where.id}.{row}.{column.path}" if row else f"{where.id}.{column.path}"
                    for column in leaves(block.columns)]
            filled = ", ".join("计算" if key in derived else values[key] for key in keys)
            line = line.replace(cells, f"[{filled}]", 1)
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")


def name_the_body(project: Path) -> None:
    meta = project / "data" / NEW / "report.yaml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"^body:.*$", f"body: {BODY}", text, flags=re.MULTILINE)
    meta.write_text(re.sub(r"^title:.*$", f"title: {TITLE}", text, flags=re.MULTILINE), encoding="utf-8")


# -- a new body ----------------------------------------------------------------------------------

def test_a_new_body_fails_listing_every_unfilled_cell_and_field(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    out = scaffold(project)
    tables = f"data/{NEW}/tables.yaml"
    cells = unfilled_cells(project / tables, tables)
    assert len(cells) == sum(1 for table in gov_kind(project).tables.values() for _ in table.cells()) == 200
    meta = (project / "data" / NEW / "report.yaml").read_text(encoding="utf-8").splitlines()
    fields = [(f"data/{NEW}/report.yaml:{meta.index(line) + 1}", "unfilled")
              for line in meta if re.match(r"(body|title):\s+#", line)]
    assert len(fields) == 2
    assert problems(project) == sorted(cells + fields)  # and nothing else
    messages = {str(error) for error in check_project(project).errors}
    assert any("报告信息的“body”（发布机构）未填写" in m and "在“body:”后写上发布机构" in m for m in messages)
    assert any("“一、本年新收政府信息公开申请数量”一行“自然人”一格未填写" in m for m in messages)
    assert "3 张表、200 格，每格都是 _（未填写）" in out
    assert "发布机构 body 和标题 title 待填写" in out


def test_what_the_scaffold_writes(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    scaffold(project)
    data, docs = project / "data" / NEW, project / "docs" / NEW
    meta = yaml.safe_load((data / "report.yaml").read_text(encoding="utf-8"))
    assert meta == {"body": None, "title": None, "kind": GOV, "format": 2021, "year": 2024,
                    "period_start": datetime.date(2024, 1, 1), "period_end": datetime.date(2024, 12, 31)}
    assert yaml.safe_load((data / "figures.yaml").read_text(encoding="utf-8")) == {}
    assert (data / "figures.yaml").read_text(encoding="utf-8").startswith("# 本报告表格以外的数字")
    tables = (data / "tables.yaml").read_text(encoding="utf-8")
    assert ("  # 单位：件；7 格依次为：自然人、法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）、"
            "总计\n") in tables
    assert re.search(r"\n  results\.withheld\.state_secret: \[_, _, _, _, _, _, _\] +"
                     r"# 三、本年度办理结果／（三）不予公开／1\.属于国家秘密\n", tables)
    assert "\nappeals: [" + ", ".join(["_"] * 15) + "]\n" in tables
    assert sorted(path.name for path in docs.iterdir()) == [
        "1-overview.md", "2-proactive.md", "3-requests.md", "4-appeals.md", "5-problems.md", "6-other.md",
        "appendix.md", "index.md", "print.md"]
    assert (docs / "3-requests.md").read_text(encoding="utf-8") == \
        "# 三、收到和处理政府信息公开申请情况\n\n{{ table(\"requests\") }}\n"
    assert (docs / "1-overview.md").read_text(encoding="utf-8") == "# 一、总体情况\n"
    assert (docs / "index.md").read_text(encoding="utf-8") == f"# 2024年{GOV}\n\n{{{{ report_meta() }}}}\n"
    assert (docs / "appendix.md").read_text(encoding="utf-8") == "# 数据附录\n\n{{ data_appendix() }}\n"
    nav = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert nav[-2] == {"sample-c 2024 年度": [f"{NEW}/index.md", *(f"{NEW}/{page}.md" for page in (
        "1-overview", "2-proactive", "3-requests", "4-appeals", "5-problems", "6-other", "appendix")),
        {"打印版": f"{NEW}/print.md"}]}
    assert nav[-1] == {"更正说明": "corrections.md"}
    assert not (data / "allowed-numbers.yaml").exists()  # the pages hold no number but the year in the title


@pytest.mark.site
def test_filling_every_cell_with_numbers_that_add_up_makes_it_pass(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    scaffold(project)
    kind = gov_kind(project)
    values = consistent(kind)
    tables = project / "data" / NEW / "tables.yaml"
    fill(tables, kind, values, derived=("requests.results.total.total",))
    name_the_body(project)
    edit(project / "docs" / NEW / "index.md", f"# 2024年{GOV}", f"# {TITLE}")
    assert problems(project) == []
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    page = (project / "site" / NEW / "3-requests" / "index.html").read_text(encoding="utf-8")
    for key in ("requests.received.total", "requests.results.total.total"):  # the second one computed (计算)
        assert f'<data value="{values[key]}" title="表“收到和处理政府信息公开申请情况”' in page, key

    # and a cell that does not add up fails it, at its line
    line = next(n for n, row in enumerate(tables.read_text(encoding="utf-8").splitlines(), start=1)
                if row.startswith("  results.partly:"))
    edit(tables, "  results.partly: [", "  results.partly: [9")
    found = problems(project)
    assert (f"data/{NEW}/tables.yaml:{line}", "rule-sum-mismatch") in found, found
    assert all(code.startswith("rule-") for _, code in found), found


def test_a_kind_without_tables_asks_only_for_the_body_and_title(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    scaffold(project, kind="rule-of-law")  # its folder under data/kinds/ names it too
    assert not (project / "data" / NEW / "tables.yaml").exists()
    meta = yaml.safe_load((project / "data" / NEW / "report.yaml").read_text(encoding="utf-8"))
    assert (meta["kind"], meta["format"]) == ("法治政府建设年度报告", 2019)
    assert "period_start" not in meta  # the kind declares no period: none is invented
    assert [code for _, code in problems(project)] == ["unfilled", "unfilled"]
    assert sorted(path.name for path in (project / "docs" / NEW).iterdir())[:5] == [
        "1-measures.md", "2-shortcomings.md", "3-responsibility.md", "4-next-year.md", "5-other.md"]


def test_the_body_and_title_come_from_the_bodys_other_reports(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    out = scaffold(project, body="example-a")  # 示例区甲局 has reports of another kind only
    meta = yaml.safe_load((project / "data/example-a/2024/report.yaml").read_text(encoding="utf-8"))
    assert (meta["body"], meta["title"], meta["kind"]) == ("示例区甲局", f"示例区甲局2024年{GOV}", GOV)
    assert "previous" not in meta
    index = (project / "docs/example-a/2024/index.md").read_text(encoding="utf-8")
    assert index.startswith(f"# 示例区甲局2024年{GOV}\n")
    assert "照 example-a/2023 写上，请核对" in out
    found = problems(project)
    assert {code for _, code in found} == {"unfilled"}
    assert {location.rsplit(":", 1)[0] for location, _ in found} == {"data/example-a/2024/tables.yaml"}


# -- the same body's earlier report --------------------------------------------------------------

@pytest.mark.parametrize("how", ["kind", "from"])
def test_from_the_earlier_year_every_number_is_reset(tmp_path: Path, how: str) -> None:
    project = district(tmp_path / "district")
    plan = (prepare(project, GOV, "example-b", "2024") if how == "kind"
            else prepare_from(project, "example-b/2023", None))
    write(project, plan)
    new = project / "data/example-b/2024"
    tables = yaml.safe_load((new / "tables.yaml").read_text(encoding="utf-8"))
    cells = [cell for rows in tables.values() for row in (rows.values() if isinstance(rows, dict) else [rows])
             for cell in row]
    assert set(cells) == {"_", "计算"}, cells  # no number, no “/” of last year's
    assert cells.count("计算") == 1
    assert "  regulations: [_, _, _]     # 规章：本局不制定规章\n" in (new / "tables.yaml").read_text(encoding="utf-8")
    meta = yaml.safe_load((new / "report.yaml").read_text(encoding="utf-8"))
    assert (meta["previous"], meta["year"], meta["title"]) == ("example-b/2023", 2024, f"示例区乙局2024年{GOV}")
    assert any("199 格已改为 _（未填写）" in line for line in plan.summary)
    assert not any("format: 2021" in line for line in plan.unchanged)  # the format's version is no stale year
    if how == "kind":
        assert plan.summary[0].startswith(f"example-b/2023 是同一机构上一份“{GOV}”")
    rel = "data/example-b/2024/tables.yaml"
    lines = (new / "figures.yaml").read_text(encoding="utf-8").splitlines()
    figures = [(f"data/example-b/2024/figures.yaml:{n}", "unfilled")
               for n, line in enumerate(lines, start=1) if line == "  value:"]
    assert problems(project) == sorted(unfilled_cells(new / "tables.yaml", rel) + figures)


# -- what it refuses -----------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "body", "year", "version", "message"), [
    pytest.param("政府信息公开年度报告", "sample-c", "2024", None,
                 "没有报告类别“政府信息公开年度报告”。是不是“政府信息公开工作年度报告”", id="unknown-kind"),
    pytest.param(GOV, "sample-c", "2024", "2020", f"报告类别“{GOV}”没有 2020 年的格式，有：2021。",
                 id="unknown-format"),
    pytest.param(GOV, "Sample C", "2024", None, "文件夹名“Sample C”不符合规则：有不能用的字符：空格、大写字母“C”",
                 id="body-name"),
    pytest.param(GOV, "../sample-c", "2024", None, "不写“.”“..”或空的一级", id="body-outside"),
    pytest.param(GOV, "kinds", "2024", None, "data/kinds/ 存放报告类别的声明", id="body-kinds"),
    pytest.param(GOV, "example-b/2023", "2024", None, "BODY 只写机构的文件夹，年份写在 YEAR", id="body-a-report"),
    pytest.param(GOV, "sample-c", "1900", None, "年度 YEAR 应为 1949 到 2999 之间的四位数年份，实际是“1900”",
                 id="year-range"),
    pytest.param(GOV, "sample-c", "24", None, "年度 YEAR 应为 1949 到 2999 之间的四位数年份，实际是“24”",
                 id="year-form"),
    pytest.param(GOV, "example-b", "2023", None, "data/example-b/2023 已经存在。", id="exists"),
])
def test_what_cannot_be_done_is_said_and_nothing_written(
    tmp_path: Path, kind: str, body: str, year: str, version: str | None, message: str,
) -> None:
    project = district(tmp_path / "district")
    before = sorted(project.rglob("*"))
    with pytest.raises(NewReportError, match=re.escape(message)):
        prepare(project, kind, body, year, version)
    assert sorted(project.rglob("*")) == before


def test_an_existing_docs_folder_is_refused_too(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    (project / "docs" / NEW).mkdir(parents=True)
    with pytest.raises(NewReportError, match=re.escape(f"docs/{NEW} 已经存在")):
        prepare(project, GOV, "sample-c", "2024")
    assert not (project / "data" / "sample-c").exists()


# -- through make --------------------------------------------------------------------------------

def test_make_new_report_kind_body_year(tmp_path: Path) -> None:
    project = district(tmp_path / "district")
    run = make(project, "new-report", f"KIND={GOV}", "BODY=sample-c", "YEAR=2024")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"已按报告类别“{GOV}”（2021 年格式，国办公开办函〔2021〕30号）建立 {NEW}：" in run.stdout
    assert (project / "data" / NEW / "tables.yaml").is_file()
    assert (project / "docs" / NEW / "4-appeals.md").is_file()
    checked = make(project, "check")  # and make check lists what is left to fill, each with its line
    assert checked.returncode != 0
    listing = checked.stdout + checked.stderr
    assert f"data/{NEW}/report.yaml:4: 数据错误：报告信息的“body”（发布机构）未填写。 [unfilled]" in listing
    assert (f"data/{NEW}/tables.yaml:19: 数据错误：表“收到和处理政府信息公开申请情况”“一、本年新收政府信息公开申请数量”"
            "一行“自然人”一格未填写。 [unfilled]") in listing
    assert "发现 202 个问题" in listing
    assert "Traceback" not in listing


@pytest.mark.parametrize(("args", "message"), [
    pytest.param((f"KIND={GOV}", "BODY=sample-c", "YEAR=2024", "FORMAT=2020"), "没有 2020 年的格式", id="format"),
    pytest.param(("KIND=政府信息公开", "BODY=sample-c", "YEAR=2024"), "没有报告类别“政府信息公开”", id="kind"),
    pytest.param((f"KIND={GOV}", "BODY=sample-c"), "年度 YEAR 应为", id="no-year"),
    pytest.param((f"KIND={GOV}", "BODY=x;touch injected", "YEAR=2024"), "不符合规则", id="no-shell"),
    pytest.param((f"KIND={GOV}", "FROM=example-b/2023", "YEAR=2024"), "FROM 和 KIND 只写一个", id="from-and-kind"),
])
def test_make_new_report_refuses_in_chinese_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str,
) -> None:
    project = district(tmp_path / "district")
    run = make(project, "new-report", *args)
    assert run.returncode != 0
    assert message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "data" / "sample-c").exists()
    assert not (project / "injected").exists()
