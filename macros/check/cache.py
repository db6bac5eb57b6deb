"""The checks' cache: what the checks found in each report folder, kept under the project's ignored
.cache/ folder and used again only for exactly the same files, read by exactly the same engine.

Each piece is kept by a key, a SHA-256 over everything it was worked out from and the engine that
worked it out: the engine's version (every source file of macros/; the versions of Python, PyYAML,
Markdown and Jinja2; whether libyaml is used), the docs folder's place, the unit table and the
report kinds (`Shared`), and every entry below the folder in data/ and in docs/: its path, its kind,
its size and, for a page or a data file, the SHA-256 of its bytes (the checks read no other file:
an image's size and name are all they look at). A report checked against the report it follows
(reconcile.py) is kept with its folder, together with the keys of both folders; mkdocs.yml's nav
checked against the pages, by mkdocs.yml and the names below docs/. Any change gives another key, so a
kept piece is only ever what the checks would find now: a failing report is kept with its errors
and fails again, identically; one edited file makes only its folder (and the reports following
it) checked again. A piece that cannot be read (damaged: its digest is checked; or written by
another Python) is ignored, and the folder checked again. Nothing outside the project is read,
nothing tracked is written: the cache folder is in .gitignore, and deleting it only makes the next
run a cold one. A run keeps the pieces it used, and as many more as `_KEEP` times those (the most
recently written first): an editor switching branches finds both states.

A file's digest is worked out once and kept too (tree.Known): a later run takes it as it is while
the file's size, times of modification and of change, and inode are those it had when it was read
(tree.SETTLED_NS says why a file changed just before is read again); every other file is read.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import platform
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from types import MappingProxyType

import yaml

from ..load.kinds import Kinds
from ..load.tree import PAGE_SUFFIX, Known, Stat, Tree
from ..model.tables import Cell, Kind

CACHE = Path(".cache") / "checks"  # below the project root; ignored by git (.gitignore)
CONFIG = "mkdocs.yml"
READ = (PAGE_SUFFIX, ".yaml", ".txt")  # the files whose bytes the checks read: pages and data files
_ENGINE = Path(__file__).resolve().parents[1]  # macros/
_LIBRARIES = ("PyYAML", "Markdown", "Jinja2")  # what the checks read with: YAML, the published text, the sandbox
_KEEP = 4  # pieces kept: those of the run, and this many times as many more
_MAGIC = b"checks1\n"
_DIGEST = 32  # bytes of SHA-256, after the magic: the digest of what follows
_SUFFIX = ".piece"
_FILES = "files"  # the key of the files' digests (tree.Known)


@functools.cache
def engine_version() -> str:
    """The engine's version: its source files, byte for byte, and the libraries the checks use."""
    digest = hashlib.sha256()
    libraries = " ".join(f"{name} {metadata.version(name)}" for name in _LIBRARIES)
    digest.update(f"{platform.python_implementation()} {platform.python_version()} {libraries} "
                  f"{hasattr(yaml, 'CSafeLoader')}\0".encode())
    for path in sorted(_ENGINE.rglob("*")):
        if path.suffix in (".py", ".css", ".js") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_ENGINE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """A key over parts of what a piece is worked out from, in order."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"%d:" % len(part) + (part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part))
    return digest.hexdigest()


def entries(tree: Tree, listed: Iterable[tuple[Path, str, Stat]]) -> bytes:
    """What the entries are (as Tree.listing gives them), in order: path, kind, size and, for a file
    the checks read, its digest."""
    return b"".join(rel.encode("utf-8", "surrogateescape") + b"\0" + tree.entry(path, info, rel.endswith(READ))
                    + b"\0" for path, rel, info in listed)


def shared_key(tree: Tree, files: Iterable[Path]) -> str:
    """The key of what every folder's checks are worked out with: the engine, the docs folder's place,
    and the shared files (the unit table and the kinds)."""
    shared = [(path, tree.rel(path), Stat.of(path.lstat())) for path in files if path.is_file()]
    return key(engine_version(), os.path.relpath(tree.docs, tree.root), entries(tree, shared))


def nav_key(tree: Tree) -> str:
    """The key of mkdocs.yml's nav checked against the pages: the file, and the names below docs/."""
    config = tree.root / CONFIG
    listed = b"\0".join(tree.rel(path).encode("utf-8", "surrogateescape") for path in tree.files(tree.docs, tree.docs))
    return key(engine_version(), "nav", config.read_bytes() if config.is_file() else b"\0missing", listed)


@dataclasses.dataclass
class Store:
    """The pieces kept below a project's root: read by key, written by key, the unused ones dropped.

    A report's kind (and its table cells) is the kind every report of it shares: a piece refers to it
    by name and version (the kinds' files are in every key) and is read back with the kinds of the run."""

    root: Path
    used: set[str] = dataclasses.field(default_factory=set)

    @property
    def folder(self) -> Path:
        return self.root / CACHE

    @functools.cached_property
    def committed(self) -> bool:
        """Whether the cache folder is among the project's committed files: then a clone (CI's) would
        read pieces it did not write, someone else's, which could be made to pass what fails (or to run
        code as they are read). Such a folder is neither read nor written: the checks run afresh. So is
        one of a repository git cannot tell about."""
        root = self.root.resolve()
        if not any((folder / ".git").exists() for folder in (root, *root.parents)):
            return False  # in no repository
        try:
            listed = subprocess.run(["git", "ls-files", "-z", "--", CACHE.as_posix()], cwd=self.root,
                                    capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            return True
        return listed.returncode != 0 or bool(listed.stdout)

    def get(self, key: str, kinds: Kinds) -> object | None:
        """The piece kept by that key, if there is one that can be read."""
        self.used.add(key)
        if self.committed:
            return None
        try:
            data = (self.folder / f"{key}{_SUFFIX}").read_bytes()
            payload = memoryview(data)[len(_MAGIC) + _DIGEST:]
            if data[:len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != data[len(_MAGIC):][:_DIGEST]:
                return None
            return _Unpickler(io.BytesIO(payload), kinds).load()
        except Exception:  # none, damaged or from another Python: worked out again
            return None

    def put(self, key: str, piece: object, kinds: Kinds) -> None:
        """Keep a piece, written atomically (a concurrent run reads a whole file or none). A cache
        that cannot be written is no error: the next run works the piece out again."""
        self.used.add(key)
        if self.committed:
            return
        try:
            buffer = io.BytesIO()
            _Pickler(buffer, kinds).dump(piece)
            data = buffer.getbuffer()
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", suffix=".tmp", delete=False) as file:
                file.write(_MAGIC + hashlib.sha256(data).digest())
                file.write(data)
            Path(file.name).replace(self.folder / f"{key}{_SUFFIX}")
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return

    def files(self) -> dict[str, Known]:
        """The digests of the files read by earlier runs (tree.Tree.known)."""
        known = self.get(_FILES, Kinds(MappingProxyType({})))
        return known if isinstance(known, dict) else {}

    def keep_files(self, tree: Tree) -> None:
        """Keep the digests of the files read by this run, if they are not those kept already."""
        if tree.read != tree.known:
            self.put(_FILES, tree.read, Kinds(MappingProxyType({})))
        self.used.add(_FILES)

    def tidy(self) -> None:
        """Drop all but the pieces this run used and the most recently written others, `_KEEP` times
        as many (anything else in the folder too: a piece of an older engine, a stray temporary file)."""
        if self.committed:
            return
        try:
            found = list(os.scandir(self.folder))
            if len(found) <= (_KEEP + 1) * len(self.used):
                return
            others = sorted((entry for entry in found if entry.name.removesuffix(_SUFFIX) not in self.used),
                            key=lambda entry: entry.stat().st_mtime, reverse=True)
            for entry in others[_KEEP * len(self.used):]:
                Path(entry.path).unlink()
        except OSError:
            return


class _Pickler(pickle.Pickler):
    """Pickles a piece, a report's kind and its cells (Kind.cells) by the kind's name and version."""

    def __init__(self, file: io.BytesIO, kinds: Kinds) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        cells = {id(kind.cells): (kind.name, kind.version) for kind in kinds.table.values()}
        self.dispatch_table = {
            **copyreg.dispatch_table,
            Kind: lambda kind: (_kind, (kind.name, kind.version)),
            MappingProxyType: lambda proxy: (_cells, cells[id(proxy)]) if id(proxy) in cells
            else (_read_only, (dict(proxy),)),
        }


class _Unpickler(pickle.Unpickler):
    """Reads a piece back, its reports' kinds those of the run."""

    def __init__(self, file: io.BytesIO, kinds: Kinds) -> None:
        super().__init__(file)
        self._kinds = kinds

    def find_class(self, module: str, name: str) -> object:
        if module == __name__ and name in ("_kind", "_cells"):
            kinds = self._kinds.table
            return (lambda *named: kinds[named]) if name == "_kind" else (lambda *named: kinds[named].cells)
        return super().find_class(module, name)


def _read_only(mapping: dict) -> MappingProxyType:
    """A read-only mapping of a report (its figures, its cells not applicable), which pickle cannot
    store by itself: stored as a dict, read back as the same view of it."""
    return MappingProxyType(mapping)


def _kind(name: str, version: str) -> Kind:
    """A kind named in a piece: read back by the cache's unpickler, which has the run's kinds."""
    raise pickle.UnpicklingError(f"the kind {name} {version} is read back with the run's kinds")


def _cells(name: str, version: str) -> Mapping[str, Cell]:
    raise pickle.UnpicklingError(f"the cells of the kind {name} {version} are read back with the run's kinds")
