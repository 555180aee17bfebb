"""Lighthouse's SEO and accessibility scores for a built site's key pages: `make lighthouse`.

Serves the built site on 127.0.0.1, runs Lighthouse (the npm package in tools/, `make checkers`)
with Debian's Chromium (CHROME_PATH) on a race, a driver, a standings page and the search page
when the site has one, prints each score and every failed audit, and exits 1 when a page scores
below SEO 0.95 or accessibility 1.0.

    python -m tests.lighthouse [SITE]       # default _site
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.validators import ROOT, pages_of_every_kind

LIGHTHOUSE = Path(os.environ.get("RACESITE_LIGHTHOUSE", ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"))
KINDS = ("race", "driver", "standings", "search")
MINIMUM = {"seo": 0.95, "accessibility": 1.0}


@dataclass(frozen=True)
class Score:
    """One page's scores (0 to 1) and the titles of the audits it failed in those categories."""

    kind: str
    url: str
    scores: dict[str, float]
    failed: tuple[str, ...]

    def passes(self) -> bool:
        return all(self.scores.get(category, 0) >= floor for category, floor in MINIMUM.items())


def skip_reason() -> str | None:
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing (`make checkers` installs it with npm)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (`make chromium` installs Debian's chromium)"
    return None


def audit(kind: str, url: str) -> Score:
    """Lighthouse on one URL, SEO and accessibility only (desktop form factor, no throttling: nothing here is timed)."""
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               "--only-categories=" + ",".join(MINIMUM), "--preset=desktop",
               "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout)
    scores = {name: float(category["score"] or 0) for name, category in report["categories"].items()}
    failed = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
                failed.append(f"{category['id']}: {ref['id']}: {result['title']}")
    return Score(kind, url, scores, tuple(failed))


def run(site: Path) -> list[Score]:
    pages = pages_of_every_kind(site)
    with serve(site) as base:
        return [audit(kind, base + pages[kind].relative_to(site).as_posix().removesuffix("index.html"))
                for kind in KINDS if kind in pages]


def main(argv: Sequence[str]) -> int:
    reason = skip_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    results = run(Path(argv[0] if argv else "_site"))
    for score in results:
        figures = ", ".join(f"{name} {value:.2f}" for name, value in sorted(score.scores.items()))
        print(f"{'ok  ' if score.passes() else 'FAIL'} {score.kind}: {figures}  ({score.url})")
        for line in score.failed:
            print(f"       {line}")
    floors = ", ".join(f"{name} {value}" for name, value in MINIMUM.items())
    print(f"{sum(s.passes() for s in results)} of {len(results)} pages at or above {floors}")
    return 0 if all(s.passes() for s in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
