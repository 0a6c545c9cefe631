"""Names for downloaded and written deliverables: organisation, questionnaire and date, slugged."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MAX_PART = 60  # characters kept of each part of a name


def slug(text: str | None) -> str:
    """Lower-case ASCII letters, digits and single dashes: safe in any file system and URL.

    Accents are dropped ("Café Müller" -> "cafe-muller"); everything else that is not a letter
    or digit (slashes, dots, spaces, quotes, formula signs) becomes one dash.
    """
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_PART].strip("-")


def deliverable_stem(organisation: str | None, questionnaire_id: str, day: dt.date) -> str:
    """'acme-ltd_executive-quick-check_2026-12-01' (no organisation: the other two parts)."""
    parts = (slug(organisation), slug(questionnaire_id) or "assessment", day.isoformat())
    return "_".join(p for p in parts if p)
