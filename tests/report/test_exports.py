"""JSON and CSV exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from report_fixtures import make_bundle, make_responses, make_results

from assessment.model.questionnaire import Bundle, Responses
from assessment.model.results import Results
from assessment.report.exports import ANSWER_COLUMNS, results_csv, results_json, summary_csv


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    """The test questionnaire."""
    return make_bundle()


@pytest.fixture(scope="module")
def workshop(bundle: Bundle) -> tuple[Results, list[Responses]]:
    """Thirty respondents and their results."""
    responses = make_responses(bundle, 30)
    return make_results(bundle, responses), responses


def rows_of(text: str) -> list[dict[str, str]]:
    """Parse CSV text the way a spreadsheet import would (BOM stripped)."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_json_round_trips_to_the_same_results(workshop: tuple[Results, list[Responses]]) -> None:
    results, _ = workshop
    text = results_json(results)
    data = json.loads(text)
    assert Results.model_validate(data) == results
    assert data["overall"]["score"] == results.overall.score
    assert [d["id"] for d in data["dimensions"]] == [d.id for d in results.dimensions]
    assert text.endswith("}\n")


def test_json_keeps_non_ascii_text_readable(bundle: Bundle) -> None:
    responses = make_responses(bundle, 1)
    results = make_results(bundle, responses).model_copy(
        update={"organisation": "Société Générale"}
    )
    assert '"organisation": "Société Générale"' in results_json(results)


def test_csv_has_one_row_per_respondent_and_question(
    bundle: Bundle, workshop: tuple[Results, list[Responses]]
) -> None:
    results, responses = workshop
    text = results_csv(results, bundle, responses)
    rows = rows_of(text)
    questions = bundle.questionnaire.questions()
    assert list(rows[0]) == list(ANSWER_COLUMNS)
    assert len(rows) == 30 * len(questions)
    assert "\r\n" in text
    first = rows[0]
    r0 = responses[0]
    q0 = questions[0]
    assert first["respondent_no"] == "1"
    assert first["respondent"] == "Person 1"
    assert first["role"] == r0.respondent.role
    assert first["question_id"] == q0.id
    assert first["dimension"] == "strategy"
    assert first["answer"] == str(r0.answers.get(q0.id, ""))


def test_csv_answer_labels_notes_and_unknowns(bundle: Bundle) -> None:
    responses = [
        Responses.model_validate(
            {
                "questionnaire": "test-q",
                "respondent": {"name": "Ana Núñez", "role": "manager"},
                "answers": {"strategy-1": 4, "strategy-2": "unknown"},
                "notes": {"strategy-1": "Agreed, with caveats"},
            }
        )
    ]
    results = make_results(bundle, responses)
    rows = rows_of(results_csv(results, bundle, responses))
    by_q = {r["question_id"]: r for r in rows}
    assert by_q["strategy-1"]["answer"] == "4"
    assert by_q["strategy-1"]["answer_label"] == "Strategy 1 at level 4"
    assert by_q["strategy-1"]["note"] == "Agreed, with caveats"
    assert by_q["strategy-2"]["answer"] == "unknown"
    assert by_q["strategy-2"]["answer_label"] == "Don't know"
    assert by_q["strategy-3"]["answer"] == ""
    assert by_q["strategy-3"]["answer_label"] == "Not answered"
    assert by_q["strategy-1"]["respondent"] == "Ana Núñez"


def test_csv_defuses_spreadsheet_formulas(bundle: Bundle) -> None:
    responses = [
        Responses.model_validate(
            {
                "questionnaire": "test-q",
                "respondent": {"name": '=HYPERLINK("http://x")', "role": "it"},
                "organisation": "+Acme",
                "answers": {"strategy-1": 2},
                "notes": {"strategy-1": "@SUM(A1:A9)"},
            }
        )
    ]
    results = make_results(bundle, responses)
    first = rows_of(results_csv(results, bundle, responses))[0]
    assert first["respondent"] == '\'=HYPERLINK("http://x")'
    assert first["organisation"] == "'+Acme"
    assert first["note"] == "'@SUM(A1:A9)"


def test_csv_keeps_a_name_the_results_withheld(bundle: Bundle) -> None:
    responses = make_responses(bundle, 2)
    results = make_results(bundle, responses)
    anonymous = results.model_copy(
        update={"respondents": [r.model_copy(update={"name": None}) for r in results.respondents]}
    )
    rows = rows_of(results_csv(anonymous, bundle, responses))
    assert {r["respondent"] for r in rows} == {"Respondent 1", "Respondent 2"}


def test_summary_has_dimensions_overall_and_role_columns(
    workshop: tuple[Results, list[Responses]],
) -> None:
    results, _ = workshop
    rows = rows_of(summary_csv(results))
    assert [r["dimension_id"] for r in rows] == [d.id for d in results.dimensions] + ["overall"]
    strategy = results.dimensions[0]
    assert rows[0]["score"] == str(round(strategy.score or 0, 2))
    assert rows[0]["level"] == str(strategy.level)
    assert rows[0]["answered"] == str(strategy.answered)
    roles = results.roles or []
    assert [c for c in rows[0] if c.startswith("score_")] == [f"score_{r.role}" for r in roles]
    assert rows[-1]["score"] == str(round(results.overall.score or 0, 2))
    assert rows[-1]["answered"] == ""


def test_summary_of_one_respondent_has_no_role_columns(bundle: Bundle) -> None:
    responses = make_responses(bundle, 1)
    rows = rows_of(summary_csv(make_results(bundle, responses)))
    assert not [c for c in rows[0] if c.startswith("score_")]
    assert len(rows) == 6
