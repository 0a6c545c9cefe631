"""The `pack` command: the purchase pack (signing gate, requirements, demonstration script,
scorecard and contract terms) as .docx, .html and an .xlsx scorecard in a folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assessment.cli.report import add_survey_arguments, survey_options, write
from assessment.cli.usage import UsageError
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.assess import assess
from assessment.report.brand import load_brand
from assessment.report.pack.build import MAX_VENDORS


def register(sub: Any) -> None:
    """Add the pack command to the CLI."""
    p = sub.add_parser(
        "pack",
        help="write the purchase pack: signing gate, requirements, demo script, scorecard",
        description=(
            "Score the responses and write the purchase pack into FOLDER: a Word document and "
            "the same as a web page (the signing gate, requirements traced to the questions, "
            "scripted demonstration scenarios, contract terms) and the vendor scorecard as a "
            "spreadsheet with live weighted totals."
        ),
    )
    p.add_argument("--questionnaire", "-q", required=True, metavar="Q", help="path or bundled id")
    p.add_argument("responses", nargs="+", metavar="RESPONSES", help="response files or folders")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER", help="folder to write to")
    p.add_argument("--brand", metavar="BRAND.yaml", help="consultancy name, logo and colour")
    p.add_argument("--organisation", metavar="NAME", help="organisation shown on the cover")
    p.add_argument(
        "--vendors", type=int, default=3, metavar="N", help="score columns (default 3, at most 10)"
    )
    add_survey_arguments(p)
    p.set_defaults(handler=pack)


def pack(args: argparse.Namespace) -> int:
    """Score the responses and write the pack's three files."""
    if not 1 <= args.vendors <= MAX_VENDORS:
        raise UsageError(f"--vendors must be between 1 and {MAX_VENDORS} (got {args.vendors})")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder}: give a folder, not a file (the pack is three files)")
    bundle = load_bundle(args.questionnaire)
    brand = load_brand(args.brand) if args.brand else None
    responses = load_responses(args.responses, bundle, survey_options(args))
    results = assess(bundle, responses)
    from assessment.report.pack.files import pack_files, purchase_pack  # docx, openpyxl: here

    organisation = args.organisation.strip() if args.organisation else None
    built = purchase_pack(results, bundle, organisation=organisation, vendors=args.vendors)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in pack_files(built, brand).items():
        write(folder / name, data)
        print(f"Wrote {folder / name}")
    return 0
