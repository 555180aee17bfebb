"""Reading table rows (results, qualifying) against their declared field table, from YAML or from a CSV file.

Owns one reader per table, built from the schema: each column's conversion (its type, minimum, maximum and
choices) is made from its `Field`, so a row the quick conversion accepts has exactly the values the full check
gives it. A row the quick conversion declines (anything unusual: a wrong type, a value out of range, a missing
required cell, too many columns) goes to `validate.check_fields_partial`, whose messages the writer reads. Large
imported histories have hundreds of thousands of rows: the quick conversion is what keeps them cheap. Rows come
back as tuples of values in the table's field order. Must not know what a result means beyond its table, or read
files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .content import Y
from .errors import Problems
from .schema import Field
from .validate import check_fields_partial

Converter = Callable[[Any], Any]
V = TypeVar("V", int, float, str)
Row = tuple[Any, ...]  # a row's values in its table's field order


class _Decline(Exception):
    """The quick conversion cannot read this cell exactly; the full check will."""


def _in_range(f: Field, value: V) -> V:
    """The value, when within the field's range and choices (a text field has choices, a number a range)."""
    if isinstance(value, str):
        if f.choices and value not in f.choices:
            raise _Decline
    elif (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
        raise _Decline
    return value


def _yaml_converter(f: Field) -> Converter:
    """How a YAML cell (a `Y`) becomes the field's value (None when empty)."""
    checked = f.minimum is not None or f.maximum is not None or bool(f.choices)
    if f.type == "int":
        def whole(cell: Y) -> int | None:
            value = cell.value
            if value is None:
                return None
            if type(value) is not int:
                if type(value) is float and value.is_integer():
                    value = int(value)
                else:
                    raise _Decline  # (bools too: YAML's true is no number)
            return _in_range(f, value) if checked else value
        return whole
    if f.type == "number":
        def number(cell: Y) -> float | int | None:
            value: float | int | None = cell.value
            if value is None:
                return None
            if type(value) not in (int, float) or not math.isfinite(value):  # (YAML's .inf and .nan are floats)
                raise _Decline
            return _in_range(f, value) if checked else value
        return number
    if f.type == "str":
        def text(cell: Y) -> str | None:
            if cell.value is None:
                return None
            if type(cell.value) in (list, dict):
                raise _Decline
            value = cell.text().strip() or None
            return _in_range(f, value) if checked and value is not None else value
        return text
    raise ValueError(f"no row conversion for field type {f.type}")


def _text_converter(f: Field) -> Converter:
    """How a CSV cell (text) becomes the field's value (None when empty)."""
    checked = f.minimum is not None or f.maximum is not None or bool(f.choices)
    if f.type == "int":
        def whole(text: str) -> int | None:
            try:
                value = int(text)
            except ValueError:
                if not text.strip():
                    return None
                try:
                    number = float(text)
                except ValueError:
                    raise _Decline from None
                if not number.is_integer():
                    raise _Decline from None
                value = int(number)
            return _in_range(f, value) if checked else value
        return whole
    if f.type == "number":
        def number(text: str) -> float | int | None:
            try:
                value: float | int = int(text)
            except ValueError:
                if not text.strip():
                    return None
                try:
                    value = float(text)
                except ValueError:
                    raise _Decline from None
                if not math.isfinite(value):  # ("inf", "nan": no points, time or length)
                    raise _Decline from None
            return _in_range(f, value) if checked else value
        return number
    if f.type == "str":
        def words(text: str) -> str | None:
            value = text.strip() or None
            return _in_range(f, value) if checked and value is not None else value
        return words
    raise ValueError(f"no row conversion for field type {f.type}")


def _column(f: Field, convert: Converter, cells: Sequence[str], declined: set[int]) -> list[Any]:
    """One CSV column's values; the rows of cells the conversion declines are added to `declined` (None there)."""
    if f.type == "int":  # the common case: every cell a plain whole number in range, converted in one pass
        try:
            values: list[Any] = list(map(int, cells))
            if not values or ((f.minimum is None or min(values) >= f.minimum)
                              and (f.maximum is None or max(values) <= f.maximum)):
                return values
        except ValueError:
            pass
    elif f.type == "str" and not f.choices:
        return [text.strip() or None for text in cells]
    out = []
    for at, text in enumerate(cells):
        try:
            out.append(convert(text))
        except _Decline:
            declined.add(at)
            out.append(None)
    return out


def csv_cell(text: str) -> Any:
    """A CSV cell as a YAML-like value for the full check: a whole number, a number, text, or None when empty."""
    text = text.strip()
    if not text:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


class TableReader:
    """Rows of one field table: YAML lists in `compact` column order or mappings, or CSV records.

    Built once per table (per process); what it keeps is derived from the table."""

    def __init__(self, table: tuple[Field, ...], compact: tuple[str, ...]) -> None:
        self.table, self.compact = table, compact
        self.names = tuple(f.name for f in table)
        position = {name: at for at, name in enumerate(self.names)}
        by_name = self.fields = {f.name: f for f in table}
        self.yaml_columns = tuple((position[name], _yaml_converter(by_name[name])) for name in compact)
        self.text_converters = {f.name: _text_converter(f) for f in table if f.type in ("int", "number", "str")}
        self.defaults = tuple(None if f.required else f.default for f in table)
        self.required = tuple(at for at, f in enumerate(table) if f.required)
        self.aliases = {alias: f.name for f in table for alias in (f.name, *f.aliases)}
        self.position = position

    def field_name(self, header: str) -> str | None:
        """The field a column header (or mapping key) names, by name or alias, case and spaces aside."""
        return self.aliases.get(header.strip().lower())

    def from_yaml(self, row: Y, path: str, label: str, problems: Problems) -> Row | None:
        """A YAML row's values (defaults filled in), or None after reporting its problems."""
        if type(row.value) is list and len(row.value) <= len(self.compact):
            try:
                values = list(self.defaults)
                for (at, convert), cell in zip(self.yaml_columns, row.value):
                    value = convert(cell)
                    if value is not None:
                        values[at] = value
                if all(values[at] is not None for at in self.required):
                    return tuple(values)
            except _Decline:
                pass
        return self._checked(row, path, label, problems)

    def read_columns(self, columns: Sequence[str | None], records: Sequence[Sequence[str]]) -> list[Row | None]:
        """CSV records' values (`columns`: the field each cell is, or None to skip it), converted column by column;
        None for a record the quick conversion declines (then `from_text` reports why)."""
        count = len(records)
        width = len(columns)
        cells = list(zip(*(r if len(r) == width else [*r, *[""] * (width - len(r))] for r in records)))
        declined: set[int] = set()
        by_field: list[Sequence[Any] | None] = [None] * len(self.names)
        for index, name in enumerate(columns):
            if name is not None and count:
                by_field[self.position[name]] = _column(self.fields[name], self.text_converters[name], cells[index],
                                                        declined)
        for at in self.required:  # a required cell left empty: the full check says so
            column = by_field[at]
            declined.update(range(count) if column is None else (i for i, v in enumerate(column) if v is None))
        values = [column if column is not None else [default] * count
                  for column, default in zip(by_field, self.defaults)]
        rows: list[Row | None] = list(zip(*values))
        for at in declined:
            rows[at] = None
        return rows

    def from_text(self, columns: Sequence[str | None], cells: Sequence[str], line: int, path: str,
                  problems: Problems) -> Row | None:
        """A CSV record's values, checked in full: the problems of a record `read_columns` declined are reported at
        the CSV's own `line`."""
        cells_y = {name: Y(csv_cell(text), line, text.strip()) for name, text in zip(columns, cells) if name}
        return self._checked(Y(cells_y, line, key_lines={name: line for name in cells_y}), path, "", problems)

    def _checked(self, row: Y, path: str, label: str, problems: Problems) -> Row | None:
        fields = check_fields_partial(row, self.table, path, label, problems, compact=self.compact)
        return tuple(fields[name] for name in self.names) if fields is not None and fields.ok else None
