"""The CRM Readiness app: navigation over the thin pages of this package.

``run()`` is the whole app. Streamlit runs it from the top-level ``streamlit_app.py`` in a
checkout, or from this file itself in an installed package (``crm-readiness serve``).
Pages are given by absolute paths next to this file, so they are the same pages (and the
same URLs) whichever of the two is Streamlit's main script.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from app_pages import ui

PAGES = Path(__file__).resolve().parent


def build_navigation() -> ui.Navigation:
    """The pages by section and name (built once per session: st.Page checks its file)."""
    main = {
        "home": st.Page(PAGES / "home.py", title="Home", icon=":material/home:", default=True),
        "self": st.Page(
            PAGES / "self_assessment.py",
            title="Self-assessment",
            icon=":material/checklist:",
            url_path="self-assessment",
        ),
        "results": st.Page(
            PAGES / "results.py", title="Results", icon=":material/insights:", url_path="results"
        ),
        "questionnaires": st.Page(
            PAGES / "questionnaires.py",
            title="Questionnaires",
            icon=":material/description:",
            url_path="questionnaires",
        ),
    }
    # Workshop pages: "join" (participants: Home forwards /?join=<code> and
    # /?participant=<token> to it) and "facilitate" (consultants).
    workshop = {
        "join": st.Page(
            PAGES / "workshop_join.py", title="Join", icon=":material/group_add:", url_path="join"
        ),
        "facilitate": st.Page(
            PAGES / "workshop_facilitate.py",
            title="Facilitate",
            icon=":material/co_present:",
            url_path="facilitate",
        ),
    }
    return ui.Navigation({"": main, "Workshop": workshop})


def projector_on() -> bool:
    """?view=projector on the facilitate page by a signed-in facilitator: the projector view."""
    from app_pages import workshop_live, workshop_ui

    if not workshop_live.projector_requested():
        return False
    workshop_ui.restore_session()  # a second tab or screen signs in from this browser's cookie
    return st.session_state.get(
        workshop_ui.F_CODE
    ) is not None and ui.navigation().current_path in ("", "facilitate")


def run() -> None:
    """One run of the app: page config, navigation, then the current page."""
    st.set_page_config(
        page_title="CRM Readiness",
        page_icon=":material/fact_check:",
        layout="centered",
        initial_sidebar_state="auto",
    )
    memo = ui.memo()
    if memo.nav is None:
        memo.nav = build_navigation()
    nav = memo.nav
    if projector_on():
        # Full width, large type, no navigation bar; the URL stays /facilitate?view=projector.
        from app_pages import workshop_live

        st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
        projector = st.Page(
            workshop_live.projector_page,
            title="Projector",
            icon=":material/tv:",
            url_path="facilitate",
        )
        current = st.navigation([projector], position="hidden")
    else:
        current = st.navigation(
            {title: list(pages.values()) for title, pages in nav.sections.items()}, position="top"
        )
    nav.current_path = current.url_path
    ui.adopt_resume_link()
    try:
        current.run()
    except Exception:  # last line of defence: log the details, show the user a calm sentence
        logging.getLogger("crm_readiness.app").exception("page %r failed", current.title)
        st.warning(
            "Something went wrong on our side while showing this page. Your saved answers are "
            "safe. Please reload the page; if it happens again, tell whoever runs this tool.",
            icon=":material/sentiment_dissatisfied:",
        )


if __name__ == "__main__":
    run()
