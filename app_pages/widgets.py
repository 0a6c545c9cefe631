"""Streamlit building blocks the pages share: lazy panels, download and copy buttons, scripts."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

import streamlit as st

from app_pages import ui


def lazy_panel(label: str, key: str, icon: str | None = None) -> Any | None:
    """A collapsible panel whose content only runs while it is open: the open panel, or None.

    Keep the label fixed: a label that changes makes the browser redraw the panel closed.
    """
    panel = st.expander(label, key=key, icon=icon, on_change="rerun")
    return panel if panel.open else None


MIME_TYPES: dict[str, str] = {
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def download_buttons(
    stem: str,
    key_prefix: str,
    builders: dict[str, tuple[str, Callable[[], str | bytes]]],
    *,
    side_by_side: bool = False,
) -> None:
    """One download button per file type, the first primary; files are built when clicked.

    `builders` maps a file extension to the button's label and the function that builds the
    file; each button's key is key_prefix + extension. Side by side puts them in equal
    columns with a download icon.
    """
    places = st.columns(len(builders)) if side_by_side else None
    look: dict[str, Any] = {"icon": ":material/download:", "width": "stretch"} if places else {}
    for i, (ext, (label, build)) in enumerate(builders.items()):
        button = places[i].download_button if places else st.download_button
        button(
            label,
            data=build,
            file_name=f"{stem}.{ext}",
            mime=MIME_TYPES[ext],
            key=f"{key_prefix}{ext}",
            on_click="ignore",
            type="primary" if i == 0 else "secondary",
            **look,
        )


HIDE_SCRIPTS = "<style>[class*='st-key-js_']{display: none}</style>"


def run_script(script: str, key: str) -> None:
    """Run a fixed <script> in the page (not an iframe) once, when the browser adds it.

    The script is placed in a hidden container (`key` must start with 'js_') so it takes no
    room; a script whose text changes runs again.
    """
    with st.container(key=key):
        st.html(HIDE_SCRIPTS + script, width="content", unsafe_allow_javascript=True)


COPY_SCRIPT = """
(function(){
  var box = document.getElementById(%(id)s), text = %(text)s;
  if (!box || box.dataset.bound) return;
  box.dataset.bound = "1";
  var button = box.querySelector("button"), said = box.querySelector("[aria-live]");
  var holder = box.closest(%(holder)s), timer = null;
  function tell(message) {
    // "Copied" is on the button already: screen readers alone hear it from the status.
    said.className = message === %(done)s ? "crm-copy-said crm-sr" : "crm-copy-said";
    said.textContent = message;
    button.querySelector("span").textContent = message === %(done)s ? message : %(label)s;
    clearTimeout(timer);
    timer = setTimeout(function(){ said.textContent = ""; button.querySelector("span")
      .textContent = %(label)s; }, 4000);
  }
  function selectShown() {
    var shown = holder && holder.querySelector("[data-testid=stCode] code");
    if (!shown) return;
    var range = document.createRange(); range.selectNodeContents(shown);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }
  function fallback() {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0"; area.style.top = "0";
    document.body.appendChild(area); area.select(); area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area); button.focus();
    if (ok) { tell(%(done)s); } else { selectShown(); tell(%(manual)s); }
  }
  button.addEventListener("click", function(){
    if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function(){ tell(%(done)s); }, fallback);
    } else { fallback(); }
  });
})();
"""


def copy_box(text: str, key: str, label: str = "Copy link") -> None:
    """`text` shown in full (st.code) for copying by hand, with an always-visible copy button.

    The button uses the Clipboard API where the page is a secure context, else it copies a
    selected hidden text area (document.execCommand), else it selects the shown text; it then
    says "Copied" for a few seconds, announced to screen readers (aria-live).
    """
    ident = f"copy-{key}"
    values = {
        "id": json.dumps(ident),
        "holder": json.dumps(f".st-key-{key}"),
        "text": json.dumps(text),
        "label": json.dumps(label),
        "done": json.dumps("Copied"),
        "manual": json.dumps("Selected: press Ctrl+C (or Cmd+C) to copy"),
    }
    body = (
        f'<div class="crm-copy" id="{ident}"><button type="button" class="crm-copy-button">'
        f"<span>{escape(label)}</span></button>"
        '<span class="crm-copy-said" role="status" aria-live="polite"></span></div>'
        f"<script>{COPY_SCRIPT % values}</script>"
    )
    with st.container(key=key, gap="small"):
        st.code(text, language=None, wrap_lines=True)
        st.html(body, unsafe_allow_javascript=True)


# Streamlit 1.67's sidebar navigation (the phone's menu) puts each named section's links in a
# <div> inside its <ul>, which is not a valid list (axe: list, listitem). Until Streamlit
# fixes it, the list is marked presentational, so its links read as the links of the <nav>
# around them; an observer keeps it so when Streamlit redraws the menu.
NAV_LIST_SCRIPT = """<script>(function(){
  if (window.crmNavList) return;
  window.crmNavList = true;
  function mend() {
    document.querySelectorAll('[data-testid="stSidebarNavItems"]').forEach(function(ul){
      if (ul.getAttribute("role") !== "none") ul.setAttribute("role", "none");
      Array.prototype.forEach.call(ul.children, function(child){
        if (child.tagName === "DIV" && child.getAttribute("role") !== "none") {
          child.setAttribute("role", "none");
        }
      });
    });
  }
  mend();
  new MutationObserver(mend).observe(document.body, {childList: true, subtree: true});
})();</script>"""


def mend_navigation_list() -> None:
    """Make the phone menu's list of pages a valid one for assistive technology (see above).

    Once per session: its observer lives on in the browser window after the script's element
    has gone, so later runs pay nothing for it.
    """
    memo = ui.memo()
    if not memo.nav_mended:
        memo.nav_mended = True
        run_script(NAV_LIST_SCRIPT, "js_nav")
