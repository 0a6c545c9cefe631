"""Whatever text arrives, the loader answers with located problems, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.content.questionnaires import load_bundle_text, load_catalogue
from assessment.model.errors import ContentError
from assessment.model.questionnaire import Bundle

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "mini.yaml"
YAMLISH = st.lists(
    st.sampled_from([*"ab1-: \n\t[]{},&*!|>'\"#%@?~.\\é\x07", "id", "  ", "\n  - "]),
    max_size=120,
).map("".join)
CATALOGUE = load_catalogue(MINI.parent / "perils.yaml")


def outcome(text: str) -> Bundle | ContentError:
    """The bundle, or the ContentError; anything else escapes and fails the test."""
    try:
        return load_bundle_text(text, "fuzz.yaml", CATALOGUE)
    except ContentError as exc:
        assert exc.problems
        assert all(p.file == "fuzz.yaml" for p in exc.problems)
        return exc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_random_yamlish_text_gives_problems_not_crashes(text: str) -> None:
    outcome(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=6000), st.text(max_size=6))
def test_mini_with_text_spliced_in_gives_problems_not_crashes(at: int, piece: str) -> None:
    original = MINI.read_text()
    result = outcome(original[:at] + piece + original[at:])
    if isinstance(result, Bundle):
        assert result.questionnaire.id
