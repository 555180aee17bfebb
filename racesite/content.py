"""Reading the writer's files: finding them, splitting front matter, parsing YAML with line marks.

Owns the `Y` value (a parsed YAML value that remembers its file line and, for
scalars, its source text), front matter splitting and the CSV reader for
results files. Must not decide what a field means: that is `schema`/`validate`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .errors import Problems

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it


class _Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader, keeping dates as text so a bad date gets a line-numbered error later."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_CONSTRUCT = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:null": lambda n: None,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:str": lambda n: n.value,
}


_NO_KEYS: dict[str, int] = {}  # shared by every non-mapping value: never mutated


class Y(NamedTuple):
    """A parsed YAML value with its 1-based file line.

    `value` is a str, int, float, bool or None for scalars, a list of `Y` for
    sequences and a dict of str to `Y` for mappings. `raw` is a scalar's text
    exactly as written (so car number `07` stays "07"); `key_lines` gives a
    mapping's key lines. (A named tuple: a large site has millions of these.)
    """

    value: Any
    line: int
    raw: str | None = None
    key_lines: dict[str, int] = _NO_KEYS

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))

    def text(self) -> str:
        """A scalar as the writer typed it."""
        return self.raw if self.raw is not None else ("" if self.value is None else str(self.value))


@dataclass(frozen=True)
class Document:
    """A content file split into its front matter and Markdown body."""

    path: str  # as shown in messages: relative to the content folder's parent
    meta: Y | None  # None when the front matter had errors
    body: str
    body_line: int
    front: str = ""  # the front matter's text as written (between the `---` lines)


def parse_yaml(text: str, path: str, first_line: int, problems: Problems) -> Y | None:
    """Parse YAML text whose first line is file line `first_line`; None (and problems) on failure."""
    too_deep = _too_deep(text)
    if too_deep is not None:
        problems.error(path, too_deep + first_line, "yaml", f"nested more than {MAX_DEPTH} levels deep",
                       "a recap's data is a few levels deep: check the brackets and the indentation")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        bad = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        indent = bad[: len(bad) - len(bad.lstrip())]
        hint = ""
        if "\t" in indent or ("\t" in text and "tab" in message.lower()):
            hint = "YAML indents with spaces, not tabs"
        elif "mapping values are not allowed" in message:
            if mark and ":" in bad[: mark.column]:
                hint = "a value containing ': ' needs quotes"
            else:
                hint = "check the indentation: this line is indented more than the field above it"
        problems.error(path, line, "yaml", f"invalid YAML: {message}", hint)
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, "yaml", f"invalid YAML: {exc}")
        return None
    if node is None:
        return Y({}, first_line)
    try:
        value = _convert(node, path, first_line - 1, problems, (), [MAX_VALUES])
    except _TooManyValues:
        problems.error(path, first_line, "yaml", f"more than {MAX_VALUES:,} values once aliases are expanded",
                       "aliases ('*name') that repeat large blocks multiply: write the values out")
        return None
    return value


def _scalar_value(tag: str, text: str, line: int, path: str, problems: Problems) -> Y:
    build = _SCALARS.get(tag)
    if build is None:
        problems.error(path, line, "yaml", f"unsupported YAML value type {tag}")
        return Y(text, line, text)
    try:
        return Y(build(yaml.ScalarNode(tag, text)), line, text)
    except ValueError:  # e.g. `0x_` matches YAML's int pattern but has no digits: keep it as text
        return Y(text, line, text)


MAX_DEPTH = 200  # brackets or indentation; libyaml's parser crashes the process on nesting some 100,000 deep


def _too_deep(text: str) -> int | None:
    """The 0-based line where `text` nests deeper than `MAX_DEPTH` (flow brackets, quoted or not, or indentation
    in columns), else None: checked before YAML sees the text."""
    depth = 0
    for index, line in enumerate(text.split("\n")):
        if len(line) - len(line.lstrip(" ")) > MAX_DEPTH:
            return index
        if "[" in line or "{" in line or depth:
            for char in line:
                if char in "[{":
                    depth += 1
                    if depth > MAX_DEPTH:
                        return index
                elif char in "]}" and depth:
                    depth -= 1
    return None


MAX_VALUES = 1_000_000  # a recap has hundreds; only aliases nested inside aliases reach this


class _TooManyValues(Exception):
    pass


def _convert(node: yaml.Node, path: str, offset: int, problems: Problems, parents: tuple[int, ...],
             budget: list[int]) -> Y:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooManyValues
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        return _scalar_value(node.tag, node.value, line, path, problems)
    if id(node) in parents:
        problems.error(path, line, "yaml", "an alias ('*name') refers to a value that contains it")
        return Y(None, line)
    parents = (*parents, id(node))
    if isinstance(node, yaml.SequenceNode):
        return Y([_convert(item, path, offset, problems, parents, budget) for item in node.value], line)
    assert isinstance(node, yaml.MappingNode)
    values: dict[str, Y] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(path, key_line, "yaml", "a key must be plain text")
            continue
        key = key_node.value
        if key == "<<":
            problems.error(path, key_line, "yaml", "merge keys ('<<') are not supported")
            continue
        if key in values:
            problems.error(path, key_line, key, f"duplicate key (first given on line {key_lines[key]})")
            continue
        values[key] = _convert(value_node, path, offset, problems, parents, budget)
        key_lines[key] = key_line
    return Y(values, line, key_lines=key_lines)


def normalize_text(raw: bytes) -> str:
    """Decode a file: UTF-8 with or without a BOM, any line endings become '\\n'."""
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(file: Path, path: str, problems: Problems) -> str | None:
    try:
        return normalize_text(file.read_bytes())
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        problems.error(path, line, "file", "is not UTF-8 text", "save the file as UTF-8")
    except OSError as exc:
        problems.error(path, None, "file", f"cannot be read: {exc.strerror}")
    return None


def split_document(text: str, path: str, problems: Problems) -> Document:
    """Split `---` front matter from the Markdown body; front matter is required."""
    if not text.strip():
        problems.error(path, 1, "file", "is empty", "a recap starts with '---', its YAML fields, then '---'")
        return Document(path, None, "", 1)
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.error(path, 1, "front matter", "missing: the file must start with a line '---'",
                       "put the race's YAML fields between two '---' lines at the top")
        return Document(path, None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            meta = parse_yaml(yaml_text, path, 2, problems)
            if meta is not None and not meta.is_map:
                problems.error(path, 2, "front matter", "must be a set of 'key: value' fields")
                meta = None
            return Document(path, meta, body, index + 2, yaml_text)
    problems.error(path, 1, "front matter", "is never closed", "add a line '---' after the last field")
    return Document(path, None, "", 1)


def read_document(file: Path, path: str, problems: Problems) -> Document:
    text = read_text(file, path, problems)
    if text is None:
        return Document(path, None, "", 1)
    return split_document(text, path, problems)


def read_yaml_file(file: Path, path: str, problems: Problems) -> Y | None:
    text = read_text(file, path, problems)
    if text is None:
        return None
    return parse_yaml(text, path, 1, problems)


def read_csv(file: Path, path: str, problems: Problems) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """A CSV file with a header line: its column names (trimmed, lowercased) and each non-blank record with its
    file line; None after reporting a file that cannot be read."""
    text = read_text(file, path, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            if not any(record) or not "".join(record).strip():
                continue
            if header is None:
                header = [cell.strip().lower() for cell in record]
            else:
                records.append((reader.line_num, record))
    except csv.Error as exc:
        problems.error(path, reader.line_num, "row", f"cannot be read as CSV: {exc}")
        return None
    if header is None:
        problems.error(path, 1, "file", "is empty", "the first line names the columns: fin,st,car,driver,...")
        return None
    return header, records
