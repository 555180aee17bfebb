"""Checking a parsed YAML mapping against a declared field table.

Owns type coercion (text, whole numbers, numbers, dates, lists), required
fields, choices, minimums and unknown keys with a "did you mean" hint. Knows
nothing about races: `recap`, `entities` and `config` call it with their tables.
Must not read files or render.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .content import Y
from .errors import Problems, did_you_mean
from .schema import Field

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class Fields(dict[str, Any]):
    """Checked values by field name, with the line each came from (`lines`)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.ok = True  # False once any field was invalid or missing

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


def check_fields(node: Y, table: tuple[Field, ...], path: str, where: str, problems: Problems,
                 compact: tuple[str, ...] = ()) -> Fields | None:
    """Check a mapping (or, when `compact` names the columns, a list) against `table`.

    Returns the values with defaults filled in, or None when a required field
    is missing or a value has the wrong type; every problem is reported.
    `check_fields_partial` returns the valid fields even then.
    """
    fields = check_fields_partial(node, table, path, where, problems, compact)
    return fields if fields is not None and fields.ok else None


def check_fields_partial(node: Y, table: tuple[Field, ...], path: str, where: str, problems: Problems,
                         compact: tuple[str, ...] = ()) -> Fields | None:
    """Like `check_fields`, but returns what was valid (with `ok` False) so callers can check further."""
    by_name, by_alias = _lookups(table)
    items: list[tuple[str, Y, int]]
    if node.is_list and compact:
        if len(node.value) > len(compact):
            problems.error(path, node.line, where, f"has {len(node.value)} columns, at most {len(compact)} expected",
                           "columns are " + ", ".join(compact))
            return None
        items = [(name, value, value.line) for name, value in zip(compact, node.value)]
    elif node.is_map:
        items = [(key, value, node.key_lines.get(key, value.line)) for key, value in node.value.items()]
    else:
        expected = "a 'key: value' mapping" + (" or a [list] of columns" if compact else "")
        problems.error(path, node.line, where, f"must be {expected}, got {_describe(node)}")
        return None
    fields = Fields(node.line)
    invalid: set[str] = set()
    for key, value, line in items:
        name = by_alias.get(key.strip().lower()) if isinstance(key, str) else None
        label = f"{where}.{key}" if where else key
        if name is None:
            problems.error(path, line, label, "unknown field",
                           did_you_mean(key, [*by_alias]) or "allowed: " + ", ".join(by_name))
            continue
        if name in fields.lines:
            problems.error(path, line, label, f"given twice (also on line {fields.lines[name]})")
            continue
        checked = check_value(value, by_name[name], path, f"{where}.{name}" if where else name, problems)
        if checked is _INVALID:
            invalid.add(name)
            continue
        fields.lines[name] = line
        if checked is not None:
            fields[name] = checked
    for f in table:
        if f.name not in fields:
            if f.required and f.name not in invalid:
                label = f"{where}.{f.name}" if where else f.name
                problems.error(path, fields.line_of(f.name), label, "is required", f.doc)
            if f.required or f.name in invalid:
                fields.ok = False
            fields[f.name] = None if f.required or f.name in invalid else f.default
    return fields


_INVALID = object()


def _lookups(table: tuple[Field, ...]) -> tuple[dict[str, Field], dict[str, str]]:
    """A table's fields by name, and every accepted spelling (name or alias) to its name."""
    return {f.name: f for f in table}, {alias: f.name for f in table for alias in (f.name, *f.aliases)}


def check_value(node: Y, f: Field, path: str, label: str, problems: Problems) -> Any:
    """One value coerced to its field's type; None when empty, `_INVALID` after reporting."""
    if node.is_scalar and node.value is None and f.type not in ("results",):
        return None
    kind = f.type
    value: Any
    if kind == "str":
        if not node.is_scalar:
            return _wrong(node, "text", path, label, problems)
        value = node.text().strip()
        if f.choices and value not in f.choices:
            hint = did_you_mean(value, f.choices) or "one of: " + ", ".join(f.choices)
            problems.error(path, node.line, label, f"'{value}' is not allowed", hint)
            return _INVALID
        return value or None
    if kind == "int":
        value = _as_int(node)
        if value is None:
            return _wrong(node, "a whole number", path, label, problems)
    elif kind == "number":
        value = _as_number(node)
        if value is None:
            return _wrong(node, "a number", path, label, problems)
    elif kind == "bool":
        if not isinstance(node.value, bool):
            return _wrong(node, "true or false", path, label, problems)
        return node.value
    elif kind == "date":
        return _as_date(node, path, label, problems)
    elif kind in ("list[str]", "list[number]"):
        return _as_list(node, kind, path, label, problems)
    elif kind == "mapping":
        if not node.is_map:
            return _wrong(node, "a 'key: value' mapping", path, label, problems)
        return plain(node)
    else:  # a nested table: the caller checks it
        return node
    if f.minimum is not None and value < f.minimum:
        problems.error(path, node.line, label, f"must be at least {f.minimum:g}, got {node.text()}")
        return _INVALID
    if f.maximum is not None and value > f.maximum:
        problems.error(path, node.line, label, f"must be at most {f.maximum:g}, got {node.text()}")
        return _INVALID
    return value


def _wrong(node: Y, expected: str, path: str, label: str, problems: Problems) -> object:
    problems.error(path, node.line, label, f"must be {expected}, got {_describe(node)}")
    return _INVALID


def _describe(node: Y) -> str:
    if node.is_map:
        return "a mapping"
    if node.is_list:
        return "a list"
    return f"'{node.text()}'"


def _as_int(node: Y) -> int | None:
    value = node.value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _as_number(node: Y) -> float | int | None:
    """A finite number (YAML's `.inf` and `.nan` are floats, but no length, time or points)."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def _as_date(node: Y, path: str, label: str, problems: Problems) -> Any:
    text = node.text().strip()
    match = _DATE.match(text)
    if not match:
        problems.error(path, node.line, label, f"'{text}' is not a date", "write dates as YYYY-MM-DD, e.g. 2021-03-20")
        return _INVALID
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        problems.error(path, node.line, label, f"'{text}' is not a real date: {exc}")
        return _INVALID


def _as_list(node: Y, kind: str, path: str, label: str, problems: Problems) -> Any:
    items = node.value if node.is_list else [node] if node.is_scalar else None
    if items is None:
        return _wrong(node, "a list", path, label, problems)
    out: list[Any] = []
    for index, item in enumerate(items):
        if kind == "list[str]":
            if not item.is_scalar or item.value is None:
                return _wrong(item, "text", path, f"{label}[{index + 1}]", problems)
            out.append(item.text().strip())
        else:
            number = _as_number(item)
            if number is None:
                return _wrong(item, "a number", path, f"{label}[{index + 1}]", problems)
            out.append(number)
    return tuple(out)


def plain(node: Y) -> Any:
    """A `Y` tree as plain Python values."""
    if node.is_map:
        return {key: plain(value) for key, value in node.value.items()}
    if node.is_list:
        return [plain(item) for item in node.value]
    return node.value
