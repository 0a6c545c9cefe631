"""AppTest: workshop pages — joining, own answers only, passcodes, dashboard, consensus, closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle
from assessment.storage.records import Engagement
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASS = "facilitate-me"
JOIN = "app_pages/workshop_join.py"
FACILITATE = "app_pages/workshop_facilitate.py"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file for the app under test."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return url


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


def engagement(store: Store, org: str = "Acme Ltd") -> Engagement:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    return store.create_engagement(q.id, q.version, b.sha256, organisation=org, passcode=PASS)


def page(path: str | None, **query: str) -> AppTest:
    """The app opened at '/' with these query parameters, then (if given) switched to `path`."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params.update(query)
    at.run()  # Home first, as a visitor arrives; it hands workshop links on
    return at.switch_page(path).run() if path else at


def calm(at: AppTest) -> None:
    assert not at.exception
    assert not at.error
    assert not [w for w in at.warning if "went wrong" in w.value]


def text_of(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]
    )
    parts += [str(d.value) for d in at.dataframe] + [i.value for i in at.info]
    return "\n".join(parts)


def sign_in(at: AppTest, code: str, passcode: str = PASS) -> AppTest:
    """Sign in on the facilitator page with this facilitator code."""
    at.text_input(key="wf_code_in").input(code)
    at.text_input(key="wf_pass_in").input(passcode)
    return at.button(key="wf_open").click().run()


def test_joining_filters_questions_by_role_and_saves_each_answer(store: Store) -> None:
    e = engagement(store)
    at = page(JOIN, join=e.code.lower())
    calm(at)
    assert at.title[0].value == "Workshop for Acme Ltd"
    at.radio(key="wj_role").set_value("frontline")
    at.text_input(key="wj_name").input("Kim")
    at.button(key="wj_join").click().run()
    calm(at)
    token = at.query_params["participant"]
    assert len(token) >= 43
    frontline_questions = [q for q in load_bundle("crm-readiness").questionnaire.questions()
                           if "frontline" in q.roles]  # fmt: skip
    keys = [r.key for r in at.radio if r.key and r.key.startswith("wj_q_")]
    assert keys == [f"wj_q_{q.id}" for q in frontline_questions]
    at.radio(key=keys[0]).set_value("2").run()
    at.radio(key=keys[1]).set_value("unknown").run()
    me = store.get_participant(token)
    assert me is not None and me.role == "frontline" and me.name == "Kim"
    assert me.answers == {keys[0][5:]: 2, keys[1][5:]: "unknown"}
    assert at.get("progress")[0].proto.text == (
        f"{len(keys)} questions: 1 answered, 1 don't know, {len(keys) - 2} not answered"
    )
    first = frontline_questions[0]
    question = next(m for m in at.markdown if m.value == f"**1. {first.text}**")
    assert question.proto.help == f"**Why this matters.** {first.help}"
    assert not at.text_area  # note boxes only run while their panel is open
    at.session_state[f"wj_more_{first.id}"] = True
    at.run()
    at.text_area(key=f"wj_note_{first.id}").input("Customers wait days.").run()
    calm(at)
    me = store.get_participant(token)
    assert me is not None and me.notes == {first.id: "Customers wait days."}


def test_returning_participant_sees_only_their_own_answers(store: Store) -> None:
    e = engagement(store)
    mine, other = store.join(e.code, "manager"), store.join(e.code, "executive", "Boss")
    store.save_participant_answer(mine, "customer-strategy", 3)
    store.save_participant_answer(other, "customer-insight", 5)
    store.save_participant_note(other, "customer-insight", "secret executive view")
    store.save_participant_note(mine, "customer-strategy", "my own view")
    at = page(JOIN, participant=mine)
    calm(at)
    assert at.radio(key="wj_q_customer-strategy").value == "3"
    assert at.radio(key="wj_q_customer-insight").value is None
    for qid in ("customer-strategy", "customer-insight"):
        at.session_state[f"wj_more_{qid}"] = True
    at.run()
    assert at.text_area(key="wj_note_customer-strategy").value == "my own view"
    assert at.text_area(key="wj_note_customer-insight").value == ""
    assert "secret executive view" not in text_of(at) + str([t.value for t in at.text_area])
    assert "Boss" not in text_of(at)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"join": "NOPE-NOPE"}, "We could not find a workshop with that code."),
        ({"participant": "forged-token"}, "We could not find your answers from that link."),
    ],
)
def test_bad_links_get_a_calm_sentence(db_url: str, query: dict[str, str], message: str) -> None:
    at = page(None, **query)  # the link lands on '/', which hands it to the join page
    calm(at)
    assert any(message in i.value for i in at.info)


def test_closed_workshop_freezes_the_participant_page(store: Store) -> None:
    e = engagement(store)
    token = store.join(e.code, "it")
    store.save_participant_answer(token, "customer-strategy", 4)
    store.close_engagement(e.code)
    at = page(JOIN, participant=token)
    calm(at)
    assert any("This workshop is closed" in i.value for i in at.info)
    assert all(r.disabled for r in at.radio if r.key and r.key.startswith("wj_q_"))
    assert at.radio(key="wj_q_customer-strategy").value == "4"


def test_wrong_passcode_is_refused_and_participant_token_opens_nothing(store: Store) -> None:
    e = engagement(store)
    token = store.join(e.code, "executive")
    at = page(FACILITATE)
    sign_in(at, store.facilitator_code(e), token)
    calm(at)
    assert [w.value for w in at.warning] == ["The facilitator code or passcode is not right."]
    assert "wf_view" not in [b.key for b in at.button_group]
    at = page(FACILITATE, participant=token)
    assert "wf_view" not in [b.key for b in at.button_group]
    assert "Joined" not in [m.label for m in at.metric]


def test_facilitator_creates_a_workshop_and_sees_the_invite(store: Store) -> None:
    at = page(FACILITATE)
    at.selectbox(key="wf_new_questionnaire").set_value("crm-readiness")
    at.text_input(key="wf_new_org").input("Globex")
    at.text_input(key="wf_new_pass").input("abc123xyz")
    at.text_input(key="wf_new_pass2").input("abc123xyz")
    at.button(key="wf_create").click().run()
    calm(at)
    made = store.engagements_of("Globex")
    assert len(made) == 1 and made[0].is_open
    code = f"{made[0].code[:5]}-{made[0].code[5:]}"
    assert at.caption[0].value == f"Code {code} · CRM readiness workshop · open"
    assert at.code[0].value.endswith(f"/?join={made[0].code}")
    assert len(at.get("image")) == 1
    assert store.sign_in(store.facilitator_code(made[0]), "abc123xyz") == made[0]


def test_mismatched_passcodes_create_nothing(store: Store) -> None:
    at = page(FACILITATE)
    at.text_input(key="wf_new_org").input("Globex")
    at.text_input(key="wf_new_pass").input("abc123xyz")
    at.text_input(key="wf_new_pass2").input("abc123xyZ")
    at.button(key="wf_create").click().run()
    assert [w.value for w in at.warning] == ["The two passcodes are different."]
    assert store.engagements_of("Globex") == []


def seed_three(store: Store, e: Engagement) -> None:
    """An executive answering 5, a manager 3 and a front-line member 1 on two questions."""
    for role, level, name in (
        ("executive", 5, "Ana"),
        ("manager", 3, "Mo"),
        ("frontline", 1, "Kim"),
    ):
        token = store.join(e.code, role, name)
        for qid in ("customer-strategy", "customer-insight"):
            store.save_participant_answer(token, qid, level)


def test_dashboard_is_anonymous_and_shows_the_role_gap(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One person per role: groups that small are hidden by default (tests/test_anonymity.py).
    monkeypatch.setenv("CRM_READINESS_MIN_GROUP", "1")
    e = engagement(store)
    seed_three(store, e)
    at = sign_in(page(FACILITATE), store.facilitator_code(e))
    at.button_group(key="wf_view").set_value("Live results").run()
    calm(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Joined"] == "3" and metrics["Respondents with answers"] == "3"
    assert "**Role gap:** Executives rate readiness 100 points higher than front-line staff." in [
        m.value for m in at.markdown
    ]
    assert len(at.get("plotly_chart")) == 2
    page_text = text_of(at)
    assert not any(name in page_text for name in ("Ana", "Mo", "Kim"))


def test_consensus_is_recorded_and_used(store: Store) -> None:
    e = engagement(store)
    seed_three(store, e)
    at = sign_in(page(FACILITATE), store.facilitator_code(e))
    at.button_group(key="wf_view").set_value("Consensus").run()
    calm(at)
    qid = at.selectbox(key="wf_cons_question").value
    at.radio(key="wf_cons_level").set_value("2")
    at.text_area(key="wf_cons_note").input("The front line sees the customer.")
    at.button(key="wf_cons_save").click().run()
    calm(at)
    entry = store.consensus_entries(e)[qid]
    assert (entry.level, entry.note) == (2, "The front line sees the customer.")
    assert [s.value for s in at.success] == ["Agreed answer recorded."]
    assert "Agreed answers recorded so far: 1." in [c.value for c in at.caption]


def test_closing_needs_confirmation_then_freezes(store: Store) -> None:
    e = engagement(store)
    seed_three(store, e)
    at = sign_in(page(FACILITATE), store.facilitator_code(e))
    at.button_group(key="wf_view").set_value("Close and report").run()
    at.button(key="wf_close").click().run()
    assert [w.value for w in at.warning] == [
        "Tick the box first to confirm you want to close the workshop."
    ]
    assert store.get_engagement(e.code).is_open  # type: ignore[union-attr]
    at.checkbox(key="wf_close_sure").check()
    at.button(key="wf_close").click().run()
    calm(at)
    assert not store.get_engagement(e.code).is_open  # type: ignore[union-attr]
    assert [d.label for d in at.get("download_button")] == [
        "Download the report (HTML)",
        "Download the deck (PowerPoint)",
        "Results (JSON)",
        "Scores (CSV)",
        "Purchase pack (Word, web page and scorecard, ZIP)",
    ]


def test_csv_import_previews_then_saves_all_rows(store: Store) -> None:
    e = engagement(store)
    at = sign_in(page(FACILITATE), store.facilitator_code(e))
    at.button_group(key="wf_view").set_value("Import").run()
    csv = b"role,Timestamp,customer-strategy\nexecutive,x,4\nfrontline,y,2\n"
    at.file_uploader[0].set_value(("survey.csv", csv, "text/csv")).run()
    assert "This file cannot be imported: 1 problem(s). Nothing was saved." in at.warning[0].value
    assert store.respondents(e) == []
    at.multiselect(key="wf_csv_0_ignore").set_value(["Timestamp"]).run()
    calm(at)
    at.button(key="wf_csv_save").click().run()
    calm(at)
    assert [(r.role, r.answers) for r in store.respondents(e)] == [
        ("executive", {"customer-strategy": 4}),
        ("frontline", {"customer-strategy": 2}),
    ]
    assert [s.value for s in at.success] == ["Imported 2 respondents from survey\\.csv."]


def test_history_needs_the_earlier_passcode_and_the_same_organisation(store: Store) -> None:
    earlier, later, other = engagement(store), engagement(store), engagement(store, "Other plc")
    seed_three(store, earlier)
    seed_three(store, later)
    at = sign_in(page(FACILITATE), store.facilitator_code(later))
    at.button_group(key="wf_view").set_value("History").run()
    at.text_input(key="wf_hist_code").input(store.facilitator_code(other))
    at.text_input(key="wf_hist_pass").input(PASS)
    at.button(key="wf_hist_open").click().run()
    assert any("another organisation" in i.value for i in at.info)
    at.text_input(key="wf_hist_code").input(store.facilitator_code(earlier))
    at.text_input(key="wf_hist_pass").input(PASS)
    at.button(key="wf_hist_open").click().run()
    calm(at)
    rows = at.dataframe[0].value
    assert list(rows["Area"])[:1] == ["Strategy"] and list(rows["Change"])[:1] == ["+0.0"]


def test_participant_private_link_uses_the_workshop_public_address(store: Store) -> None:
    e = engagement(store)
    store.set_public_url(e, "https://crm.example.org")
    token = store.join(e.code, "manager")
    at = page(JOIN, participant=token)
    calm(at)
    assert [c.value for c in at.code] == [f"https://crm.example.org/?participant={token}"]


def test_import_view_names_the_tool_and_the_columns_left_out(store: Store) -> None:
    e = engagement(store)
    at = sign_in(page(FACILITATE), store.facilitator_code(e))
    at.button_group(key="wf_view").set_value("Import").run()
    csv = b"Timestamp,Email address,What is your role?,customer-strategy\nx,a@b.c,IT,4\n"
    at.file_uploader[0].set_value(("forms.csv", csv, "text/csv")).run()
    texts = [m.value for m in at.markdown]
    assert "Recognised as: Google Forms." in texts
    assert any("Timestamp" in c.value and "Google Forms metadata" in c.value for c in at.caption)
    at.button(key="wf_csv_save").click().run()
    calm(at)
    assert [r.role for r in store.respondents(e)] == ["it"]
