"""SQLAlchemy Core persistence: self-assessments, workshops, accounts; SQLite or PostgreSQL.

One `Store` owns all database access. Every write is its own committed transaction, so an
answer that was acknowledged survives a crash. The schema is created and migrated on start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from assessment.model.questionnaire import Answer, Respondent, Responses
from assessment.storage.base import (
    MAX_NOTE,
    NotFound,
    answers_and_notes,
    as_utc,
    check_question_id,
    check_role,
    clean_text,
    default_url,
    encode_answer,
    make_engine,
    now,
    raw_write_tx,
    read_tx,
    write_tx,
)
from assessment.storage.erasure import ErasureStore
from assessment.storage.migrations import assessment_answers, assessments, migrate
from assessment.storage.security import new_token

# Set an assessment's change time by token and return its id (no row: no such assessment).
_TOUCH = "UPDATE assessments SET updated_at = ? WHERE token = ? RETURNING id"

__all__ = [
    "Store",
    "StoredAssessment",
]


@dataclass(frozen=True)
class StoredAssessment:
    """One self-assessment as stored, with its answers and notes."""

    token: str
    questionnaire_id: str
    version: str
    sha256: str
    organisation: str | None
    name: str | None
    role: str
    created_at: datetime
    updated_at: datetime
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


class Store(ErasureStore):
    """All database access for the toolkit."""

    def __init__(self, url: str | None = None) -> None:
        """Connect to `url` (default: env CRM_READINESS_DATABASE_URL or the SQLite file)."""
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        self.migrations_applied = migrate(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # ------------------------------------------------------------ self-assessment

    def create_assessment(
        self,
        questionnaire_id: str,
        version: str,
        sha256: str,
        *,
        organisation: str | None = None,
        name: str | None = None,
        role: str = "executive",
    ) -> str:
        """Start a self-assessment; return its unguessable resume token."""
        token = new_token()
        stamp = now()
        with write_tx(self.engine) as conn:
            conn.execute(
                insert(assessments).values(
                    token=token,
                    questionnaire_id=questionnaire_id,
                    version=version,
                    sha256=sha256,
                    organisation=clean_text(organisation),
                    name=clean_text(name),
                    role=check_role(role),
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        return token

    def _assessment_id(self, conn: Connection, token: str) -> int:
        found = conn.scalar(select(assessments.c.id).where(assessments.c.token == token))
        if found is None:
            raise NotFound("No self-assessment matches this link.")
        return int(found)

    def get_assessment(self, token: str) -> StoredAssessment | None:
        """The self-assessment with this token, or None."""
        with read_tx(self.engine) as conn:
            row = conn.execute(select(assessments).where(assessments.c.token == token)).first()
            if row is None:
                return None
            rows = list(
                conn.execute(
                    select(assessment_answers).where(assessment_answers.c.assessment_id == row.id)
                )
            )
        given, notes = answers_and_notes(rows)
        return StoredAssessment(
            token=row.token,
            questionnaire_id=row.questionnaire_id,
            version=row.version,
            sha256=row.sha256,
            organisation=row.organisation,
            name=row.name,
            role=row.role,
            created_at=as_utc(row.created_at) or now(),
            updated_at=as_utc(row.updated_at) or now(),
            answers=given,
            notes=notes,
        )

    def _write_own_cell(self, token: str, question_id: str, column: str, value: Any) -> None:
        """Set one answer or note and the assessment's change time, in one transaction."""
        qid = check_question_id(question_id)
        with raw_write_tx(self.engine) as cur:
            # Touching first finds the assessment too: one statement instead of two.
            found = cur.run(_TOUCH, cur.now(), token).fetchone()
            if found is None:
                raise NotFound("No self-assessment matches this link.")
            cur.set_cell("assessment_answers", found[0], qid, column, value)

    def save_answer(self, token: str, question_id: str, answer: Answer | None) -> None:
        """Store (or with None clear) one answer; committed before returning."""
        self._write_own_cell(
            token, question_id, "answer", None if answer is None else encode_answer(answer)
        )

    def save_note(self, token: str, question_id: str, note: str) -> None:
        """Store one note; an empty note deletes it."""
        self._write_own_cell(token, question_id, "note", clean_text(note, MAX_NOTE))

    def update_assessment(
        self,
        token: str,
        *,
        organisation: str | None = None,
        name: str | None = None,
        role: str | None = None,
    ) -> None:
        """Change who answered; arguments left as None keep their stored value."""
        values: dict[str, Any] = {"updated_at": now()}
        if organisation is not None:
            values["organisation"] = clean_text(organisation)
        if name is not None:
            values["name"] = clean_text(name)
        if role is not None:
            values["role"] = check_role(role)
        with write_tx(self.engine) as conn:
            assessment_id = self._assessment_id(conn, token)
            conn.execute(
                update(assessments).where(assessments.c.id == assessment_id).values(values)
            )

    def to_responses(self, stored: StoredAssessment) -> Responses:
        """The stored self-assessment as model Responses, ready for assess()."""
        return Responses(
            questionnaire=stored.questionnaire_id,
            respondent=Respondent(name=stored.name, role=stored.role),
            organisation=stored.organisation,
            answers=dict(stored.answers),
            notes=dict(stored.notes),
        )
