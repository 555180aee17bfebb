"""Each race's line in the data export (`race_lines`), and what the live preview keeps of the last build's."""

from __future__ import annotations

import dataclasses

from racesite.model import Result
from racesite.stats.summary import race_lines
from tests.test_stats_standings import _race


def test_a_race_that_is_the_same_object_keeps_its_line_and_an_edited_one_gets_a_new_one() -> None:
    races = [dataclasses.replace(_race([Result(1, "1", "A"), Result(2, "2", "B")]), round=n) for n in range(1, 5)]
    lines = race_lines(races)
    assert [(line.round, line.winner, line.cars) for line in lines] == [(n, "A", 2) for n in range(1, 5)]
    edited = dataclasses.replace(races[2], results=(Result(1, "2", "B"),))
    now = [edited if race is races[2] else race for race in races]
    again = race_lines(now, (races, lines))
    assert again == race_lines(now)
    assert (again[2].winner, again[2].cars) == ("B", 1)
    assert all(again[at] is lines[at] for at in (0, 1, 3))
    dropped = race_lines(now[1:], (now, again))
    assert dropped == race_lines(now[1:]) and dropped[0] is again[1]
