"""What the workshop store hands out: engagements, participants, consensus and progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Row

from assessment.model.questionnaire import Answer
from assessment.storage.base import StoreError, as_utc, now

BAD_ADDRESS = (
    "Give a web address that starts with http:// or https://, such as https://crm.example.org."
)
MAX_PUBLIC_URL = 500


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
    account_id: int | None = None  # the owning account; None for a passcode-only workshop
    follow_up_of: int | None = None  # the engagement this one follows up

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


@dataclass(frozen=True)
class Account:
    """A facilitator account: who signs in, and what it owns or was given."""

    id: int
    email: str
    created_at: datetime


@dataclass(frozen=True)
class EngagementSummary:
    """One line of an account's My engagements list."""

    engagement: Engagement
    respondents: int
    last_activity: datetime
    owned: bool  # False: a colleague shared it with this account
    follow_up_code: str | None  # join code of the engagement this one follows up


@dataclass(frozen=True)
class ParticipantEntry:
    """A participant as the facilitator manages them: a number, never their private link."""

    id: int
    number: int  # 1, 2, ... in join order within the engagement
    role: str
    name: str | None
    source: str
    answered: int
    noted: int
    joined_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    """One line of an engagement's audit log: what was done, by whom, when (no answers)."""

    action: str
    detail: str | None
    by: str | None  # the account's email, None when no account did it
    at: datetime


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
        account_id=row.account_id,
        follow_up_of=row.follow_up_of,
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


def organisation_key(organisation: str) -> str:
    """An organisation's name as compared: surrounding spaces and case ignored."""
    return organisation.strip().casefold()
