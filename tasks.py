#!/usr/bin/env python3
"""Set-up and run tasks with nothing but Python 3.11+: `python3 tasks.py run|test|bench`.

`run`   creates .venv, installs the requirements and starts the app.
`test`  creates .venv, installs the test requirements and runs lint, types and every test.
`bench` runs the benchmarks and prints their tables.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _setup(requirements: str) -> None:
    """Create the virtual environment and install requirements when they changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} (first run takes a minute) ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(ROOT / requirements), "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


def _run(*cmd: str) -> int:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def run(args: list[str]) -> int:
    """Start the app (`crm-readiness serve [--port N] ...`) with the checkout's SQLite file."""
    _setup("requirements.txt")
    if not os.environ.get("CRM_READINESS_DATABASE_URL"):
        (ROOT / "data").mkdir(exist_ok=True)
        os.environ["CRM_READINESS_DATABASE_URL"] = f"sqlite:///{ROOT / 'data' / 'crm-readiness.db'}"
    return _run(str(PY), "-m", "assessment", "serve", *args)


def test(args: list[str]) -> int:
    """Lint, type-check, check the import contracts and run the whole test suite."""
    _setup("requirements-dev.txt")
    for cmd in (
        (str(PY), "-m", "ruff", "check", "."),
        (str(PY), "-m", "ruff", "format", "--check", "."),
        (str(PY), "-m", "mypy"),
        (str(BIN / "lint-imports"), "--no-cache"),
    ):
        if code := _run(*cmd):
            return code
    return _run(str(PY), "-m", "pytest", *args)


def bench(args: list[str]) -> int:
    """Run every benchmark script and print its table."""
    _setup("requirements-dev.txt")
    code = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        code |= _run(str(PY), str(script), *args)
    return code


TASKS = {"run": run, "test": test, "bench": bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [args...]")
    sys.exit(TASKS[sys.argv[1]](sys.argv[2:]))
