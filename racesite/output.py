"""Writing the site: build into a temporary folder beside the target, then swap it in (or, for an
incremental build, move the changed files into place).

Owns every write to disk. A failed build never reaches here, and a failure
while rendering or writing leaves the previous site as it was. Every path is checked to
stay inside the output folder. Must not render or know about races.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Self

from .errors import BuildError, SourceError


class UnsafePath(ValueError):
    """A page path that would land outside the output folder."""


def lexical_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute or empty paths, '..', backslashes and NULs (no filesystem access;
    plain string checks, as a large site's build asks for every one of its files)."""
    check_relative(relative)
    return root / relative


def check_relative(relative: str) -> None:
    """Raise `UnsafePath` unless `relative` is a path that stays inside whatever folder it is joined to."""
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative or \
            ".." in relative.split("/"):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")


def safe_join(root: Path, relative: str, resolved: dict[str, Path] | None = None) -> Path:
    """`root / relative`, refusing absolute paths, '..' and anything resolving outside `root` (symlinks too).
    `resolved`: folders already resolved by this caller (a commit asks for thousands of files in few folders)."""
    target = lexical_join(root, relative)
    known = resolved if resolved is not None else {}

    def real(folder: str) -> Path:
        found = known.get(folder)
        if found is None:
            found = known[folder] = Path(folder).resolve()
        return found

    # A symlinked folder inside `root` could still lead out: resolve the folder.
    if not real(str(target.parent)).is_relative_to(real(str(root))):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    if target.is_symlink() and not target.resolve().is_relative_to(real(str(root))):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return target


class _NewFiles:
    """A temporary folder beside `out` that a build writes its new files into (forked workers too)."""

    def __init__(self, out: Path, static: Path | None = None) -> None:
        self.out = out.absolute()
        self.static = static
        self.root: Path | None = None
        self.static_files: list[str] = []  # the static folder's files, as paths inside the site
        self._made: set[str] = set()  # folders write() made in this process's root (a forked worker has its own)

    def __enter__(self) -> Self:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        if self.static is not None and self.static.is_dir():
            shutil.copytree(self.static, self.root / "static", dirs_exist_ok=True)
            self.static_files = sorted(p.relative_to(self.root).as_posix()
                                       for p in (self.root / "static").rglob("*") if p.is_file())
        return self

    # The folder is made fresh by this build and holds no symlinks (copytree copies files), so a lexical
    # check of each path is enough here: no per-file resolve() on sites of tens of thousands of pages, and plain
    # `os` calls on path strings (each folder made once per process) rather than `Path` objects.
    def write(self, relative: str, data: bytes) -> None:
        assert self.root is not None
        check_relative(relative)
        folder = relative.rpartition("/")[0]
        if folder not in self._made:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self._made.add(folder)
        with open(os.path.join(self.root, relative), "wb") as file:
            file.write(data)

    def folder(self, relative: str) -> Path:
        """A folder of the new files (made, empty unless written to), for a program to write its files into."""
        assert self.root is not None
        check_relative(relative.rstrip("/"))
        target = self.root / relative
        target.mkdir(parents=True, exist_ok=True)
        return target

    def __exit__(self, *exc: object) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


class Staging(_NewFiles):
    """A whole new site written in a temporary folder next to `out`.

    `commit()` swaps it in as `out`; leaving the `with` block any other way
    (an error, a template failure) removes it and leaves `out` as it was.
    Raises `BuildError` (writing nothing) when `out` holds more than a site.
    """

    def __init__(self, out: Path, static: Path | None = None) -> None:
        _refuse_to_replace(out)
        super().__init__(out, static)

    def commit(self) -> None:
        assert self.root is not None
        os.chmod(self.root, 0o755)
        _swap(self.root, self.out)
        self.root = None


class Update(_NewFiles):
    """Changes to the site racesite last built in `out`, applied in place once the build has succeeded.

    For incremental builds, where most files are unchanged: new and changed
    files are written to a temporary folder beside `out`; `commit()` moves each
    into place with an atomic rename (a reader never sees half a file) and
    removes the files of `previous` that the new site no longer has. Leaving the
    `with` block any other way removes the temporary folder and leaves `out` as
    it was. Unchanged files are not touched, nor are files made again with the
    same bytes (so a deploy that compares files sees only real changes).
    """

    def __init__(self, out: Path, static: Path | None, previous: Iterable[str], kept: Iterable[str] = ()) -> None:
        """`previous`: every file of the site in `out`; `kept`: those of them left as they are (a kept file is
        neither written nor removed; one that is not a file of `previous` gets the same path checks as a write)."""
        super().__init__(out, static)
        self.previous = set(previous)
        self.kept = set(kept)
        for relative in sorted(self.kept - self.previous):
            check_relative(relative)

    def commit(self) -> None:
        assert self.root is not None
        written = set()
        resolved: dict[str, Path] = {}
        for folder, _, names in os.walk(self.root):
            for name in names:
                source = Path(folder, name)
                relative = source.relative_to(self.root).as_posix()
                target = safe_join(self.out, relative, resolved)
                written.add(relative)
                if _same_file_bytes(source, target):
                    continue  # made again, the same: left as it was (a deploy sees no change)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for relative in sorted(self.previous - self.kept - written):
            target = safe_join(self.out, relative, resolved)
            target.unlink(missing_ok=True)
            _remove_empty_folders(target.parent, self.out)
        shutil.rmtree(self.root)
        self.root = None


def _same_file_bytes(new: Path, old: Path) -> bool:
    """Whether `old` is a regular file (not a link) holding exactly `new`'s bytes."""
    try:
        info = os.lstat(old)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != new.stat().st_size:
        return False
    return old.read_bytes() == new.read_bytes()


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_site(files: Mapping[str, bytes], out: Path, static: Path | None = None) -> int:
    """Write `files` (path inside the site -> bytes) and the static folder as the new `out`, all or nothing.

    Returns the number of files written.
    """
    with Staging(out, static) as staging:
        for relative in sorted(files):
            staging.write(relative, files[relative])
        staging.commit()
    return len(files)


def _refuse_to_replace(out: Path) -> None:
    """Swapping replaces `out` wholesale: never let that be the working folder or a content folder."""
    target = out.resolve()
    cwd = Path.cwd().resolve()
    reason = ""
    if target == cwd or target in cwd.parents:
        reason = "it contains the working folder"
    elif target.is_dir() and next(target.rglob("site.yml"), None) is not None:
        reason = "it holds content (a site.yml), not a built site"
    if reason:
        raise BuildError([SourceError("--out", None, "", f"refusing to replace '{out}': {reason}",
                                      "build into a folder of its own, e.g. _site")])


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old)
