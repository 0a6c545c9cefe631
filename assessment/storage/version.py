"""A cheap, read-only "data version" of an engagement, to cache what is computed from it.

The version changes whenever a participant joins or is erased, an answer or note is saved, or a
consensus entry is recorded or removed: it is the count and latest time stamp of each of the
three tables, read in one snapshot with three small aggregate queries (indexed by engagement).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from assessment.storage.base import read_tx
from assessment.storage.migrations import answers, consensus, participants

DataVersion = tuple[object, ...]


def _stamp(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def data_version(engine: Engine, engagement_id: int) -> DataVersion:
    """(participants, last join, answers, last answer, consensus, last consensus) of one
    engagement; equal versions mean equal data for results."""
    people = select(participants.c.id).where(participants.c.engagement_id == engagement_id)
    with read_tx(engine) as conn:
        p = conn.execute(
            select(func.count(), func.max(participants.c.joined_at)).where(
                participants.c.engagement_id == engagement_id
            )
        ).one()
        a = conn.execute(
            select(func.count(), func.max(answers.c.updated_at)).where(
                answers.c.participant_id.in_(people)
            )
        ).one()
        c = conn.execute(
            select(func.count(), func.max(consensus.c.updated_at)).where(
                consensus.c.engagement_id == engagement_id
            )
        ).one()
    return (p[0], _stamp(p[1]), a[0], _stamp(a[1]), c[0], _stamp(c[1]))
