"""`build.py new`: a recap skeleton in the right place, never over an existing one."""

from __future__ import annotations

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
    assert "07-martinsville-speedway.md:15: results: this recap's race has no results yet" in checked.stderr
    built = run("build", "--drafts", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "_site/races/xfinity/2021/07-cook-out-250/index.html").is_file()


def test_new_refuses_to_overwrite_a_file_or_a_claimed_round(tmp_path: Path) -> None:
    site(tmp_path)
    assert run("new", *ARGS, cwd=tmp_path).returncode == 0
    path = tmp_path / "content/xfinity/2021/07-martinsville-speedway.md"
    path.write_text(path.read_text() + "\nMy prose.\n")
    again = run("new", *ARGS, cwd=tmp_path)
    assert again.returncode == 1 and "already exists: not overwriting it" in again.stderr
    assert path.read_text().endswith("My prose.\n")
    claimed = run("new", *[a if a != "7" else "6" for a in ARGS], cwd=tmp_path)
    assert claimed.returncode == 1
    assert "06-atlanta.md already covers xfinity 2021 round 6" in claimed.stderr


def test_new_reports_every_bad_answer(tmp_path: Path) -> None:
    site(tmp_path)
    bad = run("new", "--series", "xfinty", "--season", "twenty", "--round", "7", "--track", "M",
              "--date", "2021-02-30", "--name", "N", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "series: unknown series 'xfinty' (did you mean 'xfinity'?)",
        "season: 'twenty' is not a whole number above 0",
        "date: '2021-02-30' is not a date (write YYYY-MM-DD)",
    ]
    assert not (tmp_path / "content/xfinity/2021").exists()
