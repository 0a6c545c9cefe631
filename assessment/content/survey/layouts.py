"""Survey tools recognised by their header signature: header rows, question row, metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Rows = list[list[str]]


@dataclass(frozen=True)
class Layout:
    """How one tool lays out an export.

    ``header_rows`` rows come before the first respondent; cells of ``question_row`` are
    matched to questions. A column is the tool's metadata when its first header cell is in
    ``metadata`` or starts with one of ``prefixes``. ``numeric`` says the tool's numeric
    export codes choices in order (levels 1..5, then 6 = don't know; roles in ROLES order).
    """

    tool: str
    header_rows: int = 1
    question_row: int = 0
    metadata: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    numeric: bool = False
    signed_name: str | None = None  # a metadata column that names the signed-in respondent

    def is_metadata(self, header: str) -> bool:
        """Whether a column whose first header cell is ``header`` is the tool's bookkeeping."""
        cell = header.strip()
        return cell in self.metadata or bool(
            cell and self.prefixes and cell.startswith(self.prefixes)
        )


def _cells(rows: Rows, index: int) -> list[str]:
    return [c.strip() for c in rows[index]] if len(rows) > index else []


def _qualtrics(rows: Rows) -> bool:
    return any(c.startswith('{"ImportId"') for c in _cells(rows, 2))


SURVEYMONKEY_SUBHEADERS = frozenset({"Response", "Open-Ended Response", "Other (please specify)"})


def _surveymonkey(rows: Rows) -> bool:
    """Row 2 of Response / Open-Ended Response, or SurveyMonkey's two id columns first."""
    second = [c for c in _cells(rows, 1) if c]
    if _cells(rows, 0)[:2] == ["Respondent ID", "Collector ID"]:
        return True
    return bool(second) and all(c in SURVEYMONKEY_SUBHEADERS for c in second)


def _kobo(rows: Rows) -> bool:
    return bool({"_uuid", "_submission_time"} & set(_cells(rows, 0)))


def _limesurvey(rows: Rows) -> bool:
    first = set(_cells(rows, 0))
    marks = {"submitdate", "lastpage", "startlanguage", "seed"}
    marks |= {"Date submitted", "Last page", "Start language", "Seed"}
    return bool({"Response ID", "id"} & first) and bool(marks & first)


def _google(rows: Rows) -> bool:
    return _cells(rows, 0)[:1] == ["Timestamp"]


MS_FORMS_START = ["ID", "Start time", "Completion time", "Email", "Name"]


def _ms_forms(rows: Rows) -> bool:
    return _cells(rows, 0)[:5] == MS_FORMS_START


def _typeform(rows: Rows) -> bool:
    first = _cells(rows, 0)
    return first[:1] == ["#"] and bool({"Submit Date (UTC)", "Network ID"} & set(first))


LAYOUTS: list[tuple[Callable[[Rows], bool], Layout]] = [
    (
        _qualtrics,
        Layout(
            "Qualtrics", 3, 1,
            frozenset({"StartDate", "EndDate", "Status", "IPAddress", "Progress",
                       "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
                       "ExternalReference", "DistributionChannel", "UserLanguage"}),
            ("Recipient", "Location"), numeric=True,
        ),
    ),
    (
        _surveymonkey,
        Layout(
            "SurveyMonkey", 2, 0,
            frozenset({"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                       "Email Address", "First Name", "Last Name", "Custom Data 1"}),
            ("Custom Data",),
        ),
    ),
    (
        _kobo,
        Layout(
            "KoboToolbox",
            metadata=frozenset({"start", "end", "_id", "_uuid", "_submission_time",
                                "_validation_status", "_notes", "_status", "_submitted_by",
                                "__version__", "_tags", "_index"}),
        ),
    ),
    (
        _limesurvey,
        Layout(
            "LimeSurvey",
            metadata=frozenset({"Response ID", "Date submitted", "Last page", "Start language",
                                "Seed", "Date started", "Date last action", "id", "submitdate",
                                "lastpage", "startlanguage", "seed", "startdate", "datestamp"}),
        ),
    ),
    (_google, Layout("Google Forms", metadata=frozenset({"Timestamp", "Email address"}))),
    (
        _ms_forms,
        Layout(
            "Microsoft Forms",
            metadata=frozenset({"ID", "Start time", "Completion time", "Email",
                                "Last modified time"}),
            signed_name="Name",
        ),
    ),
    (
        _typeform,
        Layout(
            "Typeform",
            metadata=frozenset({"#", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
                                "Submit Date (UTC)", "Network ID", "Tags", "Ending"}),
        ),
    ),
]  # fmt: skip
PLAIN = Layout("plain table")


def detect(rows: Rows) -> Layout:
    """The layout whose signature the header rows show; a plain one-header table otherwise."""
    for matches, layout in LAYOUTS:
        if matches(rows):
            return layout
    return PLAIN
