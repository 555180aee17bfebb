"""output.py: the new site is swapped in whole, never written outside its folder, never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from racesite import output
from racesite.errors import BuildError
from racesite.output import UnsafePath, safe_join, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes), and every folder as None."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "_site"
    write_site({"index.html": b"old home", "races/old/index.html": b"old race"}, out)
    return out


def test_writes_files_and_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "style.css").write_text("body {}")
    out = tmp_path / "_site"
    count = write_site({"index.html": b"<h1>Home</h1>", "drivers/a/index.html": b"A"}, out, static=static)
    assert count == 2
    assert snapshot(out) == {"drivers": None, "drivers/a": None, "drivers/a/index.html": b"A",
                             "index.html": b"<h1>Home</h1>", "static": None, "static/style.css": b"body {}"}


def test_a_new_build_replaces_the_old_site_whole(old_site):
    write_site({"index.html": b"new home"}, old_site)
    assert snapshot(old_site) == {"index.html": b"new home"}  # the old race page is gone, not merged
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]  # no staging or old folder left


def test_the_swap_is_a_rename_of_a_complete_folder(old_site, monkeypatch):
    seen: list[dict[str, bytes]] = []
    real_swap = output._swap

    def spy(staging: Path, out: Path) -> None:
        seen.append(snapshot(staging))
        assert snapshot(out) == {"index.html": b"old home", "races": None, "races/old": None,
                                 "races/old/index.html": b"old race"}  # untouched until the swap
        real_swap(staging, out)

    monkeypatch.setattr(output, "_swap", spy)
    write_site({"index.html": b"new", "a/index.html": b"a"}, old_site)
    assert seen == [{"a": None, "a/index.html": b"a", "index.html": b"new"}]


@pytest.mark.parametrize("relative", ["../escape.html", "a/../../escape.html", "/etc/passwd", "a\\..\\x.html",
                                      "..", "a/..", "", "a\0b.html"])
def test_a_path_outside_the_output_folder_is_refused(old_site, relative):
    before = snapshot(old_site)
    with pytest.raises(UnsafePath, match="refusing to write outside the output folder"):
        write_site({"index.html": b"new", relative: b"evil"}, old_site)
    assert snapshot(old_site) == before
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]
    assert not (old_site.parent / "escape.html").exists()


def test_safe_join_keeps_good_paths(tmp_path):
    assert safe_join(tmp_path, "drivers/a/index.html") == tmp_path / "drivers/a/index.html"
    assert safe_join(tmp_path, "./index.html") == tmp_path / "index.html"


def test_a_symlinked_folder_cannot_lead_outside(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        safe_join(root, "link/escape.html")


def test_a_failure_while_writing_leaves_the_old_site_intact(old_site, monkeypatch):
    before = snapshot(old_site)
    opened = []

    def failing_open(file: str, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode and len(opened) == 2:
            raise OSError(28, "No space left on device")
        opened.append(file)
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(output, "open", failing_open, raising=False)  # the writer's `open`
    with pytest.raises(OSError, match="No space left"):
        write_site({f"p{n}/index.html": b"new" for n in range(5)}, old_site)
    assert len(opened) == 2
    assert snapshot(old_site) == before
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]


def test_a_failure_during_the_swap_puts_the_old_site_back(old_site, monkeypatch):
    before = snapshot(old_site)
    real_rename = Path.rename

    def failing_rename(self: Path, target: Path) -> Path:
        if self.name.startswith("._site.new-"):
            raise OSError(18, "Invalid cross-device link")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError, match="cross-device"):
        write_site({"index.html": b"new"}, old_site)
    assert snapshot(old_site) == before
    assert sorted(p.name for p in old_site.parent.iterdir()) == ["_site"]


@pytest.mark.parametrize(("out", "reason"), [
    (".", "it contains the working folder"),
    ("..", "it contains the working folder"),
    ("content", "it holds content (a site.yml), not a built site"),
])
def test_never_replaces_the_working_folder_or_the_content(site, out, reason):
    content = site({"xfinity/2021/06-atlanta.md": "recap"})
    before = snapshot(Path.cwd())
    with pytest.raises(BuildError) as caught:
        write_site({"index.html": b"new"}, Path(out))
    assert caught.value.format() == (f"--out: refusing to replace '{out}': {reason} "
                                     "(build into a folder of its own, e.g. _site)")
    assert snapshot(Path.cwd()) == before
    assert (content / "site.yml").is_file()


# --- in-place updates (incremental builds) ----------------------------------------------------------


def update(out: Path, previous: list[str], reused: list[str], new: dict[str, bytes]) -> None:
    with output.Update(out, None, previous, reused) as writer:
        for path, data in new.items():
            writer.write(path, data)
        writer.commit()


def test_an_update_replaces_changed_files_keeps_the_rest_and_removes_what_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "a/index.html": b"a", "b/c/index.html": b"c"}, out)
    kept = (out / "a/index.html").stat()
    update(out, ["index.html", "a/index.html", "b/c/index.html"], ["a/index.html"],
           {"index.html": b"home 2", "d/index.html": b"d"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a", "a/index.html", "d", "d/index.html",
                                                                          "index.html"]
    assert (out / "index.html").read_bytes() == b"home 2"
    assert (out / "a/index.html").stat().st_ino == kept.st_ino  # untouched
    assert not list(tmp_path.glob(".site.new-*"))


def test_a_file_made_again_with_the_same_bytes_is_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "a/index.html": b"a"}, out)
    before = {name: (out / name).stat() for name in ("index.html", "a/index.html")}
    update(out, ["index.html", "a/index.html"], [], {"index.html": b"home", "a/index.html": b"a 2"})
    assert (out / "index.html").stat().st_ino == before["index.html"].st_ino  # same bytes: not replaced
    assert (out / "index.html").stat().st_mtime_ns == before["index.html"].st_mtime_ns
    assert (out / "a/index.html").read_bytes() == b"a 2"
    assert (out / "a/index.html").stat().st_ino != before["a/index.html"].st_ino


def test_a_failed_update_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home", "a/index.html": b"a"}, out)
    with pytest.raises(RuntimeError), output.Update(out, None, ["index.html", "a/index.html"]) as writer:
        writer.write("index.html", b"half a build")
        raise RuntimeError("a page failed to render")
    assert (out / "index.html").read_bytes() == b"home"
    assert (out / "a/index.html").read_bytes() == b"a"
    assert not list(tmp_path.glob(".site.new-*"))


def test_an_update_never_writes_or_removes_outside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"home"}, out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_bytes(b"not ours")
    (out / "link").symlink_to(outside)
    with pytest.raises(UnsafePath):
        update(out, ["index.html", "link/index.html"], [], {"link/index.html": b"x"})
    with pytest.raises(UnsafePath):
        update(out, ["index.html", "link/index.html"], ["index.html"], {})  # a stale path behind the link
    with pytest.raises(UnsafePath):
        update(out, ["index.html"], ["../outside/index.html"], {})
    assert (outside / "index.html").read_bytes() == b"not ours"
