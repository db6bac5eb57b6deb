"""Everything that must hold before a site is built, in one pass: the build and pytest share it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .lint import citation_coverage, typed_numbers
from .load import load_library
from .model import Library
from .pages import Citation, scan_pages


@dataclass(frozen=True)
class Checked:
    library: Library
    citations: list[Citation]
    errors: list[ReportError]


def check_project(root: Path, docs_dir: Path | None = None) -> Checked:
    """Load every report, scan every page, lint the chapters; collect every problem."""
    docs = docs_dir or root / "docs"
    loaded = load_library(root)
    scan = scan_pages(root, docs, loaded.library)
    errors = [
        *loaded.errors,
        *scan.errors,
        *typed_numbers(root, docs, loaded.library),
        *citation_coverage(loaded.library, scan.citations),
    ]
    return Checked(loaded.library, scan.citations, errors)
