"""Managing an engagement's participants: listing, erasing on request, merging duplicates.

Erasing deletes the participant's row and every answer and note they gave, in one
transaction; the audit log records that it happened and nothing of what they said or who
they were. On SQLite the deleted content is overwritten in the file too (secure_delete).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from assessment.storage.base import Cursor, NotFound, StoreError, as_utc, now, read_tx, write_tx
from assessment.storage.migrations import accounts, answers, audit_log, participants
from assessment.storage.records import Account, AuditEntry, Engagement, ParticipantEntry
from assessment.storage.sharing import SharingStore
from assessment.storage.workspace import secure_delete

NO_PARTICIPANT = "No participant of this workshop has this number."
SAME_PARTICIPANT = "Choose two different participants to merge."


class ErasureStore(SharingStore):
    """Participant management methods of the Store."""

    def participant_entries(self, engagement: Engagement) -> list[ParticipantEntry]:
        """The engagement's participants in join order, numbered, with answer counts."""
        counts = (
            select(
                answers.c.participant_id,
                func.count(answers.c.answer).label("answered"),
                func.count(answers.c.note).label("noted"),
            )
            .group_by(answers.c.participant_id)
            .subquery()
        )
        with read_tx(self.engine) as conn:
            rows = list(
                conn.execute(
                    select(participants, counts.c.answered, counts.c.noted)
                    .outerjoin(counts, counts.c.participant_id == participants.c.id)
                    .where(participants.c.engagement_id == engagement.id)
                    .order_by(participants.c.id)
                )
            )
        return [
            ParticipantEntry(
                r.id,
                n,
                r.role,
                r.name,
                r.source,
                r.answered or 0,
                r.noted or 0,
                as_utc(r.joined_at) or now(),
                as_utc(r.finished_at),
            )
            for n, r in enumerate(rows, start=1)
        ]

    def _check_member(self, conn: Connection, engagement: Engagement, participant_id: int) -> None:
        found = conn.scalar(
            select(participants.c.id).where(
                participants.c.id == participant_id,
                participants.c.engagement_id == engagement.id,
            )
        )
        if found is None:
            raise NotFound(NO_PARTICIPANT)

    def erase_participant(
        self,
        engagement: Engagement,
        participant_id: int,
        by: Account | None = None,
        action: str = "participant erased",
    ) -> None:
        """Delete one participant with all their answers, notes and name (closed or open)."""
        with write_tx(self.engine) as conn:
            secure_delete(conn)
            self._check_member(conn, engagement, participant_id)
            conn.execute(delete(answers).where(answers.c.participant_id == participant_id))
            conn.execute(delete(participants).where(participants.c.id == participant_id))
            self.audit(conn, engagement.id, by.id if by else None, action)

    def remove_junk(self, engagement: Engagement, participant_id: int, by: Account | None) -> None:
        """Remove a junk participant (a test entry, say): erased, logged as a removal."""
        self.erase_participant(engagement, participant_id, by, "participant removed")

    def merge_participants(
        self, engagement: Engagement, keep_id: int, drop_id: int, by: Account | None = None
    ) -> None:
        """Merge a duplicate into the participant kept, then erase the duplicate.

        The kept participant's answers and notes win; the duplicate fills only the
        questions the kept one left empty. Their role stays the kept participant's.
        """
        if keep_id == drop_id:
            raise StoreError(SAME_PARTICIPANT)
        with write_tx(self.engine) as conn:
            secure_delete(conn)
            self._check_member(conn, engagement, keep_id)
            self._check_member(conn, engagement, drop_id)
            kept = {
                r.question_id: r
                for r in conn.execute(select(answers).where(answers.c.participant_id == keep_id))
            }
            cur = Cursor.within(conn)
            for r in conn.execute(select(answers).where(answers.c.participant_id == drop_id)):
                mine = kept.get(r.question_id)
                for column in ("answer", "note"):
                    value = getattr(r, column)
                    if value is not None and (mine is None or getattr(mine, column) is None):
                        cur.set_cell(answers.name, keep_id, r.question_id, column, value)
            conn.execute(delete(answers).where(answers.c.participant_id == drop_id))
            conn.execute(delete(participants).where(participants.c.id == drop_id))
            self.audit(conn, engagement.id, by.id if by else None, "participants merged")

    def audit_lines(self, engagement: Engagement) -> list[AuditEntry]:
        """The engagement's audit log, oldest first."""
        with read_tx(self.engine) as conn:
            rows = conn.execute(
                select(audit_log, accounts.c.email)
                .outerjoin(accounts, accounts.c.id == audit_log.c.account_id)
                .where(audit_log.c.engagement_id == engagement.id)
                .order_by(audit_log.c.id)
            )
            return [AuditEntry(r.action, r.detail, r.email, as_utc(r.at) or now()) for r in rows]
