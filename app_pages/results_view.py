"""Results view: verdict, scores, charts, perils, roadmap, coverage, what-if and downloads."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import pack_download, ui, widgets
from assessment.engine.assess import assess
from assessment.engine.scoring import BANDS
from assessment.model.questionnaire import Answer, Bundle, Responses
from assessment.model.results import FiredPeril, Results
from assessment.model.vocabulary import coverage_parts, coverage_text
from assessment.report.charts import PLOTLY_CONFIG, dimension_bars, radar_figure, score_text
from assessment.report.context import reason_group_views, roadmap_view
from assessment.report.exports import results_csv, results_json
from assessment.report.filenames import deliverable_stem
from assessment.report.render import render_report

VERDICT_LOOK = {
    "ready": ("green", ":material/check_circle:"),
    "conditional": ("orange", ":material/warning:"),
    "not_ready": ("red", ":material/block:"),
}
VERDICT_MEANING = {
    "ready": "Nothing we asked about stands in the way of choosing CRM software now.",
    "conditional": "You can go ahead, but fix the points below first or alongside the purchase.",
    "not_ready": "Hold off on buying CRM software until the blocking problems below are solved.",
}
SEVERITY = {
    "critical": ("Critical", "red"),
    "high": ("High", "orange"),
    "medium": ("Medium", "blue"),
}


def reset_whatif(bundle: Bundle, real: dict[str, Answer]) -> None:
    """Put every what-if answer back to the saved one (button callback)."""
    for q in bundle.questionnaire.questions():
        st.session_state[ui.whatif_key(q.id)] = ui.to_option(real.get(q.id))


def tried_answers(bundle: Bundle, real: dict[str, Answer]) -> dict[str, Answer]:
    """The what-if answers to show (never saved): the what-if widgets' values, which start as
    the saved answers. Read before the page is drawn, so the verdict above follows them."""
    tried: dict[str, Answer] = {}
    for q in bundle.questionnaire.questions():
        key = ui.whatif_key(q.id)
        if key not in st.session_state:
            st.session_state[key] = ui.to_option(real.get(q.id))
        answer = ui.to_answer(st.session_state.get(key))
        if answer is not None:
            tried[q.id] = answer
    return tried


def whatif_panel(
    bundle: Bundle, real: dict[str, Answer], changed: int, tried: dict[str, Answer]
) -> None:
    """On the page, under the headline: try other answers, each option in full (wrapping);
    questions that do not apply given the tried answers are not shown."""
    title = "What if…? Try other answers and see the verdict move"
    if changed:
        title += f" ({changed} changed)"
    with st.expander(title, icon=":material/science:", expanded=bool(changed)):
        st.caption(
            "Change any answer to see how the verdict, scores and perils would move. "
            "Nothing here is saved; your real answers stay as they are."
        )
        st.button("Back to my real answers", key="wi_reset", on_click=reset_whatif,
                  args=(bundle, real), icon=":material/undo:", disabled=not changed)  # fmt: skip
        out = ui.skipped(bundle, tried)
        for dim in bundle.questionnaire.dimensions:
            st.markdown(f"**{dim.name}**")
            for q in (q for q in dim.questions if q.id not in out):
                values, labels = ui.answer_choices(q)
                saved = real.get(q.id)
                st.radio(
                    q.text,
                    values,
                    index=None,
                    format_func=labels.__getitem__,
                    key=ui.whatif_key(q.id),
                    help=f"Your saved answer: {labels[str(saved)]}" if saved is not None else None,
                )


def verdict_banner(results: Results) -> None:
    """The verdict in plain words, with its reasons."""
    colour, icon = VERDICT_LOOK[results.verdict.status]
    with st.container(border=True, key="verdict"):
        st.markdown(f"## :{colour}[{icon} {results.verdict.label}]")
        st.write(VERDICT_MEANING[results.verdict.status])
        for group in reason_group_views(results):  # blocking first, then conditions, weak areas
            if group.heading:
                st.markdown(f"**{group.heading}**")
            st.markdown("\n".join(f"- {ui.plain(reason)}" for reason in group.reasons))


def headline(results: Results) -> None:
    """Overall score, level and how much was answered."""
    answered = sum(d.answered for d in results.dimensions)
    total = sum(d.total for d in results.dimensions)
    overall = results.overall
    score, level, answers = st.columns(3)
    score.metric("Overall score", f"{score_text(overall.score)} / 100", border=True)
    level.metric(
        "Maturity level",
        f"{overall.level} · {overall.label}" if overall.level else "Not enough answers",
        border=True,
    )
    unknown = sum(d.unknown for d in results.dimensions)
    unanswered = sum(d.unanswered for d in results.dimensions)
    na = sum(d.not_applicable for d in results.dimensions)
    first, *rest = coverage_parts(answered, unknown, unanswered, na)
    answers.metric(f"Of {total} questions", first,
                   delta=", ".join(rest) or None, delta_color="off", delta_arrow="off",
                   border=True)  # fmt: skip


def charts(results: Results) -> None:
    """Radar and bars of the dimension scores, fitted to a phone's width as well."""
    st.header("Scores by dimension", anchor=False)
    radar = radar_figure(results).update_layout(margin={"l": 85, "r": 85, "t": 40, "b": 40})
    for trace in radar.data:  # two-word names on two lines, so they fit beside a small radar
        trace.theta = [str(t).replace(" ", "<br>") for t in trace.theta]
    st.plotly_chart(radar, config=PLOTLY_CONFIG, key="radar")
    # The band names crowd each other on a phone; the caption below names the bands instead.
    bars = dimension_bars(results)
    bars.layout.annotations = ()
    st.plotly_chart(bars, config=PLOTLY_CONFIG, key="bars")
    (_, _, lowest), *higher = BANDS
    starts = ", ".join(f"{floor:.0f} {label}" for floor, _, label in higher)
    st.caption(
        f"Dotted lines mark where the levels begin: {starts}. Below {higher[0][0]:.0f} is {lowest}."
    )


def peril_card(peril: FiredPeril) -> None:
    """One fired peril: what it is, why it fired, what clears it and what to do."""
    label, colour = SEVERITY[peril.severity]
    with st.container(border=True, key=f"peril-{peril.id}"):
        st.subheader(peril.name, anchor=False)
        badges = f":{colour}-badge[{label}]"
        if peril.blocking:
            badges += " :red-badge[:material/block: Blocks a purchase]"
        st.markdown(badges)
        st.write(peril.description)
        st.markdown("**Why it was flagged**")
        st.markdown("\n".join(f"- {ui.plain(e.text)}" for e in peril.evidence))
        if peril.clear_by:
            st.markdown("**What would clear it**")
            st.markdown("\n".join(f"- {ui.plain(s.text)}" for s in peril.clear_by))
        st.markdown("**What to do before buying software**")
        st.write(peril.remedy)


def perils(results: Results) -> None:
    """Every fired peril: blocking first, then by severity, then in catalogue order."""
    st.header("What could make a CRM purchase fail", anchor=False)
    if not results.perils:
        st.write("None of the known failure patterns showed up in these answers.")
    for peril in results.perils:  # in the engine's one order (docs/rules.md)
        peril_card(peril)


def roadmap(results: Results) -> None:
    """Remedies in the order they need to happen."""
    st.header("Roadmap: what to do, in order", anchor=False)
    if not any(p.items for p in results.roadmap):
        st.write("Nothing needs fixing before buying.")
        return
    for phase in roadmap_view(results):  # numbered by fixed place: technology is always 4
        st.markdown(f"**{phase.number}. {phase.name}**")
        st.markdown("\n".join(f"- {item.name}" for item in phase.items))
    st.caption("What to do for each point is in its card above.")


def coverage(results: Results) -> None:
    """How complete the picture is, and which questions were answered 'don't know'."""
    st.header("How complete is this picture?", anchor=False)
    st.markdown(
        "\n".join(
            f"- **{d.name}** ({d.total} questions): "
            + coverage_text(d.answered, d.unknown, d.unanswered, d.not_applicable)
            for d in results.dimensions
        )
    )
    unknown = [q for q in results.questions if q.distribution.get("unknown", 0)]
    if unknown:
        st.markdown("**You answered “don't know” to:**")
        st.markdown("\n".join(f"- {q.text}" for q in unknown))
        st.caption(
            "A “don't know” is left out of the scores, but it is a finding too: find out who "
            "in your organisation can answer these before you decide."
        )


def deck(results: Results, bundle: Bundle) -> bytes:
    """The PowerPoint deck (python-pptx is imported only when a deck is downloaded)."""
    from assessment.report.deck import render_deck

    return render_deck(results, bundle)


def downloads(results: Results, bundle: Bundle, responses: Responses) -> None:
    """The report, deck, JSON and CSV of the saved answers (built when clicked)."""
    st.header("Take it with you", anchor=False)
    widgets.download_buttons(
        deliverable_stem(results.organisation, bundle.questionnaire.id, dt.date.today()),
        "dl_",
        {
            "html": ("Report (HTML)", lambda: render_report(results, bundle)),
            "pptx": ("Deck (PowerPoint)", lambda: deck(results, bundle)),
            "json": ("Results (JSON)", lambda: results_json(results)),
            "csv": ("Answers (CSV)", lambda: results_csv(results, bundle, [responses])),
        },
        side_by_side=True,
    )
    pack_download.pack_button(results, bundle, "dl_pack")
    st.caption("Downloads always use your saved answers, not the what-if ones.")


def show(bundle: Bundle, responses: Responses) -> None:
    """The whole results page for one stored assessment."""
    tried = tried_answers(bundle, dict(responses.answers))
    with st.spinner("Working out your results…"):
        real = assess(bundle, [responses])
        shown = real
        if tried != dict(responses.answers):
            shown = assess(bundle, [responses.model_copy(update={"answers": tried})])
    st.title("Your CRM readiness", anchor=False)
    who = [x for x in (responses.organisation, responses.respondent.name) if x]
    st.caption(" · ".join([bundle.questionnaire.title, *(ui.plain(x) for x in who)]))
    changed = sum(
        tried.get(q.id) != responses.answers.get(q.id) for q in bundle.questionnaire.questions()
    )
    if shown is not real:
        st.info(
            f"What-if view: {changed} of your answers changed here and nothing is saved. "
            f"With your real answers the verdict is “{real.verdict.label}”.",
            icon=":material/science:",
        )
    verdict_banner(shown)
    headline(shown)
    whatif_panel(bundle, dict(responses.answers), changed, tried)
    charts(shown)
    perils(shown)
    roadmap(shown)
    coverage(shown)
    downloads(real, bundle, responses)


def render() -> None:
    """The results page for the assessment in progress, or a pointer to start one."""
    ui.show_flash()
    token = ui.memo().token
    bundle = ui.current_bundle()
    store = ui.store()
    stored = store.get_assessment(token) if token and bundle else None
    if stored is None or bundle is None:
        st.title("Your CRM readiness", anchor=False)
        st.info("Your results appear here once you have answered a questionnaire.")
        st.page_link(
            ui.page("self") or "app_pages/self_assessment.py", label="Go to the self-assessment"
        )
        return
    ui.keep_token_in_url()
    show(bundle, store.to_responses(stored))
    st.page_link(
        ui.page("self") or "app_pages/self_assessment.py",
        label="Change my answers",
        icon=":material/edit:",
        query_params={"resume": stored.token},
    )
