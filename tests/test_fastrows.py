"""The fast path for rows: whatever it reads must be exactly what YAML reads (values, lines, errors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import racesite.content as content
from racesite.errors import Problems
from racesite.fastrows import MIN_ROWS, find_blocks

IMPORTED = """series: cup
season: 1990
results:
  # [fin, st, car, driver, team, make, laps, led, status, pts]
""" + "".join(
    f'  - [{n}, {n + 2}, "0{n}", Driver {n}, "K.R. Rezendes, Inc.", Bahari\' Racing, 400, {n * 3}, running, 1{n}]\n'
    for n in range(1, 12)) + "track: Charlotte Motor Speedway\n"


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[str], object, list[str]]:
    fast_problems, slow_problems = Problems(), Problems()
    fast = content.parse_yaml(text, "recap.md", 2, fast_problems)
    with monkeypatch.context() as m:
        m.setattr(content, "find_blocks", lambda lines: [])
        slow = content.parse_yaml(text, "recap.md", 2, slow_problems)
    return fast, [p.format() for p in fast_problems.items], slow, [p.format() for p in slow_problems.items]


def test_an_imported_recap_takes_the_fast_path_and_reads_as_yaml_does(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = find_blocks(IMPORTED.split("\n"))
    assert [(b.key, len(b.rows)) for b in blocks] == [("results", 11)]
    assert blocks[0].rows[0][1][2] == ("01", True)  # a car number stays text, "01" not 1
    assert blocks[0].rows[0][1][4] == ("K.R. Rezendes, Inc.", True)
    fast, fast_problems, slow, slow_problems = both_ways(IMPORTED, monkeypatch)
    assert fast == slow and fast_problems == slow_problems == []
    row = fast.value["results"].value[0]  # type: ignore[union-attr]
    assert (row.line, row.value[0].value, row.value[2].value, row.value[5].value) == (6, 1, "01", "Bahari' Racing")
    assert fast.value["track"].line == 17  # type: ignore[union-attr]


@pytest.mark.parametrize("row", [
    '[1, 2, "3", Name, Team, Make, 10, 0, running, 5]  # a comment',
    "[1, 2, '3', Name, Team, Make, 10, 0, running, 5]",
    '[1, 2, "3\\"", Name, Team, Make, 10, 0, running, 5]',
    "[1, 2, 3, Name, Team, Make, 10, 0, running, 5,]",
    "[1, , 3, Name, Team, Make, 10, 0, running, 5]",
    "[1, 2, 3, &anchor Name, Team, Make, 10, 0, running, 5]",
    "[1, 2, 3, Name: x, Team, Make, 10, 0, running, 5]",
    "[1, 2, [3], Name, Team, Make, 10, 0, running, 5]",
    "[1, 2, 3, Name, Team, Make, 10, 0, running, 5, {a: 1}]",
    "[1, 2, 3, -Name, Team, Make, 10, 0, running, 5]",
    "[1, 2, 3, Name, Team, Make, 10, 0, running, 5]\n\t- [1, 2, 3, Name, Team, Make, 10, 0, running, 5]",
    "[1, 2, 3, Name, Team, Make, 10, 0, running, 5]\n\"quoted key\": 1",
])
def test_rows_only_yaml_can_read_are_left_to_it(row: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "results:\n" + "".join(f"  - [{n}, 2, \"3\", A, B, C, 1, 0, running, 1]\n" for n in range(MIN_ROWS))
    text += f"  - {row}\n"
    assert find_blocks(text.split("\n")) == []
    fast, fast_problems, slow, slow_problems = both_ways(text, monkeypatch)
    assert (fast, fast_problems) == (slow, slow_problems)


# Cells the fast path reads, of every type YAML gives a plain scalar; and anything at all.
SAFE = st.sampled_from(["1", "07", "1.5", "1e3", ".inf", ".NaN", "~", "null", "Null", "true", "yes", "off", "0x1F",
                        "0o7", "1_000", "+5", "=", "<<", "running", "oil leak", "Bahari' Racing", "a#b", "x:y",
                        "Junior Johnson & Associates", 'Mike "Red" Smith', "Estéban Ocón", "2021-03-20", "12:30",
                        "1:30:00", "Kyle Busch (2)"])
ANY = st.one_of(SAFE, st.sampled_from(["", " ", "A #1", "@x", "%y", "`z", "!t", "*a", "&b", "|", ">", "?", ":", "-",
                                       "-3", "a: b", "[x]", "{y}"]),
                st.text(alphabet=st.sampled_from(list("aZ09 .,:#'\"-&*!?%@`|>[]{}_~é\\")), max_size=8))


def row_text(cells: list[tuple[str, bool]]) -> str:
    return "[" + ", ".join(f'"{text}"' if quoted else text for text, quoted in cells) + "]"


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.tuples(SAFE, st.booleans()), min_size=1, max_size=6), min_size=MIN_ROWS,
                     max_size=MIN_ROWS + 3),
       odd=st.lists(st.tuples(ANY, st.booleans()), min_size=1, max_size=4), at=st.integers(0, MIN_ROWS),
       indent=st.sampled_from(["", "  ", "    "]))
def test_random_rows_read_the_same_with_or_without_the_fast_path(rows: list[list[tuple[str, bool]]],
                                                                  odd: list[tuple[str, bool]], at: int,
                                                                  indent: str) -> None:
    lines = ["series: cup", "results:"]
    lines += [f"{indent}- {row_text(row)}" for row in [*rows[:at], odd, *rows[at:]]]
    lines.append("season: 2020")
    text = "\n".join(lines)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, fast_problems, slow, slow_problems = both_ways(text, monkeypatch)
    assert (fast, fast_problems) == (slow, slow_problems)


def test_every_recap_of_the_demo_and_the_test_sites_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    files = sorted([*(root / "content").rglob("*.md"), *(root / "tests/sites").rglob("*.md")])
    assert files
    for file in files:
        text = content.normalize_text(file.read_bytes())
        fast, slow = Problems(), Problems()
        first = content.split_document(text, str(file), fast)
        with monkeypatch.context() as m:
            m.setattr(content, "find_blocks", lambda lines: [])
            second = content.split_document(text, str(file), slow)
        assert first == second, file
        assert [p.format() for p in fast.items] == [p.format() for p in slow.items], file
