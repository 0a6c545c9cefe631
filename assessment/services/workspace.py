"""A consultant's workspace: everything of one engagement in one ZIP, and its file name."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from assessment.model.questionnaire import Bundle
from assessment.report.exports import results_csv, results_json, summary_csv
from assessment.report.filenames import deliverable_stem
from assessment.report.render import render_report
from assessment.services.workshop import engagement_results, responses_of
from assessment.storage.records import Engagement
from assessment.storage.security import format_join_code
from assessment.storage.store import Store

NO_ANSWERS = "Nobody has answered in this workshop yet, so there are no results, report or deck.\n"


def export_name(engagement: Engagement, day: dt.date) -> str:
    """The ZIP's file name, e.g. 'acme-ltd_crm-readiness_2026-12-02_everything.zip'."""
    stem = deliverable_stem(engagement.organisation, engagement.questionnaire_id, day)
    return f"{stem}_everything.zip"


def engagement_facts(store: Store, engagement: Engagement) -> dict[str, object]:
    """What the ZIP says about the engagement itself: codes, status, dates, audit log."""
    return {
        "organisation": engagement.organisation,
        "join_code": format_join_code(engagement.code),
        "questionnaire": engagement.questionnaire_id,
        "questionnaire_version": engagement.version,
        "status": engagement.status,
        "created_at": engagement.created_at.isoformat(),
        "closed_at": engagement.closed_at.isoformat() if engagement.closed_at else None,
        "participants": len(store.participant_entries(engagement)),
        "history": [
            {"action": a.action, "detail": a.detail, "by": a.by, "at": a.at.isoformat()}
            for a in store.audit_lines(engagement)
        ],
    }


def engagement_zip(
    store: Store, engagement: Engagement, bundle: Bundle, day: dt.date, *, deck: bool = True
) -> bytes:
    """The ZIP of one engagement: answers CSV, results JSON, scores CSV, report, deck.

    Answers carry no names (as everywhere the workshop's results go); roles below the
    anonymity threshold are merged or left out exactly as in the report.
    """
    stem = deliverable_stem(engagement.organisation, bundle.questionnaire.id, day)
    files: dict[str, str | bytes] = {
        "engagement.json": json.dumps(engagement_facts(store, engagement), indent=2) + "\n"
    }
    responses = [r for r in responses_of(store, engagement, bundle) if r.answers]
    results = engagement_results(store, engagement, bundle)
    if results is None:
        files["README.txt"] = NO_ANSWERS
    else:
        files[f"{stem}_responses.csv"] = results_csv(results, bundle, responses)
        files[f"{stem}_results.json"] = results_json(results)
        files[f"{stem}_scores.csv"] = summary_csv(results)
        files[f"{stem}_report.html"] = render_report(results, bundle, generated=day)
        if deck:
            from assessment.report.deck import render_deck  # python-pptx only when needed

            files[f"{stem}_deck.pptx"] = render_deck(results, bundle, generated=day)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()
