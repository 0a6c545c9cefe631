"""Survey exports as files: xlsx cells located as FILE:SHEET!CELL, separators, mapping files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from assessment.content.questionnaires import load_bundle
from assessment.content.survey.codes import load_mapping
from assessment.content.survey.parse import SurveyOptions, header_of, parse_survey
from assessment.content.survey.read import cell_text, sniff_separator
from assessment.model.errors import ContentError

B = load_bundle("executive-quick-check")


def xlsx(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS: list[list[object]] = [
    ["When", "Role", "Your name", "customer-strategy", "customer-insight"],
    [dt.datetime(2026, 11, 24, 9, 0), "Executive", "Ann", 3, 4],
    [dt.datetime(2026, 11, 24, 9, 5), "Manager", 7, 2.0, "unknown"],
]


def test_xlsx_cells_become_text() -> None:
    got = parse_survey(xlsx(ROWS), B, "s.xlsx", SurveyOptions(ignore=("when",)))
    assert got.tool == "plain table"
    assert [r.answers for r in got.responses] == [
        {"customer-strategy": 3, "customer-insight": 4},
        {"customer-strategy": 2, "customer-insight": "unknown"},
    ]
    assert got.responses[1].respondent.name == "7"
    assert got.responses[0].source == "s.xlsx:Sheet1!2"
    assert cell_text(dt.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05"
    assert cell_text(12.5) == "12.5"


def test_xlsx_problems_are_located_by_sheet_and_cell() -> None:
    rows = [*ROWS, [None, "Boss", "Bo", "maybe", 9]]
    with pytest.raises(ContentError) as info:
        parse_survey(xlsx(rows, "Answers"), B, "survey.xlsx", SurveyOptions(ignore=("when",)))
    assert info.value.lines() == [
        "survey.xlsx:Answers!D4: customer-strategy: 'maybe' is not a level; give 1 to 5, "
        'an option label or "don\'t know"',
        "survey.xlsx:Answers!E4: customer-insight: '9' is not a level; give 1 to 5, "
        'an option label or "don\'t know"',
        "survey.xlsx:Answers!B4: role: 'Boss' is not a role; use one of executive, manager, "
        "frontline, it, other",
    ]


def test_xlsx_unknown_header_and_sheet_choice() -> None:
    with pytest.raises(ContentError) as info:
        parse_survey(xlsx(ROWS), B, "s.xlsx")
    assert info.value.lines()[0].startswith("s.xlsx:Sheet1!A1: column 'When' matches no question")
    assert "--ignore-column" in info.value.lines()[0]
    with pytest.raises(ContentError, match="no sheet 'Data'; the workbook has Sheet1"):
        parse_survey(xlsx(ROWS), B, "s.xlsx", SurveyOptions(sheet="Data"))
    assert header_of(xlsx(ROWS))[:2] == ["When", "Role"]


def test_not_a_workbook_is_refused() -> None:
    with pytest.raises(ContentError, match="not an Excel workbook"):
        parse_survey(b"role,customer-strategy\nit,3\n", B, "s.xlsx")


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("a;b,c;d\r\n1;2;3\r\n", ";"),
        ('"x, y";z\n1;2\n', ";"),
        ("a\tb, c\tc\n1\t2\t3\n", "\t"),
        ('role,"q; one",x\nit,1,2\n', ","),
        ("one\n1\n", ","),
    ],
)
def test_separator_is_sniffed_from_the_rows(text: str, sep: str) -> None:
    assert sniff_separator(text) == sep


def test_tab_separated_with_role_words() -> None:
    raw = "Which best describes your role?\tcustomer-strategy\nC-level\t3\nIT / technology\t2\n"
    got = parse_survey(raw.encode(), B, "t.tsv")
    assert [r.respondent.role for r in got.responses] == ["executive", "it"]


def test_mapping_problems_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text(
        "questionnaire: other\ncolums: {}\ncolumns:\n  Q1: customer-stratgy\n"
        "answers:\n  A1: 7\nroles:\n  A1: boss\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_mapping(bad, B)
    lines = info.value.lines()
    assert any("this mapping is for 'other', not 'executive-quick-check'" in x for x in lines)
    assert any(x.startswith(f"{bad}:2:1: colums: unknown key 'colums'") for x in lines)
    assert any(f"{bad}:4:7: columns.Q1: 'customer-stratgy' is not allowed here" in x for x in lines)
    assert any("did you mean" in x and "customer-strategy" in x for x in lines)
    assert any(f"{bad}:6:7: answers.A1: '7' is not allowed here" in x for x in lines)
    assert any(f"{bad}:8:7: roles.A1: 'boss' is not allowed here" in x for x in lines)


def test_unmapped_codes_are_reported(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "role_column: r\ncolumns: {Q1: customer-strategy}\nanswers: {A1: 1}\nroles: {A1: it}\n",
        encoding="utf-8",
    )
    raw = b"r,Q1,Q2\nA1,A1,\nA2,A9,\n"
    with pytest.raises(ContentError) as info:
        parse_survey(raw, B, "c.csv", SurveyOptions(mapping=mapping))
    assert info.value.lines() == [
        f"c.csv:1:3: column 'Q2' is not in {mapping} nor a question (hint: add it under "
        "'columns' or 'free_text_columns' there, or --ignore-column)",
        f"c.csv:3:2: customer-strategy: 'A9' is not a level nor a code under 'answers' "
        f"in {mapping}",
        "c.csv:3:1: role: 'A2' is not a role; use one of executive, manager, frontline, it, other",
    ]


def test_ms_forms_signed_in_name_is_used_when_filled() -> None:
    rows: list[list[object]] = [
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
         "What is your role?", "customer-strategy"],
        [1, dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1), "a@x.org", "Ann Lee", None,
         "Senior leadership", 3],
    ]  # fmt: skip
    got = parse_survey(xlsx(rows), B, "ms.xlsx")
    assert got.tool == "Microsoft Forms"
    assert got.responses[0].respondent.name == "Ann Lee"
    assert got.responses[0].respondent.role == "executive"
    assert "Name" not in [c.header for c in got.ignored]
