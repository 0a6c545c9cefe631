"""The pre-survey formats by name, as the `survey` command offers them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assessment.content.pre_survey.limesurvey import limesurvey_bytes
from assessment.content.pre_survey.plain import plain_bytes
from assessment.content.pre_survey.plan import Plan
from assessment.content.pre_survey.qualtrics import qualtrics_bytes
from assessment.content.pre_survey.xlsform import xlsform_bytes


@dataclass(frozen=True)
class Format:
    """One survey-tool format: how to write it and what to do with the file."""

    name: str
    suffix: str
    write: Callable[[Plan], bytes]
    use: str  # one line: what to do with the file in the tool


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "xlsform",
            ".xlsx",
            xlsform_bytes,
            "KoboToolbox / ODK / SurveyCTO: upload as an XLSForm, deploy, then export CSV "
            "with XML values and headers",
        ),
        Format(
            "qualtrics-txt",
            ".txt",
            qualtrics_bytes,
            "Qualtrics: Survey > Tools > Import/Export > Import survey; export with numeric values",
        ),
        Format(
            "limesurvey-txt",
            ".txt",
            limesurvey_bytes,
            "LimeSurvey: Create survey > Import; export with question codes and answer "
            "codes, import with the mapping file",
        ),
        Format(
            "csv",
            ".csv",
            plain_bytes,
            "Google Forms / Microsoft Forms: the questions and choices to paste in",
        ),
    )
}
