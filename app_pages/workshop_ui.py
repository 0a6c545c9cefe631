"""Shared helpers of the workshop pages: session keys, links, bundles and calm error handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from app_pages import browser_memory, ui
from assessment.model.questionnaire import Bundle
from assessment.storage.base import StoreError
from assessment.storage.facilitators import SESSION_HOURS
from assessment.storage.records import Engagement
from assessment.storage.security import AccessDenied, format_join_code

# Session-state keys of the participant page.
P_TOKEN = "wj_token"  # noqa: S105 - a session-state key name, not a secret
P_CODE = "wj_code"
P_FLASH = "wj_flash"
# Session-state keys of the facilitator page.
F_CODE = "wf_code"  # join code of the engagement this browser session signed in to
F_EARLIER = "wf_earlier"  # code of an earlier engagement signed in to for history
F_FLASH = "wf_flash"
F_UPLOAD = "wf_upload_round"  # bumped to clear the CSV uploader after an import
F_SESSION = "wf_session"  # this browser's facilitator sign-in token (also kept in a cookie)
F_COOKIE = "wf_cookie"  # pending cookie change for the page to send: ("remember", token) | "forget"
F_RESTORED = "wf_restored"  # True once this session looked for a remembered sign-in
SESSION_COOKIE = "crm_facilitator"  # cookie holding the facilitator's sign-in token
SESSION_SECONDS = SESSION_HOURS * 3600  # the cookie lasts as long as the server's sign-in
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # noqa: S104 - names, not a bind

TRY_AGAIN = "That did not work just now. Please try again in a moment; nothing saved is lost."


def base_url(engagement: Engagement | None = None) -> str:
    """The address links and QR codes start with (links land on the default page).

    The workshop's own public address when its facilitator set one, else
    CRM_READINESS_PUBLIC_URL, else the address this page was opened at.
    """
    if engagement is not None and engagement.public_url:
        return engagement.public_url
    return ui.base_url("http://localhost:8501")


def is_local_address(url: str) -> bool:
    """True when the address names this machine only (phones in the room cannot reach it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.")


def sign_in_with(code_key: str, passcode_key: str, signed_in_key: str) -> None:
    """Open an engagement with the facilitator code and passcode typed under these keys.

    A button callback: the passcode box is emptied whatever happens; on success the
    engagement's join code goes under signed_in_key, otherwise a calm message waits on the
    facilitator page.
    """
    signed_in_from(code_key, passcode_key, signed_in_key)


def signed_in_from(code_key: str, passcode_key: str, signed_in_key: str) -> Engagement | None:
    """sign_in_with, returning the engagement signed in to (None when refused)."""
    code, passcode = st.session_state.get(code_key) or "", st.session_state.get(passcode_key) or ""
    st.session_state[passcode_key] = ""
    found: Engagement | None = attempt(F_FLASH, ui.store().sign_in, code, passcode)
    if found is not None:
        st.session_state[signed_in_key] = found.code
    return found


def start_session(engagement: Engagement) -> None:
    """Sign this browser in to the engagement and keep the sign-in across a refresh."""
    token = attempt(F_FLASH, ui.store().open_session, engagement)
    st.session_state[F_CODE] = engagement.code
    if token:
        st.session_state[F_SESSION] = token
        st.session_state[F_COOKIE] = ("remember", token)


def end_session() -> None:
    """Sign out: forget the sign-in here, on the server and in the browser's cookie."""
    token = st.session_state.pop(F_SESSION, None)
    if token:
        attempt(F_FLASH, ui.store().end_session, token)
    for key in (F_CODE, F_EARLIER):
        st.session_state.pop(key, None)
    st.session_state[F_COOKIE] = "forget"


def restore_session() -> bool:
    """Once per session: sign in again from the token this browser remembered, if still valid.

    True when this run signed the session in from the browser's token.
    """
    if st.session_state.get(F_CODE) or st.session_state.get(F_RESTORED):
        return False
    st.session_state[F_RESTORED] = True
    token = browser_memory.recall(SESSION_COOKIE)
    if not token:
        return False
    found = attempt(F_FLASH, ui.store().session_engagement, token)
    if found is None:
        st.session_state[F_COOKIE] = "forget"  # expired, or signed out elsewhere
        return False
    st.session_state[F_CODE] = found.code
    st.session_state[F_SESSION] = token
    return True


def send_cookie() -> None:
    """Send the pending cookie change to the browser (call once per run, late on the page)."""
    pending = st.session_state.pop(F_COOKIE, None)
    if isinstance(pending, tuple) and pending[0] == "remember":
        browser_memory.remember(SESSION_COOKIE, pending[1], SESSION_SECONDS)
    elif pending == "forget":
        browser_memory.forget(SESSION_COOKIE)


def box(base: str) -> str:
    """The key of a passcode or password box this round.

    Each submit starts a new round, so the browser shows new, empty boxes: setting a box
    back to "" from a callback does not reach a browser that already got "" for it.
    """
    n = st.session_state.get(f"{base}_round", 0)
    return base if not n else f"{base}_{n}"


def next_round(*bases: str) -> None:
    """Empty these passcode boxes for the next run (see box)."""
    for base in bases:
        st.session_state.pop(box(base), None)
        st.session_state[f"{base}_round"] = st.session_state.get(f"{base}_round", 0) + 1


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
