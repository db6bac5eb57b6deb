"""The files an editor can add: regular files inside the repository, of known kinds and sizes.

The engine reads docs/ and data/ and MkDocs copies docs/ into the site, following symbolic links.
A link (to /proc/self/environ, to a file outside the repository), a device or a pipe would be read
or published, so any of them stops the build before a single file is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import FileError, Location, ReportError
from .yamlnodes import MAX_BYTES as MAX_DATA_BYTES

PAGE_SUFFIX = ".md"
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")
MAX_PAGE_BYTES = 1_000_000  # a chapter is tens of kilobytes
MAX_ASSET_BYTES = 20_000_000
# docs/ and data/ as a whole, far above a province's thousand reports (some 10,000 pages and 7,000
# data files, 100 MB of text): at most this many files and folders in each, this much text (pages,
# data files) in each, and everything under docs/ within what GitHub Pages publishes (1 GB).
MAX_ENTRIES = 100_000
MAX_TEXT_BYTES = 200_000_000
MAX_SITE_BYTES = 1_000_000_000


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
                for folder in above:
                    self._below.setdefault(folder, []).append(path)
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


def unsafe_files(tree: Tree) -> list[ReportError]:
    """Links, special files, files outside the repository; unknown kinds and oversized files."""
    errors: list[ReportError] = []
    root = tree.root
    inside = root.resolve()
    for top in (tree.docs, root / "data"):
        rel = os.path.relpath(top, root)
        if top.is_symlink() or not top.resolve().is_relative_to(inside):
            errors.append(FileError(Location(rel, 1), f"“{rel}”是符号链接或在仓库之外。",
                                    "把它改回仓库里的普通文件夹。"))
        elif top.is_dir():
            errors += _walk(tree, top, publish=top == tree.docs)
    return errors


def _walk(tree: Tree, top: Path, publish: bool) -> list[ReportError]:
    entries = tree.walk(top)
    where = Location(top.relative_to(tree.root).as_posix(), 1)
    folder = f"“{where.path}/”"
    if len(entries) > MAX_ENTRIES:  # refused before a single file is looked at
        return [FileError(where, f"{folder}下有 {len(entries):,} 个文件和文件夹，超过了 {MAX_ENTRIES:,} 个的上限。",
                          "检查是否误放了其他内容（如整个文件夹的备份）。")]
    errors: list[ReportError] = []
    text = everything = 0
    for path in entries:
        info = path.lstat()
        problem = _problem(tree, path, info, publish)
        if problem:
            errors.append(FileError(Location(path.relative_to(tree.root).as_posix(), 1), *problem))
        elif stat.S_ISREG(info.st_mode):
            everything += info.st_size
            text += info.st_size if not publish or path.name.endswith(PAGE_SUFFIX) else 0
    kind = "正文" if publish else "数据文件"
    if text > MAX_TEXT_BYTES:
        errors.append(FileError(where, f"{folder}下的{kind}共 {text:,} 字节，超过了 {MAX_TEXT_BYTES:,} 字节的上限。",
                                "检查是否误放了其他内容。"))
    if publish and everything > MAX_SITE_BYTES:
        errors.append(FileError(where, f"{folder}下的文件共 {everything:,} 字节，超过了 {MAX_SITE_BYTES:,} 字节的上限"
                                "（GitHub Pages 发布的网站最大 1 GB）。", "压缩图片和附件，或把大文件放在别处发布。"))
    return errors


def _problem(tree: Tree, path: Path, info: os.stat_result, publish: bool) -> tuple[str, str] | None:
    if stat.S_ISLNK(info.st_mode):
        return (f"这是指向“{path.readlink()}”的符号链接；符号链接一律不接受。",
                "删除这个链接，把要用的内容作为普通文件放进仓库。")
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "这不是普通文件（可能是设备或管道）。", "删除它。"
    if not publish:
        return _too_large(info, MAX_DATA_BYTES, "数据文件只应包含报告的数字和文字。") or _not_utf8(tree, path)
    if path.name.startswith("."):  # MkDocs neither reads nor publishes hidden files
        return None
    suffix = path.suffix.lower()
    if suffix == PAGE_SUFFIX:
        return (_too_large(info, MAX_PAGE_BYTES, "一章正文不会这么大；请检查是否误粘贴了其他内容。")
                or _not_utf8(tree, path))
    if suffix in ASSET_SUFFIXES:
        return _too_large(info, MAX_ASSET_BYTES, "请压缩图片或文件后再放入。")
    return (f"网站不发布“{suffix or path.name}”类型的文件（网页、脚本、SVG 等可能在网站上运行代码）。",
            f"正文写成 Markdown（.md）；图片和附件只能是 {'、'.join(ASSET_SUFFIXES)}。")


def _too_large(info: os.stat_result, limit: int, hint: str) -> tuple[str, str] | None:
    if info.st_size <= limit:
        return None
    return f"文件过大（{info.st_size:,} 字节，上限 {limit:,} 字节）。", hint


def _not_utf8(tree: Tree, path: Path) -> tuple[str, str] | None:
    try:
        tree.text(path)  # read now, for every later check
    except UnicodeDecodeError as exc:
        return f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节）。", "用编辑器以 UTF-8 编码另存这个文件。"
    return None
