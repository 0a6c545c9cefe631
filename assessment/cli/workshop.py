"""Workshop commands: `import-csv` loads a pre-survey export (CSV or xlsx) into an engagement."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessment.cli.report import add_survey_arguments, survey_options
from assessment.content.questionnaires import load_bundle
from assessment.content.survey.parse import SurveyImport, parse_survey
from assessment.model.errors import ContentError, Problem
from assessment.storage.security import format_join_code

if TYPE_CHECKING:  # the storage modules import SQLAlchemy: only when a command needs it
    from assessment.storage.records import Engagement
    from assessment.storage.store import Store


def register(subparsers: Any) -> None:
    """Add the workshop commands to the CLI."""
    p = subparsers.add_parser(
        "import-csv",
        help="import a survey export (CSV or xlsx, one row per respondent) into a workshop",
        description=(
            "Read a CSV or xlsx exported from a survey tool and add its respondents to a "
            "workshop. The tool is recognised from its headers (its metadata columns are "
            "ignored and listed); columns are matched to questions by id or by question text, "
            "or by a --mapping file; a role column is required. A CSV must be UTF-8. Any "
            "problem rejects the whole file."
        ),
    )
    p.add_argument("file", metavar="FILE", type=Path, help="the export (.csv or .xlsx)")
    p.add_argument("--engagement", required=True, metavar="CODE", help="the workshop code")
    add_survey_arguments(p)
    p.add_argument("--dry-run", action="store_true", help="show the mapping, save nothing")
    p.add_argument("--database", metavar="URL", help="database URL (default: the configured one)")
    p.set_defaults(handler=import_csv)


def preview_lines(parsed: SurveyImport) -> list[str]:
    """The tool, the column mapping and respondent counts, as printed before saving."""
    lines = [f"Layout: {parsed.tool}", "Columns:"]
    for c in parsed.columns:
        target = c.question_id or c.kind
        lines.append(
            f"  {c.column:>3}  {c.header.strip() or '(no header)'}  ->  {target} ({c.how})"
        )
    counts = ", ".join(f"{role} {n}" for role, n in parsed.role_counts().items())
    lines.append(f"Respondents: {len(parsed.responses)} ({counts})")
    return lines


def open_engagement(store: Store, code: str) -> Engagement:
    """The open workshop with this join code; ContentError when unknown or closed."""
    found = store.get_engagement(code)
    if found is None:
        raise ContentError([Problem(code, None, None, "", "no workshop has this code")])
    if not found.is_open:
        raise ContentError([Problem(code, None, None, "", "this workshop is closed")])
    return found


def import_csv(args: argparse.Namespace) -> int:
    """Parse the CSV against the workshop's questionnaire and save it in one transaction."""
    from assessment.storage.base import StoreError
    from assessment.storage.store import Store

    store = Store(args.database)
    try:
        engagement = open_engagement(store, args.engagement)
        bundle = load_bundle(engagement.questionnaire_id)
        if bundle.sha256 != engagement.sha256:
            print(
                "note: the questionnaire file has changed since this workshop was created; "
                "columns are matched against the current version.",
                file=sys.stderr,
            )
        try:
            raw = args.file.read_bytes()
        except OSError as exc:
            raise ContentError(
                [Problem(str(args.file), None, None, "", exc.strerror or "cannot read")]
            ) from None
        parsed = parse_survey(raw, bundle, str(args.file), survey_options(args))
        code = format_join_code(engagement.code)
        print(f"Workshop {code} for {engagement.organisation} ({bundle.questionnaire.title})")
        print("\n".join(preview_lines(parsed)))
        if args.dry_run:
            print("Dry run: nothing was saved.")
            return 0
        count = store.import_responses(engagement, parsed.responses)
        print(f"Imported {count} respondent{'s' if count != 1 else ''} into workshop {code}.")
        return 0
    except StoreError as exc:
        print(f"crm-readiness: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
