"""Deliverable names carry organisation, questionnaire and date, safely slugged."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.report.filenames import deliverable_stem, slug

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Ltd", "acme-ltd"),
        ("Café Müller & Söhne GmbH", "cafe-muller-sohne-gmbh"),
        ("../../etc/passwd", "etc-passwd"),
        ('=HYPERLINK("x")', "hyperlink-x"),
        ("  ", ""),
        (None, ""),
        ("株式会社", ""),
    ],
)
def test_slug_keeps_only_safe_characters(text: str | None, expected: str) -> None:
    assert slug(text) == expected


def test_the_stem_names_organisation_questionnaire_and_date() -> None:
    assert deliverable_stem("Acme Ltd", "executive-quick-check", DAY) == (
        "acme-ltd_executive-quick-check_2026-12-01"
    )
    assert deliverable_stem(None, "crm-readiness", DAY) == "crm-readiness_2026-12-01"
    assert deliverable_stem("Two Clients", "crm-readiness", DAY) != deliverable_stem(
        "Acme Ltd", "crm-readiness", DAY
    )


def test_a_long_organisation_is_cut_without_a_trailing_dash() -> None:
    stem = deliverable_stem("A very long organisation name " * 5, "crm-readiness", DAY)
    first = stem.split("_")[0]
    assert len(first) <= 60 and not first.endswith("-")
