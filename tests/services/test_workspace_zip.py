"""Export everything of one engagement as a ZIP: the answers, results, scores and report."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from assessment.content.questionnaires import load_bundle
from assessment.services.workspace import NO_ANSWERS, engagement_zip, export_name
from assessment.storage.store import Store

DAY = dt.date(2026, 12, 2)


def test_zip_holds_every_export_and_no_names(tmp_path: Path) -> None:
    bundle = load_bundle("crm-readiness")
    store = Store(f"sqlite:///{tmp_path / 'z.db'}")
    dana = store.create_account("dana@example.org", "correct horse battery")
    e = store.create_owned_engagement(dana, bundle.questionnaire.id, bundle.questionnaire.version,
                                      bundle.sha256, organisation="Acme Ltd")  # fmt: skip
    first = bundle.questionnaire.questions()[0].id
    for n, role in enumerate(("executive", "manager", "frontline")):
        token = store.join(e.code, role, f"Secret Name {n}")
        store.save_participant_answer(token, first, n + 2)
    store.save_participant_note(token, first, "=HYPERLINK(1)")
    raw = engagement_zip(store, e, bundle, DAY, deck=False)
    assert export_name(e, DAY) == "acme-ltd_crm-readiness_2026-12-02_everything.zip"
    stem = "acme-ltd_crm-readiness_2026-12-02"
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert sorted(zf.namelist()) == sorted(
            ["engagement.json", f"{stem}_responses.csv", f"{stem}_results.json",
             f"{stem}_scores.csv", f"{stem}_report.html"]
        )  # fmt: skip
        text = {name: zf.read(name).decode("utf-8") for name in zf.namelist()}
    facts = json.loads(text["engagement.json"])
    assert facts["organisation"] == "Acme Ltd" and facts["participants"] == 3
    assert json.loads(text[f"{stem}_results.json"])["questionnaire"]["id"] == "crm-readiness"
    assert len(json.loads(text[f"{stem}_results.json"])["respondents"]) == 3
    assert "Secret Name" not in "".join(text.values())
    assert "'=HYPERLINK(1)" in text[f"{stem}_responses.csv"]  # the shared CSV defusing
    assert "Acme Ltd" in text[f"{stem}_report.html"]
    store.close()


def test_zip_of_a_workshop_nobody_answered_says_so(tmp_path: Path) -> None:
    bundle = load_bundle("crm-readiness")
    store = Store(f"sqlite:///{tmp_path / 'z.db'}")
    e = store.create_engagement(bundle.questionnaire.id, "1", bundle.sha256,
                                organisation="Empty", passcode="secret1")  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(engagement_zip(store, e, bundle, DAY))) as zf:
        assert sorted(zf.namelist()) == ["README.txt", "engagement.json"]
        assert zf.read("README.txt").decode() == NO_ANSWERS
    store.close()
