"""`build.py new`: a story skeleton in the right place, never over an existing file; answers checked as typed."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.helpers import RECAP, SITE_YML

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--series", "xfinity", "--season", "2021", "--round", "7", "--track", "Martinsville Speedway",
        "--date", "2021-04-09", "--name", "Cook Out 250"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)


def site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "xfinity").mkdir(parents=True)
    (tmp_path / "content" / "site.yml").write_text(SITE_YML)
    (tmp_path / "content" / "xfinity" / "06-atlanta.md").write_text(RECAP)
    return tmp_path


def test_new_writes_a_skeleton_that_checks_and_builds_as_a_draft(tmp_path: Path) -> None:
    site(tmp_path)
    result = run("new", *ARGS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "content/xfinity/2021/07-martinsville-speedway.md"
    assert f"Wrote {Path('content/xfinity/2021/07-martinsville-speedway.md')}" in result.stdout
    text = path.read_text()
    assert "round: 7\n" in text and 'track: "Martinsville Speedway"' in text and "draft: true" in text
    assert "# [fin, st, car, driver, team, make, laps, led, status, pts]" in text
    checked = run("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "07-martinsville-speedway.md:14: results: this recap's race has no results yet" in checked.stderr
    built = run("build", "--drafts", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "_site/races/xfinity/2021/07-cook-out-250/index.html").is_file()


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    site(tmp_path)
    assert run("new", *ARGS, cwd=tmp_path).returncode == 0
    path = tmp_path / "content/xfinity/2021/07-martinsville-speedway.md"
    path.write_text(path.read_text() + "\nMy prose.\n")
    again = run("new", *ARGS, cwd=tmp_path)  # the race is there now: a second recap, beside the first
    assert again.returncode == 0, again.stderr
    assert path.read_text().endswith("My prose.\n")
    second = tmp_path / "content/xfinity/2021/07-martinsville-speedway-recap.md"
    assert "results" not in second.read_text().split("---")[1].replace("# published", "")  # the first has them
    (tmp_path / "content/xfinity/2021/08-bristol-motor-speedway.md").write_text("mine\n")
    taken = run("new", *[{"7": "8", "Martinsville Speedway": "Bristol Motor Speedway"}.get(a, a) for a in ARGS],
                cwd=tmp_path)
    assert taken.returncode == 1
    assert taken.stderr == f"{Path('content/xfinity/2021/08-bristol-motor-speedway.md')} already exists: " \
                           "not overwriting it\n"
    assert (tmp_path / "content/xfinity/2021/08-bristol-motor-speedway.md").read_text() == "mine\n"


def test_new_on_a_race_already_on_the_site_writes_a_story_for_it(tmp_path: Path) -> None:
    site(tmp_path)
    result = run("new", "--series", "XFINITY", "--season", "2021", "--round", "6", "--kind", "Preview", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = Path("content/xfinity/06-atlanta.md")
    assert result.stdout.splitlines() == [
        f"xfinity 2021 round 6 is on the site already ({shown}): writing a preview for it.",
        f"Wrote {shown.with_name('06-atlanta-preview.md')}: write the story, then `make serve` to see it."]
    text = (tmp_path / "content/xfinity/06-atlanta-preview.md").read_text()
    assert "kind: preview\n" in text and "published: " in text and "results" not in text and "track" not in text
    checked = run("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr  # no field given twice
    built = run("build", "--drafts", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "_site/races/xfinity/2021/06-echopark-250/preview/index.html").is_file()
    again = run("new", "--series", "xfinity", "--season", "2021", "--round", "6", "--kind", "preview", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "content/xfinity/06-atlanta-preview-2.md").is_file()


def test_new_reports_every_bad_answer(tmp_path: Path) -> None:
    site(tmp_path)
    bad = run("new", "--series", "xfinty", "--season", "twenty", "--round", "7", "--track", "M",
              "--date", "2021-02-30", "--name", "N", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "series: unknown series 'xfinty' (did you mean 'xfinity'?)",
        "season: 'twenty' is not a whole number above 0",
        "date: '2021-02-30' is not a date (write YYYY-MM-DD, e.g. 2021-04-09)",
    ]
    assert not (tmp_path / "content/xfinity/2021").exists()


def test_new_shows_the_choices_and_asks_again_at_once(tmp_path: Path) -> None:
    """Typed at a terminal: a bad answer is said and asked again before the next question."""
    site(tmp_path)
    typed = "xfinty\nXfinity\n2021\n7\nqualy\nQualifying\nMartinsville Speedway\n2021-02-30\n2021-04-09\nCook Out 250\n"
    main, other = pty.openpty()
    os.write(main, typed.encode())
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "new"], cwd=tmp_path, stdin=other,
                            capture_output=True, text=True, timeout=60)
    os.close(main)
    os.close(other)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "series: unknown series 'xfinty' (did you mean 'xfinity'?)",
        "kind: unknown kind 'qualy' (did you mean 'qualifying'?)",
        "date: '2021-02-30' is not a date (write YYYY-MM-DD, e.g. 2021-04-09)"]
    prompts = result.stdout.split(": ")
    assert prompts[:3] == ["series (xfinity, cup)", "series (xfinity, cup)", "season (e.g. 2021)"]
    assert "kind (recap, preview, qualifying, feature) [recap]" in prompts
    text = (tmp_path / "content/xfinity/2021/07-martinsville-speedway-qualifying.md").read_text()
    assert "kind: qualifying\n" in text and "# qualifying:" in text and "results" not in text


def test_new_with_no_one_to_ask_names_every_missing_flag(tmp_path: Path) -> None:
    site(tmp_path)
    result = run("new", "--season", "2021", cwd=tmp_path)  # stdin is not a terminal: nothing can be asked
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["series: is required (give --series)", "round: is required (give --round)"]
    assert sorted(p.name for p in (tmp_path / "content/xfinity").iterdir()) == ["06-atlanta.md"]
