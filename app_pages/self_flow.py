"""Self-assessment steps: pick a questionnaire, then one dimension per step, saving as we go."""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from assessment.model import ROLES, Answer, Bundle, Dimension, Question


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
    ss[ui.TOKEN], ss[ui.QUESTIONNAIRE] = token, bundle.questionnaire.id
    ss[ui.ANSWERS], ss[ui.NOTES], ss[ui.STEP] = {}, {}, 1


def save_answer(question_id: str) -> None:
    """Store one answer the moment it is given (radio callback)."""
    answer = ui.to_answer(st.session_state.get(ui.question_key(question_id)))
    answers = st.session_state.setdefault(ui.ANSWERS, {})
    try:
        ui.store().save_answer(st.session_state[ui.TOKEN], question_id, answer)
    except Exception:
        ui.LOG.exception("could not save an answer")
        ui.flash(ui.SAVE_FAILED)
        st.session_state.pop(ui.question_key(question_id), None)
        return
    if answer is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = answer


def save_note(question_id: str) -> None:
    """Store one note the moment it is written (text area callback)."""
    note = (st.session_state.get(ui.note_key(question_id)) or "").strip()
    try:
        ui.store().save_note(st.session_state[ui.TOKEN], question_id, note)
    except Exception:
        ui.LOG.exception("could not save a note")
        ui.flash(ui.SAVE_FAILED)
        return
    notes = st.session_state.setdefault(ui.NOTES, {})
    if note:
        notes[question_id] = note
    else:
        notes.pop(question_id, None)


def move(delta: int, last: int) -> None:
    """Go one step back or forward (button callback)."""
    step = st.session_state.get(ui.STEP, 1) + delta
    st.session_state[ui.STEP] = min(max(step, 1), last)


def choose_questionnaire(bundles: dict[str, Bundle]) -> None:
    """Step 0: which questionnaire, and optionally who is answering."""
    st.title("Self-assessment", anchor=False)
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
    st.selectbox("Your role", ROLES, format_func=ui.ROLE_LABELS.__getitem__, key="sa_role")
    st.button("Start", key="sa_start", type="primary", on_click=start)


def caption(bundle: Bundle) -> str:
    """Size of a questionnaire in words an executive can plan around."""
    count = len(bundle.questionnaire.questions())
    minutes = max(5, round(count * 0.5 / 5) * 5)
    return f"{count} questions, about {minutes} minutes"


def show_question(number: int, question: Question, answers: dict[str, Answer]) -> None:
    """One question: text, help on demand (the ? beside it), anchored options, don't know."""
    key = ui.question_key(question.id)
    values, labels = ui.answer_choices(question)
    saved = ui.to_option(answers.get(question.id))
    st.radio(
        f"{number}. {question.text}",
        values,
        # The saved answer shows when the widget is (re)created, e.g. on coming back to a
        # step; while it lives, the widget keeps its own state under its key.
        index=values.index(saved) if saved in values else None,
        format_func=labels.__getitem__,
        key=key,
        help=f"**Why this matters.** {question.help}",
        on_change=save_answer,
        args=(question.id,),
    )


def show_notes(dim: Dimension, notes: dict[str, str]) -> None:
    """One panel for the step's optional notes; lazy, so its boxes only run while open."""
    panel = ui.lazy_panel("Notes on this step (optional)", ui.NOTES_PANEL, ":material/edit_note:")
    if panel is None:
        return
    with panel:
        st.caption("Anything that explains an answer, for you or your team. Saved as you go.")
        for number, question in enumerate(dim.questions, start=1):
            nkey = ui.note_key(question.id)
            if nkey not in st.session_state:
                st.session_state[nkey] = notes.get(question.id, "")
            st.text_area(
                f"{number}. {question.text}",
                key=nkey,
                max_chars=2000,
                height=68,
                on_change=save_note,
                args=(question.id,),
            )


def show_step(bundle: Bundle, step: int) -> None:
    """One dimension: where we are, its questions, notes and the way on.

    Lean on purpose: every answer reruns this page, so it shows the few elements a user
    needs and keeps the rest (notes, the resume link) in panels that only run when open.
    """
    dims = bundle.questionnaire.dimensions
    dim: Dimension = dims[step - 1]
    answers, notes = st.session_state[ui.ANSWERS], st.session_state[ui.NOTES]
    here = sum(q.id in answers for q in dim.questions)
    noted = sum(q.id in notes for q in dim.questions)
    st.html(ui.STYLE)
    st.progress(
        step / len(dims),
        text=f"Step {step} of {len(dims)} · {here} of {len(dim.questions)} answered on this step"
        + (f" · {noted} note{'s' if noted > 1 else ''}" if noted else ""),
    )
    st.markdown(f"## {dim.name}\n\n{dim.description}" if dim.description else f"## {dim.name}")
    for number, question in enumerate(dim.questions, start=1):
        show_question(number, question, answers)
    show_notes(dim, notes)
    show_moves(dims, step)


def show_moves(dims: list[Dimension], step: int) -> None:
    """Back, and next (or see the results on the last step), side by side."""
    row = st.container(horizontal=True)
    row.button(
        "Back",
        key="sa_back",
        on_click=move,
        args=(-1, len(dims)),
        disabled=step == 1,
        icon=":material/arrow_back:",
    )
    if step < len(dims):
        row.button(
            f"Next: {dims[step].name}",
            key="sa_next",
            type="primary",
            on_click=move,
            args=(1, len(dims)),
            icon=":material/arrow_forward:",
        )
    elif row.button("See my results", key="sa_finish", type="primary", icon=":material/insights:"):
        ui.go("results", resume=st.session_state[ui.TOKEN])


def show_resume_link(token: str) -> None:
    """The private link that brings the user back to these answers (in a lazy panel)."""
    panel = ui.lazy_panel("Come back later: your private link", ui.LINK_PANEL, ":material/link:")
    if panel is None:
        return
    with panel:
        st.caption(
            "Copy it with the button at the right of the box and keep it safe: anyone who "
            "has it can see and change these answers. This page's address works too."
        )
        st.code(ui.resume_link(token), language=None, wrap_lines=True)
        if st.button("Start a new assessment", key="sa_new", type="tertiary"):
            ui.close_assessment()
            st.query_params.pop("resume", None)
            st.rerun()


def render() -> None:
    """The self-assessment page."""
    ui.show_flash()
    available = ui.bundles()
    bundle = available.get(st.session_state.get(ui.QUESTIONNAIRE) or "")
    if not available:
        st.info("No questionnaires are installed on this server, so there is nothing to answer.")
    elif not st.session_state.get(ui.TOKEN) or bundle is None:
        choose_questionnaire(available)
    else:
        ui.keep_token_in_url()
        last = len(bundle.questionnaire.dimensions)
        st.session_state[ui.STEP] = min(max(st.session_state.get(ui.STEP, 1), 1), last)
        show_step(bundle, st.session_state[ui.STEP])
        show_resume_link(st.session_state[ui.TOKEN])
