"""names.py: slugs that are safe in a URL and a path, and resolving name variants."""

from __future__ import annotations

import re

import pytest

from racesite.names import Names, fold, near_miss, slugify


@pytest.mark.parametrize(("name", "slug"), [
    ("Daniel Suárez", "daniel-suarez"),
    ("A.J. Allmendinger", "aj-allmendinger"),
    ("J.J. Yeley", "jj-yeley"),
    ("Martin Truex Jr.", "martin-truex-jr"),
    ("Daytona Beach & Road Course", "daytona-beach-and-road-course"),
    ("O'Reilly Auto Parts 300", "oreilly-auto-parts-300"),
    ("Kimi Räikkönen", "kimi-raikkonen"),
    ("Straße", "strasse"),
    ("Øyvind  Ståle ", "oyvind-stale"),
    ("Go Bowling 250 @ The Glen", "go-bowling-250-the-glen"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["../../etc", "..", "/etc/passwd", "C:\\Windows\\system32", "a/../../b", "~root",
                                  "", "...", "東京", "\x00", "%2e%2e%2f"])
def test_a_slug_never_escapes_or_is_empty(name):
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_slugs_of_path_like_names():
    assert slugify("../../etc") == "etc"
    assert slugify("/etc/passwd") == "etc-passwd"
    assert slugify("..") == "unnamed"


def test_fold_ignores_case_accents_dots_and_spacing():
    assert fold("Daniel Suárez") == fold("daniel  suarez") == "danielsuarez"
    assert fold("A.J. Allmendinger") == fold("AJ Allmendinger")


def test_names_resolve_aliases_and_near_spellings():
    names = Names()
    assert names.add("Daniel Suárez", ["Daniel Suarez"]) == []
    assert names.add("A.J. Allmendinger") == []
    assert names.resolve("Daniel Suarez") == "Daniel Suárez"
    assert names.resolve("daniel suárez") == "Daniel Suárez"
    assert names.resolve("AJ Allmendinger") == "A.J. Allmendinger"
    assert names.resolve("Justin Allgaier") == "Justin Allgaier"  # never registered: its own name
    assert "Daniel Suarez" in names and "Justin Allgaier" not in names
    assert names.known() == ["A.J. Allmendinger", "Daniel Suárez"]


def test_an_alias_claimed_twice_is_reported():
    names = Names()
    names.add("Daniel Suárez", ["Daniel Suarez"])
    assert names.add("Daniel Suarez Jr.", ["Daniel Suarez"]) == [("Daniel Suarez", "Daniel Suárez")]
    assert names.resolve("Daniel Suarez") == "Daniel Suárez"


def test_near_miss():
    known = ["Justin Allgaier", "Justin Haley", "Austin Hill"]
    assert near_miss("Justin Allgiaer", known) == "Justin Allgaier"
    assert near_miss("Justin Allgaier", known) is None  # the name itself is not a near miss
    assert near_miss("Noah Gragson", known) is None
