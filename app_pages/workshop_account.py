"""A facilitator's account on the Facilitate page: sign-in, its session, what it may open."""

from __future__ import annotations

import streamlit as st

from app_pages import browser_memory, ui
from app_pages import workshop_ui as wu
from assessment.storage.accounts import ACCOUNT_SESSION_HOURS
from assessment.storage.records import Account, Engagement

ss = st.session_state
A_SESSION = "wa_session"  # this browser's account sign-in token (also kept in a cookie)
A_COOKIE = "wa_cookie"  # pending cookie change: ("remember", token) | "forget"
A_RESTORED = "wa_restored"  # True once this session looked for a remembered account sign-in
ACCOUNT_COOKIE = "crm_account"
ACCOUNT_SECONDS = ACCOUNT_SESSION_HOURS * 3600


# ------------------------------------------------------------------ session


def restore_account() -> None:
    """Once per session: sign the account in again from the browser's token, if still valid."""
    if ss.get(A_SESSION) or ss.get(A_RESTORED):
        return
    ss[A_RESTORED] = True
    token = browser_memory.recall(ACCOUNT_COOKIE)
    if token and wu.attempt(wu.F_FLASH, ui.store().session_account, token) is not None:
        ss[A_SESSION] = token
    elif token:
        ss[A_COOKIE] = "forget"


def current_account() -> Account | None:
    """The account this browser is signed in to (checked against the server every run)."""
    token = ss.get(A_SESSION)
    if not token:
        return None
    found: Account | None = wu.attempt(wu.F_FLASH, ui.store().session_account, token)
    if found is None:
        ss.pop(A_SESSION, None)
    return found


def may_open(engagement: Engagement) -> Engagement | None:
    """The engagement if this browser may see it, else None.

    A passcode-only workshop opens with its facilitator code and passcode as always; an
    account's workshop only under an account that owns it or was given it, so a facilitator
    sign-in left in a browser outlives neither a sign-out nor an unsharing.
    """
    if engagement.account_id is None:
        return engagement
    restore_account()
    account = current_account()
    if account is None:
        return None
    found: Engagement | None = wu.attempt(
        wu.F_FLASH, ui.store().account_engagement, account, engagement.code
    )
    return found


def sign_in() -> None:
    """Form callback: sign in with the email and password typed."""
    email, password = ss.get("wa_email") or "", ss.get(wu.box("wa_password")) or ""
    wu.next_round("wa_password")
    account = wu.attempt(wu.F_FLASH, ui.store().sign_in_account, email, password)
    if account is None:
        return
    token = wu.attempt(wu.F_FLASH, ui.store().open_account_session, account)
    if token:
        ss[A_SESSION] = token
        ss[A_COOKIE] = ("remember", token)


def sign_out() -> None:
    """Sign the account (and any workshop opened from it) out of this browser."""
    token = ss.pop(A_SESSION, None)
    if token:
        wu.attempt(wu.F_FLASH, ui.store().end_account_session, token)
    ss[A_COOKIE] = "forget"
    wu.end_session()


def send_cookie() -> None:
    """Send the pending account cookie change to the browser (once per run, late)."""
    pending = ss.pop(A_COOKIE, None)
    if isinstance(pending, tuple) and pending[0] == "remember":
        browser_memory.remember(ACCOUNT_COOKIE, pending[1], ACCOUNT_SECONDS)
    elif pending == "forget":
        browser_memory.forget(ACCOUNT_COOKIE)


def sign_in_form() -> None:
    """Email and password; the same calm sentence whatever was wrong."""
    with st.form("wa_sign_in_form", border=False):
        st.text_input("Email", key="wa_email", max_chars=254, autocomplete="username")
        st.text_input("Password", key=wu.box("wa_password"), type="password", max_chars=200,
                      autocomplete="current-password")  # fmt: skip
        st.caption("Accounts are made by whoever runs this server (crm-readiness user add).")
        st.form_submit_button("Sign in", key="wa_sign_in", type="primary", on_click=sign_in)
