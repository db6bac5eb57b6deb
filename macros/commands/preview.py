"""A preview configuration for one report: `make serve REPORT=<report>`.

`mkdocs serve` rebuilds the whole site on every save, which at district scale (a hundred reports)
takes far longer than an editor should wait. This writes a configuration that inherits mkdocs.yml
and builds only the home page, the report's own pages and the site's corrections page; every check
still runs over the whole repository before each build.

    python -m macros.preview dongli-emergency/2022   # writes .preview-mkdocs.yml
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from ..load.nav import nav_pages

PREVIEW = ".preview-mkdocs.yml"


def preview_config(root: Path, report_id: str) -> str:
    """The configuration text: mkdocs.yml with the report's part of the nav, other reports left out."""
    nav = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    reports = {page: _in_report(root, page) for page in nav_pages(nav)}
    # The site's own entries (home, corrections) and this report's pages; not other reports'.
    kept = _keep(nav, {page for page, folder in reports.items() if folder in (None, report_id)})
    others = sorted({folder for folder in reports.values() if folder not in (None, report_id)})
    config = {"INHERIT": "mkdocs.yml", "nav": kept, "exclude_docs": "".join(f"/{folder}/\n" for folder in others)}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _keep(item: object, pages: set[str]) -> object:
    """The nav (or a part of it) with only the given pages; sections left empty are dropped."""
    if isinstance(item, list):
        return [kept for value in item if (kept := _keep(value, pages))]
    if isinstance(item, dict):
        return {title: kept for title, value in item.items() if (kept := _keep(value, pages))}
    return item if item in pages else None


def _in_report(root: Path, page: str) -> str | None:
    """The report whose folder holds the page (data/<report>/report.yaml exists), if any."""
    parts = page.split("/")[:-1]
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
