"""A preview configuration for one report: `make serve REPORT=<report>`.

`mkdocs serve` rebuilds the whole site on every save, which at district scale (a hundred reports)
takes far longer than an editor should wait. This writes a configuration that inherits mkdocs.yml
and builds only the home page, the report's own pages and the site's corrections page; every check
still runs over the whole repository before each build.

    python -m macros.preview dongli-emergency/2022   # writes .preview-mkdocs.yml
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import yaml

from ..load.nav import nav_pages
from ..model.report import folders

PREVIEW = ".preview-mkdocs.yml"


def preview_config(root: Path, report_id: str) -> str:
    """The configuration text: mkdocs.yml with the report's part of the nav, other reports left out."""
    nav = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    pages = nav_pages(nav)
    report_of = cache(partial(_report_folder, root))
    # The site's own entries (home, corrections) and this report's pages; not other reports'.
    kept = _keep(nav, {page for page in pages if report_of(_folder(page)) in (None, report_id)})
    excluded = _excluded(root, report_id, pages, report_of)
    config = {"INHERIT": "mkdocs.yml", "nav": kept, "exclude_docs": "".join(f"{pattern}\n" for pattern in excluded)}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _excluded(root: Path, report_id: str, pages: list[str], report_of: Callable[[str], str | None]) -> list[str]:
    """exclude_docs: the outermost folders under docs/ that hold only other reports' files and pages
    (a file by itself where its folder also holds something kept). MkDocs matches every file against
    every pattern on each rebuild: a pattern per report took seconds in a province of 1,000 reports,
    where a pattern per other body (and per other year of this one) does the same."""
    docs = root / "docs"
    paths = set(pages) | ({path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}
                          if docs.is_dir() else set())
    others = {path for path in paths if report_of(_folder(path)) not in (None, report_id)}
    holding_kept = {folder for path in paths - others for folder in folders(path)}
    patterns = set()
    for path in others:
        outermost = next((folder for folder in folders(path) if folder not in holding_kept), None)
        patterns.add(f"/{outermost}/" if outermost else f"/{path}")
    return sorted(patterns)


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _keep(item: object, pages: set[str]) -> object:
    """The nav (or a part of it) with only the given pages; sections left empty are dropped."""
    if isinstance(item, list):
        return [kept for value in item if (kept := _keep(value, pages))]
    if isinstance(item, dict):
        return {title: kept for title, value in item.items() if (kept := _keep(value, pages))}
    return item if item in pages else None


def _report_folder(root: Path, folder: str) -> str | None:
    """The innermost report whose folder holds this folder of docs/ (data/<report>/report.yaml exists), if any."""
    parts = folder.split("/") if folder else []
    for end in range(len(parts), 0, -1):
        if (root / "data" / Path(*parts[:end]) / "report.yaml").is_file():
            return "/".join(parts[:end])
    return None


def main(argv: list[str]) -> int:
    root = Path.cwd()
    if len(argv) != 1 or not (root / "data" / argv[0] / "report.yaml").is_file():
        print(f"用法：make serve REPORT=<报告>，如 make serve REPORT=dongli-emergency/2022；"
              f"没有报告“{' '.join(argv)}”（应有 data/<报告>/report.yaml）。", file=sys.stderr)
        return 2
    (root / PREVIEW).write_text(preview_config(root, argv[0]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
