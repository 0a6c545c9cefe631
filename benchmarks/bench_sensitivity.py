"""Sensitivity benchmark: `lint --sensitivity` over the golden scenarios, in process and run.

Run: .venv/bin/python benchmarks/bench_sensitivity.py [--quick]

The in-process row is CPU seconds (time.process_time) of sensitivity() on scenarios already
loaded; the command row is wall-clock time including Python start-up and loading.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.cli.lint import load_scenarios, scenario_folders  # noqa: E402
from assessment.engine.sensitivity import sensitivity  # noqa: E402

SCENARIOS = ROOT / "tests" / "scenarios"


def main() -> int:
    """Print one table row per measurement."""
    repeat = 1 if "--quick" in sys.argv else 3
    scenarios = load_scenarios(scenario_folders([str(SCENARIOS)]))
    cpu = []
    for _ in range(repeat):
        start = time.process_time()
        result = sensitivity(scenarios)
        cpu.append(time.process_time() - start)
    best = min(cpu)
    print(
        f"| sensitivity(), {len(scenarios)} scenarios, {result.changes:,} single changes |", end=""
    )
    print(f" {best:.2f} s CPU (best of {repeat}), {result.changes / best:,.0f} changes/s |")
    wall = []
    for _ in range(repeat):
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "assessment", "lint", "--sensitivity", str(SCENARIOS)]
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
    median = statistics.median(wall)
    print(f"| `lint --sensitivity` command, wall | {median:.2f} s (median of {repeat}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
