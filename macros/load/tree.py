"""docs/ and data/ as the checks read them: each folder listed once, each file read as few times as can be."""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

PAGE_SUFFIX = ".md"
# A file's digest from an earlier run (`Tree.known`) is taken as it is while the file's status says it
# is the same file, unchanged since: the same size, times of last modification and of last change (which
# every write moves, and no program can set), inode and device; and only if the file had not changed
# for this long when it was read, as a file system that keeps whole seconds could change it again
# within the second it was read in.
SETTLED_NS = 2_000_000_000


_MARK = struct.Struct("<qqqQQ")


class Stat(NamedTuple):
    """What the checks look at of an entry's status (links not followed): its kind, its size, and for
    a file its mark: size, times of last modification and of last change (ns), inode and device."""

    st_mode: int
    st_size: int
    mark: bytes

    @classmethod
    def of(cls, info: os.stat_result) -> Stat:
        mark = _MARK.pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev) \
            if stat.S_ISREG(info.st_mode) else b""
        return cls(info.st_mode, info.st_size, mark)

    def settled(self, before_ns: int) -> bool:
        """Whether the file was last modified and changed before that time."""
        _, modified, changed, _, _ = _MARK.unpack(self.mark)
        return max(modified, changed) < before_ns


# A file's mark when it was read (Stat.mark) and its digest: what a later run may take as it is.
Known = tuple[bytes, bytes]


class Tree:
    """docs/ and data/ as one run of the checks reads them: each folder listed once, each file read
    once, however many checks go through it. Listed as `os.walk` lists (links are listed, never
    followed); read as `Path.read_text(encoding="utf-8")` reads (universal newlines).

    A file's text is kept until `forget()`: the checks go through the project a report folder at a
    time and forget each folder's texts when they are done with it, so that no more than one
    folder's texts are held. What the checks' cache needs of every file, its digest, is kept."""

    def __init__(self, root: Path, docs_dir: Path, known: Mapping[str, Known] | None = None) -> None:
        self.root = root
        self.docs = docs_dir
        self.known = known or {}  # digests read by an earlier run, by path from the root
        self.read: dict[str, Known] = {}  # and by this run, as a later run may take them
        self._listings: dict[Path, list[tuple[Path, str, Stat]]] = {}
        self._below: dict[Path, list[Path]] = {}  # every file below each folder walked, in sorted order
        self._found: dict[Path, list[tuple[tuple[str, ...], Path, tuple[Path, ...]]]] = {}  # not yet in _below
        self._texts: dict[Path, str] = {}
        self._digests: dict[str, bytes] = {}  # by path from the root
        self._undecodable: dict[str, UnicodeDecodeError] = {}
        self._prefix = "" if str(root) == "." else str(root).rstrip(os.sep) + os.sep  # of every path below it

    def walk(self, top: Path) -> list[Path]:
        """Everything `os.walk(top)` lists, folder by folder (subfolders in sorted order), each folder's
        entries in sorted order."""
        return [path for path, _, _ in self.listing(top)]

    def listing(self, top: Path) -> list[tuple[Path, str, Stat]]:
        """What `walk` lists, each entry with its path from the root (`rel`) and its status, links not
        followed."""
        if top not in self._listings:
            self._listings[top] = listed = []
            found: list[tuple[tuple[str, ...], Path, tuple[Path, ...]]] = []
            stack: list[tuple[Path, str, tuple[str, ...], tuple[Path, ...]]] = [(top, self.rel(top), (), (top,))]
            while stack:
                here, rel, parts, above = stack.pop()
                try:
                    with os.scandir(here) as scan:
                        entries = sorted(scan, key=lambda entry: entry.name)
                except OSError:  # as os.walk: a folder that cannot be listed lists nothing
                    continue
                folders = []
                for entry in entries:
                    path, name = here / entry.name, entry.name
                    try:
                        info = Stat.of(entry.stat(follow_symlinks=False))
                    except OSError:  # gone since it was listed
                        continue
                    listed.append((path, f"{rel}/{name}", info))
                    if stat.S_ISDIR(info.st_mode):
                        folders.append((path, f"{rel}/{name}", (*parts, name), (path, *above)))
                    else:
                        found.append(((*parts, name), path, above))
                stack += reversed(folders)
            found.sort(key=lambda item: item[0])  # as sorted() orders paths: part by part
            self._found[top] = found
            self._below[top] = [path for _, path, _ in found]
        return self._listings[top]

    def files(self, folder: Path, top: Path) -> list[Path]:
        """Every file below `folder` (itself below `top`), in the order of `sorted(folder.rglob("*"))`."""
        self.listing(top)
        if folder not in self._below and top in self._found:  # every folder's files, listed once asked for
            for _, path, above in self._found.pop(top):
                for parent in above[:-1]:
                    self._below.setdefault(parent, []).append(path)
        return self._below.get(folder, [])

    def pages(self, folder: Path) -> list[Path]:
        """The Markdown pages below `folder` (docs/ or a folder in it), as `sorted(folder.rglob("*.md"))`."""
        return [path for path in self.files(folder, self.docs) if path.name.endswith(PAGE_SUFFIX)]

    def rel(self, path: Path) -> str:
        """The path of a file below the root, relative to it, with "/" between its parts."""
        text = str(path)
        if not text.startswith(self._prefix):  # not made from the root as given: as pathlib tells it
            return path.relative_to(self.root).as_posix()
        rel = text[len(self._prefix):]
        return rel if os.sep == "/" else rel.replace(os.sep, "/")

    def text(self, path: Path) -> str:
        """The text of a file, read once until forgotten (UnicodeDecodeError if it is not UTF-8)."""
        if path not in self._texts:
            text = path.read_bytes().decode("utf-8")
            self._texts[path] = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        return self._texts[path]

    def forget(self) -> None:
        """Let go of the texts read so far: they are read again if asked for."""
        self._texts.clear()

    def digest(self, path: Path, info: Stat | None = None) -> bytes:
        """The SHA-256 of a regular file's bytes (its status `info`, if known), read once, or taken from
        an earlier run while the file is unchanged (`known`). Whether the bytes are UTF-8 is told as
        they are read (`undecodable`), and the text is not kept."""
        rel = self.rel(path)
        if rel not in self._digests:
            known = self.known.get(rel)
            if known is not None and info is not None and known[0] == info.mark:
                self._digests[rel] = known[1]
                self.read[rel] = known
                return known[1]
            settled = time.time_ns() - SETTLED_NS
            with path.open("rb", buffering=0) as file:
                data = file.readall()
            self._digests[rel] = digest = hashlib.sha256(data).digest()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._undecodable[rel] = exc
            else:
                if info is not None and info.settled(settled):
                    self.read[rel] = (info.mark, digest)
        return self._digests[rel]

    def undecodable(self, path: Path, info: Stat | None = None) -> UnicodeDecodeError | None:
        """Why a regular file (its status `info`, if known) is not UTF-8, if it is not."""
        self.digest(path, info)
        return self._undecodable.get(self.rel(path))

    def entry(self, path: Path, info: Stat, read: bool) -> bytes:
        """What an entry below docs/ or data/ is, for the checks' cache, from its status (`listing`):
        its kind and size, and for a file whose bytes are `read`, their digest (a folder: its kind)."""
        if stat.S_ISREG(info.st_mode):
            return b"f%d:" % info.st_size + (self.digest(path, info) if read else b"")
        return b"d" if stat.S_ISDIR(info.st_mode) else b"?%d" % stat.S_IFMT(info.st_mode)
