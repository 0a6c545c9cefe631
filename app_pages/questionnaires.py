"""Questionnaires: browse the bundled ones, or check your own YAML file line by line."""

from __future__ import annotations

import streamlit as st

from app_pages import ui, widgets
from assessment.content.questionnaires import load_bundle_text
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Bundle

SEVERITY = {"critical": "red", "high": "orange", "medium": "blue"}


def outline(bundle: Bundle) -> None:
    """Dimensions, questions with their anchored options, and the perils checked."""
    q = bundle.questionnaire
    st.markdown(f"**{q.title}** · version {q.version} · {len(q.questions())} questions")
    if q.description:
        st.write(q.description)
    for dim in q.dimensions:
        with st.expander(f"{dim.name} ({len(dim.questions)} questions)"):
            for question in dim.questions:
                st.markdown(f"**{question.text}**")
                st.caption(question.help)
                st.markdown("\n".join(f"{o.level}. {o.label}" for o in question.options))
    checked = {rule.peril for rule in q.rules}
    perils = [p for p in bundle.catalogue.perils if p.id in checked]
    if perils:
        with st.expander(f"Failure perils it looks for ({len(perils)})"):
            for peril in perils:
                st.markdown(f":{SEVERITY[peril.severity]}-badge[{peril.severity}] **{peril.name}**")
                st.caption(peril.description)


def browse() -> None:
    """Pick a bundled questionnaire and read it."""
    bundles = ui.bundles()
    if not bundles:
        st.info("No questionnaires are installed on this server.")
        return
    chosen = st.selectbox(
        "Questionnaire",
        list(bundles),
        format_func=lambda i: bundles[i].questionnaire.title,
        key="qs_browse",
    )
    outline(bundles[chosen or next(iter(bundles))])


def check_upload() -> None:
    """Validate an uploaded questionnaire and list every problem with its line."""
    upload = st.file_uploader(
        "Questionnaire file (YAML)",
        type=["yaml", "yml"],
        key="qs_upload",
        help="Checked on this server only; the file is not stored.",
    )
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.warning("This file is not UTF-8 text, so it cannot be a questionnaire.")
        return
    with st.spinner("Checking…"):
        try:
            bundle = load_bundle_text(text, upload.name)
        except ContentError as exc:
            errors = [str(p) for p in exc.problems if not p.warning]
            warnings = [str(p) for p in exc.problems if p.warning]
            report_problems(errors, warnings)
            return
        except Exception:  # the loader should collect every problem; never show a traceback
            ui.LOG.exception("unexpected failure checking an uploaded questionnaire")
            st.warning("We could not read this file as a questionnaire.")
            return
    st.success(
        f"No problems found: {len(bundle.questionnaire.questions())} questions in "
        f"{len(bundle.questionnaire.dimensions)} dimensions.",
        icon=":material/check_circle:",
    )
    outline(bundle)


def report_problems(errors: list[str], warnings: list[str]) -> None:
    """Every problem, one per line, as FILE:LINE:COL: key: message."""
    if errors:
        st.warning(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} to fix. Each line shows "
            "the file, line and column, then the key and what is wrong.",
            icon=":material/rule:",
        )
        st.code("\n".join(errors), language=None, wrap_lines=True)
    if warnings:
        st.caption(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (not blocking):")
        st.code("\n".join(warnings), language=None, wrap_lines=True)


widgets.mend_navigation_list()
st.title("Questionnaires", anchor=False)
browse_tab, check_tab = st.tabs(["Browse", "Check your own"])
with browse_tab:
    browse()
with check_tab:
    st.write(
        "Writing your own questionnaire? Upload the YAML file to check it. Every problem is "
        "listed with its line number, so you can fix them all in one go."
    )
    check_upload()
