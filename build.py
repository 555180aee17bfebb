#!/usr/bin/env python3
"""racesite's command line: build the site, check the content, and the writer's other tools.

    python build.py build [--content DIR] [--out DIR] [--base-url URL] [--drafts]
    python build.py check [--content DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from racesite.errors import BuildError, SourceError
from racesite.pipeline import build, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a motorsport recap site.")
    commands = parser.add_subparsers(dest="command", required=True)

    p_build = commands.add_parser("build", help="build the site into the output folder")
    p_build.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p_build.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    p_build.add_argument("--base-url", help="where the site is published, e.g. https://user.github.io/repo/")
    p_build.add_argument("--drafts", action="store_true", help="include recaps marked draft: true")
    p_build.set_defaults(run=_build)

    p_check = commands.add_parser("check", help="check the content and report every problem, writing nothing")
    p_check.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p_check.set_defaults(run=_check)

    args = parser.parse_args(argv)
    return int(args.run(args))


def _print_problems(problems: list[SourceError]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        report = build(args.content, args.out, base_url=args.base_url, drafts=args.drafts)
    except BuildError as exc:
        _print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"Build failed: {errors} error(s). Nothing was written; {args.out} is unchanged.", file=sys.stderr)
        return 1
    _print_problems(report.warnings)
    seconds = time.perf_counter() - started
    print(f"Built {report.races} races, {report.pages} files into {args.out} in {seconds:.2f} s.")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = check(args.content)
    _print_problems(problems.errors + problems.warnings)
    if problems.errors:
        print(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s).", file=sys.stderr)
        return 1
    print(f"Content OK ({len(problems.warnings)} warning(s)).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
