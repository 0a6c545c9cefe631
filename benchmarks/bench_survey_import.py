"""Survey-import benchmark: a 1,000-respondent export of the full questionnaire, as CSV and xlsx.

Run: .venv/bin/python benchmarks/bench_survey_import.py [--rows N]

Each row times parse + validate (content.survey.parse.parse_survey: reading the bytes,
recognising the tool, matching columns, decoding every cell, building every Responses).
Times are CPU seconds of this one process (time.process_time), the median of 5 runs.
The export is a Google Forms layout (Timestamp, Email address, role, name, one column per
question by its text, option labels as answers, a closing comment), generated
deterministically.
"""

from __future__ import annotations

import csv
import gc
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.content.survey.parse import parse_survey  # noqa: E402
from assessment.model.questionnaire import Bundle  # noqa: E402
from assessment.model.vocabulary import DONT_KNOW_LABEL, ROLE_NAMES  # noqa: E402

FULL = ROOT / "questionnaires" / "crm-readiness.yaml"
RUNS = 5


def export_rows(bundle: Bundle, n: int) -> list[list[object]]:
    """Header plus n respondents: option labels, some don't know, some blanks."""
    rng = random.Random(13)
    questions = bundle.questionnaire.questions()
    header: list[object] = ["Timestamp", "Email address", "What is your role?", "Your name"]
    header += [q.text for q in questions] + ["Anything else you would like to add?"]
    rows = [header]
    labels = [n.label for n in ROLE_NAMES.values()]
    for i in range(n):
        row: list[object] = [
            f"2026/11/24 9:{i % 60:02d}:00 AM GMT",
            f"p{i}@example.com",
            rng.choice(labels),
            f"P {i}",
        ]
        for q in questions:
            pick = rng.random()
            if pick < 0.05:
                row.append("")
            elif pick < 0.12 and q.allow_unknown:
                row.append(DONT_KNOW_LABEL)
            else:
                row.append(rng.choice(q.options).label)
        row.append("A comment, with a comma." if i % 4 == 0 else "")
        rows.append(row)
    return rows


def as_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def median_cpu(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        gc.collect()
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    """Print the benchmark table."""
    n = int(argv[argv.index("--rows") + 1]) if "--rows" in argv else 1_000
    bundle = load_bundle(FULL)
    q = bundle.questionnaire
    print(f"questionnaire: {q.id} ({len(q.questions())} questions), {n:,} respondents")
    rows = export_rows(bundle, n)
    results: list[tuple[str, str]] = []
    for kind, raw in (("CSV", as_csv(rows)), ("xlsx", as_xlsx(rows))):
        got = parse_survey(raw, bundle, f"bench.{kind.lower()}")
        assert len(got.responses) == n and got.tool == "Google Forms"
        seconds = median_cpu(lambda raw=raw, kind=kind: parse_survey(raw, bundle, f"b.{kind}"))  # type: ignore[misc]
        results.append((f"{kind} ({len(raw) / 1e6:.1f} MB) parse + validate, median of {RUNS}",
                        f"{seconds:.2f} s ({n / seconds:,.0f} respondents/s)"))  # fmt: skip
    width = max(len(name) for name, _ in results)
    print(f"{'measure':<{width}}  result")
    for name, value in results:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
