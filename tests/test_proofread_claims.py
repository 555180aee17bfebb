"""Every claim form, true and false, in sentences of our own about the invented Frontier Series
(tests/proofread_site.py), with the exact message; and how a story is read: its time, its subjects, what is not
prose, silencing."""

from __future__ import annotations

import pytest

from tests.proofread_site import found, report

R = (2022, 4)  # Cedar Ridge, 100 laps: Marsh won from 2nd (his 4th win, 2nd of 2022), Peña on the pole

CASES = [
    # (form, season, round, after, true sentence, false sentence, the false one's warning)
    ("career-win-ordinal", *R, True, "Cody Marsh sealed the fourth career Frontier win of his life.",
     "Cody Marsh collected his second career Frontier win.",
     '"second career Frontier win": the data makes this his 4th'),
    ("career-win-ordinal", *R, True, "Wolfe, the man who took his first career win in 2021, was second.",
     "Wolfe, who took his 4th career win at Harbor Point in 2022, ran second.",
     '"4th career win": the data gives Tanner Wolfe 2 Frontier Series wins by then'),
    ("career-pole-ordinal", 2022, 5, False, "Cody Marsh grabbed the third career pole of his career here.",
     "Cody Marsh grabbed his 5th career pole.", '"5th career pole": the data makes this his 3rd'),
    ("career-wins", *R, True, "The win gave Cody Marsh four career wins.",
     "The win gave Cody Marsh six career wins.",
     '"six career wins": the data gives Cody Marsh 4 Frontier Series wins by then'),
    ("career-poles", *R, True, "Luis Peña now owns three career poles.", "Luis Peña now owns two career poles.",
     '"two career poles": the data gives Luis Peña 3 Frontier Series poles by then'),
    ("career-top5", *R, True, "Cody Marsh has nine career top-5 finishes.", "Cody Marsh has ten career top-5 finishes.",
     '"ten career top-5 finishes": the data gives Cody Marsh 9 Frontier Series top 5s by then'),
    ("career-top10", *R, True, "Reed Calloway has nine career top-10 finishes.",
     "Reed Calloway has eight career top 10s.",
     '"eight career top 10s": the data gives Reed Calloway 9 Frontier Series top 10s by then'),
    ("season-win-ordinal", *R, True, "Marsh picked up his second victory this season.",
     "Marsh picked up his first victory this season.",
     '"first victory this season": the data makes this his 2nd win of 2022'),
    ("season-count", *R, True, "Wolfe has one win in 2022.", "Wolfe has two wins in 2022.",
     '"two wins in 2022": the data gives Tanner Wolfe 1 win in 2022 by then'),
    ("team-season-wins", *R, True, "Summit Racing Group has celebrated three times in Victory Lane this season.",
     "Summit Racing Group has celebrated four times in Victory Lane this season.",
     '"celebrated four times in Victory Lane this season": the data gives Summit Racing Group 3 wins in 2022'),
    ("finish", *R, True, "Mason Pruitt placed fifth.", "Mason Pruitt placed sixth.",
     '"placed sixth": the data has Mason Pruitt finishing 5th'),
    ("finish", *R, True, "Tanner Wolfe finished runner-up to Marsh.", "Luis Peña was runner-up.",
     '"was runner-up": the data has Luis Peña finishing 3rd'),
    ("won", *R, True, "Marsh took the checkered flag.", "Ellery took the checkered flag.",
     '"took the checkered flag": the data has Grant Ellery finishing 4th; Cody Marsh won'),
    ("start", *R, False, "Wolfe will start third.", "Wolfe will start second.",
     '"will start second": the data has Tanner Wolfe starting 3rd'),
    ("start", *R, True, "Peña started from the pole.", "Marsh started from the pole.",
     '"started from the pole": the data gives the pole to Luis Peña'),
    ("pole", *R, False, "Peña captured the pole.", "Marsh captured the pole.",
     '"captured the pole": the data gives the pole to Luis Peña'),
    ("led", *R, True, "Tanner Wolfe led 25 laps.", "Tanner Wolfe led 35 laps.",
     '"led 35 laps": the data has Tanner Wolfe leading 25 laps'),
    ("race-track", *R, True, "Saturday's race at Cedar Ridge International Raceway drew a crowd.",
     "Saturday's race at Harbor Point drew a crowd.", '"race at Harbor Point": this race is at Cedar Ridge '
     "International Raceway"),
    ("laps", *R, True, "It was the 100-lap race everyone expected.", "It was the 150-lap race everyone expected.",
     '"150-lap race": the race ran 100 laps'),
    ("margin", *R, True, "The margin of victory was 0.125 s.", "The margin of victory was 0.5 s.",
     '"0.5 s": the margin was 0.125 s'),
    ("another-race", *R, True, "Peña finished first at Millbrook in 2022.", "Peña finished third at Millbrook in 2022.",
     '"finished third": the data has Luis Peña finishing 1st at Millbrook Speedway in 2022'),
    ("wins-from-pole", 2021, 5, True, "None of Marsh's two wins came from the pole.",
     "Luis Peña has never won from the pole.",
     '"has never won from the pole": the data has Luis Peña winning from the pole 1 time'),
    ("wins-from-pole", 2022, 2, True, "Marsh has won once from the pole.",
     "None of his wins came from the pole, Marsh said afterward.",
     '"None of his wins came from the pole": the data has Cody Marsh winning from the pole 1 time'),
    ("best-winning-start", 2021, 5, True, "Marsh's best starting position in a win was third.",
     "Marsh's best starting position in a win was first.",
     '"best starting position in a win was first": the data has Cody Marsh\'s best start in a win at 3rd '
     "(Millbrook Speedway in 2021)"),
    ("last-pole", 2022, 5, False, "His last pole came at Cedar Ridge, said Cody Marsh.",
     "Cody Marsh last won the pole at Millbrook in 2021.",
     '"last won the pole at Millbrook in 2021": the data has Cody Marsh\'s last pole before this race at Cedar '
     "Ridge International Raceway in 2022"),
    ("win-at-track", 2022, 5, True, "Wolfe's win at Millbrook in 2021 was his first.",
     "Wolfe's second win at Millbrook never came.",
     '"second win at Millbrook": the data has 1 win for Tanner Wolfe at Millbrook Speedway by then'),
]


@pytest.mark.parametrize(("form", "season", "round_", "after", "true", "false", "message"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_claim_form(form: str, season: int, round_: int, after: bool, true: str, false: str,
                    message: str | None) -> None:
    assert found(true, season, round_, after) == []
    if message is not None:
        assert found(false, season, round_, after) == [message]


def test_the_wins_from_pole_form_is_false_when_he_did_win_from_it() -> None:
    assert found("Marsh has never won from the pole.", 2022, 2) == [
        '"has never won from the pole": the data has Cody Marsh winning from the pole 1 time']
    assert found("Marsh has never won from the pole.", 2021, 5) == []


def test_a_recap_counts_its_race_and_a_qualifying_report_does_not() -> None:
    assert found("Cody Marsh has four career wins.", *R, after=True) == []
    assert found("Cody Marsh has four career wins.", *R, after=False) == [
        '"four career wins": the data gives Cody Marsh 3 Frontier Series wins by then']


def test_a_preview_does_not_check_finishes() -> None:
    assert found("Grant Ellery finished first.", *R, after=False) == []


def test_what_is_to_come_is_not_checked() -> None:
    assert found("A win would be his ninth career win, said Marsh.", *R) == []
    assert found("Marsh is chasing his 9th career win.", *R) == []


def test_quoted_speech_is_not_the_writers_claim() -> None:
    assert found('"I finished fifth," said Marsh.', *R) == []
    assert found("“That was my tenth career win,” Marsh said.", *R) == []


def test_an_ambiguous_he_stays_silent() -> None:
    assert found("Wolfe caught Marsh late, and he finished sixth.", *R) == []
    assert found("Marsh caught Wolfe late. He finished sixth.", *R) == []
    assert found("Marsh pulled away. He finished sixth.", *R) == [
        '"finished sixth": the data has Cody Marsh finishing 1st']


def test_an_unknown_subject_stays_silent() -> None:
    assert found("Jimmy Stroud finished third.", *R) == []
    assert found("The crew chief finished fifth in his first race.", *R) == []


def test_a_line_and_column_point_at_the_claim_in_the_file() -> None:
    text = "First paragraph.\n\nSecond line here. Marsh led 80 laps.\n"
    findings = report(text, *R, first_line=14).findings
    assert [(f.line, f.column, f.quoted) for f in findings] == [(16, 25, "led 80 laps")]
    assert findings[0].format("content/x.md") == (
        'content/x.md:16:25: "led 80 laps": the data has Cody Marsh leading 55 laps '
        "(if the data is wrong, end the sentence with <!-- prose-ok: why -->)")
    assert findings[0].sentence == "Marsh led 80 laps."


def test_markdown_urls_shortcodes_and_placeholders_are_not_prose() -> None:
    text = ("Marsh led 55 laps ([box score](https://example.com/Marsch-led-80-laps)).\n\n"
            '{{< embed "https://x.com/Marhs/status/1" >}}\n\n'
            "It was his {{ winner_wins }} career win. See `Marsh led 80 laps` and pic.twitter.com/Marhs1.\n\n"
            "```\nMarsh finished tenth.\n```\n\n@Marhs_88 #Marhs <!-- Marsh led 80 laps -->\n")
    assert found(text, *R) == []


def test_a_silenced_sentence_is_listed_with_what_it_silenced() -> None:
    text = ("Marsh led 56 laps. <!-- prose-ok: the official box score missed one -->\n"
            "Peña started fifth.\n\nWolfe finished second. <!-- prose-ok -->\n")
    result = report(text, *R)
    assert [f.quoted for f in result.findings] == ["started fifth"]
    assert [(s.line, s.column, s.reason, s.sentence, [f.quoted for f in s.findings]) for s in result.silenced] == [
        (1, 1, "the official box score missed one", "Marsh led 56 laps.", ["led 56 laps"]),
        (4, 1, "", "Wolfe finished second.", []),
    ]
    assert [s.format("content/x.md") for s in result.silenced] == [
        'content/x.md:1:1: "Marsh led 56 laps." (the official box score missed one): 1 warning silenced',
        'content/x.md:4:1: "Wolfe finished second.": nothing to silence (the marker can go)']


def test_findings_become_build_warnings() -> None:
    [warning] = report("He said so. Marsh led 80 laps.", *R).errors("content/x.md")
    assert warning.format() == ('warning: content/x.md:1:19: "led 80 laps": the data has Cody Marsh '
                                "leading 55 laps (if the data is wrong, end the sentence with <!-- prose-ok: why -->)")
    assert (warning.severity, warning.column, warning.quote) == ("warning", 19, "Marsh led 80 laps.")


@pytest.mark.parametrize("text", ["", "   \n\n", "{{< embed >}}", "Marsh", "led 55 laps.", "\u00a0…", "1st.", "“",
                                  "[unclosed](", "<!-- prose-ok", "```\nunclosed"])
def test_odd_text_never_raises(text: str) -> None:
    report(text, *R)
