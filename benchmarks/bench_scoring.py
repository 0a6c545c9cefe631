"""Scoring benchmark: single-respondent throughput, aggregation, and the `score` CLI.

Run: .venv/bin/python benchmarks/bench_scoring.py [--quick]

Times are CPU seconds of this one process (time.process_time), so other load on the machine
disturbs them little; the CLI row is wall-clock time including Python start-up.
"""

from __future__ import annotations

import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.assess import assess, compile_bundle  # noqa: E402
from assessment.model.questionnaire import Bundle, Responses  # noqa: E402
from assessment.model.vocabulary import ROLES  # noqa: E402

FULL = ROOT / "questionnaires" / "crm-readiness.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "engine" / "engine.yaml"
VALUES: list[Any] = [1, 2, 3, 4, 5, "unknown", None]


def respondent(bundle: Bundle, rng: random.Random) -> Responses:
    """A random respondent: any level, don't know or no answer for each question."""
    answers = {
        q.id: v for q in bundle.questionnaire.questions() if (v := rng.choice(VALUES)) is not None
    }
    return Responses.model_validate(
        {
            "questionnaire": bundle.questionnaire.id,
            "respondent": {"name": f"R{rng.randrange(10**6)}", "role": rng.choice(ROLES)},
            "answers": answers,
        }
    )


def cpu(fn: Callable[[], object], repeat: int = 1) -> float:
    """Best CPU time of a few runs of fn (the best run is the least disturbed one)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def best_rate(batches: list[list[Responses]], bundle: Bundle, cold: bool = False) -> float:
    """Best single-respondent scorings per second over several batches."""
    plan = compile_bundle(bundle)

    def run(batch: list[Responses]) -> None:
        for r in batch:
            if cold:
                plan.memo.clear()
            assess(bundle, [r])

    return max(len(b) / cpu(lambda b=b: run(b)) for b in batches)  # type: ignore[misc]


def single_rows(bundle: Bundle, n: int, rounds: int = 5) -> list[tuple[str, str]]:
    """Single-respondent scorings per second: distinct answer sets, cold memo, app editing."""
    rng = random.Random(1)
    distinct = [[respondent(bundle, rng) for _ in range(n)] for _ in range(rounds)]
    editing = [editing_session(bundle, rng, n) for _ in range(rounds)]
    return [
        (
            f"single respondent, distinct random answer sets (best of {rounds} x {n:,})",
            f"{best_rate(distinct, bundle):,.0f} /s",
        ),
        (
            "single respondent, rule memo emptied before each scoring",
            f"{best_rate(distinct, bundle, cold=True):,.0f} /s",
        ),
        (
            "single respondent changing one answer at a time (the app)",
            f"{best_rate(editing, bundle):,.0f} /s",
        ),
    ]


def editing_session(bundle: Bundle, rng: random.Random, n: int) -> list[Responses]:
    """One respondent changing one answer per step, as in the app."""
    ids = [q.id for q in bundle.questionnaire.questions()]
    current = respondent(bundle, rng)
    out = []
    for _ in range(n):
        answers = {**current.answers, rng.choice(ids): rng.choice(VALUES[:6])}
        current = current.model_copy(update={"answers": answers})
        out.append(current)
    return out


def aggregation_rows(bundle: Bundle, sizes: list[int]) -> list[tuple[str, str]]:
    """Time to assess a panel of several respondents."""
    rng = random.Random(2)
    rows = []
    for size in sizes:
        panel = [respondent(bundle, rng) for _ in range(size)]
        repeat = max(3, 300 // size)
        seconds = cpu(lambda panel=panel: assess(bundle, panel), repeat)  # type: ignore[misc]
        per = seconds / size * 1e6
        rows.append(
            (f"aggregate {size:,} respondents", f"{seconds * 1e3:,.1f} ms ({per:,.0f} us each)")
        )
    return rows


def cli_row(bundle: Bundle, n: int) -> tuple[str, str]:
    """Wall time of `python -m assessment score` on n response files, start-up included."""
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            r = respondent(bundle, rng)
            doc = r.model_dump(mode="json", exclude={"source", "notes", "organisation"})
            Path(tmp, f"r{i:04d}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
        cmd = [sys.executable, "-m", "assessment", "score", "-q", bundle.source, tmp]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run([*cmd, "--format", "json"], cwd=ROOT, capture_output=True)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                return (f"CLI score, {n:,} files", "FAILED: " + proc.stderr.decode()[:200])
    return (
        f"CLI score, {n:,} response files (wall, median of 3)",
        f"{statistics.median(times):.2f} s",
    )


def main(argv: list[str]) -> int:
    """Print the benchmark table."""
    quick = "--quick" in argv
    bundle = load_bundle(FULL if FULL.exists() else FIXTURE)
    q = bundle.questionnaire
    print(f"questionnaire: {q.id} ({len(q.questions())} questions, {len(q.rules)} rules)")
    rows = single_rows(bundle, 1_000 if quick else 4_000)
    rows += aggregation_rows(bundle, [10, 100, 1_000])
    rows.append(cli_row(bundle, 1_000))
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
