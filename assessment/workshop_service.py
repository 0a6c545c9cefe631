"""Workshop glue between storage and the engine: responses, consensus, results, links, QR."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import qrcode

from assessment.assess import assess
from assessment.model import Bundle, Dimension, Question, Respondent, Responses
from assessment.results import Results
from assessment.storage import Store
from assessment.storage_workshop import Engagement
from assessment.workshop import Consensus

ROLE_NAMES = {
    "executive": "Executives",
    "manager": "Managers",
    "frontline": "Front-line staff",
    "it": "IT",
    "other": "Others",
}


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


def engagement_results(store: Store, engagement: Engagement, bundle: Bundle) -> Results | None:
    """Results of the workshop so far with consensus applied, or None before anyone answered."""
    responses = [r for r in responses_of(store, engagement, bundle) if r.answers]
    if not responses:
        return None
    return assess(bundle, responses, consensus_of(store, engagement))


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
        f"{ROLE_NAMES[high]} rate readiness {points:.0f} points higher than "
        f"{ROLE_NAMES[low].lower() if low != 'it' else 'IT'}."
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
