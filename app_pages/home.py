"""Home: what the tool is for and three ways in; hands workshop and resume links on."""

from __future__ import annotations

import streamlit as st

from app_pages import ui, widgets

WORKSHOP_PARAMS = ("join", "participant")
# Fixed CSS: the cards' headings are h2 (under the page's h1) at a card's size.
STYLE = "<style>[class*='st-key-way_'] h2{font-size: 1.5rem; padding-top: 0.25rem}</style>"


def forward_links() -> None:
    """Send /?join=, /?participant= and /?resume= visitors to the page that serves them."""
    params = {k: st.query_params[k] for k in WORKSHOP_PARAMS if st.query_params.get(k)}
    if params:
        if ui.page("join") is not None:
            ui.go("join", **params)
        ui.flash(
            "This link is meant for a workshop, but workshops are not available on this "
            "server yet. Please check with the person who sent it."
        )
        for key in WORKSHOP_PARAMS:
            st.query_params.pop(key, None)
    token = ui.memo().token
    if token and st.query_params.get("resume") == token:
        ui.go("self", resume=token)


def way_in(title: str, text: str, target: str, label: str, absent: str, main: bool = False) -> None:
    """One of the three entry cards; the main one gets a button that stands out."""
    with st.container(border=True, key=f"way_{target}"):
        st.header(title, anchor=False)
        st.write(text)
        if (page := ui.page(target)) is None:
            st.caption(absent)
        elif main:
            if st.button(
                label, key=f"home_{target}", type="primary", icon=":material/arrow_forward:"
            ):
                ui.go(target)
        else:
            st.page_link(page, label=label, icon=":material/arrow_forward:")


forward_links()
widgets.mend_navigation_list()
st.html(STYLE)
ui.show_flash()
st.title("Is your organisation ready for CRM?", anchor=False)
st.write(
    "Many CRM programmes disappoint for reasons that can be seen long before any software is "
    "chosen: no clear customer strategy, processes nobody has rethought, staff left out, or "
    "the hope that a new system will fix an old habit. This tool asks about what your "
    "organisation actually does today across strategy, customer focus, process, people and "
    "technology. It then tells you plainly whether to buy now, buy with conditions, or wait, "
    "and what to fix first."
)

if ui.memo().token:
    st.page_link(
        ui.page("self") or "app_pages/self_assessment.py",
        label="Continue your assessment",
        icon=":material/play_arrow:",
    )

way_in(
    "Assess on your own",
    "About 10 to 15 minutes. Answer one area at a time, get a verdict with the reasons "
    "behind it, and download a report to share.",
    "self",
    "Start a self-assessment",
    "",
    main=True,
)
way_in(
    "Join a workshop",
    "Your facilitator sends you a link. Open it and answer on your own; the facilitator "
    "combines everyone's answers and shows where roles see things differently.",
    "join",
    "Join with a workshop code",
    "Open the link your facilitator sent you to take part.",
)
way_in(
    "Run a workshop",
    "For consultants: invite several people, watch the combined results as they arrive, see "
    "where roles disagree and agree a shared answer together.",
    "facilitate",
    "Facilitate a workshop",
    "Workshops are not set up on this server.",
)

st.caption(
    "Your answers are kept on this server as you give them. You get a private link to come "
    "back later; nobody else can see your answers without it."
)
