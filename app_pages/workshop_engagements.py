"""My engagements: an account's workshops, and what can be done to each from the list."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import ui
from app_pages import workshop_account as wa
from app_pages import workshop_ui as wu
from assessment.services.workspace import engagement_zip, export_name
from assessment.storage.records import Account, Engagement, EngagementSummary

ss = st.session_state
FOLLOW_UP_HELP = "A new, empty workshop for the same organisation, linked to this one."


# ------------------------------------------------------------------ actions


def _mine(account: Account, code: str) -> Engagement | None:
    """The engagement by join code, only if this account may see it."""
    found: Engagement | None = wu.attempt(wu.F_FLASH, ui.store().account_engagement, account, code)
    return found


def open_one(account: Account, code: str) -> None:
    """Open an engagement of the account's on this page."""
    if (found := _mine(account, code)) is not None:
        wu.start_session(found)


def create(account: Account) -> None:
    """Form callback: a new engagement owned by the account."""
    b = ui.bundles().get(ss.get("wa_new_questionnaire") or "")
    organisation = (ss.get("wa_new_org") or "").strip()
    if b is None or not organisation:
        wu.flash(wu.F_FLASH, "Choose a questionnaire and give the organisation's name.", "warning")
        return
    q = b.questionnaire
    made = wu.attempt(wu.F_FLASH, ui.store().create_owned_engagement, account, q.id, q.version,
                      b.sha256, organisation=organisation)  # fmt: skip
    if made is not None:
        ss["wa_new_org"] = ""
        wu.start_session(made)


def claim(account: Account) -> None:
    """Form callback: put a passcode-only workshop into the account."""
    code, passcode = ss.get("wa_claim_code") or "", ss.get(wu.box("wa_claim_pass")) or ""
    wu.next_round("wa_claim_pass")
    found = wu.attempt(wu.F_FLASH, ui.store().claim_engagement, account, code, passcode)
    if found is not None:
        ss["wa_claim_code"] = ""
        wu.flash(wu.F_FLASH, f"The workshop for {ui.plain(found.organisation)} is now in your "
                 "engagements.", "success")  # fmt: skip


def close(account: Account, code: str) -> None:
    """Close an engagement (button callback)."""
    if (found := _mine(account, code)) is not None:
        wu.attempt(wu.F_FLASH, ui.store().close_for, account, found)


def reopen(account: Account, code: str) -> None:
    """Reopen a closed engagement with the reason typed (form callback)."""
    if (found := _mine(account, code)) is None:
        return
    done = wu.attempt(wu.F_FLASH, ui.store().reopen, account, found,
                      ss.get(f"wa_reason_{code}") or "")  # fmt: skip
    if done is not None:
        wu.flash(
            wu.F_FLASH, f"The workshop for {ui.plain(found.organisation)} is open again.", "success"
        )


def duplicate(account: Account, code: str) -> None:
    """A follow-up engagement for the same organisation (button callback)."""
    if (found := _mine(account, code)) is None:
        return
    b = wu.bundle_of(found)
    if b is None:
        wu.flash(wu.F_FLASH, "Its questionnaire is no longer installed on this server.", "warning")
        return
    made = wu.attempt(wu.F_FLASH, ui.store().duplicate_as_follow_up, account, found,
                      b.questionnaire.version, b.sha256)  # fmt: skip
    if made is not None:
        wu.flash(wu.F_FLASH, f"Follow-up created for {ui.plain(made.organisation)}: join code "
                 f"{wu.code_text(made)}.", "success")  # fmt: skip


def delete(account: Account, code: str) -> None:
    """Delete an engagement once the box is ticked (button callback)."""
    if not ss.get(f"wa_delete_sure_{code}"):
        wu.flash(wu.F_FLASH, "Tick the box first to confirm the deletion.", "warning")
        return
    if (found := _mine(account, code)) is None:
        return
    ss.pop(wu.F_FLASH, None)
    wu.attempt(wu.F_FLASH, ui.store().delete_engagement, account, found)
    if wu.F_FLASH not in ss:  # no refusal was flashed
        wu.flash(wu.F_FLASH, f"Deleted the workshop for {ui.plain(found.organisation)}.", "success")


def share(account: Account, code: str) -> None:
    """Share with the colleague's email typed (form callback)."""
    if (found := _mine(account, code)) is None:
        return
    email = ss.get(f"wa_share_{code}") or ""
    if wu.attempt(wu.F_FLASH, ui.store().share_engagement, account, found, email) is not None:
        ss[f"wa_share_{code}"] = ""


# ------------------------------------------------------------------- views


def when(stamp: dt.datetime) -> str:
    """A time stamp as shown in the list."""
    return stamp.strftime("%d %b %Y, %H:%M UTC")


def line(account: Account, s: EngagementSummary) -> None:
    """One engagement of the list: what and when, Open, and the rest under Manage."""
    e = s.engagement
    b = wu.bundle_of(e)
    title = b.questionnaire.title if b else e.questionnaire_id
    people = f"{s.respondents} respondent{'' if s.respondents == 1 else 's'}"
    facts = [f"Code {wu.code_text(e)}", "open" if e.is_open else "closed", people,
             f"last activity {when(s.last_activity)}"]  # fmt: skip
    if s.follow_up_code:
        facts.append(f"follow-up of {s.follow_up_code[:5]}-{s.follow_up_code[5:]}")
    if not s.owned:
        facts.append("shared with you")
    with st.container(border=True, key=f"wa_row_{e.code}"):
        st.markdown(f"**{ui.plain(e.organisation)}** · {ui.plain(title)}")
        st.caption(" · ".join(facts))
        st.button("Open", key=f"wa_open_{e.code}", type="primary", on_click=open_one,
                  args=(account, e.code))  # fmt: skip
        with st.expander("Manage"):
            manage(account, s, b is not None)


def manage(account: Account, s: EngagementSummary, installed: bool) -> None:
    """Close or reopen, follow up, export, share, delete."""
    e, code = s.engagement, s.engagement.code
    if e.is_open:
        st.button("Close", key=f"wa_close_{code}", on_click=close, args=(account, code))
    else:
        with st.form(f"wa_reopen_form_{code}", border=False):
            st.text_input("Why reopen it?", key=f"wa_reason_{code}", max_chars=500)
            st.form_submit_button("Reopen", key=f"wa_reopen_{code}", on_click=reopen,
                                  args=(account, code))  # fmt: skip
    st.button("Duplicate as a follow-up", key=f"wa_dup_{code}", on_click=duplicate,
              args=(account, code), help=FOLLOW_UP_HELP)  # fmt: skip
    if installed:
        st.download_button(
            "Export everything (ZIP)",
            data=lambda: zip_of(account, code),
            file_name=export_name(e, dt.date.today()),
            mime="application/zip",
            key=f"wa_zip_{code}",
            on_click="ignore",
            icon=":material/folder_zip:",
            help="Answers (CSV, no names), results (JSON), scores (CSV), the report (HTML), "
            "the deck (PowerPoint) and the workshop's history.",
        )
    if s.owned:
        share_form(account, e)
        st.checkbox("Delete this workshop and every answer in it for good",
                    key=f"wa_delete_sure_{code}")  # fmt: skip
        st.button("Delete", key=f"wa_delete_{code}", on_click=delete, args=(account, code))


def zip_of(account: Account, code: str) -> bytes:
    """The ZIP, built when the button is pressed (access checked again then)."""
    found = ui.store().account_engagement(account, code)
    bundle = wu.bundle_of(found)
    if bundle is None:
        return b""
    return engagement_zip(ui.store(), found, bundle, dt.date.today())


def share_form(account: Account, e: Engagement) -> None:
    """Who else can see it, and a box to share it with a colleague's account."""
    others = ui.store().shared_with(e)
    if others:
        st.caption("Shared with " + ", ".join(ui.plain(o) for o in others))
    with st.form(f"wa_share_form_{e.code}", border=False):
        st.text_input("Share with a colleague (their account's email)",
                      key=f"wa_share_{e.code}", max_chars=254)  # fmt: skip
        st.form_submit_button("Share", key=f"wa_share_go_{e.code}", on_click=share,
                              args=(account, e.code))  # fmt: skip


def new_and_claim(account: Account) -> None:
    """Create an engagement in the account, or claim one made with a passcode."""
    new_tab, claim_tab = st.tabs(["New engagement", "Add a workshop you ran with a passcode"])
    with new_tab, st.form("wa_new_form", border=False):
        bundles = ui.bundles()
        st.selectbox("Questionnaire", list(bundles), key="wa_new_questionnaire",
                     format_func=lambda i: bundles[i].questionnaire.title)  # fmt: skip
        st.text_input("Organisation", key="wa_new_org", max_chars=200)
        st.form_submit_button("Create", key="wa_create", type="primary", on_click=create,
                              args=(account,))  # fmt: skip
    with claim_tab, st.form("wa_claim_form", border=False):
        st.text_input("Its facilitator code", key="wa_claim_code", max_chars=40)
        st.text_input("Its passcode", key=wu.box("wa_claim_pass"), type="password",
                      max_chars=200)  # fmt: skip
        st.form_submit_button("Add to my engagements", key="wa_claim", on_click=claim,
                              args=(account,))  # fmt: skip


def workspace(account: Account) -> None:
    """Signed in to an account, no workshop open: My engagements."""
    st.title("My engagements", anchor=False)
    st.caption(f"Signed in as {ui.plain(account.email)}")
    st.button("Sign out", key="wa_sign_out", type="tertiary", on_click=wa.sign_out)
    new_and_claim(account)
    summaries = wu.attempt(wu.F_FLASH, ui.store().my_engagements, account) or []
    if not summaries:
        st.info("No engagements yet. Create one above, or add one you ran with a passcode.")
    for s in summaries:
        line(account, s)
