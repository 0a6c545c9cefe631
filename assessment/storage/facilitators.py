"""Facilitator sign-in: private facilitator codes, passcodes, browser sessions, history."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.storage.base import NotFound, StoreError, as_utc, now, read_tx, write_tx
from assessment.storage.engagements import EngagementStore
from assessment.storage.migrations import engagements, facilitator_sessions, passcode_failures
from assessment.storage.records import Engagement, organisation_key, to_engagement
from assessment.storage.security import (
    AccessDenied,
    AttemptPolicy,
    TooManyAttempts,
    hash_token,
    lock_message,
    new_facilitator_code,
    new_token,
    normalise_join_code,
    verify_passcode,
)

WRONG_PASSCODE = "The facilitator code or passcode is not right."
NO_PASSCODE = "Type your facilitator passcode, then press Open."
SESSION_HOURS = 12
OTHER_ORGANISATION = "That workshop was for another organisation, so it cannot be compared here."
SAME_WORKSHOP = "That is this workshop's own code; give the facilitator code of an earlier one."


class CannotCompare(StoreError):
    """The earlier workshop opened for a comparison is this one, or another organisation's."""


class FacilitatorStore(EngagementStore):
    """Sign-in, facilitator code, session and history methods of the Store."""

    attempt_policy: AttemptPolicy = AttemptPolicy()

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

    # ------------------------------------------------------------------- history

    def open_earlier(
        self, current_code: str, earlier_facilitator_code: str, passcode: str
    ) -> Engagement:
        """An earlier workshop of the same organisation, to compare the current one with.

        It signs in with the earlier workshop's facilitator code and passcode (refusals and
        locks as for sign_in), then CannotCompare when it is the current workshop itself or
        belongs to another organisation (case ignored): one client's results never show up in
        another's.
        """
        current = self.get_engagement(current_code)
        if current is None:
            raise NotFound("No workshop matches this code.")
        earlier = self.sign_in(earlier_facilitator_code, passcode)
        if earlier.id == current.id:
            raise CannotCompare(SAME_WORKSHOP)
        if organisation_key(earlier.organisation) != organisation_key(current.organisation):
            raise CannotCompare(OTHER_ORGANISATION)
        return earlier
