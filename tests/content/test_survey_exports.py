"""Real survey-tool exports (tests/fixtures/survey_exports) give the same results as truth/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.cli.main import main
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.content.survey.parse import SurveyOptions, parse_survey
from assessment.engine.assess import assess
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Responses

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "survey_exports"
B = load_bundle("executive-quick-check")
TRUTH = load_responses([HERE / "truth"], B)
MAPPING = HERE / "mapping.yaml"
ROLE_COUNTS = {"executive": 2, "manager": 2, "frontline": 2, "it": 1}
VALID = {
    "google-forms.csv": "Google Forms",
    "microsoft-forms.xlsx": "Microsoft Forms",
    "surveymonkey.csv": "SurveyMonkey",
    "surveymonkey.xlsx": "SurveyMonkey",
    "qualtrics-labels.csv": "Qualtrics",
    "qualtrics-numeric.csv": "Qualtrics",
    "typeform.csv": "Typeform",
    "limesurvey-full.csv": "LimeSurvey",
    "limesurvey-codes.csv": "LimeSurvey",
    "excel-semicolon.csv": "Google Forms",
    "kobo-xlsform.csv": "KoboToolbox",
}


def options(name: str) -> SurveyOptions:
    return SurveyOptions(mapping=MAPPING if name == "limesurvey-codes.csv" else None)


def summary(responses: list[Responses]) -> tuple[object, ...]:
    r = assess(B, responses)
    return (
        r.overall.score,
        [(d.id, d.score, d.level, d.unknown, d.unanswered) for d in r.dimensions],
        [p.id for p in r.perils],
        r.verdict.model_dump(),
    )


@pytest.mark.parametrize("name", sorted(VALID))
def test_every_export_reads_as_the_truth(name: str) -> None:
    got = parse_survey((HERE / name).read_bytes(), B, name, options(name))
    assert got.tool == VALID[name]
    assert len(got.responses) == 7
    assert got.role_counts() == ROLE_COUNTS
    for mine, truth in zip(got.responses, TRUTH, strict=True):
        assert (mine.respondent, mine.answers) == (truth.respondent, truth.answers)
    assert summary(got.responses) == summary(TRUTH)


@pytest.mark.parametrize("name", sorted(VALID))
def test_score_command_takes_every_export(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--mapping", str(MAPPING)] if name == "limesurvey-codes.csv" else []
    argv = ["score", "--questionnaire", "executive-quick-check", str(HERE / name)]
    assert main([*argv, *extra, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert len(data["respondents"]) == 7
    assert data["overall"]["score"] == assess(B, TRUTH).overall.score
    assert all(": ignored column " in line for line in err.splitlines())


def test_ignored_columns_are_reported_for_surveymonkey() -> None:
    got = parse_survey((HERE / "surveymonkey.csv").read_bytes(), B, "survey.csv")
    assert got.ignored_lines()[:3] == [
        'survey.csv: ignored column 1 "Respondent ID" (SurveyMonkey metadata)',
        'survey.csv: ignored column 2 "Collector ID" (SurveyMonkey metadata)',
        'survey.csv: ignored column 3 "Start Date" (SurveyMonkey metadata)',
    ]
    assert got.ignored_lines()[-1] == (
        'survey.csv: ignored column 27 "Anything else you would like to add?" '
        "(free-text comment, not scored)"
    )
    assert len(got.ignored) == 10


def test_ignored_columns_are_reported_for_qualtrics_and_ms_forms() -> None:
    got = parse_survey((HERE / "qualtrics-labels.csv").read_bytes(), B, "q.csv")
    assert [c.how for c in got.ignored].count("Qualtrics metadata") == 17
    assert got.ignored[0].header == "Start Date"  # the question-text row, not the tag row
    ms = parse_survey((HERE / "microsoft-forms.xlsx").read_bytes(), B, "ms.xlsx")
    assert [c.header for c in ms.ignored] == [
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        "Anything else you would like to add?",
    ]  # fmt: skip


def test_kobo_metadata_is_ignored_and_codes_need_no_mapping() -> None:
    got = parse_survey((HERE / "kobo-xlsform.csv").read_bytes(), B, "k.csv")
    assert {c.header for c in got.ignored} >= {"start", "end", "_uuid", "__version__", "_index"}
    assert got.understood[5] == {
        "3": "level 3", "4": "level 4", "2": "level 2", "1": "level 1", "unknown": "don't know"
    }  # fmt: skip


def test_the_question_code_export_needs_its_mapping() -> None:
    with pytest.raises(ContentError) as info:
        parse_survey((HERE / "limesurvey-codes.csv").read_bytes(), B, "l.csv")
    lines = info.value.lines()
    assert "l.csv:1:8: column 'Q01' matches no question id or question text" in lines[0]
    assert any("l.csv:2:6: role: 'A1' is not a role" in line for line in lines)


BROKEN = {
    "windows-1252.csv": [
        "w.csv:1:1527: the file is not UTF-8 text (byte 0x92), perhaps Windows-1252 "
        "(hint: in Excel use Save As > 'CSV UTF-8 (comma delimited)')"
    ],
    "unmappable-role.csv": [
        "w.csv:8:3: role: 'Intern' is not a role; use one of executive, manager, frontline, it, "
        "other"
    ],
    "headers-only.csv": ["w.csv:2:1: the file has a header but no respondents"],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_exports_are_refused_with_their_place(name: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_survey((HERE / "broken" / name).read_bytes(), B, "w.csv")
    assert info.value.lines() == BROKEN[name]


def test_a_duplicated_question_column_is_refused() -> None:
    with pytest.raises(ContentError) as info:
        parse_survey((HERE / "broken" / "duplicate-question.csv").read_bytes(), B, "d.csv")
    [line] = info.value.lines()
    assert line.startswith("d.csv:1:11: column 'When a customer")
    assert line.endswith("repeats column 10 (service-attitude)")


def test_another_questionnaire_is_named_as_such() -> None:
    with pytest.raises(ContentError) as info:
        parse_survey((HERE / "broken" / "other-questionnaire.csv").read_bytes(), B, "o.csv")
    first = info.value.lines()[0]
    assert first.startswith("o.csv:1:1: no column matches a question of 'executive-quick-check'")
    assert "for a different survey" in first


def test_a_broken_file_among_good_ones_loads_nothing() -> None:
    with pytest.raises(ContentError):
        load_responses([HERE / "google-forms.csv", HERE / "broken" / "unmappable-role.csv"], B)
