"""The templates only format: no arithmetic, counting, sorting, slicing, comparisons or tests in them.

Every number, ordering and cut-off a page shows is computed in racesite/stats and handed over in a typed context;
a template reads fields, loops, chooses on truthiness and formats with the formatting filters. The check walks each
template's syntax tree with Jinja's own parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from racesite.pipeline import DEFAULT_TEMPLATES
from racesite.render import make_environment

TEMPLATES = sorted(p.name for p in DEFAULT_TEMPLATES.glob("*.html"))
FORMATTING = {"date", "isodate", "link", "num", "fixed", "ordinal", "plural", "markdown", "format", "e", "escape"}
COMPUTING = (nodes.Compare, nodes.BinExpr, nodes.UnaryExpr, nodes.Test, nodes.Slice)


def logic_in(source: str, env: Environment) -> list[str]:
    """What in a template's source is more than formatting, each as 'line N: what'."""
    found = []
    for node in env.parse(source).find_all(nodes.Node):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, (nodes.Not, nodes.And, nodes.Or)):
            continue  # `not x`, `x or ""`: choices on truthiness, like `if x`
        if isinstance(node, COMPUTING):
            found.append(f"{where}: {type(node).__name__}")
        elif isinstance(node, nodes.Filter) and node.name not in FORMATTING:
            found.append(f"{where}: filter {node.name}")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            found.append(f"{where}: method call {node.node.attr}")
        elif isinstance(node, nodes.Name) and node.name in ("loop", "range", "namespace", "cycler", "joiner"):
            found.append(f"{where}: {node.name}")
    return found


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_only_formats(name: str) -> None:
    env = make_environment(DEFAULT_TEMPLATES)
    assert logic_in((DEFAULT_TEMPLATES / name).read_text(encoding="utf-8"), env) == []


@pytest.mark.parametrize(("source", "found"), [
    ("{% if row.fin == 1 %}win{% endif %}", ["line 1: Compare"]),
    ("{{ row.laps - row.led }}", ["line 1: Sub"]),
    ("{{ -row.change }}", ["line 1: Neg"]),
    ("{{ rows | length }}", ["line 1: filter length"]),
    ("{% for r in rows | sort(attribute='pts') %}{% endfor %}", ["line 1: filter sort"]),
    ("{% for r in rows[:10] %}{% endfor %}", ["line 1: Slice"]),
    ("{{ value is number }}", ["line 1: Test"]),
    ("{{ loop.index }}", ["line 1: loop"]),
    ("{{ d.get('x') }}", ["line 1: method call get"]),
    ("{{ body | safe }}", ["line 1: filter safe"]),
    ("{% if not row.new %}{{ row.pts | num(1, '–') }} {{ row.date | date('short') }}{% endif %}", []),
    ("{{ row.car or '' }}", []),
])
def test_the_check_finds_logic_and_lets_formatting_through(source: str, found: list[str]) -> None:
    assert logic_in(source, make_environment(Path("."))) == found
