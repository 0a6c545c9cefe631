"""The facilitator's Participants view: erase one on request, merge duplicates, remove junk."""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from app_pages import workshop_ui as wu
from assessment.model.vocabulary import ROLE_NAMES
from assessment.storage.records import Account, Engagement, ParticipantEntry

ss = st.session_state


def label(p: ParticipantEntry) -> str:
    """How a participant is named in the pickers: number, role, and name if they gave one."""
    name = f" · {p.name}" if p.name else ""
    return f"#{p.number} · {ROLE_NAMES[p.role].label}{name}"


def _picked(engagement: Engagement, key: str) -> int | None:
    """The participant id chosen under key, if still a participant of this engagement."""
    chosen = ss.get(key)
    ids = {p.id for p in ui.store().participant_entries(engagement)}
    return chosen if chosen in ids else None


def _done(message: str) -> None:
    if wu.F_FLASH not in ss:  # no refusal was flashed
        wu.flash(wu.F_FLASH, message, "success")


def erase(engagement: Engagement, account: Account | None, junk: bool) -> None:
    """Erase (on request) or remove (junk) the participant chosen (button callback)."""
    if not ss.get("wp_sure"):
        wu.flash(wu.F_FLASH, "Tick the box first: this cannot be undone.", "warning")
        return
    pid = _picked(engagement, "wp_one")
    if pid is None:
        wu.flash(wu.F_FLASH, "Choose a participant first.", "warning")
        return
    ss.pop(wu.F_FLASH, None)
    action = ui.store().remove_junk if junk else ui.store().erase_participant
    wu.attempt(wu.F_FLASH, action, engagement, pid, account)
    ss["wp_sure"] = False
    _done("Removed. Their answers, notes and name are gone; the workshop's history says "
          "that it happened, and nothing more.")  # fmt: skip


def merge(engagement: Engagement, account: Account | None) -> None:
    """Merge the duplicate chosen into the participant kept (button callback)."""
    keep, drop = _picked(engagement, "wp_keep"), _picked(engagement, "wp_drop")
    if keep is None or drop is None:
        wu.flash(wu.F_FLASH, "Choose both participants first.", "warning")
        return
    ss.pop(wu.F_FLASH, None)
    wu.attempt(wu.F_FLASH, ui.store().merge_participants, engagement, keep, drop, account)
    _done("Merged: the duplicate's answers fill the gaps of the one kept, and it is gone.")


def participants(engagement: Engagement, account: Account | None) -> None:
    """Everyone who joined or was imported, and what can be done to them."""
    people = ui.store().participant_entries(engagement)
    st.write(
        "Participants are numbered in the order they joined. Names appear only if people "
        "gave one; the results never show them."
    )
    if not people:
        st.info("Nobody has joined yet.")
        history(engagement)
        return
    st.dataframe(
        [{"#": p.number, "Role": ROLE_NAMES[p.role].label, "Name": p.name or "",
          "Answers": p.answered, "Notes": p.noted, "From": p.source,
          "Finished": "yes" if p.finished_at else ""} for p in people],
        hide_index=True, key="wp_table",
    )  # fmt: skip
    names = {p.id: label(p) for p in people}
    st.markdown("**Erase a participant on request, or remove a junk entry**")
    st.selectbox("Participant", list(names), key="wp_one", index=None,
                 format_func=names.__getitem__)  # fmt: skip
    st.checkbox("Their answers, notes and name are deleted for good", key="wp_sure")
    left, right = st.columns(2)
    left.button("Erase on request", key="wp_erase", on_click=erase,
                args=(engagement, account, False))  # fmt: skip
    right.button("Remove as junk", key="wp_junk", on_click=erase,
                 args=(engagement, account, True))  # fmt: skip
    if len(people) > 1:
        st.markdown("**Merge a duplicate** (the same person joined twice)")
        st.selectbox("Keep", list(names), key="wp_keep", index=None,
                     format_func=names.__getitem__)  # fmt: skip
        st.selectbox("Merge in and remove", list(names), key="wp_drop", index=None,
                     format_func=names.__getitem__)  # fmt: skip
        st.button("Merge", key="wp_merge", on_click=merge, args=(engagement, account))
    history(engagement)


def history(engagement: Engagement) -> None:
    """The audit log: what was done to this workshop, never what anyone answered."""
    lines = ui.store().audit_lines(engagement)
    if not lines:
        return
    st.markdown("**What was done**")
    st.dataframe(
        [{"When": a.at.strftime("%d %b %Y, %H:%M UTC"), "What": a.action,
          "Detail": a.detail or "", "By": a.by or ""} for a in lines],
        hide_index=True, key="wp_audit",
    )  # fmt: skip
