"""The anonymity threshold: no role group smaller than it is ever shown by itself.

One function, plan_groups(), decides how respondents are grouped by role wherever groups are
formed (scores by role, role means per question, divergence, heatmaps, CSV columns). Roles with
fewer members than the threshold are pooled into "other"; when that pool is still too small, the
smallest shown group joins it, so no group can be worked out by subtracting the others from the
total. With fewer respondents than the threshold in all, no role group is shown. Everyone's
answers still count in the overall scores.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assessment.model.vocabulary import ROLE_NAMES, ROLES, roles_text

ENV = "CRM_READINESS_MIN_GROUP"
DEFAULT_MIN_GROUP = 3
POOL = "other"  # the role the merged group is shown as (ROLE_NAMES["other"].group)


def min_group_size(value: int | None = None) -> int:
    """The threshold: the argument, else $CRM_READINESS_MIN_GROUP, else 3 (never below 1)."""
    if value is None:
        raw = os.environ.get(ENV, "").strip()
        try:
            value = int(raw) if raw else DEFAULT_MIN_GROUP
        except ValueError:
            value = DEFAULT_MIN_GROUP
    return max(1, value)


@dataclass(frozen=True, slots=True)
class GroupPlan:
    """Which shown group each role's respondents belong to (None: not shown by role)."""

    min_group: int
    shown_as: dict[str, str | None]
    sizes: dict[str, int]  # shown group -> respondents
    merged: tuple[str, ...]  # roles counted in the "other" group besides "other" itself
    hidden: tuple[str, ...]  # roles present but in no shown group

    @property
    def groups(self) -> list[str]:
        """The shown groups in the standard role order."""
        return [r for r in ROLES if r in self.sizes]

    def members(self, group: str) -> list[str]:
        """The roles whose respondents make up a shown group."""
        return [r for r in ROLES if self.shown_as.get(r) == group]

    @property
    def note(self) -> str | None:
        """Why some roles are not shown separately, or None when every role is."""
        if not self.merged and not self.hidden:
            return None
        why = (
            f"Groups smaller than {self.min_group} people are not shown separately, "
            "to keep answers anonymous."
        )
        if self.merged:
            who = roles_text(self.merged)
            why += f" {who[0].upper()}{who[1:]} are counted in “{ROLE_NAMES[POOL].group}”."
        if self.hidden:
            why += f" Answers of {roles_text(self.hidden)} count only in the overall results."
        return why


def plan_groups(roles: Iterable[str], min_group: int | None = None) -> GroupPlan:
    """How to group respondents with these roles so that every shown group has min_group."""
    size = min_group_size(min_group)
    counts = Counter(roles)
    present = [r for r in ROLES if counts[r]]
    own = [r for r in present if counts[r] >= size and r != POOL]
    pool = [r for r in present if r not in own]

    def pooled() -> int:
        return sum(counts[r] for r in pool)

    # A pool too small to show would be exposed by subtracting the shown groups from the total:
    # the smallest shown group (the last in role order among equals) joins it.
    while pool and pooled() < size and own:
        smallest = min(reversed(own), key=lambda r: counts[r])
        own.remove(smallest)
        pool.append(smallest)
    pool.sort(key=ROLES.index)
    shown_as: dict[str, str | None] = {r: r for r in own}
    sizes = {r: counts[r] for r in own}
    merged: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    if pool and pooled() >= size:
        shown_as.update(dict.fromkeys(pool, POOL))
        sizes[POOL] = pooled()
        merged = tuple(r for r in pool if r != POOL)
    elif pool:
        shown_as.update(dict.fromkeys(pool))
        hidden = tuple(pool)
    return GroupPlan(size, shown_as, sizes, merged, hidden)


def group_of(plan: GroupPlan, role: str | None) -> str | None:
    """The shown group of one respondent's role (None: not shown by role)."""
    return None if role is None else plan.shown_as.get(role)


def big_enough(counts: Mapping[str, int], roles: Iterable[str], min_group: int) -> bool:
    """Whether the respondents of these roles together reach the threshold."""
    return sum(counts.get(r, 0) for r in roles) >= min_group
