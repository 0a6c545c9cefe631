"""The lint command: content lint of questionnaires, or --sensitivity over golden scenarios."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assessment.cli import content
from assessment.cli.usage import UsageError
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.content.yamldoc.source import parse_bytes, read_source
from assessment.engine.sensitivity import (
    Change,
    PerilSensitivity,
    Scenario,
    Sensitivity,
    sensitivity,
    sensitivity_data,
)
from assessment.model.errors import ContentError, Problem
from assessment.model.questionnaire import Bundle

DEFAULT_SCENARIOS = Path("tests") / "scenarios"
HINGES_SHOWN = 5

EPILOG = """\
With --sensitivity, each SCENARIO is a golden scenario folder (expected.yaml naming the
questionnaire, and responses/) or a folder of them; default: tests/scenarios. Every answer each
respondent gave or could give to a question that feeds a rule (or screens another) is changed
to every other value (levels 1-5, unknown and n/a where allowed, unanswered), one at a time.
A peril that fires in a scenario where one change turns it off is fragile there: it is
reported as a warning, and --strict exits 1.

JSON keys (--format json): changes (single changes tried); scenarios[] (name, questionnaire,
respondents, perils fired, changes, exact); perils[] in catalogue order (id, name, fires_in[],
flips_off {changes, scenarios[]}, flips_on {changes, scenarios[]}, fragile_in[], hinges[]
{scenario, respondent, question, from, to}: every change that turns it off; from/to are a
level, "unknown", "n/a" or null for unanswered); fragile[] (peril, scenario).
"""


def register(sub: Any) -> None:
    """Add the lint command to the CLI."""
    p = sub.add_parser(
        "lint",
        help="lint questionnaires, or --sensitivity: perils that hinge on one answer",
        description="Lint questionnaires as validate does, or with --sensitivity count the "
        "single-answer changes that turn each peril on or off across golden scenarios.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="questionnaires, or SCENARIOS")
    p.add_argument("--sensitivity", action="store_true", help="single-answer sensitivity")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on any warning (fragile peril)")
    p.add_argument("--exact", action="store_true", help="re-assess every change with assess()")
    p.set_defaults(handler=lint)


def lint(args: argparse.Namespace) -> int:
    """Run the content lint, or the sensitivity lint with --sensitivity."""
    if not args.sensitivity:
        if not args.paths:
            raise UsageError("lint: give questionnaire files or ids, or use --sensitivity")
        return int(content.validate(argparse.Namespace(paths=args.paths, strict=args.strict)))
    scenarios = load_scenarios(scenario_folders(args.paths))
    result = sensitivity(scenarios, exact=args.exact, progress=progress_line)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(sensitivity_data(result), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(sensitivity_text(result))
    for line in warning_lines(result):
        print(line, file=sys.stderr)
    return 1 if args.strict and result.fragile else 0


def scenario_folders(paths: list[str]) -> list[Path]:
    """Scenario folders from the arguments (a scenario, or a folder of them), in name order."""
    if not paths:
        if not DEFAULT_SCENARIOS.is_dir():
            raise UsageError(
                "lint --sensitivity: give scenario folders (with expected.yaml and responses/) "
                f"or folders of them; there is no {DEFAULT_SCENARIOS} here"
            )
        paths = [str(DEFAULT_SCENARIOS)]
    out: list[Path] = []
    for ref in paths:
        path = Path(ref)
        found = [path] if (path / "expected.yaml").is_file() else []
        if not found and path.is_dir():
            found = sorted(p for p in path.iterdir() if (p / "expected.yaml").is_file())
        if not found:
            raise UsageError(
                f"{ref}: not a scenario folder (expected.yaml and responses/) nor a folder of them"
            )
        out += found
    return out


def load_scenarios(folders: list[Path]) -> list[Scenario]:
    """Each folder's bundle and responses; every problem of every folder raised together."""
    bundles: dict[str, Bundle] = {}
    out: list[Scenario] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            ref = expected_questionnaire(folder / "expected.yaml")
            if ref not in bundles:
                bundles[ref] = load_bundle(ref)
            responses = load_responses([folder / "responses"], bundles[ref])
        except ContentError as exc:
            problems += exc.problems
            continue
        out.append(Scenario(folder.name, bundles[ref], tuple(responses)))
    if problems:
        raise ContentError(problems)
    return out


def expected_questionnaire(path: Path) -> str:
    """The questionnaire id or path an expected.yaml names."""
    raw, problems = read_source(path)
    doc, found = parse_bytes(raw, str(path)) if raw is not None else (None, [])
    problems += found
    data = doc.data if doc is not None else None
    ref = data.get("questionnaire") if isinstance(data, dict) else None
    if not problems and not (isinstance(ref, str) and ref):
        msg = "missing: say which questionnaire the responses answer (an id or a path)"
        problems.append(Problem(str(path), None, None, "questionnaire", msg))
    if problems:
        raise ContentError(problems)
    return str(ref)


def progress_line(name: str, number: int, count: int, changes: int) -> None:
    """One progress line on stderr, rewritten in place on a terminal."""
    if sys.stderr.isatty():
        text = f"lint --sensitivity: {number}/{count} {name} ({changes} changes)"
        print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)


def sensitivity_text(result: Sensitivity) -> str:
    """The readable table, then the hinges of each fragile peril."""
    n = len(result.scenarios)
    lines = [
        f"Sensitivity to one answer: {plural(n, 'scenario')}, "
        f"{plural(result.changes, 'single-answer change')} tried",
        "",
    ]
    width = max([5, *(len(p.id) for p in result.perils)])
    head = f"{'peril':<{width}}  {'fires in':<13}  {'flips off by one change':<34}"
    lines.append(f"{head}  flips on by one change")
    for p in result.perils:
        off = f"{plural(p.off_changes, 'change')} in {plural(len(p.off_scenarios), 'scenario')}"
        on = f"{plural(p.on_changes, 'change')} in {plural(len(p.on_scenarios), 'scenario')}"
        fires = plural(len(p.fires_in), "scenario")
        lines.append(f"{p.id:<{width}}  {fires:<13}  {off:<34}  {on}")
    for p in result.perils:
        if p.hinges:
            lines += ["", *hinge_lines(p)]
    return "\n".join(lines) + "\n"


def hinge_lines(p: PerilSensitivity) -> list[str]:
    """The changes that turn the peril off, one line per answer changed (at most HINGES_SHOWN)."""
    grouped: dict[tuple[str, str, str, object], list[Change]] = {}
    for c in p.hinges:
        grouped.setdefault((c.scenario, c.question, c.respondent, c.before), []).append(c)
    more = (
        f", {HINGES_SHOWN} of {len(grouped)} answers shown" if len(grouped) > HINGES_SHOWN else ""
    )
    lines = [f"Hinges of {p.id} ({p.name}): {plural(len(p.hinges), 'change')}{more}"]
    for (scenario, _, _, _), changes in list(grouped.items())[:HINGES_SHOWN]:
        lines.append(f"  {scenario}: {change_text(changes)}")
    return lines


def change_text(changes: list[Change]) -> str:
    """'question by respondent, from -> to[, to...]' for changes of one answer."""
    c = changes[0]
    to = ", ".join(value(x.after) for x in changes)
    return f"{c.question} by {c.respondent}, {value(c.before)} -> {to}"


def warning_lines(result: Sensitivity) -> list[str]:
    """A warning per fragile peril and scenario."""
    out = []
    for p in result.perils:
        for s in p.fragile_in:
            mine = [c for c in p.hinges if c.scenario == s]
            out.append(
                f"{s}: warning: peril '{p.id}' is fragile: "
                f"{plural(len(mine), 'single-answer change')} "
                f"{'turns' if len(mine) == 1 else 'turn'} it off, "
                f"e.g. {change_text(mine[:1])}"
            )
    return out


def value(v: object) -> str:
    """An answer as the text shows it."""
    return "unanswered" if v is None else str(v)


def plural(n: int, word: str) -> str:
    """'1 scenario', '2 scenarios'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
