"""Report benchmark: size and render time of the self-contained HTML report.

Renders the full questionnaire's report for 1 and 30 respondents (and 30 with many notes),
beside plotly's own `write_html` of one figure with plotly.js inlined. Times are CPU time of
this process (time.process_time), so other load on the machine disturbs them little. The size
target is hard: at most 2,200,000 bytes for 30 respondents. Exits 1 when it is missed.

    .venv/bin/python benchmarks/bench_report.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.assess import assess  # noqa: E402
from assessment.model.questionnaire import Bundle, Responses  # noqa: E402
from assessment.model.results import Results  # noqa: E402
from assessment.report import charts  # noqa: E402
from assessment.report.brand import Brand  # noqa: E402
from assessment.report.plotlyjs import packed_plotlyjs  # noqa: E402
from assessment.report.render import render_report  # noqa: E402

TARGET = 2_200_000
ROLES = ("frontline", "frontline", "manager", "executive", "frontline", "it", "manager")
NOTE = "We discussed this at length; the answer differs by region and by team & channel <b>. "


def respondents(bundle: Bundle, n: int, note_share: float, seed: int = 1) -> list[Responses]:
    """n respondents: leaders answer higher, some don't know, notes on a share of answers."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        role = ROLES[i % len(ROLES)] if n > 1 else "executive"
        lift = 1 if role in ("executive", "manager") else 0
        answers: dict[str, int | str] = {}
        notes: dict[str, str] = {}
        for q in bundle.questionnaire.questions():
            answers[q.id] = "unknown" if rng.random() < 0.1 else min(5, rng.randint(1, 4) + lift)
            if rng.random() < note_share:
                notes[q.id] = NOTE * rng.randint(1, 2)
        out.append(
            Responses.model_validate(
                {
                    "questionnaire": bundle.questionnaire.id,
                    "respondent": {"name": f"Participant {i + 1}", "role": role},
                    "organisation": "Acme Ltd",
                    "answers": answers,
                    "notes": notes,
                }
            )
        )
    return out


def render_ms(results: Results, bundle: Bundle, repeat: int) -> tuple[float, int]:
    """Median CPU milliseconds of render_report, and the report size in bytes."""
    times, size = [], 0
    for _ in range(repeat):
        start = time.process_time()
        html = render_report(results, bundle, brand=Brand(name="Northwind Advisory"))
        times.append((time.process_time() - start) * 1000)
        size = len(html.encode("utf-8"))
    return statistics.median(times), size


def plotly_write_html_size(results: Results) -> int:
    """Bytes of plotly's own write_html for the radar alone, plotly.js inlined."""
    buffer = io.StringIO()
    charts.radar_figure(results).write_html(buffer, include_plotlyjs=True, full_html=True)
    return len(buffer.getvalue().encode("utf-8"))


def main() -> int:
    """Print the table; exit 1 when a 30-respondent report misses the size target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bundle = load_bundle("crm-readiness")
    start = time.process_time()
    packed = packed_plotlyjs()
    pack_ms = (time.process_time() - start) * 1000
    cases = [
        ("1 respondent", 1, 0.1),
        ("30 respondents", 30, 0.1),
        ("30 respondents, notes on 25% of answers", 30, 0.25),
    ]
    print(f"Report benchmark: {bundle.questionnaire.id}, {len(bundle.questionnaire.questions())} "
          f"questions; median CPU time of {args.repeat} renders\n")  # fmt: skip
    print(f"{'case':<44}{'bytes':>12}{'CPU ms':>12}")
    print(f"{'plotly.js packed (gzip + base85), once':<44}{len(packed.text):>12,}{pack_ms:>12.0f}")
    missed = False
    for label, n, share in cases:
        results = assess(bundle, respondents(bundle, n, share))
        ms, size = render_ms(results, bundle, args.repeat)
        missed |= n == 30 and size > TARGET
        print(f"{label:<44}{size:>12,}{ms:>12.0f}")
        if n == 1:
            plotly_size = plotly_write_html_size(results)
    print(f"{'plotly write_html, one radar figure':<44}{plotly_size:>12,}{'':>12}")
    print(f"\nTarget: a 30-respondent report of at most {TARGET:,} bytes: "
          f"{'MISSED' if missed else 'met'}.")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
