"""Workshop facilitator: create or open an engagement, invite, watch live, agree, close."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import ui, widgets
from app_pages import workshop_account as wa
from app_pages import workshop_engagements as we
from app_pages import workshop_live as live
from app_pages import workshop_people as people
from app_pages import workshop_tools as tools
from app_pages import workshop_ui as wu
from assessment.model.questionnaire import Bundle
from assessment.report.filenames import deliverable_stem
from assessment.services.handout import engagement_handout
from assessment.services.workshop import link, qr_png
from assessment.storage.records import Account, Engagement
from assessment.storage.security import check_passcode_strength, format_facilitator_code

ss = st.session_state
box, next_round = wu.box, wu.next_round
OWNED = "This workshop belongs to an account now: sign in to that account to open it."


def create() -> None:
    """Create the engagement from the form and sign this browser in (form callback)."""
    bundle_id = ss.get("wf_new_questionnaire")
    organisation = (ss.get("wf_new_org") or "").strip()
    passcode, again = ss.get(box("wf_new_pass")) or "", ss.get(box("wf_new_pass2")) or ""
    next_round("wf_new_pass", "wf_new_pass2")
    problem = (
        ("Give the organisation's name." if not organisation else None)
        or check_passcode_strength(passcode)
        or ("The two passcodes are different." if passcode != again else None)
    )
    b = ui.bundles().get(bundle_id or "")
    if problem or b is None:
        wu.flash(wu.F_FLASH, problem or "Choose a questionnaire.", "warning")
        return
    q = b.questionnaire
    made = wu.attempt(wu.F_FLASH, ui.store().create_engagement, q.id, q.version, b.sha256,
                      organisation=organisation, passcode=passcode)  # fmt: skip
    if made is not None:
        wu.start_session(made)
        code = format_facilitator_code(ui.store().facilitator_code(made))
        wu.flash(
            wu.F_FLASH,
            f"Workshop created. Your private facilitator code is **{code}**. Write it down with "
            "your passcode: you need both to sign in again. Never show it to the room; share "
            "the join link or QR code below instead.",
            "success",
        )


def open_workshop() -> None:
    """Sign in with the facilitator code and passcode from the form (form callback)."""
    found = wu.signed_in_from("wf_code_in", box("wf_pass_in"), wu.F_CODE)
    next_round("wf_pass_in")
    if found is not None:
        wu.start_session(found)


def renew_code(engagement: Engagement) -> None:
    """Give the workshop a new private facilitator code (button callback)."""
    fresh = wu.attempt(wu.F_FLASH, ui.store().renew_facilitator_code, engagement)
    if fresh:
        wu.flash(
            wu.F_FLASH,
            f"Your new facilitator code is **{format_facilitator_code(fresh)}**. Write it down: "
            "the old code no longer signs in. This browser stays signed in.",
            "success",
        )


def save_public_url(engagement: Engagement) -> None:
    """Store the public address typed for this workshop's links (form callback)."""
    typed = ss.get("wf_public_url") or ""
    saved = wu.attempt(wu.F_FLASH, ui.store().set_public_url, engagement, typed)
    if saved is not None:
        message = (
            f"Links and QR codes now use {saved.public_url}."
            if saved.public_url
            else "Links and QR codes use the app's default address again."
        )
        wu.flash(wu.F_FLASH, message, "success")


def doors() -> None:
    """Not signed in: open an engagement or create one."""
    st.title("Run a workshop", anchor=False)
    st.write(
        "Participants answer alone on their own phones or laptops. You project the combined "
        "results, see where leaders and the front line disagree, and record what the room agrees."
    )
    open_tab, new_tab, account_tab = st.tabs(
        ["Open a workshop", "Create a workshop", "Sign in to your account"]
    )
    with account_tab:
        wa.sign_in_form()
    with open_tab, st.form("wf_open_form", border=False):
        # A form sends every box on submit (Enter or the button), so a passcode typed and
        # then left with Tab is never lost.
        st.text_input("Facilitator code", key="wf_code_in", max_chars=40,
                      help="The private code you got when you created the workshop, not the "
                      "join code people in the room see.")  # fmt: skip
        st.text_input("Facilitator passcode", key=box("wf_pass_in"), type="password",
                      max_chars=200)  # fmt: skip
        st.form_submit_button("Open", key="wf_open", type="primary", on_click=open_workshop)
    with new_tab, st.form("wf_new_form", border=False):
        bundles = ui.bundles()
        st.selectbox("Questionnaire", list(bundles), key="wf_new_questionnaire",
                     format_func=lambda i: bundles[i].questionnaire.title)  # fmt: skip
        st.text_input("Organisation", key="wf_new_org", max_chars=200)
        st.text_input("Facilitator passcode (at least 6 characters)", key=box("wf_new_pass"),
                      type="password", max_chars=200)  # fmt: skip
        st.text_input("Passcode again", key=box("wf_new_pass2"), type="password",
                      max_chars=200)  # fmt: skip
        st.caption("Only you need the passcode: it opens this page for the workshop. Keep it safe.")
        st.form_submit_button("Create the workshop", key="wf_create", type="primary",
                              on_click=create)  # fmt: skip


def public_address(engagement: Engagement, url: str) -> None:
    """The warning about a local address and the field that sets the workshop's own one."""
    if wu.is_local_address(url):
        st.warning(
            "Phones in the room cannot reach this address: it names this computer only. Set "
            "the app's public address below (or start the app with CRM_READINESS_PUBLIC_URL "
            "set), then share the new link or QR code.",
            icon=":material/wifi_off:",
        )
    with (
        st.expander("Public address of the app", expanded=wu.is_local_address(url)),
        st.form("wf_public_form", border=False),
    ):
        st.text_input("Address people in the room open", value=engagement.public_url or "",
                      key="wf_public_url", max_chars=500, placeholder="https://crm.example.org",
                      help="Kept with this workshop. Leave empty to use the default address."
                      )  # fmt: skip
        st.form_submit_button("Use this address", key="wf_public_save",
                              on_click=save_public_url, args=(engagement,))  # fmt: skip


def invite(engagement: Engagement) -> None:
    """The participant link and a QR code to project."""
    url = link(wu.base_url(engagement), join=engagement.code)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"### Code: `{wu.code_text(engagement)}`")
        st.code(url, language=None, wrap_lines=True)
        st.write(
            "Ask everyone to open the link or scan the code, choose their role and answer "
            "alone. Each person gets a private link to come back to their own answers."
        )
    with right:
        st.image(qr_png(url), caption="Scan to join", width=260)
    handout_download(engagement, url)
    public_address(engagement, url)


def handout_download(engagement: Engagement, url: str) -> None:
    """The one-page printable handout with this QR code and link (built when clicked)."""
    bundle = wu.bundle_of(engagement)
    if bundle is None:
        return
    stem = deliverable_stem(engagement.organisation, bundle.questionnaire.id, dt.date.today())
    st.download_button(
        "Download handout (print to PDF)",
        data=lambda: engagement_handout(engagement, bundle, url),
        file_name=f"{stem}_handout.html",
        mime="text/html",
        key="wf_handout",
        on_click="ignore",
        icon=":material/print:",
        help="A one-page HTML handout with the QR code, link, code and the anonymity promise, "
        "for A4 or US letter. Open it and use the browser's Print to print it or save a PDF.",
    )


def access(engagement: Engagement, legacy: bool) -> None:
    """The private facilitator code (not for the projector) and how to replace it."""
    code = ui.store().facilitator_code(engagement)
    st.write(
        "Sign in to this workshop with this facilitator code and your passcode. It is not the "
        "join code: keep it private and do not show this view on the projector."
    )
    st.code(format_facilitator_code(code), language=None)
    if not legacy:
        st.caption("If the code was seen by others, make a new one; the old one stops working.")
        st.button("Make a new facilitator code", key="wf_renew_code",
                  on_click=renew_code, args=(engagement,))  # fmt: skip


def legacy_warning(engagement: Engagement) -> None:
    """A workshop from before facilitator codes: it still signs in with its join code."""
    st.warning(
        "This workshop was created before private facilitator codes, so you still sign in "
        "with its join code, which everyone in the room can see. Anyone could type wrong "
        "passcodes with it and lock you out for 15 minutes. Make a private facilitator code "
        "now; the join code and the participants' links stay as they are.",
        icon=":material/lock_open:",
    )
    st.button("Make a private facilitator code", key="wf_renew_code_legacy", type="primary",
              on_click=renew_code, args=(engagement,))  # fmt: skip


def history(engagement: Engagement, bundle: Bundle, account: Account | None) -> None:
    """A follow-up is compared with the workshop it follows up; any other one by its code."""
    earlier = ui.store().followed_up(account, engagement) if account else None
    if earlier is not None:
        day = earlier.created_at.strftime("%d %b %Y")
        st.write(f"This workshop follows up {wu.code_text(earlier)} of {day}.")
        comparison = tools.comparison_of(earlier, engagement, bundle)
        if comparison is None:
            st.info("Both workshops need answers before they can be compared.")
        else:
            tools.show_comparison(comparison)
        st.divider()
    tools.history(engagement, bundle)


def workshop(engagement: Engagement, account: Account | None) -> None:
    """Signed in: everything about one engagement."""
    bundle = wu.bundle_of(engagement)
    status = "open" if engagement.is_open else "closed"
    st.title(f"Workshop for {ui.plain(engagement.organisation)}", anchor=False)
    title = bundle.questionnaire.title if bundle else engagement.questionnaire_id
    st.caption(f"Code {wu.code_text(engagement)} · {title} · {status}")
    if account is not None:
        st.button("Back to my engagements", key="wf_back", type="tertiary",
                  on_click=wu.end_session, icon=":material/arrow_back:")  # fmt: skip
    else:
        st.button("Sign out", key="wf_sign_out", type="tertiary", on_click=wu.end_session)
    owned = engagement.account_id is not None
    legacy = not owned and ui.store().uses_join_code_to_sign_in(engagement)
    if legacy:
        legacy_warning(engagement)
    if bundle is None:
        st.info("The questionnaire of this workshop is no longer installed on this server.")
        return
    views = {
        "Invite": lambda: invite(engagement),
        "Live results": lambda: live.dashboard(engagement.code),
        "Consensus": lambda: live.consensus_round(engagement, bundle),
        "Import": lambda: tools.import_csv(engagement, bundle),
        "Participants": lambda: people.participants(engagement, account),
        "Close and report": lambda: tools.close_and_report(engagement, bundle),
        "History": lambda: history(engagement, bundle, account),
        "Access": lambda: access(engagement, legacy),
    }
    if owned:  # an account's workshop opens from the account, not by code and passcode
        views.pop("Access")
    # A segmented control rather than tabs: only the chosen view runs, and it is current.
    chosen = st.segmented_control("View", list(views), default="Invite", required=True,
                                  key="wf_view", label_visibility="collapsed")  # fmt: skip
    views[chosen or "Invite"]()


def page() -> None:
    """The Facilitate page: a workshop, My engagements, or the doors in."""
    wu.restore_session()  # a refresh keeps the sign-in (streamlit_app.py did it for the projector)
    wa.restore_account()
    wu.show_flash(wu.F_FLASH)
    account = wa.current_account()
    signed_in = ss.get(wu.F_CODE)
    current = wu.attempt(wu.F_FLASH, ui.store().get_engagement, signed_in) if signed_in else None
    if current is not None and (current := wa.may_open(current)) is None:
        wu.end_session()  # the sign-in kept for it is no longer enough
        if account is None:
            wu.flash(wu.F_FLASH, OWNED, "warning")
        st.rerun()
    if current is None:
        ss.pop(wu.F_CODE, None)
        if account is None:
            doors()
        else:
            we.workspace(account)
    else:
        workshop(current, account)
    wu.send_cookie()
    wa.send_cookie()


page()
widgets.mend_navigation_list()  # the phone menu, a valid list for screen readers
