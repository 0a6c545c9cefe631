"""Account commands: `user add EMAIL` creates a facilitator account (password hashed, scrypt)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from assessment.cli.usage import UsageError

PROMPT = "Password for {email}: "
AGAIN = "The same password again: "
DIFFERENT = "The two passwords are different; nothing was saved."
EMPTY_STDIN = "--password-stdin read no password; nothing was saved."


def register(subparsers: Any) -> None:
    """Add the user commands to the CLI."""
    user = subparsers.add_parser(
        "user",
        help="manage facilitator accounts",
        description="Facilitator accounts sign in on the Facilitate page and own engagements.",
    )
    sub = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    p = sub.add_parser(
        "add",
        help="create a facilitator account",
        description=(
            "Create a facilitator account. The password is asked for twice without being "
            "shown, or read from the first line of standard input with --password-stdin (for "
            "scripts). Only a salted scrypt hash of it is stored."
        ),
    )
    p.add_argument("email", metavar="EMAIL", help="the facilitator's email address")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input instead of prompting")  # fmt: skip
    p.add_argument("--database", metavar="URL", help="database URL (default: the configured one)")
    p.set_defaults(handler=add_user)


def read_password(email: str, from_stdin: bool) -> str:
    """The new password: the first line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError(EMPTY_STDIN)
        return line
    first = getpass.getpass(PROMPT.format(email=email))
    if getpass.getpass(AGAIN) != first:
        raise UsageError(DIFFERENT)
    return first


def add_user(args: argparse.Namespace) -> int:
    """Create the account; a refusal (bad email, short password, exists) is one line, exit 1."""
    from assessment.storage.base import StoreError
    from assessment.storage.security import check_password_strength, normalise_email
    from assessment.storage.store import Store

    if normalise_email(args.email) is None:
        print(f"crm-readiness: '{args.email}' is not an email address.", file=sys.stderr)
        return 1
    password = read_password(args.email, args.password_stdin)
    if reason := check_password_strength(password):  # before connecting: nothing to undo
        print(f"crm-readiness: {reason}", file=sys.stderr)
        return 1
    store = Store(args.database)
    try:
        account = store.create_account(args.email, password)
    except StoreError as exc:
        print(f"crm-readiness: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Created the account {account.email}. It can sign in on the Facilitate page.")
    return 0
