"""An account's engagements: owning, sharing, claiming, reopening, follow-ups, deleting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from assessment.storage.accounts import AccountStore
from assessment.storage.base import NotFound, StoreError, as_utc, clean_text, now, read_tx, write_tx
from assessment.storage.migrations import (
    answers,
    audit_log,
    consensus,
    engagement_shares,
    engagements,
    participants,
)
from assessment.storage.records import Account, Engagement, EngagementSummary, to_engagement
from assessment.storage.security import (
    hash_passcode,
    new_facilitator_code,
    new_join_code,
    new_token,
)

NOT_YOURS = "None of your engagements matches this."
OWNER_ONLY = "Only the account that owns this workshop can do this."
NEEDS_REASON = "Say why the workshop is reopened; the reason is kept in its history."
NOT_CLOSED = "This workshop is open already."
CLAIMED_BY_OTHER = (
    "This workshop already belongs to an account. Ask its owner to share it with you."
)
MAX_REASON = 500


class WorkspaceStore(AccountStore):
    """Engagements as an account sees them (mixed into `assessment.storage.store.Store`)."""

    def audit(
        self,
        conn: Connection,
        engagement_id: int,
        account_id: int | None,
        action: str,
        detail: str | None = None,
    ) -> None:
        """Add one line to the audit log inside the caller's transaction."""
        conn.execute(
            insert(audit_log).values(
                engagement_id=engagement_id,
                account_id=account_id,
                action=action,
                detail=detail,
                at=now(),
            )
        )

    # ------------------------------------------------------------------ access

    def _visible(self, account: Account) -> Any:
        shared = select(engagement_shares.c.engagement_id).where(
            engagement_shares.c.account_id == account.id
        )
        return or_(engagements.c.account_id == account.id, engagements.c.id.in_(shared))

    def account_engagement(self, account: Account, code: str) -> Engagement:
        """The engagement with this join code if the account owns it or was given it.

        NotFound (one sentence for "no such code" and "not yours") otherwise.
        """
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(engagements).where(engagements.c.code == code, self._visible(account))
            ).first()
        if row is None:
            raise NotFound(NOT_YOURS)
        return to_engagement(row)

    def _owned(self, account: Account, engagement: Engagement) -> Engagement:
        found = self.account_engagement(account, engagement.code)
        if found.account_id != account.id:
            raise StoreError(OWNER_ONLY)
        return found

    def followed_up(self, account: Account, engagement: Engagement) -> Engagement | None:
        """The engagement this one follows up, if there is one and the account may see it."""
        if engagement.follow_up_of is None:
            return None
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(engagements).where(
                    engagements.c.id == engagement.follow_up_of, self._visible(account)
                )
            ).first()
        return None if row is None else to_engagement(row)

    def my_engagements(self, account: Account) -> list[EngagementSummary]:
        """Every engagement the account owns or was given, most recent activity first."""
        with read_tx(self.engine) as conn:
            rows = list(conn.execute(select(engagements).where(self._visible(account))))
            ids = [r.id for r in rows]
            people = _by_engagement(
                conn,
                participants.c.engagement_id,
                ids,
                func.count(),
                func.max(participants.c.joined_at),
            )
            answered = _by_engagement(
                conn,
                participants.c.engagement_id,
                ids,
                func.max(answers.c.updated_at),
                join=(answers, answers.c.participant_id == participants.c.id),
            )
            agreed = _by_engagement(
                conn, consensus.c.engagement_id, ids, func.max(consensus.c.updated_at)
            )
            codes = {r.id: r.code for r in rows}
            missing = {
                r.follow_up_of for r in rows if r.follow_up_of and r.follow_up_of not in codes
            }
            if missing:  # followed up engagements not in the list (not shared, say)
                found = select(engagements.c.id, engagements.c.code)
                for known in conn.execute(found.where(engagements.c.id.in_(missing))):
                    codes[known.id] = known.code
        out = []
        for r in rows:
            e = to_engagement(r)
            latest = (
                _newest(
                    e.created_at,
                    e.closed_at,
                    people.get(r.id, (0, None))[1],
                    answered.get(r.id, (None,))[0],
                    agreed.get(r.id, (None,))[0],
                )
                or e.created_at
            )
            out.append(
                EngagementSummary(
                    e,
                    int(people.get(r.id, (0,))[0]),
                    latest,
                    e.account_id == account.id,
                    codes.get(e.follow_up_of or 0),
                )
            )
        return sorted(out, key=lambda s: s.last_activity, reverse=True)

    # ------------------------------------------------------- creating and claiming

    def create_owned_engagement(
        self,
        account: Account,
        questionnaire_id: str,
        version: str,
        sha256: str,
        *,
        organisation: str,
        follow_up_of: Engagement | None = None,
    ) -> Engagement:
        """A new open engagement owned by the account (no passcode: the account opens it)."""
        org = clean_text(organisation)
        if org is None:
            raise StoreError("Give the name of the organisation the workshop is for.")
        values = {
            "organisation": org,
            "questionnaire_id": questionnaire_id,
            "version": version,
            "sha256": sha256,
            "status": "open",
            "created_at": now(),
            "account_id": account.id,
            "follow_up_of": follow_up_of.id if follow_up_of else None,
            # Nobody knows this passcode: an account's workshop opens from the account only.
            "passcode_hash": hash_passcode(new_token()),
        }
        for _ in range(5):
            try:
                with write_tx(self.engine) as conn:
                    res = conn.execute(
                        insert(engagements).values(
                            code=new_join_code(), facilitator_code=new_facilitator_code(), **values
                        )
                    )
                    made = self._engagement_by(
                        conn,
                        engagements.c.id == res.inserted_primary_key[0],  # type: ignore[index]
                    )
                    if follow_up_of is not None:
                        self.audit(conn, made.id, account.id, "follow-up", follow_up_of.code)
                    return made
            except IntegrityError:
                continue  # code collision: draw another
        raise StoreError("Could not create a unique workshop code; please try again.")

    def duplicate_as_follow_up(
        self, account: Account, engagement: Engagement, version: str, sha256: str
    ) -> Engagement:
        """A new, empty engagement for the same organisation and questionnaire, linked back."""
        source = self.account_engagement(account, engagement.code)
        return self.create_owned_engagement(
            account,
            source.questionnaire_id,
            version,
            sha256,
            organisation=source.organisation,
            follow_up_of=source,
        )

    def claim_engagement(
        self, account: Account, facilitator_code: str, passcode: str
    ) -> Engagement:
        """Put a passcode-only workshop into the account, proven by its code and passcode.

        The refusals, delay and lock are those of signing in with the code (sign_in).
        """
        found = self.sign_in(facilitator_code, passcode)
        if found.account_id == account.id:
            return found
        with write_tx(self.engine) as conn:
            res = conn.execute(
                update(engagements)
                .where(engagements.c.id == found.id, engagements.c.account_id.is_(None))
                .values(account_id=account.id)
            )
            if res.rowcount != 1:
                raise StoreError(CLAIMED_BY_OTHER)
            self.audit(conn, found.id, account.id, "claimed")
            return self._engagement_by(conn, engagements.c.id == found.id)

    # ------------------------------------------------------------ changing state

    def close_for(self, account: Account, engagement: Engagement) -> None:
        """Close an engagement of the account's, with a line in its audit log."""
        found = self.account_engagement(account, engagement.code)
        self.close_engagement(found.code)
        with write_tx(self.engine) as conn:
            self.audit(conn, found.id, account.id, "closed")

    def reopen(self, account: Account, engagement: Engagement, reason: str) -> Engagement:
        """Open a closed engagement again; the reason is kept in its audit log."""
        why = clean_text(reason, MAX_REASON)
        if why is None:
            raise StoreError(NEEDS_REASON)
        found = self.account_engagement(account, engagement.code)
        with write_tx(self.engine) as conn:
            res = conn.execute(
                update(engagements)
                .where(engagements.c.id == found.id, engagements.c.status == "closed")
                .values(status="open", closed_at=None)
            )
            if res.rowcount != 1:
                raise StoreError(NOT_CLOSED)
            self.audit(conn, found.id, account.id, "reopened", why)
            return self._engagement_by(conn, engagements.c.id == found.id)

    def delete_engagement(self, account: Account, engagement: Engagement) -> None:
        """Delete the engagement and everything in it (owner only); the audit keeps a line."""
        found = self._owned(account, engagement)
        with write_tx(self.engine) as conn:
            secure_delete(conn)
            conn.execute(
                update(engagements)
                .where(engagements.c.follow_up_of == found.id)
                .values(follow_up_of=None)
            )
            doomed = select(participants.c.id).where(participants.c.engagement_id == found.id)
            conn.execute(delete(answers).where(answers.c.participant_id.in_(doomed)))
            conn.execute(delete(participants).where(participants.c.engagement_id == found.id))
            conn.execute(delete(engagements).where(engagements.c.id == found.id))
            self.audit(conn, found.id, account.id, "deleted")


def secure_delete(conn: Connection) -> None:
    """On SQLite, overwrite what this transaction deletes rather than leave it in free pages."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def _by_engagement(
    conn: Connection, key: Any, ids: list[int], *columns: Any, join: tuple[Any, Any] | None = None
) -> dict[int, tuple[Any, ...]]:
    """Aggregates per engagement id, for the ids given."""
    if not ids:
        return {}
    source = key.table if join is None else key.table.join(*join)
    stmt = select(key, *columns).select_from(source).where(key.in_(ids)).group_by(key)
    return {row[0]: tuple(row[1:]) for row in conn.execute(stmt)}


def _newest(*stamps: datetime | None) -> datetime | None:
    """The latest of the stamps given (None when none is)."""
    known = [t for t in (as_utc(s) for s in stamps) if t is not None]
    return max(known) if known else None
