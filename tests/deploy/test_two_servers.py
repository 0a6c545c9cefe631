"""A workshop on two app servers behind nginx, one PostgreSQL, one server killed mid-run.

Two `crm-readiness serve` processes share a fresh PostgreSQL schema; Debian's nginx runs
deploy/nginx/crm-readiness.conf in front of them on localhost. Six virtual participants
(benchmarks/room_client.py, Streamlit's own WebSocket protocol) and one Chromium participant
join through nginx and answer question after question, each as soon as the last one showed
"Saved"; the cookie stickiness spreads them over both servers.
The facilitator watches the live dashboard in Chromium. Server A is then killed (SIGKILL)
while answers are flowing: its participants open their private links again and carry on,
through nginx, on server B. An answer counts as acknowledged when the participant's page
shows it as "Saved" from a run after the click (the room load test's rule). At the end every
acknowledged answer is in the database, the database holds exactly what the final pages show
as saved, and the dashboard shows every answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import missing_prerequisite
from nginx_proxy import Proxy, nginx
from nginx_proxy import start as start_nginx
from sqlalchemy import func, select
from storage_fixtures import pg_schema_url
from streamlit_browser import free_port, settle

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_room  # noqa: E402
from room_client import Session, clock  # noqa: E402

from assessment.content.questionnaires import load_bundle  # noqa: E402
from assessment.engine.applicability import skipped  # noqa: E402
from assessment.report.charts import score_text  # noqa: E402
from assessment.services.workshop import compute_results  # noqa: E402
from assessment.storage.migrations import answers, participants  # noqa: E402
from assessment.storage.store import Store  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

PROTOCOL = 6  # virtual participants; round robin puts three on each server
KILL_AFTER = 5.0  # seconds of answering on both servers before A is killed (at the least)
AFTER_KILL = 6.0  # seconds of answering after the kill
REFRESH = 5  # app_pages/workshop_live.py REFRESH_SECONDS
TIMEOUT = 60.0
# WebSockets in all: the six, the browser participant and the facilitator, then A's four again.
STREAMS = PROTOCOL + 2 + PROTOCOL // 2 + 1
PREFIX = bench_room.ANSWER_PREFIX
COOKIE_SECRET = "the-same-secret-on-every-server-0123456789"
READ_SCREEN = """() => Array.from(document.querySelectorAll('[class*="st-key-wj_q_"]')).map(e => {
    const key = Array.from(e.classList).find(c => c.startsWith('st-key-wj_q_')).slice(12);
    const input = e.querySelector('input[type="radio"]:checked');
    const option = input ? input.closest('label').innerText.trim() : null;
    const next = e.nextElementSibling;
    return [key, option, next ? next.innerText.trim() : ''];
})"""
READ_METRICS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid=stMetric]')]
    .map(m => [m.querySelector('[data-testid=stMetricLabel]').innerText.trim(),
               m.querySelector('[data-testid=stMetricValue]').innerText.trim()]))"""


# ------------------------------------------------------------------------------ deployment


@dataclass
class AppServer:
    """One `crm-readiness serve` process (a process group: serve and its streamlit child)."""

    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """The server dies at once, with no chance to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def problems(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if bench_room.LOG_PROBLEM.search(line)]


@dataclass
class Deployment:
    servers: dict[str, AppServer]
    proxy: Proxy
    db_url: str

    @property
    def port(self) -> int:
        return int(self.proxy.url.rsplit(":", 1)[1])


def healthy(port: int, proc: subprocess.Popen[bytes]) -> bool:
    deadline = clock() + 90
    while clock() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(name: str, port: int, db_url: str, public: str, folder: Path) -> AppServer:
    """`python -m assessment serve` as a deployment runs it, in a process group of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.update({
        "CRM_READINESS_DATABASE_URL": db_url,
        "CRM_READINESS_PUBLIC_URL": public,
        "STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET,
    })  # fmt: skip
    log = folder / f"server-{name}.log"
    cmd = [sys.executable, "-m", "assessment", "serve", "--port", str(port),
           "--address", "127.0.0.1"]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    return AppServer(name, port, proc, log)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Deployment]:
    """Servers a and b on one fresh PostgreSQL schema, nginx in front."""
    if nginx() is None:
        missing_prerequisite("Debian nginx is not installed (apt-get install nginx)")
    folder = tmp_path_factory.mktemp("two-servers")
    for db_url in pg_schema_url(pg_url):
        Store(db_url).close()  # the schema first, so the harness can write the workshop
        proxy_port = free_port()
        public = f"http://127.0.0.1:{proxy_port}"
        servers = {n: serve(n, free_port(), db_url, public, folder) for n in ("a", "b")}
        proxy: Proxy | None = None
        try:
            for s in servers.values():
                assert healthy(s.port, s.proc), s.log.read_text(errors="replace")
            apps = tuple(f"127.0.0.1:{servers[n].port}" for n in ("a", "b"))
            proxy = start_nginx((apps[0], apps[1]), proxy_port, folder / "nginx")
            yield Deployment(servers, proxy, db_url)
        finally:
            if proxy is not None:
                proxy.stop()
            for s in servers.values():
                s.stop()


# ------------------------------------------------------------------------------ participants


class Tracked(bench_room.Runner):
    """A room participant that also remembers which answers its page acknowledged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acked: dict[str, str] = {}  # question id -> last label shown as saved

    def _on_message(self, s: Session, msg: Any) -> None:
        before = dict(self.pending)
        super()._on_message(s, msg)
        for qid in before.keys() - self.pending.keys():
            self.acked[qid] = before[qid][0]

    def final_word(self) -> dict[str, str]:
        """Acknowledged answers with no later click still waiting for its acknowledgement."""
        return {q: a for q, a in self.acked.items() if q not in self.pending
                and self.p.chosen.get(q) == a}  # fmt: skip

    async def steady(self, until: float) -> None:
        """Answer question after question, each once the page said the last one was Saved
        (a brisk person; the room load test covers clicks that interrupt each other)."""
        s, p = self.s, self.p
        ids = self.questions()
        self.rng.shuffle(ids)
        for i in range(10_000):
            if clock() >= until or self.stopped or "connection closed" in str(s.stats.exceptions):
                return
            qid = ids[i % len(ids)]
            options = s.options(PREFIX + qid)
            if not options:  # a screening answer took it off the page
                continue
            label = self.rng.choice([o for o in options if o != p.chosen.get(qid)] or options)
            before = frozenset(s.runs_seen)
            sent = await s.choose(PREFIX + qid, label)
            self.pending[qid] = (label, sent, before)
            p.chosen[qid] = label
            p.answers_given += 1
            await s.wait_for(lambda q=qid: q not in self.pending, TIMEOUT)
            await asyncio.sleep(self.rng.uniform(0.1, 0.5))

    async def resume(self) -> None:
        """Open the private link (/?participant=TOKEN) and wait for the questions."""
        s = self.s
        await s.connect({"participant": self.p.token})
        if not await s.wait_for(lambda: s.widgets_with_prefix(PREFIX), TIMEOUT):
            raise RuntimeError(f"the private link did not reopen the questions: {s.texts()[:5]}")
        await s.wait_quiet(1.0, TIMEOUT)

    def page_saved(self) -> dict[str, str]:
        """Every answer the page shows as saved: question id -> option label."""
        shown = {}
        for key in self.s.widgets_with_prefix(PREFIX):
            value, ok, _run = self.s.shown_saved(key)
            if ok and value is not None:
                shown[key[len(PREFIX) :]] = value
        return shown


def cookie_from(proxy_url: str, cookie: str = "") -> str:
    """The crm_server cookie nginx gives a browser that opens the app's first page."""
    request = urllib.request.Request(f"{proxy_url}/", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=20) as r:
        found = re.search(r"crm_server=(\w*)", "; ".join(r.headers.get_all("Set-Cookie") or []))
    return found.group(1) if found else ""


@dataclass
class Events:
    joined: threading.Event = field(default_factory=threading.Event)
    kill: threading.Event = field(default_factory=threading.Event)
    killed: threading.Event = field(default_factory=threading.Event)


async def protocol_room(d: Deployment, code: str, ev: Events) -> dict[str, Any]:
    """Six participants through nginx; A killed when the main thread says; A's carry on."""
    servers = [await asyncio.to_thread(cookie_from, d.proxy.url) for _ in range(PROTOCOL)]
    people = [bench_room.Participant(i, f"n{i:02d}") for i in range(1, PROTOCOL + 1)]
    runners = [Tracked(p, d.port, code, "steady", 700 + p.number, f"crm_server={srv}")
               for p, srv in zip(people, servers, strict=True)]  # fmt: skip
    out: dict[str, Any] = {"servers": servers, "first": runners, "resumed": {}}
    try:
        await asyncio.gather(*(r.join() for r in runners))
        ev.joined.set()
        tasks = {r.p.number: asyncio.create_task(r.steady(clock() + 120)) for r in runners}
        t0 = clock()
        await asyncio.sleep(KILL_AFTER)
        await asyncio.to_thread(ev.kill.wait, TIMEOUT)
        on_a = [r for r, srv in zip(runners, servers, strict=True) if srv == "a"]
        for _ in range(500):  # die with a click on its way, not between two
            if any(r.pending for r in on_a):
                break
            await asyncio.sleep(0.01)
        pending_at_kill = {r.p.number: dict(r.pending) for r in runners}
        d.servers["a"].kill()
        out["killed_after"] = clock() - t0
        ev.killed.set()
        final_on_a = {}
        for r, srv in zip(runners, servers, strict=True):
            if srv != "a":
                continue
            # The page lost its server: what it had acknowledged as the final word stays.
            with_error = await asyncio.gather(tasks.pop(r.p.number), return_exceptions=True)
            final_on_a[r.p.number] = (r.final_word(), dict(r.acked), with_error)
            me = bench_room.Participant(r.p.number, r.p.name, r.p.role, r.p.token)
            again = Tracked(me, d.port, code, "steady", 900 + r.p.number, "crm_server=a")
            await again.resume()
            out["resumed"][r.p.number] = (again, again.page_saved())
            tasks[r.p.number] = asyncio.create_task(again.steady(clock() + 120))
        await asyncio.sleep(AFTER_KILL)
        current = {r.p.number: r for r in runners}
        current.update({n: again for n, (again, _) in out["resumed"].items()})
        for r in current.values():
            r.stopped = True
        results = await asyncio.gather(*tasks.values(), return_exceptions=True)
        out["task_errors"] = [repr(e) for e in results if isinstance(e, BaseException)]
        await asyncio.gather(*(r.settle() for r in current.values()))
        out["current"] = current
        out["final_on_a"] = final_on_a
        out["pending_at_kill"] = pending_at_kill
        out["final_pages"] = {n: r.page_saved() for n, r in current.items()}
    finally:
        everyone = runners + [again for again, _ in out["resumed"].values()]
        await asyncio.gather(*(r.s.close() for r in everyone), return_exceptions=True)
    return out


def answer_count(store: Store, engagement_id: int) -> int:
    """Answer rows of one workshop, counted in SQL."""
    people = select(participants.c.id).where(participants.c.engagement_id == engagement_id)
    with store.engine.connect() as conn:
        return int(conn.execute(
            select(func.count()).select_from(answers).where(answers.c.participant_id.in_(people))
        ).scalar_one())  # fmt: skip


# ------------------------------------------------------------------------------ browsers


def browser_page(browser: Any, d: Deployment, cookies: dict[str, str]) -> Any:
    """A Chromium page in a fresh context with these cookies for the nginx address."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.set_default_timeout(60_000)
    context.add_cookies([{"name": k, "value": v, "url": d.proxy.url} for k, v in cookies.items()])
    return context.new_page()


def click_answers(page: Any, keys: list[str]) -> None:
    """Choose the second option of each question and wait until the page says Saved."""
    for key in keys:
        page.locator(f".st-key-{PREFIX}{key}").get_by_test_id("stRadioOption").nth(1).click()
        page.wait_for_function(
            f"""() => {{ const e = document.querySelector('.st-key-{PREFIX}{key}');
                const i = e && e.querySelector('input[type=radio]:checked');
                const n = e && e.nextElementSibling;
                return i && n && /Saved/.test(n.innerText) && !/Not saved/.test(n.innerText); }}"""
        )


def screen_saved(page: Any) -> dict[str, str]:
    settle(page)
    found = page.evaluate(READ_SCREEN)
    return {k: o for k, o, status in found
            if o and "Saved" in status and "Not saved" not in status}  # fmt: skip


def metrics_reach(page: Any, want: dict[str, str], timeout: float) -> float:
    """Seconds until the dashboard shows these metric values (fails after timeout)."""
    start = clock()
    seen: dict[str, str] = {}
    while clock() - start < timeout:
        seen = page.evaluate(READ_METRICS)
        if all(seen.get(k) == v for k, v in want.items()):
            return clock() - start
        page.wait_for_timeout(250)
    raise AssertionError(f"the dashboard shows {seen}, not {want}, after {timeout} s")


# ------------------------------------------------------------------------------ the run


@pytest.fixture(scope="module")
def run(browser: Any, deployment: Deployment) -> dict[str, Any]:
    """The whole workshop: joins, answers on both servers, the kill, the carrying on."""
    d = deployment
    code = bench_room.create_workshop(d.db_url)
    store = Store(d.db_url)
    engagement = store.get_engagement(code)
    assert engagement is not None
    signed_in = store.open_session(engagement)  # as if signed in earlier, on either server
    out: dict[str, Any] = {"db_url": d.db_url, "code": code, "started": clock(), "t": {}}

    # The facilitator on server b (the one that lives), the browser participant on a.
    facilitator = browser_page(browser, d, {"crm_server": "b", "crm_facilitator": signed_in})
    facilitator.goto(f"{d.proxy.url}/facilitate")
    facilitator.get_by_role("radio", name="Live results").click()
    facilitator.get_by_text(f"Updates every {REFRESH} seconds").wait_for()
    person = browser_page(browser, d, {"crm_server": "a"})
    out["t"]["facilitator"] = round(clock() - out["started"], 1)
    person.goto(f"{d.proxy.url}/?join={code}")
    person.get_by_text("Executive", exact=True).click()
    person.get_by_role("button", name="Join the workshop").click()
    person.get_by_text(re.compile(r"^\d+ questions: \d+ answered")).wait_for()
    token = person.url.split("participant=")[1].split("&")[0]
    # Questions that screen no other question: the five clicked stay on the page.
    keys = [k for k, _, _ in person.evaluate(READ_SCREEN) if k != "customer-records"]
    click_answers(person, keys[:3])
    out["browser_before_kill"] = screen_saved(person)
    out["t"]["browser_joined"] = round(clock() - out["started"], 1)

    ev = Events()
    events_thread = ThreadPoolExecutor(max_workers=1)
    room = events_thread.submit(asyncio.run, protocol_room(d, code, ev))
    try:
        assert ev.joined.wait(TIMEOUT * 2), room.exception(timeout=1) if room.done() else ""
        # Before the kill: the dashboard on b counts every participant of both servers.
        out["dashboard_both_s"] = metrics_reach(
            facilitator, {"Joined": str(PROTOCOL + 1), "Respondents with answers":
                          str(PROTOCOL + 1)}, REFRESH + 20)  # fmt: skip
        ev.kill.set()
        out["t"]["dashboard_both"] = round(clock() - out["started"], 1)
        assert ev.killed.wait(TIMEOUT)
        # The browser participant's server is gone: its private link opens on the other one.
        person.goto(f"{d.proxy.url}/?participant={token}")
        person.get_by_text(re.compile(r"^\d+ questions: \d+ answered")).wait_for()
        out["browser_reopened"] = screen_saved(person)
        out["t"]["browser_reopened"] = round(clock() - out["started"], 1)
        click_answers(person, keys[3:5])
        out["browser_cookie"] = {c["name"]: c["value"] for c in person.context.cookies()}
        out["room"] = room.result(timeout=TIMEOUT * 2)
        out["t"]["room_done"] = round(clock() - out["started"], 1)
    finally:
        events_thread.shutdown(wait=False)
    out["browser_final"] = screen_saved(person)
    out["browser_token"] = token
    out["answered_at"] = clock()

    bundle = load_bundle(bench_room.QUESTIONNAIRE)
    results = compute_results(store, engagement, bundle)
    assert results is not None
    out["overall"] = score_text(results.overall.score)
    out["dashboard_final_s"] = metrics_reach(
        facilitator, {"Respondents with answers": str(PROTOCOL + 1),
                      "Overall readiness": out["overall"]}, REFRESH + 20)  # fmt: skip
    facilitator.screenshot(path=str(d.proxy.folder / "dashboard.png"))
    out["t"]["dashboard_final"] = round(clock() - out["started"], 1)
    out["seconds"] = clock() - out["started"]
    out["db_count"] = answer_count(store, engagement.id)
    out["db_tokens"] = {n: store.get_participant(r.p.token) for n, r in
                        out["room"]["current"].items()}  # fmt: skip
    out["browser_db"] = store.get_participant(token)
    store.close()
    for page in (facilitator, person):
        page.context.close()
    return out


# ------------------------------------------------------------------------------ the tests


def test_participants_are_spread_over_both_servers(run: dict[str, Any], deployment: Deployment):
    servers = run["room"]["servers"]
    assert sorted(servers) == ["a"] * (PROTOCOL // 2) + ["b"] * (PROTOCOL // 2)
    # nginx logs each WebSocket when it closes: which server carried which page.
    streams = deployment.proxy.streams(STREAMS)
    assert all(a.status == 101 for a in streams), streams
    by_server = {n: sum(a.served_by == n for a in streams) for n in ("a", "b")}
    # Before the kill: three protocol pages and the browser participant on a; three pages
    # and the facilitator on b. After it, A's four pages again, on b.
    assert by_server["a"] >= PROTOCOL // 2 + 1, by_server
    assert by_server["b"] >= PROTOCOL // 2 + 1 + PROTOCOL // 2 + 1, by_server
    failed_over = [a for a in streams if a.cookie == "a" and a.served_by == "b"]
    assert len(failed_over) == PROTOCOL // 2, streams
    # The browser's private link: its page came from b, which set the cookie to b.
    reopened = [a for a in deployment.proxy.log() if a.uri.startswith("/?participant=")]
    assert [(a.cookie, a.served_by) for a in reopened] == [("a", "b")], reopened
    assert run["browser_cookie"]["crm_server"] == "b"  # the cookie followed the failover


def test_the_dashboard_shows_every_answer_from_both_servers(run: dict[str, Any]) -> None:
    # Both waits are bounded by REFRESH + 20 s; the figures go to the report.
    figures = {k: round(run[k], 1) for k in ("dashboard_both_s", "dashboard_final_s", "seconds")}
    print(json.dumps({**figures, **run["t"]}))
    assert run["dashboard_final_s"] <= REFRESH + 20
    assert run["overall"] != "–"


def test_the_kill_loses_no_acknowledged_answer(run: dict[str, Any]) -> None:
    room = run["room"]
    assert room["killed_after"] >= KILL_AFTER
    assert room["final_on_a"], "someone was on the killed server"
    on_a = room["final_on_a"]
    in_flight = sum(len(room["pending_at_kill"][n]) for n in on_a)
    print(f"acknowledged on a before the kill: {sum(len(v[1]) for v in on_a.values())}, "
          f"in flight when it died: {in_flight}")  # fmt: skip
    for number, (final_word, acked, _errors) in room["final_on_a"].items():
        assert len(acked) > 3, f"participant {number} answered little before the kill"
        stored = run["db_tokens"][number]
        assert stored is not None
        reopened = room["resumed"][number][1]
        for qid, label in final_word.items():
            # What A had acknowledged is stored, and the reopened page on b shows it saved,
            # unless it was changed again on b after the kill.
            again = room["current"][number].p.chosen.get(qid)
            assert reopened.get(qid) == label, (number, qid, label, reopened.get(qid))
            want = bench_room.to_answer(again or label)
            assert stored.answers.get(qid) == want, (number, qid, want)
        for qid in acked:  # changed again just before the kill: still some answer stored
            assert qid in stored.answers, (number, qid)
    # The browser participant on a: its answers before the kill are there after it.
    before, reopened = run["browser_before_kill"], run["browser_reopened"]
    assert len(before) == 3 and before.items() <= reopened.items(), (before, reopened)


def test_the_database_holds_exactly_what_the_pages_acknowledged(run: dict[str, Any]) -> None:
    room = run["room"]
    assert room["task_errors"] == []
    q = load_bundle(bench_room.QUESTIONNAIRE).questionnaire
    acknowledged = stored_total = 0
    unconfirmed: list[str] = []
    for number, shown in room["final_pages"].items():
        me = run["db_tokens"][number]
        assert me is not None
        r = room["current"][number]
        assert r.p.exceptions == [], (r.p.exceptions, number)
        out = skipped(q, dict(me.answers))  # no longer asked: not on the page, still stored
        db = {k: v for k, v in me.answers.items() if k not in out}
        page = {k: bench_room.to_answer(v) for k, v in shown.items()}
        # A last click the page never showed as saved (a one-server weakness the room load
        # test owns): it must be stored all the same, and is counted, not compared.
        for k in r.pending:
            assert db.get(k) == bench_room.to_answer(r.p.chosen[k]), (number, k)
            unconfirmed.append(f"{r.p.name} {k}")
            db.pop(k)
            page.pop(k, None)
        assert db == page, (number, {k: (db.get(k), page.get(k)) for k in db.keys() | page.keys()
                                     if db.get(k) != page.get(k)})  # fmt: skip
        acknowledged += len(page)
        stored_total += len(db)
    print(f"acknowledged at the end: {acknowledged}, stored but not shown as saved: {unconfirmed}")
    assert len(unconfirmed) <= 2, unconfirmed
    browser = run["browser_db"]
    assert browser is not None and len(run["browser_final"]) == 5
    assert dict(browser.answers) == {
        k: bench_room.to_answer(v) for k, v in run["browser_final"].items()
    }
    assert acknowledged == stored_total > PROTOCOL * 5
    # Every answer row of the workshop, counted in SQL: the acknowledged ones, plus answers to
    # questions a later screening answer took off a page, plus the unconfirmed ones above.
    rows = sum(len(run["db_tokens"][n].answers) for n in room["final_pages"])
    hidden = rows - stored_total - len(unconfirmed)
    assert hidden >= 0
    assert run["db_count"] == acknowledged + hidden + len(unconfirmed) + len(run["browser_final"])


def test_the_surviving_server_and_nginx_logged_no_error(
    run: dict[str, Any], deployment: Deployment
) -> None:
    assert run["seconds"] > 0
    assert deployment.servers["b"].problems() == []
    assert deployment.servers["a"].problems() == []
    assert "[emerg]" not in deployment.proxy.errors()
