"""Content commands: validate, show, template and schema."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from assessment.content.outline import outline, outline_text, responses_template
from assessment.content.purchase_schema import purchase_schema_text
from assessment.content.questionnaires import check_file, load_bundle
from assessment.content.schema import schema_text
from assessment.engine.lint import lint_bundle
from assessment.model.errors import Problem


def register(sub: Any) -> None:
    """Add the content commands to the CLI."""
    p = sub.add_parser("validate", help="check questionnaire and peril catalogue files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files (or bundled ids) to check")
    p.add_argument("--strict", action="store_true", help="treat lint warnings as errors")
    p.set_defaults(handler=validate)
    p = sub.add_parser("show", help="print the normalised questionnaire")
    p.add_argument("questionnaire", metavar="Q", help="questionnaire path or bundled id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=show)
    p = sub.add_parser("template", help="write a blank responses file to fill in by hand")
    p.add_argument("questionnaire", metavar="Q", help="questionnaire path or bundled id")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(handler=template)
    p = sub.add_parser("schema", help="print the JSON Schema of questionnaire files")
    p.add_argument("--purchase", action="store_true", help="of the purchase templates instead")
    p.set_defaults(handler=schema)


def warning_line(p: Problem) -> str:
    """A warning in the usual FILE:LINE:COL: warning: ... form."""
    where = p.file + (f":{p.line}:{p.column or 1}" if p.line is not None else "")
    text = f"{where}: warning: " + (f"{p.key_path}: " if p.key_path else "") + p.message
    return text + (f" (hint: {p.hint})" if p.hint else "")


def validate(args: argparse.Namespace) -> int:
    """Check each file; OK lines go to stdout, problems and warnings to stderr."""
    printed: set[Problem] = set()
    failed = False
    for path in args.paths:
        check = check_file(path)
        for p in check.problems:
            if p not in printed:
                printed.add(p)
                print(p, file=sys.stderr)
        warnings = lint_bundle(check.bundle) if check.bundle else []
        for w in warnings:
            print(warning_line(w), file=sys.stderr)
        ok = not check.problems and not (args.strict and warnings)
        if ok:
            print(f"OK {check.path}")
        failed = failed or not ok
    return 1 if failed else 0


def show(args: argparse.Namespace) -> int:
    """Print the normalised questionnaire as JSON or terminal text."""
    bundle = load_bundle(args.questionnaire)
    if args.format == "json":
        print(json.dumps(outline(bundle), indent=2, ensure_ascii=False))
    else:
        width = min(100, max(60, shutil.get_terminal_size((88, 24)).columns - 2))
        sys.stdout.write(outline_text(bundle, width))
    return 0


def template(args: argparse.Namespace) -> int:
    """Write a blank responses file for the questionnaire."""
    bundle = load_bundle(args.questionnaire)
    text = responses_template(bundle, args.questionnaire)
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"{out}: already exists; use --force to overwrite it", file=sys.stderr)
        return 1
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{out}: cannot write the file ({exc.strerror})", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0


def schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of questionnaire (and catalogue) files, or purchase templates."""
    sys.stdout.write(purchase_schema_text() if args.purchase else schema_text())
    return 0
