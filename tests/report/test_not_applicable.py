"""Not applicable in coverage words, the report, the summary CSV and the answers CSV."""

from __future__ import annotations

import csv
import io
import json

from fixtures.engine.helpers import resp
from fixtures.engine.screened import screened

from assessment.engine.assess import assess
from assessment.model.results import Results
from assessment.model.vocabulary import coverage_of, coverage_parts, coverage_text
from assessment.report.appendix import appendix, respondent_rows
from assessment.report.exports import SUMMARY_COLUMNS, results_csv, results_json, summary_csv
from assessment.report.render import render_report

# t-selection 1 screens out t-upgrade (answered anyway); t-data-quality is answered n/a.
ANSWERS = {"t-selection": 1, "t-upgrade": 2, "t-data-quality": "n/a"}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_coverage_says_not_applicable_only_when_some_question_was() -> None:
    assert coverage_text(3, 1, 1, 2) == "3 answered, 1 don't know, 1 not answered, 2 not applicable"
    assert coverage_text(3, 0, 1) == "3 answered, 1 not answered"
    assert coverage_parts(0, 0, 0, 1) == ["0 answered", "1 not applicable"]
    assert coverage_of([1, "unknown", "n/a"], 4) == (
        "4 questions: 1 answered, 1 don't know, 1 not answered, 1 not applicable"
    )


def test_summary_csv_ends_its_dimension_columns_with_not_applicable() -> None:
    assert SUMMARY_COLUMNS[-2:] == ("total", "not_applicable")
    text = summary_csv(assess(screened(), [resp(ANSWERS)]))
    by_id = {r["dimension_id"]: r for r in rows(text)}
    tech = by_id["technology"]
    assert (tech["answered"], tech["unanswered"], tech["not_applicable"], tech["total"]) == (
        "1",
        "0",
        "2",
        "3",
    )
    assert by_id["overall"]["not_applicable"] == ""


def test_answers_csv_says_not_applicable_for_n_a_and_for_questions_that_do_not_apply() -> None:
    r = [resp(ANSWERS)]
    out = {
        row["question_id"]: row for row in rows(results_csv(assess(screened(), r), screened(), r))
    }
    assert (out["t-upgrade"]["answer"], out["t-upgrade"]["answer_label"]) == (
        "n/a",
        "Not applicable",
    )
    assert out["t-data-quality"]["answer_label"] == "Not applicable"
    assert out["t-selection"]["answer_label"] == "The vendor"
    assert out["p-redesign"]["answer_label"] == "Not answered"


def test_report_dimension_coverage_and_appendix_say_not_applicable() -> None:
    results = assess(screened(), [resp(ANSWERS)])
    html = render_report(results, screened())
    assert "3 questions: 1 answered, 2 not applicable" in html
    tech = next(block for block in appendix(results) if block.name == "Technology")
    answers = {a.id: a.answer for a in tech.questions}
    assert answers["t-upgrade"] == answers["t-data-quality"] == "Not applicable"


def test_workshop_appendix_buckets_and_respondents_table() -> None:
    panel = [resp(ANSWERS, name="Ann"), resp({"t-selection": 3, "t-upgrade": 4}, name="Bo")]
    results = assess(screened(), panel)
    tech = next(block for block in appendix(results) if block.name == "Technology")
    upgrade = next(a for a in tech.questions if a.id == "t-upgrade")
    assert [(b.label, b.count, b.css) for b in upgrade.distribution] == [
        ("Level 4", 1, "c-4"),
        ("Not applicable", 1, "c-na"),
    ]
    quality = next(a for a in tech.questions if a.id == "t-data-quality")
    assert quality.answer == "No level given"  # it applied to Bo, who did not answer
    assert [(r.name, r.not_applicable, r.unanswered) for r in respondent_rows(results)] == [
        ("Ann", 2, 14),
        ("Bo", 0, 15),
    ]
    html = render_report(results, screened())
    assert '<th scope="col">Not applicable</th>' in html
    assert ".c-na {" in html
    plain = render_report(assess(screened(), [resp({}), resp({})]), screened())
    assert '<th scope="col">Not applicable</th>' not in plain


def test_results_written_before_not_applicable_still_load_and_render() -> None:
    data = json.loads(results_json(assess(screened(), [resp({"t-selection": 3})])))
    for d in data["dimensions"]:
        del d["not_applicable"]
    for r in data["respondents"]:
        del r["not_applicable"]
    for q in data["questions"]:
        del q["distribution"]["n/a"]
    old = Results.model_validate(data)
    assert {d.not_applicable for d in old.dimensions} == {0}
    assert old.respondents[0].not_applicable == 0
    html = render_report(old, screened())
    assert "not applicable" not in html.lower().replace("not_applicable", "")
    assert summary_csv(old).splitlines()[1].endswith(",0")  # strategy's not_applicable
