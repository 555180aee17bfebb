"""racesite's side of the bench: one version of its code, and the command-line builds one run times with it.

Owns importing the CSVs (untimed), picking the recap the edits change, and the timed sequence of `build.py
build --cache` runs: cold into fresh folders, no change, one recap's text edited, one lap led taken from its
winner, and a cold build onto the disk. Each version runs as `python ROOT/build.py`, so an old checkout runs its
own code. Must not know about Hugo or the live preview; must not import racesite (it runs it).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .edits import FileEdit, append_sentence, laps_led, plan_lap_led_edit
from .measure import Files, Run, files_in, measure, untimed, written

EDIT = ("cup", 1990, 10)  # the recap the edits change, when its series is benched
_BUILT = re.compile(r"Built ([\d,]+) races?")


@dataclass(frozen=True)
class Code:
    """One version of racesite as the bench runs it: its checkout, and the content imported for it."""

    label: str  # "new", or "old <rev>"
    root: Path  # the checkout: ROOT/build.py is run
    content: Path

    def build(self, site: Path, cache: Path) -> list[str]:
        return [sys.executable, str(self.root / "build.py"), "build", "--content", str(self.content),
                "--out", str(site), "--cache", str(cache)]


@dataclass(frozen=True)
class Steps:
    """One run of the command-line builds, on a tmpfs (or the scratch folder), each into its own fresh folders."""

    races: int | None  # as the cold build counted them
    cold: Run
    files: Files  # the cold build's output
    no_change: Run
    no_change_written: int
    text: Run
    text_written: int
    text_shown: bool  # the appended sentence is in one of the race's pages (its recap's, once it has a text)
    results: Run
    results_written: int
    results_shown: bool  # the winner's career laps led went down by one in data/drivers.json


def edit_target(content: Path, series: list[str]) -> tuple[Path, str]:
    """(recap to edit, glob of its race's pages under the site: the race page and its stories' pages, where an
    appended sentence shows): cup 1990 round 10, else the middle recap."""
    s, season, round_ = EDIT
    hits = sorted(content.glob(f"{s}/{season}/{round_:02d}-*.md")) if s in series else []
    if not hits:
        recaps = sorted((content / series[0]).rglob("*.md"))
        hits = [recaps[len(recaps) // 2]]
        s, season, round_ = series[0], int(hits[0].parent.name), int(hits[0].name.split("-")[0])
    return hits[0], str(Path("races", s, str(season), f"{round_:02d}-*", "**", "index.html"))


def import_content(root: Path, data: Path, series: list[str], out: Path) -> bool:
    """Import each series' CSV with the importer of the checkout at `root` into `out` (untimed)."""
    return all(untimed(f"import {s} ({root.name})", [sys.executable, str(root / "build.py"), "import",
                                                      str(data / f"{s}.csv"), "--series", s, "--out", str(out)])
               for s in series)


def compile_code(root: Path, packages: tuple[str, ...] = ("racesite",)) -> None:
    """Write the checkout's bytecode now (untimed), so that no timed run compiles a module from source."""
    untimed(f"bytecode ({root.name})", [sys.executable, "-m", "compileall", "-q",
                                        *(str(root / p) for p in packages)])


def races_built(stdout: str) -> int | None:
    """The race count a build printed ("Built 4,963 races ..."), or None."""
    found = _BUILT.search(stdout)
    return int(found.group(1).replace(",", "")) if found else None


def cli_steps(code: Code, folder: Path, n: int, recap: Path, page_glob: str,
              echo: Callable[[str], None] = print) -> Steps:
    """The timed command-line builds of run `n` into `folder`/site and `folder`/cache, which must not exist.

    The recap (and the results CSV it names, if any) is put back after each edit, whatever happens."""
    site, cache = folder / "site", folder / "cache"
    command = code.build(site, cache)

    def timed(name: str) -> Run:
        run = measure(command)
        echo(f"  {code.label + ' ' + name:<24} {run.wall:6.2f} s")
        return run

    cold = timed("cold")
    ours = files_in(site)
    no_change = timed("no change")
    snapshot = files_in(site)
    marker = f"Bench edit {n}: this sentence was appended at {time.time():.0f}."
    original = recap.read_bytes()
    text_edit = FileEdit(recap, original, append_sentence(original.decode("utf-8"), marker).encode("utf-8"))
    text_edit.apply()
    try:
        text = timed("text edit")
    finally:
        text_edit.restore()
    after_text = files_in(site)
    pages = list(site.glob(page_glob))
    text_shown = any(marker in page.read_text(encoding="utf-8") for page in pages)
    measure(command)  # back to the original recap, untimed

    lap = plan_lap_led_edit(recap)
    before_led, snapshot_results = laps_led(site, lap.winner, lap.series), files_in(site)
    lap.file.apply()
    try:
        results = timed("results edit")
    finally:
        lap.file.restore()
    results_shown = before_led is not None and laps_led(site, lap.winner, lap.series) == before_led - 1
    echo(f"    (edit shown: text {text_shown}, results {results_shown})")
    return Steps(races_built(cold.stdout), cold, ours, no_change, written(ours, snapshot), text,
                 written(snapshot, after_text), text_shown, results, written(snapshot_results, files_in(site)),
                 results_shown)


def cold_on_disk(code: Code, folder: Path, echo: Callable[[str], None] = print) -> Run:
    """A cold build into `folder`/site and `folder`/cache on the disk, which must not exist."""
    run = measure(code.build(folder / "site", folder / "cache"))
    echo(f"  {code.label + ' cold, disk':<24} {run.wall:6.2f} s")
    return run


def describe(root: Path, rev: str = "HEAD") -> str:
    """A checkout's commit as `git describe --always --dirty` says it (for HEAD), else its short hash."""
    cmd = ["git", "-C", str(root), "describe", "--always", "--dirty"] if rev == "HEAD" else \
        ["git", "-C", str(root), "rev-parse", "--short", rev]
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip() or "?"
