"""Helpers for driving a served Streamlit app in Chromium (Playwright pages)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent


def settle(page: Any) -> None:
    """Wait until Streamlit has finished its run and the page has stopped changing."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_function(
        """() => {
            const now = document.body.innerHTML.length;
            const same = window.__lastSize === now;
            window.__lastSize = now;
            window.__stable = same ? (window.__stable || 0) + 1 : 0;
            return window.__stable >= 3 && !document.querySelector('[data-stale="true"]');
        }""",
        polling=200,
    )


def shoot(page: Any, folder: Path, name: str) -> None:
    """Save the screen as seen, and the whole page (Streamlit scrolls inside its main area)."""
    settle(page)
    page.screenshot(path=str(folder / f"{name}.png"))
    size = page.viewport_size
    tall = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": int(tall) + 40})
    settle(page)
    page.screenshot(path=str(folder / f"{name}-full.png"))
    page.set_viewport_size(size)
    settle(page)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, **extra_env: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start the app on a free port with this SQLite file; wait until it is healthy.

    CRM_READINESS_PUBLIC_URL from the caller's environment is dropped (tests set it when
    they mean to); the server's log goes next to the database.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CRM_READINESS_PUBLIC_URL"}
    env.update({"CRM_READINESS_DATABASE_URL": f"sqlite:///{db}", **extra_env})
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
           "--server.headless", "true", "--server.port", str(port),
           "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]  # fmt: skip
    with (db.parent / f"server-{port}.log").open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("the app did not become healthy within 60 seconds")


SIZES = {"desktop": (1280, 800), "phone": (390, 844)}  # laptop, and a phone's CSS pixels


def served_app(folder: Path) -> Iterator[tuple[str, Store]]:
    """Serve the app on a free port with its own SQLite file in folder; yield its address and
    a store over that file; stop it after and check its log holds no traceback."""
    from assessment.storage.store import Store

    db = folder / "app.db"
    server, url = serve(db)
    try:
        yield url, Store(f"sqlite:///{db}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    for log in folder.glob("server-*.log"):
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def new_page(browser: Any, size: str, **options: Any) -> Any:
    """A page in a fresh context of one of SIZES (a phone is mobile, with touch), patient
    with a busy machine."""
    width, height = SIZES[size]
    phone = size == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, **options
    )
    context.set_default_timeout(60_000)
    return context.new_page()


def screens_folder() -> Path:
    """Where screenshots go: CRM_READINESS_SCREENSHOTS, else out/screens (gitignored)."""
    folder = Path(os.environ.get("CRM_READINESS_SCREENSHOTS") or ROOT / "out" / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    """Every axe-core violation on the page, of any impact: rule, impact, first targets."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:4]) for v in found]
