"""AppTest: answers on screen are stored without callbacks, failures say so, retries store them.

The pages no longer save from change callbacks (which a click can interrupt); every run writes
what the widgets hold and the store does not. These tests set widget values the way an
interrupted run leaves them — values present, callbacks never run — and check the database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content.questionnaires import load_bundle
from assessment.storage.base import StoreError
from assessment.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
QUICK = "executive-quick-check"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return Store(url)


def press(at: AppTest, label: str) -> None:
    """Click the step button whose label starts with `label` (Back, Next, See my results)."""
    next(b for b in at.button if b.label.startswith(label)).click().run()


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


def start_quick_check(at: AppTest) -> str:
    at.switch_page("app_pages/self_assessment.py").run()
    at.radio(key="sa_questionnaire").set_value(QUICK)
    at.button(key="sa_start").click().run()
    return str(at.session_state["crm_memo"].token)


def first_step() -> list[str]:
    return [q.id for q in load_bundle(QUICK).questionnaire.dimensions[0].questions]


def saved_captions(at: AppTest) -> int:
    """Questions shown as saved: a caption under the question (workshop) or under the chosen
    option (self-assessment)."""
    under_options = [c for r in at.radio for c in r.proto.captions if c]
    return sum(c.endswith(" Saved") for c in [*(c.value for c in at.caption), *under_options])


def not_saved(at: AppTest) -> list[str]:
    """The 'not saved' sentences shown, as warnings or under the chosen option."""
    under_options = [c for r in at.radio for c in r.proto.captions if "Not saved" in c]
    return [w.value for w in at.warning] + under_options


def test_answers_given_just_before_next_are_stored(store: Store) -> None:
    at = app()
    token = start_quick_check(at)
    ids = first_step()
    for qid in ids:  # three answers, then Next, all in one run: no per-answer run at all
        at.radio(key=f"q_{qid}").set_value("4")
    press(at, "Next")
    assert at.session_state["crm_memo"].step == 2
    stored = store.get_assessment(token)
    assert stored is not None and stored.answers == dict.fromkeys(ids, 4)


def test_a_failed_save_says_not_saved_then_a_later_run_stores_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app()
    token = start_quick_check(at)
    qid = first_step()[0]
    real = Store.save_answer

    def broken(self: Store, *args: object) -> None:
        raise StoreError("The database is not answering.")

    monkeypatch.setattr(Store, "save_answer", broken)
    at.radio(key=f"q_{qid}").set_value("2").run()
    assert not_saved(at) == [":red[:material/cloud_off: Not saved: The database is not answering.]"]
    assert saved_captions(at) == 0
    stored = store.get_assessment(token)
    assert stored is not None and stored.answers == {}

    monkeypatch.setattr(Store, "save_answer", real)
    at.run()  # any later run, e.g. the next click anywhere on the page
    assert not not_saved(at)
    assert saved_captions(at) == 1
    stored = store.get_assessment(token)
    assert stored is not None and stored.answers == {qid: 2}


def engagement_and_token(store: Store, role: str = "manager") -> tuple[str, str]:
    b = load_bundle("crm-readiness")
    q = b.questionnaire
    e = store.create_engagement(
        q.id, q.version, b.sha256, organisation="Acme Ltd", passcode="facilitate-me"
    )
    return e.code, store.join(e.code, role)


def participant_page(token: str) -> AppTest:
    at = app(participant=token)
    return at.switch_page("app_pages/workshop_join.py").run()


def test_participant_answers_are_stored_without_callbacks_and_shown_saved(store: Store) -> None:
    _, token = engagement_and_token(store)
    at = participant_page(token)
    keys = [r.key for r in at.radio if r.key and r.key.startswith("wj_q_")]
    # customer-strategy 2 keeps strategy-ownership, the second question, asked (at 1 it would
    # not apply: there would be no strategy to own).
    given: list[int | str] = [2, 1, 3, 4, 5, "unknown"]
    for key, value in zip(keys, given, strict=False):
        at.radio(key=key).set_value(str(value))
    at.run()  # one run carries six changed widgets, as a coalesced interrupted rerun does
    me = store.get_participant(token)
    assert me is not None
    assert me.answers == {k[5:]: v for k, v in zip(keys, given, strict=False)}
    assert saved_captions(at) == 6
    assert at.get("progress")[0].proto.text == (
        f"{len(keys)} questions: 5 answered, 1 don't know, {len(keys) - 6} not answered"
    )
    at.radio(key=keys[0]).set_value("5").run()  # a change is an update, not a second row
    me = store.get_participant(token)
    assert me is not None and me.answers[keys[0][5:]] == 5 and len(me.answers) == 6


def test_participant_sees_a_failed_save_and_the_retry(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, token = engagement_and_token(store)
    at = participant_page(token)
    key = next(r.key for r in at.radio if r.key and r.key.startswith("wj_q_"))
    real = Store.save_participant_answer

    def broken(self: Store, *args: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(Store, "save_participant_answer", broken)
    at.radio(key=key).set_value("3").run()
    assert len(at.warning) == 1 and at.warning[0].value.startswith("Not saved")
    monkeypatch.setattr(Store, "save_participant_answer", real)
    at.run()
    assert not at.warning
    me = store.get_participant(token)
    assert me is not None and me.answers == {key[5:]: 3}


def test_a_change_made_on_another_device_shows_here_on_the_next_full_run(store: Store) -> None:
    _, token = engagement_and_token(store)
    at = participant_page(token)
    key = next(r.key for r in at.radio if r.key and r.key.startswith("wj_q_"))
    at.radio(key=key).set_value("2").run()
    store.save_participant_answer(token, key[5:], 4)  # the same person, on their phone
    at.run()
    assert at.radio(key=key).value == "4"
    me = store.get_participant(token)
    assert me is not None and me.answers == {key[5:]: 4}


def answer_places(at: AppTest) -> dict[str, tuple[int, ...]]:
    """Each answer radio's place on the page (its delta path below the main block)."""
    found: dict[str, tuple[int, ...]] = {}

    def walk(node: object, path: tuple[int, ...]) -> None:
        key = getattr(node, "key", None)
        if getattr(node, "type", "") == "radio" and str(key).startswith("wj_q_"):
            found[str(key)] = path
        for i, child in getattr(node, "children", {}).items():
            walk(child, (*path, i))

    walk(at.main, ())
    return found


def cookie_scripts(at: AppTest) -> int:
    """The scripts on the page that set a cookie (browser_memory.remember)."""
    return sum("document.cookie" in h.proto.body for h in at.get("html"))


def test_every_question_keeps_its_place_on_every_run(store: Store) -> None:
    """A fragment's id is its place: the first run (which writes the rejoin cookie), a
    screening answer that hides questions, and a message above the questions must leave every
    question where it was, or a click sent meanwhile reruns the question next to its own."""
    _, token = engagement_and_token(store)
    at = app(participant=token)  # Home forwards the link: the join page's first run
    assert cookie_scripts(at) == 1  # the script that keeps the rejoin cookie
    first = answer_places(at)
    assert len(first) > 40
    at.switch_page("app_pages/workshop_join.py").run()
    assert cookie_scripts(at) == 0  # written once per session
    assert answer_places(at) == first
    at.radio(key="wj_q_customer-records").set_value("1").run()  # two questions now hidden
    hidden = {"wj_q_current-adoption", "wj_q_past-investment-review"}
    assert answer_places(at) == {k: p for k, p in first.items() if k not in hidden}
    at.session_state["wj_flash"] = ("warning", "A message above the questions.")
    at.run()
    assert [w.value for w in at.warning] == ["A message above the questions."]
    assert answer_places(at) == {k: p for k, p in first.items() if k not in hidden}


def test_a_full_run_sets_no_widget_that_already_shows_the_stored_answer(store: Store) -> None:
    """Setting a widget from the server makes the browser take the server's value, which
    would overwrite a click already on its way; only a real change (another device) is set."""
    _, token = engagement_and_token(store)
    at = participant_page(token)
    keys = [r.key for r in at.radio if r.key and r.key.startswith("wj_q_")][2:5]
    for key in keys:
        at.radio(key=key).set_value("3")
    at.run()
    at.run()  # a full run with every answer stored and shown
    assert [at.radio(key=k).proto.set_value for k in keys] == [False, False, False]
    store.save_participant_answer(token, keys[0][5:], 5)  # changed on the phone
    at.run()
    assert at.radio(key=keys[0]).proto.set_value and at.radio(key=keys[0]).value == "5"
    assert [at.radio(key=k).proto.set_value for k in keys[1:]] == [False, False]
