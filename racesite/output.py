"""Writing the site: build into a temporary folder beside the target, then swap it in.

Owns every write to disk. A failed build never reaches here, and a failure
while writing leaves the previous site as it was. Every path is checked to
stay inside the output folder. Must not render or know about races.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import BuildError, SourceError


class UnsafePath(ValueError):
    """A page path that would land outside the output folder."""


def lexical_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute paths, '..', empty parts and backslashes (no filesystem access)."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in relative:
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return root / pure


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute paths, '..' and anything resolving outside `root` (symlinks too)."""
    target = lexical_join(root, relative)
    # A symlinked folder inside `root` could still lead out: resolve the folder (once per folder and run).
    if not _resolved(str(target.parent)).is_relative_to(_resolved(str(root))):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    if target.is_symlink() and not target.resolve().is_relative_to(_resolved(str(root))):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return target


@functools.lru_cache(maxsize=4096)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def write_file(root: Path, relative: str, data: bytes) -> None:
    """Write one file of a site being built under `root` (a staging folder), refusing unsafe paths."""
    target = safe_join(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class Staging:
    """A new site being written in a temporary folder next to `out`.

    `commit()` swaps it in as `out`; leaving the `with` block any other way
    (an error, a template failure) removes it and leaves `out` as it was.
    Raises `BuildError` (writing nothing) when `out` holds more than a site.
    """

    def __init__(self, out: Path, static: Path | None = None) -> None:
        _refuse_to_replace(out)
        self.out = out.absolute()
        self.static = static
        self.root: Path | None = None

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        if self.static is not None and self.static.is_dir():
            shutil.copytree(self.static, self.root / "static", dirs_exist_ok=True)
        return self

    # The staging folder is made fresh by this build and holds no symlinks (copytree copies files), so a
    # lexical check of each path is enough here: no per-file resolve() on sites of tens of thousands of pages.
    def write(self, relative: str, data: bytes) -> None:
        assert self.root is not None
        target = lexical_join(self.root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def reuse(self, previous: Path, relative: str) -> None:
        """Take an unchanged file from the previous site: a hard link (the swap keeps it), else a copy."""
        assert self.root is not None
        source = lexical_join(previous, relative)
        target = lexical_join(self.root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    def commit(self) -> None:
        assert self.root is not None
        os.chmod(self.root, 0o755)
        _swap(self.root, self.out)
        self.root = None

    def __exit__(self, *exc: object) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


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
