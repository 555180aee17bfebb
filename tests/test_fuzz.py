"""Whatever a writer feeds it, racesite answers with file:line problems or a safe site, never a traceback.

Hypothesis writes content folders with random YAML (any structure and depth, known and unknown keys, any value),
random bytes, and names of any length and script; and hands the writer odd paths. Every problem must name its
file and line; every page must land inside the output folder under a file name that fits a filesystem (255
bytes), and different names must keep different addresses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racesite.errors import BuildError, Problems
from racesite.names import slugify
from racesite.output import Staging, UnsafePath, check_relative
from racesite.pipeline import build, check
from tests.helpers import RECAP, SITE_YML

FIELDS = ["series", "season", "round", "date", "name", "track", "laps", "laps_run", "results", "qualifying",
          "stages", "penalties", "lineup", "kind", "title", "summary", "published", "draft", "lenient", "extra"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["xfinity", "2021-03-20", "2021-02-30", "07", "running"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6) |
                      st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6),
                      max_leaves=40)
FRONT = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), VALUES, max_size=12)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def content_with(tmp: Path, files: dict[str, bytes]) -> Path:
    content = tmp / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "xfinity").mkdir(parents=True)
    (content / "site.yml").write_text(SITE_YML)
    for name, data in files.items():
        (content / "xfinity" / name).write_bytes(data)
    return content


def problems_are_located(problems: Problems, content: Path) -> None:
    for problem in problems.items:
        assert problem.path and (problem.line or problem.path.endswith((".yml", ".csv")) or problem.field == "file"), \
            problem.format()
        assert "Traceback" not in problem.format()


@SETTINGS
@given(front=FRONT, body=st.text(max_size=200))
def test_any_front_matter_gives_located_problems_or_a_site(tmp_path_factory: pytest.TempPathFactory,
                                                          front: dict[object, object], body: str) -> None:
    tmp = tmp_path_factory.mktemp("fuzz")
    try:
        text = yaml.safe_dump(front, allow_unicode=True)
    except yaml.YAMLError:
        return
    content = content_with(tmp, {"r.md": f"---\n{text}---\n{body}".encode()})
    problems = check(content)
    problems_are_located(problems, content)
    try:
        build(content, tmp / "site")
    except BuildError as failed:
        assert failed.errors or failed.strict
        assert not (tmp / "site").exists()  # a failed build writes nothing


@SETTINGS
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_located_problems(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    content = content_with(tmp_path_factory.mktemp("bytes"), {"r.md": data, "s.md": b"---\n" + data + b"\n---\n"})
    problems_are_located(check(content), content)


DEEP = ["[" * 100_000 + "]" * 100_000, "a:\n" + "".join(f"{' ' * n}b:\n" for n in range(1, 400)),
        "{a: " * 5000 + "1" + "}" * 5000]


@pytest.mark.parametrize("deep", DEEP)
def test_nesting_of_any_depth_is_refused_with_a_line(tmp_path: Path, deep: str) -> None:
    content = content_with(tmp_path, {"r.md": f"---\nseries: xfinity\nx: {deep}\n---\n".encode()})
    found = [p.format() for p in check(content).errors]
    assert found and all(line.startswith("content/xfinity/r.md:") or line.startswith(f"{content}/xfinity/r.md:")
                         for line in found), found


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300).map(str.strip).filter(
    lambda n: n and "," not in n and not n.startswith(("[", "{", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`")))


@SETTINGS
@given(names=st.lists(NAMES, min_size=2, max_size=4, unique_by=lambda n: n.casefold()))
def test_names_of_any_length_and_script_give_safe_distinct_pages(tmp_path_factory: pytest.TempPathFactory,
                                                               names: list[str]) -> None:
    tmp = tmp_path_factory.mktemp("names")
    rows = "".join(f'  - {{fin: {n}, car: "{n}", driver: {yaml.safe_dump(name, allow_unicode=True).split(chr(10))[0]}, '
                   f'team: {yaml.safe_dump(name[::-1], allow_unicode=True).split(chr(10))[0]}}}\n'
                   for n, name in enumerate(names, 1))
    text = RECAP.split("results:\n")[0] + "results:\n" + rows + "---\nA story.\n"
    content = content_with(tmp, {"r.md": text.encode()})
    try:
        report = build(content, tmp / "site")
    except BuildError as failed:
        problems_are_located(Problems(failed.problems), content)
        return
    site = (tmp / "site").resolve()
    files = [p for p in site.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(site) for p in files)
    assert all(len(part.encode()) <= 255 for p in files for part in p.relative_to(site).parts)
    drivers = {p.parent.name for p in (site / "drivers").glob("*/index.html")}
    assert len(drivers) == len({n for n in names}) or report.warnings  # names that fold alike are warned of


def test_names_that_differ_only_past_the_cut_keep_distinct_slugs() -> None:
    base = "A" * 200
    one, two = slugify(base + " Smith"), slugify(base + " Jones")
    assert one != two and len(one) <= 120 and len(two) <= 120
    assert slugify("x" * 1000) == slugify("x" * 1000)  # the same name, the same slug


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_writer_never_writes_outside_its_folder(relative: str) -> None:
    try:
        check_relative(relative)
    except UnsafePath:
        return
    assert relative and not relative.startswith("/") and ".." not in relative.split("/") and "\0" not in relative


def test_the_writer_refuses_odd_paths(tmp_path: Path) -> None:
    with Staging(tmp_path / "site") as writer:
        for odd in ("../escape.html", "/etc/passwd", "a/../../b", "a\\b", "x\0y", ""):
            with pytest.raises(UnsafePath):
                writer.write(odd, b"no")
        writer.write("fine/page.html", b"yes")
        writer.commit()
    assert (tmp_path / "site/fine/page.html").read_bytes() == b"yes"
    assert not (tmp_path / "escape.html").exists()


def test_a_long_name_in_another_script_builds_a_page_that_fits(tmp_path: Path) -> None:
    long = "Łukasz Ζαχαρίας 佐藤 " * 20 + "Jr."
    rows = f'  - [1, 1, "7", "{long}", Team, Make]\n  - [2, 2, "8", "{long} II", Team, Make]\n'
    content = content_with(tmp_path, {"r.md": (RECAP.split("results:\n")[0] + "results:\n" + rows
                                               + "---\nA story.\n").encode()})
    build(content, tmp_path / "site")
    pages = sorted(p.parent.name for p in (tmp_path / "site/drivers").glob("*/index.html"))
    assert len(pages) == 2 and all(len(name) <= 120 for name in pages) and pages[0] != pages[1]
    html = (tmp_path / "site/drivers" / pages[0] / "index.html").read_text()
    assert "Łukasz Ζαχαρίας 佐藤" in html
