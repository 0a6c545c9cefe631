"""The content commands: validate (with 40+ broken variants), show, template and schema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.cli import content
from assessment.cli import main as cli
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.content.schema import SCHEMA_PATH
from assessment.model.errors import Problem

HERE = Path(__file__).resolve().parents[1]
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini" / "mini.yaml"
BROKEN = HERE / "fixtures" / "broken"

# Every broken variant and the exact lines `validate` prints for it (after "FILE").
BROKEN_OUTPUT: dict[str, list[str]] = {
    "anchor-alias": [
        ":8:11: dimensions[strategy].name: anchor '&n' is not allowed (hint: anchors and "
        "aliases are not supported; write the content out in full)",
        ":34:11: dimensions[process].name: alias '*n' is not allowed (hint: anchors and "
        "aliases are not supported; write the content out in full)",
    ],
    "bad-question-id": [
        ":10:13: dimensions[strategy].questions[0].id: 'St Goals' is not a valid id: use "
        "lowercase letters, digits and hyphens",
        ":76:22: rules[0].when.any[0].question: unknown question 'st-goals'",
    ],
    "catalogue-bad-severity": [
        ":8:15: perils[silos].severity: must be one of critical, high, medium (got 'severe')",
        ":9:15: perils[silos].blocking: expected true or false, got 'maybe'",
    ],
    "catalogue-duplicate-peril": [
        ":20:9: perils[silos].id: duplicate peril id 'silos' (first defined on line 4)",
    ],
    "comments-only": [
        ":1:1: the file is empty",
    ],
    "condition-level-too-high": [
        ":79:43: rules[1].when.lte: must be at most 5 (got 9)",
    ],
    "control-character": [
        ":4:14: character U+0007 is not allowed in a YAML file (hint: remove it or save "
        "the file as plain UTF-8 text)",
    ],
    "custom-tag": [
        ":12:15: dimensions[strategy].questions[st-goals].help: tag '!include' is not "
        "allowed (hint: remove the tag; content files hold plain text, numbers, lists and"
        " mappings)",
    ],
    "dimensions-not-a-list": [
        ":6:3: dimensions: expected a list (lines starting with '- '), got a mapping",
    ],
    "duplicate-dimension": [
        ":6:1: dimensions: missing dimension 'process': each of strategy, customer-focus,"
        " process, people, technology must appear once",
        ":33:9: dimensions[strategy].id: duplicate dimension 'strategy' (first defined on line 7)",
    ],
    "duplicate-key": [
        ":14:9: dimensions[strategy].questions[st-goals].weight: duplicate key 'weight' "
        "(first defined on line 13)",
    ],
    "duplicate-level": [
        ":18:21: dimensions[strategy].questions[st-goals].options[3].level: duplicate "
        "option level 3 (first defined on line 17)",
    ],
    "duplicate-question-id": [
        ":49:13: dimensions[people].questions[st-goals].id: duplicate question id "
        "'st-goals' (first defined on line 10)",
    ],
    "empty-text": [
        ":11:14: dimensions[strategy].questions[st-goals].text: is empty; a value is needed here",
    ],
    "empty": [
        ":1:1: the file is empty",
    ],
    "four-options": [
        ":15:11: dimensions[strategy].questions[st-goals].options: needs at least 5 "
        "item(s), found 4",
    ],
    "level-out-of-range": [
        ":19:21: dimensions[strategy].questions[st-goals].options[4].level: must be at "
        "most 5 (got 6)",
    ],
    "missing-catalogue": [
        ":5:14: perils_file: the peril catalogue 'nowhere.yaml' does not exist next to this file",
    ],
    "missing-dimension": [
        ":6:1: dimensions: missing dimension 'people': each of strategy, customer-focus, "
        "process, people, technology must appear once",
    ],
    "missing-help": [
        ":10:9: dimensions[strategy].questions[st-goals]: missing required key 'help'",
    ],
    "missing-version": [
        ":2:1: missing required key 'version'",
    ],
    "not-utf8": [
        ":4:11: the file is not UTF-8 text (byte 0xE9); save it as UTF-8",
    ],
    "python-tag": [
        ":4:8: title: tag '!!python/object/apply:os.system' is not allowed (hint: remove "
        "the tag; content files hold plain text, numbers, lists and mappings)",
    ],
    "several-problems": [
        ":13:17: dimensions[strategy].questions[st-goals].weight: must be greater than 0 (got 0)",
        ":25:9: dimensions[customer-focus].questions[cf-complaints].colour: unknown key "
        "'colour' (hint: allowed keys: id, text, help, weight, roles, options, "
        "allow_unknown, allow_not_applicable, applies_when, informational)",
        ":79:12: rules[1].peril: unknown peril 'silo': it is not in the catalogue "
        "perils.yaml (hint: did you mean 'silos'?)",
    ],
    "share-of-dimension": [
        ":79:11: rules[1].when: 'share' takes a question condition",
    ],
    "syntax-colon-in-text": [
        ":11:20: YAML syntax error: unexpected ':' after a value (hint: put text that "
        "contains ': ' in quotes)",
    ],
    "syntax-indentation": [
        ":8:4: YAML syntax error: this line is not indented like the lines around it "
        "(hint: check the indentation of this line and the one above)",
    ],
    "syntax-tab": [
        ":13:1: YAML syntax error: a tab is used for indentation (hint: indent with "
        "spaces, not tabs)",
    ],
    "syntax-unclosed-quote": [
        ":3:10: YAML syntax error: the quote that starts here is never closed (hint: add "
        "the closing quote)",
    ],
    "too-deep": [
        ":2:71: the file is nested too deeply",
    ],
    "top-level-list": [
        ":1:1: the file holds a list; it must be a mapping of keys (like 'id: ...')",
    ],
    "top-level-scalar": [
        ":1:1: the file holds a single value; it must be a mapping of keys (like 'id: ...')",
    ],
    "two-documents": [
        ":80:1: a file holds one YAML document; a second one starts here (hint: remove "
        "the '---' line and what follows it)",
    ],
    "two-kinds-in-condition": [
        ":77:11: rules[0].when.any[1]: a condition needs exactly one of all, any, not, "
        "question, dimension, share, role_gap (found question, dimension)",
    ],
    "typo-key": [
        ":13:9: dimensions[strategy].questions[st-goals].wieght: unknown key 'wieght' "
        "(hint: did you mean 'weight'?)",
    ],
    "unknown-dimension-id": [
        ":7:9: dimensions[strategi].id: must be one of strategy, customer-focus, process,"
        " people, technology (got 'strategi') (hint: did you mean 'strategy'?)",
    ],
    "unknown-peril": [
        ":78:12: rules[1].peril: unknown peril 'silo': it is not in the catalogue "
        "perils.yaml (hint: did you mean 'silos'?)",
    ],
    "unknown-question-in-rule": [
        ":76:22: rules[0].when.any[0].question: unknown question 'st-gaols' (hint: did "
        "you mean 'st-goals'?)",
    ],
    "unknown-role": [
        ":14:28: dimensions[strategy].questions[st-goals].roles[1]: must be one of "
        "executive, manager, frontline, it, other (got 'ceo')",
    ],
    "unknown-top-key": [
        ":4:1: titel: unknown key 'titel' (hint: did you mean 'title'?)",
    ],
    "utf16": [
        ":1:1: the file is UTF-16, not UTF-8; save it as UTF-8",
    ],
    "weight-not-number": [
        ":13:17: dimensions[strategy].questions[st-goals].weight: expected a number, got 'heavy'",
    ],
    "weight-too-big": [
        ":13:17: dimensions[strategy].questions[st-goals].weight: must be at most 10 (got 11)",
    ],
}
# These run in a real subprocess; the rest through cli.main in-process.
SUBPROCESS = {"python-tag", "syntax-tab", "not-utf8", "too-deep", "anchor-alias", "typo-key"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; exit code, stdout and stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_broken_fixture_has_expected_output() -> None:
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(BROKEN_OUTPUT)
    assert len(BROKEN_OUTPUT) >= 30


@pytest.mark.parametrize("name", sorted(BROKEN_OUTPUT))
def test_validate_broken_variant(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / f"{name}.yaml"
    if name in SUBPROCESS:
        result = run("validate", str(path))
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        code, out, err = call(capsys, "validate", str(path))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.splitlines() == [f"{path}{line}" for line in BROKEN_OUTPUT[name]]


def test_python_tag_in_a_subprocess_creates_no_file(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        (BROKEN / "python-tag.yaml")
        .read_text()
        .replace("../mini/", str(BROKEN.parent / "mini") + "/")
    )
    result = run("validate", "evil.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "MARKER").exists()
    assert "tag '!!python/object/apply:os.system' is not allowed" in result.stderr


def test_validate_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    perils = MINI.parent / "perils.yaml"
    code, out, err = call(capsys, "validate", str(MINI), str(perils))
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"OK {MINI}", f"OK {perils}"]


def test_validate_mixes_ok_and_problems(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "validate", str(MINI), str(BROKEN / "weight-too-big.yaml"))
    assert code == 1
    assert out.splitlines() == [f"OK {MINI}"]
    assert len(err.splitlines()) == 1


def test_validate_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["validate"])
    assert exc.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


def test_validate_missing_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "validate", "nowhere.yaml")
    assert (code, out) == (1, "")
    assert err == "nowhere.yaml: no such file\n"


def fake_linter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the linter the validate command calls with one that warns about one rule."""

    def lint_bundle(bundle: object) -> list[Problem]:
        return [Problem("mini.yaml", 3, 1, "rules[0]", "this rule can never fire", warning=True)]

    monkeypatch.setattr(content, "lint_bundle", lint_bundle)


def test_lint_warnings_print_but_pass_without_strict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_linter(monkeypatch)
    code, out, err = call(capsys, "validate", str(MINI))
    assert (code, out) == (0, f"OK {MINI}\n")
    assert err == "mini.yaml:3:1: warning: rules[0]: this rule can never fire\n"
    code, out, err = call(capsys, "validate", "--strict", str(MINI))
    assert (code, out) == (1, "")
    assert err == "mini.yaml:3:1: warning: rules[0]: this rule can never fire\n"


def test_show_json_is_the_normalised_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "show", str(MINI), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["id", "version", "title", "dimensions", "perils"]
    assert (data["id"], data["version"], data["title"]) == ("mini", "1.10", "Mini readiness check")
    assert [d["id"] for d in data["dimensions"]] == [
        "strategy",
        "customer-focus",
        "process",
        "people",
        "technology",
    ]
    sponsor = data["dimensions"][0]["questions"][1]
    assert sponsor == {
        "id": "st-sponsor",
        "text": "Who sponsors the customer programme?",
        "help": "A programme nobody owns drifts.",
        "weight": 1.0,
        "roles": ["executive", "manager"],
        "options": [
            {"level": 1, "label": "No one."},
            {"level": 2, "label": "An IT manager."},
            {"level": 3, "label": "A department head."},
            {"level": 4, "label": "A board member."},
            {"level": 5, "label": "The chief executive, visibly and often."},
        ],
        "allow_unknown": True,
        "allow_not_applicable": False,
        "applies_when": None,
    }
    # Only the perils the rules can flag, in catalogue order ('unused' is left out).
    assert [p["id"] for p in data["perils"]] == [
        "no-strategy",
        "silos",
        "perception-gap",
        "hounding",
        "people-neglected",
    ]
    assert data["perils"][0] == {
        "id": "no-strategy",
        "name": "No customer strategy",
        "severity": "critical",
        "blocking": True,
        "description": "Software is bought before anyone has decided which customers matter.",
        "remedy": "Agree customer goals at board level first.",
    }


def test_show_text_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "show", str(MINI))
    assert code == 0
    text = out.splitlines()
    assert text[:2] == ["Mini readiness check", "id mini, version 1.10: 10 questions, 5 rules"]
    assert "STRATEGY (strategy, 2 questions)" in text
    assert "  st-sponsor (weight 1): Who sponsors the customer programme?" in text
    assert "    5   The chief executive, visibly and often." in text
    assert "    asked of: executive, manager" in text
    assert "  no-strategy: No customer strategy (critical, blocks a purchase)" in text
    assert "unused" not in out
    assert max(len(line) for line in text) <= 100


def test_show_unknown_questionnaire_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "show", "no-such-id")
    assert (code, out) == (1, "")
    assert err.startswith("no-such-id: no such file, and no bundled questionnaire with this id")
    assert len(err.splitlines()) == 1


def answer_lines(template: str) -> str:
    """The part of a template between 'answers:' and 'notes:'."""
    return template[template.index("\nanswers:\n") : template.index("\nnotes:\n")]


def fill(template: str, level: str) -> str:
    """Answer every question of a template with the same value."""
    answers = answer_lines(template)
    return template.replace(answers, re.sub(r"(?m)^(  [a-z0-9-]+):$", rf"\1: {level}", answers))


def test_template_filled_in_loads_as_responses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "template", str(MINI))
    assert (code, err) == (0, "")
    bundle = load_bundle(MINI)
    ids = [q.id for q in bundle.questionnaire.questions()]
    assert re.findall(r"(?m)^  ([a-z0-9-]+):$", answer_lines(out)) == ids
    filled = tmp_path / "answers.yaml"
    filled.write_text(fill(out, "4").replace("  role:\n", "  role: manager\n"))
    [responses] = load_responses([filled], bundle)
    assert responses.answers == dict.fromkeys(ids, 4)
    assert responses.respondent.role == "manager"
    assert responses.respondent.name is None


def test_blank_and_partly_filled_templates_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, blank, _ = call(capsys, "template", str(MINI))
    bundle = load_bundle(MINI)
    (tmp_path / "blank.yaml").write_text(blank)
    partly = blank.replace("  st-goals:\n", "  st-goals: unknown\n")
    (tmp_path / "partly.yaml").write_text(partly)
    loaded = load_responses([tmp_path / "blank.yaml", tmp_path / "partly.yaml"], bundle)
    assert [r.answers for r in loaded] == [{}, {"st-goals": "unknown"}]
    assert loaded[0].respondent.role == "other"


def cli_template() -> str:
    """The mini template text."""
    result = run("template", str(MINI))
    assert result.returncode == 0
    return result.stdout


def test_template_describes_each_question() -> None:
    text = cli_template()
    assert text.startswith("# Answers for Mini readiness check (questionnaire mini, version 1.10).")
    assert "\nquestionnaire: mini\nrespondent:\n  name:\n" in text
    assert "  # role: one of executive, manager, frontline, it, other\n  role:\n" in text
    block = text[text.index("  # st-sponsor:") : text.index("  st-sponsor:")]
    assert block.splitlines() == [
        "  # st-sponsor: Who sponsors the customer programme?",
        "  #   why: A programme nobody owns drifts.",
        "  #   1 = No one.",
        "  #   2 = An IT manager.",
        "  #   3 = A department head.",
        "  #   4 = A board member.",
        "  #   5 = The chief executive, visibly and often.",
        "  #   unknown = don't know / not visible to me",
        "  #   (asked of: executive, manager)",
    ]
    contact = text[text.index("  # cf-contact:") : text.index("  cf-contact:")]
    assert "unknown =" not in contact  # this question does not allow "don't know"


def test_template_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    code, out, _ = call(capsys, "template", str(MINI), "-o", str(target))
    assert (code, out) == (0, f"Wrote {target}\n")
    assert target.read_text() == cli_template()
    code, out, err = call(capsys, "template", str(MINI), "-o", str(target))
    assert (code, err) == (1, f"{target}: already exists; use --force to overwrite it\n")
    code, _, _ = call(capsys, "template", str(MINI), "-o", str(target), "--force")
    assert code == 0
    code, _, err = call(capsys, "template", str(MINI), "-o", str(tmp_path / "no" / "x.yaml"))
    assert code == 1
    assert (
        err == f"{tmp_path / 'no' / 'x.yaml'}: cannot write the file (No such file or directory)\n"
    )


def test_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "schema")
    assert code == 0
    assert out == SCHEMA_PATH.read_text()


def test_validate_tells_a_responses_file_apart(capsys: pytest.CaptureFixture[str]) -> None:
    path = HERE / "fixtures" / "responses" / "dana.yaml"
    code, out, err = call(capsys, "validate", str(path))
    assert (code, out) == (1, "")
    assert err == (
        f"{path}: this is a responses file; validate checks questionnaires and peril catalogues\n"
    )


def test_template_comments_cannot_be_broken_out_of(tmp_path: Path) -> None:
    text = MINI.read_text().replace(
        "title: Mini readiness check", 'title: "Mini\\nquestionnaire: evil"'
    )
    text = text.replace("name: Strategy", 'name: "Strategy\\nanswers: {}"')
    text = text.replace("text: How are customer goals set?", 'text: "Goals?\\n  st-goals: 1"')
    (tmp_path / "perils.yaml").write_bytes((MINI.parent / "perils.yaml").read_bytes())
    (tmp_path / "q.yaml").write_text(text)
    bundle = load_bundle(tmp_path / "q.yaml")
    result = run("template", str(tmp_path / "q.yaml"))
    assert result.returncode == 0
    assert result.stdout.startswith("# Answers for Mini questionnaire: evil (questionnaire mini")
    (tmp_path / "blank.yaml").write_text(result.stdout)
    [blank] = load_responses([tmp_path / "blank.yaml"], bundle)
    assert (blank.questionnaire, blank.answers) == ("mini", {})
