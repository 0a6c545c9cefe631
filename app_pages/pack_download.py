"""The purchase pack download (a ZIP of the Word document, web page and scorecard)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.report.filenames import deliverable_stem

LABEL = "Purchase pack (Word, web page and scorecard, ZIP)"
HELP = (
    "The signing gate, requirements in your words, a demonstration script for vendors, a "
    "vendor scorecard spreadsheet and the contract terms to ask for."
)


def build(results: Results, bundle: Bundle, organisation: str | None) -> bytes:
    """The pack as a ZIP (python-docx and openpyxl load only when it is downloaded)."""
    from assessment.report.pack.files import pack_zip, purchase_pack

    return pack_zip(purchase_pack(results, bundle, organisation=organisation))


def pack_button(
    results: Results, bundle: Bundle, key: str, organisation: str | None = None
) -> None:
    """One download button for the pack, built when clicked."""
    name = organisation or results.organisation
    stem = deliverable_stem(name, bundle.questionnaire.id, dt.date.today())
    st.download_button(
        LABEL,
        data=lambda: build(results, bundle, organisation),
        file_name=f"{stem}_purchase-pack.zip",
        mime="application/zip",
        key=key,
        help=HELP,
        on_click="ignore",
        icon=":material/shopping_cart:",
    )
