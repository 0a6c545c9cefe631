"""Facilitator tools: import a pre-survey export, close and download the report, compare history."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import pack_download, ui, widgets
from app_pages import workshop_ui as wu
from assessment.content.survey.parse import SurveyImport, SurveyOptions, header_of, parse_survey
from assessment.engine.history import Comparison, compare
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.model.vocabulary import ROLE_NAMES
from assessment.report.charts import score_text
from assessment.report.exports import results_json, summary_csv
from assessment.report.filenames import deliverable_stem
from assessment.report.render import render_report
from assessment.services.workshop import engagement_results
from assessment.storage.facilitators import CannotCompare
from assessment.storage.records import Engagement

ss = st.session_state


def _upload_key() -> str:
    return f"wf_csv_{ss.get(wu.F_UPLOAD, 0)}"


def save_import(engagement: Engagement, parsed: SurveyImport) -> None:
    """Store the previewed respondents in one transaction (button callback)."""
    count = wu.attempt(wu.F_FLASH, ui.store().import_responses, engagement, parsed.responses)
    if count is not None:
        ss[wu.F_UPLOAD] = ss.get(wu.F_UPLOAD, 0) + 1
        wu.flash(
            wu.F_FLASH, f"Imported {count} respondents from {ui.plain(parsed.source)}.", "success"
        )


def import_csv(engagement: Engagement, bundle: Bundle) -> None:
    """Upload a survey export, check the mapping, then save all rows or none."""
    st.write(
        "Upload the export of a survey tool (CSV or Excel .xlsx; Google Forms, Microsoft Forms, "
        "SurveyMonkey, Qualtrics, Typeform, LimeSurvey, KoboToolbox or a plain table): one row "
        "per respondent, a role column, and one column per question named by its id or its "
        "text. The tool's own columns are left out. A CSV must be UTF-8 (in Excel: "
        "'CSV UTF-8'). If any row has a problem, nothing is imported."
    )
    if not engagement.is_open:
        st.info("This workshop is closed, so no more answers can be added.")
        return
    upload = st.file_uploader("Survey export", type=["csv", "xlsx"], key=_upload_key())
    if upload is None:
        return
    raw = upload.getvalue()
    ignore = st.multiselect("Columns to leave out (for example a timestamp)",
                            header_of(raw, upload.name), key=f"{_upload_key()}_ignore")  # fmt: skip
    try:
        parsed = parse_survey(raw, bundle, upload.name, SurveyOptions(ignore=tuple(ignore)))
    except ContentError as exc:
        st.warning(
            f"This file cannot be imported: {len(exc.problems)} problem(s). Nothing was saved."
        )
        st.code("\n".join(exc.lines()), language=None, wrap_lines=True)
        return
    st.write(f"Recognised as: {parsed.tool}.")
    if parsed.ignored:
        left = "; ".join(f"{c.column} {c.header} ({c.how})" for c in parsed.ignored)
        st.caption(f"Columns left out: {ui.plain(left)}")
    st.markdown("**How the columns were understood**")
    st.dataframe(
        [{"Column": c.column, "Header": c.header, "Used as": c.question_id or c.kind, "How": c.how,
          "Answers read as": "; ".join(f"{k[:40] or '(blank)'} = {v}"
                                       for k, v in parsed.understood.get(c.column, {}).items())}
         for c in parsed.columns],
        hide_index=True, key="wf_csv_preview",
    )  # fmt: skip
    counts = ", ".join(f"{ROLE_NAMES[r].label}: {n}" for r, n in parsed.role_counts().items())
    st.write(f"{len(parsed.responses)} respondents ({counts}).")
    st.button(f"Import {len(parsed.responses)} respondents", key="wf_csv_save", type="primary",
              on_click=save_import, args=(engagement, parsed))  # fmt: skip


def close_now(engagement: Engagement) -> None:
    """Freeze the engagement (button callback)."""
    if not ss.get("wf_close_sure"):
        wu.flash(
            wu.F_FLASH, "Tick the box first to confirm you want to close the workshop.", "warning"
        )
        return
    wu.attempt(wu.F_FLASH, ui.store().close_engagement, engagement.code)


def close_and_report(engagement: Engagement, bundle: Bundle) -> None:
    """Close the workshop, then download the report in HTML, JSON or CSV."""
    if engagement.is_open:
        st.write(
            "Closing freezes every answer and agreed level. Download the final report afterwards."
        )
        st.checkbox(
            "Participants can no longer change their answers after this", key="wf_close_sure"
        )
        st.button("Close the workshop", key="wf_close", on_click=close_now, args=(engagement,))
    else:
        closed = (
            engagement.closed_at.strftime("%d %b %Y, %H:%M UTC") if engagement.closed_at else ""
        )
        st.success(f"Closed {closed}. The answers are final.")
    results = engagement_results(ui.store(), engagement, bundle)
    if results is None:
        st.caption("The report becomes available once someone has answered.")
        return
    if results.anonymity and results.anonymity.note:
        st.caption(f"{results.anonymity.note} The report and the downloads follow the same rule.")
    stem = deliverable_stem(engagement.organisation, bundle.questionnaire.id, dt.date.today())
    widgets.download_buttons(
        stem,
        "wf_dl_",
        {
            "html": (
                "Download the report (HTML)",
                lambda: render_report(results, bundle, generated=dt.date.today()),
            ),
            "pptx": ("Download the deck (PowerPoint)", lambda: deck(results, bundle)),
            "json": ("Results (JSON)", lambda: results_json(results)),
            "csv": ("Scores (CSV)", lambda: summary_csv(results)),
        },
    )
    pack_download.pack_button(results, bundle, "wf_dl_pack", engagement.organisation)


def deck(results: Results, bundle: Bundle) -> bytes:
    """The PowerPoint deck (python-pptx is imported only when a deck is downloaded)."""
    from assessment.report.deck import render_deck

    return render_deck(results, bundle, generated=dt.date.today())


H_NOTE = "wf_hist_note"  # why the earlier workshop typed in could not be compared
H_FOR = "wf_earlier_for"  # join code of the workshop the earlier one was opened to compare with


def open_earlier(engagement: Engagement) -> None:
    """Form callback: open the earlier workshop typed in, if the store allows the comparison."""
    code, passcode = ss.get("wf_hist_code") or "", ss.get("wf_hist_pass") or ""
    ss["wf_hist_pass"] = ""

    def opened() -> Engagement | None:
        try:
            return ui.store().open_earlier(engagement.code, code, passcode)
        except CannotCompare as exc:
            wu.flash(H_NOTE, str(exc))
            return None

    earlier: Engagement | None = wu.attempt(wu.F_FLASH, opened)
    if earlier is not None:
        ss[wu.F_EARLIER], ss[H_FOR] = earlier.code, engagement.code


def history(engagement: Engagement, bundle: Bundle) -> None:
    """Compare this workshop with an earlier one for the same organisation."""
    wu.show_flash(H_NOTE)
    opened_here = ss.get(wu.F_EARLIER) and ss.get(H_FOR) == engagement.code
    earlier = ui.store().get_engagement(ss[wu.F_EARLIER]) if opened_here else None
    if earlier is None:
        st.write("Compare with an earlier workshop for the same organisation. Its facilitator "
                 "code and passcode are needed, so one client's results never show up in "
                 "another's.")  # fmt: skip
        with st.form("wf_hist_form", border=False):  # every box is sent, even left with Tab
            st.text_input("Earlier workshop's facilitator code", key="wf_hist_code",
                          max_chars=40)  # fmt: skip
            st.text_input("Its passcode", key="wf_hist_pass", type="password", max_chars=200)
            st.form_submit_button("Compare", key="wf_hist_open", on_click=open_earlier,
                                  args=(engagement,))  # fmt: skip
        return
    comparison = comparison_of(earlier, engagement, bundle)
    if comparison is None:
        st.info("Both workshops need answers before they can be compared.")
        return
    show_comparison(comparison)
    st.button("Compare with another workshop", key="wf_hist_clear", type="tertiary",
              on_click=lambda: ss.pop(wu.F_EARLIER, None))  # fmt: skip


def comparison_of(earlier: Engagement, later: Engagement, bundle: Bundle) -> Comparison | None:
    """The comparison of two engagements, oldest first, or None when one has no answers."""
    first, second = sorted((earlier, later), key=lambda e: e.created_at)
    results = [
        engagement_results(ui.store(), e, wu.bundle_of(e) or bundle) for e in (first, second)
    ]
    if results[0] is None or results[1] is None:
        return None
    return compare(results[0], results[1], earlier_label=wu.code_text(first),
                   later_label=wu.code_text(second), earlier_date=first.created_at,
                   later_date=second.created_at)  # fmt: skip


def show_comparison(c: Comparison) -> None:
    """Score movement and perils cleared or new."""
    when = {s.label: s.date.strftime("%d %b %Y") if s.date else "" for s in (c.earlier, c.later)}
    st.markdown(f"**{c.earlier.label}** ({when[c.earlier.label]}) → **{c.later.label}** "
                f"({when[c.later.label]})")  # fmt: skip
    change = None if c.overall_change is None else f"{c.overall_change:+.1f}"
    st.metric("Overall readiness", score_text(c.later.overall), change, border=True)
    st.dataframe(
        [{"Area": d.name, "Before": score_text(d.before), "Now": score_text(d.after),
          "Change": "–" if d.change is None else f"{d.change:+.1f}"} for d in c.dimensions],
        hide_index=True, key="wf_hist_dims",
    )  # fmt: skip
    cleared, new = st.columns(2)
    cleared.markdown(
        "**Perils cleared**\n\n" + ("\n".join(f"- {p.name}" for p in c.cleared) or "None")
    )
    new.markdown("**New perils**\n\n" + ("\n".join(f"- {p.name}" for p in c.new) or "None"))
    for note in c.caveats:
        st.caption(note)
