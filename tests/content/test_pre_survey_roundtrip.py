"""The round trip: exports of the generated pre-survey read back as the truth/ respondents.

The fixtures in tests/fixtures/survey_exports/generated/ are what each tool gives back once the
survey written by `crm-readiness survey` has been answered (make_generated.py writes them from
truth/ and the generator's plan); here the importer reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessment.content.pre_survey.limesurvey import mapping_yaml
from assessment.content.pre_survey.plan import survey_plan
from assessment.content.pre_survey.xlsform import field_name
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.content.survey.parse import SurveyOptions, parse_survey
from assessment.engine.assess import assess
from assessment.model.questionnaire import Responses

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "survey_exports"
HERE = EXPORTS / "generated"
B = load_bundle("executive-quick-check")
TRUTH = load_responses([EXPORTS / "truth"], B)
MAPPING = HERE / "limesurvey-codes.mapping.yaml"
GENERATED = {
    "kobo-xlsform.csv": None,
    "qualtrics-numeric.csv": None,
    "limesurvey-codes.csv": MAPPING,
}


def summary(responses: list[Responses]) -> tuple[object, ...]:
    r = assess(B, responses)
    return r.overall.score, r.overall.level, [p.id for p in r.perils], r.verdict.status


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_each_generated_export_reads_as_the_truth(name: str) -> None:
    options = SurveyOptions(mapping=GENERATED[name])
    got = parse_survey((HERE / name).read_bytes(), B, name, options)
    assert len(got.responses) == 7
    for mine, truth in zip(got.responses, TRUTH, strict=True):
        assert (mine.respondent, mine.answers) == (truth.respondent, truth.answers)
    assert summary(got.responses) == summary(TRUTH)


def test_the_fixtures_follow_the_generator() -> None:
    plan = survey_plan(B.questionnaire)
    assert MAPPING.read_text(encoding="utf-8") == mapping_yaml(plan)
    kobo = (HERE / "kobo-xlsform.csv").read_text(encoding="utf-8").splitlines()[0]
    names = [field_name(i.code) for i in plan.items]
    assert kobo.split(";")[2 : 2 + len(names)] == [f'"{n}"' for n in names]
    qualtrics = (HERE / "qualtrics-numeric.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert qualtrics.split(",")[-len(plan.items) :] == [i.code for i in plan.items]
    assert yaml.safe_load(mapping_yaml(plan))["columns"]["Q15"] == "upgrade-motive"
