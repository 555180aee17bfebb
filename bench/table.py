"""The bench's one table: rows of two figures side by side, their ratio, and a target marked met or not.

Owns formatting only (pure functions); targets are printed, never asserted. Must not run or time anything.
"""

from __future__ import annotations

Row = tuple[str, str, str, str, str]


def cell(label: str, a: float | None, b: float | None, fmt: str = "{:,.2f}", ratio: bool = False,
         target: str = "", ok: bool | None = None, invert: bool = False) -> Row:
    """One row: label, two figures ("—" when absent), their ratio a/b (b/a when `invert`) when asked, the
    target marked ✓/✗ when given."""
    first, second = ("—" if v is None else fmt.format(v) for v in (a, b))
    top, bottom = (b, a) if invert else (a, b)
    r = f"{top / bottom:.2f}×" if ratio and top is not None and bottom else ""
    return label, first, second, r, target + ("" if ok is None else " ✓" if ok else " ✗")


def render(header: Row, rows: list[Row]) -> list[str]:
    """The rows as a Markdown table: the label and target left-aligned, the figures right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    lines = []
    for i, r in enumerate([header, *rows]):
        cells = [c.ljust(w) if j in (0, 4) else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join("-" * (w + 1) + (":" if 0 < j < 4 else "-") for j, w in enumerate(widths))
                         + "|")
    return lines
