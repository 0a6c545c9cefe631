"""The `score` command: results of one or several respondents as JSON or terminal text."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from typing import Any

from assessment.cli.report import add_survey_arguments, results_from_file, survey_options
from assessment.cli.usage import UsageError
from assessment.content.questionnaires import load_bundle
from assessment.content.responses import load_responses
from assessment.engine.aggregate import discussion_agenda
from assessment.engine.assess import assess
from assessment.model.errors import ContentError, Problem
from assessment.model.results import DimensionResult, FiredPeril, Results


def register(sub: Any) -> None:
    """Add the `score` command."""
    p = sub.add_parser(
        "score",
        help="score responses and print the results",
        description="Score one or several respondents' answers against a questionnaire.",
    )
    p.add_argument("--questionnaire", "-q", metavar="Q", help="path or bundled id")
    p.add_argument("responses", nargs="*", metavar="RESPONSES", help="response files or folders")
    p.add_argument("--format", choices=("json", "text"), default="text", help="default: text")
    p.add_argument(
        "--from-report", metavar="REPORT", help="read the results saved in an HTML report instead"
    )
    add_survey_arguments(p)
    p.set_defaults(handler=score)


def score(args: argparse.Namespace) -> int:
    """Load, assess and print; bad input raises ContentError (one line per problem, exit 1)."""
    if args.from_report:
        if args.questionnaire or args.responses:
            raise UsageError("--from-report takes no questionnaire or responses")
        results = results_from_file(args.from_report)
    elif not args.questionnaire or not args.responses:
        raise UsageError("give --questionnaire and RESPONSES (or --from-report REPORT)")
    else:
        results = scored(args)
    if args.format == "json":
        out = json.dumps(results.model_dump(mode="json"), indent=2, ensure_ascii=False)
    else:
        out = results_text(results, min(100, shutil.get_terminal_size((88, 24)).columns))
    sys.stdout.write(out + "\n")
    return 0


def scored(args: argparse.Namespace) -> Results:
    """The results of the responses named on the command line."""
    bundle = load_bundle(args.questionnaire)
    responses = load_responses(args.responses, bundle, survey_options(args))
    if not responses:
        where = ", ".join(args.responses)
        raise ContentError([Problem(where, None, None, "", "no response files found")])
    return assess(bundle, responses)


def results_text(r: Results, width: int = 88) -> str:
    """A readable terminal summary: verdict, overall, dimensions, perils, roadmap, roles."""
    lines = header(r) + [""] + dimension_table(r.dimensions) + [""]
    lines += peril_lines(r.perils, width) + roadmap_lines(r, width) + role_lines(r, width)
    return "\n".join(lines).rstrip() + "\n"


def header(r: Results) -> list[str]:
    """Title, respondents, verdict with reasons, overall score."""
    n = len(r.respondents)
    who = f"{n} respondent" + ("" if n == 1 else "s")
    if n == 1 and r.respondents[0].name:
        who += f" ({r.respondents[0].name}, {r.respondents[0].role})"
    q = r.questionnaire
    lines = [f"{q.title} (version {q.version}): {who}"]
    if r.organisation:
        lines.append(f"Organisation: {r.organisation}")
    lines += ["", f"Verdict: {r.verdict.label.upper()}"]
    lines += [f"  - {reason}" for reason in r.verdict.reasons]
    o = r.overall
    lines.append("")
    if o.score is None:
        lines.append("Overall: no score yet (no answers with a level)")
    else:
        lines.append(f"Overall: {o.score:.1f} of 100, level {o.level} ({o.label})")
    return lines


def dimension_table(dims: list[DimensionResult]) -> list[str]:
    """One row per dimension with score, level and coverage."""
    out = [f"{'Dimension':<16}{'Score':>7}  {'Level':<12}{'Answered':>9}{'Unknown':>9}{'Blank':>7}"]
    for d in dims:
        score = "-" if d.score is None else f"{d.score:.1f}"
        level = "-" if d.level is None else f"{d.level} {d.label}"
        answered = f"{d.answered}/{d.total}"
        out.append(
            f"{d.name[:15]:<16}{score:>7}  {level:<12}{answered:>9}{d.unknown:>9}{d.unanswered:>7}"
        )
    return out


def wrapped(text: str, width: int, indent: str) -> list[str]:
    """Text wrapped to the width with an indent (continuation lines aligned)."""
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")


def peril_lines(perils: list[FiredPeril], width: int) -> list[str]:
    """Each fired peril with its evidence, what would clear it and its remedy."""
    if not perils:
        return ["Perils: none fired", ""]
    out = [f"Perils ({len(perils)})"]
    for p in perils:
        tag = p.severity + (", blocking" if p.blocking else "")
        out.append(f"  {p.name} [{tag}]")
        for e in p.evidence:
            out += wrapped(f"- {e.text}", width, "    ")
        if p.clear_by:
            both = "all of these change" if len(p.clear_by) > 1 else "this changes"
            out.append(f"    It would clear if {both}:")
            for step in p.clear_by:
                out += wrapped(f"- {step.text}", width, "      ")
        out += wrapped(f"Remedy: {p.remedy}", width, "    ")
    return out + [""]


def roadmap_lines(r: Results, width: int) -> list[str]:
    """The roadmap phases in order with their remedies."""
    if not r.roadmap:
        return []
    out = ["Roadmap"]
    for i, phase in enumerate(r.roadmap, 1):
        out.append(f"  {i}. {phase.name}")
        for item in phase.items:
            out += wrapped(f"- {item.name}: {item.remedy}", width, "     ")
    return out + [""]


def role_lines(r: Results, width: int) -> list[str]:
    """Role scores and the most divergent questions (several respondents only)."""
    note = r.anonymity.note if r.anonymity else None
    if not r.roles:
        return [*wrapped(note, width, ""), ""] if note else []
    out = ["Roles", f"  {'Role':<12}{'People':>7}{'Overall':>9}"]
    for role in r.roles:
        score = "-" if role.overall.score is None else f"{role.overall.score:.1f}"
        out.append(f"  {role.role:<12}{role.respondents:>7}{score:>9}")
    if note:
        out += wrapped(note, width, "  ")
    top = discussion_agenda(r)  # the same agenda as the app's dashboard and the report
    if top:
        out += ["", "Most divergent questions (discuss first)"]
        for d in top:
            roles = f"; {d.high_role} {d.max_gap:.1f} above {d.low_role}" if d.high_role else ""
            out += wrapped(f"- {d.text} (spread {d.spread:.2f}{roles})", width, "  ")
    return out + [""]
