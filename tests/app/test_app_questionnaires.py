"""AppTest: browsing the bundled questionnaires and checking an uploaded one."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle_text
from assessment.model.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]
# Several problems at once: a duplicate key, a wrong type, an unknown key and a missing option.
BROKEN = """\
id: my-check
version: "1"
title: My check
title: My check again
dimensions:
  - id: strategy
    name: Strategy
    questions:
      - id: q1
        text: Is there a strategy?
        help: Because it matters.
        weight: heavy
        colour: blue
        options:
          - {level: 1, label: None}
          - {level: 2, label: Some}
          - {level: 3, label: Written}
          - {level: 4, label: Used}
"""


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Questionnaires page on a fresh database."""
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run()
    return app.switch_page("app_pages/questionnaires.py").run()


def assert_calm(at: AppTest) -> None:
    """No exception, no error box, no traceback text anywhere."""
    assert not at.exception
    assert not at.error
    texts = [e.value for e in (*at.markdown, *at.code, *at.warning, *at.caption)]
    assert not [t for t in texts if "Traceback" in str(t) or "went wrong" in str(t)]


def test_browse_shows_each_bundled_questionnaire(at: AppTest) -> None:
    assert_calm(at)
    titles = at.selectbox(key="qs_browse").options
    assert titles == ["Executive quick check", "CRM readiness workshop"]
    assert at.markdown[0].value.startswith("**Executive quick check** · version ")
    at.selectbox(key="qs_browse").set_value("crm-readiness").run()
    assert at.markdown[0].value.startswith("**CRM readiness workshop** · version ")
    assert [e.label for e in at.expander][:1] == ["Strategy (11 questions)"]


def test_a_broken_upload_lists_every_problem_with_its_line(at: AppTest) -> None:
    with pytest.raises(ContentError) as caught:
        load_bundle_text(BROKEN, "my-check.yaml")
    expected = [str(p) for p in caught.value.problems if not p.warning]
    assert len(expected) >= 4

    at.get("file_uploader")[0].upload("my-check.yaml", BROKEN.encode(), "application/yaml")
    at.run()
    assert_calm(at)
    assert at.warning[0].value.startswith(f"{len(expected)} problems to fix.")
    shown = at.code[0].value.splitlines()
    assert shown == expected
    assert {int(line.split(":")[1]) for line in shown} == {4, 5, 12, 13, 15}
    assert all(line.startswith("my-check.yaml:") for line in shown)


def test_a_valid_upload_is_confirmed_and_outlined(at: AppTest) -> None:
    text = (ROOT / "questionnaires" / "executive-quick-check.yaml").read_text(encoding="utf-8")
    at.get("file_uploader")[0].upload("mine.yaml", text.encode(), "application/yaml")
    at.run()
    assert_calm(at)
    assert at.success[0].value == "No problems found: 15 questions in 5 dimensions."


def test_a_binary_upload_is_refused_politely(at: AppTest) -> None:
    at.get("file_uploader")[0].upload("mine.yaml", b"\xff\xfe\x00bad", "application/yaml")
    at.run()
    assert_calm(at)
    assert at.warning[0].value == "This file is not UTF-8 text, so it cannot be a questionnaire."
