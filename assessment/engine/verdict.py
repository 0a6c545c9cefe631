"""The verdict: the purchase gate, with its reasons in plain words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessment.engine.scoring import LEVEL_LABELS
from assessment.model.results import FiredPeril, Verdict

VERDICT_LABELS = {
    "ready": "Ready",
    "conditional": "Ready with conditions",
    "not_ready": "Not ready to buy",
}


# The verdict's reasons come in three groups, always in this order: what blocks buying, what
# must be agreed before signing, and (in fewer words) the dimensions below level 3.
REASON_GROUPS = {
    "blocking": "Blocking: solve before buying any software",
    "conditions": "Conditions: agree an owner and a dated plan before signing",
    "dimensions": "Weak areas",
}


def reason_groups(
    perils: Sequence[FiredPeril], dimensions: Sequence[Mapping[str, object]]
) -> dict[str, list[str]]:
    """The reasons of the verdict by group (REASON_GROUPS order; empty groups are empty)."""
    blocking = [
        f"{p.name}: resolve this before any software is bought." for p in perils if p.blocking
    ]
    conditions = [
        f"{p.name}: agree an owner and a dated plan for it before signing."
        for p in perils
        if not p.blocking
    ]
    low = [
        f"{d['name']} at level {d['level']}"
        for d in dimensions
        if d["score"] is not None and int(d["level"]) < 3  # type: ignore[call-overload]
    ]
    unjudged = [str(d["name"]) for d in dimensions if d["score"] is None]
    weak = []
    if low:
        weak.append(f"Below level 3 ({LEVEL_LABELS[3]}): {', '.join(low)}.")
    if unjudged:
        weak.append(f"Not judged, no answer with a level: {', '.join(unjudged)}.")
    return {"blocking": blocking, "conditions": conditions, "dimensions": weak}


def verdict(perils: Sequence[FiredPeril], dimensions: Sequence[Mapping[str, object]]) -> Verdict:
    """The purchase gate with its reasons in plain words (reason_groups, in order)."""
    reasons = [r for group in reason_groups(perils, dimensions).values() for r in group]
    if any(p.blocking for p in perils):
        status = "not_ready"
    elif reasons:
        status = "conditional"
    else:
        status = "ready"
        reasons = ["No peril fired and every dimension is at level 3 (Defined) or above."]
    return Verdict(status=status, label=VERDICT_LABELS[status], reasons=reasons)
