"""`python -m bench.run --compare REV`: racesite at git revision REV against this checkout, in alternating runs.

Owns checking REV out into a scratch folder (`git worktree add --detach`, removed afterwards, whatever happens),
deciding which content each side builds (each side's own importer's: what a user of that version has), an
untimed warm-up build of each side, and the
alternating runs: old, new, old, new, ... each one the same command-line sequence (bench/steps.py) into fresh
folders. Must not time Hugo or the live preview.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .measure import MB, fresh, untimed
from .steps import Code, Steps, cli_steps, cold_on_disk, compile_code, describe, edit_target, import_content
from .table import Row, cell, render

CHECKOUT = "old-code"  # REV's checkout, under bench/out/


def add_checkout(root: Path, rev: str, folder: Path) -> None:
    """`git worktree add --detach folder rev` (forced: a folder left registered by an interrupted run is reused)."""
    result = subprocess.run(["git", "-C", str(root), "worktree", "add", "-f", "--detach", str(folder), rev],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: cannot check out {rev}:\n{result.stderr.strip()}")


def remove_checkout(root: Path, folder: Path) -> None:
    """Unregister and delete the scratch checkout, if there is one."""
    subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(folder)], capture_output=True)
    fresh(folder)


def compare(root: Path, rev: str, out: Path, tmp: Path, data: Path, series: list[str],
            runs: int) -> tuple[list[str], str]:
    """Time REV and this checkout: (the table's lines, the header's words on what was compared)."""
    old_root = out / CHECKOUT
    add_checkout(root, rev, old_root)
    try:
        return _compare(root, rev, old_root, out, tmp, data, series, runs)
    finally:
        remove_checkout(root, old_root)


def _compare(root: Path, rev: str, old_root: Path, out: Path, tmp: Path, data: Path, series: list[str],
             runs: int) -> tuple[list[str], str]:
    old_name = f"old {describe(root, rev)}"
    new = Code("new", root, out / "content")
    compile_code(root)
    compile_code(old_root)
    # Each side builds what its own importer writes (what a user of that version has: the importers' formats
    # differ, YAML rows or a CSV beside each race, and each version is tuned for its own).
    old = Code(old_name, old_root, out / "content-old")
    content_note = "each side's content imported with its own importer"
    if not warm_up(new, tmp):
        sys.exit("bench: this checkout cannot build the content it imported")
    if not import_content(old_root, data, series, old.content) or not warm_up(old, tmp):
        sys.exit(f"bench: {old_name} cannot build the NASCAR history")

    steps: dict[str, list[Steps]] = {old.label: [], new.label: []}
    disk: dict[str, list[float]] = {old.label: [], new.label: []}
    for n in range(1, runs + 1):
        for side in (old, new):
            print(f"Run {n}/{runs}, {side.label}")
            folder = tmp / f"run{n}-{side.label.split()[0]}"
            on_disk = out / "disk" / f"run{n}-{side.label.split()[0]}"
            recap, page_glob = edit_target(side.content, series)
            steps[side.label].append(cli_steps(side, folder, n, recap, page_glob))
            disk[side.label].append(cold_on_disk(side, on_disk).wall)
            fresh(folder, on_disk)  # untimed; the next timing starts after os.sync()

    recap = edit_target(new.content, series)[0]
    rows = table(steps[old.label], steps[new.label], disk[old.label], disk[new.label])
    head = (f"racesite {describe(root)} (new) against {rev} (old), median of {runs} "
            f"alternating run(s) (old, new, old, new, ...); {content_note}; edited recap: "
            f"{recap.relative_to(new.content)}")
    return render(("", old_name, "new", "new/old", "target"), rows), head


def warm_up(code: Code, tmp: Path) -> bool:
    """One untimed cold build (whether this side can build its content; the page cache warmed for both sides)."""
    folder = tmp / f"warm-up-{code.label.split()[0]}"
    try:
        return untimed(f"warm-up build, {code.label}", code.build(folder / "site", folder / "cache"))
    finally:
        fresh(folder)


def table(old: list[Steps], new: list[Steps], old_disk: list[float], new_disk: list[float]) -> list[Row]:
    """The comparison's rows: each figure's median for old and new, and new/old."""

    def pair(get: Callable[[Steps], float]) -> tuple[float, float]:
        return statistics.median(get(s) for s in old), statistics.median(get(s) for s in new)

    def shown(get: Callable[[Steps], bool]) -> Row:
        ok = all(get(s) for s in [*old, *new])
        return cell("edits shown (old and new)", None, None, target="yes" if ok else "no", ok=ok)

    cold = pair(lambda s: s.cold.wall)
    return [
        cell("races", *pair(lambda s: float(s.races or 0)), "{:,.0f}"),
        cell("cold build: files written", *pair(lambda s: float(len(s.files))), "{:,.0f}"),
        cell("cold build: wall, tmpfs (s)", *cold, ratio=True, invert=True, target="≤ 1.05× old",
             ok=cold[1] <= 1.05 * cold[0]),
        cell("cold build: wall, disk (s)", statistics.median(old_disk), statistics.median(new_disk), ratio=True,
             invert=True),
        cell("cold build: CPU user+sys (s)", *pair(lambda s: s.cold.cpu), ratio=True, invert=True),
        cell("cold build: peak RSS, process tree (MB)", *pair(lambda s: s.cold.peak_sum / MB), "{:,.0f}",
             ratio=True, invert=True),
        cell("cold build: peak PSS, process tree (MB)", *pair(lambda s: s.cold.peak_pss / MB), "{:,.0f}",
             ratio=True, invert=True),
        cell("no-change build: wall (s)", *pair(lambda s: s.no_change.wall), ratio=True, invert=True),
        cell("no-change build: files written", *pair(lambda s: float(s.no_change_written)), "{:,.0f}"),
        cell("edit one recap's text: wall (s)", *pair(lambda s: s.text.wall), ratio=True, invert=True),
        cell("edit one recap's text: files written", *pair(lambda s: float(s.text_written)), "{:,.0f}"),
        cell("edit one recap's results: wall (s)", *pair(lambda s: s.results.wall), ratio=True, invert=True),
        cell("edit one recap's results: files written", *pair(lambda s: float(s.results_written)), "{:,.0f}"),
        shown(lambda s: s.text_shown and s.results_shown),
    ]

