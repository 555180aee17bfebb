"""What is kept between builds: file hashes remembered by stat, and validated recaps keyed by content hash.

Owns the cache files (the file hashes, and a pickle per folder of recaps,
each written atomically) and the key that invalidates the parse cache as a
whole: racesite's own code, the site config and the entity files (aliases and
track lengths change how a recap reads). A damaged or foreign cache is
ignored, never trusted. Must not parse content.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SourceError
from .model import Race

PACKAGE = Path(__file__).resolve().parent
FORMAT = 3

Entry = tuple[str, str, "Race | None", list[SourceError]]  # (content hash, front matter hash, race, problems)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.cache
def code_key() -> str:
    """A hash of racesite's own source: a cache written by other code is never used (read once per process)."""
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

    def new_build(self) -> None:
        """Start a build: files are looked at again (a long-running process keeps this object)."""
        self.this_build = {}

    def of(self, file: Path | str) -> str:
        """The hash of `file`'s bytes. Raises OSError when it cannot be read."""
        key = os.path.abspath(file)
        seen = self.this_build.get(key)
        if seen is not None:
            return seen
        self.this_build[key] = value = self._hash(key)
        return value

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


class ParseCache:
    """Recaps validated by an earlier build, reusable when their file and the context are unchanged.

    Kept as one pickle per folder of recaps (a season, usually), so an edit rewrites one small file,
    not the whole history's.
    """

    def __init__(self, folder: Path | None, content: Path, context: bytes, kept: ParseCache | None = None) -> None:
        """`kept`: this process's cache as its last build saved it, used instead of reading the files back."""
        self.folder: Path | None = None
        self.key = digest(context + code_key().encode() + os.getcwd().encode())
        self.old: dict[str, dict[str, Entry]] = {}  # shard -> path -> entry
        self.new: dict[str, dict[str, Entry]] = {}
        self.changed: set[str] = set()  # shards with entries parsed this run
        if folder is None:
            return
        # Per content folder and working folder: messages name files relative to the working folder, so
        # recaps parsed from another one are kept apart rather than replacing these.
        self.folder = folder / f"parsed-{digest(f'{content.resolve()}|{os.getcwd()}'.encode())}"
        if kept is not None and kept.folder == self.folder and kept.key == self.key:
            self.old = kept.new
        elif self.folder.is_dir():
            for file in sorted(self.folder.glob("*.pickle")):
                self.old[file.stem] = self._read(file)

    def _read(self, file: Path) -> dict[str, Entry]:
        data = read_pickle(file)
        if data is None or data.get("key") != self.key:
            return {}  # damaged, from another version or another context: rebuild it
        entries: dict[str, Entry] = data.get("entries", {})
        return entries

    @staticmethod
    def shard(path: str) -> str:
        return digest(path.rpartition("/")[0].encode())

    def get(self, path: str, content_hash: str) -> Entry | None:
        shard = self.shard(path)
        entry = self.old.get(shard, {}).get(path)
        if entry is not None and entry[0] == content_hash:
            self.new.setdefault(shard, {})[path] = entry
            return entry
        return None

    def put(self, path: str, entry: Entry) -> None:
        shard = self.shard(path)
        self.new.setdefault(shard, {})[path] = entry
        self.changed.add(shard)

    def save(self) -> None:
        """Write the shards with entries made by this run or whose files are gone (atomically); drop the rest."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for shard in sorted(self.old.keys() - self.new.keys()):
            (self.folder / f"{shard}.pickle").unlink(missing_ok=True)
        for shard, entries in sorted(self.new.items()):
            if shard not in self.changed and entries.keys() == self.old.get(shard, {}).keys():
                continue
            write_pickle({"format": FORMAT, "key": self.key, "entries": entries}, self.folder / f"{shard}.pickle")


@dataclass
class Memory:
    """The caches a build reads, as a long-running process (the live preview) keeps them between its builds:
    file hashes and the parse cache stay in memory instead of being read back from the cache folder."""

    hashes: FileHashes
    parsed: ParseCache | None = None  # as the last build saved it
