"""Shared helpers: write a small site from a dict, and read back what `check` would print.

`site({...})` is MkDocs' `tempdir(files=...)` for racesite: it writes each
path -> text under `<tmp>/content/`, adds a minimal valid `site.yml` unless the
dict gives one, and changes into `<tmp>` so messages name files the way the
command line does (`content/xfinity/2021/06-atlanta.md:12: ...`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SITE_YML

SiteMaker = Callable[..., Path]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SiteMaker:
    """Write `{path inside content/: text or bytes}` into a fresh folder; returns `Path("content")`."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes] | None = None, site_yml: str | None = SITE_YML) -> Path:
        content = Path("content")
        all_files: dict[str, str | bytes] = {"site.yml": site_yml} if site_yml is not None else {}
        all_files.update(files or {})
        for name, text in all_files.items():
            target = content / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8", newline="")
        return content

    return make


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content (content/) built once per test session; treat it as read-only."""
    from tests.golden import build_demo

    out = tmp_path_factory.mktemp("demo") / "_site"
    build_demo(out)
    return out



@pytest.fixture(scope="session")
def demo_site_under_subpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content built once per session for a project subpath (tests.helpers.SUBPATH); treat it as read-only."""
    from racesite.pipeline import build
    from tests.golden import DEMO
    from tests.helpers import SUBPATH

    out = tmp_path_factory.mktemp("demo-subpath") / "_site"
    build(DEMO, out, base_url=SUBPATH)
    return out


@pytest.fixture(scope="session")
def history_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole NASCAR history (../shared/data/nascar/) imported with `build.py import` and built once per session
    (a minute or two; skipped when the data is absent): {"content", "site", "reports" (each series' import
    report)}. Treat it as read-only."""
    import subprocess
    import sys

    from tests.nascar import NASCAR

    if not NASCAR.is_dir():
        pytest.skip(f"no NASCAR data at {NASCAR}")
    root = Path(__file__).resolve().parents[1]

    def run(*argv: str) -> str:
        done = subprocess.run([sys.executable, "build.py", *argv], cwd=root, capture_output=True, text=True,
                              timeout=900, check=False)
        assert done.returncode == 0, f"build.py {' '.join(argv)} exited with {done.returncode}:\n{done.stderr[-3000:]}"
        return done.stdout

    folder = tmp_path_factory.mktemp("history")
    content, site = folder / "content", folder / "site"
    reports = {s: run("import", str(NASCAR / f"{s}.csv"), "--series", s, "--out", str(content))
               for s in ("cup", "xfinity", "truck")}
    with open(content / "site.yml", "a", encoding="utf-8") as config:  # the championships as NASCAR decides them
        config.write("championships:\n  - preset: nascar\n")
    run("build", "--content", str(content), "--out", str(site))
    return {"content": content, "site": site, "reports": reports}
