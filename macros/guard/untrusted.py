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


def untrusted_page(tree: Tree, path: Path) -> list[ReportError]:
    """A chapter's markup, hidden characters, front matter and shape."""
    rel, text = tree.rel(path), tree.text(path)
    return [*front_matter(rel, text), *shape_errors(rel, text), *markup_errors(rel, text, PageError),
            *heading_errors(rel, text), *hidden_characters(rel, text, PageError)]


def untrusted_data(tree: Tree, path: Path) -> list[ReportError]:
    """A data file's markup and hidden characters (a file of data/ of another kind: none)."""
    if path.suffix not in DATA_SUFFIXES:
        return []
    rel, text = tree.rel(path), tree.text(path)
    return [*markup_errors(rel, text, DataError), *hidden_characters(rel, text, DataError)]
