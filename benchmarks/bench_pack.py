"""Purchase pack benchmark: CPU time and size of each part of the pack for a 30-person workshop.

The workshop is the report benchmark's (bench_report.respondents): 30 respondents in seven
roles on the full questionnaire, some "don't know", notes on 25% of the answers, so the
requirements carry many notes. Times are median CPU time of this process (time.process_time)
over --repeat runs, after one warm-up run (imports, templates, the purchase templates file).

    .venv/bin/python benchmarks/bench_pack.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_report import respondents  # noqa: E402

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.assess import assess  # noqa: E402
from assessment.report.brand import Brand  # noqa: E402
from assessment.report.pack.document import render_pack_docx  # noqa: E402
from assessment.report.pack.files import pack_zip, purchase_pack  # noqa: E402
from assessment.report.pack.page import render_pack_html  # noqa: E402
from assessment.report.pack.scorecard import render_scorecard  # noqa: E402

BRAND = Brand(name="Northwind Advisory", primary="#7a1f5c")


def median_ms(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median CPU milliseconds of `work` (after one warm-up call) and its last result."""
    result = work()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), result


def size(data: object) -> int:
    """Bytes of a rendered file (text as UTF-8)."""
    return len(data.encode("utf-8")) if isinstance(data, str) else len(data)  # type: ignore[arg-type]


def main() -> int:
    """Print the table of the pack's parts for 30 respondents."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bundle = load_bundle("crm-readiness")
    people = respondents(bundle, 30, 0.25)
    assess_ms, results = median_ms(lambda: assess(bundle, people), args.repeat)
    build_ms, pack = median_ms(lambda: purchase_pack(results, bundle), args.repeat)  # type: ignore[arg-type]
    rows: list[tuple[str, float, int | None]] = [
        ("assess() the workshop (for reference)", assess_ms, None),
        ("build the pack (gate, requirements, demos, weights)", build_ms, None),
    ]
    for label, render in (
        ("Word document (.docx)", render_pack_docx),
        ("web page (.html)", render_pack_html),
        ("scorecard (.xlsx)", render_scorecard),
        ("all three in the app's ZIP", pack_zip),
    ):
        ms, data = median_ms(lambda r=render: r(pack, BRAND), args.repeat)  # type: ignore[misc]
        rows.append((label, ms, size(data)))
    print(f"Purchase pack benchmark: {bundle.questionnaire.id}, 30 respondents, notes on 25% of "
          f"answers; {len(pack.gate)} gate conditions, {len(pack.requirements)} requirements, "  # type: ignore[attr-defined]
          f"{len(pack.demos)} demonstrations, {len(pack.criteria)} criteria; median CPU time "  # type: ignore[attr-defined]
          f"of {args.repeat} runs\n")  # fmt: skip
    print(f"{'part':<54}{'CPU ms':>10}{'bytes':>12}")
    for label, ms, n in rows:
        print(f"{label:<54}{ms:>10.0f}{'' if n is None else f'{n:,}':>12}")
    total = build_ms + rows[-1][1]
    print(f"\nFrom results to the ZIP download: {total:.0f} ms CPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
