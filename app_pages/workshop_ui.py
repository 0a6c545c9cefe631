"""Shared helpers of the workshop pages: session keys, links, bundles and calm error handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages import ui
from assessment.model import Bundle
from assessment.security import AccessDenied, format_join_code
from assessment.storage import StoreError
from assessment.storage_workshop import Engagement

# Session-state keys of the participant page.
P_TOKEN = "wj_token"  # noqa: S105 - a session-state key name, not a secret
P_CODE = "wj_code"
P_FLASH = "wj_flash"
# Session-state keys of the facilitator page.
F_CODE = "wf_code"  # join code of the engagement this browser session signed in to
F_EARLIER = "wf_earlier"  # code of an earlier engagement signed in to for history
F_FLASH = "wf_flash"
F_UPLOAD = "wf_upload_round"  # bumped to clear the CSV uploader after an import

TRY_AGAIN = "That did not work just now. Please try again in a moment; nothing saved is lost."


def base_url() -> str:
    """The app's address without the current page's path (links land on the default page)."""
    return ui.base_url("http://localhost:8501")


def sign_in_with(code_key: str, passcode_key: str, signed_in_key: str) -> None:
    """Open an engagement with the code and passcode typed under these keys (button callback).

    The passcode box is emptied whatever happens; on success the engagement's code goes
    under signed_in_key, otherwise a calm message waits on the facilitator page.
    """
    code, passcode = st.session_state.get(code_key) or "", st.session_state.get(passcode_key) or ""
    st.session_state[passcode_key] = ""
    found = attempt(F_FLASH, ui.store().sign_in, code, passcode)
    if found is not None:
        st.session_state[signed_in_key] = found.code


def code_text(engagement: Engagement) -> str:
    """The join code as shown to people: two halves joined by a dash."""
    return format_join_code(engagement.code)


def bundle_of(engagement: Engagement) -> Bundle | None:
    """The installed questionnaire the engagement uses, if it is still installed."""
    return ui.bundles().get(engagement.questionnaire_id)


def flash(key: str, message: str, kind: str = "info") -> None:
    """Keep a message for the next run of the page."""
    st.session_state[key] = (kind, message)


def show_flash(key: str) -> None:
    """Show and forget the page's pending message."""
    pending = st.session_state.pop(key, None)
    if not pending:
        return
    kind, message = pending
    show = {"success": st.success, "warning": st.warning}.get(kind, st.info)
    show(message)


def attempt(flash_key: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a store action; a refusal or failure becomes a calm message, never an error box."""
    try:
        return action(*args, **kwargs)
    except (StoreError, AccessDenied) as exc:
        flash(flash_key, str(exc), "warning")
    except Exception:
        ui.LOG.exception("workshop action %s failed", getattr(action, "__name__", action))
        flash(flash_key, TRY_AGAIN, "warning")
    return None
