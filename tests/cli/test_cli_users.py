"""`crm-readiness user add EMAIL`: hidden prompt twice, or --password-stdin; scrypt at rest."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run
from sqlalchemy import select

from assessment.storage.migrations import accounts
from assessment.storage.store import Store

PW = "correct horse battery"


def test_add_reads_the_password_from_stdin_and_stores_only_a_hash(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    done = subprocess.run(  # a real process: what a deployment script runs
        [sys.executable, "-m", "assessment", "user", "add", "Dana@Example.org",
         "--password-stdin", "--database", url],
        input=f"{PW}\n", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "Created the account dana@example.org. It can sign in on the Facilitate page.\n"
    )
    store = Store(url)
    try:
        assert store.sign_in_account("dana@example.org", PW).email == "dana@example.org"
        with store.engine.connect() as conn:
            stored = conn.scalar(select(accounts.c.password_hash))
        assert stored.startswith("scrypt$16384$8$1$") and PW not in stored
    finally:
        store.close()


def test_add_prompts_twice_without_echo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    asked: list[str] = []
    typed = iter([PW, PW, PW, "something else"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or next(typed))
    assert run(capsys, "user", "add", "lee@example.org", "--database", url)[0] == 0
    assert asked == ["Password for lee@example.org: ", "The same password again: "]
    code, out, err = run(capsys, "user", "add", "kim@example.org", "--database", url)
    assert (code, out) == (2, "")
    assert err == "crm-readiness: error: The two passwords are different; nothing was saved.\n"


@pytest.mark.parametrize(
    ("email", "stdin", "message"),
    [
        ("not-an-email", PW, "'not-an-email' is not an email address."),
        ("dana@example.org", "short", "The password needs at least 10 characters."),
        ("dana@example.org", PW, "An account with this email already exists."),
    ],
)
def test_add_refuses_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    email: str,
    stdin: str,
    message: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    Store(url).create_account("dana@example.org", PW)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{stdin}\n"))
    code, out, err = run(capsys, "user", "add", email, "--password-stdin", "--database", url)
    assert (code, out, err) == (1, "", f"crm-readiness: {message}\n")
