"""The pre-survey generator: one plan (order and codes) written in four survey-tool formats."""

from __future__ import annotations

import csv
import io
import re
import shutil

import openpyxl
import pytest
import yaml
from pyxform.xls2xform import convert

from assessment.content.pre_survey.limesurvey import (
    COLUMNS,
    limesurvey_text,
    mapping,
    mapping_yaml,
    question_codes,
)
from assessment.content.pre_survey.plain import cell, plain_bytes
from assessment.content.pre_survey.plan import Plan, survey_plan
from assessment.content.pre_survey.qualtrics import qualtrics_text
from assessment.content.pre_survey.xlsform import choice_lists, field_name, xlsform_bytes
from assessment.content.questionnaires import load_bundle
from assessment.content.skips import skip_sentences
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Questionnaire
from assessment.model.vocabulary import DONT_KNOW_LABEL, NOT_APPLICABLE_LABEL, ROLE_NAMES, ROLES

BUNDLED = ("executive-quick-check", "crm-readiness")


def questionnaire(qid: str) -> Questionnaire:
    return load_bundle(qid).questionnaire


@pytest.fixture(scope="module", params=BUNDLED)
def case(request: pytest.FixtureRequest) -> tuple[Questionnaire, Plan]:
    q = questionnaire(request.param)
    return q, survey_plan(q)


# ------------------------------------------------------------------------- plan


def test_plan_order_and_codes(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    codes = [i.code for i in plan.items]
    assert codes == ["role", "name", *(x.id for x in q.questions())]
    role, name = plan.items[0], plan.items[1]
    assert role.required and [c.code for c in role.choices] == list(ROLES)
    assert [c.label for c in role.choices] == [ROLE_NAMES[r].label for r in ROLES]
    assert [c.number for c in role.choices] == [1, 2, 3, 4, 5]
    assert not name.required and name.choices == ()
    for item, question in zip(plan.questions(), q.questions(), strict=True):
        levels = sorted(question.options, key=lambda o: o.level)
        assert [c.label for c in item.choices[:5]] == [o.label for o in levels]
        assert [c.code for c in item.choices[:5]] == ["1", "2", "3", "4", "5"]
        assert item.help == question.help and not item.required
        if question.allow_unknown:
            assert (item.choices[5].code, item.choices[5].number) == ("unknown", 6)
            assert item.choices[5].label == DONT_KNOW_LABEL
        else:
            assert len(item.choices) == 5


def test_plan_leaves_out_dont_know_where_the_question_does_not_allow_it() -> None:
    q = questionnaire("executive-quick-check")
    first = q.dimensions[0]
    strict = first.questions[0].model_copy(update={"allow_unknown": False})
    dims = [first.model_copy(update={"questions": [strict, *first.questions[1:]]})]
    plan = survey_plan(q.model_copy(update={"dimensions": dims + q.dimensions[1:]}))
    item = plan.questions()[0]
    assert [c.code for c in item.choices] == ["1", "2", "3", "4", "5"]
    assert not item.allows_unknown and plan.questions()[1].allows_unknown
    assert "[[Choice:6]]" not in qualtrics_text(plan).split("[[ID:")[3]


def test_plan_refuses_a_question_id_that_is_its_own_role_or_name() -> None:
    q = questionnaire("executive-quick-check")
    first = q.dimensions[0]
    renamed = first.questions[0].model_copy(update={"id": "role"})
    dims = [first.model_copy(update={"questions": [renamed, *first.questions[1:]]})]
    with pytest.raises(ContentError, match="pre-survey's own role question"):
        survey_plan(q.model_copy(update={"dimensions": dims + q.dimensions[1:]}))


# ---------------------------------------------------------------------- xlsform


def test_xlsform_converts_with_pyxform_without_warnings(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    warnings: list[str] = []
    xform = convert(xlsform=xlsform_bytes(plan), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    assert f'id="{q.id}"' in xform and f'version="{q.version}"' in xform
    for x in q.questions():
        assert f"<{x.id}/>" in xform
    assert "<role/>" in xform and "<name/>" in xform
    assert 'nodeset="/data/role"' in xform and 'required="true()"' in xform
    assert "<name>unknown</name>" in xform


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
def test_xlsform_passes_odk_validate(case: tuple[Questionnaire, Plan]) -> None:
    """pyxform's bundled ODK Validate (the check ODK Central and Kobo run) accepts the form."""
    _, plan = case
    warnings: list[str] = []
    convert(xlsform=xlsform_bytes(plan), warnings=warnings, file_type=".xlsx", validate=True)
    assert warnings == []


def test_xlsform_sheets(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    wb = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(plan)))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    survey = [list(r) for r in wb["survey"].iter_rows(values_only=True)]
    assert survey[0] == ["type", "name", "label", "hint", "required", "relevant"]
    assert survey[1][:3] == ["select_one role", "role", "What is your role?"]
    assert survey[1][4] == "yes"
    assert survey[2][:2] == ["text", "name"]
    lists = choice_lists(plan)
    for row, x in zip(survey[3:], q.questions(), strict=True):
        assert row[:4] == [f"select_one {lists[x.id]}", x.id, x.text, " ".join(x.help.split())]
    choices = [list(r) for r in wb["choices"].iter_rows(values_only=True)]
    assert choices[0] == ["list_name", "name", "label"]
    assert choices[1:6] == [["role", r, ROLE_NAMES[r].label] for r in ROLES]
    names = {row[0] for row in choices[1:]}
    assert names == set(lists.values())
    assert all(re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", n) for n in names)
    settings = list(wb["settings"].iter_rows(values_only=True))
    assert settings == [("form_title", "form_id", "version"), (q.title, q.id, q.version)]


def test_xlsform_shares_a_choice_list_between_questions_with_the_same_options() -> None:
    q = questionnaire("executive-quick-check")
    first = q.dimensions[0]
    twin = first.questions[1].model_copy(
        update={"id": "twin", "options": first.questions[0].options}
    )
    dims = [first.model_copy(update={"questions": [*first.questions, twin]})]
    plan = survey_plan(q.model_copy(update={"dimensions": dims + q.dimensions[1:]}))
    assert choice_lists(plan)["twin"] == first.questions[0].id
    assert convert(xlsform=xlsform_bytes(plan), warnings=[], file_type=".xlsx").xform


def test_xlsform_names_are_xml_names() -> None:
    assert field_name("customer-view") == "customer-view"
    assert field_name("3-year-plan") == "q_3-year-plan"


# -------------------------------------------------------------------- qualtrics


def parse_qualtrics(text: str) -> list[dict[str, object]]:
    """A tiny reader of the Advanced Format: questions with id, type, text and choices."""
    lines = text.split("\n")
    assert lines[0] == "[[AdvancedFormat]]"
    out: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    expect = ""
    for line in lines[1:]:
        tag = re.fullmatch(r"\[\[([A-Za-z]+)(?::(.*))?\]\]", line)
        if tag and tag[1] == "Question":
            current = {"type": tag[2], "text": "", "choices": {}}
            out.append(current)
            expect = "text"
        elif tag and tag[1] == "ID":
            assert current is not None
            current["id"] = tag[2]
        elif tag and tag[1] == "Choice":
            assert current is not None
            expect = f"choice:{tag[2]}"
        elif tag:
            assert tag[1] in ("Block", "AdvancedChoices"), line
        elif line and current is not None and expect == "text":
            current["text"] = line
            expect = ""
        elif line and current is not None and expect.startswith("choice:"):
            choices = current["choices"]
            assert isinstance(choices, dict)
            choices[int(expect[7:])] = line
            expect = ""
        else:
            assert not line, line
    return out


def test_qualtrics_txt_parses_back_into_every_question(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    parsed = parse_qualtrics(qualtrics_text(plan))
    assert [p["id"] for p in parsed] == ["role", "name", *(x.id for x in q.questions())]
    assert parsed[0]["type"] == "MC:SingleAnswer:Vertical"
    assert parsed[0]["choices"] == {n: ROLE_NAMES[r].label for n, r in enumerate(ROLES, 1)}
    assert parsed[1]["type"] == "TE:SingleLine" and parsed[1]["choices"] == {}
    skips = skip_sentences(q)
    for p, x in zip(parsed[2:], q.questions(), strict=True):
        text = f"{x.text} {skips[x.id]}" if x.id in skips else x.text
        assert p["type"] == "MC:SingleAnswer:Vertical" and p["text"] == text
        expected = {o.level: o.label for o in x.options} | {6: DONT_KNOW_LABEL}
        if x.allow_not_applicable:
            expected[7] = NOT_APPLICABLE_LABEL
        assert p["choices"] == expected
    blocks = re.findall(r"^\[\[Block:(.*)\]\]$", qualtrics_text(plan), re.M)
    assert blocks == ["About you", *(d.name for d in q.dimensions)]


# ------------------------------------------------------------------- limesurvey


def test_limesurvey_txt_rows_and_columns(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    rows = list(csv.reader(io.StringIO(limesurvey_text(plan)), delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in rows)
    records = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [r["class"] for r in records[:3]] == ["S", "S", "SL"]
    assert {"S", "SL", "G", "Q", "A"} == {r["class"] for r in records}
    groups = [r["name"] for r in records if r["class"] == "G"]
    assert groups == ["About you", *(d.name for d in q.dimensions)]
    qs = [r for r in records if r["class"] == "Q"]
    codes = question_codes(plan)
    assert [r["name"] for r in qs] == [codes[i.code] for i in plan.items]
    assert [r["name"] for r in qs[:3]] == ["role", "name", "Q01"]
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", r["name"]) for r in qs)
    assert [r["type/scale"] for r in qs[:3]] == ["L", "S", "L"]
    assert [r["mandatory"] for r in qs[:3]] == ["Y", "N", "N"]
    assert qs[2]["help"] and all(r["language"] == "en" for r in qs)
    # Each list question is followed by its answers A1..A5 (A6 = don't know).
    by_question: dict[str, list[dict[str, str]]] = {}
    current = ""
    for r in records:
        if r["class"] == "Q":
            current = r["name"]
            by_question[current] = []
        elif r["class"] == "A":
            by_question[current].append(r)
    assert [a["name"] for a in by_question["role"]] == ["A1", "A2", "A3", "A4", "A5"]
    assert by_question["name"] == []
    first = q.questions()[0]
    answers = by_question["Q01"]
    assert [a["name"] for a in answers] == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert answers[5]["text"] == DONT_KNOW_LABEL
    assert answers[0]["text"] == first.options[0].label.replace("&", "&amp;")


def test_limesurvey_mapping_maps_every_code(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    loaded = yaml.safe_load(mapping_yaml(plan))
    assert loaded == mapping(plan)
    assert loaded["questionnaire"] == q.id
    assert (loaded["role_column"], loaded["name_column"]) == ("role", "name")
    assert sorted(loaded["columns"].values()) == sorted(x.id for x in q.questions())
    assert list(loaded["columns"]) == [f"Q{n:02d}" for n in range(1, len(q.questions()) + 1)]
    levels = {"A1": 1, "A2": 2, "A3": 3, "A4": 4, "A5": 5, "A6": "unknown"}
    if any(x.allow_not_applicable for x in q.questions()):
        levels["A7"] = "n/a"
    assert loaded["answers"] == levels
    assert loaded["roles"] == {f"A{n}": r for n, r in enumerate(ROLES, 1)}


def test_limesurvey_text_is_escaped_html_on_one_line() -> None:
    plan = survey_plan(questionnaire("executive-quick-check"))
    item = plan.questions()[0]
    odd = item.__class__(**{**item.__dict__, "text": 'A <b> & "c"\nnext', "help": "x\ty"})
    plan = plan.__class__(**{**plan.__dict__, "items": (*plan.items[:2], odd)})
    rows = list(csv.reader(io.StringIO(limesurvey_text(plan)), delimiter="\t"))
    q01 = next(r for r in rows if r[4] == "Q01")
    assert q01[6] == 'A &lt;b&gt; &amp; "c"<br />next' and q01[7] == "x\ty"


# ------------------------------------------------------------------------- csv


def test_csv_lists_every_question(case: tuple[Questionnaire, Plan]) -> None:
    q, plan = case
    data = plain_bytes(plan)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    options = [f"option {n}" for n in range(1, 6)]
    assert rows[0][:9] == ["code", "question", *options, "don't know", "help"]
    assert rows[1][:7] == ["role", "What is your role?", *(ROLE_NAMES[r].label for r in ROLES)]
    assert rows[2][:3] == ["name", "Your name", ""]
    assert [r[0] for r in rows[3:]] == [x.id for x in q.questions()]
    for row, x in zip(rows[3:], q.questions(), strict=True):
        assert row[1] == x.text and row[2:7] == [o.label for o in x.options]
        assert row[7] == DONT_KNOW_LABEL and row[8] == " ".join(x.help.split())


def test_csv_cells_are_never_formulas() -> None:
    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("-1") == "'-1" and cell("plain") == "plain"
