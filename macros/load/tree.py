"""docs/ and data/ as the checks read them: each folder listed once, each file read once."""

from __future__ import annotations

import os
from pathlib import Path

PAGE_SUFFIX = ".md"


class Tree:
    """docs/ and data/ as one run of the checks reads them: each folder listed once, each file read
    once, however many checks go through it. Listed as `os.walk` lists (links are listed, never
    followed); read as `Path.read_text(encoding="utf-8")` reads (universal newlines)."""

    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.root = root
        self.docs = docs_dir
        self._walks: dict[Path, list[Path]] = {}
        self._below: dict[Path, list[Path]] = {}  # every file below each folder walked, in sorted order
        self._texts: dict[Path, str] = {}

    def walk(self, top: Path) -> list[Path]:
        """Everything `os.walk(top)` lists, folder by folder, each folder's entries in sorted order."""
        if top not in self._walks:
            self._walks[top] = listed = []
            found = []
            for folder, dirnames, filenames in os.walk(top):  # links to folders are listed, not followed
                here = Path(folder)
                above = (here, *here.parents[:len(here.parts) - len(top.parts)])  # up to top
                files = set(filenames)
                for name in sorted(dirnames + filenames):
                    listed.append(path := here / name)
                    if name in files:
                        found.append((path, above))
            found.sort(key=lambda item: item[0].parts)  # as sorted() orders paths: part by part
            for path, above in found:
                for parent in above:
                    self._below.setdefault(parent, []).append(path)
        return self._walks[top]

    def files(self, folder: Path, top: Path) -> list[Path]:
        """Every file below `folder` (itself below `top`), in the order of `sorted(folder.rglob("*"))`."""
        self.walk(top)
        return self._below.get(folder, [])

    def pages(self, folder: Path) -> list[Path]:
        """The Markdown pages below `folder` (docs/ or a folder in it), as `sorted(folder.rglob("*.md"))`."""
        return [path for path in self.files(folder, self.docs) if path.name.endswith(PAGE_SUFFIX)]

    def text(self, path: Path) -> str:
        """The text of a file, read once (UnicodeDecodeError if it is not UTF-8)."""
        if path not in self._texts:
            text = path.read_bytes().decode("utf-8")
            self._texts[path] = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        return self._texts[path]
