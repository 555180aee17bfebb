#!/usr/bin/env python3
"""racesite's command line: build the site, check the content, and the writer's other tools.

    python build.py build [--content DIR] [--out DIR] [--base-url URL] [--drafts]
    python build.py check [--content DIR]
    python build.py serve [--content DIR] [--port 8000]
    python build.py new [--series S --season Y --round N --kind K --track T --date D --name NAME]
    python build.py import FILE.csv --series SLUG --out DIR [--force] [--mapping MAP.yml] [--series-name NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from racesite.errors import BuildError, SourceError
from racesite.pipeline import build, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a motorsport recap site.")
    commands = parser.add_subparsers(dest="command", required=True)

    p_build = commands.add_parser("build", help="build the site into the output folder")
    p_build.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p_build.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    p_build.add_argument("--base-url", help="where the site is published, e.g. https://user.github.io/repo/")
    p_build.add_argument("--drafts", action="store_true", help="include stories marked draft: true")
    p_build.add_argument("--strict", action="store_true", help="fail on any warning, as on an error (for CI)")
    p_build.add_argument("--cache", type=Path, metavar="DIR",
                         help="keep what a build made in DIR, so the next build makes only what changed "
                              "(make build uses .cache/racesite)")
    p_build.set_defaults(run=_build)

    p_check = commands.add_parser("check", help="check the content and report every problem, writing nothing")
    p_check.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p_check.add_argument("--strict", action="store_true", help="fail on any warning, as on an error (for CI)")
    p_check.set_defaults(run=_check)

    p_serve = commands.add_parser("serve", help="live preview: rebuild and reload the browser on every save")
    p_serve.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p_serve.add_argument("--out", type=Path, default=Path(".cache/preview"), help="preview folder")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p_serve.add_argument("--port", type=int, default=8000, help="page port (default: 8000)")
    p_serve.add_argument("--liveport", type=int, help="live-reload port (default: port + 1)")
    p_serve.set_defaults(run=_serve)

    p_new = commands.add_parser("new", help="write a new story skeleton (asks for what is not given)")
    p_new.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    for field, about in (("series", "series slug from site.yml"), ("season", "season year"),
                         ("round", "round number"), ("kind", "recap (default), preview, qualifying or feature"),
                         ("track", "track, for a race not on the site yet"),
                         ("date", "race date YYYY-MM-DD, for a race not on the site yet"),
                         ("name", "race name, for a race not on the site yet")):
        p_new.add_argument(f"--{field}", help=about)
    p_new.set_defaults(run=_new)

    from racesite.importer import add_import_command  # (importing it costs a build a tenth of a second)

    add_import_command(commands)

    args = parser.parse_args(argv)
    return int(args.run(args))


def _print_problems(problems: list[SourceError]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def _print_silenced(silenced: list[str], stream: TextIO) -> None:
    """The story sentences a `<!-- prose-ok -->` marker silenced, listed before the summary line."""
    if silenced:
        n = len(silenced)
        print(f"{n} sentence{'' if n == 1 else 's'} silenced with <!-- prose-ok -->:", file=stream)
        for line in silenced:
            print(f"  {line}", file=stream)


def _counts(errors: int, warnings: int) -> str:
    return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        report = build(args.content, args.out, base_url=args.base_url, drafts=args.drafts, strict=args.strict,
                       cache_dir=args.cache, publishing=args.base_url is not None)
    except BuildError as exc:
        _print_problems(exc.problems)
        _print_silenced(exc.silenced, sys.stderr)
        why = " (strict: warnings fail the build)" if exc.strict and exc.warnings else ""
        print(f"Build failed: {_counts(len(exc.errors), len(exc.warnings))}{why}. Nothing was written; "
              f"{args.out} is unchanged.", file=sys.stderr)
        return 1
    _print_problems(report.warnings)
    _print_silenced(report.silenced, sys.stdout)
    seconds = time.perf_counter() - started
    if report.unchanged:
        print(f"Nothing changed since the last build: {args.out} is up to date ({seconds:.2f} s, "
              f"{_counts(0, len(report.warnings))}).")
    else:
        rendered = f"{report.rendered} file{'' if report.rendered == 1 else 's'} made again"
        reused = f" ({rendered}, {report.reused} unchanged)" if report.reused else ""
        races = f"{report.races} race{'' if report.races == 1 else 's'}"
        print(f"Built {races}, {report.pages} files into {args.out}{reused} in {seconds:.2f} s: "
              f"{_counts(0, len(report.warnings))}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = check(args.content, strict=args.strict)
    _print_problems(problems.errors + problems.warnings)
    counts = _counts(len(problems.errors), len(problems.warnings))
    _print_silenced(problems.silenced, sys.stderr if problems.failed else sys.stdout)
    if problems.failed:
        why = " (strict: warnings fail the check)" if problems.strict and not problems.errors else ""
        print(f"Content has problems: {counts}{why}.", file=sys.stderr)
        return 1
    print(f"Content OK: {counts}.")
    return 0


def _new(args: argparse.Namespace) -> int:
    """Ask for what the flags do not give, each answer checked at once (asked again when wrong); with no one to
    ask, report every missing or bad flag and write nothing."""
    import datetime as dt

    from racesite.scaffold import (
        NewStory,
        Question,
        ScaffoldError,
        ask,
        find_race,
        questions,
        race_questions,
        write_new,
    )

    problems: list[str] = []
    interactive = sys.stdin.isatty()

    def answer(question: Question) -> object:
        given = getattr(args, question.field)
        while True:
            if given is None and not interactive:
                if question.default:
                    return ask(question, "")
                problems.append(f"{question.field}: is required (give --{question.field})")
                return None
            text = given if given is not None else input(f"{question.prompt}: ")
            try:
                return ask(question, text)
            except ScaffoldError as exc:
                if given is not None or not interactive:
                    problems.append(str(exc))
                    return None
                print(exc, file=sys.stderr)  # asked again at once

    values = {q.field: answer(q) for q in questions(args.content)}
    if problems:  # the race's flags are checked too, so every bad one is reported at once
        for question in race_questions():
            if getattr(args, question.field) is not None:
                answer(question)
        print("\n".join(problems), file=sys.stderr)
        return 1
    series, season, round_, kind = (values[f] for f in ("series", "season", "round", "kind"))
    assert isinstance(series, str) and isinstance(season, int) and isinstance(round_, int) and isinstance(kind, str)
    existing = find_race(args.content, series, season, round_)
    race: dict[str, object] = {}
    if existing is None:
        race = {q.field: answer(q) for q in race_questions()}
    else:
        print(f"{series} {season} round {round_} is on the site already ({existing.files[0]}): writing a {kind} "
              "for it.")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    date = race.get("date")
    story = NewStory(series, season, round_, kind, existing, str(race.get("track", "")),
                     date if isinstance(date, dt.date) else None, str(race.get("name", "")))
    try:
        path = write_new(args.content, story, dt.date.today())
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote {path}: write the story, then `make serve` to see it.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from racesite.serve import serve

    serve(args.content, args.out, host=args.host, port=args.port, liveport=args.liveport)
    return 0


if __name__ == "__main__":
    sys.exit(main())
