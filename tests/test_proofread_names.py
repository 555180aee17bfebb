"""Names in the prose: near misses of known names get a warning with the name; everything else does not."""

from __future__ import annotations

import pytest

from tests.proofread_site import found

R = (2022, 4)


@pytest.mark.parametrize(("text", "warning"), [
    ("Tanner Wofle finished second.", '"Tanner Wofle": did you mean "Tanner Wolfe"?'),  # swapped letters
    ("Then Wplfe chased him.", '"Wplfe": did you mean "Wolfe" (Tanner Wolfe)?'),  # one letter wrong
    ("Then Elery chased him.", '"Elery": did you mean "Ellery" (Grant Ellery)?'),  # a missing letter
    ("Then Prruitt chased him.", '"Prruitt": did you mean "Pruitt" (Mason Pruitt)?'),  # an extra letter
    ("Then Pena chased him.", '"Pena": did you mean "Peña" (Luis Peña)?'),  # a missing accent
    ("He drives for Northlyne Motorsports.", '"Northlyne Motorsports": did you mean "Northline Motorsports"?'),
    ("The race at Milbrook Speedway was long.", '"Milbrook Speedway": did you mean "Millbrook Speedway"?'),
])
def test_near_misses_are_flagged(text: str, warning: str) -> None:
    assert found(text, *R) == [warning]


@pytest.mark.parametrize("text", [
    "Marsh, Peña, Wolfe, Ellery, Pruitt and Calloway all finished.",  # known names
    "Stage winners celebrated in Victory Lane as the Marshal waved the flag.",  # common words
    "Crew chief Dana Wolff said Wolff liked the car.",  # a person the story introduces
    "It was for Prutt Harrell, and for Prutt “Rowdy” Harrell.",  # a first name of someone not in the data
    "Fans and Officials cheered the Wolfes.",  # English words, plural
    "NASCAR, FS1 and the ARCA Menards Series were there.",  # capitals and acronyms
    "See https://example.com/Marhs and @Marhs and #Marhs and {{ winner }} and `Marhs`.",  # not prose
])
def test_no_warning(text: str) -> None:
    assert [w for w in found(text, *R) if "did you mean" in w and "Pena" not in w] == []


def test_the_column_of_a_near_miss() -> None:
    from tests.proofread_site import report

    [finding] = report("A long opening line.\nThen Elery chased him.", *R, first_line=9).findings
    assert (finding.line, finding.column, finding.quoted) == (10, 6, "Elery")


def test_the_name_index_is_kept_while_the_names_are_the_same() -> None:
    """An edit to a race's numbers keeps the last build's name index (the live preview); an edit to a name makes
    it again, equal to one made afresh."""
    import dataclasses

    from racesite.proofread.nameindex import NameIndex
    from tests.proofread_site import ENTITIES, RACES, SERIES

    last = NameIndex.of(RACES, ENTITIES, SERIES)
    first = RACES[0]
    led = dataclasses.replace(first, results=(first.results[0]._replace(led=1), *first.results[1:]))
    kept = NameIndex.of((led, *RACES[1:]), ENTITIES, SERIES, last=last)
    assert kept == last and kept.one_edit is last.one_edit and kept.made_from[0][0] is led
    # (the races compared are those it was made from last: the first edit undone keeps it again)
    assert NameIndex.of(RACES, ENTITIES, SERIES, last=kept).phrases is last.phrases
    # (new objects with the same names, a whole site read again: kept, holding the new races, not the old)
    copies = tuple(dataclasses.replace(race) for race in RACES)
    again_read = NameIndex.of(copies, ENTITIES, SERIES, last=last)
    assert again_read.tokens is last.tokens and all(a is b for a, b in zip(again_read.made_from[0], copies))
    renamed = dataclasses.replace(first, results=(first.results[0]._replace(driver="Cody Marshall"),
                                                  *first.results[1:]))
    again = NameIndex.of((renamed, *RACES[1:]), ENTITIES, SERIES, last=last)
    assert again is not last and again == NameIndex.of((renamed, *RACES[1:]), ENTITIES, SERIES)
    assert "Cody Marshall" in again.spellings
    for changed in (dataclasses.replace(first, results=(first.results[0]._replace(team="Nowhere Racing"),
                                                        *first.results[1:])),
                    dataclasses.replace(first, results=(first.results[0]._replace(make="Studebaker"),
                                                        *first.results[1:])),
                    dataclasses.replace(first, track="Nowhere Speedway"),
                    dataclasses.replace(first, name="Nowhere 400")):
        remade = NameIndex.of((changed, *RACES[1:]), ENTITIES, SERIES, last=last)
        assert remade != last and remade == NameIndex.of((changed, *RACES[1:]), ENTITIES, SERIES)
