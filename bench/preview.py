"""The live preview's part of `make bench`: one long-running preview, its first build and two edits.

    python -m bench.preview CONTENT OUT CACHE RECAP PAGE_GLOB

Builds CONTENT into OUT (with its cache in CACHE; both fresh folders) the way `build.py serve` does, without the
HTTP server, then appends a sentence to RECAP's body and rebuilds, then puts the text back and rebuilds (untimed),
then takes one lap led from its winner (in the recap, or in the results CSV it names) and rebuilds, then puts RECAP
back and rebuilds. After each build it waits for what the preview makes in the background (the search index, the
downloads), untimed in the build's figure.
Prints one JSON object: each step's wall seconds, files made, seconds until the background pages were in place
too ("later"), and whether the edit shows (the sentence in the race page; the winner's laps led one lower in
data/drivers.json). Must not touch anything but OUT, CACHE and (for the edits) RECAP.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .edits import FileEdit, append_sentence, laps_led, plan_lap_led_edit


def start_preview(content: Path, out: Path, cache: Path, lines: list[str] | None = None
                  ) -> tuple[Callable[[], int], Callable[[], None]]:
    """A live preview of `content` into `out` (cache in `cache`), as `build.py serve` runs it without its server.

    The one place that uses `racesite.serve.Preview` (its constructor, `rebuild()`, the last build's
    `report.rendered`, and `later.wait()`, which waits for the pages it makes in the background: the search index
    and the downloads): when that API changes, only this function does. Returns a function that rebuilds once and
    returns the number of files that build made (it exits the bench when the content does not build), and one
    that waits for the background pages (it exits the bench when they failed). `lines`: what the preview prints
    goes there (each warning once, when it first shows)."""
    from racesite.serve import Preview

    lines = [] if lines is None else lines
    preview = Preview(content, out, echo=lines.append, cache_dir=cache)

    def rebuild() -> int:
        if not preview.rebuild() or preview.report is None:
            sys.exit("bench.preview: a build failed:\n" + "\n".join(lines[-20:]))
        return preview.report.rendered

    def later() -> None:
        preview.later.wait()
        if preview.later.failed:
            sys.exit("bench.preview: the background pages failed:\n" + preview.later.failed)

    return rebuild, later


def main(argv: list[str]) -> int:
    content, out, cache, recap, page_glob = Path(argv[0]), Path(argv[1]), Path(argv[2]), Path(argv[3]), argv[4]
    original = recap.read_bytes()
    rebuild, later = start_preview(content, out, cache)
    report: dict[str, object] = {}

    def step(name: str) -> None:
        started = time.perf_counter()
        made = rebuild()
        wall = time.perf_counter() - started
        later()  # the search index and the downloads, made in the background: ready this long after the edit
        report[name] = {"wall": wall, "made": made, "later": time.perf_counter() - started}

    marker = f"Bench preview edit: appended at {time.time():.0f}."
    text_edit = FileEdit(recap, original, append_sentence(original.decode("utf-8"), marker).encode("utf-8"))
    lap = plan_lap_led_edit(recap)
    try:
        step("first")
        text_edit.apply()
        step("text")
        pages = list(out.glob(page_glob))
        report["text_shown"] = any(marker in page.read_text(encoding="utf-8") for page in pages)
        text_edit.restore()
        rebuild()  # back to the original recap, untimed: the next step times the results edit alone, as the
        later()  # command line's sequence does (timed together with undoing the text, it made the story's page go)
        before = laps_led(out, lap.winner, lap.series)
        lap.file.apply()
        step("results")
        report["results_shown"] = before is not None and laps_led(out, lap.winner, lap.series) == before - 1
    finally:
        text_edit.restore()
        lap.file.restore()
    step("back")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
