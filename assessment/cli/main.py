"""Command line: `python -m assessment COMMAND` (also the `crm-readiness` script).

Each group of commands lives in its own module exposing ``register(subparsers)``;
handlers return an exit code. User-input problems never show a traceback: they are
printed one per line and exit 1; wrong usage exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assessment import __version__
from assessment.cli import (
    content,
    handout,
    lint,
    pack,
    report,
    results,
    serve,
    survey,
    users,
    workshop,
)
from assessment.cli.usage import UsageError
from assessment.model.errors import ContentError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="crm-readiness",
        description="Assess how ready an organisation is for CRM, before any software is bought.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (content, lint, results, workshop, report, pack, handout, serve, survey, users):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ContentError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"crm-readiness: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
