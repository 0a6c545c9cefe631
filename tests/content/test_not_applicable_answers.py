"""Not-applicable answers in response files and survey exports: accepted only where allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.engine.screened import screened

from assessment.content.responses import read_yaml_responses
from assessment.content.survey.codes import decode_level
from assessment.content.survey.parse import read_survey_responses
from assessment.model.vocabulary import NOT_APPLICABLE

SPELLINGS = ["n/a", "N/A", "na", "NA", "not applicable", "Does not apply", "Not applicable here"]


def yaml_file(tmp_path: Path, answers: dict[str, object]) -> Path:
    path = tmp_path / "one.yaml"
    data = {"questionnaire": "engine", "respondent": {"role": "manager"}, "answers": answers}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_is_not_applicable_where_allowed(tmp_path: Path, text: str) -> None:
    got, problems = read_yaml_responses(yaml_file(tmp_path, {"t-data-quality": text}), screened())
    assert problems == []
    assert got[0].answers == {"t-data-quality": NOT_APPLICABLE}
    csv_path = tmp_path / "survey.csv"
    csv_path.write_text(f'role,t-data-quality\nmanager,"{text}"\n', encoding="utf-8")
    got, problems = read_survey_responses(csv_path, screened())
    assert problems == []
    assert got[0].answers == {"t-data-quality": NOT_APPLICABLE}


def test_not_applicable_is_refused_where_not_allowed(tmp_path: Path) -> None:
    path = yaml_file(tmp_path, {"t-selection": "n/a", "t-data-quality": "unknown"})
    got, problems = read_yaml_responses(path, screened())
    assert [f"{p.key_path}: {p.message}" for p in problems] == [
        "answers.t-selection: this question does not accept 'not applicable'; give a level "
        "from 1 to 5 or 'unknown'"
    ]


def test_a_survey_cell_of_n_a_is_refused_where_not_allowed(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("role,t-selection,t-upgrade\nmanager,n/a,\n", encoding="utf-8")
    got, problems = read_survey_responses(path, screened())
    assert [p.message for p in problems] == [
        'this question does not accept "not applicable"; give a level from 1 to 5'
    ]


def test_a_blank_cell_for_a_question_that_does_not_apply_is_unanswered(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("role,t-selection,t-upgrade\nmanager,1,\n", encoding="utf-8")
    got, problems = read_survey_responses(path, screened())
    assert problems == []
    assert got[0].answers == {"t-selection": 1}


def test_numeric_exports_code_not_applicable_as_7() -> None:
    q = screened().questionnaire.question("t-data-quality")  # allows both
    assert decode_level("7", q, numeric=True, mapping=None) == ("n/a", None)
    assert decode_level("6", q, numeric=True, mapping=None) == ("unknown", None)
    assert decode_level("7", q, numeric=False, mapping=None)[0] is None
    other = screened().questionnaire.question("t-selection")  # no n/a
    assert decode_level("7", other, numeric=True, mapping=None)[0] is None
