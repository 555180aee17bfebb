"""The live preview: the real livereload server, driven by headless Chromium, and the overlay logic."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from racesite.serve import OVERLAY_ID, Preview, with_overlay
from tests.browser import chromium, skip_reason
from tests.helpers import RECAP, SITE_YML

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_site(content: Path, recap_text: str = RECAP) -> Path:
    (content / "xfinity").mkdir(parents=True, exist_ok=True)
    (content / "site.yml").write_text(SITE_YML)
    recap = content / "xfinity" / "06-atlanta.md"
    recap.write_text(recap_text)
    return recap


def test_overlay_on_every_page_while_broken_and_gone_when_fixed(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "preview"
    recap = write_site(content)
    lines: list[str] = []
    preview = Preview(content, out, echo=lines.append)
    assert preview.rebuild() and preview.box() is None
    preview.later.wait()  # the search index and the downloads, made in the background after the pages
    pages = files_of(out)
    assert any(name.endswith(".html") for name in pages)

    recap.write_text(RECAP.replace("date: 2021-03-20", "date: 2021-02-30"))
    assert not preview.rebuild()
    assert files_of(out) == pages  # the last good pages stay as they were, and are what is served
    box = preview.box()
    assert box is not None and f'id="{OVERLAY_ID}"'.encode() in box
    assert b"xfinity/06-atlanta.md:5: date: &#x27;2021-02-30&#x27; is not a real date" in box
    shown = with_overlay(pages["index.html"], box)
    assert shown.index(box) > shown.index(b"<body")  # inside the page, right after <body>
    assert any("is not a real date" in line for line in lines)  # also printed in the terminal

    recap.write_text(RECAP)
    assert preview.rebuild() and preview.box() is None


def test_a_save_rebuilds_only_what_it_touches(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "preview"
    recap = write_site(content)
    lines: list[str] = []
    preview = Preview(content, out, echo=lines.append)
    assert preview.rebuild()
    recap.write_text(RECAP + "\nA sentence added in the preview.\n")
    assert preview.rebuild()
    built = [line for line in lines if line.startswith("Built")]
    assert "1 file(s) made" in built[-1], built  # prose shows on its story's page only
    page = out / "races/xfinity/2021/06-echopark-250/recap/index.html"
    assert "A sentence added in the preview." in page.read_text()


def test_the_first_story_written_on_a_site_without_one_is_proofread(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An imported history has no story: the preview makes the prose check's tools (the name index, the history)
    in its first build anyway, so the first story written is read without making them from every race, and its
    misspelling shows."""
    from racesite.proofread import site as proofread_site

    content, out = tmp_path / "content", tmp_path / "preview"
    recap = write_site(content, RECAP[:RECAP.index("\n---\n", 4) + 5])  # the front matter alone: no story
    lines: list[str] = []
    preview = Preview(content, out, echo=lines.append)
    made: list[bool] = []
    real = proofread_site.NameIndex.of

    def index_of(*args: object, last: object = None) -> object:
        made.append(last is None)
        return real(*args, last=last)  # type: ignore[arg-type]
    monkeypatch.setattr(proofread_site.NameIndex, "of", index_of)
    assert preview.rebuild() and made == [True]
    recap.write_text(RECAP + "\nJustin Allgiaer won it.\n")
    assert preview.rebuild()
    assert made == [True]  # (the first build's: its races are the same)
    box = preview.box()
    assert box is not None and b"Allgiaer" in box and b"Justin Allgaier" in box


def test_first_build_broken_shows_errors_at_root(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "preview"
    write_site(content, RECAP.replace("series: xfinity", "series: xfinty"))
    preview = Preview(content, out, echo=lambda _: None)
    assert not preview.rebuild()
    box = preview.box()
    assert box is not None and b"unknown series &#x27;xfinty&#x27; (did you mean &#x27;xfinity&#x27;?)" in box
    assert (out / "index.html").is_file()  # a page to show the errors on


def test_drafts_show_in_preview_marked(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "preview"
    write_site(content, RECAP.replace("laps: 163", "laps: 163\ndraft: true"))
    assert Preview(content, out, echo=lambda _: None).rebuild()
    page = (out / "races/xfinity/2021/06-echopark-250/index.html").read_text()
    assert '<span class="draft">Draft</span>' in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_live_reload_in_a_real_browser(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    content = tmp_path / "content"
    recap = write_site(content, RECAP.replace("laps: 163", "laps: 163\ntitle: First title"))
    port, liveport = _free_port(), _free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--out",
         str(tmp_path / "preview"), "--port", str(port), "--liveport", str(liveport)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/races/xfinity/2021/06-echopark-250/recap/"
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.2)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            heading = page.locator("h1")
            expect(heading).to_have_text("First title")
            page.wait_for_timeout(1500)  # let the live-reload socket connect

            # Two saves within a second: both changes reach the browser (livereload's 3 s throttle is off).
            recap.write_text(recap.read_text().replace("First title", "Second title"))
            first_save = time.monotonic()
            expect(heading).to_have_text("Second title", timeout=10_000)
            recap.write_text(recap.read_text().replace("Second title", "Third title"))
            assert time.monotonic() - first_save < 3, "the second save must land inside the old 3 s window"
            expect(heading).to_have_text("Third title", timeout=10_000)

            # Break the recap: the page stays up with the errors on top of it.
            recap.write_text(recap.read_text().replace("date: 2021-03-20", "date: 2021-02-30"))
            overlay = page.locator(f"#{OVERLAY_ID}")
            expect(overlay).to_be_visible(timeout=10_000)
            expect(overlay).to_contain_text("06-atlanta.md:5: date: '2021-02-30' is not a real date")
            expect(heading).to_have_text("Third title")

            # Fix it, with a misspelled name in: the new build shows, its warning in a corner box.
            typo = "  - [3, 5, \"20\", Harrison Burton, Joe Gibbs Racing, Toyota, 162, 0, running, 50]\n"
            recap.write_text(recap.read_text().replace("date: 2021-02-30", "date: 2021-03-20")
                             .replace(typo, typo + "qualifying:\n  - [1, \"7\", Justin Allgiaer]\n"))
            expect(overlay).to_have_attribute("role", "status", timeout=10_000)
            expect(overlay).not_to_contain_text("Build failed")
            expect(overlay.locator("summary")).to_have_text("1 warning")
            expect(overlay.locator("li")).to_contain_text("'Justin Allgiaer' is not in this race's results")
            box = overlay.bounding_box()
            assert box is not None and box["y"] > 0, "warnings alone: a box in a corner, not a bar over the page"

            # Another file breaks: errors first, the warning below them, folded away until clicked.
            broken = recap.with_name("07-bristol.md")
            broken.write_text(RECAP.replace("round: 6", "round: 7").replace("date: 2021-03-20", "date: 2021-13-01"))
            expect(overlay).to_contain_text("Build failed: 1 error, 1 warning.", timeout=10_000)
            warning = overlay.locator("details")
            expect(warning.locator("li")).to_be_hidden()
            warning.locator("summary").click()
            expect(warning.locator("li")).to_contain_text("'Justin Allgiaer' is not in this race's results")

            # Fix both: the overlay is gone on the next good build.
            broken.unlink()
            recap.write_text(recap.read_text().replace("Allgiaer", "Allgaier"))
            expect(overlay).to_have_count(0, timeout=10_000)
            assert server.poll() is None, "the server must never die on a bad edit"
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Serving" in output and "is not a real date" in output


def test_warnings_are_printed_again_only_when_they_change(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "preview"
    typo = "  - [3, 5, \"20\", Harrison Burton, Joe Gibbs Racing, Toyota, 162, 0, running, 50]\n"
    recap = write_site(content, RECAP.replace(typo, typo + "qualifying:\n  - [1, \"7\", Justin Allgiaer]\n"
                                                     "  - [2, \"54\", Martin Truex]\n"))
    lines: list[str] = []
    preview = Preview(content, out, echo=lines.append)

    def warnings() -> list[str]:
        assert preview.rebuild()
        found = [line for line in lines if line.startswith("warning:")]
        lines.clear()
        return found

    assert any("'Justin Allgiaer' is not in this race's results" in line for line in warnings())
    recap.write_text(recap.read_text() + "\nMore prose.\n")
    assert warnings() == []  # the same warnings: not printed again
    recap.write_text(recap.read_text().replace("Allgiaer", "Allgaier"))
    after = warnings()  # changed: printed again, without the fixed one
    assert any("'Martin Truex' is not in this race's results" in line for line in after)
    assert not any("Allgiaer" in line for line in after)
