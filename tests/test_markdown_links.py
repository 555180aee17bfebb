"""Linking known names at their first mention in a recap body (racesite/markdown_body.py)."""

from __future__ import annotations

from racesite.markdown_body import MarkdownRenderer

LINKS = {"Austin Cindric": "/d/austin-cindric/", "Brett Moffitt": "/d/brett-moffitt/",
         "Team Penske": "/t/team-penske/", "Martin Truex Jr.": "/d/martin-truex-jr/"}


def test_several_names_in_one_run_of_text_keep_the_text_in_order() -> None:
    html = MarkdownRenderer().convert(
        "A *quick* start, then Austin Cindric beat Brett Moffitt by 0.104 s for Team Penske.", LINKS)
    assert html == ('<p>A <em>quick</em> start, then <a href="/d/austin-cindric/">Austin Cindric</a> beat '
                    '<a href="/d/brett-moffitt/">Brett Moffitt</a> by 0.104 s for '
                    '<a href="/t/team-penske/">Team Penske</a>.</p>')


def test_only_the_first_mention_is_linked_and_never_inside_links_code_or_headings() -> None:
    html = MarkdownRenderer().convert(
        "# Austin Cindric\n\n[Cindric](https://example.com) and `Austin Cindric` then **Austin Cindric** "
        "and Austin Cindric; Martin Truex Jr. led.", LINKS)
    assert "<h1>Austin Cindric</h1>" in html
    assert "<code>Austin Cindric</code>" in html
    assert html.count('href="/d/austin-cindric/"') == 1
    assert '<strong><a href="/d/austin-cindric/">Austin Cindric</a></strong> and Austin Cindric;' in html
    assert '<a href="/d/martin-truex-jr/">Martin Truex Jr.</a> led.' in html


def test_a_name_inside_a_longer_word_is_not_linked() -> None:
    html = MarkdownRenderer().convert("Team Penskeville is not Team Penske.", LINKS)
    assert html == '<p>Team Penskeville is not <a href="/t/team-penske/">Team Penske</a>.</p>'
