"""Self-assessment steps: pick a questionnaire, then one dimension per step, saving as we go."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from app_pages import ui, widgets
from app_pages.answer_sync import Mirror, Sync
from assessment.model.questionnaire import Answer, Bundle, Dimension, Question
from assessment.model.vocabulary import ROLE_NAMES, ROLES, coverage_of


def start() -> None:
    """Create the stored assessment and move to the first step (button callback)."""
    ss = st.session_state
    bundles = ui.bundles()
    bundle = bundles.get(ss.get("sa_questionnaire") or "") or next(iter(bundles.values()))
    try:
        token = ui.store().create_assessment(
            bundle.questionnaire.id,
            bundle.questionnaire.version,
            bundle.sha256,
            organisation=(ss.get("sa_organisation") or "").strip() or None,
            name=(ss.get("sa_name") or "").strip() or None,
            role=ss.get("sa_role") or "executive",
        )
    except Exception:
        ui.LOG.exception("could not create an assessment")
        ui.flash(ui.SAVE_FAILED)
        return
    memo = ui.memo()
    memo.token, memo.step = token, 1
    memo.questionnaire, memo.answers, memo.notes = bundle.questionnaire.id, {}, {}
    moved()


def self_sync() -> Sync:
    """How the self-assessment's answers and notes reach the store."""

    def answer(qid: str, value: Answer | None) -> None:
        ui.store().save_answer(str(ui.memo().token), qid, value)

    def note(qid: str, text: str) -> None:
        ui.store().save_note(str(ui.memo().token), qid, text)

    return Sync(ui.MIRROR, ui.question_key, ui.note_key, answer, note)


def move(delta: int, last: int) -> None:
    """Go one step back or forward (button callback)."""
    memo = ui.memo()
    memo.step = min(max(memo.step + delta, 1), last)
    moved()


def moved() -> None:
    """A new step: count the move (its script scrolls and focuses once), close the notes."""
    ss = st.session_state
    ui.memo().moves += 1
    ss[ui.NOTES_PANEL] = False


# After a move (never on a page load, which starts at the top): bring the step's heading to
# the top of the view and put focus just before the first question, so Tab reaches its first
# option. It waits for the new step's elements (a rerun replaces them as it goes), and puts
# the heading back at the top once the run has settled if nothing else took the focus.
FOCUS_SCRIPT = """<script>(function(){
  var move = %(move)s, head = %(head)s, group = %(group)s, tries = 0;
  if (!move || window.crmStepMove === move) return;
  window.crmStepMove = move;
  function fresh(sel) {
    var el = document.querySelector(sel);
    return el && !el.closest('[data-stale="true"]') ? el : null;
  }
  function go() {
    var h = fresh(head), g = fresh(group);
    if (!h || !g) { if (++tries < 200) setTimeout(go, 50); return; }
    h.scrollIntoView({block: "start"});
    g.setAttribute("tabindex", "-1");
    g.focus({preventScroll: true});
    [300, 900].forEach(function(ms){ setTimeout(function(){
      if (document.activeElement === g && window.crmStepMove === move) {
        h.scrollIntoView({block: "start"});
      }
    }, ms); });
  }
  go();
})();</script>"""


def focus_script(step: int, first: Question) -> str:
    """The step's scroll-and-focus script for the current move (fixed text and JSON values)."""
    values = {
        "move": json.dumps(ui.memo().moves),
        "head": json.dumps(f".st-key-sa_head_{step}"),
        "group": json.dumps(f".st-key-{ui.question_key(first.id)} [role='radiogroup']"),
    }
    return FOCUS_SCRIPT % values


def choose_questionnaire(bundles: dict[str, Bundle]) -> None:
    """Step 0: which questionnaire, and optionally who is answering."""
    st.title("Self-assessment", anchor=False)
    st.html(ui.STYLE)
    st.write(
        "Pick a questionnaire, tell us who is answering if you like, and start. You can stop "
        "at any time: every answer is saved the moment you give it, and *Come back later*, "
        "under every step, holds your private link back to them."
    )
    ids = list(bundles)
    st.radio(
        "Questionnaire",
        ids,
        format_func=lambda i: bundles[i].questionnaire.title,
        captions=[caption(bundles[i]) for i in ids],
        key="sa_questionnaire",
    )
    st.text_input("Organisation (optional)", key="sa_organisation", max_chars=200)
    st.text_input("Your name (optional)", key="sa_name", max_chars=200)
    st.selectbox("Your role", ROLES, format_func=lambda r: ROLE_NAMES[r].label, key="sa_role")
    st.button("Start", key="sa_start", type="primary", on_click=start)


def caption(bundle: Bundle) -> str:
    """Size of a questionnaire in words an executive can plan around."""
    count = len(bundle.questionnaire.questions())
    minutes = max(5, round(count * 0.5 / 5) * 5)
    return f"{count} questions, about {minutes} minutes"


def show_question(
    sync: Sync, mirror: Mirror, shown: dict[str, Any], number: int, question: Question
) -> None:
    """One question: text, help on demand (the ? beside it), anchored options, don't know."""
    values, labels = ui.answer_choices(question)
    # The saved answer is put under the key by Sync.adopt when the widget is (re)created,
    # e.g. on coming back to a step; while it lives, the widget keeps its own state.
    st.radio(
        f"{number}. {question.text}",
        values,
        index=None,
        format_func=labels.__getitem__,
        key=ui.question_key(question.id),
        help=f"**Why this matters.** {question.help}",
        captions=sync.option_captions(mirror, shown, question.id, values),  # "Saved"
    )


def show_notes(questions: list[Question], notes: dict[str, str]) -> None:
    """One panel for the step's optional notes; lazy, so its boxes only run while open."""
    panel = widgets.lazy_panel(
        "Notes on this step (optional)", ui.NOTES_PANEL, ":material/edit_note:"
    )
    if panel is None:
        return
    with panel:
        st.caption("Anything that explains an answer, for you or your team. Saved as you go.")
        for number, question in enumerate(questions, start=1):
            nkey = ui.note_key(question.id)
            if nkey not in st.session_state:
                st.session_state[nkey] = notes.get(question.id, "")
            st.text_area(f"{number}. {question.text}", key=nkey, max_chars=2000, height=68)


def show_step(bundle: Bundle, step: int) -> None:
    """One dimension: its questions and notes (a fragment of their own), then the way on."""
    dims = bundle.questionnaire.dimensions
    sync = self_sync()
    memo = ui.memo()
    now = sync.adopt(str(memo.token), memo.answers, memo.notes)
    # Every other step's questions too: a click on Next right after an answer moves the step
    # before this run, while the answer still waits in its widget's state. This step's own
    # questions are written by step_body, which runs next (and alone when an answer reruns it).
    here = {q.id for q in dims[step - 1].questions}
    sync.reconcile((q.id for q in bundle.questionnaire.questions() if q.id not in here), now)
    st.html(ui.STYLE)
    step_body(bundle, step)
    show_moves(dims, step)


@st.fragment
def step_body(bundle: Bundle, step: int) -> None:
    """Where we are and the step's questions and notes: an answer reruns only this part.

    Every run first writes whatever the widgets hold and the store does not (answer_sync),
    so an answer given is stored even when a click interrupts a run. The bar counts the
    answers given in the whole questionnaire; its caption names the questionnaire.
    """
    dims = bundle.questionnaire.dimensions
    dim = dims[step - 1]
    sync = self_sync()
    shown = sync.reconcile(q.id for q in dim.questions)
    mirror = sync.mirror()
    # Questions that do not apply given the answers so far are not shown nor counted.
    out = ui.skipped(bundle, mirror.saved)
    asked = [q for q in dim.questions if q.id not in out]
    every = [q for q in bundle.questionnaire.questions() if q.id not in out]
    total = len(every)
    given = sum(q.id in mirror.saved for q in every)
    here = [mirror.saved[q.id] for q in asked if q.id in mirror.saved]
    noted = sum(bool(mirror.notes.get(q.id)) for q in asked)
    # Where we are and the heading, together: a move scrolls this container to the top.
    with st.container(key=f"sa_head_{step}"):
        st.progress(
            given / total if total else 0.0,
            text=f"{bundle.questionnaire.title} · Step {step} of {len(dims)} · "
            + coverage_of(here, len(asked))
            + " on this step"
            + (f" · {noted} note{'s' if noted > 1 else ''}" if noted else ""),
        )
        st.header(dim.name, anchor=False)
        if dim.description:
            st.markdown(dim.description)
    memo = ui.memo()
    if asked and memo.moves and memo.scripted != memo.moves:  # once per move: answers skip it
        memo.scripted = memo.moves
        widgets.run_script(focus_script(step, asked[0]), "js_step")
    if not asked:
        st.info("None of this step's questions apply, given your earlier answers.")
    for number, question in enumerate(asked, start=1):
        show_question(sync, mirror, shown, number, question)
    show_notes(asked, mirror.notes)


def show_moves(dims: list[Dimension], step: int) -> None:
    """Back, and next (or see the results on the last step), side by side.

    No keys: a keyed widget is one more entry in session state, which Streamlit copies for
    every radio on the page; these buttons hold no state worth keeping.
    """
    row = st.container(horizontal=True)
    row.button(
        "Back",
        on_click=move,
        args=(-1, len(dims)),
        disabled=step == 1,
        icon=":material/arrow_back:",
    )
    if step < len(dims):
        row.button(
            f"Next: {dims[step].name}",
            type="primary",
            on_click=move,
            args=(1, len(dims)),
            icon=":material/arrow_forward:",
        )
    elif row.button("See my results", type="primary", icon=":material/insights:"):
        ui.go("results", resume=str(ui.memo().token))


def show_resume_link(token: str) -> None:
    """The private link that brings the user back to these answers (in a lazy panel)."""
    panel = widgets.lazy_panel(
        "Come back later: your private link", ui.LINK_PANEL, ":material/link:"
    )
    if panel is None:
        return
    with panel:
        st.caption(
            "Copy it with the Copy link button and keep it safe: anyone who has it can see "
            "and change these answers. This page's address works too."
        )
        widgets.copy_box(ui.resume_link(token), "sa_copy")
        if st.button("Start a new assessment", key="sa_new", icon=":material/restart_alt:"):
            ui.close_assessment()
            st.query_params.pop("resume", None)
            st.rerun()


def render() -> None:
    """The self-assessment page."""
    widgets.mend_navigation_list()
    ui.show_flash()
    available = ui.bundles()
    memo = ui.memo()
    bundle = available.get(memo.questionnaire or "")
    if not available:
        st.info("No questionnaires are installed on this server, so there is nothing to answer.")
    elif not memo.token or bundle is None:
        choose_questionnaire(available)
    else:
        ui.keep_token_in_url()
        last = len(bundle.questionnaire.dimensions)
        memo.step = min(max(memo.step, 1), last)
        show_step(bundle, memo.step)
        show_resume_link(memo.token)
