"""Storage benchmark: a workshop of 40 participants answering at once.

Each participant is a thread writing its answers one by one through the Store (every answer its
own committed transaction, as in the app). Reports answers written per second (wall clock),
write latency (p50, p95, max), lost writes (answers acknowledged but not found afterwards) and
errors such as "database is locked". Runs on a temporary SQLite file and, when a URL is given
or CRM_READINESS_TEST_PG_URL is set, on PostgreSQL in a throw-away schema. Exits 1 when any
write is lost or fails.

    .venv/bin/python benchmarks/bench_storage.py [--people 40] [--answers 50] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from assessment.storage.store import Store  # noqa: E402

ROLES = ("executive", "manager", "frontline", "frontline", "it")


def run(url: str, people: int, answers: int) -> dict[str, float]:
    """One workshop burst on this database; figures for the table."""
    store = Store(url)
    e = store.create_engagement(
        "crm-readiness", "1", "0" * 64, organisation="Bench", passcode="123456"
    )
    tokens = [store.join(e.code, ROLES[i % len(ROLES)]) for i in range(people)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(people + 1)

    def participant(i: int) -> None:
        mine: list[float] = []
        start_gate.wait()
        for q in range(answers):
            t0 = time.perf_counter()
            try:
                store.save_participant_answer(tokens[i], f"q{q:03d}", (i + q) % 5 + 1)
            except Exception as exc:  # counted, and the run fails
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(people)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    stored = sum(len(r.answers) for r in store.respondents(e))
    store.close()
    latencies.sort()
    return {
        "writes": len(latencies),
        "per_second": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "max_ms": latencies[-1] * 1000,
        "lost": len(latencies) - stored,
        "errors": len(errors),
        "locked": sum("locked" in e for e in errors),
    }


def pg_schema(url: str) -> tuple[str, str]:
    """A fresh schema on the PostgreSQL server and a URL that uses it."""
    schema = f"bench_{secrets.token_hex(4)}"
    with create_engine(url).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    return schema, f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


def drop_schema(url: str, schema: str) -> None:
    with create_engine(url).begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def row(name: str, f: dict[str, float]) -> str:
    return (
        f"| {name} | {f['writes']:,.0f} | {f['per_second']:,.0f} | {f['p50_ms']:.1f} | "
        f"{f['p95_ms']:.1f} | {f['max_ms']:.1f} | {f['lost']:.0f} | {f['errors']:.0f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("CRM_READINESS_TEST_PG_URL", ""))
    args = parser.parse_args()
    print(f"{args.people} participants x {args.answers} answers, one transaction per answer\n")
    print("| database | answers | answers/s | p50 ms | p95 ms | max ms | lost | errors |")
    print("|---|---|---|---|---|---|---|---|")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.people, args.answers)
        results.append(figures)
        print(row("SQLite file (WAL, synchronous=FULL)", figures), flush=True)
    if args.pg:
        schema, url = pg_schema(args.pg)
        try:
            figures = run(url, args.people, args.answers)
            results.append(figures)
            print(row("PostgreSQL", figures))
        finally:
            drop_schema(args.pg, schema)
    else:
        print("| PostgreSQL | not measured: give --pg URL or set CRM_READINESS_TEST_PG_URL |")
    return 1 if any(f["lost"] or f["errors"] for f in results) else 0


if __name__ == "__main__":
    sys.exit(main())
