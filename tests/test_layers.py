"""The engine's rooms: data flows one way, model <- load <- guard <- check <- render <- commands / plugin.

Every import of every module under macros/ is read from its source (those under TYPE_CHECKING
too): a module imports only from its own stage or the stages before it, the modules form no
cycle, and only plugin.py imports MkDocs or mkdocs-macros.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.unit

STAGES = ("model", "load", "guard", "check", "render", "commands")
PACKAGE = ROOT / "macros"
SITE_ENGINES = ("mkdocs", "material", "properdocs", "mkdocs_macros", "jieba")  # jieba: Material's search (bench)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Each module `path` imports (absolute names), with the line of the import."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            found.append((node.lineno, source))
            found += [(node.lineno, f"{source}.{alias.name}") for alias in node.names]
    return found


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def graph() -> dict[str, set[str]]:
    """Which of the engine's modules each module imports."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _, target in imported(path):
            owner = max((m for m in known if target == m or target.startswith(m + ".")), key=len, default=None)
            if owner not in (None, name, "macros") and known[owner].name != "__init__.py":
                edges[name].add(owner)
    return edges


def stage(module: str) -> int:
    """The stage's rank; plugin.py and the package's entry points sit above every stage."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 2 and parts[1] in STAGES else len(STAGES)


def test_every_module_is_in_a_stage_or_is_the_plugin() -> None:
    entry_points = ("macros", "macros.plugin", "macros.hooks", *(f"macros.{name}" for name in STAGES))
    loose = [name for name in modules() if stage(name) == len(STAGES) and name not in entry_points]
    assert loose == [], "modules outside the stage packages"


def test_imports_run_one_way() -> None:
    upward = sorted(f"{module} imports {target} ({STAGES[stage(target)]} is after {STAGES[stage(module)]})"
                    for module, targets in graph().items() for target in targets
                    if stage(target) > stage(module))
    assert upward == []


def test_no_import_cycle() -> None:
    edges = graph()
    cycles: set[str] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.add(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert sorted(cycles) == []


def test_only_the_plugin_knows_the_site_engine() -> None:
    found = sorted(f"{path.relative_to(ROOT)}:{line}: {target}"
                   for name, path in modules().items() if name != "macros.plugin"
                   for line, target in imported(path) if target.split(".")[0] in SITE_ENGINES)
    assert found == []


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("from ..render import tags\n", {"macros.render.tags"}, id="relative-module"),
    pytest.param("from ..check.rules import Outcome\n", {"macros.check.rules"}, id="relative-name"),
    pytest.param("import macros.render.tags\n", {"macros.render.tags"}, id="absolute"),
    pytest.param("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..render.tags import text\n",
                 {"macros.render.tags"}, id="type-checking"),
])
def test_the_reader_of_imports_sees_every_kind_of_import(tmp_path: Path, source: str, expected: set[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph above is only as good as this reader: an upward import of each kind is seen."""
    root = tmp_path / "macros" / "model"
    root.mkdir(parents=True)
    (root / "probe.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    found = {target for _, target in imported(root / "probe.py")}
    assert expected <= found


def test_the_readme_names_every_module_in_its_stage() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {line.split("`")[1].rstrip("/"): line for line in readme.splitlines() if line.startswith("  | `")}
    missing = sorted(name for name in modules() if stage(name) < len(STAGES) and not name.endswith(STAGES)
                     and f"`{name.rsplit('.', 1)[1]}.py`" not in rows.get(name.split(".")[1], ""))
    assert missing == [], "README.md 维护者: name these modules in their stage's row"
