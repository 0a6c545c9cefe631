"""Answers on screen kept equal to answers stored, on every run of a page or fragment.

Streamlit change callbacks are not a durable save path: when the next click interrupts a
rerun, callbacks run with stale values or not at all (streamlit/streamlit#8365, #4836). So
the pages never save from callbacks. Every run compares each answer widget's value with a
mirror of what the database holds (`Mirror.saved`) and writes the difference; a write is an
idempotent upsert of one cell, so the same value twice is one row. A failed write keeps the
difference, is retried on the next run, and shows the participant plainly that the answer
is not saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from app_pages import ui
from assessment.model.questionnaire import Answer
from assessment.storage.base import StoreError

LOG = logging.getLogger("crm_readiness.app")

SAVED = "saved"
EMPTY = "empty"
NOT_SAVED = (
    "Not saved: we could not store this answer just now. It will be tried again on your "
    "next click; please check that this says Saved before you leave."
)


@dataclass
class Mirror:
    """What the database holds for one respondent, as this browser session last saw it."""

    owner: str  # the respondent's token: a new token means a new mirror
    saved: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # question id -> why not saved


@dataclass(frozen=True)
class Sync:
    """How one page keeps its answers: where the mirror lives, widget keys, the writers."""

    mirror_key: str
    answer_key: Callable[[str], str]
    note_key: Callable[[str], str]
    save_answer: Callable[[str, Answer | None], None]  # (question id, answer)
    save_note: Callable[[str, str], None]  # (question id, note)

    def mirror(self) -> Mirror:
        """This session's mirror (empty until `adopt` is called)."""
        found: Mirror | None = st.session_state.get(self.mirror_key)
        return found if found is not None else Mirror(owner="")

    def adopt(self, owner: str, answers: dict[str, Answer], notes: dict[str, str]) -> Mirror:
        """Take these dicts of what the database holds as the mirror (kept, not copied).

        Widgets that do not exist yet start at the stored value; a widget that exists keeps
        its own value, which `reconcile` then writes if it differs.
        """
        ss = st.session_state
        found = ss.get(self.mirror_key)
        old = found if isinstance(found, Mirror) and found.owner == owner else None
        mirror = Mirror(owner, answers, notes, old.failed if old else {})
        ss[self.mirror_key] = mirror
        for qid, answer in answers.items():
            key = self.answer_key(qid)
            shown = ss.get(key)
            # Changed elsewhere (another tab or device) and not here: show the stored one.
            if shown is None or (old and ui.to_answer(shown) == old.saved.get(qid)):
                ss[key] = ui.to_option(answer)
        return mirror

    def reconcile(self, question_ids: Iterable[str]) -> None:
        """Write every answer and note whose widget differs from the mirror."""
        mirror = self.mirror()
        if not mirror.owner:
            return
        ss = st.session_state
        for qid in question_ids:
            raw = ss.get(self.answer_key(qid))
            chosen = ui.to_answer(raw) if raw is not None else None
            if chosen is not None and mirror.saved.get(qid) != chosen:
                self._write(mirror, qid, self.save_answer, chosen)
                if qid not in mirror.failed:
                    mirror.saved[qid] = chosen
            nkey = self.note_key(qid)
            if nkey in ss:
                note = (ss.get(nkey) or "").strip()
                if note != mirror.notes.get(qid, ""):
                    self._write(mirror, qid, self.save_note, note)
                    if qid not in mirror.failed:
                        mirror.notes[qid] = note

    def _write(
        self, mirror: Mirror, qid: str, save: Callable[[str, Any], None], value: Any
    ) -> None:
        try:
            save(qid, value)
        except StoreError as exc:
            mirror.failed[qid] = f"Not saved: {exc}"
        except Exception:
            LOG.exception("could not save the answer to %s", qid)
            mirror.failed[qid] = NOT_SAVED
        else:
            mirror.failed.pop(qid, None)

    def state(self, qid: str) -> str:
        """SAVED, EMPTY or the sentence saying why the shown answer is not stored."""
        mirror = self.mirror()
        if qid in mirror.failed:
            return mirror.failed[qid]
        raw = st.session_state.get(self.answer_key(qid))
        if raw is None:
            return EMPTY
        return SAVED if mirror.saved.get(qid) == ui.to_answer(raw) else NOT_SAVED

    def show_state(self, qid: str) -> None:
        """The question's saved state, read from the mirror of the store."""
        state = self.state(qid)
        if state == SAVED:
            st.caption(":material/check_circle: Saved")
        elif state == EMPTY:
            st.empty()
        else:
            st.warning(state, icon=":material/cloud_off:")
