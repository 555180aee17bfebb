"""The live preview's part of `make bench`: one long-running preview, its first build and two edits.

    python -m bench.preview CONTENT OUT RECAP PAGE_GLOB

Builds CONTENT into OUT the way `build.py serve` does (racesite.serve.Preview, without the HTTP server), then
appends a sentence to RECAP's body and rebuilds, then takes one lap led from its winner and rebuilds, then
puts RECAP back and rebuilds. Prints one JSON object: each step's wall seconds, files made, and whether the
edit shows (the sentence in the race page; the winner's laps led one lower in data/drivers.json).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from racesite.serve import Preview

from .edits import laps_led, take_one_lap_led


def main(argv: list[str]) -> int:
    content, out, recap, page_glob = Path(argv[0]), Path(argv[1]), Path(argv[2]), argv[3]
    original = recap.read_text(encoding="utf-8")
    lines: list[str] = []
    preview = Preview(content, out, echo=lines.append)
    report: dict[str, object] = {}

    def step(name: str) -> None:
        started = time.perf_counter()
        if not preview.rebuild():
            sys.exit(f"bench.preview: the {name} build failed:\n" + "\n".join(lines[-20:]))
        assert preview.report is not None
        report[name] = {"wall": time.perf_counter() - started, "made": preview.report.rendered}

    try:
        step("first")
        marker = f"Bench preview edit: appended at {time.time():.0f}."
        recap.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
        step("text")
        pages = list(out.glob(page_glob))
        report["text_shown"] = len(pages) == 1 and marker in pages[0].read_text(encoding="utf-8")
        edited, winner, series = take_one_lap_led(original)
        before = laps_led(out, winner, series)
        recap.write_text(edited, encoding="utf-8")
        step("results")
        report["results_shown"] = before is not None and laps_led(out, winner, series) == before - 1
    finally:
        recap.write_text(original, encoding="utf-8")
    step("back")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
