"""Scores, maturity bands, coverage and the overall score."""

from __future__ import annotations

import pytest
from fixtures.engine.helpers import engine, resp

from assessment.engine.assess import assess, compile_bundle
from assessment.engine.scoring import (
    LEVEL_LABELS,
    dimension_score,
    level_floor,
    level_of,
    level_result,
    overall_score,
    points,
    reach,
    score_levels,
)


@pytest.mark.parametrize(
    ("level", "expected"), [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0)]
)
def test_points(level: int, expected: float) -> None:
    assert points(level) == expected


@pytest.mark.parametrize(
    ("score", "level", "label"),
    [
        (0.0, 1, "Ad hoc"),
        (19.9, 1, "Ad hoc"),
        (20.0, 2, "Emerging"),
        (39.9, 2, "Emerging"),
        (40.0, 3, "Defined"),
        (59.9, 3, "Defined"),
        (60.0, 4, "Managed"),
        (79.9, 4, "Managed"),
        (80.0, 5, "Embedded"),
        (100.0, 5, "Embedded"),
    ],
)
def test_band_boundaries(score: float, level: int, label: str) -> None:
    assert level_of(score) == level
    assert level_result(score) == {"score": score, "level": level, "label": label}


def test_level_floor_matches_bands() -> None:
    assert [level_floor(lv) for lv in range(1, 6)] == [0.0, 20.0, 40.0, 60.0, 80.0]
    assert all(level_of(level_floor(lv)) == lv for lv in range(1, 6))
    assert LEVEL_LABELS == {1: "Ad hoc", 2: "Emerging", 3: "Defined", 4: "Managed", 5: "Embedded"}


def layout():  # type: ignore[no-untyped-def]
    return compile_bundle(engine()).layout


def test_weighted_dimension_score() -> None:
    strategy = layout().dimension("strategy")  # s-customer-strategy has weight 2
    assert dimension_score(strategy, {"s-customer-strategy": 5, "s-behaviour": 1}) == 66.7
    assert dimension_score(strategy, {"s-behaviour": 3}) == 50.0
    assert dimension_score(strategy, {}) is None


def test_overall_is_plain_mean_of_existing_dimensions() -> None:
    assert overall_score({"strategy": 10.0, "process": 45.0, "people": None}) == 27.5
    assert overall_score({"strategy": None}) is None
    scores = score_levels(layout(), {"s-behaviour": 5, "p-handoffs": 1, "p-redesign": 1})
    assert scores == {
        "strategy": 100.0,
        "customer-focus": None,
        "process": 0.0,
        "people": None,
        "technology": None,
        "overall": 50.0,
    }


def test_dont_know_is_left_out_and_counted() -> None:
    r = assess(engine(), [resp({"s-behaviour": 4, "s-sponsor": "unknown", "s-measures": 2})])
    strategy = r.dimensions[0]
    assert (strategy.score, strategy.level, strategy.label) == (50.0, 3, "Defined")
    assert (strategy.answered, strategy.unknown, strategy.unanswered, strategy.total) == (
        2,
        1,
        1,
        4,
    )
    empty = r.dimensions[1]
    assert (empty.score, empty.level, empty.label, empty.unanswered) == (None, None, None, 4)


def test_overall_of_results() -> None:
    r = assess(engine(), [resp({"s-behaviour": 5, "p-handoffs": 2})])
    assert (r.overall.score, r.overall.level, r.overall.label) == (62.5, 4, "Managed")


def test_reach_finds_the_fewest_raises() -> None:
    levels = {"p-redesign": 1, "p-single-view": 1, "p-handoffs": 1}
    assert reach(layout(), levels, "process", 40.0, True) == {"p-redesign": 5}
    # (200 + 50 + 0) / 4 = 62.5: the second raise only needs level 3
    assert reach(layout(), levels, "process", 60.0, True) == {"p-redesign": 5, "p-single-view": 3}
    assert reach(layout(), {"p-redesign": 5}, "process", 40.0, False) == {"p-redesign": 2}
    assert reach(layout(), levels, "process", 101.0, True) is None


def test_coverage_counts_each_state_apart_with_one_set_of_words() -> None:
    from assessment.model.vocabulary import coverage_of, coverage_text

    assert coverage_text(13, 2, 0) == "13 answered, 2 don't know"
    assert coverage_text(0, 0, 5) == "0 answered, 5 not answered"
    assert coverage_text(3, 1, 1) == "3 answered, 1 don't know, 1 not answered"
    assert (
        coverage_of([1, "unknown", 4], 5) == "5 questions: 2 answered, 1 don't know, 2 not answered"
    )
    assert coverage_of([2], 1) == "1 question: 1 answered"
