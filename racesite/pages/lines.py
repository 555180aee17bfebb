"""Stat lines as table rows: the shape every career, season and leader table shares."""

from __future__ import annotations

from typing import Any

from ..stats.career import Line
from ..stats.records import Table
from .common import Link, Linker


def line_row(line: Line, **label: Any) -> dict[str, Any]:
    """A `Line` as a row: counts, averages and win percentage, plus the row's label cells."""
    return {**label, "starts": line.starts, "wins": line.wins, "top5": line.top5, "top10": line.top10,
            "poles": line.poles, "laps": line.laps, "laps_led": line.laps_led, "dnf": line.dnf,
            "avg_start": line.avg_start, "avg_finish": line.avg_finish, "win_pct": line.win_pct}


def leader_table(table: Table, to_link: Any) -> dict[str, Any]:
    """A leader table: heading, note, and ranked rows with a linked name."""
    rows = []
    for rank, row in enumerate(table.rows, 1):
        rows.append({"rank": rank, "name": to_link(row.name), "value": row.value, "starts": row.starts})
    return {"key": table.key, "heading": table.heading, "note": table.note, "rows": rows,
            "decimals": 2 if table.key == "avg_finish" else 0}


def series_link(link: Linker, slug: str) -> Link:
    return link.series(slug, short=True)
