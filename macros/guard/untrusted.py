"""What an editor's pull request may not contain, beyond the figures and template code it cites.

Files are checked first: while docs/ or data/ hold a link out of the repository, a special file or
an oversized one, nothing else is read. Then the text of every chapter and data file is checked
for markup, hidden characters and, in chapters, front matter.
"""

from __future__ import annotations

from pathlib import Path

from ..load.tree import Tree
from ..model.errors import DataError, PageError, ReportError
from .characters import hidden_characters
from .files import DATA_SUFFIXES
from .frontmatter import front_matter
from .markup import heading_errors, markup_errors
from .shape import shape_errors


def untrusted_text(tree: Tree) -> list[ReportError]:
    errors: list[ReportError] = []
    data = tree.root / "data"
    for path in tree.pages(tree.docs):
        rel, text = _read(tree, path)
        errors += front_matter(rel, text)
        errors += shape_errors(rel, text)
        errors += markup_errors(rel, text, PageError)
        errors += heading_errors(rel, text)
        errors += hidden_characters(rel, text, PageError)
    for path in (p for p in tree.files(data, data) if p.suffix in DATA_SUFFIXES):
        rel, text = _read(tree, path)
        errors += markup_errors(rel, text, DataError)
        errors += hidden_characters(rel, text, DataError)
    return errors


def _read(tree: Tree, path: Path) -> tuple[str, str]:
    return path.relative_to(tree.root).as_posix(), tree.text(path)
