"""schema.org JSON-LD for race and story pages, made safe to sit inside a `<script>` element.

Owns the `SportsEvent` a race page describes and the `NewsArticle` a story page is, linked to that event by its
`@id`. Must not compute stats or render.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .. import urls
from ..model import EntityInfo, Race, SiteConfig, Story
from ..stats.rules import is_win
from .links import Links, race_path, story_path


def race_jsonld(race: Race, summary: str, config: SiteConfig, track: EntityInfo | None, links: Links) -> dict[str, Any]:
    """schema.org `SportsEvent` for a race.

    `competitor` lists every driver in finishing order as a `Person`; the winner's entry is wrapped in a
    schema.org `Role` with `roleName: "winner"` (schema.org has no winner property on events; `Role` is its way
    to qualify a relationship). `location` is a `Place` named after the track, with the track file's `location`
    as its `address` when given.
    """
    root = urls.full_url(config, "")
    place: dict[str, Any] = {"@type": "Place", "name": race.track,
                             "url": root + urls.track(links.slug("track", race.track))}
    location = dict(track.facts).get("location") if track is not None else None
    if location:
        place["address"] = str(location)
    competitors: list[dict[str, Any]] = []
    for result in race.results:
        url = root + urls.driver(links.slug("driver", result.driver))
        person = {"@type": "Person", "name": result.driver, "url": url}
        competitors.append({"@type": "Role", "roleName": "winner", "competitor": person} if is_win(result) else person)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "SportsEvent",
                            "@id": root + race_path(race) + "#event", "name": race.name}
    if summary:
        data["description"] = summary
    data.update({"startDate": race.date.isoformat(), "url": root + race_path(race), "location": place})
    if not race.results:
        data["eventStatus"] = "https://schema.org/EventScheduled"
    if competitors:
        data["competitor"] = competitors
    return data


def article_jsonld(story: Story, race: Race, body: str, config: SiteConfig, track: EntityInfo | None,
                   links: Links) -> dict[str, Any]:
    """schema.org `NewsArticle` (a feature: `Article`) for a story, `about` its race's `SportsEvent` (the same
    `@id` as on the race's page)."""
    root = urls.full_url(config, "")
    url = root + story_path(race, story)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Article" if story.kind == "feature" else
                            "NewsArticle", "headline": story.title}
    if story.summary:
        data["description"] = story.summary
    data["datePublished"] = story.published.isoformat()
    author = story.author or config.author
    if author:
        data["author"] = {"@type": "Person", "name": author}
    data.update({"url": url, "mainEntityOfPage": url, "wordCount": len(body.split())})
    event = race_jsonld(race, "", config, track, links)
    data["about"] = {key: event[key] for key in ("@type", "@id", "name", "startDate", "url", "location")}
    return data


def script_json(data: Any) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' written as \\u escapes, so no string can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)
