"""Small values the browser keeps between visits: first-party cookies set from the page.

Streamlit has no API to set a cookie, so `remember` and `forget` write one with a tiny script
(st.html with JavaScript); `recall` reads the cookies the browser sent when this session's
page was loaded (st.context.cookies). A value remembered during a session is therefore
recalled by the *next* session in the same browser (a refresh or a reopened tab), not by the
current one. Cookies are SameSite=Strict, path=/, and Secure when the page is served over
https. Names are plain words; values are percent-encoded, so any text is safe to store.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, unquote

import streamlit as st

_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
MAX_VALUE = 2000


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"cookie name {name!r} must be 1-64 letters, digits or underscores")
    return name


def cookie_script(name: str, value: str, max_age_seconds: int) -> str:
    """The <script> that sets (max_age_seconds > 0) or deletes (0) one cookie."""
    encoded = quote(value, safe="")
    if len(encoded) > MAX_VALUE:
        raise ValueError("cookie value is too long")
    # Only [A-Za-z0-9_%.~-] reach the script, and json.dumps quotes them: nothing can escape.
    cookie = json.dumps(f"{_check_name(name)}={encoded}; Max-Age={max(0, int(max_age_seconds))}")
    return (
        "<script>(function(){var c="
        + cookie
        + "+'; Path=/; SameSite=Strict'+(location.protocol==='https:'?'; Secure':'');"
        + "document.cookie=c;})();</script>"
    )


def _run(script: str) -> None:
    # An invisible element: the script runs once when the browser adds it to the page.
    st.html(script, width="content", unsafe_allow_javascript=True)


def remember(name: str, value: str, max_age_seconds: int) -> None:
    """Ask this browser to keep `value` under `name` for `max_age_seconds`."""
    _run(cookie_script(name, value, max_age_seconds))


def recall(name: str) -> str | None:
    """The value this browser sent under `name` when the page was loaded, or None."""
    raw = st.context.cookies.get(_check_name(name))
    if not raw:
        return None
    return unquote(raw.strip('"'))


def forget(name: str) -> None:
    """Ask this browser to delete the cookie `name` (recall keeps the loaded value)."""
    _run(cookie_script(name, "", 0))
