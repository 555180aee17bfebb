"""The README as a new writer follows it: its example recap checks, builds and shows real data, and every
command it shows exists as written (make targets in the Makefile, build.py's commands and flags)."""

from __future__ import annotations

import csv
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from racesite.pipeline import build, check
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
XFINITY = ROOT.parent / "shared" / "data" / "nascar" / "xfinity.csv"


def example_recap() -> str:
    """The Markdown example under 'Add a story', unindented."""
    block = re.search(r"## Add a story.*?```markdown\n(.*?)\n\s*```", README, re.S)
    assert block, "the README shows an example recap"
    return "\n".join(line[3:] for line in block.group(1).splitlines()) + "\n"


def test_the_example_recap_checks_and_builds(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "content/xfinity/2021/07-martinsville.md").write_text(example_recap(), encoding="utf-8")
    problems = check(tmp_path / "content")
    assert [p.format() for p in problems.errors] == []
    build(tmp_path / "content", tmp_path / "site")
    story = (tmp_path / "site/races/xfinity/2021/07-cook-out-250/recap/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="/drivers/josh-berry/">Josh Berry</a> won from 29th on the grid at Martinsville', story)


def test_the_example_rows_are_the_real_results() -> None:
    if not XFINITY.is_file():
        pytest.skip("../shared/data is not here")
    rows = re.findall(r"^\s+- \[(\d+, .*)\]$", example_recap(), re.M)
    assert len(rows) >= 3
    with XFINITY.open(newline="", encoding="utf-8") as handle:
        real = {int(r["Finish"]): r for r in csv.DictReader(handle) if (r["Season"], r["Race"]) == ("2021", "7")}
    for row in rows:
        fin, st, car, driver, team, make, laps, led, status, pts = [c.strip().strip('"') for c in row.split(",")]
        truth = real[int(fin)]
        assert (st, car, driver, team, make, laps, led, status, pts) == (
            truth["Start"], truth["Car"], truth["Driver"], truth["Team"], truth["Make"], truth["Laps"],
            truth["Led"], truth["Status"], truth["Pts"]), f"row {fin}"


def commands() -> list[list[str]]:
    """Every command line in the README's shell blocks and inline code (`make ...`, `... build.py ...`)."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if line:
                found.append(shlex.split(line))
    for inline in re.findall(r"`((?:make|\.venv/bin/python build\.py) [^`]*)`", README):
        found.append(shlex.split(inline))
    return found


def test_every_make_target_the_readme_shows_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    shown = {words[1] for words in commands() if words[0] == "make"}
    assert shown and shown <= targets, shown - targets


def test_every_build_py_command_and_flag_the_readme_shows_exists() -> None:
    shown = [words[2:] for words in commands()
             if words[:2] == [".venv/bin/python", "build.py"] and words[2:3] != ["..."]]
    assert {words[0] for words in shown} >= {"build", "check", "serve", "new", "import"}
    for words in shown:
        helped = subprocess.run([sys.executable, str(ROOT / "build.py"), words[0], "--help"], capture_output=True,
                                text=True, timeout=60)
        assert helped.returncode == 0, words
        flags = {w.strip("[]").split("=")[0] for w in words[1:] if w.strip("[]").startswith("--")}
        assert flags, words
        for flag in flags:
            assert re.search(rf"{re.escape(flag)}\b", helped.stdout), (words[0], flag)
