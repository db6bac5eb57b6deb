"""What an editor's pull request may not contain, beyond the figures and template code it cites.

Files are checked first: while docs/ or data/ hold a link out of the repository, a special file or
an oversized one, nothing else is read. Then the text of every chapter and data file is checked
for markup, hidden characters and, in chapters, front matter.
"""

from __future__ import annotations

from pathlib import Path

from .characters import hidden_characters
from .errors import DataError, PageError, ReportError
from .frontmatter import front_matter
from .markup import markup_errors

DATA_SUFFIXES = (".yaml", ".txt")


def untrusted_text(root: Path, docs_dir: Path) -> list[ReportError]:
    errors: list[ReportError] = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel, text = _read(root, path)
        errors += front_matter(rel, text)
        errors += markup_errors(rel, text, PageError)
        errors += hidden_characters(rel, text, PageError)
    for path in sorted(p for p in (root / "data").rglob("*") if p.suffix in DATA_SUFFIXES):
        rel, text = _read(root, path)
        errors += markup_errors(rel, text, DataError)
        errors += hidden_characters(rel, text, DataError)
    return errors


def _read(root: Path, path: Path) -> tuple[str, str]:
    return path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")
