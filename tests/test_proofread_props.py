"""Hypothesis: true sentences about random real Xfinity races, in every form, are never flagged.

The sentences are written from the data by plain loops (tests/proofread_stories.py), not through `History`.
Skipped when ../shared/data/nascar is absent.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racesite.model import Race
from racesite.proofread.check import check_story
from racesite.proofread.nameindex import NameIndex
from racesite.stats.history import History
from tests.nascar import NASCAR, nascar_races, nascar_series
from tests.proofread_stories import true_sentences, usable

pytestmark = pytest.mark.skipif(not (NASCAR / "xfinity.csv").is_file(), reason="no NASCAR data in ../shared")


@functools.cache
def xfinity() -> tuple[tuple[Race, ...], History, NameIndex]:
    races = nascar_races("xfinity")
    series = [nascar_series("xfinity")]
    return races, History.of(races, series), NameIndex.of(races, series=series)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_true_sentences_are_never_flagged(data: st.DataObject) -> None:
    races, history, names = xfinity()
    at = data.draw(st.sampled_from([i for i, r in enumerate(races) if usable(r)]))
    row = data.draw(st.sampled_from(races[at].results))
    text = "\n\n".join(true_sentences(races, at, row))
    report = check_story(text, 1, after=True, race=races[at], history=history, names=names,
                         series=[nascar_series("xfinity")])
    assert report.findings == (), text
