"""Prose edits: remaking the race pages of recaps whose text alone changed, without loading the rest of the site.

A writer's most common edit is to a recap's prose, and prose cannot change a
number: every figure comes from front matter. Owns `Sidecar`, what a cached
build keeps beside its manifest for this (the URL names, and each race's page
inputs and front matter hash), and `prose_edits`, which tells when the changes
since the last build into a folder are prose alone: the same setup (code,
options, templates, working folder), the same content files, and each changed
file a built recap whose front matter is as it was and whose text has no
error. Reads recaps through `load`; must not compute stats, render or write
the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cache import digest, read_pickle, write_pickle
from .embeds import embed_errors
from .errors import Problems, SourceError
from .incremental import Inputs, Manifest, Prints, all_in
from .load import Setup, display_under, parse_recap, read_setup
from .model import Race, Site
from .pages import race_key
from .pages.common import Linker, Slugs
from .pages.race import RaceInputs
from .stats import Stats
from .stats.facts import fill_placeholders

FORMAT = 1


@dataclass(frozen=True)
class Sidecar:
    """What the race pages of a build show from its stats, kept for remaking them after a prose edit."""

    setup: str  # the `Inputs.setup` and data key of the build it was taken from: valid for those alone
    data: str
    shared: str  # the global part of every fingerprint
    slugs: Slugs
    recaps: dict[str, tuple[str, str]]  # each built recap's source -> (its race page's maker key, front matter hash)
    races: dict[str, RaceInputs]  # maker key -> what its page shows from the stats

    @staticmethod
    def of(site: Site, stats: Stats, setup: str, data: str, prints: Prints) -> Sidecar:
        """`prints`: this build's fingerprints, with the race inputs they were taken from."""
        slugs = Slugs.of(stats.index)
        link = Linker(site.config, slugs)
        races = {}
        for race in site.races:
            key = race_key(race)
            races[key] = prints.race_inputs.get(key) or RaceInputs.of(race, stats, link)
        return Sidecar(setup, data, prints.shared, slugs,
                       {r.source: (race_key(r), site.data_digests[r.source]) for r in site.races}, races)

    @staticmethod
    def file_for(cache_dir: Path, out: Path) -> Path:
        return cache_dir / f"prose-{digest(str(out.resolve()).encode())}.pickle"

    @staticmethod
    def load(cache_dir: Path, out: Path) -> Sidecar | None:
        data = read_pickle(Sidecar.file_for(cache_dir, out), FORMAT)
        sidecar = data.get("sidecar") if data is not None else None
        return sidecar if isinstance(sidecar, Sidecar) else None

    def save(self, cache_dir: Path, out: Path) -> None:
        write_pickle({"format": FORMAT, "sidecar": self}, Sidecar.file_for(cache_dir, out))


@dataclass(frozen=True)
class ProseEdit:
    """A recap whose text changed and front matter did not."""

    race: Race  # as read now
    recap: str  # the recap file's hash now
    inputs: RaceInputs  # what its page shows from the stats, as the last build computed them
    body: str  # its text with the placeholders filled in
    warnings: list[SourceError]  # about its text


def prose_edits(content: Path, out: Path, cache_dir: Path, base_url: str | None, inputs: Inputs,
                previous: Manifest) -> tuple[Setup, Sidecar, list[ProseEdit]] | None:
    """The recaps edited since `previous` was built, when only their prose changed (else None: build as usual).

    Every file the last build wrote must still be in `out`. The text is checked as a whole build checks it
    (placeholders, embeds); text with an error is left to a whole build, whose report the writer then reads."""
    if inputs.setup != previous.inputs.setup or inputs.sources.keys() != previous.inputs.sources.keys():
        return None
    changed = [relative for relative, hashed in inputs.sources.items() if previous.inputs.sources[relative] != hashed]
    sidecar = Sidecar.load(cache_dir, out)
    if not changed or sidecar is None or (sidecar.setup, sidecar.data) != (inputs.setup, previous.data):
        return None
    shown = display_under(content)
    files = {shown(content / relative): (content / relative, inputs.sources[relative]) for relative in changed}
    if not files.keys() <= sidecar.recaps.keys():
        return None  # the config, an entity file, a results CSV, a draft...
    problems = Problems()
    setup = read_setup(content, problems, base_url)
    if setup is None or problems.errors:
        return None
    edits = []
    for source, (file, hashed) in files.items():
        key, front = sidecar.recaps[source]
        race, found, uses_csv, front_now = parse_recap(file, source, content, setup.lookups, hashed)
        if race is None or uses_csv or front_now != front or any(p.severity == "error" for p in found):
            return None
        kept = sidecar.races[key]
        text: list[SourceError] = []
        body = fill_placeholders(race, kept.facts, text)
        text += embed_errors([race])
        if any(p.severity == "error" for p in text):
            return None
        edits.append(ProseEdit(race, hashed, kept, body, text))
    if not all_in(out, previous.files):
        return None  # a file of the site was removed by hand: the usual build makes it again
    return setup, sidecar, edits


def prose_warnings(previous: list[SourceError], edits: list[ProseEdit]) -> list[SourceError]:
    """The last build's warnings, those about the edited recaps' text (field "body") as they are now."""
    edited = {edit.race.source for edit in edits}
    problems = Problems()
    problems.extend(w for w in previous if not (w.field == "body" and w.path in edited))
    problems.extend(w for edit in edits for w in edit.warnings)
    return problems.warnings
