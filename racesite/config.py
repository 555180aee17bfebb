"""The site config (`content/site.yml`): declared fields, unknown keys rejected with a suggestion.

Owns turning the parsed config into a `SiteConfig`, including the series list
and points systems. Must not read recaps or render.
"""

from __future__ import annotations

from .content import Y
from .errors import Problems, SourceError
from .model import PointsSystem, Series, SiteConfig
from .names import slugify
from .schema import POINTS, SERIES, SITE
from .urls import root_url
from .validate import check_fields

CONFIG_NAME = "site.yml"


def build_config(node: Y | None, path: str, problems: Problems, base_url: str | None = None) -> SiteConfig | None:
    """A `SiteConfig` from the parsed `site.yml`, or None after reporting its problems."""
    if node is None:
        return None
    fields = check_fields(node, SITE, path, "", problems)
    if fields is None:
        return None
    series = _series(fields["series"], path, problems)
    points = _points(fields["points"], path, problems, {s.slug for s in series}) if fields["points"] else ()
    url = (base_url if base_url is not None else fields["base_url"]) or "/"
    if "://" not in url and not url.startswith("/"):
        message, hint = f"'{url}' is neither a URL nor a path", "use e.g. https://user.github.io/repo/ or /repo/"
        if base_url is not None:
            problems.error("--base-url", None, "", message, hint)
        else:
            problems.error(path, fields.line_of("base_url"), "base_url", message, hint)
        return None
    if not series:
        return None
    return SiteConfig(
        title=fields["title"],
        base_url=url if url.endswith("/") else url + "/",
        language=fields["language"],
        description=fields["description"] or "",
        author=fields["author"],
        domain=fields["domain"],
        series=tuple(series),
        points=points,
        latest=fields["latest"],
        strict=fields["strict"],
    )


def address_warning(config: SiteConfig, where: str, field: str = "base_url") -> SourceError | None:
    """A warning when the site's address is only a path: feeds then use tag: ids and path links, the sitemap lists
    paths and pages have no og:url. Given where it helps: by `check`, and by a build given `--base-url`."""
    if root_url(config) is not None:
        return None
    return SourceError(where, None, field,
                       f"'{config.base_url}' is a path, not a full URL: feeds use tag: ids and path links, "
                       "sitemap.xml lists paths and pages have no og:url",
                       "set base_url or --base-url to a full URL such as https://user.github.io/repo/, or set domain",
                       "warning")


def _series(node: Y, path: str, problems: Problems) -> list[Series]:
    if not node.is_list or not node.value:
        problems.error(path, node.line, "series", "must list at least one series",
                       "e.g. - {slug: xfinity, name: NASCAR Xfinity Series, short_name: Xfinity}")
        return []
    out: list[Series] = []
    for index, item in enumerate(node.value, 1):
        fields = check_fields(item, SERIES, path, f"series[{index}]", problems)
        if fields is None:
            continue
        if slugify(fields["slug"]) != fields["slug"]:
            problems.error(path, fields.line_of("slug"), f"series[{index}].slug",
                           f"'{fields['slug']}' is not a slug", f"use '{slugify(fields['slug'])}'")
            continue
        if any(s.slug == fields["slug"] for s in out):
            problems.error(path, fields.line_of("slug"), f"series[{index}].slug", f"'{fields['slug']}' is listed twice")
            continue
        out.append(Series(fields["slug"], fields["name"], fields["short_name"] or fields["name"],
                          fields["complete_history"]))
    return out


def _points(node: Y, path: str, problems: Problems, slugs: set[str]) -> tuple[PointsSystem, ...]:
    if not node.is_list:
        problems.error(path, node.line, "points", "must be a list of points systems")
        return ()
    out: list[PointsSystem] = []
    for index, item in enumerate(node.value, 1):
        fields = check_fields(item, POINTS, path, f"points[{index}]", problems)
        if fields is None:
            continue
        if fields["series"] not in slugs:
            problems.error(path, fields.line_of("series"), f"points[{index}].series",
                           f"unknown series '{fields['series']}'", "one of: " + ", ".join(sorted(slugs)))
            continue
        system = PointsSystem(fields["series"], fields["from"], fields["to"], fields["positions"],
                              fields["led_lap"], fields["most_led"], fields["pole"], fields["stage"])
        for other in out:
            if other.series == system.series and _overlap(other, system):
                problems.error(path, item.line, f"points[{index}]",
                               f"overlaps another {system.series} points system from {other.from_season}")
        out.append(system)
    return tuple(out)


def _overlap(a: PointsSystem, b: PointsSystem) -> bool:
    a_end = a.to_season if a.to_season is not None else 10**6
    b_end = b.to_season if b.to_season is not None else 10**6
    return a.from_season <= b_end and b.from_season <= a_end
