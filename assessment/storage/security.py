"""Passcode hashing, unguessable tokens, join and facilitator codes, the passcode attempt limit."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

# scrypt cost: about 16 MiB and a few tens of milliseconds per check, slow enough to hurt
# guessing and fast enough for a facilitator signing in.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
TOKEN_BYTES = 32
# Join codes avoid letters and digits that are easy to confuse when read off a projector.
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_LENGTH = 10
# Facilitator codes use the same alphabet, long enough not to be guessed (100 bits).
FACILITATOR_LENGTH = 20
FACILITATOR_GROUP = 5
MIN_PASSCODE_LENGTH = 6
MAX_PASSCODE_LENGTH = 200
MIN_PASSWORD_LENGTH = 10
MAX_EMAIL_LENGTH = 254


class AccessDenied(Exception):
    """A token, join code or passcode did not give access; the message is safe to show."""


class TooManyAttempts(AccessDenied):
    """Too many wrong passcodes in the window; the message says when to try again."""


def new_token() -> str:
    """An unguessable URL-safe token (256 bits from `secrets`)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_join_code() -> str:
    """A short join code (about 50 bits from `secrets`) that is easy to read aloud."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))


def new_facilitator_code() -> str:
    """A private facilitator code (100 bits from `secrets`), never shown to participants."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(FACILITATOR_LENGTH))


def format_facilitator_code(code: str) -> str:
    """A facilitator code in groups of five for copying, e.g. 'ABCDE-FGHJK-LMNPQ-RSTUV'.

    A short (legacy) code that is really a join code keeps the join code's two halves.
    """
    if len(code) <= JOIN_LENGTH:
        return format_join_code(code)
    step = FACILITATOR_GROUP
    return "-".join(code[i : i + step] for i in range(0, len(code), step))


def hash_token(token: str) -> str:
    """The SHA-256 of a 256-bit token, as stored at rest (hex); a fast hash is enough here."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_join_code(code: str) -> str:
    """The join code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def format_join_code(code: str) -> str:
    """The join code split in two halves for reading aloud, e.g. 'ABCDE-FGHJK'."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def check_passcode_strength(passcode: str) -> str | None:
    """A one-line reason why this passcode cannot be used, or None when it is acceptable."""
    if len(passcode) < MIN_PASSCODE_LENGTH:
        return f"The passcode needs at least {MIN_PASSCODE_LENGTH} characters."
    if len(passcode) > MAX_PASSCODE_LENGTH:
        return f"The passcode can have at most {MAX_PASSCODE_LENGTH} characters."
    return None


def check_password_strength(password: str) -> str | None:
    """A one-line reason why this account password cannot be used, or None when acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSCODE_LENGTH:
        return f"The password can have at most {MAX_PASSCODE_LENGTH} characters."
    return None


def normalise_email(email: str) -> str | None:
    """The email as stored (trimmed, lower case), or None when it is not shaped like one."""
    text = email.strip().lower()
    local, at, domain = text.partition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(text) > MAX_EMAIL_LENGTH
        or any(ch.isspace() or ch in "@<>\"'`" for ch in local + domain)
    ):
        return None
    return text


def _scrypt(passcode: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passcode.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_passcode(passcode: str) -> str:
    """A salted scrypt hash of the passcode, self-describing: 'scrypt$n$r$p$salt$digest'."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(passcode, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_passcode(passcode: str, stored: str) -> bool:
    """True when the passcode matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(passcode, _unb64(salt), int(n), int(r), int(p))
        return hmac.compare_digest(actual, _unb64(digest))
    except ValueError:
        return False


@functools.cache
def decoy_hash() -> str:
    """A hash to check a password against when no account has the email typed.

    Checking it costs what checking a real account's password costs, so the time a refusal
    takes says nothing about whether the account exists.
    """
    return hash_passcode(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class AttemptPolicy:
    """How many wrong passcodes an engagement accepts within a window before locking."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    delay_seconds: float = 1.0

    def locked_until(self, failures: list[datetime], now: datetime) -> datetime | None:
        """When the lock ends, or None when another attempt is allowed now."""
        recent = sorted(f for f in failures if now - f < self.window)
        if len(recent) < self.max_failures:
            return None
        return recent[-self.max_failures] + self.window


def lock_message(until: datetime, now: datetime) -> str:
    """The sentence shown when passcode attempts are locked."""
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many wrong passcodes for this workshop. Try again in {minutes} {unit}."
