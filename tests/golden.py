"""Golden output: one page of every kind of the demo site, as built, that test_golden compares fresh builds against.

    python -m tests.golden refresh      (what `make golden` runs)

builds the demo content (content/) into a temporary folder and copies the
pages in `GOLDEN_PAGES` into tests/golden/, under their path in the site.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from racesite.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "content"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_PAGES = (  # one page (or file) of every kind the site makes
    "index.html",  # home
    "races/xfinity/2021/06-echopark-250/index.html",  # race: 2021 Xfinity round 6, Atlanta: formula lineup, penalty
    "races/xfinity/2023/12-alsco-uniforms-300/index.html",  # race: 2023 Charlotte: pole from qualifying, speeds,
    # data from two files, two stories
    "races/xfinity/2023/12-alsco-uniforms-300/qualifying/index.html",  # story: a qualifying report, before the race
    "races/xfinity/2021/06-echopark-250/recap/index.html",  # story: a recap with placeholders, tables, embeds
    "drivers/justin-allgaier/index.html",  # driver, with a driver file (bio, facts, `before` baseline)
    "tracks/atlanta-motor-speedway/index.html",  # track, with a track file
    "teams/jr-motorsports/index.html",  # team, with a team file
    "makes/toyota/index.html",  # make
    "series/xfinity/2021/index.html",  # season
    "series/xfinity/2021/standings/06/index.html",  # standings after a round
    "series/xfinity/index.html",  # series
    "leaders/index.html",  # leaders
    "records/index.html",  # the records pages' list
    "records/xfinity/index.html",  # a series' records (birth dates from the driver files)
    "data/index.html",  # the download page
    "data/csv/results.csv",  # a download (the SQLite database is checked by test_downloads: it is binary)
    "search/index.html",  # the search page (the index itself is Pagefind's: checked by test_search)
    "drivers/index.html",  # a listing
    "404.html",  # not found
    "feed.xml",  # the site's feed
    "drivers/justin-allgaier/feed.xml",  # a driver's feed
    "data/races.json",  # data files
    "data/standings/xfinity/2021.json",
)


def build_demo(out: Path) -> None:
    """Build the demo content into `out`, as `make build` would."""
    build(DEMO, out)


def refresh() -> list[Path]:
    """Rebuild the demo and replace tests/golden/ with its golden pages; returns the files written."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "_site"
        build_demo(out)
        missing = [page for page in GOLDEN_PAGES if not (out / page).is_file()]
        if missing:
            raise SystemExit("the demo build has no " + ", ".join(missing))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        written = []
        for page in GOLDEN_PAGES:
            target = GOLDEN / page
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / page, target)
            written.append(target)
    return written


def main(argv: list[str]) -> int:
    if argv != ["refresh"]:
        print("usage: python -m tests.golden refresh", file=sys.stderr)
        return 2
    for file in refresh():
        print(f"wrote {file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
