"""Pages: every name in a results, standings or leader table is a link to a page that was built.

The general check that every internal link resolves lives in tests/test_links.py;
this file is about names: a driver, team, make or track shown in a table cell
must be an `<a>` around exactly that name, pointing at a built page. Also home
to `tables()`, the small HTML table reader the stats tests use to read numbers
off the pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from racesite.pipeline import build
from tests.helpers import ROOT

DEMO = ROOT / "content"
FIXTURE = ROOT / "tests" / "sites" / "stats-basic" / "content"
CSV_SITE = ROOT / "tests" / "sites" / "csv-results" / "content"  # results from a CSV file

_BUILT: dict[Path, Path] = {}


def build_once(content: Path, factory: pytest.TempPathFactory) -> Path:
    """Build `content` once per test session; returns the output folder."""
    if content not in _BUILT:
        out = factory.mktemp("built") / "site"
        build(content, out)
        _BUILT[content] = out
    return _BUILT[content]


# --- reading tables off a page ------------------------------------------------------------


@dataclass
class Cell:
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, link text)
    header: bool = False

    @property
    def number(self) -> float | None:
        """The cell as a number ('1,234' -> 1234, '12.5' -> 12.5); None for '–' or empty."""
        text = self.text.replace(",", "").replace("−", "-")
        try:
            return float(text)
        except ValueError:
            return None


@dataclass
class Table:
    heading: str  # the nearest h1/h2/h3 above the table
    head: list[str]  # column headings
    rows: list[list[Cell]]
    section: str = ""  # the nearest h2 above the table
    in_body: bool = False  # inside a recap's or bio's Markdown body (the writer's own table)

    def column(self, name: str) -> int:
        return self.head.index(name)

    def row(self, first: str) -> list[Cell]:
        """The row whose first cell reads `first`."""
        found = [r for r in self.rows if r and r[0].text == first]
        assert len(found) == 1, f"{len(found)} rows start with {first!r} in table {self.heading!r}"
        return found[0]

    def dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.head, row)) for row in self.rows]


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.heading = self.section = ""
        self._heading: list[str] | None = None
        self._table: Table | None = None
        self._in_head = False
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None
        self._link: list[str] | None = None
        self._href = ""
        self._divs = 0
        self._body_at: int | None = None  # div depth of the open <div class="body">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self._divs += 1
            if self._body_at is None and "body" in (dict(attrs).get("class") or "").split():
                self._body_at = self._divs
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "table":
            self._table = Table(self.heading, [], [], self.section, self._body_at is not None)
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = Cell(header=tag == "th")
        elif tag == "a" and self._cell is not None:
            self._href = dict(attrs).get("href") or ""
            self._link = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._body_at == self._divs:
                self._body_at = None
            self._divs -= 1
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.heading = " ".join("".join(self._heading).split())
            if tag != "h3":
                self.section = self.heading
            self._heading = None
        elif tag == "a" and self._link is not None and self._cell is not None:
            self._cell.links.append((self._href, " ".join("".join(self._link).split())))
            self._link = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._cell.text = " ".join(self._cell.text.split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._in_head:
                self._table.head = [c.text for c in self._row]
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._cell is not None:
            self._cell.text += data
        if self._link is not None:
            self._link.append(data)


def tables(html_file: Path) -> list[Table]:
    reader = _TableReader()
    reader.feed(html_file.read_text(encoding="utf-8"))
    return reader.tables


def table(html_file: Path, heading: str, section: str | None = None) -> Table:
    """The one table under the heading `heading` (e.g. 'Career', 'Most wins'), within h2 `section` if given."""
    found = [t for t in tables(html_file) if t.heading == heading and section in (None, t.section)]
    assert len(found) == 1, f"{len(found)} tables under {heading!r} in {html_file}"
    return found[0]


def page_file(out: Path, href: str, base: str = "/") -> Path:
    """The built file an internal href points at (asserting it exists)."""
    path = unquote(urlsplit(href).path)
    assert path.startswith(base), f"{href} is outside the site's base path {base}"
    target = out / path[len(base):]
    if href.endswith("/") or target.is_dir():
        target = target / "index.html"
    assert target.is_file(), f"{href} does not resolve to a built page"
    return target


# --- every name in a table is a link to its page ------------------------------------------------

NAME_COLUMNS = {"Driver", "Team", "Make", "Track", "Winner", "Pole", "Race", "Series", "Season", "Champion",
                "Points leader"}
ENTITY_PATHS = ("/drivers/", "/teams/", "/makes/", "/tracks/")
NOT_A_NAME = {"", "—", "–"}


def _h1(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index("<h1>") + 4
    import html

    return html.unescape(text[start:text.index("</h1>", start)])


def _check_link(out: Path, cell: Cell, where: str) -> None:
    """The cell's text is one link around exactly that text, to a built page (whose h1 is the name, for entities)."""
    assert len(cell.links) == 1 and cell.links[0][1] == cell.text, f"{where}: {cell.text!r} is not a link"
    href = cell.links[0][0]
    target = page_file(out, href)
    if href.startswith(ENTITY_PATHS):
        assert _h1(target) == cell.text, f"{where}: {cell.text!r} links to the page of {_h1(target)!r}"


def name_cells(page: Path) -> list[tuple[str, Cell]]:
    """(where, cell) for every cell that shows a name: named columns, and the name cells of leader/record tables."""
    found = []
    for t in tables(page):
        if t.in_body:
            continue
        if t.head:
            columns = [i for i, name in enumerate(t.head) if name in NAME_COLUMNS]
            found += [(f"{page}: {t.heading}: {t.head[i]}", row[i]) for row in t.rows for i in columns
                      if i < len(row) and row[i].text not in NOT_A_NAME]
        else:  # leader and record tables: every cell that is not a number (or 'from 12')
            for row in t.rows:
                for cell in row:
                    if cell.number is None and not cell.text.startswith("from ") and cell.text not in NOT_A_NAME:
                        found.append((f"{page}: {t.heading}", cell))
    return found


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_every_name_in_every_table_is_a_link(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    checked = 0
    for page in sorted(out.rglob("index.html")):
        for where, cell in name_cells(page):
            if "," in cell.text and len(cell.links) == 1 and cell.text.startswith(cell.links[0][1] + ", "):
                cell = Cell(cell.links[0][1], cell.links)  # a record row: 'race name, 2021'
            _check_link(out, cell, where)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("content", [DEMO, FIXTURE, CSV_SITE], ids=["demo", "fixture", "csv"])
def test_race_pages_link_every_driver_team_make_and_the_track(content: Path,
                                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    """Read independently of the pages: every driver, team and make in each recap's rows is linked in its results."""
    from tests.test_stats_career import fixture_races

    out = build_once(content, tmp_path_factory)
    races = json.loads((out / "data" / "races.json").read_text(encoding="utf-8"))["races"]
    by_key = {(r["series"], r["season"], r["round"]): r["url"] for r in races}
    for race in fixture_races(content):
        page = page_file(out, by_key[(race["series"], race["season"], race["round"])])
        results = table(page, "Results")
        assert [r[0].text for r in results.rows] == [str(row["fin"]) for row in race["rows"]]
        for shown, row in zip(results.dicts(), race["rows"]):
            for column, key in (("Driver", "driver"), ("Team", "team"), ("Make", "make")):
                if row[key]:
                    assert shown[column].text == row[key]
                    _check_link(out, shown[column], f"{page}: {column}")
                else:
                    assert shown[column].text == "" and not shown[column].links
        text = page.read_text(encoding="utf-8")
        header = text[text.index('<header class="race-header">'):text.index("</header>", text.index("race-header"))]
        track = [m for m in _links(header) if m[1] == race["track"]]
        assert len(track) == 1, f"{page}: the track is not linked"
        assert _h1(page_file(out, track[0][0])) == race["track"]
        for stage in race["stages"]:  # stage finishers are links too
            for name in stage:
                assert any(t == name for _, t in _links(text[text.index('id="stages"'):])), name


def _links(html_text: str) -> list[tuple[str, str]]:
    import html
    import re

    return [(m.group(1), html.unescape(m.group(2))) for m in re.finditer(r'<a href="([^"]*)">([^<]*)</a>', html_text)]
