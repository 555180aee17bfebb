"""The JSON export under data/: valid against docs/data.schema.json, documented in docs/data.md, true to the pages."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT
from tests.test_pages import DEMO, FIXTURE, build_once, page_file
from tests.test_stats_career import fixture_races

SCHEMA = json.loads((ROOT / "docs" / "data.schema.json").read_text(encoding="utf-8"))
KINDS = {"drivers.json": "drivers_file", "races.json": "races_file"}


def kind_of(file: Path) -> str:
    return KINDS.get(file.name, "standings_file")


def validator(kind: str | None = None) -> jsonschema.Draft202012Validator:
    """A validator for one file kind (`drivers_file`, ...), or for any export file when `kind` is None."""
    schema = copy.deepcopy(SCHEMA)
    if kind is not None:
        schema.pop("oneOf")
        schema["$ref"] = f"#/$defs/{kind}"
    return jsonschema.Draft202012Validator(schema)


def export(out: Path) -> dict[Path, Any]:
    return {f: json.loads(f.read_text(encoding="utf-8")) for f in sorted((out / "data").rglob("*.json"))}


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_every_export_file_matches_its_kind(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    files = export(out)
    assert {f.relative_to(out).parts[:2] for f in files} >= {("data", "drivers.json"), ("data", "races.json"),
                                                            ("data", "standings")}
    for file, data in files.items():
        errors = [e.message for e in validator(kind_of(file)).iter_errors(data)]
        assert errors == [], f"{file.relative_to(out)}: {errors[:3]}"
        assert validator().is_valid(data), f"{file.relative_to(out)} does not match exactly one kind"


def test_the_schema_rejects_what_it_should(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A missing key, an unknown key, a wrong type: each makes a real file invalid (the schema is not vacuous)."""
    files = export(build_once(FIXTURE, tmp_path_factory))
    drivers = next(data for file, data in files.items() if file.name == "drivers.json")
    standings = next(data for file, data in files.items() if kind_of(file) == "standings_file")
    broken = []
    d = copy.deepcopy(drivers)
    del next(iter(d["drivers"][0]["series"].values()))["wins"]
    broken.append(("drivers_file", d))
    d = copy.deepcopy(drivers)
    d["drivers"][0]["nickname"] = "x"
    broken.append(("drivers_file", d))
    d = copy.deepcopy(drivers)
    d["drivers"][0]["slug"] = "Kyle Busch"
    broken.append(("drivers_file", d))
    s = copy.deepcopy(standings)
    s["rounds"][0]["standings"][0]["points"] = "55"
    broken.append(("standings_file", s))
    s = copy.deepcopy(standings)
    s["version"] = 2
    broken.append(("standings_file", s))
    for kind, data in broken:
        assert not validator(kind).is_valid(data)
        assert not validator().is_valid(data)


def test_every_documented_key_is_in_the_docs() -> None:
    """docs/data.md names every key of every object in the schema, as `key`."""
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for name, definition in SCHEMA["$defs"].items():
        for key in definition.get("properties", {}):
            assert f"`{key}`" in docs, f"{name}.{key} is not in docs/data.md"
    for path in ("data/drivers.json", "data/races.json", "data/standings/<series>/<season>.json"):
        assert path in docs


def test_the_docs_example_is_valid() -> None:
    """Each ```json example in docs/data.md is a valid export file."""
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", docs, re.S)
    assert len(examples) >= 3
    for example in examples:
        data = json.loads(example)
        assert validator().is_valid(data), sorted(e.message for e in validator().iter_errors(data))[:3]


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_averages_are_rounded_to_one_decimal(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    files = export(build_once(content, tmp_path_factory))
    averages: list[float] = []
    for data in files.values():
        for driver in data.get("drivers", ()):
            averages += [line[k] for line in driver["series"].values() for k in ("avg_start", "avg_finish")]
        for round_ in data.get("rounds", ()):
            averages += [row["avg_finish"] for row in round_["standings"]]
    assert averages and all(a is None or a == round(a, 1) for a in averages)


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_races_json_and_urls(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """races.json against the recaps read with plain YAML; every url in the export is a built page."""
    out = build_once(content, tmp_path_factory)
    data = json.loads((out / "data" / "races.json").read_text(encoding="utf-8"))
    expected = [{"series": r["series"], "season": r["season"], "round": r["round"], "date": r["date"].isoformat(),
                 "name": r["name"], "track": r["track"], "cars": len(r["rows"]),
                 "winner": r["rows"][0]["driver"] if r["rows"] and r["rows"][0]["fin"] == 1 else None,
                 "pole": r["pole"]} for r in fixture_races(content)]
    assert [{k: race[k] for k in expected[0]} for race in data["races"]] == expected
    for race in data["races"]:
        page_file(out, race["url"])
    drivers = json.loads((out / "data" / "drivers.json").read_text(encoding="utf-8"))["drivers"]
    assert [d["slug"] for d in drivers] == sorted(d["slug"] for d in drivers)
    for driver in drivers:
        assert f"<h1>{driver['name']}</h1>" in page_file(out, driver["url"]).read_text(encoding="utf-8").replace(
            "&#39;", "'")


@pytest.mark.parametrize("content", [DEMO, FIXTURE], ids=["demo", "fixture"])
def test_standings_files_are_compact_json(content: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build_once(content, tmp_path_factory)
    for file in sorted((out / "data" / "standings").rglob("*.json")):
        text = file.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n", file


@settings(max_examples=200, deadline=None)
@given(st.text(), st.floats(allow_nan=False, allow_infinity=False), st.floats(0, 1e6), st.integers(-50, 50) | st.none(),
       st.floats(1, 60) | st.none(), st.sampled_from(["", "champion", "in", "eliminated"]), st.text(),
       st.floats(0, 100))
def test_a_standings_row_is_written_as_json_dumps_writes_its_mapping(name: str, points: float, gap: float,
                                                                    change: int | None, average: float | None,
                                                                    status: str, note: str, dropped: float) -> None:
    from racesite.pages.data import standing_json, standing_mapping
    from racesite.stats.champ_tables import Line

    row = Line(3, name, points, gap, 12, 1, 4, 8, 0, 17, average, 5.0, status, note, change, dropped)
    text = standing_json(row, {})
    assert text == json.dumps(standing_mapping(row), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(text)["driver"] == name
