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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from app_pages import ui
from assessment.model.questionnaire import Answer
from assessment.storage.base import StoreError

LOG = logging.getLogger("crm_readiness.app")

SAVED = "saved"
SAVED_CAPTION = ":material/check_circle: Saved"
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
    # Questions whose answer widget the last full run drew (the page says which; see adopt).
    on_page: frozenset[str] = frozenset()


def shown_state(mirror: Mirror, qid: str, raw: str | None) -> str:
    """SAVED, EMPTY or why not, for the widget value ``raw`` of a question."""
    if qid in mirror.failed:
        return mirror.failed[qid]
    if raw is None:
        return EMPTY
    return SAVED if mirror.saved.get(qid) == ui.to_answer(raw) else NOT_SAVED


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
        found: Mirror | None = ui.memo().mirrors.get(self.mirror_key)
        return found if found is not None else Mirror(owner="")

    def adopt(
        self, owner: str, answers: dict[str, Answer], notes: dict[str, str]
    ) -> dict[str, Any]:
        """Take these dicts of what the database holds as the mirror (kept, not copied).

        Widgets that do not exist yet start at the stored value; a widget that exists keeps
        its own value, which `reconcile` then writes if it differs. Returns the copy of the
        widget state it read, brought up to date, which `reconcile` may take as `shown`.
        """
        ss = st.session_state
        mirrors = ui.memo().mirrors
        found = mirrors.get(self.mirror_key)
        old = found if isinstance(found, Mirror) and found.owner == owner else None
        mirrors[self.mirror_key] = Mirror(owner, answers, notes, old.failed if old else {})
        held = old.on_page if old else frozenset()
        now = ss.to_dict()  # one copy, then dict lookups (see reconcile)
        for qid, answer in answers.items():
            key = self.answer_key(qid)
            shown = now.get(key)
            option = ui.to_option(answer)
            # A widget the last full run drew is held by the browser: it is set only for a real
            # change, since setting a widget makes the browser take the server's value and
            # would overwrite a click already on its way (queued behind this run). Any other
            # widget is set, so the browser shows the stored value even where this session
            # still holds one the browser dropped (a question that was hidden for a while).
            if qid in held and shown == option:
                continue
            # Changed elsewhere (another tab or device) and not here: show the stored one.
            if shown is None or (old and ui.to_answer(shown) == old.saved.get(qid)):
                ss[key] = now[key] = option
        return now

    def reconcile(
        self, question_ids: Iterable[str], shown: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Write every answer and note whose widget differs from the mirror; return the copy
        of the widget state it compared (empty before `adopt`), for option_captions.
        ``shown``: that copy when the caller has just taken it (as `adopt` returns it)."""
        mirror = self.mirror()
        if not mirror.owner:
            return {}
        # One copy of the widget state, then plain dict lookups: every access through
        # st.session_state costs microseconds, and this runs over every question on every run.
        ss = shown if shown is not None else st.session_state.to_dict()
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
        return ss

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
        return shown_state(self.mirror(), qid, st.session_state.get(self.answer_key(qid)))

    def option_captions(
        self, mirror: Mirror, shown: Mapping[str, Any], qid: str, values: Sequence[str]
    ) -> list[str] | None:
        """The question's saved state as the caption of the chosen option, right under the
        click: "Saved", or in red why not. None when nothing is chosen (no captions).
        ``shown`` is the widget state reconcile compared, ``mirror`` this session's mirror.

        Cheaper than an element of its own under every question: the radio's key is its
        identity, so its captions change without resetting it.
        """
        raw = shown.get(self.answer_key(qid))
        if raw is None or raw not in values:
            return None
        state = shown_state(mirror, qid, raw)
        said = SAVED_CAPTION if state == SAVED else f":red[:material/cloud_off: {state}]"
        return [said if v == raw else "" for v in values]

    def show_state(self, qid: str) -> None:
        """The question's saved state, read from the mirror of the store."""
        state = self.state(qid)
        if state == SAVED:
            st.caption(SAVED_CAPTION)
        elif state == EMPTY:
            st.empty()
        else:
            st.warning(state, icon=":material/cloud_off:")
