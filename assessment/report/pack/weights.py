"""Scorecard weights: priorities from the answers and the perils, turned into whole numbers
that sum to exactly 100."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from assessment.engine.aggregate import SEVERITY_WEIGHT
from assessment.model.results import FiredPeril, QuestionResult

TOTAL = 100


def gap(questions: Sequence[QuestionResult]) -> float:
    """0 (every answer at level 5) to 1 (level 1, or not known): how far the answers fall short.

    A question nobody could answer counts as a full gap: not knowing is itself a finding.
    Questions that applied to nobody are left out."""
    shares = []
    for q in questions:
        if q.level is not None:
            shares.append((5 - q.level) / 4)
        elif sum(q.distribution.get(k, 0) for k in ("unknown", "unanswered")):
            shares.append(1.0)
    return sum(shares) / len(shares) if shares else 0.0


def peril_weight(perils: Sequence[str], fired: Mapping[str, FiredPeril]) -> float:
    """Sum of the severity weights (critical 3, high 2, medium 1) of the fired perils named."""
    return sum(SEVERITY_WEIGHT[fired[p].severity] for p in dict.fromkeys(perils) if p in fired)


def priority(
    questions: Sequence[QuestionResult], perils: Sequence[str], fired: Mapping[str, FiredPeril]
) -> float:
    """A criterion's raw priority: 1, plus up to 4 for gaps in the answers, plus the severity
    of the fired perils it relates to."""
    return 1 + 4 * gap(questions) + peril_weight(perils, fired)


def whole_weights(priorities: Sequence[float], total: int = TOTAL) -> list[int]:
    """Whole-number weights proportional to the priorities, each at least 1, summing to total
    (largest remainders get the leftover points; ties go to the earlier criterion)."""
    if not priorities:
        return []
    if len(priorities) > total:
        raise ValueError(f"at most {total} criteria can have a whole-number weight")
    mass = sum(priorities)
    exact = [total * p / mass for p in priorities]
    out = [max(1, math.floor(x)) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    i = 0
    while sum(out) < total:
        out[order[i % len(order)]] += 1
        i += 1
    while sum(out) > total:  # only when several were raised to 1
        big = max(range(len(out)), key=lambda k: (out[k], -k))
        out[big] -= 1
    return out
