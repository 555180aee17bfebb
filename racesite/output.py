"""Writing the site: build into a temporary folder beside the target, then swap it in.

Owns every write to disk. A failed build never reaches here, and a failure
while writing leaves the previous site as it was. Every path is checked to
stay inside the output folder. Must not render or know about races.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import BuildError, SourceError


class UnsafePath(ValueError):
    """A page path that would land outside the output folder."""


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing absolute paths, '..' and anything resolving outside `root`."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in relative:
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    target = root / pure
    if not target.resolve().is_relative_to(root.resolve()):
        raise UnsafePath(f"refusing to write outside the output folder: {relative!r}")
    return target


def write_site(files: Mapping[str, bytes], out: Path, static: Path | None = None) -> int:
    """Write `files` (path inside the site -> bytes) and the static folder as the new `out`.

    The new site is written to a temporary folder next to `out` and renamed
    into place only when complete. Returns the number of files written.
    Raises `BuildError` (writing nothing) when `out` holds more than a site.
    """
    _refuse_to_replace(out)
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        if static is not None and static.is_dir():
            shutil.copytree(static, staging / "static", dirs_exist_ok=True)
        for relative in sorted(files):
            target = safe_join(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
