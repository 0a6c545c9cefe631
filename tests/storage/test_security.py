"""Passcode hashing, tokens, join codes and the attempt limit."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

from assessment.storage import security
from assessment.storage.security import (
    JOIN_ALPHABET,
    AttemptPolicy,
    check_passcode_strength,
    format_join_code,
    hash_passcode,
    lock_message,
    new_join_code,
    new_token,
    normalise_join_code,
    verify_passcode,
)


def test_hash_is_salted_and_verifies() -> None:
    a, b = hash_passcode("correct horse"), hash_passcode("correct horse")
    assert a != b
    assert a.startswith("scrypt$16384$8$1$")
    assert "correct horse" not in a
    assert verify_passcode("correct horse", a)
    assert not verify_passcode("correct hors", a)
    assert not verify_passcode("", a)


@pytest.mark.parametrize("stored", ["", "plain", "md5$x$y$z$a$b", "scrypt$x$8$1$AA$AA"])
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert verify_passcode("anything", stored) is False


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = security.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    assert verify_passcode("pass-word", hash_passcode("pass-word"))
    assert len(calls) == 1


def test_tokens_and_codes_come_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []
    monkeypatch.setattr(security.secrets, "token_urlsafe", lambda n: used.append("t") or "T" * n)
    monkeypatch.setattr(security.secrets, "choice", lambda seq: used.append("c") or seq[0])
    assert new_token() == "T" * 32
    assert new_join_code() == "A" * 10
    assert used == ["t"] + ["c"] * 10


def test_real_tokens_and_codes_have_the_promised_shape() -> None:
    token = new_token()
    assert len(token) == 43 and set(token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    code = new_join_code()
    assert len(code) == 10 and set(code) <= set(JOIN_ALPHABET)
    assert len({new_join_code() for _ in range(200)}) == 200


def test_join_codes_are_read_loosely() -> None:
    assert normalise_join_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert format_join_code("ABCDEFGHJK") == "ABCDE-FGHJK"


@pytest.mark.parametrize(
    ("passcode", "reason"),
    [
        ("12345", "The passcode needs at least 6 characters."),
        ("x" * 201, "The passcode can have at most 200 characters."),
        ("123456", None),
    ],
)
def test_passcode_strength(passcode: str, reason: str | None) -> None:
    assert check_passcode_strength(passcode) == reason


def test_policy_locks_after_max_failures_inside_the_window() -> None:
    policy = AttemptPolicy(max_failures=3, window=timedelta(minutes=10))
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    fails = [now - timedelta(minutes=m) for m in (9, 5, 1)]
    assert policy.locked_until(fails[:2], now) is None
    assert policy.locked_until(fails, now) == now + timedelta(minutes=1)
    old = [now - timedelta(minutes=m) for m in (30, 20, 11)]
    assert policy.locked_until(old, now) is None


def test_lock_message_rounds_up_to_whole_minutes() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert lock_message(now + timedelta(seconds=30), now) == (
        "Too many wrong passcodes for this workshop. Try again in 1 minute."
    )
    assert lock_message(now + timedelta(minutes=4, seconds=1), now) == (
        "Too many wrong passcodes for this workshop. Try again in 5 minutes."
    )


def test_secrets_module_is_the_real_one() -> None:
    assert security.secrets is secrets
