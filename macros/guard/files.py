"""The files an editor can add: regular files inside the repository, of known kinds, names and sizes.

The engine reads docs/ and data/ and MkDocs copies docs/ into the site, following symbolic links.
A link (to /proc/self/environ, to a file outside the repository), a device or a pipe would be read
or published, so any of them stops the build before a single file is opened.

A file's name becomes part of the site: a URL, and the title of a page without a heading, shown in
the navigation, the header and the search results. So every name under docs/ and data/ is from one
declared safe set (NAME_RULE): lower-case ASCII letters, digits, "-" and "_", then for a file one
lower-case suffix of its kind. Anything else (upper case, spaces, markup, line breaks, bidi
controls, non-ASCII letters, a second suffix, a hidden file) is refused, and the name is shown in
the message with such characters escaped (`shown`), so a name cannot forge a line of the log.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..load.tree import PAGE_SUFFIX, Stat, Tree
from ..load.yamlfile import MAX_BYTES as MAX_DATA_BYTES
from ..model.errors import FileError, Location, ReportError

ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")
DATA_SUFFIXES = (".yaml", ".txt")
MAX_PAGE_BYTES = 1_000_000  # a chapter is tens of kilobytes
MAX_ASSET_BYTES = 20_000_000
# docs/ and data/ as a whole, far above a province's thousand reports (some 10,000 pages and 7,000
# data files, 100 MB of text): at most this many files and folders in each, this much text (pages,
# data files) in each, and everything under docs/ within what GitHub Pages publishes (1 GB).
MAX_ENTRIES = 100_000
MAX_TEXT_BYTES = 200_000_000
MAX_SITE_BYTES = 1_000_000_000
NAME_RULE = ("文件名只用小写英文字母、数字、“-”和“_”，以字母或数字开头，最后是一个小写的后缀"
             "（如 4-safeguards.md、photo-1.png）；文件夹名也一样，只是不带后缀。")
_STEM = re.compile(r"[a-z0-9][a-z0-9_-]*")
_STEM_CHAR = re.compile(r"[a-z0-9_-]")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """A path as the log shows it: what cannot be printed as it is (line breaks, controls, bidi and
    other format characters, unusual spaces) escaped as Python does (`\\n`, `\\u202e`), and `\\`
    doubled, so a name cannot forge or reorder a line. Other text, Chinese included, is left as it is."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_ESCAPES.get(char) or (char if char.isprintable() else _escaped(char)) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def unsafe_files(tree: Tree) -> list[ReportError]:
    """Links, special files, files outside the repository; unknown kinds, unsafe names and oversized files."""
    errors: list[ReportError] = []
    root = tree.root
    inside = root.resolve()
    for top in (tree.docs, root / "data"):
        rel = os.path.relpath(top, root)
        if top.is_symlink() or not top.resolve().is_relative_to(inside):
            errors.append(FileError(Location(rel, 1), f"“{rel}”是符号链接或在仓库之外。",
                                    "把它改回仓库里的普通文件夹。", code="symlink"))
        elif top.is_dir():
            errors += _walk(tree, top, publish=top == tree.docs)
    return errors


def _walk(tree: Tree, top: Path, publish: bool) -> list[ReportError]:
    entries = tree.listing(top)
    where = Location(top.relative_to(tree.root).as_posix(), 1)
    folder = f"“{where.path}/”"
    if len(entries) > MAX_ENTRIES:  # refused before a single file is looked at
        return [FileError(where, f"{folder}下有 {len(entries):,} 个文件和文件夹，超过了 {MAX_ENTRIES:,} 个的上限。",
                          "检查是否误放了其他内容（如整个文件夹的备份）。", code="too-many-files")]
    errors: list[ReportError] = []
    text = everything = 0
    for path, rel, info in entries:
        problem = _problem(tree, path, info, publish, Location(shown(rel), 1))
        if problem:
            errors.append(problem)
        elif stat.S_ISREG(info.st_mode):
            everything += info.st_size
            text += info.st_size if not publish or path.name.endswith(PAGE_SUFFIX) else 0
    kind = "正文" if publish else "数据文件"
    if text > MAX_TEXT_BYTES:
        errors.append(FileError(where, f"{folder}下的{kind}共 {text:,} 字节，超过了 {MAX_TEXT_BYTES:,} 字节的上限。",
                                "检查是否误放了其他内容。", code="text-too-large"))
    if publish and everything > MAX_SITE_BYTES:
        errors.append(FileError(where, f"{folder}下的文件共 {everything:,} 字节，超过了 {MAX_SITE_BYTES:,} 字节的上限"
                                "（GitHub Pages 发布的网站最大 1 GB）。", "压缩图片和附件，或把大文件放在别处发布。",
                                code="site-too-large"))
    return errors


def _problem(tree: Tree, path: Path, info: Stat, publish: bool, at: Location) -> FileError | None:
    """What is wrong with the file or folder `path` (shown as `at`), if anything."""
    if stat.S_ISLNK(info.st_mode):
        return FileError(at, f"这是指向“{shown(str(path.readlink()))}”的符号链接；符号链接一律不接受。",
                         "删除这个链接，把要用的内容作为普通文件放进仓库。", code="symlink")
    if stat.S_ISDIR(info.st_mode):
        return _badly_named(path.name, None, at)
    if not stat.S_ISREG(info.st_mode):
        return FileError(at, "这不是普通文件（可能是设备或管道）。", "删除它。", code="special-file")
    if not publish:
        return (_badly_named(path.name, DATA_SUFFIXES, at)
                or _too_large(info, MAX_DATA_BYTES, "数据文件只应包含报告的数字和文字。", at)
                or _not_utf8(tree, path, info, at))
    if problem := _badly_named(path.name, (PAGE_SUFFIX, *ASSET_SUFFIXES), at):
        return problem
    if path.suffix == PAGE_SUFFIX:
        return (_too_large(info, MAX_PAGE_BYTES, "一章正文不会这么大；请检查是否误粘贴了其他内容。", at)
                or _not_utf8(tree, path, info, at))
    return _too_large(info, MAX_ASSET_BYTES, "请压缩图片或文件后再放入。", at)


def _badly_named(name: str, suffixes: tuple[str, ...] | None, at: Location) -> FileError | None:
    """What is wrong with the name of a file with one of `suffixes` (None: of a folder), if anything."""
    what = "文件夹" if suffixes is None else "文件"
    if name.startswith("."):
        return FileError(at, f"“{shown(name)}”是隐藏的{what}（名字以“.”开头）：网站不发布它，审核时却容易看漏。",
                         "删除它；编辑器或系统自动生成的（如 .DS_Store）也请删除，不要提交。", code="hidden-file")
    stem, dot, suffix = name.rpartition(".") if suffixes is not None and "." in name else (name, "", "")
    suffix = dot + suffix
    if suffixes is not None and suffix not in suffixes:
        if suffix.lower() in suffixes:
            finding = f"后缀“{shown(suffix)}”要小写，写成“{suffix.lower()}”"
        elif suffixes == DATA_SUFFIXES:
            return FileError(at, f"数据文件“{shown(name)}”的类型不对：data/ 下只能放 "
                                 f"{'、'.join(DATA_SUFFIXES)} 文件。",
                             "报告的数据写在 YAML（.yaml）文件里，检索词写在 terms.txt 里；删除其他文件。",
                             code="file-type")
        else:
            return FileError(at, f"网站不发布“{shown(suffix or name)}”类型的文件"
                                 "（网页、脚本、SVG 等可能在网站上运行代码）。",
                             f"正文写成 Markdown（.md）；图片和附件只能是 {'、'.join(ASSET_SUFFIXES)}。",
                             code="file-type")
    elif _STEM.fullmatch(stem):
        return None
    elif "." in stem:
        finding = "名字里有不止一个“.”，只能有最后一个后缀" if suffixes is not None else "名字里有“.”"
    elif unsafe := sorted({char for char in stem if not _STEM_CHAR.fullmatch(char)}):
        finding = "有不能用的字符：" + "、".join(_named(char) for char in unsafe)
    else:
        finding = "要以小写英文字母或数字开头"
    return FileError(at, f"{what}名“{shown(name)}”不符合规则：{finding}。",
                     f"{NAME_RULE}改名后，同时改 mkdocs.yml 的 nav 和链接到它的地方。", code="file-name")


def _named(char: str) -> str:
    """A character of a name, as a message names it."""
    if char == " ":
        return "空格"
    if "A" <= char <= "Z":
        return f"大写字母“{char}”"
    if char.isprintable() and char != "\\":
        return f"“{char}”"
    return f"“{shown(char)}”（U+{ord(char):04X}）"


def _too_large(info: Stat, limit: int, hint: str, at: Location) -> FileError | None:
    if info.st_size <= limit:
        return None
    return FileError(at, f"文件过大（{info.st_size:,} 字节，上限 {limit:,} 字节）。", hint, code="file-too-large")


def _not_utf8(tree: Tree, path: Path, info: Stat, at: Location) -> FileError | None:
    exc = tree.undecodable(path, info)  # read now, and its digest kept for the checks' cache
    if exc is None:
        return None
    return FileError(at, f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节）。",
                     "用编辑器以 UTF-8 编码另存这个文件。", code="not-utf8")
