"""Page paths are built from slugs and numbers only, so no name can lead outside the output folder."""

from __future__ import annotations

from racesite import urls
from racesite.names import slugify


def test_paths_for_each_page_kind() -> None:
    assert urls.race("xfinity", 2021, "06-echopark-250") == "races/xfinity/2021/06-echopark-250/"
    assert urls.driver(slugify("Martin Truex Jr.")) == "drivers/martin-truex-jr/"
    assert urls.track(slugify("Daytona Beach & Road Course")) == "tracks/daytona-beach-and-road-course/"
    assert urls.standings("cup", 1990, 7) == "series/cup/1990/standings/07/"
    assert urls.file_for("") == "index.html"
    assert urls.file_for("drivers/x/") == "drivers/x/index.html"


def test_a_hostile_name_stays_inside_its_folder() -> None:
    path = urls.driver(slugify("../../etc/passwd"))
    assert path == "drivers/etc-passwd/" and ".." not in path
