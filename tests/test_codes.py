"""Error codes: every error the engine makes has a code declared once in macros/model/codes.py, every
declared code is used, the editors' guide lists exactly the declared ones, and the code is shown
where editors read errors.

The engine's source is read with `ast`: a `code=` argument anywhere under macros/ is a string
literal of a declared code, or passes one on (a helper's own `code` parameter, or the `.code` of an
error or rule kind already made). mypy (tests/test_code.py) makes every construction pass a code
at all, for `code` is a required keyword-only field.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from macros.model.codes import CODES
from macros.model.errors import DataError, Location, ReportError, RuleFailure, listed
from macros.model.rules import KINDS
from tests.conftest import ROOT

PACKAGE = ROOT / "macros"
GUIDE = ROOT / "CONTRIBUTING.md"
CODE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")  # kebab-case


def sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def code_arguments() -> list[tuple[str, ast.expr, ast.FunctionDef | None]]:
    """Every `code=` argument under macros/: where it is, its value, and the function it is in."""
    found = []
    for path, tree in sources().items():
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            for keyword in call.keywords:
                if keyword.arg == "code":
                    inside = min((f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or 0)),
                                 key=lambda f: (f.end_lineno or 0) - f.lineno, default=None)
                    found.append((f"{path.relative_to(ROOT)}:{call.lineno}", keyword.value, inside))
    return found


def error_classes() -> set[str]:
    """The names of ReportError and every subclass the engine declares."""
    for path in PACKAGE.rglob("*.py"):
        importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))
    found, pending = set(), [ReportError]
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending += cls.__subclasses__()
    return found


def test_codes_are_kebab_case_each_with_a_chinese_description() -> None:
    assert len(CODES) > 100
    for code, description in CODES.items():
        assert CODE.fullmatch(code), code
        assert re.search(r"[\u4e00-\u9fff]", description), (code, description)
    assert len(set(CODES.values())) == len(CODES), "two codes with one description are one problem"


def test_every_code_argument_is_a_declared_literal_or_passes_one_on() -> None:
    arguments = code_arguments()
    assert len(arguments) > len(CODES)  # the same problem is raised in more than one place
    for where, value, function in arguments:
        if isinstance(value, ast.Constant):
            assert value.value in CODES, f"{where}: code {value.value!r} is not in macros/model/codes.py"
        elif isinstance(value, ast.Attribute):
            assert value.attr == "code", f"{where}: code=…{value.attr}"
        else:
            parameters = [arg.arg for arg in function.args.kwonlyargs] if function else []
            forwarded = isinstance(value, ast.Name) and value.id == "code" and "code" in parameters
            assert forwarded, f"{where}: code={ast.unparse(value)} is neither a declared literal nor a parameter"


def test_every_declared_code_is_used_by_the_engine() -> None:
    literals = {value.value for _, value, _ in code_arguments() if isinstance(value, ast.Constant)}
    assert set(CODES) - literals == set(), "declared but never raised: remove them, or raise them"


def test_every_construction_of_an_error_class_passes_a_code() -> None:
    classes = error_classes()
    assert {"DataError", "PageError", "RuleFailure", "NavError", "Notice", "Exempted"} <= classes
    calls = [(path, call) for path, tree in sources().items() for call in ast.walk(tree)
             if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in classes]
    assert len(calls) > 60
    for path, call in calls:
        assert any(keyword.arg == "code" for keyword in call.keywords), f"{path.relative_to(ROOT)}:{call.lineno}"


def test_each_rule_kind_fails_with_a_code_of_its_own() -> None:
    codes = [kind.code for kind in KINDS.values()]
    assert len(set(codes)) == len(KINDS)
    assert set(codes) <= set(CODES)
    assert KINDS["sum"].code == "rule-sum-mismatch"


def test_an_undeclared_code_is_a_programming_error() -> None:
    with pytest.raises(AssertionError, match="not declared"):
        DataError(Location("data/x.yaml", 1), "消息。", code="no-such-code")
    with pytest.raises(TypeError):
        DataError(Location("data/x.yaml", 1), "消息。")  # type: ignore[call-arg]


def test_the_code_ends_the_first_line_as_mypy_shows_it() -> None:
    error = DataError(Location("data/x.yaml", 3), "未知字段“valeu”。", "是不是“value”？", code="unknown-field")
    assert str(error) == "data/x.yaml:3: 数据错误：未知字段“valeu”。 [unknown-field]\n    怎么改：是不是“value”？"
    assert str(DataError(Location("data/x.yaml", 3), "文件是空的。", code="empty-file")) == \
        "data/x.yaml:3: 数据错误：文件是空的。 [empty-file]"
    failure = RuleFailure(Location("data/r.yaml", 5), "规则“a”不成立。\n参与核对的数字：\n  合计 …", "改正。",
                          code="rule-sum-mismatch")
    assert str(failure).split("\n") == ["data/r.yaml:5: 核对不通过：规则“a”不成立。 [rule-sum-mismatch]",
                                        "参与核对的数字：", "  合计 …", "    怎么改：改正。"]
    assert failure.title == "核对不通过 [rule-sum-mismatch]"


def test_the_problems_not_listed_keep_the_code_of_those_listed() -> None:
    errors = listed(range(150), lambda n: DataError(Location("data/x.yaml", n), f"第 {n} 处。", code="not-text"),
                    "问题")
    assert len(errors) == 101
    assert {error.code for error in errors} == {"not-text"}
    assert errors[-1].message == "这个文件还有 50 处问题，未一一列出。"


def guide_table() -> list[tuple[str, str]]:
    """The rows of the table in CONTRIBUTING.md's section “错误代码”."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### 错误代码\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, re.MULTILINE)


def test_the_guide_lists_exactly_the_declared_codes_in_their_order() -> None:
    assert guide_table() == list(CODES.items())
