"""The parse cache: validated recaps kept between builds, keyed by each file's content hash.

Owns the cache files (a pickle per folder of recaps, written atomically) and
the key that invalidates it as a whole: racesite's own code, the site config
and the entity files (aliases and track lengths change how a recap reads).
A damaged or foreign cache is ignored, never trusted. Must not parse content.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from .errors import SourceError
from .model import Race

PACKAGE = Path(__file__).resolve().parent
FORMAT = 2

Entry = tuple[str, "Race | None", list[SourceError]]  # (content hash, race, problems found)


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


class ParseCache:
    """Recaps validated by an earlier build, reusable when their file and the context are unchanged.

    Kept as one pickle per folder of recaps (a season, usually), so an edit rewrites one small file,
    not the whole history's.
    """

    def __init__(self, folder: Path | None, content: Path, context: bytes) -> None:
        self.folder: Path | None = None
        self.key = digest(context + code_key().encode() + os.getcwd().encode())
        self.old: dict[str, dict[str, Entry]] = {}  # shard -> path -> entry
        self.new: dict[str, dict[str, Entry]] = {}
        self.changed: set[str] = set()  # shards with entries parsed this run
        if folder is None:
            return
        self.folder = folder / f"parsed-{digest(str(content.resolve()).encode())}"
        if self.folder.is_dir():
            for file in sorted(self.folder.glob("*.pickle")):
                self.old[file.stem] = self._read(file)

    def _read(self, file: Path) -> dict[str, Entry]:
        try:
            with file.open("rb") as handle:
                data: dict[str, Any] = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}  # damaged or from another version: rebuild it
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != self.key:
            return {}
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
            fd, temp = tempfile.mkstemp(prefix=".parsed-", dir=self.folder)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"format": FORMAT, "key": self.key, "entries": entries}, handle, protocol=5)
            os.replace(temp, self.folder / f"{shard}.pickle")
