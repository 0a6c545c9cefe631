"""Responses files (YAML, JSON, folders): what loads, and the exact errors for what does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.content import responses as loader_responses
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Bundle, Responses

HERE = Path(__file__).resolve().parents[1]
RESPONSES = HERE / "fixtures" / "responses"
BROKEN = RESPONSES / "broken"


@pytest.fixture(scope="module")
def mini() -> Bundle:
    """The mini questionnaire."""
    return load_bundle(HERE / "fixtures" / "mini" / "mini.yaml")


def test_yaml_responses_load_and_normalise(mini: Bundle) -> None:
    [dana] = load_responses([RESPONSES / "dana.yaml"], mini)
    assert dana.respondent.name == "Dana Lee"
    assert dana.respondent.role == "executive"
    assert dana.organisation == "Acme Ltd"
    # "3" (quoted) is a level; "don't know" means unknown; an empty answer is unanswered.
    assert dana.answers == {
        "st-goals": 4,
        "st-sponsor": 5,
        "cf-complaints": "unknown",
        "cf-contact": 2,
        "pr-mapped": 3,
        "pr-measures": "unknown",
        "te-single-view": 1,
    }
    assert dana.notes == {
        "st-goals": "Only the sales team has written goals.",
        "te-single-view": "2024",
    }
    assert dana.source == str(RESPONSES / "dana.yaml")


def test_json_responses_with_tabs_and_escapes(mini: Bundle) -> None:
    [lee] = load_responses([RESPONSES / "lee.json"], mini)
    assert (lee.respondent.name, lee.respondent.role) == ("Sam Lee", "frontline")
    assert lee.answers == {"st-goals": 2, "cf-contact": 1, "te-single-view": "unknown"}
    assert lee.notes == {"cf-contact": 'We call "everyone" weekly/monthly.'}


def test_a_folder_loads_its_responses_files_in_name_order(mini: Bundle) -> None:
    loaded = load_responses([RESPONSES / "workshop"], mini)
    assert [Path(r.source or "").name for r in loaded] == [
        "a-frontline.yaml",
        "b-manager.yaml",
        "c-it.json",
    ]
    assert [r.respondent.role for r in loaded] == ["frontline", "manager", "it"]


# The exact lines for each kind of broken responses file (after the file name).
BROKEN_OUTPUT: dict[str, list[str]] = {
    "other-questionnaire.yaml": [
        ":2:16: questionnaire: these answers are for 'crm-readiness', not 'mini'"
    ],
    "unknown-question.yaml": [
        ":4:3: answers.st-gaols: unknown question 'st-gaols' (hint: did you mean 'st-goals'?)"
    ],
    "level-out-of-range.yaml": [
        ":3:13: answers.st-goals: level 7 is out of range; give a level from 1 to 5 or 'unknown'",
        ":4:15: answers.st-sponsor: level 0 is out of range; give a level from 1 to 5 or 'unknown'",
    ],
    "not-a-level.yaml": [
        ":3:13: answers.st-goals: expected a level from 1 to 5 or 'unknown', got 'dunno'",
        ":4:15: answers.st-sponsor: expected a level from 1 to 5 or 'unknown', got 3.5",
        ":5:14: answers.pr-mapped: expected a level from 1 to 5 or 'unknown', got true",
        ":6:16: answers.pe-training: expected a level from 1 to 5 or 'unknown', got a list",
    ],
    "unknown-not-allowed.yaml": [
        ":3:15: answers.cf-contact: this question needs an answer; give a level from 1 to 5"
    ],
    "note-unknown-question.yaml": [
        ":5:3: notes.st-goal: note for an unknown question 'st-goal' "
        "(hint: did you mean 'st-goals'?)"
    ],
    "bad-role.yaml": [
        ":4:9: respondent.role: must be one of executive, manager, frontline, it, other "
        "(got 'exec') (hint: did you mean 'executive'?)"
    ],
    "typo-key.yaml": [":2:1: answer: unknown key 'answer' (hint: did you mean 'answers'?)"],
    "answers-list.yaml": [
        ":3:3: answers: expected a mapping (key: value lines), got a list",
    ],
    "syntax.yaml": [
        ":4:2: YAML syntax error: this line is not indented like the lines around it "
        "(hint: check the indentation of this line and the one above)"
    ],
    "syntax.json": [
        ":3:29: JSON syntax error: Expecting property name enclosed in double quotes "
        "(hint: JSON allows no comma before } or ])"
    ],
    "list.yaml": [":1:1: the file must be a mapping with 'questionnaire' and 'answers'"],
    "duplicate.json": [
        ":1:54: answers.st-goals: duplicate key 'st-goals' (first defined on line 1)"
    ],
}


def test_every_broken_responses_fixture_has_expected_output() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(BROKEN_OUTPUT)


@pytest.mark.parametrize("name", sorted(BROKEN_OUTPUT))
def test_broken_responses(name: str, mini: Bundle) -> None:
    with pytest.raises(ContentError) as exc:
        load_responses([BROKEN / name], mini)
    assert exc.value.lines() == [f"{BROKEN / name}{line}" for line in BROKEN_OUTPUT[name]]


def test_all_problems_of_all_files_come_together(mini: Bundle) -> None:
    names = ["bad-role.yaml", "typo-key.yaml", "level-out-of-range.yaml"]
    with pytest.raises(ContentError) as exc:
        load_responses([RESPONSES / "dana.yaml", *(BROKEN / n for n in names)], mini)
    assert exc.value.lines() == [f"{BROKEN / n}{line}" for n in names for line in BROKEN_OUTPUT[n]]


def test_path_problems(tmp_path: Path, mini: Bundle) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "answers.txt").write_text("questionnaire: mini\n")
    (tmp_path / "blank.yaml").write_text("")
    with pytest.raises(ContentError) as exc:
        load_responses(
            [
                tmp_path / "missing.yaml",
                tmp_path / "empty",
                tmp_path / "answers.txt",
                tmp_path / "blank.yaml",
            ],
            mini,
        )
    assert exc.value.lines() == [
        f"{tmp_path / 'missing.yaml'}: no such file or folder",
        f"{tmp_path / 'empty'}: no responses files (.csv, .json, .xlsx, .yaml, .yml) here",
        f"{tmp_path / 'answers.txt'}: cannot read '.txt' files; "
        "use .csv, .json, .xlsx, .yaml, .yml",
        f"{tmp_path / 'blank.yaml'}:1:1: the file is empty",
    ]


def test_no_paths_means_no_responses(mini: Bundle) -> None:
    assert load_responses([], mini) == []


def test_source_cannot_be_set_by_the_file(tmp_path: Path, mini: Bundle) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("questionnaire: mini\nsource: elsewhere.yaml\nanswers: {st-goals: 2}\n")
    with pytest.raises(ContentError) as exc:
        load_responses([f], mini)
    assert exc.value.lines() == [
        f"{f}:2:1: source: unknown key 'source' "
        "(hint: allowed keys: questionnaire, respondent, organisation, answers, notes)"
    ]


def test_yaml_traps_in_responses(tmp_path: Path, mini: Bundle) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(
        "questionnaire: mini\nrespondent: {name: Norway, role: it}\norganisation: NO\n"
        "answers: {st-goals: 2}\nnotes: {st-goals: yes}\n"
    )
    [r] = load_responses([f], mini)
    assert (r.organisation, r.notes) == ("NO", {"st-goals": "yes"})


def test_readers_dispatch_on_suffix(
    tmp_path: Path, mini: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def read_csv(path: Path, bundle: Bundle) -> tuple[list[Responses], list[Problem]]:
        calls.append(path)
        return [Responses(questionnaire=bundle.questionnaire.id, answers={"st-goals": 3})], []

    monkeypatch.setitem(loader_responses.RESPONSE_READERS, ".csv", read_csv)
    (tmp_path / "survey.csv").write_text("st-goals\n3\n")
    (tmp_path / "one.yaml").write_text("questionnaire: mini\nanswers: {st-goals: 1}\n")
    loaded = load_responses([tmp_path], mini)
    assert calls == [tmp_path / "survey.csv"]
    assert [r.answers for r in loaded] == [{"st-goals": 1}, {"st-goals": 3}]
