"""Workshop persistence: engagements, participants, their answers, consensus and sign-in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError

from assessment.model.questionnaire import Answer
from assessment.storage.base import (
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
from assessment.storage.migrations import (
    consensus,
    engagements,
    facilitator_sessions,
    passcode_failures,
)
from assessment.storage.security import (
    AccessDenied,
    AttemptPolicy,
    TooManyAttempts,
    check_passcode_strength,
    hash_passcode,
    hash_token,
    lock_message,
    new_facilitator_code,
    new_join_code,
    new_token,
    normalise_join_code,
    verify_passcode,
)

WRONG_PASSCODE = "The facilitator code or passcode is not right."
NO_PASSCODE = "Type your facilitator passcode, then press Open."
BAD_ADDRESS = (
    "Give a web address that starts with http:// or https://, such as https://crm.example.org."
)
SESSION_HOURS = 12
MAX_PUBLIC_URL = 500
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
    public_url: str | None = None  # the address for links and QR codes, set by the facilitator

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
        public_url=row.public_url,
    )


def clean_public_url(url: str) -> str | None:
    """The address as stored (no trailing slash, query or fragment); None for an empty one.

    StoreError when it is not a plain http(s) address.
    """
    text = url.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or len(text) > MAX_PUBLIC_URL
        or any(ch.isspace() or ch in "<>\"'`" for ch in text)
    ):
        raise StoreError(BAD_ADDRESS)
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


class EngagementStore:
    """Engagement, sign-in and consensus methods of the Store."""

    engine: Engine
    attempt_policy: AttemptPolicy = AttemptPolicy()

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

    def sign_in(self, facilitator_code: str, passcode: str) -> Engagement:
        """The engagement when code and passcode are right; AccessDenied or TooManyAttempts.

        Only the private facilitator code signs in. An unknown code (the join code people
        see, say) and an empty passcode are refused without counting towards the lock, so
        nobody without the facilitator code can lock the facilitator out.
        """
        if not passcode:
            raise AccessDenied(NO_PASSCODE)
        key = normalise_join_code(facilitator_code)
        with read_tx(self.engine) as conn:
            row = (
                conn.execute(
                    select(engagements).where(engagements.c.facilitator_code == key)
                ).first()
                if key
                else None
            )
        if row is None:
            time.sleep(self.attempt_policy.delay_seconds)
            raise AccessDenied(WRONG_PASSCODE)
        found = to_engagement(row)
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
        until = self.attempt_policy.locked_until(failures, stamp)
        if until is not None:
            raise TooManyAttempts(lock_message(until, stamp))
        if verify_passcode(passcode, row.passcode_hash):
            return found
        with write_tx(self.engine) as conn:
            conn.execute(insert(passcode_failures).values(engagement_id=found.id, failed_at=stamp))
        time.sleep(self.attempt_policy.delay_seconds)
        raise AccessDenied(WRONG_PASSCODE)

    def facilitator_code(self, engagement: Engagement) -> str:
        """The engagement's private facilitator code (for the signed-in facilitator only)."""
        with read_tx(self.engine) as conn:
            code = conn.scalar(
                select(engagements.c.facilitator_code).where(engagements.c.id == engagement.id)
            )
        if code is None:
            raise NotFound("No workshop matches this code.")
        return str(code)

    def uses_join_code_to_sign_in(self, engagement: Engagement) -> bool:
        """True for an engagement from before facilitator codes, still signed in to by join code."""
        return self.facilitator_code(engagement) == engagement.code

    def renew_facilitator_code(self, engagement: Engagement) -> str:
        """Give the engagement a new private facilitator code; the old one stops working.

        Failed attempts recorded against the old code are forgotten with it.
        """
        for _ in range(5):
            fresh = new_facilitator_code()
            try:
                with write_tx(self.engine) as conn:
                    self._engagement_by(conn, engagements.c.id == engagement.id)
                    conn.execute(
                        update(engagements)
                        .where(engagements.c.id == engagement.id)
                        .values(facilitator_code=fresh)
                    )
                    conn.execute(
                        delete(passcode_failures).where(
                            passcode_failures.c.engagement_id == engagement.id
                        )
                    )
                return fresh
            except IntegrityError:
                continue
        raise StoreError("Could not create a unique facilitator code; please try again.")

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

    # ------------------------------------------------------ facilitator sessions

    def open_session(
        self, engagement: Engagement, lifetime: timedelta = timedelta(hours=SESSION_HOURS)
    ) -> str:
        """A new sign-in token for a browser; only its SHA-256 is stored, with an expiry."""
        token = new_token()
        stamp = now()
        with write_tx(self.engine) as conn:
            conn.execute(
                delete(facilitator_sessions).where(facilitator_sessions.c.expires_at <= stamp)
            )
            conn.execute(
                insert(facilitator_sessions).values(
                    token_hash=hash_token(token),
                    engagement_id=engagement.id,
                    created_at=stamp,
                    expires_at=stamp + lifetime,
                )
            )
        return token

    def session_engagement(self, token: str) -> Engagement | None:
        """The engagement a live sign-in token belongs to; None when unknown or expired."""
        if not token:
            return None
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(engagements)
                .join(
                    facilitator_sessions, facilitator_sessions.c.engagement_id == engagements.c.id
                )
                .where(
                    facilitator_sessions.c.token_hash == hash_token(token),
                    facilitator_sessions.c.expires_at > now(),
                )
            ).first()
        return None if row is None else to_engagement(row)

    def end_session(self, token: str) -> None:
        """Forget a sign-in token (sign out); unknown tokens are ignored."""
        if not token:
            return
        with write_tx(self.engine) as conn:
            conn.execute(
                delete(facilitator_sessions).where(
                    facilitator_sessions.c.token_hash == hash_token(token)
                )
            )

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
