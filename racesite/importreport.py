"""What an import has to say: a note per CSV line on what is missing or odd, and the report listing them.

Owns `Note`, the checks that find what is missing or odd in one race's rows
(`note_rows`: empty cells, tied or skipped finishing positions, a car number,
starting position or driver given twice, laps out of finishing order) and
`ImportReport`, which prints them as `file:line: what and why` and sums them
up. Reporting only: nothing here changes a value. Imported recaps are
`lenient` and keep the CSV's values as recorded; the few values the content
format cannot hold at all are left out by `importmap`, with a `changed` note.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

# field -> label in "not in the CSV: start, laps". Order is the order they are reported in.
MISSING_LABELS = {"st": "start", "car": "car number", "team": "team", "make": "make", "laps": "laps",
                  "led": "laps led", "pts": "points", "status": "status"}
NOT_WRITTEN = "not written: "  # prefix of the reasons a race was skipped


@dataclass(frozen=True, order=True)
class Note:
    """Something a user should know about one CSV line: a value not known, odd, left out or changed."""

    line: int
    reason: str  # short and stable, counted in the report's summary
    detail: str  # what and why, shown after `file:line:`
    changed: bool = False  # True when the recap says something else than the CSV (also written into the recap)
    missing: bool = False  # True for "this cell is empty in the CSV" (detail is then the field's label)
    race: bool = False  # about the whole race starting on this line, not this row


def note_rows(rows: list[dict[str, Any]], columns: set[str], left_out: set[tuple[int, str]]) -> list[Note]:
    """Notes on a race's rows (in finishing order, ties in CSV order), each row's notes in field order.

    `left_out` holds (line, field) for values the CSV gives but the recap cannot hold: not "missing".
    """
    by_line: dict[int, list[Note]] = defaultdict(list)
    for row in rows:
        line = row["line"]
        by_line[line] += [Note(line, f"no {label} in the CSV", label, missing=True)
                          for name, label in MISSING_LABELS.items()
                          if name in columns and row[name] is None and (line, name) not in left_out]
    for note in (
        *_finishes(rows),
        *_repeats(rows, "car", "car number given twice", lambda car, line: f"car number {_q(car)} also on line {line}"),
        *_repeats(rows, "st", "start given twice", lambda st, line: f"start {st} also on line {line}"),
        *_repeats(rows, "driver", "driver listed twice", lambda _, line: f"listed twice: also on line {line}"),
        *_laps_order(rows),
    ):
        by_line[note.line].append(note)
    return [note for row in rows for note in by_line.pop(row["line"], ())]


def _finishes(rows: list[dict[str, Any]]) -> list[Note]:
    """A note on each tied finishing position after the first, and on the row after a skipped position."""
    notes = []
    for ahead, row in pairwise([{"fin": 0, "line": 0}, *rows]):
        fin = row["fin"]
        if fin == ahead["fin"]:
            notes.append(Note(row["line"], "finishing position tied",
                              f"finishing position {fin} is also given on line {ahead['line']}: a tie"))
        elif fin > ahead["fin"] + 1:
            skipped = list(range(ahead["fin"] + 1, fin))
            notes.append(Note(row["line"], "finishing positions skipped",
                              f"finishing position {fin}, but the CSV has no row for P{_listing(skipped)}"))
    return notes


def _repeats(rows: list[dict[str, Any]], name: str, reason: str, detail: Callable[[Any, int], str]) -> list[Note]:
    """A note on each row whose `name` an earlier row in finishing order already gave."""
    first: dict[Any, int] = {}
    notes = []
    for row in rows:
        value = row[name]
        if value is not None and value in first:
            notes.append(Note(row["line"], reason, detail(value, first[value])))
        elif value is not None:
            first[value] = row["line"]
    return notes


def _laps_order(rows: list[dict[str, Any]]) -> list[Note]:
    """A note on each car with more laps than the car just ahead; disqualified cars are exempt, as in the build."""
    ranked = [r for r in rows if r["laps"] is not None and "disqualified" not in (r["status"] or "").lower()]
    return [Note(row["line"], "more laps than the car ahead",
                 f"laps {row['laps']}: more than P{ahead['fin']} ahead of it ({ahead['laps']} on line {ahead['line']})")
            for ahead, row in pairwise(ranked) if row["laps"] > ahead["laps"]]


@dataclass
class ImportReport:
    """What an import did: files written, races not written, and every note on a CSV line."""

    source: str  # the CSV as named in messages
    races: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # --force, and the file already had these bytes
    notes: list[Note] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # CSV line -> "1949 round 1, Jim Roper"
    dates_synthesized: int = 0
    site: str = ""  # what happened to site.yml, if anything
    not_imported: tuple[str, ...] = ()  # fields with no column in this CSV
    warnings: list[str] = field(default_factory=list)  # about other files, e.g. an unreadable recap

    @property
    def skipped(self) -> int:
        return sum(1 for n in self.notes if n.reason.startswith(NOT_WRITTEN))

    def lines(self) -> list[str]:
        """One `file:line: what and why` line per CSV line with notes, in line order, then the warnings."""
        by_line: dict[int, list[Note]] = defaultdict(list)
        for note in self.notes:
            by_line[note.line].append(note)
        out = []
        for line in sorted(by_line):
            notes = by_line[line]
            out += [f"{self.source}:{line}: {n.detail}" for n in notes if n.race]
            missing = [n.detail for n in notes if n.missing]
            parts = ([f"not in the CSV: {', '.join(missing)}"] if missing else []) + [
                n.detail for n in notes if not n.missing and not n.race]
            if parts:
                label = self.labels.get(line)
                out.append(f"{self.source}:{line}: " + (f"{label}: " if label else "") + "; ".join(parts))
        return out + self.warnings

    def counts(self) -> Counter[str]:
        """Notes by reason: rows with something missing, odd or left out, and races not written."""
        return Counter(n.reason for n in self.notes)

    def rows_noted(self, changed: bool) -> int:
        """CSV lines with a row note that kept the CSV's value (changed=False) or left one out (changed=True)."""
        return len({n.line for n in self.notes if not n.race and n.changed == changed})

    def summary(self) -> list[str]:
        out = [f"{self.source}: {self.races} races: {len(self.written)} written, {len(self.unchanged)} unchanged, "
               f"{self.skipped} not written."]
        if self.site:
            out.append(self.site)
        if self.dates_synthesized:
            out.append(f"Dates synthesized for {self.dates_synthesized} races (the CSV gives none): January 1 of the "
                       "season + (round - 1) days. Replace them with the real dates when you have them.")
        if self.not_imported:
            out.append("No column for: " + ", ".join(self.not_imported) + " (left empty).")
        sections = (
            ("Races", lambda n: n.race, None),
            ("Rows with something missing or odd, kept as recorded", lambda n: not n.race and not n.changed, False),
            ("Values left out (the content format cannot hold them)", lambda n: not n.race and n.changed, True),
        )
        for title, pick, changed in sections:
            counts = Counter(n.reason for n in self.notes if pick(n))
            if counts:
                total = sum(counts.values()) if changed is None else self.rows_noted(changed)
                out.append(f"{title}: {total}, by reason:")
                out += [f"  {n:6d}  {reason}" for reason, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
        return out


def _listing(numbers: list[int]) -> str:
    return ", P".join(str(n) for n in numbers[:5]) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
