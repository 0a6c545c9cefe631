"""The CI proof of packaging: build, check, install the wheel in a fresh venv, use it.

`python -m build` makes the sdist and builds the wheel FROM it (so the sdist is complete),
`twine check` accepts both, and the wheel installed (not editable) into a new venv outside
the checkout carries the questionnaires, report templates, app and Streamlit settings: its
`crm-readiness` script validates, shows, scores, reports and serves the app.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from streamlit_browser import free_port, settle

from assessment import __version__

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = """\
questionnaire: executive-quick-check
respondent: {name: Eva Lindqvist, role: executive}
organisation: Lindqvist & Hart
answers:
  customer-strategy: 5
  customer-insight: 4
  executive-sponsor: 5
  budget-split: 4
  success-measures: 5
  service-attitude: 4
  complaint-handling: 4
  contact-frequency: 4
  process-redesign: 5
  handoffs: 4
  baseline-measures: 4
  change-management: 4
  current-adoption: 4
  customer-view: unknown
  upgrade-motive: 4
"""


@dataclass
class Installed:
    """The wheel installed in a fresh venv, and a folder outside the checkout to work in."""

    wheel: Path
    venv: Path
    work: Path
    env: dict[str, str]

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run the installed `crm-readiness` in the work folder."""
        return subprocess.run(
            [str(self.bin / "crm-readiness"), *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def _timed(what: str, cmd: list[str]) -> None:
    """Run a set-up step, print how long it took, fail with its output."""
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    print(f"{what}: {time.monotonic() - start:.1f} s")
    assert proc.returncode == 0, f"{what} failed:\n{proc.stdout}\n{proc.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build sdist and wheel, twine-check them, install the wheel into a new venv."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    # The sdist first, then the wheel built from the unpacked sdist.
    _timed("python -m build", [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    [wheel] = dist.glob("crm_readiness-*.whl")
    [sdist] = dist.glob("crm_readiness-*.tar.gz")
    built = [sdist, wheel]
    _timed("twine check", [sys.executable, "-m", "twine", "check", "--strict", *map(str, built)])
    venv = base / "venv"
    # No pip inside the venv (ensurepip is slow): this pip installs into it with --python.
    _timed("python -m venv", [sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install"]
    quiet = ["--disable-pip-version-check", "-q", "--no-compile"]
    _timed("pip install the wheel", [*pip, *quiet, str(wheel)])
    work = base / "work"
    work.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "CRM_READINESS_DATABASE_URL")
        and not k.startswith("CRM_READINESS_")
    }
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
    env["XDG_DATA_HOME"] = str(base / "xdg")  # never the developer's own data folder
    env["HOME"] = str(base / "home")
    yield Installed(wheel, venv, work, env)
    shutil.rmtree(venv, ignore_errors=True)


def test_the_wheel_carries_data_app_and_settings(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for name in (
        "assessment/bundled/questionnaires/crm-readiness.yaml",
        "assessment/bundled/questionnaires/executive-quick-check.yaml",
        "assessment/bundled/questionnaires/perils.yaml",
        "assessment/bundled/questionnaires/schema.json",
        "assessment/bundled/report_templates/report.html",
        "assessment/bundled/report_templates/bootstrap.js",
        "app_pages/main.py",
        "app_pages/settings/config.toml",
    ):
        assert name in names
    # Every module of the checkout's packages (a new subpackage must be listed in pyproject).
    for package in ("assessment", "app_pages"):
        for module in (ROOT / package).rglob("*.py"):
            assert module.relative_to(ROOT).as_posix() in names
    for folder in ("questionnaires", "report_templates"):
        for path in (ROOT / folder).iterdir():
            assert f"assessment/bundled/{folder}/{path.name}" in names
    assert not [n for n in names if n.endswith("secrets.toml")]
    assert (ROOT / ".streamlit" / "config.toml").read_bytes() == zipfile.ZipFile(
        installed.wheel
    ).read("app_pages/settings/config.toml")


def test_the_installed_package_is_not_the_checkout(installed: Installed) -> None:
    code = (
        "import importlib.util, assessment, assessment.resources as r\n"
        "print(assessment.__file__)\n"
        "print(importlib.util.find_spec('app_pages').origin)\n"
        "print(r.bundled('questionnaires'))\n"
        "print(r.installed())\n"
    )
    proc = subprocess.run(
        [str(installed.bin / "python"), "-c", code],
        cwd=installed.work,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    package, app, questionnaires, flag = proc.stdout.splitlines()
    venv = installed.venv.resolve()
    for path in (package, app, questionnaires):
        assert Path(path).resolve().is_relative_to(venv), path
        assert not Path(path).resolve().is_relative_to(ROOT), path
    assert flag == "True"


def test_the_installed_command_line_works(installed: Installed) -> None:
    proc = installed.run("--version")
    assert (proc.returncode, proc.stdout) == (0, f"crm-readiness {__version__}\n")

    proc = installed.run("validate", "crm-readiness", "executive-quick-check")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("OK ") for line in lines)
    assert all("assessment/bundled/questionnaires" in Path(line[3:]).as_posix() for line in lines)

    proc = installed.run("show", "crm-readiness", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "crm-readiness"

    proc = installed.run("template", "executive-quick-check")
    assert proc.returncode == 0, proc.stderr
    assert "questionnaire: executive-quick-check" in proc.stdout

    responses = installed.work / "answers.yaml"
    responses.write_text(RESPONSES, encoding="utf-8")
    proc = installed.run("score", "--questionnaire", "executive-quick-check", str(responses))
    assert proc.returncode == 0, proc.stderr
    assert "Organisation: Lindqvist & Hart" in proc.stdout
    assert "Verdict: READY" in proc.stdout

    out = installed.work / "out.html"
    proc = installed.run(
        "report", "--questionnaire", "executive-quick-check", str(responses), "-o", "out.html"
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "Wrote out.html\n", "")
    html = out.read_text(encoding="utf-8")
    assert "Lindqvist &amp; Hart" in html
    assert "plotly" in html or "<svg" in html


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - a local test server
        return r.status, r.read()


@contextmanager
def serving(installed: Installed, db: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`crm-readiness serve` on a free port, healthy; killed with its child at the end."""
    port = free_port()
    log = installed.work / f"serve-{port}.log"
    cmd = [str(installed.bin / "crm-readiness"), "serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*cmd, "--database", f"sqlite:///{db}"],
            cwd=installed.work,
            env=installed.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = b""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = _get(f"{base}/_stcore/health")[1]
                if health == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        assert health == b"ok", log.read_text(errors="replace")
        yield base, server, log
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_installed_app_serves(installed: Installed) -> None:
    db = installed.work / "db.sqlite"
    with serving(installed, db) as (base, server, log):
        status, page = _get(f"{base}/")
        assert status == 200 and b"<html" in page.lower()
        port = base.rsplit(":", 1)[1]
        first = log.read_text().splitlines()[0]
        assert (
            first == f"Serving CRM Readiness on http://localhost:{port} (database: sqlite:///{db})"
        )
        server.terminate()  # serve passes it on to the streamlit child
        assert server.wait(timeout=30) in (0, 143)
        with pytest.raises(OSError):
            _get(f"{base}/_stcore/health")


@pytest.mark.browser
def test_the_installed_app_shows_its_pages(installed: Installed, browser: Any) -> None:
    """The pages resolve inside site-packages: Home renders, and a click opens a page."""
    with serving(installed, installed.work / "browser.sqlite") as (base, _server, log):
        page = browser.new_page()
        try:
            page.goto(f"{base}/")
            settle(page)
            page.get_by_text("Is your organisation ready for CRM?").wait_for()
            page.goto(f"{base}/questionnaires")
            settle(page)
            assert page.url.endswith("/questionnaires")
            assert page.get_by_text("Executive quick check").count() > 0
            assert page.get_by_text("Something went wrong").count() == 0
        finally:
            page.close()
        assert "Traceback" not in log.read_text(errors="replace")
