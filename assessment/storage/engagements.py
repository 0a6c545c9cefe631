"""Workshop engagements: creating, finding, closing, their public address and consensus."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from assessment.storage.base import (
    MAX_NOTE,
    EngagementClosed,
    NotFound,
    StoreError,
    check_question_id,
    clean_text,
    now,
    read_tx,
    upsert,
    write_tx,
)
from assessment.storage.migrations import consensus, engagements
from assessment.storage.records import (
    ConsensusEntry,
    Engagement,
    clean_public_url,
    organisation_key,
    to_engagement,
)
from assessment.storage.security import (
    check_passcode_strength,
    hash_passcode,
    new_facilitator_code,
    new_join_code,
    normalise_join_code,
)

CLOSED = "This workshop is closed, so its answers can no longer change."


class EngagementStore:
    """Engagement and consensus methods of the Store."""

    engine: Engine

    # ---------------------------------------------------------------- engagements

    def create_engagement(
        self, questionnaire_id: str, version: str, sha256: str, *, organisation: str, passcode: str
    ) -> Engagement:
        """Create an open engagement with fresh join and facilitator codes; passcode hashed."""
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
                    res = conn.execute(
                        insert(engagements).values(
                            code=new_join_code(), facilitator_code=new_facilitator_code(), **values
                        )
                    )
                    new_id = res.inserted_primary_key[0] if res.inserted_primary_key else None
                    return self._engagement_by(conn, engagements.c.id == new_id)
            except IntegrityError:
                continue  # code collision: draw another
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

    def set_public_url(self, engagement: Engagement, url: str) -> Engagement:
        """Store the address for the engagement's links (empty: use the default); the result."""
        value = clean_public_url(url)
        with write_tx(self.engine) as conn:
            self._engagement_by(conn, engagements.c.id == engagement.id)
            conn.execute(
                update(engagements)
                .where(engagements.c.id == engagement.id)
                .values(public_url=value)
            )
            return self._engagement_by(conn, engagements.c.id == engagement.id)

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
        key = organisation_key(organisation)
        with read_tx(self.engine) as conn:
            rows = conn.execute(select(engagements).order_by(engagements.c.created_at))
            return [to_engagement(r) for r in rows if organisation_key(r.organisation) == key]

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
