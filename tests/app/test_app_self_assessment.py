"""AppTest: the self-assessment from Home to Results, save and resume, what-if and its reset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle
from assessment.report.charts import score_text
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
QUICK = "executive-quick-check"
# One answer per quick-check question: low on strategy so blocking perils fire, one don't know.
PLAN: dict[str, str] = {
    "customer-strategy": "2",
    "customer-insight": "2",
    "executive-sponsor": "3",
    "budget-split": "4",
    "success-measures": "3",
    "service-attitude": "4",
    "complaint-handling": "3",
    "contact-frequency": "4",
    "customer-view": "unknown",
    "handoffs": "3",
    "process-redesign": "4",
    "change-management": "3",
    "baseline-measures": "4",
    "current-adoption": "4",
    "upgrade-motive": "5",
}
NOTE = "Board away-day in March should settle this."


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file for the app under test."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return url


def press(at: AppTest, label: str) -> None:
    """Click the step button whose label starts with `label` (Back, Next, See my results)."""
    next(b for b in at.button if b.label.startswith(label)).click().run()


def new_app() -> AppTest:
    """The app from its entry point, run once (Home)."""
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run()


def assert_calm(at: AppTest) -> None:
    """No exception, no error box and no fallback apology on the page."""
    assert not at.exception
    assert not at.error
    assert not [w for w in at.warning if "went wrong" in w.value]


def steps() -> list[list[str]]:
    """The quick check's question ids, one list per step."""
    dims = load_bundle(QUICK).questionnaire.dimensions
    return [[q.id for q in d.questions] for d in dims]


def start(at: AppTest) -> str:
    """Open the self-assessment, fill in who is answering and start; returns the token."""
    at.switch_page("app_pages/self_assessment.py").run()
    at.radio(key="sa_questionnaire").set_value(QUICK)
    at.text_input(key="sa_organisation").input("Acme Ltd")
    at.text_input(key="sa_name").input("Dana Lee")
    at.selectbox(key="sa_role").set_value("executive")
    at.button(key="sa_start").click().run()
    assert_calm(at)
    assert at.session_state["crm_memo"].step == 1
    return str(at.session_state["crm_memo"].token)


def answer_step(at: AppTest, ids: list[str]) -> None:
    """Answer every question of the current step from PLAN."""
    for qid in ids:
        at.radio(key=f"q_{qid}").set_value(PLAN[qid]).run()
        assert_calm(at)


def write_note(at: AppTest, qid: str) -> None:
    """Check the question's help on demand, open the step's notes panel, write the note."""
    help_text = load_bundle(QUICK).questionnaire.question(qid).help
    assert at.radio(key=f"q_{qid}").help == f"**Why this matters.** {help_text}"
    assert not at.text_area  # the note boxes only run while their panel is open
    open_panel(at, "sa_notes")
    at.text_area(key=f"note_{qid}").input(NOTE).run()
    assert_calm(at)
    assert at.get("progress")[0].proto.text.endswith(
        "5 questions: 5 answered on this step · 1 note"
    )


def open_panel(at: AppTest, key: str) -> None:
    """Open one of the step's lazy panels (notes, resume link), as a click on it does."""
    at.session_state[key] = True
    at.run()


def cli_results(tmp_path: Path, answers: dict[str, str]) -> dict[str, Any]:
    """`python -m assessment score` on the same answers, as JSON."""
    responses = {
        "questionnaire": QUICK,
        "respondent": {"name": "Dana Lee", "role": "executive"},
        "organisation": "Acme Ltd",
        "answers": {q: a if a == "unknown" else int(a) for q, a in answers.items()},
    }
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(responses), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "score",
            "--questionnaire",
            QUICK,
            str(path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return dict(json.loads(out.stdout))


def walk_to_results(at: AppTest) -> str:
    """Answer the whole quick check with back/next on the way; finish on Results."""
    token = start(at)
    plan = steps()
    answer_step(at, plan[0])
    write_note(at, plan[0][0])
    for number, ids in enumerate(plan[1:], start=2):
        press(at, "Next")
        assert at.session_state["crm_memo"].step == number
        answer_step(at, ids)
    press(at, "Back")
    assert [at.radio(key=f"q_{q}").value for q in plan[-2]] == [PLAN[q] for q in plan[-2]]
    press(at, "Next")
    press(at, "See my results")
    assert_calm(at)
    at.switch_page("app_pages/results.py")  # AppTest keeps the last page it was told about
    return token


def copy_button(at: AppTest) -> str:
    """The resume link's copy button (its HTML and script), or '' while the panel is closed."""
    return "".join(h.proto.body for h in at.get("html") if 'class="crm-copy"' in h.proto.body)


def banner(at: AppTest) -> str:
    """The verdict heading on the results page."""
    return next(m.value for m in at.main.markdown if m.value.startswith("## "))


def test_quick_check_from_home_to_results_matches_the_cli(db_url: str, tmp_path: Path) -> None:
    at = new_app()
    assert at.title[0].value == "Is your organisation ready for CRM?"
    token = walk_to_results(at)
    at.run()
    assert_calm(at)
    expected = cli_results(tmp_path, PLAN)

    assert banner(at).endswith(f"{expected['verdict']['label']}]")
    texts = [m.value.replace("\\", "") for m in at.main.markdown]
    reasons = [line[2:] for t in texts if t.startswith("- ") for line in t.splitlines()]
    assert reasons[: len(expected["verdict"]["reasons"])] == expected["verdict"]["reasons"]
    assert any(p["blocking"] for p in expected["perils"])  # so the blocking group leads, named:
    assert texts[texts.index(next(t for t in texts if t.startswith("- "))) - 1].startswith(
        "**Blocking"
    )
    fired = expected["perils"]  # the app lists perils in the engine's order, as the JSON does
    assert [s.value for s in at.main.subheader] == [p["name"] for p in fired]
    assert {"no-strategy"} <= {p["id"] for p in fired}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Overall score"] == f"{score_text(expected['overall']['score'])} / 100"
    assert metrics["Of 15 questions"] == "14 answered"  # and the one don't know, apart:
    assert [m.proto.delta for m in at.metric if m.label == "Of 15 questions"] == ["1 don't know"]
    texts = [m.value for m in at.main.markdown]
    said = texts.index("**You answered “don't know” to:**")
    assert texts[said + 1] == f"- {load_bundle(QUICK).questionnaire.question('customer-view').text}"
    assert [c.key for c in at.get("plotly_chart")] == ["radar", "bars"]
    assert {b.key for b in at.download_button} == {
        "dl_html",
        "dl_pptx",
        "dl_json",
        "dl_csv",
        "dl_pack",
    }

    stored = Store(db_url).get_assessment(token)
    assert stored is not None
    assert stored.answers == {q: a if a == "unknown" else int(a) for q, a in PLAN.items()}
    assert stored.notes == {steps()[0][0]: NOTE}
    assert (stored.organisation, stored.name, stored.role) == ("Acme Ltd", "Dana Lee", "executive")


def test_what_if_changes_the_verdict_without_saving_and_resets(db_url: str) -> None:
    at = new_app()
    token = walk_to_results(at)
    at.run()
    real_banner = banner(at)
    real_perils = [s.value for s in at.main.subheader]
    assert at.radio(key="wi_customer-strategy").value == "2"

    at.radio(key="wi_customer-strategy").set_value("5").run()
    at.radio(key="wi_customer-insight").set_value("5").run()
    assert_calm(at)
    assert "No customer strategy yet" in real_perils
    assert "No customer strategy yet" not in [s.value for s in at.main.subheader]
    assert at.info[0].value.startswith("What-if view: 2 of your answers changed here")
    stored = Store(db_url).get_assessment(token)
    assert stored is not None
    assert (stored.answers["customer-strategy"], stored.answers["customer-insight"]) == (2, 2)

    at.button(key="wi_reset").click().run()
    assert_calm(at)
    assert banner(at) == real_banner
    assert [s.value for s in at.main.subheader] == real_perils
    assert at.radio(key="wi_customer-strategy").value == "2"
    assert not at.info


def test_resume_link_restores_answers_notes_and_step(db_url: str) -> None:
    at = new_app()
    token = start(at)
    plan = steps()
    answer_step(at, plan[0])
    write_note(at, plan[0][1])
    press(at, "Next")
    at.radio(key=f"q_{plan[1][0]}").set_value("unknown").run()
    assert not at.code and not copy_button(at)  # the link panel only runs while it is open
    open_panel(at, "sa_link")
    assert at.code[0].value == f"/?resume={token}"
    assert json.dumps(f"/?resume={token}") in copy_button(at)

    back = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    back.query_params["resume"] = token
    back.run()
    assert_calm(back)
    assert back.session_state["crm_memo"].step == 2
    assert (
        back.info[0].value
        == "Welcome back. 15 questions: 5 answered, 1 don't know, 9 not answered."
    )
    back.radio(key=f"q_{plan[1][2]}").set_value("3").run()
    assert not back.info  # said once
    assert back.radio(key=f"q_{plan[1][0]}").value == "unknown"
    assert back.radio(key=f"q_{plan[1][1]}").value is None
    press(back, "Back")
    assert [back.radio(key=f"q_{q}").value for q in plan[0]] == [PLAN[q] for q in plan[0]]
    assert not back.text_area  # the note boxes only run while their panel is open
    open_panel(back, "sa_notes")
    assert back.text_area(key=f"note_{plan[0][1]}").value == NOTE
    assert back.query_params["resume"] == token


def test_reloading_the_results_page_keeps_the_results(db_url: str) -> None:
    at = new_app()
    token = walk_to_results(at)
    at.run()
    assert at.query_params["resume"] == token
    again = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run()
    again.query_params["resume"] = token
    again.switch_page("app_pages/results.py").run()
    assert_calm(again)
    assert banner(again) == banner(at)


def test_a_bad_resume_link_gets_a_friendly_message(db_url: str) -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["resume"] = "not-a-real-token'; DROP TABLE assessments;--"
    at.run()
    assert_calm(at)
    assert at.info[0].value.startswith("We could not find an assessment for that link.")
    assert "resume" not in at.query_params
    assert at.title[0].value == "Is your organisation ready for CRM?"


def test_results_before_answering_points_to_the_questionnaire(db_url: str) -> None:
    at = new_app()
    at.switch_page("app_pages/results.py").run()
    assert_calm(at)
    assert at.info[0].value == "Your results appear here once you have answered a questionnaire."


def test_start_over_leaves_the_saved_assessment_alone(db_url: str) -> None:
    at = new_app()
    token = start(at)
    at.radio(key=f"q_{steps()[0][0]}").set_value("4").run()
    open_panel(at, "sa_link")
    at.button(key="sa_new").click().run()
    assert_calm(at)
    assert at.session_state["crm_memo"].token is None
    assert at.radio(key="sa_questionnaire").value == QUICK
    stored = Store(db_url).get_assessment(token)
    assert stored is not None and stored.answers == {steps()[0][0]: 4}


def test_answers_to_an_updated_questionnaire_come_back_with_a_note(db_url: str) -> None:
    store = Store(db_url)
    bundle = load_bundle(QUICK)
    token = store.create_assessment(QUICK, "0.9", "an-older-version")
    store.save_answer(token, "customer-strategy", 4)
    store.save_answer(token, "a-question-that-was-removed", 2)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["resume"] = token
    at.run()
    assert_calm(at)
    assert at.info[0].value.startswith(
        "Welcome back. 15 questions: 1 answered, 14 not answered. This questionnaire"
    )
    assert "has been updated since" in at.info[0].value
    assert at.session_state["crm_memo"].answers == {"customer-strategy": 4}
    assert at.session_state["crm_memo"].step == 1
    assert at.radio(key="q_customer-strategy").value == "4"
    assert bundle.sha256 != "an-older-version"


def test_progress_counts_answers_names_the_questionnaire_and_notes_close(db_url: str) -> None:
    at = new_app()
    start(at)
    plan = steps()
    bar = at.get("progress")[0].proto
    assert bar.value == 0  # nothing answered yet, whichever step this is
    assert bar.text.startswith(
        "Executive quick check · Step 1 of 5 · 5 questions: 0 answered, 5 not answered"
    )
    answer_step(at, plan[0][:3])
    assert at.get("progress")[0].proto.value == round(100 * 3 / 15)
    open_panel(at, "sa_notes")
    assert at.text_area
    press(at, "Next")
    assert_calm(at)
    assert at.get("progress")[0].proto.text.startswith("Executive quick check · Step 2 of 5")
    assert not at.text_area  # the notes panel closes on a new step
    assert at.session_state["crm_memo"].moves == 2  # Start and Next: the step script runs per move


def test_start_a_new_assessment_is_a_real_button(db_url: str) -> None:
    at = new_app()
    start(at)
    open_panel(at, "sa_link")
    assert at.button(key="sa_new").proto.type == "secondary"
