"""Workshop glue between storage and the engine: responses, consensus, results, links, QR."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from urllib.parse import urlencode

import qrcode

from assessment.engine.aggregate import Consensus
from assessment.engine.anonymity import min_group_size
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle, Dimension, Question, Respondent, Responses
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.storage.records import Engagement
from assessment.storage.store import Store
from assessment.storage.version import data_version


def responses_of(store: Store, engagement: Engagement, bundle: Bundle) -> list[Responses]:
    """Every participant's answers as anonymous Responses (names are never passed on)."""
    known = {q.id for q in bundle.questionnaire.questions()}
    return [
        Responses(
            questionnaire=bundle.questionnaire.id,
            respondent=Respondent(role=r.role),
            organisation=engagement.organisation,
            answers={q: a for q, a in r.answers.items() if q in known},
            notes={q: n for q, n in r.notes.items() if q in known},
        )
        for r in store.respondents(engagement)
    ]


def consensus_of(store: Store, engagement: Engagement) -> dict[str, Consensus]:
    """Agreed levels recorded so far (entries with only a note are left out)."""
    return {
        qid: Consensus(level=e.level, note=e.note)
        for qid, e in store.consensus_entries(engagement).items()
        if e.level is not None
    }


def compute_results(
    store: Store, engagement: Engagement, bundle: Bundle, min_group: int | None = None
) -> Results | None:
    """Results of the workshop so far with consensus applied, or None before anyone answered."""
    responses = [r for r in responses_of(store, engagement, bundle) if r.answers]
    if not responses:
        return None
    return assess(bundle, responses, consensus_of(store, engagement), min_group=min_group)


class ResultsCache:
    """Computed results per (database, engagement, questionnaire, threshold, data version).

    Process-wide and bounded (least recently used goes first). Each key is computed once: a
    viewer asking while another computes the same key waits for that result. Results are
    immutable, so every session can share them.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Results | None] = OrderedDict()
        self._busy: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times results were actually computed (for tests)

    def get(self, key: Hashable, compute: Callable[[], Results | None]) -> Results | None:
        """The cached value of key, computing it (once) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._lock:
                self.computed += 1
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._busy.pop(key, None)
        return value

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._items.clear()


RESULTS_CACHE = ResultsCache()


def engagement_results(
    store: Store, engagement: Engagement, bundle: Bundle, min_group: int | None = None
) -> Results | None:
    """Results of the workshop so far, computed once per change of its data (cached).

    The cheap data version (storage_version) decides whether anything changed, so a dashboard
    refreshed by many viewers every few seconds scores the workshop only when answers move.
    """
    threshold = min_group_size(min_group)
    version = data_version(store.engine, engagement.id)
    content = bundle.sha256 if len(bundle.sha256) == 64 else id(bundle)  # a test's fake hash
    key = (str(store.engine.url), id(store.engine), engagement.id, content, threshold,
           version)  # fmt: skip
    return RESULTS_CACHE.get(key, lambda: compute_results(store, engagement, bundle, threshold))


def sections_for(bundle: Bundle, role: str) -> list[tuple[Dimension, list[Question]]]:
    """The dimensions and questions a participant of this role answers, in file order."""
    out = []
    for d in bundle.questionnaire.dimensions:
        mine = [q for q in d.questions if role in q.roles]
        if mine:
            out.append((d, mine))
    return out


def role_gap(results: Results) -> tuple[str, str, float] | None:
    """The widest overall-score gap between two roles: (higher, lower, points), or None."""
    scored = [(r.role, r.overall.score) for r in results.roles or [] if r.overall.score is not None]
    if len(scored) < 2:
        return None
    high = max(scored, key=lambda x: x[1] or 0.0)
    low = min(scored, key=lambda x: x[1] or 0.0)
    return high[0], low[0], round((high[1] or 0.0) - (low[1] or 0.0), 1)


def gap_sentence(results: Results) -> str | None:
    """The role gap in one plain sentence."""
    gap = role_gap(results)
    if gap is None:
        return None
    high, low, points = gap
    if points < 1:
        return "All roles see readiness about the same."
    return (
        f"{ROLE_NAMES[high].group} rate readiness {points:.0f} points higher than "
        f"{ROLE_NAMES[low].in_text}."
    )


def link(base_url: str, **params: str) -> str:
    """A link to the app's default page with query parameters, e.g. /?join=CODE."""
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


def qr_png(text: str) -> bytes:
    """A QR code of the text as PNG bytes (made locally, no network)."""
    code = qrcode.QRCode(border=2, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    buf = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buf)
    return buf.getvalue()
