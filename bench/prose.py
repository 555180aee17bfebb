"""The prose checks' part of `make bench`: the whole history with a generated story of ~500 words for each recap.

    python -m bench.prose CONTENT STORY        (run by the bench: one process, prints one JSON object)

`prose_content` copies the imported content into the scratch folder (a tmpfs) and writes the stories there
(`bench.stories`, untimed). `prose_steps` then times, each into fresh folders: a cold `build.py build` of the
content without the stories and one with them, and `python -m bench.prose`, which loads the site with stories
(untimed) and times what checking every story adds to computing its stats, as `pipeline.prepare` runs the two
(`proofread.site.begin` before computing, `finish` after: the check's forked workers included), then runs a live
preview (`bench.preview.start_preview`, its first build untimed), appends a false sentence to STORY and times the
rebuild, checking that the preview reports it. Must not touch the
imported content; racesite is imported only in the process it runs.
"""

from __future__ import annotations

import gc
import json
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .edits import FileEdit, append_sentence
from .measure import Run, fresh, measure
from .stories import write_stories


@dataclass(frozen=True)
class ProseSteps:
    """One run's figures."""

    stories: int
    without: Run  # cold build of the content without stories
    with_stories: Run  # cold build of the same content with them
    check_wall: float  # what checking every story adds to computing the stats, as the build runs both
    check_cpu: float  # ... CPU, its forked workers' included
    edit_wall: float  # the live preview's rebuild after a story's text was edited
    edit_shown: bool  # the edit's prose warning was reported


def prose_content(content: Path, folder: Path) -> tuple[Path, int, Path]:
    """A copy of `content` in `folder` with a story beside each race with results; (the copy, how many stories,
    the story the preview edits)."""
    copy = folder / "content"
    shutil.copytree(content, copy)
    started = time.perf_counter()
    count = write_stories(copy)
    print(f"  stories for the prose bench: {count} ({time.perf_counter() - started:.1f} s, not timed)")
    story = sorted(copy.glob("*/*/*-recap.md"))[count // 2]
    return copy, count, story


def prose_steps(root: Path, content: Path, stories: Path, count: int, story: Path, folder: Path,
                echo: Callable[[str], None] = print) -> ProseSteps:
    """The timed builds of one run into new folders under `folder`, which must not exist."""
    def build(source: Path, name: str) -> Run:
        run = measure([sys.executable, str(root / "build.py"), "build", "--content", str(source), "--out",
                       str(folder / name / "site"), "--cache", str(folder / name / "cache")])
        echo(f"  {'prose: cold, ' + name:<24} {run.wall:6.2f} s")
        return run

    without = build(content, "without")
    fresh(folder / "without")  # (untimed: a tmpfs holds only so many copies of the site)
    with_stories = build(stories, "with")
    fresh(folder / "with")
    inside = measure([sys.executable, "-m", "bench.prose", str(stories), str(story)])
    figures = json.loads(inside.stdout)
    echo(f"    (check of {count} stories {figures['check_wall']:.2f} s; preview story edit "
         f"{figures['edit_wall']:.2f} s, shown {figures['edit_shown']})")
    return ProseSteps(count, without, with_stories, figures["check_wall"], figures["check_cpu"],
                      figures["edit_wall"], figures["edit_shown"])


def _cpu() -> float:
    """User + sys seconds of this process and of its finished children (the check's forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> int:
    from racesite.errors import Problems
    from racesite.load import load_site
    from racesite.proofread.site import begin
    from racesite.stats import compute

    from .preview import start_preview

    content, story = Path(argv[0]), Path(argv[1])
    site = load_site(content, Problems())
    assert site is not None, "bench.prose: the content does not load"
    gc.disable()  # as in a build (`pipeline._no_collection`)
    # What the check adds to a build: computing the stats alone, then as `pipeline.prepare` does it, the stories
    # read meanwhile (`begin`) and after (`finish`). The better of two of each.
    alone, both = [], []
    for _ in range(2):
        started, cpu = time.perf_counter(), _cpu()
        compute(site)
        alone.append((time.perf_counter() - started, _cpu() - cpu))
        started, cpu = time.perf_counter(), _cpu()
        with begin(site) as reading:
            found = reading.finish(compute(site))
        both.append((time.perf_counter() - started, _cpu() - cpu))
    gc.enable()
    check_wall = min(w for w, _ in both) - min(w for w, _ in alone)
    check_cpu = min(c for _, c in both) - min(c for _, c in alone)
    if found.warnings:
        sys.exit("bench.prose: the generated stories got warnings:\n" +
                 "\n".join(w.format() for w in found.warnings[:20]))

    original = story.read_bytes()
    winner = re.search(r"^(.+?) won the ", original.decode("utf-8").split("---\n", 2)[2], re.M)
    assert winner is not None
    sentence = f"{winner.group(1)} finished 99th."  # false: the preview must say so
    edit = FileEdit(story, original, append_sentence(original.decode("utf-8"), sentence).encode("utf-8"))
    with tempfile.TemporaryDirectory(dir=content.parent) as scratch:
        printed: list[str] = []
        rebuild, later = start_preview(content, Path(scratch) / "preview", Path(scratch) / "cache", printed)
        rebuild()
        later()  # the first build's search index and downloads, made in the background: not left to compete
        try:
            edit.apply()
            started = time.perf_counter()
            rebuild()
            edit_wall = time.perf_counter() - started
        finally:
            edit.restore()
        shown = any(f'{story.name}:' in line and '"finished 99th"' in line for line in printed)
    print(json.dumps({"check_wall": check_wall, "check_cpu": check_cpu, "edit_wall": edit_wall,
                      "edit_shown": shown}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
