"""render.py: escaping what writers type, and template errors that name the template file and line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from racesite import render
from racesite.errors import BuildError
from racesite.pages import PageKey, Planned, RawFile
from racesite.pipeline import DEFAULT_TEMPLATES, build
from racesite.render import format_date, format_number, ordinal
from tests.helpers import OWN_SCRIPTS, RECAP_PATH, recap

RACE_PAGE = "races/xfinity/2021/06-echopark-250/index.html"
RECAP_PAGE = "races/xfinity/2021/06-echopark-250/recap/index.html"
EVIL = "<script>alert(1)</script>"


def built(site, text: str, **options: object) -> Path:
    content = site({RECAP_PATH: text})
    build(content, Path("_site"), **options)
    return Path("_site")


def test_a_driver_name_with_markup_is_escaped_everywhere(site):
    out = built(site, recap(rows=f'  - [1, 6, "7", "{EVIL}", "A & B <i>", Chevrolet]\n  - [2, 5, "8", B]\n'))
    race = (out / RACE_PAGE).read_text()
    assert '<a href="/drivers/script-alert-1-script/">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in race
    assert '<a href="/teams/a-and-b-i/">A &amp; B &lt;i&gt;</a>' in race
    driver = (out / "drivers/script-alert-1-script/index.html").read_text()
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in driver
    for file in out.rglob("*.html"):
        assert EVIL not in file.read_text(), file
        assert "<i>" not in file.read_text(), file
        assert active_markup(file.read_text()) == [], file


def test_a_title_with_markup_is_escaped(site):
    out = built(site, recap(title='"Allgaier <b>wins</b> & more"'))
    story = (out / RECAP_PAGE).read_text()
    assert "<h1>Allgaier &lt;b&gt;wins&lt;/b&gt; &amp; more</h1>" in story
    assert "<title>Allgaier &lt;b&gt;wins&lt;/b&gt; &amp; more · Test Site</title>" in story
    race = (out / RACE_PAGE).read_text()
    assert '<h3><a href="/races/xfinity/2021/06-echopark-250/recap/">Allgaier &lt;b&gt;wins&lt;/b&gt; &amp; more</a>' \
           '</h3>' in race


def test_raw_html_in_a_recap_body_is_shown_as_text(site):
    body = (f"{EVIL}\n\nA <img src=x onerror=alert(2)> in a line.\n\n<div onclick='x'>\nblock\n</div>\n\n"
            "[a link](javascript:alert(3)) and **bold**\n\nA paragraph\n{: onclick=\"alert(4)\" }\n")
    race = (built(site, recap() + "\n" + body) / RECAP_PAGE).read_text()
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in race
    assert "<p>A &lt;img src=x onerror=alert(2)&gt; in a line.</p>" in race
    assert "<p>&lt;div onclick=&rsquo;x&rsquo;&gt;\nblock\n&lt;/div&gt;</p>" in race
    assert '<a href="#">a link</a> and <strong>bold</strong>' in race
    assert "<p>A paragraph</p>" in race
    assert active_markup(race) == []


class _Active(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        own = tag == "script" and any(name == "src" and (value or "").endswith(OWN_SCRIPTS) for name, value in attrs)
        if tag in ("iframe", "object", "embed") or (tag == "script" and ("type", "application/ld+json") not in attrs
                                                     and not own):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and (value or "").lower().startswith("javascript")):
                self.found.append(f"<{tag} {name}={value}>")


def active_markup(html: str) -> list[str]:
    """Scripts (other than JSON-LD data), event handler attributes and javascript: links in a page."""
    parser = _Active()
    parser.feed(html)
    return parser.found


def template_copy(edit_line: int, text: str) -> Path:
    """The default templates, copied, with `text` inserted as line `edit_line` of race.html."""
    templates = Path("templates").resolve()
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    race = templates / "race.html"
    lines = race.read_text().split("\n")
    lines.insert(edit_line - 1, text)
    race.write_text("\n".join(lines))
    return templates


@pytest.mark.parametrize(("text", "message"), [
    ("{{ race.no_such_field }}",
     "UndefinedError: 'racesite.pages.race.RaceView object' has no attribute 'no_such_field'"),
    ("{% if %}", "Expected an expression, got 'end of statement block'"),
    ("{{ race.title | no_such_filter }}", "No filter named 'no_such_filter'."),
])
def test_a_template_error_names_the_template_and_line(site, text, message):
    content = site({RECAP_PATH: recap()})
    templates = template_copy(6, text)
    with pytest.raises(BuildError) as caught:
        build(content, Path("_site"), templates=templates)
    assert [p.format() for p in caught.value.problems] == [
        f"templates/race.html:6: template: {message} (while rendering 'races/xfinity/2021/06-echopark-250/')"]
    assert not Path("_site").exists()


def test_a_template_error_names_the_template_relative_to_the_working_folder(site):
    content = site({RECAP_PATH: recap()})
    templates = template_copy(6, "{{ race.no_such_field }}")  # absolute, like the command line's default
    with pytest.raises(BuildError) as caught:
        build(content, Path("_site"), templates=templates)
    assert caught.value.problems[0].format().startswith("templates/race.html:6: template: ")


@pytest.mark.parametrize(("value", "style", "shown"), [
    (dt.date(2021, 3, 20), "long", "March 20, 2021"),
    (dt.date(2021, 3, 2), "short", "Mar 2"),
    (None, "long", ""),
])
def test_format_date(value, style, shown):
    assert format_date(value, style) == shown


@pytest.mark.parametrize(("value", "args", "shown"), [
    (163, (), "163"), (1449, (), "1,449"), (57.0, (), "57"), (181.1726, (3,), "181.173"), (None, (0, "–"), "–"),
])
def test_format_number(value, args, shown):
    assert format_number(value, *args) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"),
    (22, "22nd"), (101, "101st"), (111, "111th"), (112, "112th"),
])
def test_ordinal(value, shown):
    assert ordinal(value) == shown


def test_an_undefined_value_in_output_still_fails() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render.make_environment(DEFAULT_TEMPLATES).from_string("{{ nothing }}").render()


def test_compiled_templates_are_kept_between_processes_and_follow_their_source(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    compiles: list[str | None] = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: object, name: str | None = None, *args: object) -> object:
        compiles.append(name)
        return real(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    templates, compiled = tmp_path / "templates", tmp_path / "compiled"
    templates.mkdir()
    (templates / "t.html").write_text("one {{ a }}")
    assert render.make_environment(templates, compiled).get_template("t.html").render(a=1) == "one 1"
    assert len(list(compiled.iterdir())) == 1
    assert compiles == ["t.html"]

    # A new process (a new environment) loads the compiled template; an edited template is compiled again.
    assert render.make_environment(templates, compiled).get_template("t.html").render(a=2) == "one 2"
    assert compiles == ["t.html"]
    (templates / "t.html").write_text("two {{ a }}")
    assert render.make_environment(templates, compiled).get_template("t.html").render(a=3) == "two 3"
    assert compiles == ["t.html", "t.html"]


class PidPages:
    """A kind whose page says which process made it."""

    templates = ()

    def __init__(self, name: str, heavy: bool) -> None:
        self.name, self.heavy = name, heavy

    def pages(self, site: object, stats: object) -> list[tuple[object, object]]:
        return []

    def make(self, inputs: object, env: object) -> list[RawFile]:
        return [RawFile(f"{self.name}-{inputs}.txt", str(os.getpid()).encode())]


@pytest.mark.parametrize("heavy", [False, True])
def test_a_heavy_page_gets_a_worker_of_its_own_even_among_few(tmp_path: Path, heavy: bool) -> None:
    """Few pages render in this process, unless one is of a heavy kind (the downloads take seconds): then in
    workers, each handing back what taking the fingerprints learned."""
    kinds = [PidPages("downloads", heavy), PidPages("home", False)]
    planned = [Planned(PageKey(kind.name), kind, 1) for kind in kinds]

    def write(path: str, data: bytes) -> None:
        (tmp_path / path).write_bytes(data)
    learned: list[object] = []

    class Measure:  # (as the build plan takes fingerprints; what each chunk "learned" is the process that made it)
        def print_of(self, page: Planned) -> str:
            return str(page.key)

        def learned(self) -> object:
            return os.getpid()

        def learn(self, found: object) -> None:
            learned.append(found)
    job = render.Job(planned, None, DEFAULT_TEMPLATES, write, measure=Measure())  # type: ignore[arg-type]
    made = render.render(job, workers=2)
    assert made == [(["downloads-1.txt"], "downloads"), (["home-1.txt"], "home")]
    makers = {int((tmp_path / path).read_text()) for paths, _ in made for path in paths}
    assert (os.getpid() not in makers) is heavy
    assert set(learned) == (makers if heavy else {os.getpid()})
