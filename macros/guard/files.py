"""The files an editor can add: regular files inside the repository, of known kinds and sizes.

The engine reads docs/ and data/ and MkDocs copies docs/ into the site, following symbolic links.
A link (to /proc/self/environ, to a file outside the repository), a device or a pipe would be read
or published, so any of them stops the build before a single file is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..load.tree import PAGE_SUFFIX, Tree
from ..load.yamlfile import MAX_BYTES as MAX_DATA_BYTES
from ..model.errors import FileError, Location, ReportError

ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")
MAX_PAGE_BYTES = 1_000_000  # a chapter is tens of kilobytes
MAX_ASSET_BYTES = 20_000_000


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
    errors: list[ReportError] = []
    for path in tree.walk(top):
        problem = _problem(tree, path, path.lstat(), publish)
        if problem:
            errors.append(FileError(Location(path.relative_to(tree.root).as_posix(), 1), *problem))
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
