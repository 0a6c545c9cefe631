"""Helpers for driving a served Streamlit app in Chromium (Playwright pages)."""

from __future__ import annotations

from typing import Any


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
