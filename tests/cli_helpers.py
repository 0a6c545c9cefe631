"""Helpers for the command-line tests: run `main` in-process, and a workshop in a new database."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.cli.main import main
from assessment.model.questionnaire import Bundle
from assessment.storage.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `crm-readiness ARGV...` run in this process."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def engagement_in(tmp_path: Path, bundle: Bundle) -> tuple[str, Store, str]:
    """A fresh SQLite database with one open workshop of `bundle`: URL, store, join code."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    e = store.create_engagement(
        bundle.questionnaire.id, "1.0", bundle.sha256, organisation="Acme", passcode="secret1"
    )
    return url, store, e.code
