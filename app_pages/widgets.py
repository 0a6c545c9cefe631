"""Streamlit building blocks the pages share: lazy panels and download buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def lazy_panel(label: str, key: str, icon: str | None = None) -> Any | None:
    """A collapsible panel whose content only runs while it is open: the open panel, or None.

    Keep the label fixed: a label that changes makes the browser redraw the panel closed.
    """
    panel = st.expander(label, key=key, icon=icon, on_change="rerun")
    return panel if panel.open else None


MIME_TYPES: dict[str, str] = {"html": "text/html", "json": "application/json", "csv": "text/csv"}


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
