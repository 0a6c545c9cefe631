"""The verdict: the purchase gate, with its reasons in plain words."""

from __future__ import annotations

from collections.abc import Sequence

from assessment.engine.scoring import LEVEL_LABELS
from assessment.model.results import FiredPeril, Verdict

VERDICT_LABELS = {
    "ready": "Ready",
    "conditional": "Ready with conditions",
    "not_ready": "Not ready to buy",
}


def verdict(perils: Sequence[FiredPeril], dimensions: Sequence[dict[str, object]]) -> Verdict:
    """The purchase gate with its reasons in plain words."""
    blocking = [p for p in perils if p.blocking]
    others = [p for p in perils if not p.blocking]
    reasons = [f"{p.name}: resolve this before any software is bought." for p in blocking]
    reasons += [f"{p.name}: agree an owner and a dated plan for it before signing." for p in others]
    for d in dimensions:
        if d["score"] is None:
            reasons.append(f"{d['name']} has no answers with a level yet, so it cannot be judged.")
        elif int(d["level"]) < 3:  # type: ignore[call-overload]
            reasons.append(
                f"{d['name']} is at level {d['level']} ({d['label']}), below level 3 "
                f"({LEVEL_LABELS[3]})."
            )
    if blocking:
        status = "not_ready"
    elif reasons:
        status = "conditional"
    else:
        status = "ready"
        reasons = ["No peril fired and every dimension is at level 3 (Defined) or above."]
    return Verdict(status=status, label=VERDICT_LABELS[status], reasons=reasons)
