"""errors.py: the one message format, collecting problems, and "did you mean"."""

from __future__ import annotations

import pytest

from racesite.errors import BuildError, Problems, SourceError, did_you_mean


@pytest.mark.parametrize(("problem", "shown"), [
    (SourceError("content/a.md", 12, "laps", "must be a whole number, got 'many'"),
     "content/a.md:12: laps: must be a whole number, got 'many'"),
    (SourceError("content/a.md", 3, "linup", "unknown field", "did you mean 'lineup'?"),
     "content/a.md:3: linup: unknown field (did you mean 'lineup'?)"),
    (SourceError("content/site.yml", None, "file", "not found"),
     "content/site.yml: file: not found"),
    (SourceError("content/a.md", 4, "", "cannot be read"),
     "content/a.md:4: cannot be read"),
    (SourceError("content/a.md", 20, "qualifying[1].speed", "181 mph disagrees", "check it", "warning"),
     "warning: content/a.md:20: qualifying[1].speed: 181 mph disagrees (check it)"),
])
def test_format(problem, shown):
    assert problem.format() == shown


def test_problems_are_listed_by_file_then_line_whatever_order_they_were_found():
    problems = Problems()
    problems.error("content/b.md", 5, "fin", "late")
    problems.warn("content/b.md", 2, "speed", "odd")
    problems.error("content/a.md", 9, "laps", "too many")
    problems.error("content/b.md", 1, "led", "sum")
    problems.error("content/a.md", None, "file", "unreadable")
    assert [p.format() for p in problems.errors] == [
        "content/a.md: file: unreadable",
        "content/a.md:9: laps: too many",
        "content/b.md:1: led: sum",
        "content/b.md:5: fin: late",
    ]
    assert [p.format() for p in problems.warnings] == ["warning: content/b.md:2: speed: odd"]


def test_warnings_alone_do_not_fail():
    problems = Problems()
    problems.warn("content/a.md", 2, "speed", "odd")
    problems.raise_if_errors()


def test_errors_raise_once_with_every_problem_sorted():
    problems = Problems()
    problems.error("content/b.md", 5, "fin", "late")
    problems.warn("content/a.md", 2, "speed", "odd")
    problems.error("content/a.md", 7, "laps", "too many")
    with pytest.raises(BuildError) as caught:
        problems.raise_if_errors()
    assert str(caught.value) == "2 error(s) in content"
    assert caught.value.format().splitlines() == [
        "warning: content/a.md:2: speed: odd",
        "content/a.md:7: laps: too many",
        "content/b.md:5: fin: late",
    ]


@pytest.mark.parametrize(("word", "hint"), [
    ("laps_lead", "did you mean 'laps_led'?"),
    ("LINUP", "did you mean 'lineup'?"),
    ("Xfinty", "did you mean 'xfinity'?"),
    ("weather", ""),
])
def test_did_you_mean(word, hint):
    assert did_you_mean(word, ["laps", "laps_led", "lineup", "xfinity", "cup"]) == hint
