"""The `survey` command: the pre-survey to import into a survey tool."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assessment.content.pre_survey.formats import FORMATS
from assessment.content.pre_survey.limesurvey import mapping_yaml
from assessment.content.pre_survey.plan import survey_plan
from assessment.content.questionnaires import load_bundle


def register(sub: Any) -> None:
    """Add the survey command to the CLI."""
    uses = "; ".join(f"{f.name}: {f.use}" for f in FORMATS.values())
    p = sub.add_parser(
        "survey",
        help="write the questionnaire as a survey to import into a survey tool",
        description="Write the questionnaire as a survey to import into a survey tool. " + uses,
    )
    p.add_argument("questionnaire", metavar="Q", help="questionnaire path or bundled id")
    p.add_argument("--format", choices=tuple(FORMATS), required=True)
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="file to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(handler=survey)


def mapping_path(out: Path) -> Path:
    """Where the LimeSurvey mapping file goes: next to FILE, as FILE's stem + .mapping.yaml."""
    return out.with_name(out.stem + ".mapping.yaml")


def survey(args: argparse.Namespace) -> int:
    """Write the pre-survey (and, for LimeSurvey, its mapping file)."""
    fmt = FORMATS[args.format]
    plan = survey_plan(load_bundle(args.questionnaire).questionnaire)
    out = Path(args.output)
    files: list[tuple[Path, bytes]] = [(out, fmt.write(plan))]
    if fmt.name == "limesurvey-txt":
        files.append((mapping_path(out), mapping_yaml(plan).encode("utf-8")))
    for path, _ in files:
        if path.exists() and not args.force:
            print(f"{path}: already exists; use --force to overwrite it", file=sys.stderr)
            return 1
    for path, data in files:
        try:
            path.write_bytes(data)
        except OSError as exc:
            print(f"{path}: cannot write the file ({exc.strerror})", file=sys.stderr)
            return 1
        print(f"Wrote {path}")
    print(f"Next: {fmt.use}")
    return 0
