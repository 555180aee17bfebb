"""How the bench times a command: wall, CPU of its process tree, peak memory, files written; where outputs go.

Owns running one command under measurement (after `os.sync()`, untimed), sampling its process tree's memory from
/proc, counting the files a build wrote, finding a tmpfs for the outputs, and the machine's state for the header
(load average, a fixed CPU probe). Must not know what racesite or Hugo are: it runs commands and reads folders.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MB = 2**20
SHM = Path("/dev/shm")
# Commands run as from a user's shell: Python writes bytecode there. An environment that says not to (this
# machine's does) would make every racesite run compile its modules from source first, about 0.15 s.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

Files = dict[str, tuple[int, int]]  # path under the output folder -> (mtime_ns, size)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the whole process tree
    peak_sum: int  # bytes: the highest sum of RSS over the tree seen at one sample
    peak_one: int  # bytes: the largest single process seen
    peak_pss: int  # bytes: the highest sum of PSS over the tree (shared pages split between their processes)
    stdout: str


def tree_memory(pid: int) -> list[tuple[int, int]]:
    """(RSS, PSS) in bytes of `pid` and every descendant still alive (those that vanish mid-walk are skipped).

    RSS counts pages a forked worker still shares with its parent once in each process; PSS splits them.
    """
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            rss = kb(Path(f"/proc/{p}/status").read_text(), "VmRSS:")
            pss = kb(Path(f"/proc/{p}/smaps_rollup").read_text(), "Pss:")
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        found.append((rss, pss))
    return found


def kb(text: str, key: str) -> int:
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
    return Run(wall, cpu, peaks[0], peaks[1], peaks[2], stdout)


def untimed(label: str, cmd: list[str], cwd: Path | None = None) -> bool:
    """Run `cmd` and print how long it took (not a measurement); False when it failed (its error printed)."""
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=cwd)
    if result.returncode != 0:
        print(f"  {label}: failed ({result.returncode}):\n{result.stderr[-2000:]}")
        return False
    print(f"  {label}: {time.perf_counter() - started:.1f} s (not timed)")
    return True


def fresh(*folders: Path) -> None:
    """Remove `folders` (untimed: called between measurements, whose `os.sync()` then flushes the removal)."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


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


def size(files: Files) -> int:
    return sum(s for _, s in files.values())


def fs_type(path: Path, mounts: str) -> str:
    """The file system type of `path`, from the text of /proc/mounts (its longest mount point that holds it)."""
    best, kind = "", "?"
    target = str(path.resolve())
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def scratch() -> tuple[Path, str]:
    """A new empty folder for the builds' outputs, on a tmpfs when there is one; and a note saying where it is."""
    mounts = Path("/proc/mounts").read_text() if Path("/proc/mounts").is_file() else ""
    if SHM.is_dir() and os.access(SHM, os.W_OK) and fs_type(SHM, mounts) == "tmpfs":
        folder = Path(tempfile.mkdtemp(prefix="racesite-bench-", dir=SHM))
        return folder, f"outputs on tmpfs ({folder})"
    folder = Path(tempfile.mkdtemp(prefix="racesite-bench-"))
    return folder, (f"NO TMPFS at {SHM}: the 'tmpfs' rows are outputs in {folder} "
                    f"({fs_type(folder, mounts)}), not a tmpfs")


def cpu_probe() -> float:
    """Seconds a fixed pure-Python loop takes: how fast this shared machine is running right now."""
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return time.perf_counter() - started
