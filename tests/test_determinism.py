"""Two builds of the demo content are byte-identical, whatever the hash seed or output folder."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.golden import DEMO, ROOT


def build_with_seed(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(DEMO), "--out", str(out)]
    result = subprocess.run(command, cwd=out.parent, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first, second = tmp_path / "one" / "_site", tmp_path / "two" / "public"
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(build_with_seed, (first, second), ("1", "2")))
    a, b = files(first), files(second)
    assert len(a) > 100
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
