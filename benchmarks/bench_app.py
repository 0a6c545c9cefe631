"""App overhead: one rerun after answering a question, against bare Streamlit with the same radios.

Server-side, with AppTest, on the full questionnaire's largest step. Each answer really goes to
a SQLite file (WAL, synchronous=FULL, so every commit waits for the disk): once with the file on
disk (the system temp folder) and once on a memory-backed folder (/dev/shm) when there is one,
which leaves the app's own work without the disk's flush time. In the same run, alternating, a
minimal script shows the same radios (same labels and options) and nothing else. The target is
a ratio of medians <= 1.5. Wall time is what at.run() takes; CPU time (of this process, whose
driver thread waits idle during the run) swings less with other processes' load.

    .venv/bin/python benchmarks/bench_app.py [--repeat 60] [--questionnaire crm-readiness]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment.loader import load_bundle  # noqa: E402
from assessment.model import Dimension  # noqa: E402
from assessment.storage import Store  # noqa: E402

TARGET = 1.5
# The same radios as the app's step (labels and anchored options), and nothing else.
BASELINE = """
import streamlit as st
QUESTIONS = {questions!r}
for i, (label, options) in enumerate(QUESTIONS):
    st.radio(label, list(options), index=None, format_func=options.__getitem__, key=f"q{{i}}")
"""
Timing = tuple[float, float]  # wall ms, CPU ms


def rerun(at: AppTest, change: Callable[[int], None], i: int) -> Timing:
    """Wall and CPU milliseconds of one rerun after answer number i changes."""
    change(i)
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if at.exception:
        raise SystemExit(f"the app failed: {at.exception[0].value}")
    return wall * 1000, cpu * 1000


def level(i: int, n: int) -> str:
    """Answer number i: every pass over the n questions gives each a different level."""
    return str((i + i // n) % 5 + 1)


def app_at_step(questionnaire: str, folder: str) -> tuple[AppTest, Dimension]:
    """The app, with its database in folder, on the largest step of a questionnaire."""
    os.environ["CRM_READINESS_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    dims = load_bundle(questionnaire).questionnaire.dimensions
    step, dim = max(enumerate(dims, start=1), key=lambda pair: len(pair[1].questions))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    at.switch_page("app_pages/self_assessment.py").run()
    at.radio(key="sa_questionnaire").set_value(questionnaire).run()
    at.button(key="sa_start").click().run()
    at.session_state["crm_step"] = step
    at.run()
    return at, dim


def bare_app(dim: Dimension) -> AppTest:
    """A minimal script showing the same radios (question text and anchored options)."""
    unknown = "Don't know / not visible to me"
    questions = [
        (f"{n}. {q.text}", {**{str(o.level): f"{o.level} · {o.label}" for o in q.options},
                            "unknown": unknown})
        for n, q in enumerate(dim.questions, start=1)
    ]  # fmt: skip
    return AppTest.from_string(BASELINE.format(questions=questions), default_timeout=60).run()


def save_only(folder: str, repeat: int) -> list[Timing]:
    """Store.save_answer alone, on a database in folder."""
    store = Store(f"sqlite:///{folder}/save.db")
    token = store.create_assessment("crm-readiness", "1", "bench")
    out: list[Timing] = []
    for i in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        store.save_answer(token, f"q{i % 10}", i % 5 + 1)
        out.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    store.close()
    return out


def median(times: list[Timing], which: int) -> float:
    """Median wall (0) or CPU (1) milliseconds."""
    return statistics.median(t[which] for t in times)


def row(name: str, times: list[Timing], bare: list[Timing] | None = None) -> str:
    """One table row: medians, wall 90th percentile and the ratios to bare Streamlit."""
    p90 = statistics.quantiles([t[0] for t in times], n=10)[-1]
    ratio = (
        f"{median(times, 0) / median(bare, 0):>10.2f} | {median(times, 1) / median(bare, 1):>9.2f}"
        if bare
        else f"{'–':>10} | {'–':>9}"
    )
    return (
        f"| {name:<30} | {median(times, 0):>7.1f} | {p90:>6.1f} | {median(times, 1):>6.1f} "
        f"| {ratio} |"
    )


def main() -> int:
    """Measure, print the table, exit 1 when the app is over the target even without the disk."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--questionnaire", default="crm-readiness")
    args = parser.parse_args()
    os.chdir(ROOT)  # so Streamlit reads the app's .streamlit/config.toml, as `streamlit run` does
    places = {"DB on disk": tempfile.gettempdir()}
    if Path("/dev/shm").is_dir():
        places["DB in /dev/shm"] = "/dev/shm"
    with contextlib.ExitStack() as stack:
        folders = {
            name: stack.enter_context(
                tempfile.TemporaryDirectory(prefix="bench-app-", dir=d, ignore_cleanup_errors=True)
            )
            for name, d in places.items()
        }
        return measure(args.questionnaire, args.repeat, folders)


def measure(questionnaire: str, repeat: int, folders: dict[str, str]) -> int:
    """Run every case alternately and print the table."""
    apps = {name: app_at_step(questionnaire, f) for name, f in folders.items()}
    dim = next(iter(apps.values()))[1]
    n = len(dim.questions)
    bare = bare_app(dim)
    times: dict[str, list[Timing]] = {name: [] for name in [*apps, "bare"]}
    # Alternate the cases so that all see the same machine load; two warm-up runs each.
    for i in range(repeat + 2):
        for name, (at, _) in apps.items():
            ms = rerun(at, lambda j, at=at: at.radio(key=f"q_{dim.questions[j % n].id}")
                       .set_value(level(j, n)), i)  # fmt: skip
            if i >= 2:
                times[name].append(ms)
        ms = rerun(bare, lambda j: bare.radio(key=f"q{j % n}").set_value(level(j, n)), i)
        if i >= 2:
            times["bare"].append(ms)
    saves = {name: save_only(f, repeat) for name, f in folders.items()}

    print(
        f"One rerun after answering a question: {questionnaire}, step '{dim.name}' "
        f"({n} radios), {repeat} runs per case, medians in ms"
    )
    print(f"| {'case':<30} | wall ms | p90 ms | CPU ms | ratio wall | ratio CPU |")
    print(f"|{'-' * 32}|---------|--------|--------|------------|-----------|")
    for name in apps:
        print(row(f"app step, {name}", times[name], times["bare"]))
    print(row(f"bare Streamlit, same {n} radios", times["bare"]))
    for name, timings in saves.items():
        print(row(f"save_answer alone, {name}", timings))
    best = min(median(times[name], 0) for name in apps) / median(times["bare"], 0)
    print(f"target: ratio <= {TARGET}; best wall ratio {best:.2f}")
    return 0 if best <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
