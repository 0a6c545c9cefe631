"""Workshop facilitator: create or open an engagement, invite, watch live, agree, close."""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from app_pages import workshop_live as live
from app_pages import workshop_tools as tools
from app_pages import workshop_ui as wu
from assessment.security import check_passcode_strength
from assessment.storage_workshop import Engagement
from assessment.workshop_service import link, qr_png

ss = st.session_state


def create() -> None:
    """Create the engagement from the form and sign this session in (button callback)."""
    bundle_id = ss.get("wf_new_questionnaire")
    organisation = (ss.get("wf_new_org") or "").strip()
    passcode, again = ss.get("wf_new_pass") or "", ss.get("wf_new_pass2") or ""
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
        ss[wu.F_CODE] = made.code
        wu.flash(wu.F_FLASH, "Workshop created. Share the link or QR code below.", "success")
    ss["wf_new_pass"] = ss["wf_new_pass2"] = ""


def sign_out() -> None:
    """Forget the signed-in engagement in this browser session."""
    for key in (wu.F_CODE, wu.F_EARLIER):
        ss.pop(key, None)


def doors() -> None:
    """Not signed in: open an engagement or create one."""
    st.title("Run a workshop", anchor=False)
    st.write(
        "Participants answer alone on their own phones or laptops. You project the combined "
        "results, see where leaders and the front line disagree, and record what the room agrees."
    )
    open_tab, new_tab = st.tabs(["Open a workshop", "Create a workshop"])
    with open_tab:
        st.text_input("Workshop code", key="wf_code_in", max_chars=20)
        st.text_input("Facilitator passcode", key="wf_pass_in", type="password", max_chars=200)
        st.button(
            "Open",
            key="wf_open",
            type="primary",
            on_click=wu.sign_in_with,
            args=("wf_code_in", "wf_pass_in", wu.F_CODE),
        )
    with new_tab:
        bundles = ui.bundles()
        st.selectbox("Questionnaire", list(bundles), key="wf_new_questionnaire",
                     format_func=lambda i: bundles[i].questionnaire.title)  # fmt: skip
        st.text_input("Organisation", key="wf_new_org", max_chars=200)
        st.text_input("Facilitator passcode (at least 6 characters)", key="wf_new_pass",
                      type="password", max_chars=200)  # fmt: skip
        st.text_input("Passcode again", key="wf_new_pass2", type="password", max_chars=200)
        st.caption("Only you need the passcode: it opens this page for the workshop. Keep it safe.")
        st.button("Create the workshop", key="wf_create", type="primary", on_click=create)


def invite(engagement: Engagement) -> None:
    """The participant link and a QR code to project."""
    url = link(wu.base_url(), join=engagement.code)
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


def workshop(engagement: Engagement) -> None:
    """Signed in: everything about one engagement."""
    bundle = wu.bundle_of(engagement)
    status = "open" if engagement.is_open else "closed"
    st.title(f"Workshop for {ui.plain(engagement.organisation)}", anchor=False)
    title = bundle.questionnaire.title if bundle else engagement.questionnaire_id
    st.caption(f"Code {wu.code_text(engagement)} · {title} · {status}")
    st.button("Sign out", key="wf_sign_out", type="tertiary", on_click=sign_out)
    if bundle is None:
        st.info("The questionnaire of this workshop is no longer installed on this server.")
        return
    views = {
        "Invite": lambda: invite(engagement),
        "Live results": lambda: live.dashboard(engagement.code),
        "Consensus": lambda: live.consensus_round(engagement, bundle),
        "Import": lambda: tools.import_csv(engagement, bundle),
        "Close and report": lambda: tools.close_and_report(engagement, bundle),
        "History": lambda: tools.history(engagement, bundle),
    }
    # A segmented control rather than tabs: only the chosen view runs, and it is current.
    chosen = st.segmented_control("View", list(views), default="Invite", required=True,
                                  key="wf_view", label_visibility="collapsed")  # fmt: skip
    views[chosen or "Invite"]()


wu.show_flash(wu.F_FLASH)
signed_in = ss.get(wu.F_CODE)
current = wu.attempt(wu.F_FLASH, ui.store().get_engagement, signed_in) if signed_in else None
if current is None:
    ss.pop(wu.F_CODE, None)
    doors()
else:
    workshop(current)
