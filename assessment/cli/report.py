"""The `report` command: the client's copy as HTML, PDF or a PowerPoint deck, and JSON or CSV
exports."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from assessment.cli.usage import UsageError
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.content.survey.parse import SurveyOptions
from assessment.engine.assess import assess
from assessment.model.errors import ContentError, Problem
from assessment.model.results import Results
from assessment.report.brand import load_brand
from assessment.report.exports import results_csv, results_json, summary_csv
from assessment.report.filenames import deliverable_stem
from assessment.report.pdf import PdfError, html_to_pdf

FORMATS = ("html", "json", "csv", "pdf", "pptx")


def register(sub: Any) -> None:
    """Add the report command to the CLI."""
    p = sub.add_parser(
        "report",
        help="write the report (HTML, PDF or PowerPoint) or export the results (JSON, CSV)",
        description=(
            "Score the responses and write a self-contained report that opens offline in any "
            "browser, an editable PowerPoint deck (pptx), or the results as JSON or CSV. CSV "
            "writes two files: every answer in FILE and the dimension scores in FILE-summary.csv."
        ),
    )
    p.add_argument("--questionnaire", "-q", required=True, metavar="Q", help="path or bundled id")
    p.add_argument("responses", nargs="+", metavar="RESPONSES", help="response files or folders")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to write: a FILE, or a folder (named for organisation, questionnaire, date)",
    )
    p.add_argument("--format", choices=FORMATS, help="default: from the FILE extension, else html")
    p.add_argument("--brand", metavar="BRAND.yaml", help="consultancy name, logo and colour")
    p.add_argument("--organisation", metavar="NAME", help="organisation shown on the cover")
    p.add_argument("--facilitator", metavar="NAME", help="facilitator or assessor to credit")
    add_survey_arguments(p)
    p.set_defaults(handler=report)


def add_survey_arguments(p: argparse.ArgumentParser) -> None:
    """--ignore-column, --mapping and --sheet, for survey-tool exports (CSV or xlsx)."""
    p.add_argument(
        "--ignore-column",
        action="append",
        default=[],
        metavar="HEADER",
        help="a survey-export column to leave out, such as a free-text question (repeatable)",
    )
    p.add_argument(
        "--mapping",
        metavar="FILE.yaml",
        type=Path,
        help="column and answer codes of a question-code export (see the README)",
    )
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx export (default: first)")


def survey_options(args: argparse.Namespace) -> SurveyOptions:
    """The survey-export options given on the command line; ignored columns go to stderr."""
    return SurveyOptions(
        ignore=tuple(args.ignore_column),
        mapping=args.mapping,
        sheet=args.sheet,
        notify=lambda line: print(line, file=sys.stderr),
    )


def output_format(args: argparse.Namespace) -> str:
    """The format asked for, or the one the output file's extension names."""
    if args.format:
        return str(args.format)
    out = Path(args.output)
    suffix = "" if out.is_dir() else out.suffix.lower().lstrip(".")
    if suffix and suffix not in FORMATS:
        raise UsageError(
            f"cannot write a .{suffix} file; give a FILE ending in "
            + ", ".join(f".{f}" for f in FORMATS)
            + " (or --format)"
        )
    return suffix or "html"


def output_path(args: argparse.Namespace, results: Results, fmt: str) -> Path:
    """The FILE given, or a file named for the organisation, questionnaire and date when
    -o names a folder."""
    out = Path(args.output)
    if not out.is_dir():
        return out
    stem = deliverable_stem(results.organisation, results.questionnaire.id, dt.date.today())
    return out / f"{stem}.{fmt}"


def write(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes; a clear ContentError when the file cannot be written."""
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    except OSError as exc:
        problem = Problem(str(path), None, None, "", f"cannot write the file ({exc.strerror})")
        raise ContentError([problem]) from None


def report(args: argparse.Namespace) -> int:
    """Score the responses and write the report or export."""
    fmt = output_format(args)
    bundle = load_bundle(args.questionnaire)
    brand = load_brand(args.brand) if args.brand else None
    responses = load_responses(args.responses, bundle, survey_options(args))
    results = assess(bundle, responses)
    if args.organisation:
        results = results.model_copy(update={"organisation": args.organisation.strip()})
    out = output_path(args, results, fmt)
    if fmt == "json":
        write(out, results_json(results))
    elif fmt == "csv":
        summary = out.with_name(out.stem + "-summary.csv")
        write(out, results_csv(results, bundle, responses))
        write(summary, summary_csv(results))
        print(f"Wrote {out} and {summary}")
        return 0
    elif fmt == "pptx":
        from assessment.report.deck import render_deck  # python-pptx: only when asked for

        write(out, render_deck(results, bundle, brand=brand, facilitator=args.facilitator))
    else:
        from assessment.report.render import render_report  # Jinja2 and Plotly: only when rendering

        html = render_report(results, bundle, brand=brand, facilitator=args.facilitator)
        if fmt == "pdf":
            try:
                write(out, html_to_pdf(html))
            except PdfError as exc:
                print(f"crm-readiness: error: {exc}", file=sys.stderr)
                return 1
        else:
            write(out, html)
    print(f"Wrote {out}")
    return 0


def results_from_file(path: str) -> Results:
    """The results embedded in a report file written by the report command."""
    from assessment.report.render import results_from_report

    try:
        html = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        problem = Problem(path, None, None, "", f"cannot read the report ({reason})")
        raise ContentError([problem]) from None
    return results_from_report(html, path)
