"""The schema tables: what `validate` enforces and `docs` documents."""

from __future__ import annotations

from racesite.schema import QUALIFYING, QUALIFYING_COMPACT, RESULT, RESULT_COMPACT, TABLES


def test_compact_columns_are_fields_of_their_table() -> None:
    assert set(RESULT_COMPACT) <= {f.name for f in RESULT}
    assert set(QUALIFYING_COMPACT) <= {f.name for f in QUALIFYING}


def test_every_field_has_a_one_line_doc_and_no_spelling_is_used_twice() -> None:
    for name, table in TABLES.items():
        spellings = [s for f in table for s in (f.name, *f.aliases)]
        assert len(spellings) == len(set(spellings)), name
        for field in table:
            assert field.doc and "\n" not in field.doc, (name, field.name)


def test_car_numbers_are_text() -> None:
    assert next(f for f in RESULT if f.name == "car").type == "str"
