"""Page checkers for tests: the Nu HTML checker and axe, run over given pages, returning their findings.

- `nu_findings(targets)`: the Nu HTML checker (vnu.jar from the npm package vnu-jar, run with the
  system Java) over HTML files or URLs.
- `axe_findings(urls)`: axe-core (shipped inside the PyPI package axe-playwright-python) in Debian's
  Chromium over URLs.
- `pages_of_every_kind(site)`: one page of each kind in a built site.

`make checkers` installs what these need (Java, the npm tools in tools/, Chromium). Run over a built
site from the command line: `python -m tests.validators _site` (or `make validate`) prints every
finding and exits 1 when there is one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.browser import DESKTOP, chromium, serve
from tests.browser import skip_reason as browser_skip_reason

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(os.environ.get("RACESITE_VNU_JAR", ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" /
                              "vnu.jar"))


@dataclass(frozen=True)
class Finding:
    """One problem a checker found: which tool, where (file or URL, line), which rule, how bad, what."""

    tool: str
    where: str
    line: int | None
    rule: str
    severity: str
    message: str
    target: str = ""

    def __str__(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        target = f" [{self.target}]" if self.target else ""
        return f"{place}: {self.tool} {self.severity} {self.rule}: {self.message}{target}"


def nu_skip_reason() -> str | None:
    """Why the Nu checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is missing (`make checkers` installs Debian's default-jre-headless)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR} is missing (`make checkers` installs it with npm)"
    return None


def axe_skip_reason() -> str | None:
    """Why axe cannot run here, or None when it can."""
    import importlib.util

    if importlib.util.find_spec("axe_playwright_python") is None:
        return "axe-playwright-python is not installed (`make test` installs it from requirements-dev.txt)"
    return browser_skip_reason()


def nu_findings(targets: Sequence[str | os.PathLike[str]], *, warnings: bool = True) -> list[Finding]:
    """Every error (and warning, unless `warnings` is False) the Nu HTML checker reports for these
    HTML files or http(s) URLs, in the checker's order."""
    if not targets:
        return []
    command = ["java", "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always",
               *(str(t) for t in targets)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    report = json.loads(done.stderr or '{"messages": []}')
    findings = []
    for message in report.get("messages", []):
        kind = message.get("type", "")
        severity = "warning" if kind == "info" and message.get("subType") == "warning" else kind
        if severity not in ("error", "warning", "non-document-error") or (severity == "warning" and not warnings):
            continue
        where = str(message.get("url", "")).removeprefix("file:")
        findings.append(Finding("nu", where, message.get("lastLine"), "html", severity, message.get("message", ""),
                                str(message.get("extract", "")).strip()))
    return findings


def axe_on_page(page: Any, where: str) -> list[Finding]:
    """axe's violations on a Playwright page already loaded (one finding per rule and element)."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    results = Axe().run(page)
    findings = []
    for violation in results.response.get("violations", []):
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            findings.append(Finding("axe", where, None, violation["id"], violation.get("impact") or "",
                                    violation.get("help", ""), target))
    return findings


def axe_findings(urls: Iterable[str], *, viewport: dict[str, int] = DESKTOP, color_scheme: str = "light",
                 browser: Any = None) -> list[Finding]:
    """axe's violations for each URL, in Chromium at `viewport`; opens its own browser unless given one."""
    if browser is None:
        with chromium() as own:
            return axe_findings(urls, viewport=viewport, color_scheme=color_scheme, browser=own)
    findings = []
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    try:
        page = context.new_page()
        for url in urls:
            page.goto(url)
            findings += axe_on_page(page, url)
    finally:
        context.close()
    return findings


# One page of each kind in a built site, as paths inside it: the first that exists for each pattern.
KINDS = {
    "home": ["index.html"],
    "race": ["races/*/*/*/index.html"],
    "story": ["races/*/*/*/*/index.html"],
    "driver": ["drivers/*/index.html"],
    "track": ["tracks/*/index.html"],
    "team": ["teams/*/index.html"],
    "make": ["makes/*/index.html"],
    "series": ["series/*/index.html"],
    "season": ["series/*/*/index.html"],
    "standings": ["series/*/*/standings/*/index.html"],
    "drivers index": ["drivers/index.html"],
    "leaders": ["leaders/index.html"],
    "records": ["records/*/index.html"],
    "records index": ["records/index.html"],
    "downloads": ["data/index.html"],
    "search": ["search/index.html"],
    "404": ["404.html"],
}


def pages_of_every_kind(site: Path) -> dict[str, Path]:
    """{kind: page} for each kind of page the built site has (sorted, so the same site gives the same pages)."""
    found = {}
    for kind, patterns in KINDS.items():
        for pattern in patterns:
            matches = sorted(site.glob(pattern))
            if matches:
                found[kind] = matches[0]
                break
    return found


def check_site(site: Path) -> list[Finding]:
    """Both checkers over one page of every kind in a built site (axe over HTTP, at a desktop's and a phone's width)."""
    from tests.browser import PHONE

    pages = pages_of_every_kind(site)
    findings = nu_findings(list(pages.values()))
    with serve(site) as base, chromium() as browser:
        urls = [base + page.relative_to(site).as_posix().removesuffix("index.html") for page in pages.values()]
        findings += axe_findings(urls, browser=browser)
        findings += [f for f in axe_findings(urls, viewport=PHONE, browser=browser) if f not in findings]
        findings += [f for f in axe_findings(urls, color_scheme="dark", browser=browser) if f not in findings]
    return findings


def main(argv: Sequence[str]) -> int:
    site = Path(argv[0] if argv else "_site")
    reasons = [r for r in (nu_skip_reason(), axe_skip_reason()) if r]
    if reasons:
        print("\n".join(reasons), file=sys.stderr)
        return 2
    pages = pages_of_every_kind(site)
    print(f"Checking {len(pages)} pages: " + ", ".join(f"{k} ({p.relative_to(site)})" for k, p in pages.items()))
    findings = check_site(site)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
