"""load.py: which files are what, entity files and aliases, drafts, and checks across recaps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from racesite.errors import BuildError, Problems
from racesite.load import find_content, load_site
from racesite.pipeline import build
from tests.helpers import RECAP_PATH, ROOT, SHOWN_PATH, check_lines, lines, recap


def load(content: Path, **options: object):
    problems = Problems()
    loaded = load_site(content, problems, **options)
    assert lines(problems) == []
    return loaded


def test_unknown_series_with_a_did_you_mean(site):
    assert check_lines(site({RECAP_PATH: recap(series="xfinty")})) == [
        f"{SHOWN_PATH}:2: series: unknown series 'xfinty' (did you mean 'xfinity'?)"]


def test_unknown_series_lists_the_declared_ones(site):
    assert check_lines(site({RECAP_PATH: recap(series="indycar")})) == [
        f"{SHOWN_PATH}:2: series: unknown series 'indycar' (series are declared in site.yml: xfinity, cup)"]


def test_two_files_giving_one_race_the_same_fields(site):
    content = site({
        "xfinity/2021/06-atlanta.md": recap(),
        "xfinity/2021/06-second.md": recap(name="Atlanta 250"),
        "cup/2021/06-atlanta.md": recap(series="cup"),  # another series: no clash
        "xfinity/2022/06-atlanta.md": recap(season=2022, date="2022-03-19"),  # another season: no clash
    })
    assert check_lines(content) == [
        "content/xfinity/2021/06-second.md:5: date, name, track, laps, lineup, results: xfinity 2021 round 6 already "
        "has these from content/xfinity/2021/06-atlanta.md, lines 5, 6, 7, 8, 9 and 10 (give each of a race's fields "
        "in one file: its data in one, and each story in its own; a second race in the same round says `race: 2`)"]


def test_a_draft_claiming_a_published_round_is_caught_by_check(site):
    content = site({"xfinity/2021/06-atlanta.md": recap(), "xfinity/2021/06-draft.md": recap(draft="true")})
    assert check_lines(content) == [
        "content/xfinity/2021/06-draft.md:5: date, name, track, laps, lineup, results: xfinity 2021 round 6 already "
        "has these from content/xfinity/2021/06-atlanta.md, lines 5, 6, 7, 8, 9 and 10 (give each of a race's fields "
        "in one file: its data in one, and each story in its own; a second race in the same round says `race: 2`)"]


def test_drafts_are_left_out_unless_asked_for(site):
    content = site({
        "xfinity/2021/06-atlanta.md": recap(),
        "xfinity/2021/07-bristol.md": recap(round=7, date="2021-04-03", name="Bristol 300", draft="true"),
    })
    assert [r.name for r in load(content).races] == ["EchoPark 250"]
    assert [r.name for r in load(content, drafts=True).races] == ["EchoPark 250", "Bristol 300"]


def test_races_are_in_date_order_whatever_their_file_names(site):
    content = site({
        "b.md": recap(round=2, date="2021-02-20", name="Second"),
        "a.md": recap(round=3, date="2021-02-27", name="Third"),
        "z/c.md": recap(round=1, date="2021-02-13", name="First"),
    })
    assert [r.name for r in load(content).races] == ["First", "Second", "Third"]


def test_entity_aliases_resolve_names_in_recaps(site):
    content = site({
        RECAP_PATH: recap(track="Atlanta", rows=(
            '  - [1, 6, "7", Justin Allgaier, JRM, Chevrolet]\n'
            '  - [2, 5, "99", Daniel Suarez, Kaulig Racing, Chevrolet]\n'
            '  - [3, 4, "22", a.j. allmendinger, Kaulig Racing, Chevrolet]\n'),
            stages="\n  - {stage: 1, top: [Daniel Suarez, Justin Allgaier]}"),
        "drivers/daniel-suarez.md": "---\nname: Daniel Suárez\naliases: [Daniel Suarez]\n---\nFrom Monterrey.\n",
        "drivers/aj-allmendinger.md": "---\nname: A.J. Allmendinger\n---\n",
        "tracks/atlanta.md": "---\nname: Atlanta Motor Speedway\naliases: [Atlanta]\nlength: 1.54\n---\n",
        "teams/jrm.md": "---\nname: JR Motorsports\naliases: [JRM]\n---\n",
    })
    race = load(content).races[0]
    assert race.track == "Atlanta Motor Speedway"
    assert race.track_length == 1.54
    assert [(r.driver, r.team) for r in race.results] == [
        ("Justin Allgaier", "JR Motorsports"), ("Daniel Suárez", "Kaulig Racing"),
        ("A.J. Allmendinger", "Kaulig Racing")]
    assert race.stages[0].top == ("Daniel Suárez", "Justin Allgaier")


def test_entity_files_become_entity_info(site):
    content = site({"drivers/daniel-suarez.md": "---\nname: Daniel Suárez\naliases: [Daniel Suarez]\n"
                                                "birth_date: 1992-01-07\n---\nFrom Monterrey.\n"})
    [entity] = load(content).entities
    assert (entity.kind, entity.name, entity.source, entity.aliases, entity.bio) == (
        "driver", "Daniel Suárez", "content/drivers/daniel-suarez.md", ("Daniel Suarez",), "From Monterrey.")
    assert str(dict(entity.facts)["birth_date"]) == "1992-01-07"


def test_an_alias_already_naming_another_driver(site):
    content = site({
        "drivers/a.md": "---\nname: Daniel Suárez\naliases: [Daniel Suarez]\n---\n",
        "drivers/b.md": "---\nname: Daniel Suarez Jr.\naliases: [Daniel Suarez]\n---\n",
    })
    assert check_lines(content) == [
        "content/drivers/b.md:3: aliases: 'Daniel Suarez' already names driver 'Daniel Suárez'"]


def test_two_files_describing_one_driver(site):
    content = site({
        "drivers/allgaier.md": "---\nname: Justin Allgaier\n---\nFrom Riverside.\n",
        "drivers/justin-allgaier.md": "---\nhometown: Riverside, Illinois\nname: Justin Allgaier\n---\n",
    })
    assert check_lines(content) == [
        "content/drivers/justin-allgaier.md:3: name: driver 'Justin Allgaier' is already described by "
        "content/drivers/allgaier.md (keep one file per driver)"]


def test_a_name_that_is_already_another_drivers_alias(site):
    content = site({
        "drivers/a.md": "---\nname: Martin Truex Jr.\naliases: [Truex]\n---\n",
        "drivers/b.md": "---\naliases: [MTJ]\nname: Truex\n---\n",
    })
    assert check_lines(content) == ["content/drivers/b.md:3: name: 'Truex' already names driver 'Martin Truex Jr.'"]


def test_entity_files_are_checked_like_recaps(site):
    content = site({
        "drivers/a.md": "---\nname: Daniel Suárez\nnickname: DS\n---\n",
        "tracks/b.md": "---\nname: Atlanta Motor Speedway\nsurface: asphalt\n---\n",
        "teams/c.md": "no front matter\n",
    })
    assert check_lines(content) == [
        "content/drivers/a.md:3: nickname: unknown field (allowed: name, aliases, birth_date, hometown, country, "
        "before)",
        "content/teams/c.md:1: front matter: missing: the file must start with a line '---' "
        "(put the race's YAML fields between two '---' lines at the top)",
        "content/tracks/b.md:3: surface: 'asphalt' is not allowed (one of: paved, dirt, road)",
    ]


def test_a_missing_site_yml(site):
    content = site({RECAP_PATH: recap()}, site_yml=None)
    assert check_lines(content) == [
        "content/site.yml: file: not found (every site needs a site.yml with its title and series)"]


def test_a_site_yml_that_is_a_folder_says_so(site):
    content = site({RECAP_PATH: recap()}, site_yml=None)
    (content / "site.yml").mkdir()
    assert check_lines(content) == [
        "content/site.yml: file: is a folder, not a file (every site needs a site.yml with its title and series)"]


def test_recaps_are_every_markdown_file_outside_entity_hidden_and_underscore_folders(site):
    content = site({
        "xfinity/2021/06-atlanta.md": "", "cup/a.md": "", "top.md": "", "drivers/x.md": "", "tracks/y.md": "",
        "teams/z.md": "", "_drafts/d.md": "", ".git/e.md": "", "xfinity/_notes.md": "", "xfinity/notes.txt": "",
        "xfinity/results.csv": "",
    })
    assert [Path(p).relative_to(content).as_posix() for p in find_content(content)] == [
        "cup/a.md", "top.md", "xfinity/2021/06-atlanta.md"]


def test_every_file_is_reported_in_one_run(site):
    content = site({
        "xfinity/2021/01.md": recap(round=1, date="2021-02-30"),
        "xfinity/2021/02.md": recap(round=2, linup="formula"),
        "drivers/a.md": "---\nname: A\nbirth_date: someday\n---\n",
    })
    assert check_lines(content) == [
        "content/drivers/a.md:3: birth_date: 'someday' is not a date (write dates as YYYY-MM-DD, e.g. 2021-03-20)",
        "content/xfinity/2021/01.md:5: date: '2021-02-30' is not a real date: day is out of range for month",
        "content/xfinity/2021/02.md:10: linup: unknown field (did you mean 'lineup'?)",
    ]


def test_a_readme_beside_the_recaps_is_not_a_recap(tmp_path) -> None:
    from racesite.errors import Problems
    from racesite.load import load_site
    from tests.helpers import RECAP, SITE_YML

    (tmp_path / "xfinity").mkdir()
    (tmp_path / "site.yml").write_text(SITE_YML)
    (tmp_path / "xfinity" / "06-atlanta.md").write_text(RECAP)
    (tmp_path / "README.md").write_text("# Notes for writers\n")
    problems = Problems()
    site = load_site(tmp_path, problems)
    assert problems.items == [] and site is not None and len(site.races) == 1


def test_a_date_outside_the_season_is_a_warning(tmp_path) -> None:
    from racesite.errors import Problems
    from racesite.load import load_site
    from tests.helpers import RECAP, SITE_YML

    (tmp_path / "site.yml").write_text(SITE_YML)
    (tmp_path / "r.md").write_text(RECAP.replace("date: 2021-03-20", "date: 2012-03-20"))
    problems = Problems()
    load_site(tmp_path, problems)
    assert [p.format() for p in problems.items] == [
        f"warning: {tmp_path}/r.md:5: date: 2012-03-20 is not in the 2021 season "
        "(check the date or the season; a season that spans two years can ignore this)"]


def test_a_baseline_for_a_series_with_its_whole_history_is_ignored_with_a_warning(tmp_path) -> None:
    from racesite.errors import Problems
    from racesite.load import load_site
    from tests.helpers import RECAP, SITE_YML

    (tmp_path / "drivers").mkdir()
    (tmp_path / "site.yml").write_text(SITE_YML)
    (tmp_path / "r.md").write_text(RECAP)
    (tmp_path / "drivers" / "ja.md").write_text(
        "---\nname: Justin Allgaier\nbefore:\n  xfinity: {starts: 339, wins: 14}\n---\n")
    problems = Problems()
    site = load_site(tmp_path, problems)
    assert site is not None and site.baselines == ()
    assert [p.format() for p in problems.items] == [
        f"warning: {tmp_path}/drivers/ja.md:4: before.xfinity: ignored: site.yml says the site holds this series' "
        "whole history, so counting these too would count those races twice (set complete_history: false for "
        "xfinity in site.yml if the site starts mid-history)"]


def test_a_recap_that_cannot_be_read_is_an_error_not_a_crash(site, tmp_path) -> None:
    """A dangling symlink (or a file an editor has just moved away) among the recaps: every build reports it, with
    or without a cache, and the other files are still checked."""
    content = site({RECAP_PATH: recap(), "xfinity/2021/08.md": recap(round=8, linup="formula")})
    (content / "xfinity" / "2021" / "07-gone.md").symlink_to(tmp_path / "nowhere.md")
    expected = ["content/xfinity/2021/07-gone.md: file: cannot be read: No such file or directory",
                "content/xfinity/2021/08.md:10: linup: unknown field (did you mean 'lineup'?)"]
    assert check_lines(content) == expected
    for cache_dir in (None, tmp_path / "cache"):
        with pytest.raises(BuildError) as raised:
            build(content, tmp_path / "site", cache_dir=cache_dir)
        assert [problem.format() for problem in raised.value.problems] == expected
        assert not (tmp_path / "site").exists()


def test_recaps_are_in_folder_order_and_a_symlinked_folder_is_not_followed(site, tmp_path) -> None:
    content = site({"xfinity/2021-b/x.md": "", "xfinity/2021/y.md": "", "xfinity/2021/z.md": "",
                    "xfinity/2021.md": ""})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "w.md").write_text("")
    (content / "xfinity" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert [Path(p).relative_to(content).as_posix() for p in find_content(content)] == [
        "xfinity/2021/y.md", "xfinity/2021/z.md", "xfinity/2021-b/x.md", "xfinity/2021.md"]


def test_a_named_pipe_among_the_recaps_is_not_read(site) -> None:
    """Reading a pipe waits for a writer that never comes: it is not a file, so not a recap (a build that read it
    would hang; run with a timeout so that a regression fails rather than hangs)."""
    content = site({RECAP_PATH: recap()})
    os.mkfifo(content / "xfinity" / "2021" / "07-pipe.md")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Content OK: 0 errors" in done.stdout + done.stderr
