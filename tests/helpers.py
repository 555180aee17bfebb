"""Helpers shared by the tests: a valid recap to vary, and the lines `check` prints."""

from __future__ import annotations

from pathlib import Path

from racesite.errors import Problems
from racesite.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "https://user.github.io/repo/"  # a GitHub Pages project site: everything lives under /repo/

# The site's own scripts, which every page loads from its static folder (sortable tables, search): nothing else.
OWN_SCRIPTS = ("static/sort.js", "static/search.js")


def own_scripts(page: str, base: str = "/") -> str:
    """A page's HTML without the tags loading the site's own scripts (each must be there, once, from `base`)."""
    for name in OWN_SCRIPTS:
        tag = f'<script src="{base}{name}" defer></script>'
        assert page.count(tag) == 1, f"{name} is not loaded once from {base}"
        page = page.replace(tag, "")
    return page

SITE_YML = """\
title: Test Site
base_url: https://racing.example.com/
series:
  - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity}
  - {slug: cup, name: NASCAR Cup Series, short_name: Cup}
"""

# A valid recap. Line 10 is `results:`, its rows are lines 11, 12 and 13, the body starts on line 15.
RECAP = """\
---
series: xfinity
season: 2021
round: 6
date: 2021-03-20
name: EchoPark 250
track: Atlanta Motor Speedway
laps: 163
lineup: qualifying
results:
  - [1, 6, "7", Justin Allgaier, JR Motorsports, Chevrolet, 163, 47, running, 57]
  - [2, 18, "54", Martin Truex Jr., Joe Gibbs Racing, Toyota, 163, 103, running, 0]
  - [3, 5, "20", Harrison Burton, Joe Gibbs Racing, Toyota, 162, 0, running, 50]
---
Allgaier held off Truex.
"""

RECAP_PATH = "xfinity/2021/06-atlanta.md"
SHOWN_PATH = "content/" + RECAP_PATH  # how messages name it


def recap(rows: str | None = None, **fields: object) -> str:
    """`RECAP` with some lines replaced: `recap(laps=150)`, `recap(rows="  - [1, 1, '7', A]\\n")`.

    A field given as None is removed; a field not in `RECAP` is added just
    before `results:`. Line numbers stay those of `RECAP` when only values change.
    `results="results.csv"` replaces the rows with a CSV file's name.
    """
    table = fields.pop("results", None)
    head, rest = RECAP.split("results:\n", 1)
    old_rows, body = rest.split("---\n", 1)
    lines = head.splitlines(keepends=True)
    for name, value in fields.items():
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{name}:")), None)
        if value is None:
            assert at is not None, name
            del lines[at]
        elif at is None:
            lines.append(f"{name}: {value}\n")
        else:
            lines[at] = f"{name}: {value}\n"
    if table is not None:
        return "".join(lines) + f"results: {table}\n---\n" + body
    return "".join(lines) + "results:\n" + (old_rows if rows is None else rows) + "---\n" + body


def lines(problems: Problems) -> list[str]:
    """The problem lines `build.py check` prints: errors, then warnings."""
    return [p.format() for p in problems.errors + problems.warnings]


def check_lines(content: Path) -> list[str]:
    return lines(check(content))
