"""The checks' cache: the result of every check of a project, kept under its ignored .cache/ folder and
used again only for exactly the same input, read by exactly the same engine.

The key is a SHA-256 over everything the checks read and the engine that reads it: the engine's
version (every source file of macros/; the versions of Python, PyYAML, Markdown and Jinja2; whether
libyaml is used), the docs folder's place, mkdocs.yml, and every entry below docs/ and data/ as the
checks list it: its path, its kind (file, folder, link, other), its size and, for a file, its bytes,
for a link, where it points. Any change to any of these gives another key, so a cached result is only
ever the result the checks would give now: a failing project is cached with its errors and fails again from the cache,
identically; and a cache that cannot be read (damaged, or written by another Python) is ignored and the
checks run. Nothing outside the project is read, nothing tracked is written: the cache folder is in
.gitignore, and deleting it only makes the next run a cold one.

Hashing the input reads every file once more than the checks do; it is still several times faster than
the checks themselves at district scale, where YAML parsing dominates (see README, 性能).
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import os
import pickle
import platform
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import yaml

from .rules import Outcome

CACHE = Path(".cache") / "checks"  # below the project root; ignored by git (.gitignore)
CONFIG = "mkdocs.yml"
_ENGINE = Path(__file__).resolve().parents[1]  # macros/
T = TypeVar("T")
_LIBRARIES = ("PyYAML", "Markdown", "Jinja2")  # what the checks read with: YAML, the published text, the sandbox
_KEEP = 4  # results kept: a few recent states of the project (an editor switching branches)

# The catalog's read-only mappings, which pickle cannot store by itself: stored as a dict and read
# back as the same read-only view of it.
def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda proxy: (_read_only, (dict(proxy),)))


class _Said:
    """A rule outcome's mismatch in words (Outcome.explain, a closure pickle cannot store), said once
    when the outcome is stored: the same words a fresh run gives."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self) -> str:
        return self.text


def _outcome(outcome: Outcome) -> tuple[Callable[..., Outcome], tuple[object, ...]]:
    values = {field.name: getattr(outcome, field.name) for field in dataclasses.fields(outcome)}
    values["explain"] = _Said(outcome.explain())
    return _stored_outcome, (values,)


def _stored_outcome(values: dict[str, object]) -> Outcome:
    return Outcome(**values)  # type: ignore[arg-type]


copyreg.pickle(Outcome, _outcome)


@cache
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


def input_key(root: Path, docs: Path) -> str:
    """The key of everything the checks of the project read, with the engine's version."""
    digest = hashlib.sha256()
    digest.update(engine_version().encode() + b"\0")
    digest.update(os.path.relpath(docs, root).encode("utf-8", "surrogateescape") + b"\0")
    _entry(digest, root / CONFIG, CONFIG)
    for top in (docs, root / "data"):
        _entry(digest, top, os.path.relpath(top, root))
        for folder, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(dirnames + filenames):
                path = Path(folder, name)
                _entry(digest, path, os.path.relpath(path, root))
    return digest.hexdigest()


def _entry(digest: hashlib._Hash, path: Path, rel: str) -> None:
    """One entry into the key: its path, kind and size; a file's bytes, a link's target."""
    name = rel.encode("utf-8", "surrogateescape")
    try:
        info = path.lstat()
    except OSError:
        digest.update(b"missing\0" + name + b"\0")
        return
    kind = stat.S_IFMT(info.st_mode)
    digest.update(f"{kind}:{info.st_size}:".encode() + name + b"\0")
    if stat.S_ISLNK(info.st_mode):
        digest.update(str(path.readlink()).encode("utf-8", "surrogateescape") + b"\0")
    elif stat.S_ISREG(info.st_mode):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
        digest.update(b"\0")


def cached(root: Path, docs: Path, run: Callable[[], T]) -> T:
    """The checks' result for the project as it is now: from the cache if this exact input was checked
    by this exact engine before, else `run()`, which is then kept."""
    folder = root / CACHE
    key = input_key(root, docs)
    path = folder / f"{key}.pickle"
    try:
        with path.open("rb") as file:
            result: T = pickle.load(file)
        os.utime(path)  # recently used: kept longest
        return result
    except Exception:  # none, damaged or from another Python: the checks run
        pass
    result = run()
    _keep(folder, path, result)
    return result


def _keep(folder: Path, path: Path, result: object) -> None:
    """Write the result atomically (a concurrent run reads a whole file or none), then drop all but the
    most recently used few. A cache that cannot be written is no error: the next run is cold."""
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".tmp", delete=False) as file:
            file.write(data)
        Path(file.name).replace(path)
        kept = sorted(folder.glob("*.pickle"), key=lambda entry: entry.stat().st_mtime, reverse=True)
        for old in kept[_KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
