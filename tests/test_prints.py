"""A page's fingerprint (`racesite.prints`): it follows every field a page declares, and a page's entries by what it
may show of each row."""

from __future__ import annotations

import dataclasses
import datetime as dt

from racesite.model import Race, Result
from racesite.prints import EntryHashes, fingerprint
from racesite.stats.career import Line
from tests.test_plan import RankedLine


def test_a_fingerprint_follows_every_field_of_the_inputs() -> None:
    @dataclasses.dataclass(frozen=True)
    class Inputs:
        name: str
        lines: tuple[Line, ...]

    one = Inputs("A", (Line(starts=1),))
    assert fingerprint(one) == fingerprint(Inputs("A", (Line(starts=1),)))
    assert fingerprint(one) != fingerprint(Inputs("B", (Line(starts=1),)))
    assert fingerprint(one) != fingerprint(Inputs("A", (Line(starts=2),)))
    assert fingerprint(one) != fingerprint(Inputs("A", (RankedLine(starts=1, rank=3),)))


def test_entries_are_fingerprinted_by_what_a_page_may_show_of_each_row() -> None:
    """A page listing (race, row) entries changes with its rows and with its races' place, name, date and track,
    and not with the race's other rows; a race made again (a new object sharing the same rows) is hashed anew."""
    @dataclasses.dataclass(frozen=True)
    class Inputs:
        entries: tuple[tuple[Race, Result], ...]

    def race(name: str, *rows: Result) -> Race:
        return Race("cup", 2020, 1, dt.date(2020, 2, 1), name, "Daytona", 200, 200, "qualifying", rows, "a.md",
                    "a.md", digest=repr((name, rows)))  # (as a race read from other data has another digest)

    memo = EntryHashes()  # kept across pages and builds, as a long-running process keeps it

    def print_of(*entries: tuple[Race, Result]) -> str:
        return fingerprint(Inputs(entries), memo)

    mine, other = Result(1, "3", "A Driver", st=2), Result(2, "8", "B Driver", st=1)
    first = race("Daytona 500", mine, other)
    one = print_of((first, mine))
    other_edited = race("Daytona 500", mine, other._replace(led=5))
    assert print_of((other_edited, mine)) == one  # another row's edit: the page stays
    renamed = race("Great American Race", mine, other)
    assert print_of((renamed, mine)) != one  # same row objects, a new race: hashed anew, not taken from the memo
    led = mine._replace(led=1)
    assert print_of((race("Daytona 500", led, other), led)) != one
    assert print_of((first, mine), (first, other)) != one
    assert print_of((first, mine)) == one


def test_a_new_process_takes_the_rows_hashes_of_unchanged_races_by_their_digest() -> None:
    """What the plan keeps on disk: each race's rows' hashes by the race's digest. A later process (new race objects,
    the same digests) hashes only the races whose digest is new, and gets the fingerprints a fresh hashing gives."""
    @dataclasses.dataclass(frozen=True)
    class Inputs:
        entries: tuple[tuple[Race, Result], ...]

    def race(round_: int, *rows: Result) -> Race:
        return Race("cup", 2020, round_, dt.date(2020, 2, round_), f"Race {round_}", "Daytona", 200, 200,
                    "qualifying", rows, "a.md", "a.md", digest=repr((round_, rows)))

    a, b = Result(1, "3", "A Driver", st=2), Result(2, "8", "B Driver", st=1)
    first = (race(1, a, b), race(2, b, a))
    earlier = EntryHashes()
    for one in first:
        fingerprint(Inputs(tuple((one, row) for row in one.results)), earlier)
    kept = earlier.table(first)
    assert sorted(kept) == sorted(r.digest for r in first) and all(len(v) == 32 for v in kept.values())

    edited = b._replace(led=4)
    later = (race(1, a, b), race(2, edited, a))  # made again: new objects; round 2's rows edited
    memo = EntryHashes(dict(kept))
    prints = [fingerprint(Inputs(tuple((one, row) for row in one.results)), memo) for one in later]
    assert list(memo.learned()) == [later[1].digest], "only the edited race's rows are hashed again"
    assert prints == [fingerprint(Inputs(tuple((one, row) for row in one.results))) for one in later]
    assert prints[1] != fingerprint(Inputs(tuple((one, row) for row in first[1].results)), EntryHashes())
