"""Facilitator views for the projector: live anonymised dashboard and the consensus round."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import ui
from app_pages import workshop_account as wa
from app_pages import workshop_ui as wu
from assessment.engine.aggregate import discussion_agenda
from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report.charts import PLOTLY_CONFIG, score_text
from assessment.report.role_charts import role_bars, role_heatmap
from assessment.report.workshop import agenda, hotspots
from assessment.services.workshop import engagement_results, gap_sentence
from assessment.storage.records import Engagement

REFRESH_SECONDS = 5
PROJECTOR = "projector"  # ?view=projector: the projector view (streamlit_app.py hides the nav)
ss = st.session_state
# Fixed CSS (no user text) for the projector: large type across the page.
PROJECTOR_CSS = """<style>
html { font-size: 22px; }
.stMainBlockContainer { padding-top: 1.5rem; max-width: 100%; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1rem; white-space: normal; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stCaptionContainer"], [data-testid="stMetricLabel"] p { font-size: 0.9rem; }
</style>"""


def projector_requested() -> bool:
    """Whether this page was opened with ?view=projector."""
    return st.query_params.get("view") == PROJECTOR


def open_projector() -> None:
    """Switch this session to the projector view (button callback)."""
    st.query_params["view"] = PROJECTOR


def close_projector() -> None:
    """Back to the facilitator's normal page (button callback)."""
    st.query_params.pop("view", None)


def anonymity_note(results: Results) -> None:
    """Why some roles are not shown by themselves, when some are not."""
    if results.anonymity and results.anonymity.note:
        st.info(results.anonymity.note, icon=":material/visibility_off:")


def progress_table(engagement: Engagement) -> None:
    """Joined and finished per role: the first thing a facilitator watches."""
    rows = ui.store().progress(engagement)
    joined, finished = sum(r.joined for r in rows), sum(r.finished for r in rows)
    a, b = st.columns(2)
    a.metric("Joined", joined, border=True)
    b.metric("Finished", finished, border=True)
    if rows:
        st.dataframe(
            [
                {"Role": ROLE_NAMES[r.role].label, "Joined": r.joined, "Finished": r.finished}
                for r in rows
            ],
            hide_index=True,
            key="wf_progress",
        )


def overview(results: Results) -> None:
    """Respondents, overall score and the widest role gap."""
    a, b = st.columns(2)
    a.metric("Respondents with answers", len(results.respondents), border=True)
    b.metric("Overall readiness", score_text(results.overall.score), border=True)
    if sentence := gap_sentence(results):
        st.markdown(f"**Role gap:** {sentence}")


def titled_table(
    title: str, empty: str, rows: list[dict[str, Any]], key: str, **options: Any
) -> None:
    """A heading, then the rows as a table, or a caption saying why there are none."""
    st.header(title, anchor=False)
    if not rows:
        st.caption(empty)
        return
    st.dataframe(rows, hide_index=True, key=key, **options)


def agenda_table(results: Results, large: bool = False) -> None:
    """The discussion agenda (the same list as the consensus round and the report)."""
    rows = [{"#": n, "Question": i.text, "Who differs": i.between or "", "Role gap": i.gap,
             "Spread": i.spread, "Agreed": i.consensus or ""}
            for n, i in enumerate(agenda(results), start=1)]  # fmt: skip
    if large:  # a static table wraps full text: nothing is cut on the projector
        st.header("Discussion agenda", anchor=False)
        if rows:
            st.table(rows, hide_index=True)
        else:
            st.caption("No disagreement to discuss yet.")
        return
    titled_table(
        "Discussion agenda", "No disagreement to discuss yet.", rows, "wf_agenda",
        column_config={"#": st.column_config.NumberColumn(width="small"),
                       "Question": st.column_config.TextColumn(width="large")},
    )  # fmt: skip


def hotspot_table(results: Results) -> None:
    """Questions many people could not answer."""
    titled_table(
        "Don't-know hot spots", 'No question has a quarter or more "don\'t know" answers.',
        [{"Question": h.text, "Area": h.dimension, "Don't know": h.share, "People": h.count}
         for h in hotspots(results)],
        "wf_hotspots",
    )  # fmt: skip


@st.fragment(run_every=REFRESH_SECONDS)
def dashboard(code: str, large: bool = False) -> None:
    """Live, anonymised results; refreshes on its own every few seconds.

    The results come from a process-wide cache keyed by the workshop's data version, so the
    many refreshes of many viewers score the workshop only when its answers change.
    """
    engagement = ui.store().get_engagement(code)
    bundle = wu.bundle_of(engagement) if engagement else None
    if engagement is None or bundle is None:
        return
    if not large and st.button("Projector view", key="wf_projector", icon=":material/tv:",
                               help="Full width, large type, no navigation bar."):  # fmt: skip
        open_projector()
        st.rerun(scope="app")  # the whole page changes (streamlit_app.py hides the nav)
    st.caption(f"Updates every {REFRESH_SECONDS} seconds. No names are shown here.")
    if not large:
        progress_table(engagement)
    results = engagement_results(ui.store(), engagement, bundle)
    if results is None:
        st.info("No answers yet. Results appear here as soon as people start answering.")
        return
    overview(results)
    anonymity_note(results)
    if results.roles and len(results.roles) > 1:
        st.header("Scores by role", anchor=False)
        bars = role_bars(results)
        if large:
            bars.update_layout(font={"size": 18}, height=480)
            bars.update_xaxes(tickfont={"size": 18})
            bars.update_yaxes(tickfont={"size": 16})
        st.plotly_chart(bars, config=PLOTLY_CONFIG, key="wf_role_bars",
                        theme=None if large else "streamlit")  # fmt: skip
        st.header("Each question by role", anchor=False)
        answered = [q for q in results.questions if q.role_means]
        shown = results.model_copy(update={"questions": answered})  # rows with answers only
        st.plotly_chart(role_heatmap(shown, large=large), config=PLOTLY_CONFIG, key="wf_heatmap",
                        theme=None if large else "streamlit")  # fmt: skip
    elif results.anonymity and results.anonymity.note:
        st.caption("Scores by role appear once enough people from two or more roles answered.")
    else:
        st.caption("Scores by role appear once people from two or more roles have answered.")
    agenda_table(results, large)
    hotspot_table(results)


def projector_page() -> None:
    """The projector view: the live dashboard full width in large type (signed in only).

    streamlit_app.py shows it only once restore_session found this browser signed in.
    """
    signed_in = ss.get(wu.F_CODE)
    current = wu.attempt(wu.F_FLASH, ui.store().get_engagement, signed_in) if signed_in else None
    if current is not None:
        current = wa.may_open(current)  # an account's workshop: only under that account
    if current is None:
        st.warning("Sign in to the workshop on the facilitator page first.")
        st.button("Back to the facilitator page", key="wp_back", on_click=close_projector)
        return
    st.html(PROJECTOR_CSS)
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.title(f"Workshop for {ui.plain(current.organisation)}", anchor=False)
    right.button("Leave projector view", key="wp_leave", on_click=close_projector)
    st.caption(f"Join with code {wu.code_text(current)}")
    dashboard(current.code, large=True)
    wu.send_cookie()


def record(engagement: Engagement, question_id: str) -> None:
    """Save the agreed level and note for one question (button callback)."""
    raw = ss.get("wf_cons_level")
    level = int(raw) if raw else None
    note = ss.get("wf_cons_note") or ""
    saved = wu.attempt(wu.F_FLASH, ui.store().save_consensus, engagement, question_id, level, note)
    if saved is None and wu.F_FLASH not in ss:
        wu.flash(wu.F_FLASH, "Agreed answer recorded.", "success")


def consensus_round(engagement: Engagement, bundle: Bundle) -> None:
    """Walk the agenda: pick a question, see its spread, record what the room agrees."""
    results = engagement_results(ui.store(), engagement, bundle)
    if results is None or not results.divergence:
        st.info("The consensus round starts once at least two people have answered.")
        return
    agreed = ui.store().consensus_entries(engagement)
    # The agenda of the dashboard and the report, in the same order; any other question can
    # still be agreed after it.
    order = [d.question for d in discussion_agenda(results)]
    on_agenda = len(order)
    if st.toggle("Also list the questions not on the agenda", key="wf_cons_all"):
        order += [q.id for q in results.questions if q.id not in order]
    if not order:
        st.info("The respondents agree on every question so far: nothing to discuss yet.")
        return
    by_id = {q.id: q for q in results.questions}

    def label(qid: str) -> str:
        mark = " ✓" if qid in agreed and agreed[qid].level else ""
        n = order.index(qid) + 1
        return f"{n}. {by_id[qid].text}{mark}" if n <= on_agenda else f"– {by_id[qid].text}{mark}"

    if ss.get("wf_cons_question") not in order:
        ss.pop("wf_cons_question", None)
    qid = st.selectbox("Question to discuss (the agenda, most disagreement first)", order,
                       format_func=label, key="wf_cons_question")  # fmt: skip
    question = bundle.questionnaire.question(qid)
    shown = by_id[qid]
    st.markdown(f"**{ui.plain(shown.text)}**")  # in full: the select box cuts long text
    roles = ", ".join(f"{ROLE_NAMES[r].group} {m:.1f}" for r, m in shown.role_means.items())
    st.markdown(f"**Mean level by role:** {roles or 'not enough answers'}")
    anonymity_note(results)
    counts = ", ".join(
        f"level {k}: {v}" for k, v in shown.distribution.items() if v and k.isdigit()
    )
    na = shown.distribution.get("n/a", 0)
    st.caption(
        f"Answers given — {counts or 'none'}; don't know: {shown.distribution.get('unknown', 0)}"
        + (f"; not applicable: {na}" if na else "")
    )
    current = agreed.get(qid)
    options = {str(o.level): f"{o.level} · {o.label}" for o in question.options}
    if ss.get("wf_cons_for") != qid:
        ss["wf_cons_for"] = qid
        ss["wf_cons_level"] = str(current.level) if current and current.level else None
        ss["wf_cons_note"] = current.note or "" if current else ""
    closed = not engagement.is_open
    st.radio("Agreed level", list(options), index=None, format_func=options.__getitem__,
             key="wf_cons_level", disabled=closed)  # fmt: skip
    st.text_area("Facilitator note", key="wf_cons_note", max_chars=2000, disabled=closed)
    st.button("Record the agreed answer", key="wf_cons_save", type="primary", disabled=closed,
              on_click=record, args=(engagement, qid))  # fmt: skip
    count = sum(1 for e in agreed.values() if e.level)
    st.caption(f"Agreed answers recorded so far: {count}.")
