"""CSV exports from survey tools: mapping, levels, encodings, and all-or-nothing errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from workshop_bundle import small_bundle

from assessment.content.survey.columns import ColumnMatch
from assessment.content.survey.parse import (
    SurveyImport,
    SurveyOptions,
    load_survey,
    parse_survey,
    read_survey_responses,
)
from assessment.content.survey.words import normalise
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Respondent, Responses

B = small_bundle()
GOOD = (
    "Role,Name,strategy-vision,Who owns the CRM programme?,"
    "3. How are staff trained on new ways of working,people-adoption,note:strategy-vision\n"
    "executive,Dana,4,5,It is measured (people-training),3,we think so\n"
    "Front-line staff,,1,,Don't know,2,\n"
    'manager,"Lee, Sam",It is written down (strategy-vision),2,unknown,1,\n'
    ",,,,,,\n"
    'IT,Ida,2,3,2,2,"two\nlines"\n'
)


def parse_csv(
    raw: bytes, bundle: object, source: str, *, ignore: tuple[str, ...] = ()
) -> SurveyImport:
    return parse_survey(raw, B, source, SurveyOptions(ignore=ignore))


def problems(raw: bytes | str, **kw: object) -> list[str]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(ContentError) as info:
        parse_csv(data, B, "survey.csv", **kw)  # type: ignore[arg-type]
    return info.value.lines()


def test_well_formed_csv_maps_columns_and_reads_every_respondent() -> None:
    got = parse_csv(GOOD.encode(), B, "survey.csv")
    assert [(c.kind, c.question_id, c.how) for c in got.columns] == [
        ("role", None, "role column"),
        ("name", None, "name column"),
        ("question", "strategy-vision", "by question id"),
        ("question", "strategy-owner", "by question text"),
        ("question", "people-training", "by question text"),
        ("question", "people-adoption", "by question id"),
        ("note", "strategy-vision", "note on a question"),
    ]
    assert got.lines == [2, 3, 4, 6]
    assert got.responses[0] == Responses(
        questionnaire="mini",
        respondent=Respondent(name="Dana", role="executive"),
        answers={
            "strategy-vision": 4,
            "strategy-owner": 5,
            "people-training": 4,
            "people-adoption": 3,
        },
        notes={"strategy-vision": "we think so"},
        source="survey.csv:2",
    )
    assert got.responses[1].respondent == Respondent(role="frontline")
    assert got.responses[1].answers == {
        "strategy-vision": 1,
        "people-training": "unknown",
        "people-adoption": 2,
    }
    assert got.responses[2].respondent.name == "Lee, Sam"
    assert got.responses[2].answers["strategy-vision"] == 3
    assert got.responses[3].notes == {"strategy-vision": "two\nlines"}
    assert got.role_counts() == {"executive": 1, "manager": 1, "frontline": 1, "it": 1}


def test_bom_and_semicolons_are_fine() -> None:
    raw = "\ufeffrole;strategy-vision\nmanager;3\n".encode()
    got = parse_csv(raw, B, "s.csv")
    assert got.responses[0].answers == {"strategy-vision": 3}


def test_unknown_column_is_refused_with_its_position() -> None:
    raw = "role,strategy-vision,Favourite colour\nit,3,blue\n"
    assert problems(raw) == [
        "survey.csv:1:3: column 'Favourite colour' matches no question id or question text "
        "(hint: rename it to a question id, remove it, or ignore it with --ignore-column)"
    ]


def test_unknown_column_can_be_ignored_explicitly() -> None:
    raw = "role,strategy-vision,Favourite colour\nit,3,blue\n"
    got = parse_csv(raw.encode(), B, "s.csv", ignore=("favourite colour",))
    assert got.columns[2] == ColumnMatch(
        3, "Favourite colour", "ignored", None, "ignored on request"
    )
    assert got.responses[0].answers == {"strategy-vision": 3}


def test_bad_level_on_line_seven_rejects_the_whole_file(tmp_path: Path) -> None:
    rows = ["role,strategy-vision,people-training"] + [f"manager,{i % 5 + 1},2" for i in range(5)]
    rows.insert(6, "frontline,maybe,3")
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    responses, found = read_survey_responses(path, B)
    assert responses == []
    assert [str(p) for p in found] == [
        f"{path}:7:2: strategy-vision: 'maybe' is not a level; give 1 to 5, "
        'an option label or "don\'t know"'
    ]


def test_every_problem_is_listed_with_its_line() -> None:
    raw = "role,strategy-vision,people-adoption,strategy-vision\nboss,9,unknown,1\nit,3\n,1,1,1\n"
    level = 'is not a level; give 1 to 5, an option label or "don\'t know"'
    roles = "is not a role; use one of executive, manager, frontline, it, other"
    assert problems(raw) == [
        "survey.csv:1:4: column 'strategy-vision' repeats column 2 (strategy-vision)",
        f"survey.csv:2:2: strategy-vision: '9' {level}",
        'survey.csv:2:3: people-adoption: this question does not accept "don\'t know"; '
        "give a level from 1 to 5",
        f"survey.csv:2:1: role: 'boss' {roles}",
        "survey.csv:3:1: this row has 2 cells but the header has 4 "
        "(hint: check for an unquoted comma)",
        f"survey.csv:4:1: role: '(empty)' {roles}",
    ]


def test_windows_1252_file_gets_a_clear_encoding_error() -> None:
    raw = "role,name,strategy-vision\nmanager,Zoë,3\n".encode("cp1252")
    assert problems(raw) == [
        "survey.csv:2:11: the file is not UTF-8 text (byte 0xEB), perhaps Windows-1252 "
        "(hint: in Excel use Save As > 'CSV UTF-8 (comma delimited)')"
    ]


def test_utf16_file_is_named_as_such() -> None:
    raw = "role,strategy-vision\nit,3\n".encode("utf-16")
    assert problems(raw) == [
        "survey.csv:1:1: the file is UTF-16, not UTF-8 (hint: export or save it as 'CSV UTF-8')"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "survey.csv:1:1: the file is empty"),
        ("role,strategy-vision\n", "survey.csv:2:1: the file has a header but no respondents"),
        (
            "strategy-vision\n3\n",
            "survey.csv:1:1: no 'role' column; every respondent needs a role "
            "(hint: add a column 'role' with executive, manager, frontline, it, other)",
        ),
        (
            "role,,strategy-vision\nit,x,3\n",
            "survey.csv:2:2: a value sits under a column with no header",
        ),
    ],
)
def test_structural_problems(raw: str, message: str) -> None:
    assert problems(raw) == [message]


def test_load_csv_responses_raises_or_returns(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert len(load_survey(good, B)) == 4
    with pytest.raises(ContentError, match="no such file|cannot read"):
        load_survey(tmp_path / "missing.csv", B)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Who owns the CRM   programme? ", "who owns the crm programme"),
        ("Q3. Who owns it?", "who owns it"),
        ("12) Who", "who"),
        ("Don\u2019t know", "don't know"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_loader_reads_csv_next_to_yaml(tmp_path: Path) -> None:
    from assessment.content.responses import load_responses

    (tmp_path / "a.csv").write_text(GOOD, encoding="utf-8")
    got = load_responses([tmp_path / "a.csv"], B)
    assert [r.respondent.role for r in got] == ["executive", "frontline", "manager", "it"]
    (tmp_path / "bad.csv").write_text("role,strategy-vision\nit,9\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_responses([tmp_path], B)
    assert info.value.lines() == [
        f"{tmp_path / 'bad.csv'}:2:2: strategy-vision: '9' is not a level; give 1 to 5, "
        'an option label or "don\'t know"'
    ]


def test_score_command_accepts_a_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from assessment.cli.main import main

    path = tmp_path / "survey.csv"
    path.write_text("role,customer-strategy\nexecutive,5\nfrontline,1\n", encoding="utf-8")
    assert main(["score", "--questionnaire", "crm-readiness", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["role"] for r in out["respondents"]] == ["executive", "frontline"]
