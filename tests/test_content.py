"""content.py: front matter splitting, YAML with file line numbers, text decoding and CSV rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from racesite.content import parse_yaml, split_document
from racesite.content import read_csv as read_csv_file
from racesite.errors import Problems
from racesite.load import load_site
from tests.helpers import RECAP, RECAP_PATH, SHOWN_PATH, check_lines, recap


def split(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    doc = split_document(text, "race.md", problems)
    return doc, [p.format() for p in problems.items]


# Front matter


def test_front_matter_and_body_are_split_with_the_body_line():
    doc, problems = split("---\nname: EchoPark 250\nlaps: 163\n---\nAllgaier won.\n")
    assert problems == []
    assert doc.meta.value["name"].value == "EchoPark 250"
    assert doc.meta.value["laps"].value == 163
    assert doc.body == "Allgaier won.\n"
    assert doc.body_line == 5


def test_front_matter_may_close_with_dots():
    doc, problems = split("---\nname: A\n...\nbody\n")
    assert problems == []
    assert doc.body == "body\n"


def test_yaml_lines_are_file_lines():
    text = ("---\nname: EchoPark 250\n\nresults:\n"
            "  - [1, 6, \"7\", Justin Allgaier]\n  - fin: 2\n    driver: Truex\n---\n")
    doc, problems = split(text)
    assert problems == []
    meta = doc.meta
    assert meta.key_lines == {"name": 2, "results": 4}
    rows = meta.value["results"].value
    assert [row.line for row in rows] == [5, 6]
    assert rows[0].value[3].line == 5
    assert rows[1].key_lines == {"fin": 6, "driver": 7}
    assert rows[1].value["driver"].line == 7


def test_yaml_lines_follow_an_offset():
    problems = Problems()
    node = parse_yaml("a: 1\nb:\n  c: 2\n", "x.yml", 10, problems)
    assert node.key_lines == {"a": 10, "b": 11}
    assert node.value["b"].value["c"].line == 12


def test_dates_stay_text_so_a_bad_one_gets_a_line_later():
    doc, problems = split("---\ndate: 2021-02-30\n---\n")
    assert problems == []
    assert doc.meta.value["date"].value == "2021-02-30"


@pytest.mark.parametrize("written", ["07", '"07"', "'07'"])
def test_car_number_07_stays_07(written):
    doc, problems = split(f"---\ncar: {written}\n---\n")
    assert problems == []
    assert doc.meta.value["car"].text() == "07"


def test_car_number_07_reaches_the_results_as_07(site):
    rows = '  - [1, 6, 07, Justin Allgaier]\n  - {fin: 2, car: 08, driver: Martin Truex Jr.}\n'
    content = site({RECAP_PATH: RECAP.split("results:")[0] + "results:\n" + rows + "---\n"})
    problems = Problems()
    loaded = load_site(content, problems)
    assert [p.format() for p in problems.items] == []
    assert [r.car for r in loaded.races[0].results] == ["07", "08"]


# One clear message per broken file, never a traceback


@pytest.mark.parametrize(("text", "expected"), [
    ("", "race.md:1: file: is empty (a recap starts with '---', its YAML fields, then '---')"),
    ("  \n\n", "race.md:1: file: is empty (a recap starts with '---', its YAML fields, then '---')"),
    ("Allgaier won.\n", "race.md:1: front matter: missing: the file must start with a line '---' "
                        "(put the race's YAML fields between two '---' lines at the top)"),
    ("name: A\n---\nbody\n", "race.md:1: front matter: missing: the file must start with a line '---' "
                             "(put the race's YAML fields between two '---' lines at the top)"),
    ("---\nname: A\nlaps: 163\n", "race.md:1: front matter: is never closed (add a line '---' after the last field)"),
    ("---\nname: A\n\tlaps: 163\n---\n", "race.md:3: yaml: invalid YAML: while scanning a plain scalar found a tab "
                                         "character that violates indentation (YAML indents with spaces, not tabs)"),
    ("---\nname: A\nresults:\n\t- [1]\n---\n", "race.md:4: yaml: invalid YAML: while scanning for the next token "
                                               "found character that cannot start any token "
                                               "(YAML indents with spaces, not tabs)"),
    ("---\nround: 6\ntitle: Allgaier: the win\n---\n", "race.md:3: yaml: invalid YAML: mapping values are not allowed "
                                                       "in this context (a value containing ': ' needs quotes)"),
    ("---\nround: 6\n  laps: 163\n---\n", "race.md:3: yaml: invalid YAML: mapping values are not allowed in this "
                                          "context (check the indentation: this line is indented more than the field "
                                          "above it)"),
    ("---\nname: \"EchoPark 250\n---\n", "race.md:2: yaml: invalid YAML: while scanning a quoted scalar found "
                                         "unexpected end of stream"),
    ("---\n- series\n- round\n---\n", "race.md:2: front matter: must be a set of 'key: value' fields"),
    ("---\nround: 6\nround: 7\n---\n", "race.md:3: round: duplicate key (first given on line 2)"),
    ("---\n<<: {round: 6}\n---\n", "race.md:2: yaml: merge keys ('<<') are not supported"),
    ("---\nlaps: !!binary MTYz\n---\n", "race.md:2: yaml: unsupported YAML value type tag:yaml.org,2002:binary"),
    ("---\nresults: &rows [*rows]\n---\n", "race.md:2: yaml: an alias ('*name') refers to a value that contains it"),
], ids=["empty", "blank", "no-front-matter", "no-opening-line", "unclosed", "tab-in-mapping", "tab-before-list",
        "unquoted-colon", "over-indented", "unclosed-quote", "list", "duplicate-key", "merge-key", "binary",
        "recursive-alias"])
def test_a_broken_file_gives_one_clear_message(text, expected):
    _, problems = split(text)
    assert problems == [expected]


def test_a_number_yaml_cannot_read_stays_text():
    # `0x_` matches YAML 1.1's integer pattern but has no digits; it used to crash the build.
    doc, problems = split("---\nlaps: 0x_\n---\n")
    assert problems == []
    assert doc.meta.value["laps"].value == "0x_"


def test_broken_files_are_all_reported_by_check(site):
    content = site({
        "xfinity/2021/01-empty.md": "",
        "xfinity/2021/02-no-front-matter.md": "Allgaier won.\n",
        "xfinity/2021/03-unclosed.md": "---\nround: 3\n",
        "xfinity/2021/04-tab.md": "---\nround: 4\n\tlaps: 1\n---\n",
    })
    assert check_lines(content) == [
        "content/xfinity/2021/01-empty.md:1: file: is empty (a recap starts with '---', its YAML fields, then '---')",
        "content/xfinity/2021/02-no-front-matter.md:1: front matter: missing: the file must start with a line '---' "
        "(put the race's YAML fields between two '---' lines at the top)",
        "content/xfinity/2021/03-unclosed.md:1: front matter: is never closed (add a line '---' after the last field)",
        "content/xfinity/2021/04-tab.md:3: yaml: invalid YAML: while scanning a plain scalar found a tab character "
        "that violates indentation (YAML indents with spaces, not tabs)",
    ]


# Encodings and line endings


@pytest.mark.parametrize(("name", "encode"), [
    ("bom", lambda text: b"\xef\xbb\xbf" + text.encode()),
    ("crlf", lambda text: text.replace("\n", "\r\n").encode()),
    ("bom-crlf", lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()),
    ("cr", lambda text: text.replace("\n", "\r").encode()),
])
def test_bom_and_windows_line_endings_load_fine(site, name, encode):
    content = site({RECAP_PATH: encode(RECAP)})
    problems = Problems()
    loaded = load_site(content, problems)
    assert [p.format() for p in problems.items] == []
    race = loaded.races[0]
    assert race.name == "EchoPark 250"
    assert loaded.stories[0].body == "Allgaier held off Truex.\n"
    assert race.results[1].line == 12


def test_errors_in_a_crlf_file_keep_their_lines(site):
    content = site({RECAP_PATH: RECAP.replace("laps: 163", "laps: many").replace("\n", "\r\n").encode()})
    assert check_lines(content) == [f"{SHOWN_PATH}:8: laps: must be a whole number, got 'many'"]


def test_a_file_that_is_not_utf8_names_its_line(site):
    content = site({RECAP_PATH: RECAP.replace("Allgaier held", "Allgaier \xe9 held").encode("latin-1")})
    assert check_lines(content) == [f"{SHOWN_PATH}:15: file: is not UTF-8 text (save the file as UTF-8)"]


# CSV results files


def read_csv(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    file = tmp_path / "results.csv"
    file.write_text(text, encoding="utf-8", newline="")
    problems = Problems()
    read = read_csv_file(file, "results.csv", problems)
    return read, [p.format() for p in problems.items]


def test_csv_records_remember_their_own_lines(tmp_path):
    read, problems = read_csv(tmp_path, "Fin,St,Car,Driver\n1,6,07,Justin Allgaier\n\n2,18,54,Martin Truex Jr.\n")
    assert problems == []
    header, records = read
    assert header == ["fin", "st", "car", "driver"]
    assert records == [(2, ["1", "6", "07", "Justin Allgaier"]), (4, ["2", "18", "54", "Martin Truex Jr."])]


def test_csv_with_crlf_and_bom(tmp_path):
    read, problems = read_csv(tmp_path, "\ufefffin,car,driver\r\n1,07,Justin Allgaier\r\n")
    assert problems == []
    assert read == (["fin", "car", "driver"], [(2, ["1", "07", "Justin Allgaier"])])


def test_csv_row_with_too_many_cells(site):
    content = site({RECAP_PATH: recap(results="results.csv"),
                    "xfinity/2021/results.csv": "fin,car,driver\n1,7,Justin Allgaier\n2,54,Martin Truex Jr.,extra\n"})
    assert check_lines(content) == ["content/xfinity/2021/results.csv:3: row: has 4 cells but the header has 3"]


def test_empty_csv(tmp_path):
    read, problems = read_csv(tmp_path, "\n\n")
    assert read is None
    assert problems == ["results.csv:1: file: is empty (the first line names the columns: fin,st,car,driver,...)"]


def test_aliases_that_multiply_are_refused_with_a_line_not_a_hang() -> None:
    from racesite.content import parse_yaml
    from racesite.errors import Problems

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join(f'*a{n - 1}' for _ in range(10))}]" for n in range(1, 9)]
    problems = Problems()
    assert parse_yaml("\n".join(lines), "content/bomb.md", 2, problems) is None
    assert [p.format() for p in problems.items] == [
        "content/bomb.md:2: yaml: more than 1,000,000 values once aliases are expanded "
        "(aliases ('*name') that repeat large blocks multiply: write the values out)"]


def test_a_scalar_means_the_same_however_often_it_appears_and_quotes_keep_text() -> None:
    """Plain scalars' tags are looked up once per text; quoted ones are always text."""
    problems = Problems()
    doc = 'a: [12, "12", 12, yes, "yes", null, "null", 1.5, "1.5", 07, "07"]\nb: [12, yes, null]\n'
    parsed = parse_yaml(doc, "x.yml", 1, problems)
    assert parsed is not None
    assert not problems.items
    assert [v.value for v in parsed.value["a"].value] == [12, "12", 12, True, "yes", None, "null", 1.5, "1.5", 7, "07"]
    assert [v.value for v in parsed.value["b"].value] == [12, True, None]
