"""When to skip a question: in words (template, Qualtrics, plain CSV) and as the relevance
expressions of XLSForm and LimeSurvey; the not-applicable choice wherever it is allowed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import yaml
from fixtures.engine.screened import screened
from pyxform.xls2xform import convert

from assessment.content.outline import outline, outline_text, responses_template
from assessment.content.pre_survey.limesurvey import limesurvey_text, mapping, question_codes
from assessment.content.pre_survey.plain import plain_bytes
from assessment.content.pre_survey.plan import survey_plan
from assessment.content.pre_survey.qualtrics import qualtrics_text
from assessment.content.pre_survey.xlsform import xlsform_bytes
from assessment.content.responses import read_yaml_responses
from assessment.content.skips import skip_sentences, skip_when, words
from assessment.model.questionnaire import Condition

SKIP_UPGRADE = "Skip this question if the answer to 'Who leads software selection?' was 1."


def test_skip_sentences_in_plain_words() -> None:
    q = screened().questionnaire
    assert skip_sentences(q) == {
        "c-contact-policy": "Skip this question if the answer to 'How do staff treat customers "
        "with a problem?' was 1.",
        "t-upgrade": SKIP_UPGRADE,
    }


def test_compound_conditions_say_what_rules_a_question_out() -> None:
    texts = {"a": "A?", "b": "B?", "c": "C?"}
    tree = Condition.model_validate(
        {
            "any": [
                {"question": "a", "lte": 2},
                {"not": {"question": "b", "unknown": True}},
                {"all": [{"question": "c", "in": [1, 3]}, {"question": "a", "gte": 2}]},
            ]
        }
    )
    assert words(skip_when(tree, frozenset({"c"})), texts) == (
        "the answer to 'A?' was 3, 4 or 5 and the answer to 'B?' was don't know and "
        "(the answer to 'C?' was 2, 4, 5 or not applicable or the answer to 'A?' was 1)"
    )


def test_the_template_says_when_to_skip_and_offers_n_a(tmp_path: Path) -> None:
    text = responses_template(screened(), "screened.yaml")
    block = text[text.index("  # t-upgrade:") : text.index("  t-upgrade:")]
    assert f"  #   {SKIP_UPGRADE}" in block
    quality = text[text.index("  # t-data-quality:") : text.index("  t-data-quality:")]
    assert "  #   n/a = not applicable here" in quality
    assert "n/a = " not in block
    filled = text.replace("  t-data-quality:\n", "  t-data-quality: n/a\n")
    filled = filled.replace("  role:\n", "  role: manager\n")
    path = tmp_path / "answers.yaml"
    path.write_text(filled, encoding="utf-8")
    got, problems = read_yaml_responses(path, screened())
    assert problems == [] and got[0].answers == {"t-data-quality": "n/a"}
    shown = outline_text(screened())
    assert f"    {SKIP_UPGRADE}" in shown and "    n/a not applicable here" in shown


def test_xlsform_relevant_and_not_applicable_choice() -> None:
    plan = survey_plan(screened().questionnaire)
    data = xlsform_bytes(plan)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    rows = {r[1]: r for r in wb["survey"].iter_rows(values_only=True)}
    assert rows["t-upgrade"][5] == "not(${t-selection} = '1')"
    assert rows["t-selection"][5] is None
    choices = [r for r in wb["choices"].iter_rows(values_only=True) if r[0] == "t-data-quality"]
    assert choices[-2:] == [
        ("t-data-quality", "unknown", "Don't know / not visible to me"),
        ("t-data-quality", "na", "Not applicable here"),
    ]
    warnings: list[str] = []
    xform = convert(xlsform=data, warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    assert "relevant=\"not( /data/t-selection  = '1')\"" in xform


def test_limesurvey_relevance_and_mapping() -> None:
    plan = survey_plan(screened().questionnaire)
    codes = question_codes(plan)
    rows = list(csv.DictReader(io.StringIO(limesurvey_text(plan)), delimiter="\t"))
    by_name = {r["name"]: r for r in rows if r["class"] == "Q"}
    assert by_name[codes["t-upgrade"]]["relevance"] == f'!({codes["t-selection"]}.NAOK == "A1")'
    assert by_name[codes["t-selection"]]["relevance"] == "1"
    assert mapping(plan)["answers"] == {  # type: ignore[comparison-overlap]
        "A1": 1,
        "A2": 2,
        "A3": 3,
        "A4": 4,
        "A5": 5,
        "A6": "unknown",
        "A7": "n/a",
    }
    assert yaml.safe_load(yaml.safe_dump(mapping(plan)))["answers"]["A7"] == "n/a"


def test_qualtrics_and_plain_say_when_to_skip() -> None:
    plan = survey_plan(screened().questionnaire)
    text = qualtrics_text(plan)
    assert f"How are disappointing results of past systems handled? {SKIP_UPGRADE}\n" in text
    quality = text[text.index("[[ID:t-data-quality]]") :]
    assert "[[Choice:7]]\nNot applicable here" in quality
    rows = list(csv.DictReader(io.StringIO(plain_bytes(plan).decode("utf-8-sig"))))
    by_code = {r["code"]: r for r in rows}
    assert by_code["t-upgrade"]["skip if"] == SKIP_UPGRADE
    assert by_code["t-data-quality"]["not applicable"] == "Not applicable here"
    assert by_code["t-selection"]["skip if"] == by_code["t-selection"]["not applicable"] == ""


def test_show_json_carries_applies_when_and_not_applicable() -> None:
    questions = {q["id"]: q for d in outline(screened())["dimensions"] for q in d["questions"]}
    assert questions["t-upgrade"]["applies_when"] == {"question": "t-selection", "gte": 2}
    assert questions["t-upgrade"]["allow_not_applicable"] is False
    assert questions["t-data-quality"]["allow_not_applicable"] is True
    assert questions["t-selection"]["applies_when"] is None
