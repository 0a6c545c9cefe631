"""Workshop participants: joining, their own answers, imports, and what the facilitator reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Row

from assessment.model.questionnaire import Answer, Responses
from assessment.storage.base import (
    MAX_NOTE,
    Cursor,
    NotFound,
    answers_and_notes,
    as_utc,
    check_question_id,
    check_role,
    clean_text,
    encode_answer,
    now,
    read_tx,
    write_tx,
)
from assessment.storage.facilitators import FacilitatorStore
from assessment.storage.migrations import answers, engagements, participants
from assessment.storage.records import Engagement, Participant, RoleProgress, StoredRespondent
from assessment.storage.security import new_token, normalise_join_code


class WorkshopStore(FacilitatorStore):
    """Workshop methods of the Store (mixed into `assessment.storage.store.Store`)."""

    # --------------------------------------------------------------- participants

    def join(self, code: str, role: str, name: str | None = None) -> str:
        """Add a participant to an open engagement; return their private token."""
        token = new_token()
        with write_tx(self.engine) as conn:
            found = self._open_engagement(conn, engagements.c.code == normalise_join_code(code))
            conn.execute(
                insert(participants).values(
                    engagement_id=found.id,
                    token=token,
                    role=check_role(role),
                    name=clean_text(name),
                    source="link",
                    joined_at=now(),
                )
            )
        return token

    def _participant_row(self, conn: Connection, token: str) -> Row[Any]:
        row = conn.execute(select(participants).where(participants.c.token == token)).first()
        if row is None:
            raise NotFound("No workshop participant matches this link.")
        return row

    def get_participant(self, token: str) -> Participant | None:
        """The participant with this token and only their own answers, or None."""
        with read_tx(self.engine) as conn:
            row = conn.execute(select(participants).where(participants.c.token == token)).first()
            if row is None:
                return None
            found = self._engagement_by(conn, engagements.c.id == row.engagement_id)
            rows = list(conn.execute(select(answers).where(answers.c.participant_id == row.id)))
        given, notes = answers_and_notes(rows)
        return Participant(
            token=row.token,
            engagement=found,
            role=row.role,
            name=row.name,
            source=row.source,
            joined_at=as_utc(row.joined_at) or now(),
            finished_at=as_utc(row.finished_at),
            answers=given,
            notes=notes,
        )

    def _write_cell(self, token: str, question_id: str, column: str, value: Any) -> None:
        with write_tx(self.engine) as conn:
            row = self._participant_row(conn, token)
            self._open_engagement(conn, engagements.c.id == row.engagement_id)
            qid = check_question_id(question_id)
            Cursor.within(conn).set_cell(answers.name, row.id, qid, column, value)

    def save_participant_answer(self, token: str, question_id: str, answer: Answer | None) -> None:
        """Store (or with None clear) a participant's answer; refused once closed."""
        self._write_cell(
            token, question_id, "answer", None if answer is None else encode_answer(answer)
        )

    def save_participant_note(self, token: str, question_id: str, note: str) -> None:
        """Store a participant's note; an empty note deletes it; refused once closed."""
        self._write_cell(token, question_id, "note", clean_text(note, MAX_NOTE))

    def finish_participant(self, token: str, finished: bool = True) -> None:
        """Mark the participant as finished (or, with False, as still answering)."""
        with write_tx(self.engine) as conn:
            row = self._participant_row(conn, token)
            self._open_engagement(conn, engagements.c.id == row.engagement_id)
            conn.execute(
                update(participants)
                .where(participants.c.id == row.id)
                .values(finished_at=now() if finished else None)
            )

    def import_responses(self, engagement: Engagement, responses: list[Responses]) -> int:
        """Add imported respondents in one transaction (all or nothing); return how many."""
        stamp = now()
        with write_tx(self.engine) as conn:
            self._open_engagement(conn, engagements.c.id == engagement.id)
            for resp in responses:
                res = conn.execute(
                    insert(participants).values(
                        engagement_id=engagement.id,
                        token=new_token(),
                        role=check_role(resp.respondent.role),
                        name=clean_text(resp.respondent.name),
                        source="import",
                        joined_at=stamp,
                        finished_at=stamp,
                    )
                )
                rows = _answer_rows(res.inserted_primary_key, resp, stamp)
                if rows:
                    conn.execute(insert(answers), rows)
        return len(responses)

    # -------------------------------------------------------- facilitator reading

    def progress(self, engagement: Engagement) -> list[RoleProgress]:
        """Joined and finished counts per role, for the roles that have anyone."""
        with read_tx(self.engine) as conn:
            rows = list(
                conn.execute(
                    select(participants.c.role, participants.c.finished_at).where(
                        participants.c.engagement_id == engagement.id
                    )
                )
            )
        counts: dict[str, list[int]] = {}
        for r in rows:
            joined_finished = counts.setdefault(r.role, [0, 0])
            joined_finished[0] += 1
            joined_finished[1] += r.finished_at is not None
        return [RoleProgress(role, j, f) for role, (j, f) in sorted(counts.items())]

    def respondents(
        self, engagement: Engagement, *, with_names: bool = False
    ) -> list[StoredRespondent]:
        """Every participant's answers in join order; names only when asked for."""
        with read_tx(self.engine) as conn:
            people = list(
                conn.execute(
                    select(participants)
                    .where(participants.c.engagement_id == engagement.id)
                    .order_by(participants.c.id)
                )
            )
            rows = list(
                conn.execute(
                    select(answers).where(answers.c.participant_id.in_([p.id for p in people]))
                )
            )
        by_person: dict[int, list[Row[Any]]] = {p.id: [] for p in people}
        for r in rows:
            by_person[r.participant_id].append(r)
        out = []
        for p in people:
            given, notes = answers_and_notes(by_person[p.id])
            out.append(StoredRespondent(p.role, p.name if with_names else None, given, notes))
        return out


def _answer_rows(key: Any, resp: Responses, stamp: datetime) -> list[dict[str, Any]]:
    """Answer-table rows for one imported respondent."""
    ids = sorted(set(resp.answers) | set(resp.notes))
    return [
        {
            "participant_id": key[0],
            "question_id": check_question_id(qid),
            "answer": encode_answer(resp.answers[qid]) if qid in resp.answers else None,
            "note": clean_text(resp.notes.get(qid), MAX_NOTE),
            "updated_at": stamp,
        }
        for qid in ids
    ]
