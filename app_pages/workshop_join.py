"""Workshop participant: join with the link, pick a role, answer alone; answers save as given."""

from __future__ import annotations

import streamlit as st

from app_pages import browser_memory as bm
from app_pages import ui, widgets
from app_pages import workshop_ui as wu
from app_pages.answer_sync import Sync
from assessment.model.questionnaire import Question
from assessment.model.vocabulary import ROLE_NAMES, ROLES, coverage_of
from assessment.services.workshop import link, sections_for
from assessment.storage.records import Participant
from assessment.storage.security import normalise_join_code

ss = st.session_state
PROGRESS_SECONDS = 3
P_MIRROR = "wj_mirror"  # ui.Memo.mirrors: this participant's answers as stored (Mirror)
P_KEPT = "wj_kept"  # the token this browser was asked to keep for a rejoin on this device
P_SOMEONE_ELSE = "wj_someone_else"  # join code for which this device starts a new person
P_WELCOME = "wj_welcome"  # True when the page reopened this device's answers by itself
REJOIN_SECONDS = 30 * 24 * 3600


def device_cookie(code: str) -> str:
    """Name of the cookie that keeps this device's participant token for one workshop."""
    return f"crm_join_{normalise_join_code(code)}"


def returning_participant(code: str) -> Participant | None:
    """The participant this device joined the workshop as before, if the link still works."""
    if ss.get(P_SOMEONE_ELSE) == code:
        return None
    token = bm.recall(device_cookie(code))
    found: Participant | None = (
        wu.attempt(wu.P_FLASH, ui.store().get_participant, token) if token else None
    )
    if found is None or found.engagement.code != normalise_join_code(code):
        return None
    return found


def someone_else(code: str) -> None:
    """A new person on this device: forget the kept answers here (button callback)."""
    for key in (wu.P_TOKEN, P_KEPT, P_WELCOME):
        ss.pop(key, None)
    ui.memo().mirrors.pop(P_MIRROR, None)
    ss[P_SOMEONE_ELSE] = ss[wu.P_CODE] = code
    st.query_params.clear()
    st.query_params["join"] = code


def adopt_links() -> None:
    """Copy ?join= and ?participant= into the session (query params vanish on navigation)."""
    if token := st.query_params.get("participant"):
        ss[wu.P_TOKEN] = token
    if code := st.query_params.get("join"):
        ss[wu.P_CODE] = normalise_join_code(code)
        if not st.query_params.get("participant"):
            ss.pop(wu.P_TOKEN, None)


def join(code: str) -> None:
    """Create the participant and keep the private token (button callback)."""
    if ss.get(wu.P_TOKEN):  # a second click while the first was being answered: one person
        return
    role = ss.get("wj_role")
    if role is None:
        wu.flash(wu.P_FLASH, "Please choose your role first.", "warning")
        return
    name = (ss.get("wj_name") or "").strip() or None
    token = wu.attempt(wu.P_FLASH, ui.store().join, code, role, name)
    if token:
        ss[wu.P_TOKEN] = token
        st.query_params.clear()
        st.query_params["participant"] = token


def sync_for(token: str) -> Sync:
    """How this participant's answers and notes reach the store."""
    return Sync(
        mirror_key=P_MIRROR,
        answer_key=answer_key,
        note_key=note_key,
        save_answer=lambda qid, a: ui.store().save_participant_answer(token, qid, a),
        save_note=lambda qid, n: ui.store().save_participant_note(token, qid, n),
    )


def answer_key(question_id: str) -> str:
    """Widget key of a participant's answer."""
    return f"wj_q_{question_id}"


def note_key(question_id: str) -> str:
    """Widget key of a participant's note."""
    return f"wj_note_{question_id}"


def set_finished(token: str, finished: bool) -> None:
    """Tell the facilitator this participant is done (or not yet)."""
    wu.attempt(wu.P_FLASH, ui.store().finish_participant, token, finished)


def ask_code() -> None:
    """No link yet: type the code shown by the facilitator."""
    st.title("Join a workshop", anchor=False)
    st.write("Type the workshop code your facilitator is showing, for example ABCDE-FGHJK.")
    with st.form("wj_code_form", border=False):
        typed = st.text_input("Workshop code", max_chars=20, key="wj_code_typed")
        if st.form_submit_button("Continue", type="primary"):
            ss[wu.P_CODE] = normalise_join_code(typed or "")
            st.rerun()


def choose_role(code: str) -> None:
    """A valid code: who is answering."""
    engagement = ui.store().get_engagement(code)
    bundle = wu.bundle_of(engagement) if engagement else None
    if engagement is None or bundle is None:
        st.title("Join a workshop", anchor=False)
        st.info(
            "We could not find a workshop with that code. Please check it with your facilitator."
        )
        ss.pop(wu.P_CODE, None)
        st.button("Type another code", key="wj_retry")
        return
    st.title(f"Workshop for {ui.plain(engagement.organisation)}", anchor=False)
    if ss.get(P_SOMEONE_ELSE) == code and not ss.get(P_KEPT):
        bm.forget(device_cookie(code))
        ss[P_KEPT] = ""  # forgotten once; a join below keeps the new person's token
    if not engagement.is_open:
        st.info(
            "This workshop has closed, so it no longer takes new answers. Thank you for coming."
        )
        return
    st.write(
        f"You are about to answer **{ui.plain(bundle.questionnaire.title)}** on your own. "
        "Nobody in the room sees your individual answers: the facilitator shows only combined "
        "results by role. Every answer is saved the moment you give it."
    )
    st.radio(
        "Your role", ROLES, index=None, format_func=lambda r: ROLE_NAMES[r].label, key="wj_role"
    )
    st.text_input(
        "Your name (optional, never shown on the shared screen)", key="wj_name", max_chars=200
    )
    st.button("Join the workshop", key="wj_join", type="primary", on_click=join, args=(code,))


@st.fragment(run_every=PROGRESS_SECONDS)
def show_progress(token: str, ids: list[str]) -> None:
    """How many of this participant's questions the store holds an answer for.

    Answers rerun only their own question, so this line catches up on its own every few
    seconds; it reads this session's mirror of the store, never the database.
    """
    saved = sync_for(token).mirror().saved
    given = [saved[q] for q in ids if q in saved]
    st.progress(len(given) / len(ids) if ids else 1.0, text=coverage_of(given, len(ids)))


@st.fragment
def show_question(
    me: Participant,
    number: int,
    question: Question,
    closed: bool,
    out: frozenset[str] = frozenset(),
    ids: tuple[str, ...] = (),
) -> None:
    """One question in its own fragment: a click reruns this question only.

    Every run of it first writes whatever the participant's widgets hold and the store does
    not (see answer_sync), for every question of the page (``ids``) and not only its own: a
    click that reached this session is stored whichever fragment it reran. Then it shows the
    question with its saved state from the store. A question that does not apply is an empty
    placeholder, so every question keeps its place (and its fragment its identity, which a
    click queued during a rerun needs; see `answer`); an answer that changes which questions
    apply (``out``: those that did not) reruns the page.
    """
    sync = sync_for(me.token)
    sync.reconcile(ids or [question.id])
    bundle = wu.bundle_of(me.engagement)
    if bundle is not None and frozenset(ui.skipped(bundle, sync.mirror().saved)) != out:
        st.rerun()
    if question.id in out:
        st.empty()
        return
    values, labels = ui.answer_choices(question)
    with st.container(border=True):
        st.markdown(f"**{number}. {question.text}**", help=f"**Why this matters.** {question.help}")
        st.radio(question.text, values, index=None, format_func=labels.__getitem__,
                 key=answer_key(question.id), disabled=closed,
                 label_visibility="collapsed")  # fmt: skip
        sync.show_state(question.id)
        panel = widgets.lazy_panel("Your note (optional)", f"wj_more_{question.id}")
        if panel is None:
            return
        nkey = note_key(question.id)
        if nkey not in ss:
            ss[nkey] = sync.mirror().notes.get(question.id, "")
        with panel:
            st.text_area("Note", key=nkey, max_chars=2000, disabled=closed,
                         label_visibility="collapsed")  # fmt: skip


def answer(me: Participant) -> None:
    """The questionnaire for this participant's role, with progress and the way back.

    Everything above the questions takes the same number of places on every run (a slot,
    st.empty, for what is shown only sometimes): a fragment's id is its place on the page, so
    one element more or less above them would give every question the id of its neighbour,
    and a click sent during that run would rerun the neighbour instead of its own question.
    """
    bundle = wu.bundle_of(me.engagement)
    if bundle is None:
        st.info("The questionnaire of this workshop is no longer installed on this server.")
        return
    sections = sections_for(bundle, me.role)
    sync = sync_for(me.token)
    ids = [q.id for _, qs in sections for q in qs]
    sync.adopt(me.token, me.answers, me.notes)
    sync.reconcile(ids)  # a full run writes anything a lost or interrupted run left behind
    every = tuple(ids)
    out = frozenset(ui.skipped(bundle, sync.mirror().saved))  # not shown, not counted
    ids = [q for q in ids if q not in out]
    sync.mirror().on_page = frozenset(ids)  # drawn below: the browser holds their widgets
    st.title(f"Workshop for {ui.plain(me.engagement.organisation)}", anchor=False)
    st.caption(f"{bundle.questionnaire.title} · answering as {ROLE_NAMES[me.role].label}")
    cookie, welcome, closing = st.empty(), st.empty(), st.empty()  # always three places
    if ss.get(P_KEPT) != me.token:  # once per session: this device can come back here
        with cookie:
            bm.remember(device_cookie(me.engagement.code), me.token, REJOIN_SECONDS)
        ss[P_KEPT] = me.token
    if ss.get(P_WELCOME):
        with welcome.container(border=True):
            st.write(
                "Welcome back: these are the answers you gave on this device. Not you? "
                "Join as a new participant, and these answers stay as they are."
            )
            st.button("I am someone else", key="wj_someone_else", icon=":material/person_add:",
                      on_click=someone_else, args=(me.engagement.code,))  # fmt: skip
    if not me.engagement.is_open:
        closing.info(
            "This workshop is closed. Your answers are kept as they were and can no longer change."
        )
    show_progress(me.token, ids)
    number, closed = 0, not me.engagement.is_open
    for dim, questions in sections:
        st.header(dim.name, anchor=False)
        for q in questions:
            number += q.id not in out
            show_question(me, number, q, closed, out, every)
    if me.engagement.is_open:
        finished = me.finished_at is not None
        st.button("I'm still changing answers" if finished else "I have finished",
                  key="wj_finish", type="secondary" if finished else "primary",
                  on_click=set_finished, args=(me.token, not finished))  # fmt: skip
        if finished:
            st.success("Thank you. The facilitator can see that you have finished.")
    private_link(me)


def private_link(me: Participant) -> None:
    """The participant's own link to come back to these answers."""
    with st.container(border=True):
        st.markdown("**Your private link to come back later**")
        url = link(wu.base_url(me.engagement), participant=me.token)
        st.code(url, language=None, wrap_lines=True)
        st.caption("Keep it to yourself: anyone with this link can see and change your answers.")


adopt_links()
with st.empty():  # one place whether or not there is a message (see `answer`)
    wu.show_flash(wu.P_FLASH)
token = ss.get(wu.P_TOKEN)
participant = wu.attempt(wu.P_FLASH, ui.store().get_participant, token) if token else None
if token and participant is None:
    ss.pop(wu.P_TOKEN, None)
    st.query_params.pop("participant", None)
    st.info(
        "We could not find your answers from that link. It may have been cut short when copied."
    )
if participant is not None:
    if st.query_params.get("participant") != participant.token:
        st.query_params["participant"] = participant.token
    answer(participant)
elif ss.get(wu.P_CODE) and (back := returning_participant(ss[wu.P_CODE])) is not None:
    ss[wu.P_TOKEN], ss[P_WELCOME] = back.token, True  # the same phone scanned the code again
    st.query_params.clear()
    st.query_params["participant"] = back.token
    answer(back)
elif ss.get(wu.P_CODE):
    choose_role(ss[wu.P_CODE])
else:
    ask_code()
widgets.mend_navigation_list()  # the phone menu, a valid list for screen readers
