"""A storage process killed with SIGKILL loses no answer it had acknowledged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import storage_fixtures as fx

from assessment.storage.store import Store

store_url = fx.store_url
ROOT = Path(__file__).resolve().parents[2]
ACKS_BEFORE_KILL = 300

# Writes answers as fast as it can and prints each question id once its write has returned.
WRITER = """
import sys
from assessment.storage.store import Store
url, kind, token = sys.argv[1:4]
store = Store(url)
save = store.save_participant_answer if kind == "workshop" else store.save_answer
i = 0
while True:
    qid = f"q{i}"
    save(token, qid, i % 5 + 1)
    print(qid, flush=True)
    i += 1
"""


def run_and_kill(url: str, kind: str, token: str) -> list[str]:
    """Start the writer, SIGKILL it mid-stream, and return every acknowledged question id."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, kind, token],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    acked: list[str] = []
    while len(acked) < ACKS_BEFORE_KILL:
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}")
        acked.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    acked += [line for line in rest.splitlines() if line]
    return acked


@pytest.mark.slow
def test_killed_workshop_writer_keeps_every_acknowledged_answer(store_url: str) -> None:
    setup = Store(store_url)
    e = setup.create_engagement("q", "1", "d" * 64, organisation="Acme", passcode="123456")
    token = setup.join(e.code, "frontline")
    setup.close()
    acked = run_and_kill(store_url, "workshop", token)
    after = Store(store_url)
    me = after.get_participant(token)
    assert me is not None
    missing = [q for q in acked if q not in me.answers]
    assert missing == []
    assert all(me.answers[f"q{i}"] == i % 5 + 1 for i in range(len(acked)))
    after.close()


@pytest.mark.slow
def test_killed_self_assessment_writer_keeps_every_acknowledged_answer(store_url: str) -> None:
    setup = Store(store_url)
    token = setup.create_assessment("q", "1", "d" * 64)
    setup.close()
    acked = run_and_kill(store_url, "self", token)
    stored = Store(store_url).get_assessment(token)
    assert stored is not None
    assert [q for q in acked if q not in stored.answers] == []
