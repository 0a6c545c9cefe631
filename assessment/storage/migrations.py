"""Database tables and the named, versioned migrations that create and evolve them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from assessment.storage.base import write_tx

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------- self-assessment

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("questionnaire_id", String(80), nullable=False),
    Column("version", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("organisation", String(200)),
    Column("name", String(200)),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

assessment_answers = Table(
    "assessment_answers",
    metadata,
    Column("assessment_id", ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("answer", String(8)),
    Column("note", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------------- workshops

# The engagements table as migration 0002 created it (migrations must keep creating exactly
# what they shipped); 0004 adds the facilitator code and the public address.
_engagements_0002 = Table(
    "engagements",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("organisation", String(200), nullable=False),
    Column("questionnaire_id", String(80), nullable=False),
    Column("version", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("passcode_hash", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)

engagements = Table(
    "engagements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("organisation", String(200), nullable=False),
    Column("questionnaire_id", String(80), nullable=False),
    Column("version", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("passcode_hash", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    # Private code the facilitator signs in with (0004). Engagements made before 0004 start
    # with their join code here until the facilitator makes a new one.
    Column("facilitator_code", String(40)),
    # Address participants' links and QR codes use, set by the facilitator (0004).
    Column("public_url", String(500)),
    Index("ux_engagements_facilitator_code", "facilitator_code", unique=True),
    Column("account_id", Integer),  # the owner (0005); NULL: passcode-only, unclaimed
    Column("follow_up_of", Integer),  # the engagement this one follows up (0005)
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), nullable=False),
    Column("token", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("name", String(200)),
    Column("source", String(10), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Index("ix_participants_engagement", "engagement_id"),
)

answers = Table(
    "answers",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("answer", String(8)),
    Column("note", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

consensus = Table(
    "consensus",
    metadata,
    Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("level", Integer),
    Column("note", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

passcode_failures = Table(
    "passcode_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_passcode_failures_engagement", "engagement_id"),
)

# A signed-in facilitator's browser session: only the SHA-256 of the token is stored (0004).
facilitator_sessions = Table(
    "facilitator_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_facilitator_sessions_engagement", "engagement_id"),
)


# A facilitator account (0005), made by whoever runs the server; email in lower case.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A signed-in account's browser session: only the SHA-256 of the token is stored (0005).
account_sessions = Table(
    "account_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_account_sessions_account", "account_id"),
)

# Wrong passwords by the SHA-256 of the email typed: unknown addresses lock like known ones.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email_hash", String(64), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_email", "email_hash"),
)

# An engagement an owner shared with a colleague's account (0005).
engagement_shares = Table(
    "engagement_shares",
    metadata,
    Column("engagement_id", ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# What was done to an engagement, by whom (0005): never answers, notes or names. Plain ids,
# no foreign keys, so a line outlives the engagement it tells of.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("engagement_id", Integer),
    Column("account_id", Integer),
    Column("action", String(40), nullable=False),
    Column("detail", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_audit_log_engagement", "engagement_id"),
)

# 0005 adds plain integer columns to engagements (SQLite cannot add a foreign key later).
ENGAGEMENT_OWNER_COLUMNS = (
    "ALTER TABLE engagements ADD COLUMN account_id INTEGER",
    "ALTER TABLE engagements ADD COLUMN follow_up_of INTEGER",
    "CREATE INDEX ix_engagements_account ON engagements (account_id)",
)


def _create(*tables: Table) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        for table in tables:
            table.create(conn)

    return apply


def _facilitator_codes(conn: Connection) -> None:
    """0004: facilitator code and public address on engagements; facilitator sessions.

    Existing engagements get their join code as facilitator code, so their facilitators can
    still sign in as before; the facilitator page warns them and offers a new private code.
    """
    conn.execute(text("ALTER TABLE engagements ADD COLUMN facilitator_code VARCHAR(40)"))
    conn.execute(text("ALTER TABLE engagements ADD COLUMN public_url VARCHAR(500)"))
    conn.execute(text("UPDATE engagements SET facilitator_code = code"))
    for index in engagements.indexes:
        index.create(conn)
    facilitator_sessions.create(conn)


def _accounts(conn: Connection) -> None:
    """0005: accounts, their sessions, sharing, the audit log; owners on engagements.

    Existing engagements keep working by code and passcode, owned by nobody until claimed.
    """
    for statement in ENGAGEMENT_OWNER_COLUMNS:
        conn.execute(text(statement))
    for table in (accounts, account_sessions, sign_in_failures, engagement_shares, audit_log):
        table.create(conn)


# Append only: never edit or reorder a migration that has shipped.
MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "0001_self_assessment", _create(assessments, assessment_answers)),
    (2, "0002_workshops", _create(_engagements_0002, participants, answers, consensus)),
    (3, "0003_passcode_failures", _create(passcode_failures)),
    (4, "0004_facilitator_codes", _facilitator_codes),
    (5, "0005_accounts", _accounts),
]
LATEST = MIGRATIONS[-1][0]


def applied_versions(conn: Connection) -> set[int]:
    """Versions already applied to this database."""
    return set(conn.scalars(select(schema_migrations.c.version)))


def _lock(conn: Connection) -> None:
    """Serialise migrations when several processes start at once."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(472811)"))


def migrate(engine: Engine, upto: int | None = None) -> list[str]:
    """Apply every pending migration (up to version `upto`) in one transaction; return names.

    `upto` exists for tests that build a database as an earlier release left it.
    """
    done: list[str] = []
    with write_tx(engine) as conn:
        _lock(conn)
        schema_migrations.create(conn, checkfirst=True)
        have = applied_versions(conn)
        for version, name, apply in MIGRATIONS:
            if version in have or (upto is not None and version > upto):
                continue
            apply(conn)
            conn.execute(
                insert(schema_migrations).values(
                    version=version, name=name, applied_at=datetime.now(UTC)
                )
            )
            done.append(name)
    return done
