"""The parse cache: validated recaps kept between builds, keyed by each file's content hash.

Owns the cache file (one pickle per content folder, written atomically) and
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
FORMAT = 1

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
    """Recaps validated by an earlier build, reusable when their file and the context are unchanged."""

    def __init__(self, folder: Path | None, content: Path, context: bytes) -> None:
        self.file = None
        self.key = digest(context + code_key().encode() + os.getcwd().encode())
        self.old: dict[str, Entry] = {}
        self.new: dict[str, Entry] = {}
        if folder is None:
            return
        name = digest(str(content.resolve()).encode())
        self.file = folder / f"parsed-{name}.pickle"
        self.old = self._read()

    def _read(self) -> dict[str, Entry]:
        assert self.file is not None
        try:
            with self.file.open("rb") as handle:
                data: dict[str, Any] = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}  # damaged or from another version: rebuild it
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != self.key:
            return {}
        entries: dict[str, Entry] = data.get("entries", {})
        return entries

    def get(self, path: str, content_hash: str) -> Entry | None:
        entry = self.old.get(path)
        if entry is not None and entry[0] == content_hash:
            self.new[path] = entry
            return entry
        return None

    def put(self, path: str, entry: Entry) -> None:
        self.new[path] = entry

    def save(self) -> None:
        """Write the entries used or made by this run (deleted files drop out), atomically."""
        if self.file is None or self.new == self.old:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".parsed-", dir=self.file.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({"format": FORMAT, "key": self.key, "entries": self.new}, handle, protocol=5)
        os.replace(temp, self.file)
