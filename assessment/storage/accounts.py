"""Facilitator accounts: creating them, password sign-in with a lock, browser sessions."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from assessment.storage.base import StoreError, as_utc, now, read_tx, write_tx
from assessment.storage.migrations import account_sessions, accounts, sign_in_failures
from assessment.storage.participants import WorkshopStore
from assessment.storage.records import Account
from assessment.storage.security import (
    AccessDenied,
    TooManyAttempts,
    check_password_strength,
    decoy_hash,
    hash_passcode,
    hash_token,
    new_token,
    normalise_email,
    verify_passcode,
)

WRONG_PASSWORD = "The email or password is not right."  # noqa: S105 - a message
NO_PASSWORD = "Type your email and password, then press Sign in."  # noqa: S105 - a message
BAD_EMAIL = "Give an email address such as dana@example.org."
ACCOUNT_EXISTS = "An account with this email already exists."
ACCOUNT_SESSION_HOURS = 12


def _account(row: object) -> Account:
    return Account(
        id=row.id,  # type: ignore[attr-defined]
        email=row.email,  # type: ignore[attr-defined]
        created_at=as_utc(row.created_at) or now(),  # type: ignore[attr-defined]
    )


def account_lock_message(minutes: int) -> str:
    """The sentence shown while sign-in for an email is locked (the same for every email)."""
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many wrong passwords for this email. Try again in {minutes} {unit}."


class AccountStore(WorkshopStore):
    """Account methods of the Store."""

    def create_account(self, email: str, password: str) -> Account:
        """A new account with the password hashed (scrypt); StoreError when it cannot be."""
        key = normalise_email(email)
        if key is None:
            raise StoreError(BAD_EMAIL)
        if reason := check_password_strength(password):
            raise StoreError(reason)
        try:
            with write_tx(self.engine) as conn:
                conn.execute(
                    insert(accounts).values(
                        email=key, password_hash=hash_passcode(password), created_at=now()
                    )
                )
                row = conn.execute(select(accounts).where(accounts.c.email == key)).one()
        except IntegrityError:
            raise StoreError(ACCOUNT_EXISTS) from None
        return _account(row)

    def account_by_email(self, email: str) -> Account | None:
        """The account with this email (case ignored), or None."""
        key = normalise_email(email)
        if key is None:
            return None
        with read_tx(self.engine) as conn:
            row = conn.execute(select(accounts).where(accounts.c.email == key)).first()
        return None if row is None else _account(row)

    def sign_in_account(self, email: str, password: str) -> Account:
        """The account when email and password are right; AccessDenied or TooManyAttempts.

        An unknown email costs the same scrypt check, delay and lock as a wrong password,
        and gets the same sentence, so sign-in never tells whether an account exists.
        """
        if not email.strip() or not password:
            raise AccessDenied(NO_PASSWORD)
        key = normalise_email(email) or email.strip().lower()
        email_hash = hash_token(key)
        stamp = now()
        policy = self.attempt_policy
        with read_tx(self.engine) as conn:
            row = conn.execute(select(accounts).where(accounts.c.email == key)).first()
            failures = [
                as_utc(t) or stamp
                for t in conn.scalars(
                    select(sign_in_failures.c.failed_at).where(
                        sign_in_failures.c.email_hash == email_hash,
                        sign_in_failures.c.failed_at > stamp - policy.window,
                    )
                )
            ]
        until = policy.locked_until(failures, stamp)
        if until is not None:
            minutes = max(1, int((until - stamp).total_seconds() + 59) // 60)
            raise TooManyAttempts(account_lock_message(minutes))
        stored = decoy_hash() if row is None else row.password_hash
        if verify_passcode(password, stored) and row is not None:
            return _account(row)
        with write_tx(self.engine) as conn:
            conn.execute(insert(sign_in_failures).values(email_hash=email_hash, failed_at=stamp))
        time.sleep(policy.delay_seconds)
        raise AccessDenied(WRONG_PASSWORD)

    def open_account_session(
        self, account: Account, lifetime: timedelta = timedelta(hours=ACCOUNT_SESSION_HOURS)
    ) -> str:
        """A new sign-in token for a browser; only its SHA-256 is stored, with an expiry."""
        token = new_token()
        stamp = now()
        with write_tx(self.engine) as conn:
            conn.execute(delete(account_sessions).where(account_sessions.c.expires_at <= stamp))
            conn.execute(
                insert(account_sessions).values(
                    token_hash=hash_token(token),
                    account_id=account.id,
                    created_at=stamp,
                    expires_at=stamp + lifetime,
                )
            )
        return token

    def session_account(self, token: str) -> Account | None:
        """The account a live sign-in token belongs to; None when unknown or expired."""
        if not token:
            return None
        with read_tx(self.engine) as conn:
            row = conn.execute(
                select(accounts)
                .join(account_sessions, account_sessions.c.account_id == accounts.c.id)
                .where(
                    account_sessions.c.token_hash == hash_token(token),
                    account_sessions.c.expires_at > now(),
                )
            ).first()
        return None if row is None else _account(row)

    def end_account_session(self, token: str) -> None:
        """Forget an account sign-in token (sign out); unknown tokens are ignored."""
        if not token:
            return
        with write_tx(self.engine) as conn:
            conn.execute(
                delete(account_sessions).where(account_sessions.c.token_hash == hash_token(token))
            )
