"""The anonymity threshold: no role group smaller than it is shown by itself, in any output.

A room where one IT person (and two "other" people) answered next to larger groups: their
answers count in the overall results, but the dashboard, the consensus round, the report (HTML),
the results JSON and the CSV summary never show a group of one or two by itself, the
perception-gap evidence never quotes one, and no group can be worked out by subtraction.
Also: the one discussion agenda, and the results cache keyed by the workshop's data version.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import workshop_ui as wu
from assessment.content.questionnaires import load_bundle
from assessment.engine.aggregate import discussion_agenda
from assessment.engine.anonymity import min_group_size, plan_groups
from assessment.engine.assess import assess
from assessment.model.questionnaire import Bundle, Respondent, Responses
from assessment.model.results import Results
from assessment.model.vocabulary import ROLES
from assessment.report.exports import results_csv, results_json, summary_csv
from assessment.report.render import render_report
from assessment.report.workshop import agenda
from assessment.services.workshop import RESULTS_CACHE, engagement_results
from assessment.storage.records import Engagement
from assessment.storage.store import Store
from assessment.storage.version import data_version

ROOT = Path(__file__).resolve().parents[2]
PASS = "anonymous-room-1"
# role -> (people, level they answer): the lone IT person answers 1 everywhere.
ROOM = {"executive": (4, 5), "manager": (3, 4), "frontline": (5, 2), "it": (1, 1)}
# What would show the lone IT person or the three managers (pooled with them) by themselves.
SMALL = re.compile(r"\bIT\b|\bManagers?\b|\((1|2)\)")
NOTE = re.compile(r"Groups smaller than 3 people .*?“Other roles”\.")


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle("crm-readiness")


def room(bundle: Bundle, plan: dict[str, tuple[int, int]] = ROOM) -> list[Responses]:
    """Anonymous respondents answering every question they are asked with their role's level."""
    out = []
    for role, (n, level) in plan.items():
        asked = {q.id: level for q in bundle.questionnaire.questions() if role in q.roles}
        for i in range(n):
            notes = {next(iter(asked)): f"A note from a {role} ({i})"}
            out.append(
                Responses(
                    questionnaire=bundle.questionnaire.id,
                    respondent=Respondent(role=role),  # type: ignore[arg-type]
                    answers=asked,  # type: ignore[arg-type]
                    notes=notes,
                )
            )
    return out


def shown_groups(results: Results) -> dict[str, int]:
    return {r.role: r.respondents for r in results.roles or []}


def assert_no_small_group(results: Results, min_group: int = 3) -> None:
    """Every place results show a role group: roles, role means, divergence, notes."""
    sizes = shown_groups(results)
    assert all(n >= min_group for n in sizes.values()), sizes
    assert sum(sizes.values()) in (0, len(results.respondents))  # no remainder to subtract
    for q in results.questions:
        assert set(q.role_means) <= set(sizes), (q.id, q.role_means)
        assert all(n.role is None or n.role in sizes for n in q.notes)
    for d in results.divergence or []:
        assert {d.high_role, d.low_role} <= {*sizes, None}


# ------------------------------------------------------------------------- the plan


def test_a_lone_role_is_pooled_with_the_smallest_group_when_others_are_too_few() -> None:
    plan = plan_groups(["executive"] * 4 + ["manager"] * 3 + ["frontline"] * 5 + ["it"])
    # IT alone is 1 < 3: the smallest group (managers) joins the pool, shown as "other".
    assert plan.sizes == {"executive": 4, "frontline": 5, "other": 4}
    assert plan.merged == ("manager", "it") and plan.hidden == ()
    assert plan.note == (
        "Groups smaller than 3 people are not shown separately, to keep answers anonymous. "
        "Managers and IT staff are counted in “Other roles”."
    )


def test_small_roles_that_reach_the_threshold_together_are_shown_as_others() -> None:
    plan = plan_groups(["executive"] * 5 + ["it"] * 2 + ["other"] * 2)
    assert plan.sizes == {"executive": 5, "other": 4}
    assert plan.merged == ("it",)


def test_a_room_below_the_threshold_shows_no_role_group() -> None:
    plan = plan_groups(["executive", "frontline"])
    assert plan.sizes == {} and plan.hidden == ("executive", "frontline")
    assert plan.note and "count only in the overall results" in plan.note


def test_big_groups_are_left_alone() -> None:
    plan = plan_groups(["executive"] * 3 + ["frontline"] * 3)
    assert plan.sizes == {"executive": 3, "frontline": 3} and plan.note is None


def test_threshold_from_the_environment_and_the_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    assert min_group_size() == 3
    monkeypatch.setenv("CRM_READINESS_MIN_GROUP", "5")
    assert min_group_size() == 5 and min_group_size(2) == 2
    monkeypatch.setenv("CRM_READINESS_MIN_GROUP", "not a number")
    assert min_group_size() == 3
    assert plan_groups(["it", "manager"], 1).sizes == {"manager": 1, "it": 1}


@pytest.mark.parametrize("seed", range(200))
def test_random_rooms_never_show_a_small_group(seed: int) -> None:
    rng = random.Random(seed)
    roles = [rng.choice(ROLES) for _ in range(rng.randint(1, 25))]
    size = rng.randint(1, 5)
    plan = plan_groups(roles, size)
    assert all(n >= size for n in plan.sizes.values())
    # Either every respondent is in a shown group, or the room is too small for any.
    assert sum(plan.sizes.values()) in (0, len(roles))
    if sum(plan.sizes.values()) == 0:
        assert len(roles) < size


# ------------------------------------------------------------------------- core outputs


def test_results_json_never_shows_a_group_of_one(bundle: Bundle) -> None:
    results = assess(bundle, room(bundle))
    assert_no_small_group(results)
    data = json.loads(results_json(results))
    assert [r["role"] for r in data["roles"]] == ["executive", "frontline", "other"]
    assert data["roles"][-1]["includes"] == ["manager", "it"]
    assert data["anonymity"]["min_group"] == 3 and data["anonymity"]["merged"] == ["manager", "it"]
    assert all("it" not in q["role_means"] for q in data["questions"])
    # Everyone still counts in the overall results; nobody is listed under a small role.
    assert len(data["respondents"]) == 13
    assert {r["role"] for r in data["respondents"]} == {"executive", "frontline", "other"}
    q = data["questions"][0]
    assert sum(v for k, v in q["distribution"].items() if k != "unanswered") == 13


def test_the_threshold_is_a_parameter_of_the_core(bundle: Bundle) -> None:
    results = assess(bundle, room(bundle), min_group=1)
    assert shown_groups(results) == {"executive": 4, "manager": 3, "frontline": 5, "it": 1}
    assert results.anonymity is not None and results.anonymity.note is None
    assert_no_small_group(assess(bundle, room(bundle), min_group=6), 6)


def test_csv_summary_has_no_column_for_a_small_group(bundle: Bundle) -> None:
    text = summary_csv(assess(bundle, room(bundle))).lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(text)))
    assert [h for h in header if h.startswith("score_")] == [
        "score_executive",
        "score_frontline",
        "score_other",
    ]


def test_answers_csv_gives_a_small_role_as_its_group(bundle: Bundle) -> None:
    responses = room(bundle)
    text = results_csv(assess(bundle, responses), bundle, responses).lstrip("\ufeff")
    roles = {row["role"] for row in csv.DictReader(io.StringIO(text))}
    assert roles == {"executive", "frontline", "other"}


def test_report_html_shows_no_small_group_and_says_why(bundle: Bundle) -> None:
    html = render_report(assess(bundle, room(bundle)), bundle)
    section = html[html.index('<section id="workshop"') :]
    section = section[: section.index("</section>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', section)
    assert "IT" not in headers and "Managers" not in headers
    assert "Other roles" in headers
    rows = re.findall(r'<th scope="row">([^<]*)</th>', section)
    assert "IT" not in rows
    assert "Groups smaller than 3 people are not shown separately" in section
    assert not SMALL.search(NOTE.sub("", section))
    chart = re.search(r'"chart-heatmap":\s*(\{.*?"type":\s*"heatmap".*?\})', html, re.S)
    assert chart is None or '"IT"' not in chart.group(1)


def test_perception_gap_evidence_never_quotes_a_small_group(bundle: Bundle) -> None:
    small = {"executive": (5, 5), "frontline": (2, 1)}
    results = assess(bundle, room(bundle, small))
    assert "perception-gap" not in [p.id for p in results.perils]
    texts = " ".join(e.text for p in results.perils for e in p.evidence)
    assert "front-line staff average" not in texts
    assert not re.search(r"\d+ of [12] front-line staff", texts)
    # With three front-line people the gap is shown, with their mean.
    big = assess(bundle, room(bundle, {"executive": (5, 5), "frontline": (3, 1)}))
    gap = next(p for p in big.perils if p.id == "perception-gap")
    assert any("front-line staff 1" in e.text for e in gap.evidence)


# ------------------------------------------------------------------------- agenda


def test_one_agenda_for_dashboard_report_and_consensus(bundle: Bundle) -> None:
    varied = room(bundle)
    # Spread the answers so many questions diverge (more than the agenda holds).
    rng = random.Random(7)
    varied = [
        r.model_copy(update={"answers": {q: rng.randint(1, 5) for q in r.answers}}) for r in varied
    ]
    results = assess(bundle, varied)
    items = discussion_agenda(results)
    assert 0 < len(items) <= 8
    assert len([d for d in results.divergence or [] if d.priority > 0]) > len(items)
    assert [a.id for a in agenda(results)] == [d.question for d in items]
    html = render_report(results, bundle)
    assert re.findall(r'<tr data-question="([^"]+)"><td class="num">', html) == [
        d.question for d in items
    ]


# ------------------------------------------------------------------------- the app


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("CRM_READINESS_DATABASE_URL", url)
    return Store(url)


def seeded(store: Store, bundle: Bundle) -> Engagement:
    q = bundle.questionnaire
    e = store.create_engagement(q.id, q.version, bundle.sha256, organisation="Acme Ltd",
                                passcode=PASS)  # fmt: skip
    for role, (n, level) in ROOM.items():
        asked = [x.id for x in q.questions() if role in x.roles][:6]
        for i in range(n):
            token = store.join(e.code, role, f"Name{role}{i}")
            for j, qid in enumerate(asked):
                store.save_participant_answer(token, qid, max(1, min(5, level - (i + j) % 2)))
    return e


def facilitator(e: Engagement, view: str) -> AppTest:
    """The facilitator page, signed in to the engagement, showing one view."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.session_state[wu.F_CODE] = e.code
    at.run()
    at.switch_page("app_pages/workshop_facilitate.py").run()
    at.button_group(key="wf_view").set_value(view).run()
    assert not at.exception
    return at


def chart_specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def page_text(at: AppTest) -> str:
    """Everything the page shows, except the progress table (who joined: counts, no answers)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    parts += [d.value.to_string() for d in at.dataframe if "Joined" not in d.value.columns]
    return "\n".join(str(p) for p in parts)


def test_dashboard_shows_no_small_group(store: Store, bundle: Bundle) -> None:
    e = seeded(store, bundle)
    at = facilitator(e, "Live results")
    specs = chart_specs(at)
    assert len(specs) == 2
    bars, heat = specs
    names = [t["name"] for t in bars["data"]]
    assert names == ["Executives (4)", "Front-line staff (5)", "Other roles (4)"]
    assert heat["data"][0]["x"] == ["Executives", "Front-line staff", "Other roles"]
    text = page_text(at)
    assert "Groups smaller than 3 people are not shown separately" in text
    assert not SMALL.search(NOTE.sub("", text)) and "Name" not in text


def test_consensus_round_shows_no_small_group_and_walks_the_agenda(
    store: Store, bundle: Bundle
) -> None:
    e = seeded(store, bundle)
    at = facilitator(e, "Consensus")
    results = engagement_results(store, e, bundle)
    assert results is not None
    options = at.selectbox(key="wf_cons_question").options
    assert len(options) == len(discussion_agenda(results))
    for qid in [d.question for d in discussion_agenda(results)][:3]:
        at.selectbox(key="wf_cons_question").set_value(qid).run()
        means = next(m.value for m in at.markdown if m.value.startswith("**Mean level by role"))
        assert "IT" not in means and "Managers" not in means, means
    assert "Groups smaller than 3 people are not shown separately" in page_text(at)


def test_results_are_computed_once_per_change_of_the_data(store: Store, bundle: Bundle) -> None:
    e = seeded(store, bundle)
    RESULTS_CACHE.clear()
    before = RESULTS_CACHE.computed
    first = engagement_results(store, e, bundle)
    for _ in range(20):  # twenty viewers refreshing
        assert engagement_results(store, e, bundle) is first
    assert RESULTS_CACHE.computed == before + 1
    version = data_version(store.engine, e.id)
    token = store.join(e.code, "frontline", None)
    assert data_version(store.engine, e.id) != version  # a join changes the version
    store.save_participant_answer(token, "customer-strategy", 1)
    again = engagement_results(store, e, bundle)
    assert again is not first and again is not None
    assert len(again.respondents) == 14 and RESULTS_CACHE.computed == before + 2
    store.save_consensus(e, "customer-strategy", 2, "")
    assert engagement_results(store, e, bundle) is not again


def test_viewers_refreshing_at_once_share_one_computation(store: Store, bundle: Bundle) -> None:
    from concurrent.futures import ThreadPoolExecutor

    e = seeded(store, bundle)
    RESULTS_CACHE.clear()
    before = RESULTS_CACHE.computed
    with ThreadPoolExecutor(max_workers=12) as pool:
        got = list(pool.map(lambda _: engagement_results(store, e, bundle), range(24)))
    assert RESULTS_CACHE.computed == before + 1
    assert all(r is got[0] for r in got)


def test_projector_view_needs_sign_in_and_shows_full_text(store: Store, bundle: Bundle) -> None:
    e = seeded(store, bundle)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["view"] = "projector"
    at.run()
    assert "wp_leave" not in [b.key for b in at.button]  # not signed in: no projector
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.session_state[wu.F_CODE] = e.code
    at.query_params["view"] = "projector"
    at.run()
    assert not at.exception
    assert "wp_leave" in [b.key for b in at.button]
    heat = chart_specs(at)[1]
    assert heat["layout"]["yaxis"]["tickfont"]["size"] >= 14
    labels = " ".join(heat["data"][0]["y"])
    assert "…" not in labels
    assert heat["data"][0]["x"] == ["Executives", "Front-line staff", "Other roles"]
    at.button(key="wp_leave").click().run()
    assert "view" not in at.query_params
