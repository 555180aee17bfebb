"""The storage the build plan keeps between builds: file hashes remembered by stat, pickles written atomically.

Owns the cache files' format (a dict with a "format" key, written atomically; a damaged or foreign file is
ignored, never trusted), `FileHashes` (with `files_under`, the listing of a folder's files whose hashes are
taken) and `code_key`, the hash of racesite's own code that every cached thing is keyed by. What is kept and
when it is valid is `plan`'s business. Must not parse content.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
FORMAT = 4


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_key() -> str:
    """A hash of racesite's own source: a cache written by other code is never used."""
    h = hashlib.blake2b(digest_size=16)
    for file in sorted(PACKAGE.rglob("*.py")):
        h.update(file.relative_to(PACKAGE).as_posix().encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def write_pickle(data: object, target: Path) -> None:
    """Write a cache file atomically: a reader sees the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(data, handle, protocol=5)
    os.replace(temp, target)


def read_pickle(file: Path, version: int = FORMAT) -> dict[str, Any] | None:
    """A cache file's data (a dict with a "format"), or None when it is missing, damaged or of another format."""
    try:
        with file.open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == version else None


Stat = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
SETTLED_NS = 2_000_000_000  # a file last changed this long before it was hashed keeps its hash while its stat does


class FileHashes:
    """Content hashes of files, remembered by their stat, so a build reads only the files that changed.

    A hash is remembered only for a file whose modification time was well before it was read: a file written
    twice within one tick of the filesystem's clock could otherwise look unchanged (git's "racy" files).
    The change time is part of the stat, and no program can set it back.
    """

    def __init__(self, folder: Path | None) -> None:
        self.file = folder / "hashes.pickle" if folder is not None else None
        data = read_pickle(self.file) if self.file is not None else None
        self.known: dict[str, tuple[Stat, str]] = data["hashes"] if data is not None else {}
        self.changed = False
        self.this_build: dict[str, str] = {}  # each file is looked at once per build, however often asked
        self.absolute: dict[str, str] = {}  # each path as asked -> as kept (`os.path.abspath` from `cwd`)
        self.cwd = ""
        self.listings: dict[str, list[tuple[str, str]]] = {}  # each folder listed in this build (`listing`)

    def new_build(self) -> None:
        """Start a build: files are looked at again (a long-running process keeps this object), and relative paths
        taken from the working folder as it is now (the paths worked out in earlier builds are kept while it is
        the same folder: a long-running process asks for the same ~10,000 paths in every build)."""
        self.this_build = {}
        self.listings = {}
        cwd = os.getcwd()
        if cwd != self.cwd:
            self.absolute, self.cwd = {}, cwd

    def of(self, file: Path | str) -> str:
        """The hash of `file`'s bytes. Raises OSError when it cannot be read."""
        asked = os.fspath(file)
        key = self.absolute.get(asked)
        if key is None:
            key = self.absolute[asked] = os.path.abspath(asked)
        seen = self.this_build.get(key)
        if seen is not None:
            return seen
        self.this_build[key] = value = self._hash(key)
        return value

    def listing(self, root: str) -> list[tuple[str, str]]:
        """`files_under(root)`, listed once in a build however often asked (the build's input hash and the loader
        both list the content)."""
        found = self.listings.get(root)
        if found is None:
            found = self.listings[root] = files_under(root)
        return found

    def listed(self, file: str) -> str:
        """`of(file)` for a file just listed: "unreadable" when it is gone since (an editor that saves by deleting
        the file and writing it anew) or cannot be read; what reads it then says so."""
        try:
            return self.of(file)
        except OSError:
            return "unreadable"

    def _hash(self, key: str) -> str:
        info = os.stat(key)
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        known = self.known.get(key)
        if known is not None and known[0] == stat:
            return known[1]
        with open(key, "rb") as handle:
            value = digest(handle.read())
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
            self.known[key] = (stat, value)
            self.changed = True
        elif known is not None:
            del self.known[key]
            self.changed = True
        return value

    def save(self) -> None:
        """Keep the hashes for the next build (only when some were added or dropped)."""
        if self.file is not None and self.changed:
            write_pickle({"format": FORMAT, "hashes": self.known}, self.file)
            self.changed = False


def files_under(root: str) -> list[tuple[str, str]]:
    """Every file under `root`, and every link that leads nowhere (what reads it reports it), as (relative path,
    path), sorted. Symlinked folders are not followed."""
    found: list[tuple[str, str]] = []
    todo = [(root, "")]
    while todo:
        folder, relative = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone or unreadable: nothing under it
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append((entry.path, f"{relative}{entry.name}/"))
            elif entry.is_file() or (entry.is_symlink() and not entry.is_dir()):
                found.append((relative + entry.name, entry.path))
    return sorted(found)
