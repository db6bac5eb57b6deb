"""MkDocs' hooks (mkdocs.yml `hooks:`): the MkDocs events that mkdocs-macros does not pass on to the
package, handed to plugin.py. MkDocs registers every `on_…` name of this module as a handler.

MkDocs runs this file by its path while it reads mkdocs.yml, outside the package and before
mkdocs-macros imports it; so the package is imported here the way mkdocs-macros imports it (from the
project's folder), and its Chinese log filter is in place before MkDocs' first line.
"""

import sys
from pathlib import Path

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

# figures after Markdown; the search index's text; make serve and its rebuilds of only what a change touches
from macros.plugin import on_env, on_files, on_nav, on_page_content, on_post_page, on_serve, on_startup  # noqa: E402

__all__ = ["on_env", "on_files", "on_nav", "on_page_content", "on_post_page", "on_serve", "on_startup"]
