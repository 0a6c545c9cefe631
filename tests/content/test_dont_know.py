"""The readers share the vocabulary: the same "don't know" spellings and role words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workshop_bundle import small_bundle

from assessment.content.responses import read_json_responses, read_yaml_responses
from assessment.content.survey.parse import read_survey_responses
from assessment.content.survey.words import parse_role
from assessment.model.vocabulary import DONT_KNOW_WORDS, ROLE_NAMES, UNKNOWN

B = small_bundle()
SPELLINGS = sorted(
    {
        spelling
        for word in DONT_KNOW_WORDS
        for spelling in (word, word.upper(), word.replace("'", "\u2019"), f"  {word.title()} ")
    }
)
NOT_WORDS = ["dunno", "no idea", "know", "unknow", "don't"]


def yaml_answer(tmp_path: Path, text: str) -> object:
    path = tmp_path / "one.yaml"
    answers = {"strategy-vision": text}
    data = {"questionnaire": "mini", "respondent": {"role": "manager"}, "answers": answers}
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML too
    got, problems = read_yaml_responses(path, B)
    return got[0].answers.get("strategy-vision") if got and not problems else None


def json_answer(tmp_path: Path, text: str) -> object:
    path = tmp_path / "one.json"
    answers = {"strategy-vision": text}
    data = {"questionnaire": "mini", "respondent": {"role": "manager"}, "answers": answers}
    path.write_text(json.dumps(data), encoding="utf-8")
    got, problems = read_json_responses(path, B)
    return got[0].answers.get("strategy-vision") if got and not problems else None


def csv_answer(tmp_path: Path, text: str) -> object:
    path = tmp_path / "survey.csv"
    path.write_text(f'role,strategy-vision\nmanager,"{text}"\n', encoding="utf-8")
    got, problems = read_survey_responses(path, B)
    return got[0].answers.get("strategy-vision") if got and not problems else None


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_is_dont_know_in_every_reader(tmp_path: Path, text: str) -> None:
    assert yaml_answer(tmp_path, text) == UNKNOWN
    assert json_answer(tmp_path, text) == UNKNOWN
    assert csv_answer(tmp_path, text) == UNKNOWN


@pytest.mark.parametrize("text", NOT_WORDS)
def test_other_words_are_refused_by_every_reader(tmp_path: Path, text: str) -> None:
    assert yaml_answer(tmp_path, text) is None
    assert json_answer(tmp_path, text) is None
    assert csv_answer(tmp_path, text) is None


def test_the_csv_reader_knows_every_way_the_product_writes_a_role() -> None:
    for role, name in ROLE_NAMES.items():
        for form in (role, name.label, name.group, name.in_text, name.group.upper()):
            assert parse_role(form) == role, form
