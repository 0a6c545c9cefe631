"""A workshop room under load: virtual participants over Streamlit's own WebSocket protocol.

Starts `streamlit run streamlit_app.py` on a free port with its own temporary SQLite file,
creates a workshop on the full questionnaire directly in that database, then N virtual
participants (benchmarks/room_client.py, one browser tab each) join through the app like a
person (open /?join=CODE, Home forwards to the join page, choose a role, type a name, click
"Join") and answer the questions for a while:

- human: each participant gives one answer every 3-8 s, a random option, and now and then
  changes an earlier answer;
- adversarial: each gives several answers a second, often two back to back, without waiting
  for the page, so clicks interrupt reruns still running, and often changes earlier answers.

At the end, with the room quiet, every participant's last choice for each question is
compared with what its page shows (the radio at that value and a status saying "Saved") and
with the database (the participant's token comes from /join?participant=TOKEN):

- lost: chosen, nothing in the database; stale: the database holds another value;
- unconfirmed: the page does not show the last choice as saved.

Also measured: click-to-saved latency (sending the BackMsg to receiving the delta that shows
the question saved with that value, from a run started after the click), join time (opening
the link to the question page), and the server's CPU seconds per answer (utime + stime of the
server and its children from /proc during the answering phase). The machine's other load
counts too: say how many cores there were and what else ran.

    .venv/bin/python benchmarks/bench_room.py --participants 10 20 40 --pace human \\
        --seconds 60 [--json out.json]

Exits non-zero when any answer is lost, stale or unconfirmed, or a participant fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from room_client import Session, clock  # noqa: E402

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.applicability import skipped  # noqa: E402
from assessment.model.vocabulary import NOT_APPLICABLE_LABEL, ROLES  # noqa: E402
from assessment.storage.store import Store  # noqa: E402

QUESTIONNAIRE = "crm-readiness"
PASSCODE = "room-load-42-secret"
ANSWER_PREFIX = "wj_q_"
PACES = {"human": (3.0, 8.0), "adversarial": (0.15, 0.6)}  # seconds between answers
CHANGE_EARLIER = {"human": 0.2, "adversarial": 0.4}  # chance to change an earlier answer
BURST = {"human": 1, "adversarial": 2}  # up to this many clicks back to back, no pause
JOIN_TIMEOUT = 120.0
SETTLE_TIMEOUT = 60.0
# A click whose "Saved" came only from a run already seen before it was sent is never timed
# (the strict rule below); at the end, wait this long for such clicks and then count them.
PENDING_TIMEOUT = 15.0
LOG_PROBLEM = re.compile(r"Traceback|Error|Exception|could not save", re.IGNORECASE)


# ---------------------------------------------------------------------------- the server


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A served app: its process, port, database URL and log file."""

    proc: subprocess.Popen[bytes]
    port: int
    url: str
    log: Path

    def stop(self) -> None:
        """Terminate the server (and wait a bounded time)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_problems(self) -> list[str]:
        """Lines of the server log that look like errors."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if LOG_PROBLEM.search(line)]


def serve(folder: Path) -> Server:
    """Start the app on a free port with a SQLite file in folder; wait for its health check."""
    port = free_port()
    db_url = f"sqlite:///{folder / 'room.db'}"
    Store(db_url).close()  # create the schema before the server and the harness share it
    env = {**os.environ, "CRM_READINESS_DATABASE_URL": db_url}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
           "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = folder / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, port, db_url, log)
    deadline = clock() + 90
    while clock() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise SystemExit(f"the app did not become healthy; see {log}")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, its waited-for children and its live children (seconds)."""
    tick = os.sysconf("SC_CLK_TCK")

    def stat(p: int) -> tuple[int, list[str]]:
        raw = Path(f"/proc/{p}/stat").read_text()
        rest = raw[raw.rindex(")") + 2 :].split()
        return int(rest[1]), rest  # ppid, fields from 'state' on

    _, rest = stat(pid)
    total = sum(int(rest[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == pid:
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            ppid, child = stat(int(entry.name))
            if ppid == pid:
                total += int(child[11]) + int(child[12])
    return total / tick


def create_workshop(db_url: str) -> str:
    """A workshop on the full questionnaire, created in the database; its join code."""
    bundle = load_bundle(QUESTIONNAIRE)
    q = bundle.questionnaire
    store = Store(db_url)
    try:
        made = store.create_engagement(
            q.id, q.version, bundle.sha256, organisation="Room Load Ltd", passcode=PASSCODE
        )
    finally:
        store.close()
    return made.code


# ---------------------------------------------------------------------------- participants


def to_answer(label: str) -> int | str:
    """An option label ('3 · ...', "Don't know ..." or "Not applicable here") as the stored
    answer."""
    if label == NOT_APPLICABLE_LABEL:
        return "n/a"
    head = label.split(" ", 1)[0]
    return int(head) if head.isdigit() else "unknown"


@dataclass
class Participant:
    """One virtual participant and what happened to it."""

    number: int
    name: str
    role: str = ""
    token: str = ""
    join_seconds: float | None = None
    answers_given: int = 0
    chosen: dict[str, str] = field(default_factory=dict)  # question id -> last label chosen
    latencies: list[float] = field(default_factory=list)
    superseded: int = 0  # answers changed again before the page showed them saved
    shown_saved: dict[str, bool] = field(default_factory=dict)  # at the end, per question
    error: str = ""
    exceptions: list[str] = field(default_factory=list)
    messages: int = 0
    reruns: int = 0
    interrupted: int = 0
    unattributed: int = 0  # clicks no later run confirmed (their final state is still checked)


class Runner:
    """Drives one participant's session: join, answer, settle, read the final page."""

    def __init__(
        self, p: Participant, port: int, code: str, pace: str, seed: int, cookie: str = ""
    ) -> None:
        self.p = p
        self.port = port
        self.code = code
        self.pace = pace
        self.rng = random.Random(seed)
        self.s = Session(port, cookie=cookie)
        self.stopped = False  # set from outside to end answer() before its time
        # question id -> (label, sent at, runs seen before sending)
        self.pending: dict[str, tuple[str, float, frozenset[str]]] = {}
        self.s.listeners.append(self._on_message)

    def _on_message(self, s: Session, msg: Any) -> None:
        if not self.pending or msg.WhichOneof("type") != "delta":
            return
        now = clock()
        for qid, (label, sent, before) in list(self.pending.items()):
            shown, ok, run = s.shown_saved(ANSWER_PREFIX + qid)
            if ok and shown == label and run and run not in before:
                self.p.latencies.append(now - sent)
                del self.pending[qid]

    async def join(self) -> None:
        """Open the join link, choose a role, type a name, click Join; wait for the questions."""
        s, p = self.s, self.p
        start = await s.connect({"join": self.code})
        if not await s.wait_for(lambda: s.widget("wj_join"), JOIN_TIMEOUT):
            raise RuntimeError(f"no join form (page {s.page_name!r}: {s.texts()[:3]})")
        role_labels = s.options("wj_role")
        index = self.rng.randrange(len(role_labels))
        p.role = ROLES[index] if index < len(ROLES) else role_labels[index]
        await s.wait_finished(0, JOIN_TIMEOUT)
        sent = await s.choose("wj_role", role_labels[index])
        await s.wait_finished(sent, JOIN_TIMEOUT)
        s.type_text("wj_name", p.name)
        sent = await s.click("wj_join")
        if not await s.wait_finished(sent, JOIN_TIMEOUT) or not await s.wait_for(
            lambda: s.widgets_with_prefix(ANSWER_PREFIX), JOIN_TIMEOUT
        ):
            raise RuntimeError(f"did not reach the questions: {s.texts()[:5]}")
        p.join_seconds = clock() - start
        token = parse_qs(s.query_string).get("participant", [""])[0]
        if not token:
            raise RuntimeError(f"no participant token in the query string {s.query_string!r}")
        p.token = token

    def questions(self) -> list[str]:
        """The question ids on the page (user keys without the prefix)."""
        keys = self.s.widgets_with_prefix(ANSWER_PREFIX)
        return sorted(k[len(ANSWER_PREFIX) :] for k in keys)

    async def answer(self, until: float) -> None:
        """Answer at the chosen pace until the monotonic time `until`."""
        s, p, rng = self.s, self.p, self.rng
        low, high = PACES[self.pace]
        ids = self.questions()
        todo = ids[:]
        rng.shuffle(todo)
        for _ in range(100_000):
            if (
                clock() >= until
                or self.stopped
                or s.stats.exceptions
                and "connection closed" in s.stats.exceptions[-1]
            ):
                break
            answered = list(p.chosen)
            if answered and (not todo or rng.random() < CHANGE_EARLIER[self.pace]):
                qid = rng.choice(answered)
            elif todo:
                qid = todo.pop()
            else:
                qid = rng.choice(ids)
            key = ANSWER_PREFIX + qid
            options = s.options(key)
            if not options:
                await asyncio.sleep(0.2)  # the question is being re-rendered; look again
                continue
            current = p.chosen.get(qid)
            label = rng.choice([o for o in options if o != current] or options)
            before = frozenset(s.runs_seen)
            if qid in self.pending:
                p.superseded += 1
            sent = await s.choose(key, label)
            self.pending[qid] = (label, sent, before)
            p.chosen[qid] = label
            p.answers_given += 1
            if rng.randint(1, BURST[self.pace]) == 1:  # else the next click follows at once
                await asyncio.sleep(min(rng.uniform(low, high), max(0.0, until - clock())))

    async def settle(self) -> None:
        """Wait until the page has caught up, then read what it shows for every answer."""
        s = self.s
        await s.wait_for(lambda: not self.pending, PENDING_TIMEOUT)
        self.p.unattributed = len(self.pending)
        await s.wait_quiet(1.5, SETTLE_TIMEOUT)
        for qid, label in self.p.chosen.items():
            shown, ok, _run = s.shown_saved(ANSWER_PREFIX + qid)
            self.p.shown_saved[qid] = bool(ok and shown == label)
        self.p.exceptions = list(s.stats.exceptions)
        self.p.messages = s.stats.messages
        self.p.reruns = s.stats.reruns_sent
        self.p.interrupted = s.stats.interrupted


# ---------------------------------------------------------------------------- one room


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), nearest rank; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def check(db_url: str, people: list[Participant]) -> dict[str, Any]:
    """Compare every participant's last choices and final page with the database."""
    store = Store(db_url)
    lost = stale = unconfirmed = stored = 0
    problems: list[str] = []
    try:
        for p in people:
            if not p.token:
                continue
            found = store.get_participant(p.token)
            db = dict(found.answers) if found is not None else {}
            # A question that no longer applies (a screening answer changed) is not on the
            # page, so it cannot show as saved; its last answer must still be stored.
            out = skipped(load_bundle(QUESTIONNAIRE).questionnaire, db)
            for qid, label in p.chosen.items():
                want = to_answer(label)
                if qid not in db:
                    lost += 1
                    problems.append(f"{p.name} {qid}: chose {want}, not in the database")
                elif db[qid] != want:
                    stale += 1
                    problems.append(f"{p.name} {qid}: chose {want}, database holds {db[qid]}")
                else:
                    stored += 1
                if not p.shown_saved.get(qid) and qid not in out:
                    unconfirmed += 1
                    problems.append(f"{p.name} {qid}: the page does not show {want} as saved")
    finally:
        store.close()
    return {"stored": stored, "lost": lost, "stale": stale, "unconfirmed": unconfirmed,
            "problems": problems}  # fmt: skip


async def room(
    server: Server, code: str, n: int, pace: str, seconds: float, seed: int = 1
) -> dict[str, Any]:
    """N participants join one workshop and answer for `seconds`; the figures of that room."""
    people = [Participant(i, f"p{seed:03d}-{i:03d}") for i in range(1, n + 1)]
    runners = [Runner(p, server.port, code, pace, seed * 1000 + p.number) for p in people]

    async def join(r: Runner) -> None:
        await asyncio.sleep(r.rng.uniform(0, min(5.0, 0.1 * n)))  # people arrive over a moment
        try:
            await r.join()
        except Exception as exc:
            r.p.error = f"join: {exc}"

    try:
        await asyncio.gather(*(join(r) for r in runners))
        joined = [r for r in runners if not r.p.error]
        cpu0, t0 = cpu_seconds(server.proc.pid), clock()
        until = t0 + seconds

        async def work(r: Runner) -> None:
            try:
                await r.answer(until)
            except Exception as exc:
                r.p.error = f"answer: {exc!r}"

        await asyncio.gather(*(work(r) for r in joined))
        await asyncio.gather(*(r.settle() for r in joined))
        cpu1, t1 = cpu_seconds(server.proc.pid), clock()
    finally:
        await asyncio.gather(*(r.s.close() for r in runners), return_exceptions=True)
    verdict = check(server.url, people)
    latencies = [x for p in people for x in p.latencies]
    joins = [p.join_seconds for p in people if p.join_seconds is not None]
    given = sum(p.answers_given for p in people)
    return {
        "participants": n,
        "pace": pace,
        "seconds": round(t1 - t0, 1),
        "joined": len(joins),
        "answers_given": given,
        "distinct_answers": sum(len(p.chosen) for p in people),
        **{k: verdict[k] for k in ("stored", "lost", "stale", "unconfirmed")},
        "superseded": sum(p.superseded for p in people),
        "interrupted_runs": sum(p.interrupted for p in people),
        "unattributed_clicks": sum(p.unattributed for p in people),
        "confirmed_clicks": len(latencies),
        "latency_ms": {
            "p50": ms(percentile(latencies, 50)),
            "p95": ms(percentile(latencies, 95)),
            "max": ms(max(latencies) if latencies else None),
        },
        "join_s": {
            "p50": rnd(statistics.median(joins) if joins else None),
            "max": rnd(max(joins) if joins else None),
        },
        "server_cpu_s": round(cpu1 - cpu0, 2),
        "cpu_ms_per_answer": round((cpu1 - cpu0) / given * 1000, 1) if given else None,
        "errors": [f"{p.name}: {p.error}" for p in people if p.error],
        "page_exceptions": [f"{p.name}: {e}" for p in people for e in p.exceptions],
        "problems": verdict["problems"][:50],
        "people": people,  # the participants themselves (run() leaves them out of the JSON)
    }


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def rnd(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def failed(result: dict[str, Any]) -> bool:
    """Anything lost, stale, unconfirmed, or a participant or page that failed."""
    return bool(
        result["lost"] or result["stale"] or result["unconfirmed"] or result["errors"]
        or result["page_exceptions"] or result["joined"] < result["participants"]
    )  # fmt: skip


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    head = (
        "| participants | pace | s | answers | stored | lost | stale | unconfirmed "
        "| saved p50 ms | p95 ms | max ms | join p50 s | join max s | server CPU ms/answer |"
    )
    rows = [head, "|" + "---|" * 14]
    for r in results:
        lat, join = r["latency_ms"], r["join_s"]
        rows.append(
            f"| {r['participants']} | {r['pace']} | {r['seconds']} | {r['answers_given']} "
            f"| {r['stored']} | {r['lost']} | {r['stale']} | {r['unconfirmed']} "
            f"| {lat['p50']} | {lat['p95']} | {lat['max']} | {join['p50']} | {join['max']} "
            f"| {r['cpu_ms_per_answer']} |"
        )
    return "\n".join(rows)


def run(counts: list[int], pace: str, seconds: float, seed: int = 1) -> dict[str, Any]:
    """Every room size on its own fresh server and database; all figures and the server log."""
    results: list[dict[str, Any]] = []
    logs: dict[str, list[str]] = {}
    for n in counts:
        with tempfile.TemporaryDirectory(prefix="bench-room-") as tmp:
            server = serve(Path(tmp))
            try:
                code = create_workshop(server.url)
                result = asyncio.run(room(server, code, n, pace, seconds, seed))
                result.pop("people")
            finally:
                server.stop()
            result["server_log_problems"] = server.log_problems()[:50]
            logs[str(n)] = result["server_log_problems"]
            results.append(result)
    return {"cores": os.cpu_count(), "load_avg": os.getloadavg(), "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[10])
    parser.add_argument("--pace", choices=sorted(PACES), default="human")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    report = run(args.participants, args.pace, args.seconds, args.seed)
    print(f"{report['cores']} cores, load average {report['load_avg'][0]:.2f} at the end\n")
    print(table(report["results"]))
    bad = False
    for r in report["results"]:
        for line in r["errors"] + r["page_exceptions"] + r["problems"][:20]:
            print(f"  {r['participants']}: {line}")
        for line in r["server_log_problems"][:10]:
            print(f"  {r['participants']} server log: {line}")
        bad = bad or failed(r)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
