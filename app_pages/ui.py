"""Shared UI helpers: session-state keys, cached store and bundles, page registry, wording."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from assessment.content.questionnaires import bundled_questionnaires, load_bundle
from assessment.engine.applicability import not_applying, screening
from assessment.engine.assess import compile_bundle
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Answer, Bundle, Question
from assessment.model.vocabulary import (
    DONT_KNOW_LABEL,
    NOT_APPLICABLE,
    NOT_APPLICABLE_LABEL,
    UNKNOWN,
    coverage_of,
)
from assessment.resources import ENV_PUBLIC_URL, ENV_URL
from assessment.storage.store import Store

LOG = logging.getLogger("crm_readiness.app")

# Session-state keys owned by the self-assessment pages (widget keys are built by functions).
MIRROR = "crm_mirror"  # Memo.mirrors: the answer_sync.Mirror over Memo.answers and notes
FLASH = "crm_flash"  # a friendly message shown once on the next page run
MEMO = "crm_memo"  # the session's Memo: the assessment in progress, navigation, mirrors...
NOTES_PANEL = "sa_notes"  # the self-assessment step's notes panel (open or closed)
LINK_PANEL = "sa_link"  # the self-assessment step's resume-link panel (open or closed)

# Radio values: levels as strings so widgets compare cleanly, "don't know", "not applicable".
OPTION_VALUES: tuple[str, ...] = ("1", "2", "3", "4", "5", UNKNOWN, NOT_APPLICABLE)
# Fixed CSS (no user text): question labels stand out from their anchored options; a radio
# option under the keyboard gets a 3 px ring (WCAG 2.2 focus appearance: #1d4ed8 is 6.7:1 on
# white); a step heading scrolled to stays clear of the top bar;
# the copy box's button looks like Streamlit's secondary button.
STYLE = (
    "<style>[class*='st-key-q_'] [data-testid='stWidgetLabel'] p "
    "{font-weight: 600; font-size: 1.05rem; line-height: 1.45}"
    "[data-testid='stRadioOption']:has(input:focus-visible)"
    "{outline: 3px solid #1d4ed8; outline-offset: 2px; border-radius: 0.25rem}"
    "[class*='st-key-sa_head_']{scroll-margin-top: 4.5rem}"
    "[role='radiogroup'][tabindex='-1']:focus{outline: none}"
    ".crm-copy{display: flex; align-items: center; gap: 0.75rem}"
    ".crm-copy-button{min-height: 2.5rem; padding: 0.25rem 0.75rem; border-radius: 0.5rem;"
    " border: 1px solid #8a8d96; background: #fff; color: #262730; font: inherit;"
    " cursor: pointer; touch-action: manipulation}"
    ".crm-copy-button:hover{border-color: #1d4ed8; color: #1d4ed8}"
    ".crm-copy-button:focus-visible{outline: 3px solid #1d4ed8; outline-offset: 2px}"
    ".crm-copy-said{color: #1f6f3f; font-weight: 600}"
    ".crm-sr{position: absolute; width: 1px; height: 1px; overflow: hidden;"
    " clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap}</style>"
)
SAVE_FAILED = (
    "We could not save that change just now. Please try again in a moment; "
    "everything saved before is safe."
)


def question_key(question_id: str) -> str:
    """Widget key of a question's answer on the self-assessment page."""
    return f"q_{question_id}"


def note_key(question_id: str) -> str:
    """Widget key of a question's note on the self-assessment page."""
    return f"note_{question_id}"


def whatif_key(question_id: str) -> str:
    """Widget key of a question's what-if answer on the results page."""
    return f"wi_{question_id}"


def answer_choices(question: Question) -> tuple[tuple[str, ...], dict[str, str]]:
    """A question's widget values (don't know and not applicable only where allowed) and what
    each one shows."""
    labels = {str(o.level): f"{o.level} · {o.label}" for o in question.options}
    labels[UNKNOWN] = DONT_KNOW_LABEL
    labels[NOT_APPLICABLE] = NOT_APPLICABLE_LABEL
    allowed = {UNKNOWN: question.allow_unknown, NOT_APPLICABLE: question.allow_not_applicable}
    values = tuple(v for v in OPTION_VALUES if allowed.get(v, True))
    return values, labels


def to_answer(raw: str | None) -> Answer | None:
    """A widget value as an Answer (None when nothing is chosen)."""
    if raw is None:
        return None
    if raw == UNKNOWN:
        return "unknown"
    return "n/a" if raw == NOT_APPLICABLE else int(raw)


def skipped(bundle: Bundle, answers: dict[str, Answer]) -> set[str]:
    """The questions that do not apply given these answers (not shown, not counted)."""
    screens = compile_bundle(bundle).screens
    return not_applying(screens, answers) if screens else set()


def screening_questions(bundle: Bundle) -> frozenset[str]:
    """The questions whose answers may show or hide others."""
    return screening(compile_bundle(bundle).screens)


def to_option(answer: Answer | None) -> str | None:
    """An Answer as a widget value."""
    return None if answer is None else str(answer)


# ---------------------------------------------------------------------------- pages


@dataclass
class Navigation:
    """The app's pages by name ('home', 'self', 'results', 'join', ...) and where we are."""

    sections: dict[str, dict[str, Any]]  # section title -> page name -> st.Page
    current_path: str = ""  # url_path of the page being shown

    def page(self, name: str) -> Any | None:
        """The page with this name, if any."""
        return next((s[name] for s in self.sections.values() if name in s), None)


@dataclass
class Memo:
    """What the app remembers for a session and no widget shows, under one session-state key.

    Streamlit copies the whole session state for every radio it draws, so each key makes
    every widget on the page a little slower; these live together instead of one key each.
    """

    nav: Navigation | None = None  # the app's pages (built once per session), the current one
    moves: int = 0  # step changes so far (Start, Next, Back): the step's script runs per move
    scripted: int = 0  # the move whose scroll-and-focus script was sent
    nav_mended: bool = False  # this session's browser runs the phone menu's mend script
    # The self-assessment in progress:
    token: str | None = None  # its private token (the resume link's)
    step: int = 0  # 0 = choose a questionnaire, 1..N = dimension steps
    questionnaire: str | None = None  # its questionnaire id
    answers: dict[str, Answer] = field(default_factory=dict)  # mirrored to the database
    notes: dict[str, str] = field(default_factory=dict)  # mirrored to the database
    mirrors: dict[str, Any] = field(default_factory=dict)  # Sync.mirror_key -> Mirror


def memo() -> Memo:
    """This session's Memo (made on first use)."""
    found = st.session_state.get(MEMO)
    if found is None:
        found = st.session_state[MEMO] = Memo()
    return found


def navigation() -> Navigation:
    """This session's navigation (streamlit_app.py sets it up on the first run)."""
    return memo().nav or Navigation({})


def page(name: str) -> Any | None:
    """The registered page with this name ('home', 'self', 'results', 'join', ...), if any."""
    return navigation().page(name)


def go(name: str, **query: str) -> None:
    """Switch to a registered page, carrying query parameters."""
    target = page(name)
    if target is not None:
        st.switch_page(target, query_params=query or None)


# ------------------------------------------------------------------ store and bundles


_STORES: dict[str | None, Store] = {}  # one store per database URL, for the whole process
_STORES_LOCK = threading.Lock()


def _store(url: str | None) -> Store:
    """The store for this URL, opened (and migrated) on first use; a failed open is retried."""
    found = _STORES.get(url)  # a plain dict: cheaper than st.cache_resource on every answer
    if found is None:
        with _STORES_LOCK:
            found = _STORES.get(url) or _STORES.setdefault(url, Store(url))
    return found


def database_url() -> str | None:
    """CRM_READINESS_DATABASE_URL, else `database_url` in Streamlit secrets, else None (SQLite)."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    if not st.secrets.load_if_toml_exists():  # a probe that never raises, unlike st.secrets[...]
        return None
    return str(st.secrets.get("database_url") or "") or None


def store() -> Store:
    """The process-wide store for the configured database (cached per URL)."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _bundle(path: str, mtime_ns: int) -> Bundle | ContentError:
    try:
        return load_bundle(path)
    except ContentError as exc:
        LOG.error("bundled questionnaire %s is invalid: %s", path, exc)
        return exc


def _stamp(path: Path) -> tuple[str, int]:
    """A questionnaire's path and change time (with its catalogue's), so edits reload."""
    stamps = [p.stat().st_mtime_ns for p in (path, path.parent / "perils.yaml") if p.exists()]
    return str(path), max(stamps, default=0)


_BY_STAMPS: dict[tuple[tuple[str, int], ...], dict[str, Bundle]] = {}
_LOOKED = [0.0]  # when the questionnaire files were last looked at (time.monotonic)
LOOK_EVERY = 2.0  # seconds: an edited questionnaire is picked up this soon, not on every run


def bundles() -> dict[str, Bundle]:
    """The valid bundled questionnaires by id, shortest first (cached by path and mtime; the
    files are looked at again at most every LOOK_EVERY seconds)."""
    now = time.monotonic()
    if _BY_STAMPS and now - _LOOKED[0] < LOOK_EVERY:
        return next(iter(_BY_STAMPS.values()))
    _LOOKED[0] = now
    stamps = tuple(_stamp(p) for p in bundled_questionnaires())
    found = _BY_STAMPS.get(stamps)
    if found is None:
        loaded = [_bundle(path, mtime) for path, mtime in stamps]
        valid = [b for b in loaded if isinstance(b, Bundle)]
        valid.sort(key=lambda b: len(b.questionnaire.questions()))
        found = {b.questionnaire.id: b for b in valid}
        _BY_STAMPS.clear()
        _BY_STAMPS[stamps] = found
    return found


def current_bundle() -> Bundle | None:
    """The bundle of the assessment in progress, if any."""
    qid = memo().questionnaire
    return bundles().get(qid) if qid else None


# ---------------------------------------------------------------- assessment state


def open_assessment(token: str) -> bool:
    """Load a stored assessment into the session; False when the token is unknown."""
    try:
        stored = store().get_assessment(token)
    except Exception:  # a malformed token must never surface as an error box
        LOG.exception("could not look up a resume token")
        stored = None
    bundle = bundles().get(stored.questionnaire_id) if stored else None
    if stored is None or bundle is None:
        return False
    known = {q.id for q in bundle.questionnaire.questions()}
    m = memo()
    m.token = token
    m.questionnaire = stored.questionnaire_id
    m.answers = {k: v for k, v in stored.answers.items() if k in known}
    m.notes = {k: v for k, v in stored.notes.items() if k in known}
    m.step = first_open_step(bundle, m.answers)
    out = skipped(bundle, m.answers)
    given = [a for q, a in m.answers.items() if q not in out]
    welcome = f"Welcome back. {coverage_of(given, len(known - out))}."
    if stored.sha256 != bundle.sha256:
        welcome += (
            " This questionnaire has been updated since these answers were given. Answers to "
            "questions that still exist are kept; please check the steps for anything new."
        )
    flash(welcome)
    return True


def close_assessment() -> None:
    """Forget the assessment in progress (it stays in the database)."""
    m = memo()
    m.token, m.step, m.questionnaire, m.answers, m.notes = None, 0, None, {}, {}
    m.mirrors.pop(MIRROR, None)


def first_open_step(bundle: Bundle, answers: dict[str, Answer]) -> int:
    """The first dimension step with an unanswered question that applies, else the last."""
    dims = bundle.questionnaire.dimensions
    out = skipped(bundle, answers)
    for i, dim in enumerate(dims, start=1):
        if any(q.id not in answers and q.id not in out for q in dim.questions):
            return i
    return len(dims)


def adopt_resume_link() -> None:
    """Read ?resume=<token> once into the session; a bad token leaves a friendly note."""
    token = st.query_params.get("resume")
    if not token or token == memo().token:
        return
    if not open_assessment(token):
        st.query_params.pop("resume", None)
        flash(
            "We could not find an assessment for that link. It may have been mistyped or "
            "shortened when it was copied. You can start a new assessment below."
        )


def keep_token_in_url() -> None:
    """Put the resume token in the address so a browser reload finds the answers again."""
    token = memo().token
    if token and st.query_params.get("resume") != token:
        st.query_params["resume"] = token


def base_url(default: str = "") -> str:
    """The app's address without query or the current page's path (links land on '/').

    CRM_READINESS_PUBLIC_URL, when set, is the address (the one phones in the room reach).
    """
    public = os.environ.get(ENV_PUBLIC_URL, "").strip().rstrip("/")
    if public:
        return public
    base = (st.context.url or default).split("?", 1)[0].rstrip("/")
    current = navigation().current_path
    if current and base.endswith("/" + current):
        base = base[: -len(current) - 1]
    return base


def resume_link(token: str) -> str:
    """The private link that reopens an assessment: always on the default page '/'."""
    return f"{base_url()}/?resume={token}"


# ----------------------------------------------------------------------- messages


def flash(message: str) -> None:
    """Keep a friendly message for the next page run."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    """Show and forget the pending friendly message, if any."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.info(message, icon=":material/info:")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def plain(text: str) -> str:
    """User text made inert for st.markdown (no formatting, links or emoji codes)."""
    return _MD_SPECIAL.sub(r"\\\1", text)
