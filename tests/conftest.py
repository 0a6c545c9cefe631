"""Shared fixtures: paths, the bundled questionnaires, Chromium via Playwright, PostgreSQL.

Browser and PostgreSQL tests skip when their prerequisites are missing on a developer machine,
but with CI=true they fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_prerequisite(message: str) -> None:
    """Skip on a developer machine; fail in CI, where every test must run."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: this test must run, not skip)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, shared by the session."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing_prerequisite("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of a real PostgreSQL test database (CRM_READINESS_TEST_PG_URL)."""
    url = os.environ.get("CRM_READINESS_TEST_PG_URL", "")
    if not url:
        missing_prerequisite("CRM_READINESS_TEST_PG_URL is not set")
    return url
