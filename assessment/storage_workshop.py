"""Workshop persistence: engagements, participants, their answers, consensus and sign-in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError

from assessment.migrations import consensus, engagements, passcode_failures
from assessment.model import Answer
from assessment.security import (
    AccessDenied,
    AttemptPolicy,
    TooManyAttempts,
    check_passcode_strength,
    hash_passcode,
    lock_message,
    new_join_code,
    normalise_join_code,
    verify_passcode,
)
from assessment.storage_base import (
    MAX_NOTE,
    EngagementClosed,
    NotFound,
    StoreError,
    as_utc,
    check_question_id,
    clean_text,
    now,
    read_tx,
    upsert,
    write_tx,
)

WRONG_PASSCODE = "The workshop code or passcode is not right."
CLOSED = "This workshop is closed, so its answers can no longer change."


@dataclass(frozen=True)
class Engagement:
    """One workshop: who it is for, which questionnaire, and whether it is still open."""

    id: int
    code: str
    organisation: str
    questionnaire_id: str
    version: str
    sha256: str
    status: str
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        """True while participants can still answer."""
        return self.status == "open"


@dataclass(frozen=True)
class Participant:
    """One participant as they see themselves: their role, name and own answers only."""

    token: str
    engagement: Engagement
    role: str
    name: str | None
    source: str
    joined_at: datetime
    finished_at: datetime | None
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsensusEntry:
    """The level a workshop agreed on for one question, and the facilitator's note."""

    question_id: str
    level: int | None
    note: str | None


@dataclass(frozen=True)
class RoleProgress:
    """How many people of one role joined, and how many said they had finished."""

    role: str
    joined: int
    finished: int


@dataclass(frozen=True)
class StoredRespondent:
    """A participant's answers for aggregation (name withheld unless asked for)."""

    role: str
    name: str | None
    answers: dict[str, Answer]
    notes: dict[str, str]


def to_engagement(row: Row[Any]) -> Engagement:
    """An Engagement from an engagements row."""
    return Engagement(
        id=row.id,
        code=row.code,
        organisation=row.organisation,
        questionnaire_id=row.questionnaire_id,
        version=row.version,
        sha256=row.sha256,
        status=row.status,
        created_at=as_utc(row.created_at) or now(),
        closed_at=as_utc(row.closed_at),
    )


class EngagementStore:
    """Engagement, sign-in and consensus methods of the Store."""

    engine: Engine
    attempt_policy: AttemptPolicy = AttemptPolicy()

    # ---------------------------------------------------------------- engagements

    def create_engagement(
        self, questionnaire_id: str, version: str, sha256: str, *, organisation: str, passcode: str
    ) -> Engagement:
        """Create an open engagement with a fresh join code; the passcode is stored hashed."""
        if reason := check_passcode_strength(passcode):
            raise StoreError(reason)
        org = clean_text(organisation)
        if org is None:
            raise StoreError("Give the name of the organisation the workshop is for.")
        values = {
            "organisation": org,
            "questionnaire_id": questionnaire_id,
            "version": version,
            "sha256": sha256,
            "passcode_hash": hash_passcode(passcode),
            "status": "open",
            "created_at": now(),
        }
        for _ in range(5):
            try:
                with write_tx(self.engine) as conn:
                    res = conn.execute(insert(engagements).values(code=new_join_code(), **values))
                    new_id = res.inserted_primary_key[0] if res.inserted_primary_key else None
                    return self._engagement_by(conn, engagements.c.id == new_id)
            except IntegrityError:
                continue  # join code collision: draw another
        raise StoreError("Could not create a unique workshop code; please try again.")

    def _engagement_by(self, conn: Connection, where: Any) -> Engagement:
        row = conn.execute(select(engagements).where(where)).first()
        if row is None:
            raise NotFound("No workshop matches this code.")
        return to_engagement(row)

    def get_engagement(self, code: str) -> Engagement | None:
        """The engagement with this join code (dashes and case ignored), or None."""
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(engagements).where(engagements.c.code == normalise_join_code(code))
            ).first()
        return None if row is None else to_engagement(row)

    def sign_in(self, code: str, passcode: str) -> Engagement:
        """The engagement when the passcode is right; AccessDenied (slowly) or TooManyAttempts."""
        found = self.get_engagement(code)
        if found is None:
            time.sleep(self.attempt_policy.delay_seconds)
            raise AccessDenied(WRONG_PASSCODE)
        stamp = now()
        with read_tx(self.engine) as conn:
            failures = [
                as_utc(t) or stamp
                for t in conn.scalars(
                    select(passcode_failures.c.failed_at).where(
                        passcode_failures.c.engagement_id == found.id,
                        passcode_failures.c.failed_at > stamp - self.attempt_policy.window,
                    )
                )
            ]
            stored_hash = conn.scalar(
                select(engagements.c.passcode_hash).where(engagements.c.id == found.id)
            )
        until = self.attempt_policy.locked_until(failures, stamp)
        if until is not None:
            raise TooManyAttempts(lock_message(until, stamp))
        if stored_hash is not None and verify_passcode(passcode, stored_hash):
            return found
        with write_tx(self.engine) as conn:
            conn.execute(insert(passcode_failures).values(engagement_id=found.id, failed_at=stamp))
        time.sleep(self.attempt_policy.delay_seconds)
        raise AccessDenied(WRONG_PASSCODE)

    def close_engagement(self, code: str) -> None:
        """Close the engagement: every later answer or consensus write is refused."""
        with write_tx(self.engine) as conn:
            found = self._engagement_by(conn, engagements.c.code == normalise_join_code(code))
            conn.execute(
                update(engagements)
                .where(engagements.c.id == found.id, engagements.c.status == "open")
                .values(status="closed", closed_at=now())
            )

    def engagements_of(self, organisation: str) -> list[Engagement]:
        """Every engagement for this organisation (case ignored), oldest first."""
        key = organisation.strip().casefold()
        with read_tx(self.engine) as conn:
            rows = conn.execute(select(engagements).order_by(engagements.c.created_at))
            return [to_engagement(r) for r in rows if r.organisation.casefold() == key]

    def _open_engagement(self, conn: Connection, where: Any) -> Engagement:
        found = self._engagement_by(conn, where)
        if not found.is_open:
            raise EngagementClosed(CLOSED)
        return found

    # ------------------------------------------------------------------ consensus

    def save_consensus(
        self, engagement: Engagement, question_id: str, level: int | None, note: str
    ) -> None:
        """Record the agreed level (None: not agreed) and the note for one question."""
        if level is not None and level not in (1, 2, 3, 4, 5):
            raise StoreError("An agreed level must be between 1 and 5.")
        with write_tx(self.engine) as conn:
            self._open_engagement(conn, engagements.c.id == engagement.id)
            upsert(
                conn,
                consensus,
                {"engagement_id": engagement.id, "question_id": check_question_id(question_id)},
                {"level": level, "note": clean_text(note, MAX_NOTE), "updated_at": now()},
            )

    def consensus_entries(self, engagement: Engagement) -> dict[str, ConsensusEntry]:
        """Agreed levels and notes recorded so far, by question id."""
        with read_tx(self.engine) as conn:
            rows = conn.execute(select(consensus).where(consensus.c.engagement_id == engagement.id))
            return {r.question_id: ConsensusEntry(r.question_id, r.level, r.note) for r in rows}
