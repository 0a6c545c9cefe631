"""Database engine set-up shared by the stores: URL choice, SQLite pragmas, transactions."""

from __future__ import annotations

import functools
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, bindparam, create_engine, event, make_url
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect, Engine, Row

from assessment.model.questionnaire import Answer
from assessment.model.vocabulary import ROLES, UNKNOWN
from assessment.resources import ENV_URL, data_home

DEFAULT_DB = data_home() / "crm-readiness.db"
BUSY_TIMEOUT_MS = 30_000
MAX_NOTE = 5000
MAX_TEXT = 200
_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


class StoreError(Exception):
    """A storage request that cannot be done; the message is one sentence safe to show."""


class NotFound(StoreError):
    """No assessment, engagement or participant has this token or code."""


class EngagementClosed(StoreError):
    """The engagement is closed: its answers are frozen."""


def default_url() -> str:
    """The database URL: CRM_READINESS_DATABASE_URL, else the local SQLite file."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB}"


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout, full sync, and explicit BEGIN so writers queue instead of failing."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: an acknowledged answer survives a crash of the process and of the machine.
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction takes the write lock up front: a deferred transaction that
        # later upgrades fails at once with "database is locked" instead of waiting.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for this URL: tuned SQLite file, or PostgreSQL (or any SQLAlchemy URL)."""
    if url.startswith("sqlite"):
        if ":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:"):
            raise StoreError(
                "An in-memory SQLite database is not shared between threads; use a file."
            )
        database = make_url(url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            pool_size=10,
            max_overflow=50,
            pool_timeout=60,
        )
        _sqlite_setup(engine)
        _WRITE_LOCKS[engine] = threading.Lock()
        return engine
    return create_engine(url, pool_size=10, max_overflow=50, pool_timeout=60, pool_pre_ping=True)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed on exit (BEGIN IMMEDIATE on SQLite)."""
    with _writer_turn(engine), engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def _writer_turn(engine: Engine) -> Iterator[None]:
    """On SQLite, threads of one process take turns to write.

    SQLite allows one writer at a time anyway; queueing on a lock is fair and cheap, while
    waiting in SQLite's busy handler makes unlucky threads sleep for seconds. Other processes
    still wait through the busy timeout.
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    with _WRITE_LOCKS[engine]:
        yield


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction giving one consistent snapshot."""
    with engine.connect() as conn, conn.begin():
        yield conn


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite returns naive ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def encode_answer(answer: Answer) -> str:
    """An answer as stored: '1'..'5', 'unknown' or 'n/a'."""
    if answer == UNKNOWN:
        return UNKNOWN
    if answer == "n/a":
        return "n/a"
    if isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= 5:
        return str(answer)
    raise StoreError(f"{answer!r} is not an answer: use a level from 1 to 5, 'unknown' or 'n/a'.")


def decode_answer(stored: str) -> Answer:
    """A stored answer back as a level, 'unknown' or 'n/a'."""
    if stored == UNKNOWN:
        return "unknown"
    if stored == "n/a":
        return "n/a"
    return int(stored)


def check_role(role: str) -> str:
    """The role if it is one of the known roles, else a StoreError."""
    if role not in ROLES:
        raise StoreError(f"'{role}' is not a role; choose one of {', '.join(ROLES)}.")
    return role


def check_question_id(question_id: str) -> str:
    """The question id if it has a plausible shape, else a StoreError."""
    if not question_id or len(question_id) > 80:
        raise StoreError("A question id must have 1 to 80 characters.")
    return question_id


def clean_text(value: str | None, limit: int = MAX_TEXT) -> str | None:
    """Stripped text, None when empty; a StoreError when too long."""
    if value is None or not value.strip():
        return None
    if len(value.strip()) > limit:
        raise StoreError(f"The text is longer than {limit} characters.")
    return value.strip()


def upsert(conn: Connection, table: Any, keys: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert a row or update the columns in `values` when the key already exists."""
    stmt = _upsert_statement(conn.dialect.name, table, tuple(keys), tuple(values))
    conn.execute(stmt, {**keys, **values})


@functools.cache
def _upsert_statement(
    dialect: str, table: Any, keys: tuple[str, ...], columns: tuple[str, ...]
) -> Any:
    """One prepared upsert per table and column set: built once, then only bound."""
    bound: dict[str, Any] = {c: bindparam(c) for c in keys + columns}
    if dialect == "postgresql":
        pg = pg_insert(table).values(bound)
        return pg.on_conflict_do_update(
            index_elements=list(keys), set_={c: pg.excluded[c] for c in columns}
        )
    if dialect == "sqlite":
        lite = sqlite_insert(table).values(bound)
        return lite.on_conflict_do_update(
            index_elements=list(keys), set_={c: lite.excluded[c] for c in columns}
        )
    raise StoreError(f"The {dialect} database is not supported.")


# Answer tables by name, with the column naming their owner (a fixed list: these names are
# the only ones ever put into the SQL below; every value is bound).
_CELL_OWNERS = {"assessment_answers": "assessment_id", "answers": "participant_id"}
_CELL_SQL = {
    (table, column): (
        f"INSERT INTO {table} ({owner}, question_id, {column}, updated_at) VALUES (?, ?, ?, ?) "  # noqa: S608
        f"ON CONFLICT ({owner}, question_id) "
        f"DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at",
        f"DELETE FROM {table} WHERE {owner} = ? AND question_id = ? "  # noqa: S608
        "AND answer IS NULL AND note IS NULL",
    )
    for table, owner in _CELL_OWNERS.items()
    for column in ("answer", "note")
}


class Cursor:
    """A DB-API cursor inside a write transaction, speaking our dialects' common SQL.

    Answers and notes are the one write a user makes again and again, so they skip
    SQLAlchemy's per-statement work: plain SQL with ? placeholders (rewritten for
    PostgreSQL's driver) and timestamps converted the way SQLAlchemy stores them.
    """

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self._cursor = cursor
        self._qmark = dialect.paramstyle == "qmark"
        if dialect.name not in ("postgresql", "sqlite"):
            raise StoreError(f"The {dialect.name} database is not supported.")
        self._stamp = _stamp_converter(dialect)

    def run(self, sql: str, *params: Any) -> Any:
        """Execute one statement (column and table names are ours, values are bound)."""
        self._cursor.execute(sql if self._qmark else sql.replace("?", "%s"), params)
        return self._cursor

    def now(self) -> Any:
        """The current UTC time as this database stores it."""
        return self._stamp(now())

    def set_cell(
        self, table: str, owner_id: int, question_id: str, column: str, value: Any
    ) -> None:
        """Set the answer or note of one question; drop the row once both are empty."""
        try:
            upsert_sql, delete_sql = _CELL_SQL[table, column]
        except KeyError:
            raise StoreError(f"{table}.{column} does not hold answers.") from None
        self.run(upsert_sql, owner_id, question_id, value, self.now())
        if value is None:
            self.run(delete_sql, owner_id, question_id)

    @classmethod
    def within(cls, conn: Connection) -> Cursor:
        """A cursor in the transaction of an open SQLAlchemy connection."""
        return cls(conn.connection.driver_connection.cursor(), conn.dialect)  # type: ignore[union-attr]


@functools.cache
def _stamp_converter(dialect: Dialect) -> Callable[[datetime], Any]:
    """How SQLAlchemy binds a timezone-aware DateTime on this dialect (SQLite: as text)."""
    process = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    return process or (lambda value: value)


@contextmanager
def raw_write_tx(engine: Engine) -> Iterator[Cursor]:
    """A write transaction on a bare pooled DB-API connection, committed on exit."""
    with _writer_turn(engine):
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            if engine.dialect.name == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")  # autocommit mode: we open it ourselves
            try:
                yield Cursor(cursor, engine.dialect)
            except BaseException:
                raw.rollback()
                raise
            raw.commit()
        finally:
            raw.close()  # back to the pool, which rolls back anything left open


def answers_and_notes(rows: list[Row[Any]]) -> tuple[dict[str, Answer], dict[str, str]]:
    """Answer and note dictionaries from answer-table rows."""
    given = {r.question_id: decode_answer(r.answer) for r in rows if r.answer is not None}
    notes = {r.question_id: r.note for r in rows if r.note is not None}
    return given, notes
