"""Everything that must hold before a site is built, in one pass: the build and pytest share it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .files import unsafe_files
from .lint import citation_coverage, typed_numbers
from .load import load_library
from .model import Library
from .pages import Citation, scan_pages
from .untrusted import untrusted_text


@dataclass(frozen=True)
class Checked:
    library: Library
    citations: list[Citation]
    errors: list[ReportError]


def check_project(root: Path, docs_dir: Path | None = None) -> Checked:
    """Load every report, scan every page, lint the chapters; collect every problem."""
    docs = docs_dir or root / "docs"
    refused = unsafe_files(root, docs)
    if refused:  # nothing is read from a tree holding links out of it, devices or huge files
        return Checked(Library(), [], refused)
    loaded = load_library(root)
    scan = scan_pages(root, docs, loaded.library)
    errors = [
        *loaded.errors,
        *scan.errors,
        *typed_numbers(root, docs, loaded.library),
        *citation_coverage(loaded.library, scan.citations),
        *untrusted_text(root, docs),
    ]
    return Checked(loaded.library, scan.citations, errors)
