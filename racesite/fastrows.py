"""A fast path for the commonest large YAML: a top-level key whose value is rows written one per line.

    results:
      # [fin, st, car, driver, team, make, laps, led, status, pts]
      - [1, 9, "27", Rusty Wallace, Blue Max Racing, Pontiac, 400, 306, running, 185]

A long history has ~180k such rows; PyYAML spends most of a build's parsing
time on them. Owns recognising these blocks and splitting their rows into
cells, each a plain text or a double-quoted one. It declines (returns no
block) on anything a row could mean differently in YAML: quotes that need
unescaping, single quotes, nested brackets, comments on a row line, anchors,
aliases, tags, empty cells, `key: value` pairs, odd indentation. Declined
blocks are parsed by YAML as before, so what the writer gets (values, lines,
errors) is the same either way. Must not resolve types or build values:
`content` does that exactly as it does for YAML's scalars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]*$")
_ROW = re.compile(r"( *)- \[([^\[\]{}\\\t]*)\][ ]*$")
_SKIP = re.compile(r"[ ]*(#.*)?$")  # a blank line or a comment line
_PLAIN_START_BAD = tuple("-?:,[]{}#&*!|>'\"%@`")  # indicators that mean something at a plain scalar's start
MIN_ROWS = 8  # fewer rows are not worth it


Cell = tuple[str, bool]  # (text, double-quoted)


@dataclass(frozen=True)
class Block:
    key: str
    key_index: int  # 0-based index of the `key:` line
    rows: list[tuple[int, list[Cell]]]  # (0-based line index, cells)


def find_blocks(lines: list[str]) -> list[Block]:
    """The row blocks of a YAML document's lines that the fast path can read exactly."""
    blocks: list[Block] = []
    seen: set[str] = set()
    index = 0
    while index < len(lines):
        key = _KEY.match(lines[index])
        if key is None:
            index += 1
            continue
        block, index = _read_block(key.group(1), index, lines)
        if block is not None and block.key not in seen:
            blocks.append(block)
        seen.add(key.group(1))  # a repeated key is YAML's to report
    return blocks


def _read_block(key: str, key_index: int, lines: list[str]) -> tuple[Block | None, int]:
    rows: list[tuple[int, list[Cell]]] = []
    indent: str | None = None
    index = key_index + 1
    while index < len(lines):
        line = lines[index]
        if _SKIP.match(line):
            index += 1
            continue
        if line[:1] not in (" ", "-"):
            if line[:1].isalnum() or line[:1] == "_":
                break  # the next top-level key: the block is over
            return None, index + 1  # a tab, a quote, a flow or other indicator: YAML's to read
        row = _ROW.match(line)
        cells = _cells(row.group(2)) if row is not None else None
        if row is None or cells is None or (indent is not None and row.group(1) != indent):
            return None, index + 1  # something only YAML can read: leave the whole block to it
        indent = row.group(1)
        rows.append((index, cells))
        index += 1
    return (Block(key, key_index, rows) if len(rows) >= MIN_ROWS else None), index


def _cells(inner: str) -> list[Cell] | None:
    if not inner.isprintable() or " #" in inner:
        return None  # control characters and Unicode line breaks (YAML's rules), or a comment
    cells: list[Cell] = []
    for part in inner.split(","):  # the common case: no comma inside quotes
        text = part.strip(" ")
        if text[:1] == '"' and len(text) > 1 and text[-1] == '"' and '"' not in text[1:-1]:
            cells.append((text[1:-1], True))
        elif text and '"' not in text and not text.startswith(_PLAIN_START_BAD) and ": " not in text \
                and text[-1] != ":":
            cells.append((text, False))
        else:
            return _cells_one_by_one(inner)
    return cells


def _cells_one_by_one(inner: str) -> list[Cell] | None:
    cells: list[Cell] = []
    at, end = 0, len(inner)
    while True:
        while at < end and inner[at] == " ":
            at += 1
        if at < end and inner[at] == '"':  # double-quoted: no escapes (a backslash never gets here)
            close = inner.find('"', at + 1)
            if close < 0:
                return None
            cell = (inner[at + 1:close], True)
            at = close + 1
            while at < end and inner[at] == " ":
                at += 1
            if at < end and inner[at] != ",":
                return None
        else:
            comma = inner.find(",", at)
            stop = end if comma < 0 else comma
            text = inner[at:stop].rstrip(" ")
            if not text or text.startswith(_PLAIN_START_BAD) or ": " in text or text.endswith(":"):
                return None  # an empty cell, a trailing comma, an indicator, or `key: value`
            cell, at = (text, False), stop
        cells.append(cell)
        if at >= end:
            return cells
        at += 1  # past the comma
